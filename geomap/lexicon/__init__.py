"""Language data: every word list geomap's rules read, apart from the rules (as spaCy's ``lang/``).

The lists live in ``en.yaml`` beside this module, one documented entry each; :func:`lexicon`
loads them once per process. A list is written as words separated by spaces; a word may be
listed once only, and the loader refuses a file whose keys differ from :class:`Lexicon`'s
fields, so a misspelt or forgotten list fails loudly instead of matching nothing.

>>> from geomap.lexicon import lexicon
>>> "stadium" in lexicon().venue_words
True
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .._yaml import safe_load


@dataclass(frozen=True, slots=True, kw_only=True)
class Lexicon:
    """The word lists of one language (see ``en.yaml`` for what each one is for)."""

    venue_words: frozenset[str]
    sited_venue_words: frozenset[str]
    mission_words: frozenset[str]
    org_words: frozenset[str]
    institution_words: frozenset[str]
    state_institution_words: frozenset[str]
    vehicle_words: frozenset[str]
    street_words: frozenset[str]
    street_venues: frozenset[str]
    possessive_venues: frozenset[str]
    water_words: frozenset[str]
    terrain_words: frozenset[str]
    island_words: frozenset[str]
    admin_words: frozenset[str]
    division_adjectives: frozenset[str]
    compass_adjectives: frozenset[str]
    town_kinds: frozenset[str]
    settlement_words: frozenset[str]
    area_of_words: frozenset[str]
    apposed_settlements: frozenset[str]
    city_parts: frozenset[str]
    town_references: frozenset[str]
    large_area_kinds: frozenset[str]
    connectors: frozenset[str]
    name_particles: frozenset[str]
    dashes: frozenset[str]
    locative_prepositions: frozenset[str]
    origin_prepositions: frozenset[str]
    near_words: frozenset[str]
    honorifics: frozenset[str]
    name_titles: frozenset[str]
    offices: frozenset[str]
    state_nouns: frozenset[str]
    storm_kinds: frozenset[str]
    additive_adverbs: frozenset[str]
    other_event_words: frozenset[str]
    ordinal_words: frozenset[str]
    hypothetical_modals: frozenset[str]
    time_back_words: frozenset[str]
    time_units_long: frozenset[str]
    stop_words: frozenset[str]
    abbreviations: frozenset[str]
    day_words: frozenset[str]
    date_words: frozenset[str]
    feature_first: dict[str, str]
    bearings: dict[str, float]
    month_numbers: dict[str, int]
    distance_units_km: dict[str, float]

    @property
    def month_names(self) -> frozenset[str]:
        """The months' names (the keys of ``month_numbers``)."""
        return frozenset(self.month_numbers)


def _words(name: str, value: object) -> frozenset[str]:
    if not isinstance(value, str):
        raise ValueError(f"lexicon list {name!r} must be a string of words")
    words = value.split()
    repeated = sorted({w for w in words if words.count(w) > 1})
    if repeated:
        raise ValueError(f"lexicon list {name!r} lists {', '.join(repeated)} more than once")
    return frozenset(words)


def parse(data: dict) -> Lexicon:
    """Check a lexicon's data and build it.

    Parameters
    ----------
    data : dict
        The lists by name, as read from YAML.

    Returns
    -------
    Lexicon

    Raises
    ------
    ValueError
        A list is missing, unknown, repeats a word, or is not a string of words.
    """
    fields = {f.name: f for f in dataclasses.fields(Lexicon)}
    unknown, missing = sorted(set(data) - set(fields)), sorted(set(fields) - set(data))
    if unknown or missing:
        raise ValueError(f"lexicon: unknown lists {unknown}, missing lists {missing}")
    values = {}
    for name, value in data.items():
        if fields[name].type.startswith("frozenset"):
            values[name] = _words(name, value)
        else:
            values[name] = dict(value)
    return Lexicon(**values)


@cache
def lexicon(language: str = "en") -> Lexicon:
    """The word lists of ``language``, loaded once per process.

    Parameters
    ----------
    language : str, default "en"
        The language's code; its data is ``geomap/lexicon/<language>.yaml``.

    Returns
    -------
    Lexicon
    """
    text = resources.files(__package__).joinpath(f"{language}.yaml").read_text(encoding="utf-8")
    return parse(safe_load(text))
