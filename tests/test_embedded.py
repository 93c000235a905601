"""Places named inside organisations' names ("the Washington Post"): located, counted, kept off the map."""

from __future__ import annotations

import json


def _names(places) -> set[str]:
    return {p.name for p in places}


def test_a_newspaper_name_puts_no_place_on_the_map(run):
    a = run("The Washington Post reported that gunmen attacked a school in Kano, Nigeria, on Monday.")
    assert "Washington" not in set(a.to_frame()["place"])
    (washington,) = a.embedded
    assert washington.country == "US" and [m.kind for m in washington.mentions] == ["embedded"]
    assert abs(washington.lat - 38.9) < 0.5  # the capital, not the state


def test_an_embedded_place_is_the_place_the_story_names(run):
    a = run("Kentucky State Police said the crash near Columbia, in Adair County, Kentucky, killed two people.")
    (kentucky,) = a.embedded
    named = next(p for p in a.places if p.name == "Kentucky")
    assert kentucky.gazetteer_id == named.gazetteer_id
    # the Columbia of the story is the one in Kentucky, not the capital of South Carolina
    columbia = next(p for p in a.places if p.name == "Columbia")
    assert columbia.admin1 == "Kentucky"


def test_well_known_places_inside_names_are_located(run):
    a = run("The New York Police Department and the Syrian Observatory for Human Rights commented on Monday.")
    assert {(p.name, p.country) for p in a.embedded} == {("New York City", "US"), ("Syria", "SY")}
    assert a.places == []


def test_the_country_of_a_currency_is_located_but_not_on_the_map(run):
    a = run("The ministry listed 658 projects worth 59.2 billion US dollars in Kazakhstan for 2018-2020.")
    assert _names(a.places) == {"Kazakhstan"}
    assert [(p.name, [m.text for m in p.mentions]) for p in a.embedded] == [("United States", ["US"])]


def test_a_word_that_is_also_a_small_town_is_not(run):
    # "Federal" is a town in Argentina: inside "Federal Reserve" it is no place at all
    a = run("Federal Reserve officials met on Tuesday to discuss interest rates.")
    assert a.places == [] and a.embedded == []


def test_places_joined_by_a_hyphen_are_both_on_the_map(run):
    a = run("EU-Canada trade talks resumed in Ottawa. Turkish-Russian relations worsened.")
    assert {"Canada", "Turkey", "Russia", "Ottawa"} <= _names(a.places)
    assert a.embedded == []


def test_an_organisation_does_not_change_roles_or_the_site(run):
    plain = run("Gunmen attacked a market in Maiduguri, Nigeria, on Friday, police said.").to_frame()
    named = run("Gunmen attacked a market in Maiduguri, Nigeria, on Friday, the Washington Post said.").to_frame()
    assert list(named["place"]) == list(plain["place"])
    assert list(named["role"]) == list(plain["role"])
    assert plain.loc[plain["place"] == "Maiduguri", "role"].item() == "incident_site"


def test_evaluation_counts_the_embedded_span(tmp_path, gazetteer):
    from geomap.evaluation import evaluate_corpus

    text = "The Washington Post said the storm reached Miami on Monday."
    start = text.index("Washington")
    gold = [
        {"start": start, "end": start + 10, "name": "Washington", "lat": 38.9, "lon": -77.04},
        {"start": text.index("Miami"), "end": text.index("Miami") + 5, "name": "Miami", "lat": 25.77, "lon": -80.19},
    ]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "w", "text": text, "toponyms": gold}) + "\n", encoding="utf-8")
    summary = evaluate_corpus(corpus, gazetteer=gazetteer)["all"].summary()
    assert summary["exact_recall"] == 1.0 and summary["exact_precision"] == 1.0
    assert summary["e2e_acc161"] == 1.0
