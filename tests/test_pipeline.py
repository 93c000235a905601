"""Recognition, resolution and roles on short texts written for these tests."""

from __future__ import annotations

import pytest

from geomap._geo import haversine_km
from geomap.gazetteer import normalize


def _row(gdf, place):
    rows = gdf[gdf["place"] == place]
    assert len(rows) == 1, f"{place!r} not found in {list(gdf['place'])}"
    return rows.iloc[0]


def test_demonyms_and_metonyms_are_mentions_of_their_country(parse):
    gdf = parse("Polish officials said the drone came from Belarusian territory. Warsaw condemned the incursion.")
    assert set(gdf["place"]) >= {"Poland", "Belarus", "Warsaw"}
    assert _row(gdf, "Poland")["feature"] == "country"
    assert [m["text"] for m in _row(gdf, "Poland")["mentions"]] == ["Polish"]


def test_organisation_names_are_not_places(parse):
    gdf = parse("The Kurdistan Workers' Party (PKK) and the Islamic State Sahel Province claimed the attack in Ankara.")
    assert "Ankara" in set(gdf["place"])
    assert not any("Sahel" in p or "Kurdistan" in p for p in gdf["place"])


@pytest.mark.parametrize(
    "text, place, country",
    [
        ("A tornado tore through Moscow, Idaho, on Tuesday, damaging the university campus.", "Moscow", "US"),
        ("Protesters gathered in Moscow after the election, police said.", "Moscow", "RU"),
        ("Firefighters in Paris, Texas, battled a warehouse blaze overnight.", "Paris", "US"),
        ("A strike closed the metro in Paris on Thursday.", "Paris", "FR"),
    ],
)
def test_resolution_uses_the_context(parse, text, place, country):
    assert _row(parse(text), place)["country"] == country


def test_the_capital_is_the_capital_of_the_country_the_story_is_about(parse):
    gdf = parse("Kenya declared three days of mourning. Security was tightened across the capital on Sunday.")
    nairobi = _row(gdf, "Nairobi")
    assert nairobi["country"] == "KE"
    assert "the capital" in [m["text"] for m in nairobi["mentions"]]


def test_demonym_capital_reference(parse):
    gdf = parse("The ambassador was shot at a gallery in the Turkish capital on Monday.")
    assert _row(gdf, "Ankara")["country"] == "TR"


def test_venue_is_placed_by_what_the_text_says(parse):
    gdf = parse("Gunmen opened fire at the Westgate Shopping Mall in Nairobi, killing dozens.")
    venue = _row(gdf, "Westgate Shopping Mall")
    city = _row(gdf, "Nairobi")
    assert venue["feature"] == "venue" and venue["located_by"] == "Nairobi"
    assert haversine_km(venue.geometry.y, venue.geometry.x, city.geometry.y, city.geometry.x) < 1
    assert venue["precision_km"] >= city["precision_km"]
    assert venue["confidence"] < city["confidence"]
    assert venue["role"] == "incident_site" and "incident_area" in city["roles"]


def test_roles_from_the_parse(parse):
    gdf = parse(
        "A car bomb exploded outside a hotel in Mogadishu on Friday. Officials said the attackers "
        "were citizens of Kenya who had been heading to Ethiopia. The government blamed Eritrea for "
        "the attack, a claim that Asmara denied. France condemned the bombing."
    )
    assert _row(gdf, "Mogadishu")["role"] == "incident_site"
    assert "origin" in _row(gdf, "Kenya")["roles"]
    assert "destination" in _row(gdf, "Ethiopia")["roles"]
    assert "accused" in _row(gdf, "Eritrea")["roles"]
    assert _row(gdf, "Asmara")["roles"] == ["reaction"]
    assert _row(gdf, "France")["roles"] == ["reaction"]


def test_negated_accusation_is_not_an_accusation(parse):
    gdf = parse(
        "An explosion hit a pipeline near Basra. Investigators ruled out any Iranian involvement, "
        "and Kuwait was not blamed."
    )
    assert "accused" not in _row(gdf, "Iran")["roles"]
    assert "accused" not in _row(gdf, "Kuwait")["roles"]


def test_event_location_from_the_clause_and_background_as_context(parse):
    gdf = parse("A landslide buried a village near Kathmandu. The disaster recalled the 2015 quake that had hit Japan.")
    assert _row(gdf, "Kathmandu")["role"] == "incident_site"
    assert _row(gdf, "Japan")["roles"] == ["context"]


def test_unknown_town_is_placed_in_what_the_text_says(parse):
    gdf = parse("Rebels seized the town of Xqzville, Mali, according to the army.")
    town, mali = _row(gdf, "Xqzville"), _row(gdf, "Mali")
    assert town["gazetteer_id"] is None and town["located_by"] == "Mali"
    assert town["precision_km"] >= mali["precision_km"] and town["confidence"] < 0.6
    assert town["role"] == "incident_site"


def test_unknown_name_with_nothing_to_place_it_has_no_geometry(parse):
    gdf = parse("Officials in the Qwzrt Valley said the talks would resume.")
    row = _row(gdf, "Qwzrt Valley")
    assert row.geometry is None and row["gazetteer_id"] is None


def test_a_lone_word_only_the_model_calls_a_place_is_left_out(parse, gazetteer):
    # nothing locates it, and most such words in the news are not places ("Nollywood", a dog called "Levi")
    from geomap.pipeline import analyse

    a = analyse("Officials in Qwzrtovia said the talks would resume.", gazetteer=gazetteer)
    assert any(m.text == "Qwzrtovia" for m in a.mentions)  # found...
    assert "Qwzrtovia" not in set(a.to_frame()["place"])  # ...but not a place of the table


def test_acronyms_are_not_alternate_names(parse):
    gdf = parse("The PKK claimed the bombing in Diyarbakir, while UN officials and the UAE condemned it.")
    assert {normalize(p) for p in gdf["place"]} == {"diyarbakir", "united arab emirates"}


def test_analyse_many_equals_one_by_one(gazetteer, tmp_path):
    from geomap.article import Article
    from geomap.pipeline import analyse, analyse_many

    path = tmp_path / "quake.txt"
    path.write_text("date 2023-09-09\nA strong earthquake struck near Marrakesh, Morocco.", encoding="utf-8")
    texts = [
        "Gunmen attacked a hotel in Nairobi, Kenya, on Friday.",
        path,
        Article.from_text("Floods hit Dhaka, Bangladesh, on Monday.", id="floods"),
    ]
    many = list(analyse_many(texts, gazetteer=gazetteer, batch_size=2))
    assert [a.article.id for a in many] == ["1", "quake", "floods"]
    for a, source in zip(many, texts, strict=True):
        one = analyse(source, gazetteer=gazetteer)
        assert [(p.name, p.lat, p.lon) for p in a.places] == [(p.name, p.lat, p.lon) for p in one.places]
        assert list(a.to_frame()["role"]) == list(one.to_frame()["role"])


def test_geoparse_many_is_one_table_of_every_article(gazetteer, tmp_path):
    import pandas as pd
    from geopandas.testing import assert_geodataframe_equal

    import geomap

    path = tmp_path / "quake.txt"
    path.write_text("date 2023-09-09\nA strong earthquake struck near Marrakesh, Morocco.", encoding="utf-8")
    sources = ["Gunmen attacked a hotel in Nairobi, Kenya, on Friday.", path]
    many = geomap.geoparse_many(sources, gazetteer=gazetteer, batch_size=1)
    one = pd.concat(
        [geomap.geoparse(sources[0], id="1", gazetteer=gazetteer), geomap.geoparse(path, gazetteer=gazetteer)]
    )
    assert_geodataframe_equal(many, one.reset_index(drop=True))
    assert list(dict.fromkeys(many["article"])) == ["1", "quake"]
    assert geomap.geoparse_many([], gazetteer=gazetteer).empty


def test_a_long_run_keeps_no_finished_document(gazetteer):
    """The rules cache a document's tokens on it, which refer back to it: once an article is done,
    nothing may keep its document alive, or a long batch's memory grows with every article."""
    import gc
    import weakref

    from geomap.pipeline import analyse_many

    texts = [f"Floods hit Dhaka on day {i}; rescuers from India arrived in Sylhet." for i in range(6)]
    alive = []
    gc.disable()  # reference counting alone must free them
    try:
        for a in analyse_many(texts, gazetteer=gazetteer, batch_size=2):
            assert {p.name for p in a.places} >= {"Dhaka", "India"}
            alive.append(weakref.ref(a.doc))
            del a
        assert sum(ref() is not None for ref in alive) <= 1  # the last one may still be at hand
    finally:
        gc.enable()
