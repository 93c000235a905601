"""The incident site as a ranking over the story's places (geomap.roles.site_rank), on stories of our own.

The weights are fitted on the dev stories (tools/fit_site.py); these tests hold what any fitted
weights must keep: where a sentence says it happened beats where the story was filed, the
venue beats the town around it, an event of another year is no site, and a place that only
speaks or sends help is no site.
"""

from __future__ import annotations

import pytest
import yaml

from geomap.roles import site_rank


def _roles(parse, text: str) -> dict[str, list[str]]:
    gdf = parse("date 2025-04-02\n" + text)
    return {row["place"]: list(row["roles"]) for _, row in gdf.iterrows()}


def _sites(roles: dict[str, list[str]]) -> set[str]:
    return {p for p, rs in roles.items() if "incident_site" in rs}


def test_the_weights_file_names_every_feature_and_only_them():
    data = yaml.safe_load((site_rank.resources.files("geomap.roles") / "site_weights.yaml").read_text())
    assert set(data["weights"]) == set(site_rank.FEATURES)
    assert data["second_site_margin"] >= 0
    # fitted, not all zero: the ranking must tell places apart
    assert any(abs(v) > 0.1 for v in site_rank.weights().values())


def test_every_feature_says_what_it_measures():
    for name, f in site_rank.FEATURES.items():
        assert f.__doc__, name


def test_the_score_is_weight_times_value_summed():
    w = dict.fromkeys(site_rank.FEATURES, 0.0) | {"event": 2.0, "country": -1.0}
    values = dict.fromkeys(site_rank.FEATURES, 0.0) | {"event": 1.0, "country": 1.0, "town": 1.0}
    assert site_rank.score(values, w) == pytest.approx(1.0)


def test_a_second_site_must_score_close_to_the_first():
    class P:
        def __init__(self, key):
            self.key = key

    site, near, far = P(0), P(1), P(2)
    margin = float(site_rank._settings()["second_site_margin"])
    scores = {0: 5.0, 1: 5.0 - margin, 2: 5.0 - margin - 0.5}
    assert site_rank.second_site(scores, near, site)
    assert not site_rank.second_site(scores, far, site)


def test_where_it_happened_beats_where_the_story_was_filed(parse):
    roles = _roles(
        parse,
        "Bus plunges into river, killing 23\n\nNAIROBI, Kenya — A crowded bus plunged off a bridge into a river "
        "near Kisumu on Monday, killing 23 passengers, police said. Officials in Nairobi said an inquiry would "
        "open this week.",
    )
    assert _sites(roles) == {"Kisumu"}
    assert "incident_site" not in roles["Nairobi"]


def test_the_venue_beats_the_town_around_it_and_the_country(parse):
    roles = _roles(
        parse,
        "Explosion at chemical plant kills nine\n\nAn explosion tore through the Ludwigshafen chemical plant "
        "of a fertiliser maker on Tuesday, killing nine workers. Germany's chemical industry has had few "
        "accidents this deadly. Firefighters from across Rhineland-Palatinate fought the blaze in Ludwigshafen "
        "for six hours.",
    )
    sites = _sites(roles)
    assert sites and "Germany" not in sites and "Rhineland-Palatinate" not in sites


def test_an_event_of_another_year_is_no_site(parse):
    roles = _roles(
        parse,
        "Migrant boat capsizes near Catania\n\nA boat carrying about 60 migrants capsized near Catania on "
        "Sunday, and the coastguard pulled 41 people from the water. It was the deadliest wreck in the area "
        "since 2013, when a trawler sank near Malta with hundreds on board.",
    )
    assert _sites(roles) == {"Catania"}
    assert "incident_site" not in roles["Malta"]


def test_a_place_that_sends_help_or_speaks_is_no_site(parse):
    roles = _roles(
        parse,
        "Quake flattens villages in the Atlas\n\nA strong earthquake struck the mountain village of Tafeghaghte "
        "on Friday night, destroying most of its houses. Spain sent 56 rescuers and France pledged aid, while "
        "the government in Rabat declared three days of mourning.",
    )
    assert "incident_site" not in roles.get("Spain", []) + roles.get("France", []) + roles.get("Rabat", [])
    assert _sites(roles)


def test_a_party_elsewhere_is_no_site_even_when_no_other_place_is_named(parse):
    # the boat sank "off the coast", a place the story does not name: where it set out from and where it was
    # bound are not where it sank
    roles = _roles(
        parse,
        "Fishing boat sinks with 300 aboard\n\nA fishing boat sank off the coast on Wednesday. Survivors said it "
        "had set out from Tobruk, bound for Italy.",
    )
    assert "incident_site" not in roles["Tobruk"] and "incident_site" not in roles["Italy"]
