"""A venue that stands where its name says ("Ramstein Air Base", "Wembley Stadium") is placed there."""

from __future__ import annotations


def _venue(gdf, name):
    row = gdf[gdf["place"] == name].iloc[0]
    return row["country"], row["admin1"], row["located_by"]


def test_an_air_base_is_where_its_name_says_not_where_officials_spoke(parse):
    gdf = parse("US troops flew out of Ramstein Air Base on Monday, officials in Berlin said.")
    country, admin1, located_by = _venue(gdf, "Ramstein Air Base")
    assert (country, admin1) == ("DE", "Rheinland-Pfalz") and located_by != "Berlin"


def test_a_stadium_in_a_story_that_names_no_other_place(parse):
    country, _, located_by = _venue(parse("Fans filled Wembley Stadium on Saturday for the final."), "Wembley Stadium")
    assert country == "GB" and located_by == "Wembley"


def test_a_school_named_for_a_far_city_stays_where_the_story_is(parse):
    gdf = parse("Pupils at the Liverpool Academy were sent home after floods in Cairo, Egyptian officials said.")
    assert _venue(gdf, "Liverpool Academy")[0] == "EG"


def test_a_venue_word_after_a_name_does_not_hide_the_name(gazetteer):
    from geomap.mentions.venues import _named_inside
    from geomap.nlp import load_fast_model

    words = load_fast_model()("Ramstein Air")
    assert {m.entry.country for m in _named_inside(gazetteer, words[0:2])} == {"DE"}


def test_a_base_named_for_no_town_the_gazetteer_knows_stays_where_the_text_puts_it(parse):
    gdf = parse("Missiles hit the Ain al-Asad air base in western Iraq on Wednesday, the Pentagon said.")
    assert _venue(gdf, "Ain al-Asad air base")[0] == "IQ"  # not Ain, a French department, from its first word


def test_the_sea_port_of_a_city_is_the_city_not_a_venue_on_the_sea(parse):
    gdf = parse("A missile hit the Black Sea port of Odesa on Monday, killing three people.")
    roles = dict(zip(gdf["place"], gdf["role"], strict=True))
    assert roles.get("Odesa") == "incident_site" and "Black Sea port" not in roles


def test_the_port_of_a_town_is_the_town_not_the_governorate_of_its_name(parse):
    gdf = parse("A crane dropped a chlorine tank in the port of Aqaba on Monday, Jordanian officials said.")
    assert ("Aqaba", "city") in set(zip(gdf["place"], gdf["feature"], strict=True))


def test_a_university_is_in_the_town_its_name_holds_not_the_datelines(parse):
    gdf = parse("LONDON — Researchers at the University of Leeds said on Monday that the outbreak had peaked.")
    assert _venue(gdf, "University of Leeds")[2] == "Leeds"


def test_a_university_named_for_a_state_is_in_that_state(parse):
    gdf = parse("CHICAGO — Scientists at the University of California said on Monday that the heat would last.")
    country, admin1, located_by = _venue(gdf, "University of California")
    assert (country, admin1, located_by) == ("US", "California", "California")


def test_a_place_the_text_puts_a_university_in_wins_over_its_name(parse):
    # "St. Thomas" names towns in Canada and the Virgin Islands; the text says Houston
    gdf = parse("Ana Ruiz, an economist at the University of St. Thomas in Houston, Texas, said on Monday.")
    assert _venue(gdf, "University of St. Thomas")[2] == "Houston"


def test_a_division_abroad_that_a_venue_word_could_name_does_not_place_it(parse):
    # "Federal" is also a name of Brazil's Federal District: a division abroad is no famous place
    gdf = parse("Students at the Federal University of Agriculture staged a protest on Monday, police in Lagos said.")
    assert _venue(gdf, "Federal University")[0] == "NG"


def test_the_place_after_of_in_a_university_s_name_places_it_not_an_adjective_before_it(parse):
    # "Federal" is also a name of Brazil's Federal District; the name after "of" is where the university is
    text = "Floods swept through Porto Alegre on Monday. Students at the Federal University of Rio Grande left."
    gdf = parse(text)
    country, admin1, located_by = _venue(gdf, "Federal University of Rio Grande")
    assert (country, admin1) == ("BR", "Rio Grande do Sul") and located_by != "Federal District"
