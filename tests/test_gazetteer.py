from geomap.gazetteer import ABBR, DEMONYM, normalize


def test_normalize_folds_case_accents_dots_and_dashes():
    assert normalize("U.S.") == "us"
    assert normalize("Kyïv") == "kyiv"
    assert normalize("Guinea-Bissau") == normalize("Guinea Bissau")
    assert normalize("Côte d’Ivoire") == "cote d'ivoire"


def test_big_city_and_its_country(gazetteer):
    moscow = [m.entry for m in gazetteer.lookup("Moscow") if m.entry.country == "RU" and m.entry.feature == "city"]
    assert moscow and moscow[0].gazetteer_id == "geonames:524901" and moscow[0].capital
    assert abs(moscow[0].lat - 55.75) < 0.1 and abs(moscow[0].lon - 37.62) < 0.1
    # Moscow, Idaho is there too: the choice is made in context
    assert any(m.entry.country == "US" for m in gazetteer.lookup("Moscow"))


def test_countries_have_iso_codes_capitals_and_demonyms(gazetteer):
    ua = gazetteer.country("UA")
    assert ua.name == "Ukraine" and ua.gazetteer_id == "geonames:690791"
    assert gazetteer.capital("UA").name == "Kyiv"
    assert gazetteer.capital("RU").gazetteer_id == "geonames:524901"
    dem = [m for m in gazetteer.lookup("Ukrainian") if m.kind == DEMONYM]
    assert dem and dem[0].entry.country == "UA"
    assert any(m.entry.country == "UA" for m in gazetteer.lookup("Ukrainians"))
    assert any(m.entry.country == "TJ" for m in gazetteer.lookup("Tajik"))


def test_abbreviations_match_only_as_written(gazetteer):
    us = [m for m in gazetteer.lookup("US") if m.kind == ABBR]
    assert us and us[0].entry.country == "US"
    assert us[0].accepts("US") and us[0].accepts("U.S.")
    assert not us[0].accepts("us")


def test_first_level_divisions_and_regions(gazetteer):
    texas = [m.entry for m in gazetteer.lookup("Texas") if m.entry.feature == "admin1"]
    assert texas and texas[0].country == "US" and texas[0].gazetteer_id == "geonames:4736286"
    assert 25 < texas[0].lat < 36 and -107 < texas[0].lon < -93
    assert any(m.entry.feature == "water" for m in gazetteer.lookup("Black Sea"))
    assert any(m.entry.feature == "region" for m in gazetteer.lookup("Gaza Strip"))


def test_hundreds_of_thousands_of_names(gazetteer):
    n_places = gazetteer._con.execute("SELECT count(*) FROM places").fetchone()[0]
    n_names = gazetteer._con.execute("SELECT count(*) FROM names").fetchone()[0]
    assert n_places > 200_000 and n_names > 500_000


def test_division_abbreviations_need_their_dot(gazetteer):
    ky = [m for m in gazetteer.lookup("Ky.") if m.entry.feature == "admin1"]
    assert ky and ky[0].entry.name == "Kentucky"
    assert ky[0].accepts("Ky.") and not ky[0].accepts("Ky")
    assert [m.entry.name for m in gazetteer.lookup("postal:WA") if m.entry.country == "AU"] == ["Western Australia"]
    assert any(m.entry.name == "British Columbia" for m in gazetteer.lookup("B.C."))


def test_counties_and_compass_named_divisions(gazetteer):
    kent = [m.entry for m in gazetteer.lookup("Kent") if m.entry.feature == "admin2" and m.entry.country == "GB"]
    assert kent and abs(kent[0].lat - 51.2) < 0.5 and abs(kent[0].lon - 0.7) < 0.7
    # Ghana's "Eastern" region is found as "Eastern Region", never as the plain word
    assert not any(m.entry.feature == "admin1" for m in gazetteer.lookup("Eastern"))
    assert any(m.entry.country == "GH" for m in gazetteer.lookup("Eastern Region"))


def test_division_points_lie_inside_them(gazetteer):
    alaska = [m.entry for m in gazetteer.lookup("Alaska") if m.entry.feature == "admin1"][0]
    assert 55 < alaska.lat < 70 and -165 < alaska.lon < -140  # not pulled across the antimeridian
    qld = [m.entry for m in gazetteer.lookup("Queensland") if m.entry.feature == "admin1"][0]
    assert -26 < qld.lat < -17 and 140 < qld.lon < 150


def test_states_and_provinces_have_outlines_where_natural_earth_draws_them(gazetteer):
    import shapely

    alberta = shapely.from_geojson(gazetteer.outline("admin1", "CA", "Alberta"))
    assert alberta.contains(shapely.Point(-113.49, 53.55))  # Edmonton
    assert not alberta.contains(shapely.Point(-106.67, 52.13))  # Saskatoon, next door
    hawaii = shapely.from_geojson(gazetteer.outline("admin1", "US", "Hawaii"))
    assert hawaii.contains(shapely.Point(-157.86, 21.31))  # Honolulu, on Oahu, not the largest island
    assert gazetteer.outline("admin1", "DE", "Bavaria") is None  # not drawn at 1:50m
    assert gazetteer.outline("admin1", "CA", None) is None


def test_a_division_s_own_name_wins_over_another_s_other_name(gazetteer):
    # iso3166-2 also calls the District of Columbia "Washington"; the state keeps its own code
    assert gazetteer.admin1_code("US", "Washington") == "US-WA"
    assert gazetteer.admin1_code("US", "District of Columbia") == "US-DC"


def test_natural_earth_regions_that_no_other_place_is_called(gazetteer):
    oahu = [m.entry for m in gazetteer.lookup("Oahu") if m.entry.feature == "region"]
    assert [(e.name, e.country) for e in oahu] == [("O‘ahu", "US")]  # the okina dropped as news writes it
    assert {m.entry.country for m in gazetteer.lookup("Long Island") if m.entry.feature in ("region", "admin1")} == {
        "US",
        "BS",
    }
    # an archipelago named as its country, an island as its state: the country and the state alone
    assert [m.entry.feature for m in gazetteer.lookup("Japan")] == ["country"]
    assert not any(m.entry.gazetteer_id.startswith("naturalearth:") for m in gazetteer.lookup("Tasmania"))
    # direction and kind words only ("Central Highlands" of Vietnam): no one place
    assert not any(m.entry.gazetteer_id.startswith("naturalearth:") for m in gazetteer.lookup("Central Highlands"))


def test_continents_have_adjectives(gazetteer):
    europe = [m for m in gazetteer.lookup("European") if m.kind == DEMONYM]
    assert europe and europe[0].entry.name == "Europe" and europe[0].entry.gazetteer_id == "geonames:6255148"
    assert any(m.entry.name == "Africa" for m in gazetteer.lookup("African"))


def test_airports_by_the_names_news_gives_them(gazetteer):
    from geomap._geo import haversine_km

    for written in ("Toronto Pearson International Airport", "Pearson Airport", "YYZ Airport"):
        (match,) = [m for m in gazetteer.lookup(written) if m.entry.feature == "venue"]
        assert match.entry.gazetteer_id == "airportsdata:CYYZ" and match.entry.country == "CA"
        assert haversine_km(43.677, -79.631, match.entry.lat, match.entry.lon) < 2
    # "Amsterdam Airport Schiphol" is also "Schiphol Airport"; Montréal's airport without the city
    assert any(m.entry.country == "NL" for m in gazetteer.lookup("Schiphol Airport"))
    assert any(m.entry.country == "CA" for m in gazetteer.lookup("Pierre Elliott Trudeau International Airport"))


def test_no_airport_is_called_by_what_kind_it_is(gazetteer):
    # "Lincoln Municipal Airport" gives no "Municipal Airport"; a short form two airports share is left out
    for generic in ("Municipal Airport", "Regional Airport", "International Airport", "County Airport"):
        assert not [m for m in gazetteer.lookup(generic) if m.entry.feature == "venue"], generic


def test_the_us_capital_lies_in_the_district_of_columbia(gazetteer):
    dc = max((m.entry for m in gazetteer.lookup("Washington") if m.entry.capital), key=lambda e: e.population)
    assert dc.country == "US" and dc.admin1 == "District of Columbia"


def test_place_names_as_english_news_writes_them(gazetteer):
    # GeoNames' transliteration marks are dropped from the display name; other accents stay
    assert {m.entry.name for m in gazetteer.lookup("Kandahar") if m.entry.feature == "city"} >= {"Kandahar"}
    assert any(m.entry.name == "São Paulo" for m in gazetteer.lookup("Sao Paulo"))


def test_a_long_run_keeps_a_bounded_name_cache_and_the_same_answers(gazetteer, monkeypatch):
    from geomap import gazetteer as module
    from geomap.gazetteer import Gazetteer

    fresh = Gazetteer(gazetteer.path)
    before = {name: [m.entry.id for m in fresh.lookup(name)] for name in ("Paris", "Kenya", "Texas")}
    monkeypatch.setattr(module, "MAX_CACHED", 50)
    names = [f"{a}{b}" for a in "abcdefghij" for b in "klmnopqrst"]  # 100 folded keys, most of them no place
    fresh.lookup_many(names)
    assert len(fresh._cache) <= 100  # the cache was emptied rather than grown past its bound
    fresh.lookup_many(names[:60])
    assert len(fresh._cache) <= 60
    after = {name: [m.entry.id for m in fresh.lookup(name)] for name in before}
    assert after == before and all(after.values())
