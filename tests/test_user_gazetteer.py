"""User gazetteers: any vector format GDAL reads, any CRS, a GeoDataFrame; clear errors for bad ones."""

from __future__ import annotations

import json
import subprocess
import sys

import geopandas as gpd
import pytest
from shapely.geometry import Point, Polygon

from geomap._geo import haversine_km
from geomap.errors import InputError
from geomap.geocoders import UserGazetteer

STORY = "A stampede at the Zephyr Arena in Lagos killed four people on Saturday."
ARENA = (6.4531, 3.3958)  # lat, lon: our own venue, in Lagos


def _arena_frame(crs: str = "EPSG:4326") -> gpd.GeoDataFrame:
    gdf = gpd.GeoDataFrame(
        {"name": ["Zephyr Arena"], "aliases": ["the Zephyr|Zephyr Stadium"], "country": ["NG"], "id": ["zephyr"]},
        geometry=[Point(ARENA[1], ARENA[0])],
        crs="EPSG:4326",
    )
    return gdf.to_crs(crs)


def _arena_in(gdf) -> tuple[float, float]:
    row = gdf[gdf["place"] == "Zephyr Arena"].iloc[0]
    assert row["gazetteer_id"] == "user:zephyr"
    return row.geometry.y, row.geometry.x


@pytest.mark.parametrize(
    "name, crs, driver",
    [
        ("venues.gpkg", "EPSG:4326", "GPKG"),
        ("venues.gpkg", "EPSG:3857", "GPKG"),  # web mercator metres, reprojected
        ("venues.geojson", "EPSG:4326", "GeoJSON"),
        ("venues.fgb", "EPSG:32631", "FlatGeobuf"),  # UTM zone 31N
        ("venues.shp", "EPSG:3857", "ESRI Shapefile"),
    ],
)
def test_any_vector_format_and_crs(tmp_path, parse, name, crs, driver):
    path = tmp_path / name
    _arena_frame(crs).to_file(path, driver=driver, engine="pyogrio")
    lat, lon = _arena_in(parse(STORY, user_gazetteer=path))
    assert haversine_km(lat, lon, *ARENA) < 0.01


def test_a_geojson_in_web_mercator_with_a_crs_member(tmp_path, parse):
    x, y = _arena_frame("EPSG:3857").geometry.iloc[0].coords[0]
    data = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}},
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "Zephyr Arena", "id": "zephyr"},
                "geometry": {"type": "Point", "coordinates": [x, y]},
            }
        ],
    }
    path = tmp_path / "mercator.geojson"
    path.write_text(json.dumps(data))
    lat, lon = _arena_in(parse(STORY, user_gazetteer=path))
    assert haversine_km(lat, lon, *ARENA) < 0.01


def test_a_geodataframe_and_a_polygon_stand_for_their_places(parse):
    gdf = _arena_frame()
    ring = Polygon([(3.39, 6.45), (3.40, 6.45), (3.40, 6.46), (3.39, 6.46)])
    gdf.loc[1] = ["Kestrel Hall", None, "NG", "kestrel", ring]
    found = parse(STORY + " Survivors sheltered in Kestrel Hall.", user_gazetteer=gdf)
    lat, lon = _arena_in(found)
    assert haversine_km(lat, lon, *ARENA) < 0.01
    hall = found[found["place"] == "Kestrel Hall"].iloc[0].geometry
    assert ring.contains(hall)  # a point inside the polygon
    assert list(found[found["place"] == "Zephyr Arena"]["country"]) == ["NG"]


def test_aliases_as_text_or_a_list(tmp_path):
    gaz = UserGazetteer(_arena_frame())
    assert gaz("Zephyr Stadium") and gaz("the Zephyr")
    data = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "Zephyr Arena", "aliases": ["Zephyr Stadium", "ZA"]},
                "geometry": {"type": "Point", "coordinates": [3.3958, 6.4531]},
            }
        ],
    }
    path = tmp_path / "list.geojson"
    path.write_text(json.dumps(data))
    assert UserGazetteer(path)("ZA")


def _geojson(tmp_path, features) -> str:
    path = tmp_path / "bad.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda t: _geojson(t, [1, 2]), "cannot read gazetteer|no 'name'"),
        (lambda t: _geojson(t, [{"type": "Feature", "properties": [1], "geometry": None}]), "cannot read|no 'name'"),
        (
            lambda t: _geojson(t, [{"type": "Feature", "properties": {"name": "X"}, "geometry": "point"}]),
            "cannot read|no valid lat/lon",
        ),
        (
            lambda t: _geojson(
                t,
                [
                    {
                        "type": "Feature",
                        "properties": {"name": "X", "aliases": 5},
                        "geometry": {"type": "Point", "coordinates": [1, 2]},
                    }
                ],
            ),
            "aliases",
        ),
        (lambda t: _write(t, "v.csv", "name,lat,lon,precision_km\nX,1,2,inf\n"), "precision_km"),
        (lambda t: _write(t, "v.csv", "name,lat,lon,precision_km\nX,1,2,nan\n"), "precision_km"),
        (lambda t: _write(t, "v.csv", "name,lat,lon,precision_km\nX,1,2,-3\n"), "precision_km"),
        (lambda t: _write(t, "v.csv", "name,lat,lon,country\nX,1,2,ZZZ\n"), "ISO 3166-1"),
        (lambda t: _write(t, "v.csv", "name,lat,lon,country\nX,1,2,ZZ\n"), "ISO 3166-1"),
        (lambda t: _write(t, "v.csv", "place,lat,lon\nX,1,2\n"), "no 'name' column"),
        (lambda t: _write(t, "v.gpkg", "not a geopackage"), "cannot read gazetteer"),
        (lambda t: _write(t, "v.geojson", ""), "cannot read gazetteer"),
        (lambda t: gpd.GeoDataFrame({"title": ["X"]}, geometry=[Point(1, 2)], crs=4326), "no 'name' column"),
    ],
)
def test_bad_gazetteers_are_one_clear_error(tmp_path, make, message):
    with pytest.raises(InputError, match=message):
        UserGazetteer(make(tmp_path))


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_the_command_reads_a_geopackage_and_refuses_a_bad_file(tmp_path):
    path = tmp_path / "venues.gpkg"
    _arena_frame("EPSG:3857").to_file(path, driver="GPKG", engine="pyogrio")
    cmd = [sys.executable, "-m", "geomap", "export", "-", "--gazetteer"]
    r = subprocess.run([*cmd, str(path)], input=STORY, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "Zephyr Arena" in [f["properties"]["place"] for f in json.loads(r.stdout)["features"]]
    bad = _write(tmp_path, "bad.gpkg", "not a geopackage")
    r = subprocess.run([*cmd, str(bad)], input=STORY, capture_output=True, text=True, timeout=300)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
