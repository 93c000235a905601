"""The places table: schema, lossless GeoJSON round trip, RFC 7946, other formats."""

from __future__ import annotations

import json
import math

import geopandas as gpd
import pytest
from geopandas.testing import assert_geodataframe_equal

from geomap.errors import InputError, OutputError
from geomap.table import COLUMNS, SCHEMA, from_geojson_dict, read_geojson, to_geojson, to_geojson_dict, write_table

TEXT = (
    "date 2023-02-06\nQuake devastates Gaziantep\n\nA powerful earthquake struck near Gaziantep in southern "
    "Turkey on Monday, killing hundreds. Syrian officials reported damage in Aleppo. Rescue teams from "
    "Greece arrived in Ankara. The town of Qwertzhausen was also mentioned."
)


@pytest.fixture(scope="module")
def gdf(parse):
    return parse(TEXT, id="quake")


def test_schema_columns_types_and_crs(gdf):
    assert list(gdf.columns) == COLUMNS
    assert gdf.crs.to_epsg() == 4326
    assert set(gdf["article"]) == {"quake"} and set(gdf["date"]) == {"2023-02-06"}
    assert set(gdf["title"]) == {"Quake devastates Gaziantep"}
    assert gdf["precision_km"].dtype == "float64" and gdf["confidence"].dtype == "float64"
    for _, row in gdf.iterrows():
        assert isinstance(row["mentions"], list) and isinstance(row["roles"], list)
        assert row["role"] == row["roles"][0]
        assert row["feature"] in {"country", "admin1", "admin2", "city", "venue", "region", "water", "other"}


def test_lon_lat_order(gdf):
    g = gdf[gdf["place"] == "Gaziantep"].iloc[0].geometry
    assert 36.5 < g.y < 37.5 and 37 < g.x < 38  # lat 37.06, lon 37.38


def test_geojson_round_trip_is_lossless(gdf, tmp_path):
    path = tmp_path / "quake.geojson"
    to_geojson(gdf, path)
    back = read_geojson(path)
    assert_geodataframe_equal(back, gdf, check_like=False)
    # and from the text form too
    assert_geodataframe_equal(from_geojson_dict(json.loads(to_geojson(gdf))), gdf)


def test_geojson_is_rfc7946(gdf):
    data = to_geojson_dict(gdf)
    assert data["type"] == "FeatureCollection" and "crs" not in data
    for f in data["features"]:
        assert f["type"] == "Feature" and set(f["properties"]) == set(SCHEMA)
        if f["geometry"] is not None:
            lon, lat = f["geometry"]["coordinates"]
            assert f["geometry"]["type"] == "Point" and -180 <= lon <= 180 and -90 <= lat <= 90
        assert isinstance(f["properties"]["evidence"], list)
    json.dumps(data, allow_nan=False)  # no NaN: valid JSON


def test_unresolved_place_has_null_geometry(gdf):
    rows = gdf[gdf["place"] == "Qwertzhausen"]
    assert len(rows) == 1
    row = rows.iloc[0]
    assert row.geometry is None and math.isnan(row["precision_km"])
    feat = [f for f in to_geojson_dict(gdf)["features"] if f["properties"]["place"] == "Qwertzhausen"][0]
    assert feat["geometry"] is None and feat["properties"]["precision_km"] is None


@pytest.mark.parametrize("ext", ["gpkg", "csv", "geojsonl", "parquet"])
def test_other_formats_keep_every_place(gdf, tmp_path, ext):
    path = tmp_path / f"quake.{ext}"
    write_table(gdf, path)
    if ext == "csv":
        import pandas as pd

        back = pd.read_csv(path)
        assert {"lon", "lat"} <= set(back.columns)
    elif ext == "geojsonl":
        lines = [json.loads(line.lstrip("\x1e")) for line in path.read_text().split("\n") if line]
        back = lines
    elif ext == "parquet":
        back = gpd.read_parquet(path)
        assert back.crs.to_epsg() == 4326
    else:
        back = gpd.read_file(path)
        assert back.crs.to_epsg() == 4326
    assert len(back) == len(gdf)
    if ext in ("csv", "gpkg"):  # no list type: JSON text
        assert json.loads(back["roles"].iloc[0]) == gdf["roles"].iloc[0]
    if ext == "parquet":  # Parquet lists
        assert list(back["roles"].iloc[0]) == gdf["roles"].iloc[0]


def test_no_overwrite_without_force_and_no_partial_files(gdf, tmp_path):
    path = tmp_path / "out.geojson"
    path.write_text("precious")
    with pytest.raises(OutputError, match="exists"):
        write_table(gdf, path)
    assert path.read_text() == "precious"
    write_table(gdf, path, overwrite=True)
    assert_geodataframe_equal(read_geojson(path), gdf)
    assert [p.name for p in tmp_path.iterdir()] == ["out.geojson"]


def test_bad_geojson_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.geojson"
    bad.write_text("{not json")
    with pytest.raises(InputError, match="cannot read"):
        read_geojson(bad)
    bad.write_text(json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}}]}))
    with pytest.raises(InputError, match="not a geomap place"):
        read_geojson(bad)
    with pytest.raises(InputError, match="unknown format"):
        write_table(None, tmp_path / "x.geojson", fmt="kml")
