"""Place recognition (whole names, natural features, settlements, venues) and referents, our own sentences."""

from __future__ import annotations

import pytest

from geomap._geo import haversine_km


def _rows(gdf, mention: str):
    return [row for _, row in gdf.iterrows() if any(m["text"] == mention for m in row["mentions"])]


def _place(gdf, mention: str):
    """The row of the places table that has a mention written ``mention``."""
    rows = _rows(gdf, mention)
    assert rows, f"no place mentioned as {mention!r} in {[m['text'] for ms in gdf['mentions'] for m in ms]}"
    return rows[0]


def _texts(gdf) -> set[str]:
    return {m["text"] for ms in gdf["mentions"] for m in ms}


def _near(row, lat: float, lon: float, km: float) -> bool:
    g = row.geometry
    return g is not None and not g.is_empty and float(haversine_km(lat, lon, g.y, g.x)) <= km


# --- islands and peninsulas ---------------------------------------------------------------------


def test_the_island_of_x_is_a_feature_that_holds_its_town(parse):
    # "TOWN on the island of X": no gazetteer has the island, the town the text puts on it places it
    gdf = parse("Smoke rose over the town of Argostoli on the island of Kefalonia on Sunday.")
    row = _place(gdf, "Kefalonia")
    assert row["feature"] == "region" and row["located_by"] == "Argostólion"
    assert _near(row, 38.18, 20.49, 10) and row["precision_km"] >= 30
    # an island the gazetteer has (Natural Earth's) is that island, not its town
    row = _place(parse("Smoke rose over the town of Kapaa on the island of Kauai on Sunday."), "Kauai")
    assert row["feature"] == "region" and row["located_by"] is None and _near(row, 22.06, -159.5, 20)


def test_a_peninsula_lies_in_the_country_the_text_names(parse):
    # "Dingle" is a town in England, Ireland, the Philippines and Sweden: the text says Ireland
    gdf = parse("A fishing boat sank off the Dingle peninsula in Ireland on Tuesday.")
    row = _place(gdf, "Dingle peninsula")
    assert row["feature"] == "region" and row["country"] == "IE"


def test_the_end_of_a_known_name_is_not_a_feature_of_its_own(parse):
    gdf = parse("The storm passed near the Turks and Caicos Islands on Thursday.")
    assert _place(gdf, "Turks and Caicos Islands")["feature"] == "country"
    assert "Caicos Islands" not in _texts(gdf)


# --- whole names --------------------------------------------------------------------------------


def test_lowercase_particles_and_hyphens_stay_in_a_venue_name(parse):
    gdf = parse("Workers fled the Morro do Ouro gold mine near Paracatu on Monday.")
    assert "Morro do Ouro gold mine" in _texts(gdf)
    gdf = parse("Crowds filled Bab el-Bahr square in Tunis for the rally.")
    assert "Bab el-Bahr square" in _texts(gdf)


def test_a_name_that_begins_with_a_preposition(parse):
    # "In Guezzam", "In Salah": towns whose names begin with a word that is a preposition in English
    gdf = parse("Trucks were stopped at the town of In Guezzam, near the border.")
    row = _place(gdf, "In Guezzam")
    assert row["country"] == "DZ" and row["feature"] == "city"


def test_a_town_the_language_model_takes_for_a_building(gazetteer):
    # "Castrop-Rauxel", "Bad Kreuznach": a town's whole own name is the town, whatever label the model gives it
    from geomap.mentions.venues import town_name
    from geomap.nlp import load_model

    doc = load_model()("Floods cut off Castrop-Rauxel and the Bad Kreuznach spa hall overnight.")
    assert town_name(doc, 3, 6, gazetteer)  # Castrop - Rauxel
    assert not town_name(doc, 8, 12, gazetteer)  # a venue: ends in "hall"


def test_an_entity_run_on_over_its_place(parse):
    # the model's ORG entity "House in Dhaka" must not hide Dhaka
    gdf = parse("Students marched to the Prime Minister's House in Dhaka on Friday.")
    assert _place(gdf, "Prime Minister's House")["feature"] == "venue"
    assert _place(gdf, "Dhaka")["country"] == "BD"


# --- not places ---------------------------------------------------------------------------------


def test_a_capitalised_common_word_opening_a_sentence_is_not_a_town(gazetteer):
    # "Strong" is a town in Maine, and the model may call a sentence's first plural noun a place
    from spacy.tokens import Span

    from geomap.mentions.names import accept
    from geomap.mentions.recognise import Claims, find_ner_only
    from geomap.nlp import load_model

    nlp = load_model()
    doc = nlp("Strong aftershocks rattled the coast on Monday.")
    assert not accept(doc, 0, 1, gazetteer.lookup("Strong"))[0]
    doc = nlp("Protesters blocked the main road into Lima.")
    doc.ents = [Span(doc, 0, 1, label="GPE")]
    assert not find_ner_only(doc, gazetteer, Claims())


def test_an_institution_after_a_preposition_is_not_a_hamlet(parse):
    # Congress, Arizona has 2,000 people; "lawmakers in Congress" is the legislature
    gdf = parse("The United States will respond, lawmakers in Congress said on Monday.")
    assert list(gdf["place"]) == ["United States"]


def test_a_first_name_that_is_a_city_s_other_name_is_a_person(parse):
    # GeoNames lists "Julia" among Plovdiv's names; a spelling of a city's own name still counts
    gdf = parse("His wife, Julia, has taken on the search. Fighters left Misrata on Monday.")
    assert "Plovdiv" not in set(gdf["place"])
    assert _place(gdf, "Misrata")["country"] == "LY"


def test_a_surname_the_text_gives_someone_is_a_person_where_the_model_says_place(parse):
    # the model calls the second "Dubreuil" a place (a town in Mauritius); the text made it a surname
    gdf = parse(
        "The land near New Orleans was owned by Claude Joseph Villars Dubreuil, a colonial builder. "
        "In 1740, Dubreuil had a canal dug through his parcel."
    )
    assert list(gdf["place"]) == ["New Orleans"]


def test_a_well_known_place_that_is_also_a_surname_stays_a_place(parse):
    gdf = parse(
        "Historians say George Washington crossed the river. "
        "Today Washington is a city of monuments and the seat of Congress."
    )
    assert _place(gdf, "Washington")["country"] == "US"


def test_a_first_name_the_text_gives_someone_is_a_person(parse):
    gdf = parse(
        "Eleven-year-old Georgia Thompson is chasing a place on the national team. "
        "Georgia began skating at four in Red Deer, Alberta. Georgia's coach said she trains daily. "
        '"I love landing jumps," said Georgia.'
    )
    assert "Georgia" not in _texts(gdf) and "Red Deer" in set(gdf["place"])


def test_a_country_that_is_also_someone_s_first_name_stays_a_country(parse):
    gdf = parse(
        "Chad Johnson, a spokesman for the UN, spoke on Monday. Chad declared a state of emergency after "
        "floods. Chad's government asked for aid."
    )
    assert _place(gdf, "Chad")["country"] == "TD"


def test_a_first_name_the_text_also_uses_as_a_place_stays_a_place(parse):
    gdf = parse(
        "Georgia Thompson, a lawyer from Atlanta, said the law would be tested in Georgia. "
        "Georgia passed the bill last year."
    )
    assert {r["place"] for r in _rows(gdf, "Georgia")} == {"Georgia"}
    assert _place(gdf, "Georgia")["feature"] == "admin1"


def test_an_undotted_province_abbreviation_is_the_province_but_not_an_era(parse):
    gdf = parse("Wildfires forced thousands from their homes in BC this week, officials said.")
    row = _place(gdf, "BC")
    assert row["place"] == "British Columbia" and row["feature"] == "admin1"
    assert parse("The temple was built around 300 BC and restored in 1200.").empty


def test_a_country_before_a_vehicle_word_owns_the_vehicle(parse):
    # "the container ship Dali" names a ship; "the UK flag carrier" is the United Kingdom's airline
    gdf = parse(
        "Talks were turned down by the UK flag carrier. A US aircraft carrier sailed into the Gulf. "
        "The container ship Dali left Baltimore."
    )
    assert {"United Kingdom", "United States", "Baltimore"} <= set(gdf["place"])
    assert "Dali" not in set(gdf["place"])


def test_dotted_initials_of_a_capital_or_a_city(parse):
    gdf = parse('"In D.C., we have lost murals," she said. She moved to L.A. in May.')
    assert _place(gdf, "D.C.")["place"] == "Washington" and _place(gdf, "L.A.")["place"] == "Los Angeles"
    # a firm's "P.A." (professional association) is no other name of Chongqing
    assert parse("The law firm Dimond Kaplan & Rothstein, P.A. is reviewing claims.").empty


def test_the_people_of_a_division_stand_for_it(parse):
    gdf = parse("Scottish police arrested two men in Glasgow. Hundreds of Californians fled the fires.")
    assert _place(gdf, "Scottish")["place"] == "Scotland" and _place(gdf, "Californians")["place"] == "California"
    assert _place(gdf, "Scottish")["feature"] == "admin1"


def test_an_airport_is_placed_by_the_gazetteer_not_by_its_city(parse):
    gdf = parse("A plane skidded off the runway at Toronto Pearson International Airport on Monday.")
    row = _place(gdf, "Toronto Pearson International Airport")
    assert row["feature"] == "venue" and row["gazetteer_id"] == "airportsdata:CYYZ" and row["located_by"] is None
    assert _near(row, 43.677, -79.631, 2) and row["precision_km"] <= 5
    assert row["role"] == "incident_site"
    # written with a lowercase "airport", and the airport's other name ("Heathrow", not "London Heathrow")
    row = _place(parse("Flights were grounded at Heathrow airport on Monday."), "Heathrow airport")
    assert _near(row, 51.47, -0.46, 3)


def test_a_seat_of_power_named_for_who_sits_there_is_that_building(parse, gazetteer):
    # "the Kremlin denied" is Moscow's Kremlin; "the White House said" is in Washington, not in Ohio
    gdf = parse(
        "The Kremlin denied any role in the attack in Kyiv. The White House said the president would visit Ohio."
    )
    moscow = next(m.entry for m in gazetteer.lookup("Moscow") if m.entry.country == "RU" and m.entry.capital)
    kremlin = _place(gdf, "Kremlin")
    assert kremlin["feature"] == "venue" and _near(kremlin, moscow.lat, moscow.lon, 3)
    assert kremlin["role"] == "accused"
    assert _near(_place(gdf, "White House"), 38.895, -77.036, 3)


def test_regions_and_ranges_news_names(parse):
    gdf = parse(
        "Residents of the West Coast braced for the storm, officials in California said. Snow fell in the Alps."
    )
    west = _place(gdf, "West Coast")
    assert west["country"] == "US" and west["feature"] == "region"  # not New Zealand's West Coast region
    assert _near(_place(gdf, "Alps"), 46.5, 10.0, 300)


def test_the_first_word_of_a_hyphenated_name_is_not_a_place(parse):
    # "Mar" is one of Maracaibo's names; "Mar-a-Lago" is not Maracaibo
    assert "Maracaibo" not in set(parse("The former president flew to Mar-a-Lago on Friday.")["place"])


def test_a_militant_group_named_for_a_region_puts_no_region_on_the_map(parse):
    gdf = parse("Belmokhtar, formerly a commander in al-Qaeda in the Islamic Maghreb, said the raid was revenge.")
    assert "Maghreb" not in set(gdf["place"])


def test_the_words_of_a_street_s_name_are_not_towns(parse):
    # "North" (South Carolina) and "Street" (Somerset) are towns; "2700 North Fourth Street" is an address
    gdf = parse("The forum is at the History Center, located at 2700 North Fourth Street in Red Oak, Iowa.")
    assert not {"North", "Street"} & set(gdf["place"])
    assert _place(gdf, "Red Oak")["admin1"] == "Iowa"


def test_a_street_where_something_happens_is_placed_at_its_city(parse):
    gdf = parse("Two men were shot on Frenchmen Street in New Orleans late on Saturday, police said.")
    row = _place(gdf, "Frenchmen Street")
    assert row["feature"] == "venue" and row["located_by"] == "New Orleans" and row["role"] == "incident_site"
    # a newspaper named for a street is not the street
    gdf = parse("Burrows told The Wall Street Journal that he had met Steele in London.")
    assert "Wall Street" not in set(gdf["place"])


def test_a_translated_alternate_name_is_not_the_place(parse):
    # "White House" is an English alternate name of Casablanca: the building, not the city
    gdf = parse("The White House announced new sanctions on Monday.")
    assert all(row["place"] != "Casablanca" for _, row in gdf.iterrows())


# --- the right referent -------------------------------------------------------------------------


def test_the_state_capital_is_the_division_capital(parse):
    gdf = parse("Floods hit towns across Bavaria on Monday. In the state capital, the river burst its banks.")
    assert _place(gdf, "the state capital")["place"] == "Munich"
    # in apposition, the city named is the capital
    gdf = parse("Firefighters from Porto Alegre, the state capital, joined the search on Sunday.")
    assert _place(gdf, "the state capital")["place"] == "Porto Alegre"


def test_a_venue_s_name_runs_on_after_of_to_a_place_s_name(parse):
    # "the General Hospital of Kisumu" is one hospital, in Kisumu
    gdf = parse("Patients were taken to the General Hospital of Kisumu on Friday.")
    assert _place(gdf, "General Hospital of Kisumu")["located_by"] == "Kisumu"
    gdf = parse("Victims were taken to the University Medical Center of San Antonio.")
    assert _place(gdf, "University Medical Center of San Antonio")["located_by"] == "San Antonio"


def test_a_building_named_for_a_saint_is_one_venue(parse):
    # "St Sebastian's Church": the saint's name is the building's, whatever the model calls it
    gdf = parse("A bomb exploded at St Sebastian's Church in Negombo on Sunday.")
    assert _place(gdf, "St Sebastian's Church")["located_by"] == "Negombo"
    # and no town of the saint's name: not Mary, Turkmenistan
    gdf = parse("A blast hit St. Mary's Cathedral in Sydney on Sunday.")
    assert _place(gdf, "St. Mary's Cathedral")["located_by"] == "Sydney"
    assert "Mary" not in _texts(gdf)
    # a town named for a saint is still that town
    gdf = parse("Floods hit St. Louis on Monday.")
    assert _place(gdf, "St. Louis")["country"] == "US"


def test_a_country_s_capital_by_its_name_or_its_short_name(parse):
    # "the U.S. capital" is Washington, as "the Afghan capital" is Kabul; the country is named too
    gdf = parse("Diplomats left the Russian Embassy in the U.S. capital on Saturday.")
    assert _place(gdf, "the U.S. capital")["place"] == "Washington"
    assert _place(gdf, "U.S.")["place"] == "United States"
    assert _place(gdf, "Russian Embassy")["located_by"] == "Washington"
    gdf = parse("Protests spread in the Kenya capital on Monday.")
    assert _place(gdf, "the Kenya capital")["place"] == "Nairobi"


def test_a_bare_name_is_the_city_not_the_river(parse):
    gdf = parse("Air raid sirens sounded in Dnipro on Sunday night.")
    assert _place(gdf, "Dnipro")["feature"] == "city"
    gdf = parse("Engineers repaired a dam on the Dnipro on Sunday.")
    assert _place(gdf, "Dnipro")["feature"] == "water"


def test_the_town_of_x_is_the_town_however_small(parse):
    # a village of 2,000 the model does not call a place: the text says it is one
    gdf = parse("Greek fishermen waited at the village of Zagora for news.")
    assert _near(_place(gdf, "Zagora"), 39.45, 23.1, 10)


def test_a_venue_s_name_that_goes_on_after_of_to_another_venue_word_is_one_venue(parse):
    # one hospital, not "Baptist University" and "Kisumu Teaching Hospital"; placed at the town it names
    gdf = parse(
        "Dozens of wounded were treated at the Baptist University of Kisumu Teaching Hospital on Tuesday, "
        "Kenya's health ministry said."
    )
    row = _place(gdf, "Baptist University of Kisumu Teaching Hospital")
    assert row["feature"] == "venue" and row["located_by"] == "Kisumu"
    assert "Baptist University" not in _texts(gdf)


def test_junctions_roundabouts_facilities_and_infirmaries_are_venues(parse):
    gdf = parse(
        "Drones hit the Ras Tanura processing facility in Saudi Arabia on Saturday. In Lancaster, a tanker "
        "overturned at the Marsh Mills roundabout, and the injured were taken to the Royal Lancaster Infirmary."
    )
    assert _place(gdf, "Ras Tanura processing facility")["located_by"] == "Ras Tanura"
    assert _place(gdf, "Marsh Mills roundabout")["feature"] == "venue"
    assert _place(gdf, "Royal Lancaster Infirmary")["feature"] == "venue"


def test_cafes_drives_and_expressways_are_venues(parse):
    gdf = parse(
        "The bus crashed at the roundabout where Wine Country Drive meets the Hunter Expressway near Greta, "
        "New South Wales. Gunmen later fired on the Cappuccino café in Greta."
    )
    for name in ("Wine Country Drive", "Hunter Expressway", "Cappuccino café"):
        row = _place(gdf, name)
        assert row["feature"] == "venue" and row["located_by"] == "Greta", name
    # a lowercase "drive" or "lane" is no street's name
    assert parse("Police said the driver took a wrong turn down a country lane. Drive carefully.").empty


def test_the_parts_of_a_town_a_list_names_are_placed_at_it(parse):
    # neighbourhoods no gazetteer knows, listed after "parts of": each a place, at the story's town
    gdf = parse(
        "Floodwaters entered parts of Mabokoni, Tenkwa and Osuburo after the Subin river burst its banks "
        "in Kumasi, Ghana."
    )
    for name in ("Mabokoni", "Tenkwa", "Osuburo"):
        row = _place(gdf, name)
        assert row["country"] == "GH" and row["located_by"] == "Kumasi", name
    # "residents of", "residents in": the same
    gdf = parse("In Kumasi, Ghana, residents of Atwima and Bantama said water entered their homes on Tuesday night.")
    assert {_place(gdf, n)["located_by"] for n in ("Atwima", "Bantama")} == {"Kumasi"}
    gdf = parse("A fuel depot exploded in Luton, England. Residents in Adeyfield and Woodhall Farm heard the blast.")
    assert {_place(gdf, n)["located_by"] for n in ("Adeyfield", "Woodhall Farm")} == {"Luton"}


def test_a_name_left_unlocated_is_placed_by_a_later_mention(parse):
    # "fled to Tenkwa" says nothing of where it is; "parts of Tenkwa" makes it a part of the story's town
    gdf = parse(
        "Many people fled to Tenkwa on Monday. Floodwaters entered parts of Tenkwa, Osuburo and Mabokoni after "
        "the Subin river burst its banks in Kumasi, Ghana."
    )
    rows = _rows(gdf, "Tenkwa")
    assert len(rows) == 1 and rows[0]["located_by"] == "Kumasi" and len(rows[0]["mentions"]) == 2


def test_a_settlement_in_apposition_is_placed_by_the_text(parse):
    gdf = parse("The blast was felt in Ouzbrek, a village about 30 kilometres north of Aleppo, on Monday.")
    row = _place(gdf, "Ouzbrek")
    assert row["country"] == "SY" and row["located_by"] == "Aleppo"


# --- abbreviations ------------------------------------------------------------------------------


def test_an_abbreviation_before_a_hyphen_is_a_place(run):
    text = "Aid from the U.K.-based charity reached Aleppo on Monday."
    a = run(text)
    uk = next(p for p in a.places if p.country == "GB")
    assert [(text[m.start : m.end], m.kind) for m in uk.mentions] == [("U.K.", "name")]


# --- what the text says of a name ---------------------------------------------------------------


def test_a_distance_and_direction_move_the_place(parse):
    # no gazetteer has the village: "30 km north of Aleppo" puts it there, not at Aleppo
    gdf = parse("Shells hit Tell Sbeih, a village about 30 km north of Aleppo, on Monday.")
    row = _place(gdf, "Tell Sbeih")
    assert row["located_by"] == "Aleppo" and row["feature"] == "city"
    assert _near(row, 36.20 + 30 / 111.2, 37.16, 6)  # Aleppo is at 36.20 N, 37.16 E
    assert 12 <= row["precision_km"] <= 30  # an eight-point bearing and a rounded distance
    # in miles, and with no direction: at the town, the distance its uncertainty
    gdf = parse("Fighting reached Kfar Zeita, a village 20 miles from Hama, overnight.")
    row = _place(gdf, "Kfar Zeita")
    assert row["located_by"] == "Hama" and row["precision_km"] >= 32


def test_a_division_named_with_its_kind_is_that_place_throughout(parse):
    # the language model may take "Al Haouz" for a person; "Al Haouz province" says what it is
    text = (
        "The quake struck a village in Al Haouz province in Morocco on Friday. "
        "Rescue teams from Spain were working in Al Haouz on Monday."
    )
    gdf = parse(text)
    row = _place(gdf, "Al Haouz")
    assert row["feature"] == "admin2" and row["country"] == "MA"
    assert [m["text"] for m in row["mentions"]] == ["Al Haouz", "Al Haouz"]


def test_towns_where_the_text_puts_something_are_places(parse):
    # small towns a language model may call organisations, in a country the story names
    gdf = parse(
        "The earthquake killed hundreds in Morocco. Further deaths were recorded in Chichaoua and "
        "Ouarzazate, and landslides blocked the roads into valleys around Amizmiz."
    )
    for name in ("Chichaoua", "Ouarzazate", "Amizmiz"):
        assert _place(gdf, name)["country"] == "MA"


def test_what_the_model_calls_a_facility_must_read_as_one(gazetteer):
    from spacy.tokens import Span

    from geomap.mentions.venues import named_facility
    from geomap.nlp import load_model

    doc = load_model()("Fans met President Park at the Golden Globe-nominated show at 11:11pm PDT near Wembley Arena.")

    def span(text):
        start = next(t.i for t in doc if doc[t.i :].text.startswith(text))
        return Span(doc, start, start + len(doc.char_span(doc[start].idx, doc[start].idx + len(text))), label="FAC")

    assert not named_facility(span("President Park"))  # a person with a title
    assert not named_facility(span("Golden Globe-nominated"))  # ends in no noun
    assert not named_facility(span("11:11pm PDT"))  # a time
    assert named_facility(span("Wembley Arena"))
    doc = load_model()("The crash on Interstate 40 closed the road.")
    assert named_facility(Span(doc, 3, 5, label="FAC"))  # a road


def test_an_office_is_an_institution(parse):
    gdf = parse("The Foreign Office in London said on Monday that talks with Iran would resume.")
    assert "Foreign Office" not in set(gdf["place"]) and "London" in set(gdf["place"])


# --- datelines and paragraphs --------------------------------------------------------------------


@pytest.mark.parametrize("fast", [False, True])
def test_a_capitalised_dateline_is_its_place_not_an_acronym(parse, fast):
    gdf = parse("LAGOS, Nigeria — Gunmen stormed a school on Monday, police said.", fast=fast)
    assert _near(_place(gdf, "LAGOS"), 6.45, 3.39, 30)
    gdf = parse("ROME -- A fire swept through a warehouse on Monday.", fast=fast)
    assert _place(gdf, "ROME")["country"] == "IT"
    gdf = parse("KIEV, Ukraine — Missiles hit the city overnight.", fast=fast)
    assert _place(gdf, "KIEV")["place"] == "Kyiv"
    # an acronym that opens a sentence is no dateline place by a code-like other name
    gdf = parse("PKK, the group, said it attacked a post in Hakkari.", fast=fast)
    assert set(gdf["place"]) == {"Hakkari"}
    # a dash that does not stand apart makes no dateline, in either mode
    gdf = parse("IRAN-backed militias fired rockets at Erbil.", fast=fast)
    assert set(gdf["place"]) == {"Erbil"}


def test_a_dateline_before_a_vehicle_is_not_the_vehicle_s_name(parse):
    # "JAKARTA, Indonesia — A passenger ferry": parsed as an apposition, it had made both names a ship's
    gdf = parse(
        "JAKARTA, Indonesia — A passenger ferry sank off Buton island on Sunday, Indonesia's rescue agency said."
    )
    assert {"Jakarta", "Indonesia"} <= set(gdf["place"])
    assert len(_place(gdf, "Indonesia")["mentions"]) == 2


def test_a_headline_and_a_dateline_are_two_sentences(parse):
    gdf = parse(
        "date 2025-01-28\nGunmen abduct students in northwest Nigeria\n\n"
        "LAGOS, Nigeria — Gunmen stormed a boarding school in Zamfara state on Monday, police said."
    )
    quotes = {e["text"] for ev in gdf["evidence"] for e in ev}
    assert quotes and not any("Gunmen abduct" in q and "LAGOS" in q for q in quotes)


# --- features whose kind comes first ---------------------------------------------------------------


def test_lake_and_mount_before_the_name(parse):
    gdf = parse("In 2018, a ferry sank on Lake Toba in North Sumatra, killing 160 people.")
    assert _near(_place(gdf, "Lake Toba"), 2.6, 98.8, 60)
    assert set(gdf["place"]) == {"Lake Toba", "North Sumatra"}  # not "Lake" (Uniontown, Ohio) and Toba, Japan
    # a lake the gazetteer does not know is placed by the text, its name no town's mention
    gdf = parse("Two fishermen drowned in Lake Wanuskewin near Saskatoon, Saskatchewan.")
    row = _place(gdf, "Lake Wanuskewin")
    assert row["feature"] == "water" and row["located_by"] == "Saskatoon"
    # a town or a hospital named for a lake or a mountain is not the feature
    gdf = parse("Floods hit Lake Charles, Louisiana.")
    assert _place(gdf, "Lake Charles")["feature"] == "city"
    gdf = parse("A man was treated at Mount Sinai Hospital in New York.")
    assert _place(gdf, "Mount Sinai Hospital")["feature"] == "venue"


def test_a_lake_named_before_its_kind_word_stays_one_name(parse):
    gdf = parse("Two kayakers drowned in Mono Lake, California, on Sunday.")
    assert "Mono Lake" in set(gdf["place"]) and "Uniontown" not in set(gdf["place"])


def test_a_venue_named_for_its_city_is_placed_there_when_nothing_else_places_it(parse):
    gdf = parse("Lava from Mount Etna closed Catania airport on Sunday.")
    assert _near(_place(gdf, "Mount Etna"), 37.75, 14.99, 20)
    row = _place(gdf, "Catania airport")
    assert row["located_by"] == "Catania" and _near(row, 37.5, 15.09, 20)
