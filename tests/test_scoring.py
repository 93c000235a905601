"""Resolution's named features, its scorer and policies, on synthetic candidates; and geomap explain."""

from __future__ import annotations

from collections import Counter

import pytest
from candidates import candidate

from geomap.gazetteer import ALT, DEMONYM
from geomap.mentions import Mention, MentionKind
from geomap.resolve.choose import POLICIES, choose, well_known_over_namesake
from geomap.resolve.features import (
    EMBEDDED_FEATURES,
    FEATURES,
    STORY_FEATURES,
    Around,
    Story,
    confidence,
    ranked,
    score,
    settings,
)


def _mention(*candidates, kind=MentionKind.NAME) -> Mention:
    return Mention(text="Paris", start=0, end=5, tok_start=0, tok_end=1, kind=kind, candidates=list(candidates))


def test_every_feature_has_a_weight_and_every_weight_a_feature():
    assert set(settings()["weights"]) == set(FEATURES)
    assert set(STORY_FEATURES) <= set(FEATURES) and set(EMBEDDED_FEATURES) <= set(FEATURES)


def test_a_score_is_the_sum_of_its_named_contributions():
    c = candidate("Paris", population=2_100_000, capital=True, country="FR")
    s = score(c, Around(), Story())
    weights = settings()["weights"]
    assert dict(s.terms)["capital"] == weights["capital"]
    assert s.score == pytest.approx(sum(t for _, t in s.terms))
    assert {"population", "feature_city", "capital", "kind_name"} == {n for n, _ in s.terms}


def test_the_container_written_after_a_name_chooses_the_namesake():
    # "Paris, Texas": the written parent outweighs the capital's population
    france = candidate("Paris", population=2_100_000, capital=True, country="FR", admin1="Ile-de-France")
    texas = candidate("Paris", population=25_000, country="US", admin1="Texas")
    plain = ranked([france, texas], Around(), Story())
    assert plain[0].match is france
    written = ranked([france, texas], Around(parents=frozenset({"texas"})), Story())
    assert written[0].match is texas and dict(written[0].terms)["written_parent"] > 0


def test_the_story_s_countries_and_neighbours_count():
    a = candidate("Springfield", population=60_000, country="US", admin1="Illinois", id=1)
    b = candidate("Springfield", population=160_000, country="US", admin1="Missouri", id=2)
    assert ranked([a, b], Around(key="springfield"), Story())[0].match is b
    near = Story(neighbours=lambda e, key: 2 if e.admin1 == "Illinois" else 0)
    assert ranked([a, b], Around(key="springfield"), near)[0].match is a


def test_a_sea_by_another_name_written_as_a_town_loses_to_the_town():
    sea = candidate("Pacific", ALT, feature="water")
    town = candidate("Pacific", population=7_000, country="US")
    assert ranked([sea, town], Around(), Story())[0].match is town
    assert ranked([sea, town], Around(wording=2), Story())[0].match is sea  # "the eastern Pacific"


def test_a_famous_place_beats_a_small_namesake_that_only_context_favours():
    # "the Pacific" in a Missouri story: context makes Pacific, Missouri score best; a sea never yields to it
    sea = candidate("Pacific", feature="water")
    town = candidate("Pacific", population=7_000, country="US", admin1="Missouri")
    story = Story(countries=Counter({"US": 10}), total=10.0, neighbours=lambda e, key: 2 if e.country == "US" else 0)
    scored = ranked([sea, town], Around(key="pacific"), story)
    assert scored[0].match is town  # the score alone picks the town
    assert well_known_over_namesake(scored, Around(key="pacific"), story) is sea
    chosen = choose(_mention(sea, town), Around(key="pacific"), story)
    assert chosen.match is sea and chosen.policy in POLICIES
    # a capital yields to a namesake the story's own places stand beside ("Moscow" in a story about Idaho)
    big = candidate("Moscow", population=12_000_000, capital=True, country="RU")
    small = candidate("Moscow", population=25_000, country="US", admin1="Idaho")
    scored = ranked([small, big], Around(key="moscow"), story)
    assert scored[0].match is small and well_known_over_namesake(scored, Around(key="moscow"), story) is None
    # ...but not when only the country context favours it: "the story is American" is no reason
    lone = Story(countries=Counter({"US": 30}), total=10.0)
    scored = ranked([small, big], Around(key="moscow"), lone)
    assert scored[0].match is small and well_known_over_namesake(scored, Around(key="moscow"), lone) is big


def test_a_demonym_is_its_country():
    spain = candidate("Spain", DEMONYM, feature="country", population=47_000_000, country="ES")
    town = candidate("Spanish", population=700, country="CA")
    assert ranked([town, spain], Around(), Story())[0].match is spain


def test_confidence_grows_with_the_margin():
    assert confidence([1.0, 0.99], "name") < confidence([1.0, 0.5], "name") < confidence([1.0, -2.0], "name")
    assert all(0.0 < confidence(s, "name") <= 1.0 for s in ([1.0], [1.0, 1.0], [1.0, -9.0]))
    assert confidence([], "name") == 0.0


def test_confidence_is_a_probability_of_the_best_candidate():
    from geomap.resolve.features import confidence_inputs

    # two candidates scored alike: even odds; a runner-up far behind: the odds of a logit
    assert confidence_inputs([1.0, 1.0], "name") == [0.0, 0.0, 0.0, 0.0]
    assert confidence_inputs([3.0, 1.0], "name")[0] == pytest.approx(2.0)
    assert confidence_inputs([2.0], "venue") == [0.0, 1.0, 1.0, 0.0]
    assert confidence_inputs([2.0], "name", isolated=True) == [0.0, 1.0, 0.0, 1.0]


def test_explain_shows_the_features_behind_each_choice(gazetteer):
    from geomap.explain import explain, report

    records = explain("Floods hit Paris, Texas on Monday. Rescuers reached the Turkish capital.", gazetteer=gazetteer)
    paris = next(r for r in records if r["text"] == "Paris")
    assert paris["country"] == "US" and paris["how"] == "chosen by score"
    chosen = [c for c in paris["candidates"] if c["chosen"]]
    assert len(chosen) == 1 and chosen[0]["features"]["written_parent"] > 0
    assert paris["candidates"][0]["score"] >= paris["candidates"][-1]["score"]
    capital = next(r for r in records if r["kind"] == "capital")
    assert capital["place"] == "Ankara" and capital["candidates"] == []
    assert [r["text"] for r in explain("Floods hit Paris, Texas.", place="texas", gazetteer=gazetteer)] == ["Texas"]
    text = report(records)
    assert f"written_parent=+{settings()['weights']['written_parent']:g}" in text and "'the Turkish capital'" in text


def test_a_name_after_a_town_s_kind_is_the_town_not_its_division():
    city = candidate("Aqaba", population=95_000, country="JO", admin1="Aqaba")
    division = candidate("Aqaba", feature="admin1", population=190_000, country="JO", admin1="Aqaba")
    assert ranked([city, division], Around(key="aqaba"), Story())[0].match is division  # "Aqaba" alone
    assert ranked([city, division], Around(key="aqaba", town_word=True), Story())[0].match is city  # "port of Aqaba"


def test_a_name_the_story_repeats_is_one_place_read_where_the_text_says_most(parse):
    gdf = parse("Hurricane slams Yabucoa\n\nThe storm came ashore near the town of Yabucoa on Wednesday.")
    rows = gdf[gdf["place"] == "Yabucoa"]
    assert len(rows) == 1 and rows.iloc[0]["feature"] == "city" and len(rows.iloc[0]["mentions"]) == 2


def test_two_places_of_one_name_far_apart_stay_two(parse):
    gdf = parse("Storms hit Perth, Western Australia, on Monday, while floods closed roads in Perth, Scotland.")
    assert sorted(gdf[gdf["place"] == "Perth"]["country"]) == ["AU", "GB"]
