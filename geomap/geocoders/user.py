"""User gazetteer files: your own places, CSV or GeoJSON.

:class:`UserGazetteer` reads a user's own places (CSV or GeoJSON) that add to or override the
offline gazetteer: a newsroom's list of venues, a project's sites, corrected coordinates.
"""

from __future__ import annotations

import csv
import io
import json
import os
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


class UserGazetteer:
    """A user gazetteer: places with names, coordinates and optional aliases.

    A CSV needs the columns ``name``, ``lat`` and ``lon``; optional ``aliases`` (separated
    by ``|`` or ``;``), ``feature`` (default ``venue``), ``country`` (ISO alpha-2),
    ``precision_km`` and ``id``. A GeoJSON FeatureCollection of Points carries the same keys
    as properties (``aliases`` may be a list).

    Parameters
    ----------
    path : path-like
        The CSV or GeoJSON file.

    Raises
    ------
    InputError
        If the file is missing or a row lacks a name or valid coordinates.
    """

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise InputError(f"no such gazetteer file: {str(self.path)!r}")
        try:
            text = self.path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read gazetteer {str(self.path)!r}: {exc}") from None
        rows = self._geojson_rows(text) if self.path.suffix.lower() in (".geojson", ".json") else self._csv_rows(text)
        self._names: dict[str, list[NameMatch]] = {}
        self.entries: list[Entry] = []
        for i, row in enumerate(rows, start=1):
            entry = self._entry(row, i)
            self.entries.append(entry)
            aliases = row.get("aliases") or []
            if isinstance(aliases, str):
                aliases = [a for a in aliases.replace(";", "|").split("|")]
            for name in [entry.name, *aliases]:
                key = normalize(str(name))
                if key:
                    self._names.setdefault(key, []).append(NameMatch(entry, NAME))

    @staticmethod
    def _csv_rows(text: str) -> list[dict]:
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or not {"name", "lat", "lon"} <= {f.strip().lower() for f in reader.fieldnames}:
            raise InputError("a gazetteer CSV needs the columns name, lat and lon")
        return [{(k or "").strip().lower(): (v or "").strip() for k, v in row.items()} for row in reader]

    @staticmethod
    def _geojson_rows(text: str) -> list[dict]:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"gazetteer is not valid JSON: {exc}") from None
        if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
            raise InputError("a GeoJSON gazetteer must be a FeatureCollection")
        rows = []
        for f in data.get("features") or []:
            props = dict((f or {}).get("properties") or {})
            geom = (f or {}).get("geometry") or {}
            if geom.get("type") == "Point" and len(geom.get("coordinates") or []) >= 2:
                props["lon"], props["lat"] = geom["coordinates"][:2]
            rows.append(props)
        return rows

    def _entry(self, row: dict, i: int) -> Entry:
        name = str(row.get("name") or "").strip()
        if not name:
            raise InputError(f"{self.path.name}: place {i} has no name")
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except (KeyError, TypeError, ValueError):
            raise InputError(f"{self.path.name}: place {name!r} has no valid lat/lon") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise InputError(f"{self.path.name}: place {name!r} has coordinates out of range ({lat}, {lon})")
        feature = str(row.get("feature") or "venue").strip().lower()
        if feature not in _FEATURES:
            raise InputError(f"{self.path.name}: place {name!r} has unknown feature {feature!r}")
        try:
            precision = float(row.get("precision_km") or _DEFAULT_PRECISION[feature])
        except ValueError:
            raise InputError(f"{self.path.name}: place {name!r} has an invalid precision_km") from None
        ident = str(row.get("id") or normalize(name).replace(" ", "-"))
        country = str(row.get("country") or "").strip().upper() or None
        return Entry(-i, f"user:{ident}", name, feature, country, None, lat, lon, 0, precision, False)

    def __call__(self, text: str) -> list[NameMatch]:
        """The user's places known under ``text`` (a name as written)."""
        return self._names.get(normalize(text), [])

    def __len__(self) -> int:
        return len(self.entries)
