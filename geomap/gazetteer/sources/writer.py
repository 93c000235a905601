"""What every reader of a source writes with: the kinds of names, the :class:`Builder`, packaged files.

A place gets the next id in the order the readers add places, so the order in which
:func:`geomap.gazetteer.build.build` runs them is part of the gazetteer's content.
"""

from __future__ import annotations

import csv
import re
import sqlite3
from importlib import resources
from pathlib import Path

from ...errors import GazetteerError
from .._names import normalize, plain_name

# kinds of names (column names.kind)
#: the version of the gazetteer file's schema: a new one is built beside an old one
SCHEMA_VERSION = 26
NAME, ALT, ABBR, DEMONYM = 0, 1, 2, 3
#: the kinds of names by their label in our CSV lists (``kind`` column)
KINDS = {"alt": ALT, "abbr": ABBR, "demonym": DEMONYM}

#: the Arabic article joined by a hyphen ("Al-Haouz", "El-Fasher", "Ad-Dawr"), often written with a space
_ARTICLE_HYPHEN = re.compile(r"^(A[dlnrstz]|E[dlnrstz]|Ash|As|Ad)-(?=[A-Z])")


def package_file(package: str, *parts: str) -> Path:
    """The path of a data file of an installed package.

    Raises
    ------
    GazetteerError
        If the package is not installed.
    """
    try:
        root = resources.files(package)
    except ModuleNotFoundError as exc:
        raise GazetteerError(f"the package {package!r} is needed to build the gazetteer: {exc}") from exc
    return Path(str(root.joinpath(*parts)))


def resource_rows(name: str) -> list[dict[str, str]]:
    """The rows of one of our CSV lists in ``geomap/resources`` (``#`` lines are comments)."""
    text = resources.files("geomap.resources").joinpath(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


def slug(name: str) -> str:
    """A name folded for an id: ``"Gulf of Aden"`` -> ``gulf-of-aden``."""
    return normalize(name).replace(" ", "-")


def _plural(demonym: str) -> str | None:
    low = demonym.lower()
    if low.endswith(("s", "sh", "ch", "ese", "ss", "x", "z")) or " " in demonym and low.endswith("ese"):
        return None
    return demonym + "s"


class Builder:
    """Writes places and their names into a gazetteer being built, each name once.

    Parameters
    ----------
    con : sqlite3.Connection
        The database, with the gazetteer's tables made.
    """

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self.next_id = 1
        self.names: set[tuple[str, int, int]] = set()
        self.name_rows: list[tuple[str, int, int, str | None]] = []

    def place(
        self,
        gid: str,
        name: str,
        feature: str,
        cc: str | None,
        admin1: str | None,
        lat: float,
        lon: float,
        population: int | None,
        precision_km: float,
        capital: bool = False,
        named: bool = True,
    ) -> int:
        """Add a place (and, if ``named``, its name) and return its id."""
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
        """Give place ``pid`` the name ``text`` of ``kind`` (a name folds to under two letters: none)."""
        key = normalize(text)
        if len(key) < 2 or (key, pid, kind) in self.names:
            return
        self.names.add((key, pid, kind))
        self.name_rows.append((key, pid, kind, text if kind == ABBR else None))

    def listed_name(self, text: str, pid: int, kind: int) -> None:
        """A name from our lists: a demonym comes with its plural ("Texan", "Texans")."""
        self.name(text, pid, kind)
        if kind == DEMONYM and (plural := _plural(text)):
            self.name(plural, pid, DEMONYM)

    def plural_demonyms(self) -> None:
        """The plurals of every demonym given so far ("Ukrainians")."""
        for key, pid, kind in list(self.names):
            if kind == DEMONYM and (plural := _plural(key)):
                self.name(plural, pid, DEMONYM)

    def flush(self) -> None:
        """Write the names given so far."""
        self.con.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?,?)", self.name_rows)
        self.name_rows.clear()
