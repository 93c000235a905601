"""The lexicon: every word list in one data file, checked against each other."""

from __future__ import annotations

import dataclasses

import pytest

from geomap.lexicon import Lexicon, lexicon, parse

LEX = lexicon()

#: lists that must share no word: a word in both would make one name two contradicting things
DISJOINT = [
    ("water_words", "terrain_words"),  # a feature is water or land
    ("org_words", "water_words"),
    ("org_words", "terrain_words"),
    ("org_words", "admin_words"),
    ("org_words", "settlement_words"),
    ("org_words", "vehicle_words"),
    ("vehicle_words", "venue_words"),  # "the ferry Estonia" is no building
    ("vehicle_words", "admin_words"),
    ("honorifics", "venue_words"),
    ("honorifics", "admin_words"),
    ("connectors", "venue_words"),
    ("connectors", "admin_words"),
    ("stop_words", "admin_words"),
    ("stop_words", "water_words"),
    ("stop_words", "org_words"),
    ("locative_prepositions", "connectors"),
    ("name_particles", "connectors"),  # the particles are what the connectors lack
]

#: lists that are kinds of another list's words
SUBSETS = [
    ("street_venues", "street_words"),
    ("apposed_settlements", "settlement_words"),
    ("city_parts", "settlement_words"),
    ("institution_words", "venue_words | org_words"),
    ("sited_venue_words", "venue_words"),
]


@pytest.mark.parametrize(("a", "b"), DISJOINT)
def test_lists_that_must_not_overlap(a, b):
    assert not getattr(LEX, a) & getattr(LEX, b), f"{a} and {b} share words"


@pytest.mark.parametrize(("small", "large"), SUBSETS)
def test_lists_that_are_kinds_of_others(small, large):
    whole = frozenset().union(*(getattr(LEX, name.strip()) for name in large.split("|")))
    assert getattr(LEX, small) <= whole, f"{small} has words outside {large}: {sorted(getattr(LEX, small) - whole)}"


def test_words_are_lowercase_and_single():
    for f in dataclasses.fields(Lexicon):
        value = getattr(LEX, f.name)
        if isinstance(value, frozenset):
            assert all(w == w.lower() and w.strip() == w for w in value), f.name


def test_loaded_once():
    assert lexicon() is lexicon()


def _data() -> dict:
    return {f.name: getattr(LEX, f.name) for f in dataclasses.fields(Lexicon)}


def test_a_word_listed_twice_is_refused():
    data = {k: " ".join(v) if isinstance(v, frozenset) else v for k, v in _data().items()}
    data["org_words"] += " institute institute"
    with pytest.raises(ValueError, match="institute more than once"):
        parse(data)


def test_unknown_or_missing_lists_are_refused():
    data = {k: " ".join(v) if isinstance(v, frozenset) else v for k, v in _data().items()}
    data["venue_wrods"] = data.pop("venue_words")
    with pytest.raises(ValueError, match="venue_wrods") as err:
        parse(data)
    assert "venue_words" in str(err.value)
