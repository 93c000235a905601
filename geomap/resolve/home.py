"""The publication's home region (``near=``, ``--near``): a prior for the places of a local story.

A local paper's "Paris" is the one near it, as geopy's ``viewbox`` and ``country_codes`` bias an
online geocoder. geomap reads the home region as if the story had named it once: its country
votes in the story's country context, its first-level division counts as a division the story
names, and the place itself as a neighbour (:func:`geomap.resolve.choose.choose_all`). The
text still decides: "Paris, France" in a Texas paper is Paris, France.
"""

from __future__ import annotations

from ..errors import InputError
from ..gazetteer import ABBR, Entry, Gazetteer
from .features import Around, Story, ranked


def home_place(gazetteer: Gazetteer, text: str) -> Entry:
    """The gazetteer entry a home region names: "Texas", "Keene, New Hampshire", "Richmond, BC", "Canada".

    Parameters
    ----------
    gazetteer : Gazetteer
        The offline gazetteer.
    text : str
        A place name, optionally followed by its containers, comma-separated.

    Returns
    -------
    Entry
        The best match by the resolver's own features, the containers written after it counting
        as they do in a story ("Paris, Texas").

    Raises
    ------
    InputError
        When the gazetteer knows no such place.
    """
    parts = [p.strip() for p in str(text).split(",") if p.strip()]
    if not parts:
        raise InputError("near: give a place, e.g. 'Texas' or 'Keene, New Hampshire'")
    candidates = [c for c in gazetteer.lookup(parts[0]) if _written(c, parts[0]) and c.entry.country]
    parents: set[str] = set()
    for part in parts[1:]:
        found = {
            c.entry.country if c.entry.feature == "country" else (c.entry.admin1 or "").lower()
            for c in gazetteer.lookup(part)
            if _written(c, part) and c.entry.feature in ("country", "admin1")
        }
        if not found and part.isalpha() and len(part) <= 3:  # a postal or ISO 3166-2 code: "TX", "BC"
            found = {admin1.lower() for _, admin1 in gazetteer.divisions_coded(part)}
        if not found:
            raise InputError(f"near: no country or first-level division called {part!r} in the gazetteer")
        parents |= found
    if parents:
        candidates = [c for c in candidates if c.entry.country in parents or (c.entry.admin1 or "").lower() in parents]
    if not candidates:
        raise InputError(f"near: no place called {text!r} in a country in the gazetteer (a town, division or country)")
    return ranked(candidates, Around(parents=frozenset(parents)), Story())[0].match.entry


def _written(c, text: str) -> bool:
    """Whether a name as the user typed it stands for a gazetteer name ("NH" and "N.H." alike)."""
    return c.accepts(text) or (c.kind == ABBR and text.replace(".", "") == (c.surface or "").replace(".", ""))
