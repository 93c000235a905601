"""Airports: every airport with an IATA code (``airportsdata``), a venue under the names news gives it."""

from __future__ import annotations

import csv
import re
from collections import Counter

from .._names import normalize
from .writer import NAME, Builder, package_file

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
    kept only when no other airport has them, see :func:`add_airports`). Names without the word
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


def add_airports(b: Builder) -> None:
    """Airports with an IATA code (``airportsdata``), as venues under the names news gives them.

    A short form ("Heathrow Airport") that several airports would share is left out.
    """
    path = package_file("airportsdata", "airports.csv")
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
