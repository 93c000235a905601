"""Confidence that means something: an ambiguous name keeps its runner-up, and the map draws it as uncertain."""

from __future__ import annotations

from geomap._geo import haversine_km
from geomap.table import read_table, write_table


def _row(gdf, name):
    return gdf[gdf["place"] == name].iloc[0]


def test_an_ambiguous_name_keeps_the_other_places_it_may_be(parse, tmp_path):
    gdf = parse("Flooding closed roads in Springfield on Monday, officials said.")
    row = _row(gdf, "Springfield")
    alts = row["alternatives"]
    assert alts and row["confidence"] < 0.7  # a dozen Springfields, nothing in the text to choose among them
    probabilities = [a["probability"] for a in alts]
    assert probabilities == sorted(probabilities, reverse=True) and min(probabilities) >= 0.05
    chosen = (row.geometry.y, row.geometry.x)
    for a in alts:  # each another place, not the same town under another entry
        assert haversine_km(*chosen, a["lat"], a["lon"]) > 161
    # kept through the files analysts use
    for name in ("p.parquet", "p.gpkg", "p.geojson"):
        back = read_table(write_table(gdf, tmp_path / name))
        assert _row(back, "Springfield")["alternatives"] == alts


def test_a_name_the_text_settles_has_no_alternatives_and_a_high_confidence(parse):
    gdf = parse("A tornado tore through Springfield, Illinois, on Tuesday.")
    row = _row(gdf, "Springfield")
    assert row["admin1"] == "Illinois" and row["alternatives"] == [] and row["confidence"] > 0.9


def test_the_map_fades_an_uncertain_place_and_names_its_alternatives_escaped(parse):
    from geomap import render

    gdf = parse("Flooding closed roads in Springfield on Monday. Crews from Chicago helped.")
    i = gdf.index[gdf["place"] == "Springfield"][0]
    gdf.at[i, "alternatives"] = [
        {"place": "<img src=x onerror=alert(1)>", "country": "US", "lat": 1.0, "lon": 2.0, "probability": 0.2}
    ]
    html = render(gdf, self_contained=True).get_root().render()
    assert html.count("gm-uncertain") >= 2  # the faded marker, and its style
    assert "may also be" in html and "faded: uncertain place (1)" in html
    # escaped as HTML, then as JSON inside the script that binds the popup
    assert "<img src=x" not in html and "\\u0026lt;img src=x" in html
    chicago = _row(gdf, "Chicago")
    assert chicago["confidence"] >= 0.7  # a clear name is drawn as usual


def test_a_place_the_text_placed_is_imprecise_not_uncertain():
    from geomap.webmap.markers import uncertain

    venue = {"confidence": 0.55, "alternatives": []}  # "the Port of Beirut", placed at Beirut: a halo, not faded
    namesake = {"confidence": 0.55, "alternatives": [{"place": "Springfield", "probability": 0.2}]}
    assert not uncertain(venue) and uncertain(namesake) and not uncertain({**namesake, "confidence": 0.9})
    # a place more likely wrong than right is faded though no other place has its name ("Chui", Uruguay, in a
    # story of Kyrgyzstan); one the text placed is not, however low its rule's confidence
    assert uncertain({"confidence": 0.21, "alternatives": []})
    assert not uncertain({"confidence": 0.21, "alternatives": [], "located_by": "Marrakesh"})


def test_a_place_a_rule_placed_has_that_rule_s_confidence(run):
    from geomap.resolve.features import fixed_confidence

    a = run("A bomb exploded at the Zorblax Arena in Lagos on Monday. Rescuers reached the Turkish capital.")
    by_name = {p.name: p for p in a.places}
    assert by_name["Zorblax Arena"].rule == "placed_by_text"
    assert by_name["Zorblax Arena"].confidence == fixed_confidence("placed_by_text")
    assert by_name["Ankara"].rule == "capital_reference" and by_name["Lagos"].rule is None


def test_a_place_named_twice_is_as_sure_as_its_surest_mention(parse):
    gdf = parse(
        "Storms churned across the Atlantic on Monday. Ships in the Atlantic Ocean turned back, "
        "officials in Des Moines, Iowa said."
    )
    ocean = _row(gdf, "Atlantic Ocean")
    assert ocean["confidence"] > 0.8 and ocean["alternatives"] == []  # "Atlantic, Iowa" is settled


def test_a_country_s_alternatives_are_not_its_own_parts():
    from dataclasses import replace

    import candidates

    from geomap.resolve.choose import Choice
    from geomap.resolve.features import Scored

    def at(c, lat, lon):
        return replace(c, entry=replace(c.entry, lat=lat, lon=lon))

    france = at(candidates.candidate("France", feature="country", country="FR", population=67_000_000), 46.0, 2.0)
    reunion = at(candidates.candidate("France", feature="admin1", country="FR", admin1="Reunion"), -21.1, 55.5)
    texas = at(candidates.candidate("France", country="US", admin1="Texas", population=900), 31.0, -97.0)
    ranked = tuple(Scored(s, c, ()) for s, c in ((5.0, france), (4.0, reunion), (3.5, texas)))
    alternatives = Choice(france, 0.8, ranked).alternatives()
    assert [a["admin1"] for a in alternatives] == ["Texas"]


def test_a_town_no_other_place_of_the_story_vouches_for_is_less_sure(parse):
    # one candidate each; Geelong's country is the story's, a lone Australian town in a Kenyan story is not
    home = _row(parse("Bushfires threatened Geelong and Ballarat in Australia on Monday."), "Geelong")
    text = "Floods hit Nairobi, Mombasa and Kisumu in Kenya. A relief plane left from Toowoomba on Monday."
    alone = _row(parse(text), "Toowoomba")
    assert alone["confidence"] < home["confidence"] - 0.15


def test_isolated_is_a_town_in_a_country_the_story_names_nowhere_else():
    from collections import Counter

    from candidates import candidate

    from geomap.resolve.features import Story, isolated

    town, country = candidate("Point", country="US"), candidate("Iceland", feature="country", country="IS")
    elsewhere = Story(Counter({"AU": 2.0}), 2.0)
    assert isolated(town, elsewhere) and not isolated(country, elsewhere)  # a country stands on its own
    assert not isolated(town, Story(Counter({"AU": 2.0, "US": 0.5}), 2.5))
    assert not isolated(town, Story())  # a story of one place says nothing either way
