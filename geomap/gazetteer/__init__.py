"""The embedded offline gazetteer: a read-only SQLite index of places and their names.

``Gazetteer.open()`` opens the default index, building it once from installed packages when
it is missing (see :mod:`geomap.gazetteer.build`). Lookups are by folded name
(:func:`normalize`).
"""

from __future__ import annotations

import functools
import os
import sqlite3
import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ..errors import GazetteerError
from ._names import normalize
from .sources.writer import ABBR, ALT, DEMONYM, NAME, SCHEMA_VERSION

__all__ = ["Entry", "Feature", "Gazetteer", "normalize", "default_path", "NAME", "ALT", "ABBR", "DEMONYM"]


class Feature(StrEnum):
    """What kind of place an entry is (a ``str``: ``Feature.CITY == "city"``); the table's ``feature`` column."""

    COUNTRY = "country"
    #: a first-level division: a state, province, region of a country
    ADMIN1 = "admin1"
    #: a second-level division: a county, district
    ADMIN2 = "admin2"
    CITY = "city"
    #: a building, facility or landmark
    VENUE = "venue"
    #: a region of the world, a landform, an island
    REGION = "region"
    #: a sea, lake or river
    WATER = "water"
    #: a place only the text names, of no known kind
    OTHER = "other"


@dataclass(frozen=True)
class Entry:
    """One place of the gazetteer."""

    id: int
    gazetteer_id: str
    name: str
    feature: str  # a Feature
    country: str | None
    admin1: str | None
    lat: float
    lon: float
    population: int
    precision_km: float
    capital: bool = False


@dataclass(frozen=True)
class NameMatch:
    """A gazetteer entry found under a name, with how the name relates to it."""

    entry: Entry
    kind: int  # NAME, ALT, ABBR or DEMONYM
    surface: str | None = None  # abbreviations match only as written ("US", not "us")
    key: str | None = None  # the folded name that matched, for an alternate name ("misrata" for Misratah)

    @property
    def spelling(self) -> bool:
        """Whether an alternate name is a spelling of the place's own name.

        "Misrata" for Misratah, "Douma" for Dūmā, "Newcastle" for Newcastle upon Tyne are; "Julia"
        (one of Plovdiv's names in GeoNames) or "Bombay" for Mumbai are not.
        """
        return self.kind == ALT and _similar(self.key or "", self.entry.name)

    def accepts(self, text: str) -> bool:
        """Whether ``text`` as written in the article may stand for this name.

        Parameters
        ----------
        text : str
            The name as the article writes it.

        Returns
        -------
        bool
            False for an abbreviation written otherwise ("us" for "US", "Ind" for "Ind.").
        """
        if self.surface is None:
            return True
        if self.surface.endswith(".") and not text.endswith("."):
            return False  # "Ky." and "Ind." only with their dot: "Ind" is not Indiana
        return text.replace(".", "") == self.surface.replace(".", "")


#: names whose entries a gazetteer keeps in memory (about 0.5 kB each) before it forgets them all
MAX_CACHED = 100_000


@functools.lru_cache(maxsize=65536)
def _similar(key: str, name: str) -> bool:
    """Whether a folded name and a place's own name are spelled alike (difflib ratio 0.6 or more)."""
    from difflib import SequenceMatcher

    return SequenceMatcher(None, key, normalize(name)).ratio() >= 0.6


def default_path() -> Path:
    """Where the default gazetteer lives: ``$GEOMAP_GAZETTEER``, else the user cache folder."""
    env = os.environ.get("GEOMAP_GAZETTEER")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "geomap" / f"gazetteer-v{SCHEMA_VERSION}.sqlite"


_COLUMNS = "id, gid, name, feature, cc, admin1, lat, lon, population, precision_km, capital"


def _entry(row) -> Entry:
    return Entry(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9], bool(row[10]))


class _Rows:
    """The rows of one query, read in full (a damaged file fails here, not later)."""

    def __init__(self, rows: list):
        self._rows = rows

    def fetchone(self):
        """The first row, or None."""
        return self._rows[0] if self._rows else None

    def fetchall(self) -> list:
        """Every row."""
        return self._rows


class _Connection:
    """A read-only SQLite connection whose errors are :class:`GazetteerError` (exit code 3).

    A file with a valid header and damaged pages opens, then fails in the middle of a lookup:
    the user is told the gazetteer is damaged and how to rebuild it, not shown a traceback.
    """

    def __init__(self, path: Path):
        self.path = path
        self._con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)

    def execute(self, sql: str, params=()) -> _Rows:
        """Run a query and read all its rows."""
        try:
            return _Rows(self._con.execute(sql, params).fetchall())
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(
                f"the gazetteer {str(self.path)!r} is damaged ({exc}); rebuild it with 'geomap gazetteer build'"
            ) from None


class Gazetteer:
    """Read-only access to a gazetteer file.

    Parameters
    ----------
    path : path-like
        The SQLite file written by :func:`geomap.gazetteer.build.build`.
    """

    _default: Gazetteer | None = None

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise GazetteerError(f"no gazetteer at {str(self.path)!r}; build one with 'geomap gazetteer build'")
        try:
            self._con = _Connection(self.path)
            version = self._con._con.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(f"{str(self.path)!r} is not a geomap gazetteer: {exc}") from None
        if not version or int(version[0]) != SCHEMA_VERSION:
            raise GazetteerError(f"{str(self.path)!r} has an old format; rebuild it with 'geomap gazetteer build'")
        self._cache: dict[str, list[NameMatch]] = {}
        self._codes: dict[tuple[str, str], str | None] = {}

    @classmethod
    def open(cls) -> Gazetteer:
        """The default gazetteer, built on first use (about a minute, once) and then shared."""
        if cls._default is None:
            path = default_path()
            if path.exists() and not path.is_file():
                raise GazetteerError(f"the gazetteer path {str(path)!r} is not a file (GEOMAP_GAZETTEER names a file)")
            if not path.is_file():
                from .build import build  # the data sources, and numpy, only when a build is needed

                print(f"geomap: building the offline gazetteer at {path} (once, about 20 seconds)...", file=sys.stderr)
                build(path)
            cls._default = cls(path)
        return cls._default

    def lookup(self, name: str) -> list[NameMatch]:
        """All entries known under ``name`` (folded), best kind of name first."""
        key = normalize(name)
        if key not in self._cache:
            self.lookup_many([key])
        return self._cache.get(key, [])

    def lookup_many(self, keys) -> dict[str, list[NameMatch]]:
        """Look up many folded keys at once; returns only the keys found."""
        keys = set(keys)
        missing = [k for k in keys if k not in self._cache]
        if len(self._cache) + len(missing) > MAX_CACHED:  # a long batch: start again rather than grow without end
            self._cache.clear()
            missing = list(keys)
        for i in range(0, len(missing), 500):
            chunk = missing[i : i + 500]
            for k in chunk:
                self._cache[k] = []
            rows = self._con.execute(
                f"SELECT n.key, n.kind, n.surface, {', '.join('p.' + c for c in _COLUMNS.split(', '))} "
                f"FROM names n JOIN places p ON p.id = n.place WHERE n.key IN ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
            best: dict[tuple[str, int], NameMatch] = {}
            for row in rows:
                match = NameMatch(_entry(row[3:]), row[1], row[2], row[0] if row[1] == ALT else None)
                seen = best.get((row[0], match.entry.id))
                if seen is None or match.kind < seen.kind:
                    best[(row[0], match.entry.id)] = match
            for (key, _), match in best.items():
                self._cache[key].append(match)
        out = {}
        for k in keys:
            if self._cache.get(k):
                out[k] = self._cache[k]
        return out

    def by_id(self, gazetteer_id: str) -> Entry | None:
        """The entry with this ``gazetteer_id`` (e.g. ``geonames:524901``)."""
        row = self._con.execute(f"SELECT {_COLUMNS} FROM places WHERE gid = ?", (gazetteer_id,)).fetchone()
        return _entry(row) if row else None

    def country(self, code: str) -> Entry | None:
        """The country with ISO 3166-1 alpha-2 ``code``."""
        row = self._con.execute(
            f"SELECT {_COLUMNS} FROM places WHERE cc = ? AND feature = 'country'", (code.upper(),)
        ).fetchone()
        return _entry(row) if row else None

    def shapes(self, codes=None) -> list[tuple[str, str, str]]:
        """Simplified country outlines as (ISO code, name, GeoJSON geometry text); all, or those of ``codes``."""
        if codes is None:
            return self._con.execute("SELECT cc, name, geometry FROM shapes ORDER BY cc").fetchall()
        codes = sorted({c.upper() for c in codes if c})
        return self._con.execute(
            f"SELECT cc, name, geometry FROM shapes WHERE cc IN ({','.join('?' * len(codes))})", codes
        ).fetchall()

    def outline(self, feature: str, country: str | None, admin1: str | None = None) -> str | None:
        """The simplified outline (GeoJSON geometry text) of a country or first-level division, if there is one.

        Parameters
        ----------
        feature : str
            ``country`` or ``admin1``; any other kind of place has none.
        country : str
            Its ISO 3166-1 code.
        admin1 : str, optional
            A division's name, as in :attr:`Entry.admin1`. Natural Earth outlines at 1:50m the
            states and provinces of the United States, Canada, Australia and Brazil only.
        """
        if feature == "country":
            rows = self.shapes([country]) if isinstance(country, str) else []
            return rows[0][2] if rows else None
        code = self.admin1_code(country, admin1) if feature == "admin1" else None
        row = (
            self._con.execute("SELECT geometry FROM division_shapes WHERE code = ?", (code,)).fetchone()
            if code
            else None
        )
        return row[0] if row else None

    def largest_city(self, code: str, admin1: str) -> Entry | None:
        """The most populous place of a first-level division (its capital, most often: the data lack seats).

        Parameters
        ----------
        code : str
            ISO code of the country.
        admin1 : str
            Name of the division, as in :attr:`Entry.admin1`.

        Returns
        -------
        Entry or None
            None when the gazetteer has no place in that division.
        """
        row = self._con.execute(
            f"SELECT {_COLUMNS} FROM places WHERE cc = ? AND feature = 'city' AND admin1 = ? "
            "ORDER BY population DESC LIMIT 1",
            (code.upper(), admin1),
        ).fetchone()
        return _entry(row) if row else None

    def stats(self) -> tuple[int, dict[str, int]]:
        """How many names the gazetteer holds, and how many places of each feature (most first)."""
        rows = self._con.execute("SELECT feature, count(*) FROM places GROUP BY feature ORDER BY 2 DESC").fetchall()
        names = self._con.execute("SELECT count(*) FROM names").fetchone()[0]
        return names, dict(rows)

    def admin1_code(self, country: str | None, admin1: str | None) -> str | None:
        """The ISO 3166-2 code of a first-level division, named as in :attr:`Entry.admin1` ("US-TX")."""
        if not country or not admin1:
            return None
        key = (country.upper(), admin1)
        if key not in self._codes:
            row = self._con.execute("SELECT code FROM admin1_codes WHERE cc = ? AND admin1 = ?", key).fetchone()
            self._codes[key] = row[0] if row else None
        return self._codes[key]

    def divisions_coded(self, code: str) -> list[tuple[str, str]]:
        """(country, division name) of the first-level divisions whose ISO 3166-2 code is or ends in ``code`` ("TX")."""
        code = code.upper()
        rows = self._con.execute(
            "SELECT cc, admin1 FROM admin1_codes WHERE code = ? OR code LIKE ?", (code, "%-" + code)
        ).fetchall()
        return [(cc, admin1) for cc, admin1 in rows]

    def capital(self, code: str) -> Entry | None:
        """The national capital of the country with ISO code ``code``."""
        row = self._con.execute(
            f"SELECT {_COLUMNS} FROM places WHERE cc = ? AND feature = 'city' AND capital = 1", (code.upper(),)
        ).fetchone()
        return _entry(row) if row else None
