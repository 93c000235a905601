"""Toponym resolution: the right place for ambiguous names, with our own example sentences."""

from __future__ import annotations

import pytest

from geomap._geo import haversine_km
from geomap.mentions import Mention


def _place(gdf, mention: str):
    """The row of the places table that has a mention written ``mention``."""
    for _, row in gdf.iterrows():
        if any(m["text"] == mention for m in row["mentions"]):
            return row
    raise AssertionError(f"no place mentioned as {mention!r} in {list(gdf['place'])}")


def _near(row, lat: float, lon: float, km: float) -> bool:
    g = row.geometry
    return g is not None and float(haversine_km(lat, lon, g.y, g.x)) <= km


@pytest.mark.parametrize(
    ("text", "mention", "lat", "lon", "km"),
    [
        # a national capital before the division of the same name
        ("Lawmakers in Washington voted on the spending bill on Tuesday.", "Washington", 38.9, -77.04, 20),
        # a metropolis before its own state, unless the text says "state"
        ("Rents in New York rose again last year, a housing group said.", "New York", 40.71, -74.0, 30),
        ("Heavy snow shut schools across New York state on Monday.", "New York", 42.9, -75.5, 250),
    ],
)
def test_city_or_division_of_the_same_name(parse, text, mention, lat, lon, km):
    assert _near(_place(parse(text), mention), lat, lon, km)


def test_state_abbreviation_and_postal_code_place_the_town(parse):
    gdf = parse("The barn fire near Louisville, Ky., spread to a second farm; crews came from Lexington, KY, to help.")
    assert _near(_place(gdf, "Louisville"), 38.25, -85.76, 20)
    assert _place(gdf, "Ky.")["place"] == "Kentucky"
    assert _place(gdf, "KY")["place"] == "Kentucky"
    gdf = parse("Police in Perth, WA, arrested two men after the robbery.")
    assert _near(_place(gdf, "Perth"), -31.95, 115.86, 30)


def test_county_is_a_place(parse):
    gdf = parse("Officials in Orange County, California, said the beaches would reopen on Friday.")
    row = _place(gdf, "Orange County")
    assert row["feature"] == "admin2" and _near(row, 33.7, -117.8, 60)


def test_continent_adjective_and_the_union(parse):
    gdf = parse("European ministers met to discuss the EU budget.")
    assert _place(gdf, "European")["place"] == "Europe"
    assert _place(gdf, "EU")["place"] == "Europe"  # not Eu, the town in Normandy


def test_region_beats_a_hamlet_of_the_same_name(parse):
    gdf = parse("Oil prices rose as tension in the Middle East grew.")
    assert _place(gdf, "Middle East")["feature"] == "region"


def test_islands_and_deserts_the_populated_places_lack(parse):
    gdf = parse("Two surfers were rescued off Oahu on Sunday, Hawaii officials said.")
    row = _place(gdf, "Oahu")
    assert row["feature"] == "region" and _near(row, 21.47, -157.98, 40)
    gdf = parse("Commuters on Long Island faced delays after storms hit New York overnight.")
    assert _near(_place(gdf, "Long Island"), 40.8, -73.2, 80)  # the island of New York, not the Bahamas' district
    gdf = parse("Herders in the Gobi Desert lost thousands of animals, Mongolian officials said.")
    assert _near(_place(gdf, "Gobi Desert"), 43.0, 105.0, 600)


def test_places_near_the_other_places_of_the_story(parse):
    gdf = parse("A man from Edmonton was arrested in Tottenham after a chase through Enfield and Wood Green.")
    assert _near(_place(gdf, "Edmonton"), 51.62, -0.06, 15)  # the London Edmonton, not Alberta's


def test_a_surname_is_not_a_place(parse):
    gdf = parse("Mr Paterson told reporters the new bridge would open next year.")
    assert not any(m["text"] == "Paterson" for ms in gdf["mentions"] for m in ms)


def test_police_at_the_start_of_a_sentence_is_not_an_organisation(parse):
    gdf = parse("Police in Leeds said the road had reopened.")
    assert _near(_place(gdf, "Leeds"), 53.8, -1.55, 20)


def test_small_town_placed_by_its_division(parse):
    gdf = parse("INNISFAIL, Alta. - A crash closed the highway south of town on Sunday.")
    assert _near(_place(gdf, "INNISFAIL"), 52.03, -113.95, 20)
    assert _place(gdf, "Alta.")["place"] == "Alberta"


def test_a_country_named_by_its_institution(parse):
    gdf = parse("The US State Department condemned the shelling of the port.")
    assert _place(gdf, "US")["country"] == "US"
    gdf = parse("Air Canada cancelled all flights on Friday.")
    assert not any(m["text"] == "Canada" for ms in gdf["mentions"] for m in ms)


def test_unknown_place_is_placed_by_the_story(gazetteer):
    # "Zarbelo" is in no gazetteer; given as a place name (a caller's own span), it lands at the place beside it
    from geomap.mentions import find_mentions
    from geomap.nlp import load_model
    from geomap.resolve import resolve

    text = "Shelling hit Zarbelo outside Aleppo on Monday."
    doc = load_model()(text)
    mentions = find_mentions(doc, gazetteer)
    start = text.index("Zarbelo")
    mentions.append(Mention(text="Zarbelo", start=start, end=start + 7, tok_start=2, tok_end=3))
    place = next(p for p in resolve(doc, mentions, gazetteer) if p.name == "Zarbelo")
    assert place.anchor == "Aleppo" and place.confidence < 0.6
    assert haversine_km(36.2, 37.16, place.lat, place.lon) <= 60


def test_a_venue_the_text_does_not_place_lands_in_the_story_s_county(parse):
    # no city named: the county the story is in, not the whole country (nor nowhere)
    gdf = parse(
        "The patient was taken to MetroHealth Medical Center, a spokesman for Cuyahoga County said. "
        "The county medical examiner confirmed the death."
    )
    row = _place(gdf, "MetroHealth Medical Center")
    assert row["located_by"] == "Cuyahoga County" and _near(row, 41.46, -81.70, 40)


def test_a_state_s_mission_stands_where_the_text_puts_it_not_in_the_state_it_names(parse):
    # "the US Embassy in Nairobi" is in Kenya; the United States is still a place the story names
    gdf = parse("A car bomb exploded outside the US Embassy in Nairobi on Friday.")
    row = _place(gdf, "US Embassy")
    assert row["country"] == "KE" and _near(row, -1.28, 36.82, 25)
    assert _place(gdf, "US")["place"] == "United States"
    # "in X" may hang on the verb: right after the mission's name it still places it
    gdf = parse("The president then visited the Embassy of the Republic of Armenia in Rome, where medals were given.")
    assert _place(gdf, "Embassy of the Republic of Armenia")["country"] == "IT"


def test_a_mission_the_text_does_not_place_is_not_put_in_a_country(parse):
    # a country named near it may be the sender as well as the host: the mission stays off the map
    gdf = parse(
        "Davis, a secretary at the British Embassy, said that since the UK applied in 2012, "
        "the embassy has worked with Japanese groups."
    )
    row = _place(gdf, "British Embassy")
    assert row["geometry"] is None or row["geometry"].is_empty
    # with a town of the story to put it in, it is there
    gdf = parse("Protesters gathered outside the Russian Embassy on Tuesday. Police in Berlin arrested two men.")
    assert _place(gdf, "Russian Embassy")["located_by"] == "Berlin"


def test_two_countries_in_a_row_are_no_hierarchy(parse):
    # "Russia, U.S. officials said" is not Russia, Ohio; "Paris, Texas" still is the Texan one
    gdf = parse("He wrote about Trump's entanglements in Russia, U.S. officials said, after talks on Wall Street.")
    assert _place(gdf, "Russia")["feature"] == "country"
    assert _place(parse("The storm hit Paris, Texas, on Monday."), "Paris")["country"] == "US"


def test_a_sea_written_with_the_article_is_the_sea(parse):
    # Atlantic, Iowa is a town; in a story about US hurricanes "the tropical Atlantic" is the ocean
    gdf = parse(
        "Forecasters in Colorado expect an active season across the United States. Storms form in "
        "the tropical Atlantic every summer, and the eastern Pacific is warm."
    )
    features = dict(zip(gdf["place"], gdf["feature"], strict=True))
    assert features.get("Atlantic Ocean") == "water" and features.get("Pacific Ocean") == "water"
    assert "Atlantic" not in features


def test_a_name_named_often_does_not_vote_for_itself(parse):
    # London named four times must not make a story about Canada a British one: London, Ontario
    gdf = parse(
        "London police say a man was stabbed early Sunday near a bar downtown. Officers in London were "
        "called at 2 a.m. London's police chief said knife crime was rising across Canada. It was the "
        "third stabbing in London this month, one of the highest rates in Canada."
    )
    assert dict(zip(gdf["place"], gdf["country"], strict=True))["London"] == "CA"


def test_a_metropolis_is_not_outvoted_by_thin_context(parse):
    # one small place elsewhere is thin evidence: Toronto is the city of 2.8 million, not Toronto, NSW
    gdf = parse("TORONTO - Toronto police said on Monday that Toronto had its warmest winter on record.")
    assert set(gdf.loc[gdf["place"] == "Toronto", "country"]) == {"CA"}


@pytest.mark.parametrize(
    ("text", "mention", "lat", "lon", "km"),
    [
        # a Canadian story: its context and Alberta do not make Queensland a hamlet in Alberta when the
        # text names its Australian neighbour
        (
            "Trade offices run by New South Wales and Queensland sell beef in Asia, Alberta's premier told "
            "a meeting in Ottawa on Canada's trade.",
            "Queensland",
            -20.0,
            145.0,
            800,
        ),
        # Kentucky students abroad: the text names France, so Paris is not Paris, Kentucky
        (
            "Two students from Lexington, Kentucky, were in France with their parents when a gunman opened "
            "fire in Paris on Thursday. They will fly home to Kentucky next week.",
            "Paris",
            48.85,
            2.35,
            20,
        ),
        # a sea is not a namesake town however American the story
        (
            "The Navy said the destroyer left San Diego, California, for exercises in the Pacific with ships "
            "from Washington state and Missouri.",
            "Pacific",
            0.0,
            -160.0,
            5000,
        ),
    ],
)
def test_a_well_known_place_before_a_small_namesake(parse, text, mention, lat, lon, km):
    assert _near(_place(parse(text), mention), lat, lon, km)


@pytest.mark.parametrize(
    ("text", "mention", "lat", "lon"),
    [
        # among the story's places, and no Canada in the story
        (
            "EDMONTON — A Metcalfe County man was arrested on Friday after a chase that ended in Barren County, "
            "the Kentucky State Police said.",
            "EDMONTON",
            36.98,
            -85.61,
        ),
        (
            "Ireland's energy agency will audit the Ramor Theatre in Virginia, the courthouse in Ballyjamesduff "
            "and the town hall in Cavan.",
            "Virginia",
            53.83,
            -7.08,
        ),
        # written with its state
        ("The festival in Paris, Ky., drew a record crowd despite a rainy Saturday.", "Paris", 38.21, -84.25),
    ],
)
def test_a_small_namesake_the_text_supports(parse, text, mention, lat, lon):
    assert _near(_place(parse(text), mention), lat, lon, 30)


def test_a_name_read_as_a_city_does_not_name_its_state_for_other_places(parse):
    # "Washington" is the capital here, so Geneva is not Geneva, Washington state
    gdf = parse("Washington condemned the strike. The UN envoy, speaking in Geneva, urged restraint.")
    assert _place(gdf, "Geneva")["country"] == "CH"
    gdf = parse("Floods hit Geneva, Washington, on Monday.")
    assert _place(gdf, "Geneva")["country"] == "US"


def test_a_venue_the_text_puts_in_a_state_lands_in_the_story_s_city_there(parse):
    gdf = parse(
        "PARIS, Texas — A gunman opened fire outside a bar on Clarksville Street in this northeast Texas town "
        "on Saturday, killing two people, police said."
    )
    row = _place(gdf, "Clarksville Street")
    assert row["located_by"] == "Paris" and _near(row, 33.66, -95.56, 30)


def test_a_region_near_a_town_of_another_country_does_not_hold_it():
    from geomap.resolve import Place

    # an island 300 km across the sea from a town: near, not inside (an area role must not cross the border)
    majorca = Place(name="Majorca", feature="region", country="ES", lat=39.6, lon=2.9, precision_km=150.0)
    zemmouri = Place(name="Zemmouri", feature="city", country="DZ", lat=36.78, lon=3.6, precision_km=3.0)
    palma = Place(name="Palma", feature="city", country="ES", lat=39.57, lon=2.65, precision_km=8.0)
    assert not majorca.contains(zemmouri) and majorca.contains(palma)
    # a region no country holds (a sea, the Sahel) may hold places of any country
    sahel = Place(name="Sahel", feature="region", lat=15.0, lon=5.0, precision_km=1800.0)
    assert sahel.contains(Place(name="Niamey", feature="city", country="NE", lat=13.5, lon=2.1, precision_km=9.0))


def test_a_container_written_after_a_name_rules_out_namesakes_elsewhere(parse):
    # the gazetteer's only Uto is in Japan; "Utö, Finland" is a town it lacks, placed in Finland
    gdf = parse("The ferry sank off Utö, Finland, early on Wednesday.")
    uto = gdf[gdf["place"] == "Utö"].iloc[0]
    assert uto["country"] == "FI" and uto["located_by"] == "Finland"
    # a namesake the container allows is still that place
    gdf = parse("A tornado hit Paris, Texas, on Monday.")
    assert gdf[gdf["place"] == "Paris"].iloc[0]["admin1"] == "Texas"


def test_a_region_s_name_news_uses_beats_a_province_of_that_name_elsewhere(parse):
    # "Gaza" is the Gaza Strip's name in the news (regions.csv), not an alternate name: not Gaza, Mozambique
    assert list(parse("Shelling hit Gaza on Monday.")["country"]) == ["PS"]
