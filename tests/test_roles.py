"""Role rules, one short story each: the role a reader of the story would give the place.

Each test names the linguistic rule it checks (see geomap/roles.py and the profile files); the
sentences are made up for the test, not taken from any article.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import spacy
from spacy.tokens import Doc

from geomap.errors import ProfileError
from geomap.profile import load_profile
from geomap.roles.site import _said_inside
from geomap.roles.triggers import mention_roles

VOCAB = spacy.blank("en").vocab


def _roles(gdf) -> dict[str, list[str]]:
    return {row["place"]: list(row["roles"]) for _, row in gdf.iterrows()}


def _story(parse, text: str, **kw) -> dict[str, list[str]]:
    return _roles(parse("date 2024-05-04\n" + text, **kw))


# --- where it happened -------------------------------------------------------------------------


def test_crowds_forcing_their_way_into_a_building_make_it_the_site(parse):
    roles = _story(
        parse,
        "Thousands of protesters marched through Dhaka on Saturday. Crowds broke through police lines and "
        "pushed past the gates of Bangabhaban Palace after weeks of anger.",
    )
    assert roles["Bangabhaban Palace"] == ["incident_site"]
    assert "incident_site" not in roles["Dhaka"]


def test_a_dateline_is_where_the_story_was_filed_not_where_it_happened(parse):
    roles = _story(
        parse,
        "Gunmen abduct students in Nigeria\n\nLAGOS, Nigeria — Gunmen stormed a boarding school in Kaura Namoda "
        "in Zamfara state on Monday and abducted 40 students, police said.",
    )
    assert roles["Lagos"] == ["context"]
    assert roles["Kaura Namoda"] == ["incident_site"]
    roles = _story(
        parse,
        "Indonesia ferry sinks, killing 14\n\nJAKARTA, Indonesia — A passenger ferry sank off Buton island on "
        "Sunday, killing 14 people.",
    )
    assert roles["Jakarta"] == ["context"] and roles["Buton island"] == ["incident_site"]
    # when the story says nowhere else, the dateline's place is where it happened
    roles = _story(parse, "KABUL — A bomb exploded near a mosque on Friday, killing six worshippers.")
    assert roles["Kabul"] == ["incident_site"]


def test_with_no_sentence_placing_it_the_event_is_at_the_dateline_even_when_others_go_there(parse):
    # no sentence says where the coup happened: the dateline's town, not its country, nor a place
    # ranked above it because an envoy flew there ("flew to Bamako" is also where he went)
    roles = _story(
        parse,
        "BAMAKO, Mali (AP) — Soldiers announced on state television late Tuesday that they had removed the "
        "president from power and suspended the constitution.\n\nThe regional bloc's envoy flew to Bamako on "
        "Wednesday to mediate. The junta said elections would follow, and officials turned away from Paris.",
    )
    assert "incident_site" in roles["Bamako"] and "destination" in roles["Bamako"]
    assert "incident_site" not in roles["Mali"] and roles["Paris"] == ["context"]
    roles = _story(
        parse,
        "AQABA, Jordan (AP) — Jordan's interior minister flew to Aqaba on Monday, and the port of Aqaba was "
        "closed to ships for the day.\n\nOfficials in Amman called for calm.",
    )
    assert "incident_site" in roles["Aqaba"] and "incident_site" not in roles["Amman"]


def test_the_dateline_site_is_the_best_ranked_place_inside_the_dateline_town(monkeypatch):
    from types import SimpleNamespace as Fake

    from geomap.roles import site_rank
    from geomap.roles.site import _dateline_site

    worded = []  # the places with an event word in their sentences
    monkeypatch.setitem(site_rank.FEATURES, "event_sentence", lambda story, rp: float(any(rp is w for w in worded)))

    def place(name: str, ref: int, fineness: int) -> Fake:
        return Fake(place=Fake(name=name, mentions=[Fake(ref=ref)]), fineness=fineness)

    # "AQABA, Jordan —": the town (ref 1) and its country (ref 2) hold the dateline
    town, country, port, abroad = (
        place("Aqaba", 1, 2),
        place("Jordan", 2, 4),
        place("Aqaba port", 3, 1),
        place("Amman", 4, 2),
    )
    inside = {(id(town), id(port)), (id(country), id(town)), (id(country), id(port)), (id(country), id(abroad))}
    story = Fake(
        events={},
        located=[town, country, port, abroad],
        dateline={1, 2},
        fineness=lambda rp: rp.fineness,
        contains=lambda outer, inner: (id(outer), id(inner)) in inside,
    )
    ranking = [(3.0, abroad), (2.0, port), (1.0, town), (0.5, country)]
    assert _dateline_site(story, ranking) is port  # inside the town, not Amman (only inside the country)
    assert _dateline_site(story, [(3.0, abroad), (1.0, town)]) is town
    worded.append(abroad)
    assert _dateline_site(story, ranking) is None  # "a bus plunged into a river near Amman": the ranking decides
    worded.clear()
    story.events = {4: ["a sentence placing it in Amman"]}
    assert _dateline_site(story, ranking) is None  # a trigger places it: the ranking decides


def test_people_ordered_to_leave_a_town_are_no_one_giving_orders(parse):
    roles = _story(
        parse,
        "EDMONTON, Alberta — About 7,000 residents of the town of Slave Lake were ordered to leave their homes "
        "on Sunday as a wildfire jumped a highway.",
    )
    # harmed, the only place the story gives for the fire (the site or affected), and giving no orders
    assert roles["Slave Lake"] in (["incident_site"], ["affected"])
    assert roles["Edmonton"] == ["context"]  # the dateline; the story says where harm was done
    roles = _story(parse, "Officials in Slave Lake, Alberta, ordered residents to leave as a wildfire approached.")
    assert "response" in roles["Slave Lake"]


def test_a_cyber_attack_happens_where_its_victim_is(parse):
    roles = _story(
        parse,
        "Ransomware attack shuts largest US meat plant\n\nA meat packer headquartered in Greeley, Colorado, "
        "said it shut its plants on Sunday after discovering the ransomware attack.",
    )
    assert roles["Greeley"] == ["incident_site"]
    assert roles["United States"] == ["incident_area"]


def test_the_epicentre_is_the_site(parse):
    roles = _story(
        parse,
        "The quake struck on Friday night. Seismologists placed the epicentre close to Adassil, a village "
        "about 60 km south-west of Marrakesh, in Morocco.",
    )
    assert roles["Adassil"] == ["incident_site"]
    assert "incident_area" not in roles["Marrakesh"]  # a distance from a town is not inside it


def test_a_preposition_of_cause_does_not_place_the_event(parse):
    # "in retaliation FOR Kenya's operation": the attack did not happen in Kenya
    roles = _story(
        parse,
        "Two men attacked a hotel in Nakuru on Friday. The group said the attack was in retaliation for "
        "Kenya's military campaign in Somalia.",
    )
    assert roles["Nakuru"] == ["incident_site"]
    assert roles["Kenya"] == ["incident_area"]


def test_felt_far_away_is_not_where_it_happened(parse):
    roles = _story(
        parse,
        "An earthquake struck the town of Bam on Friday, killing 40 people. The tremor was felt in Tehran.",
    )
    assert roles["Bam"] == ["incident_site"]
    # felt is no harm (roles.md's affected is "harmed"): context; the disaster profile counts shaking felt
    assert roles["Tehran"] == ["context"]
    disaster = _story(
        parse,
        "An earthquake struck the town of Bam on Friday, killing 40 people. The tremor was felt in Tehran.",
        profile="disaster",
    )
    assert disaster["Bam"] == ["epicentre"] and disaster["Tehran"] == ["affected"]


def test_a_place_hit_elsewhere_is_affected(parse):
    # an event place that neither contains the site nor is as fine as it
    roles = _story(
        parse,
        "Floods swept through the town of Sinzig on Wednesday. Across the border, at least 20 people died in Belgium.",
    )
    assert roles["Sinzig"] == ["incident_site"]
    assert roles["Belgium"] == ["affected"]


def test_another_year_another_or_a_possible_event_is_not_this_one(parse):
    roles = _story(
        parse,
        "A fire destroyed a market in Lagos on Friday. It was the worst since the storm that hit Ibadan in 1980. "
        "Another blaze broke out near Abuja last year. Engineers warned that a dam near Kano could collapse.",
    )
    assert roles["Lagos"] == ["incident_site"]
    for place in ("Ibadan", "Abuja", "Kano"):
        assert "incident_site" not in roles[place] and "affected" not in roles[place], place


def test_a_clause_dated_back_to_another_time_gives_no_incident_roles(parse):
    # "last May", "a decade ago": counted back by months or years, another event
    roles = _story(
        parse,
        "A fuel depot exploded in Accra on Tuesday, killing nine. Last May, a blast at a depot in Tema killed four "
        "workers.",
    )
    assert roles["Accra"] == ["incident_site"] and roles["Tema"] == ["context"]
    roles = _story(parse, "A ferry sank off Zanzibar on Monday. A decade ago, a ferry capsized near Pemba, killing 20.")
    assert roles["Pemba"] == ["context"]
    # the people of another year's event responded to that one, not this
    roles = _story(
        parse,
        "A gunman opened fire at a school in Brno on Thursday. In 2019, a gunman killed six people at a hospital "
        "in Ostrava.",
    )
    assert roles["Ostrava"] == ["context"]


def test_a_month_and_year_before_the_clause_date_it(parse):
    # "In October 2001," is one date: its year dates the sinking, the drowning and where the boat came from
    roles = _story(
        parse,
        "A boat broke up on the rocks of Christmas Island on Wednesday. In October 2001, another vessel sank on "
        "its way from Sumatra to the island, drowning 353 people.",
    )
    assert roles["Sumatra"] == ["context"]


def test_a_bare_month_of_another_month_dates_another_event(parse):
    roles = _roles(
        parse(
            "date 2015-06-27\nA gunman killed 38 tourists on a beach in Sousse on Friday. In March, when gunmen "
            "killed 21 visitors at a museum in Tunis, the authorities had vowed to protect tourist sites."
        )
    )
    assert roles["Sousse"] == ["incident_site"] and roles["Tunis"] == ["context"]


def test_which_bare_months_count_back_on_a_hand_built_parse():
    import spacy
    from spacy.tokens import Doc

    from geomap.roles.triggers import other_time

    def month_word(words, ents, month):
        doc = Doc(spacy.blank("en").vocab, words=words, ents=ents)
        return other_time(doc[ents.index("B-DATE")], month)

    assert month_word(["in", "March", ",", "when"], ["O", "B-DATE", "O", "O"], 6)
    assert not month_word(["in", "June", ",", "when"], ["O", "B-DATE", "O", "O"], 6)  # the story's own month
    assert not month_word(["on", "March", "3"], ["O", "B-DATE", "I-DATE"], 6)  # a day: judged by its year
    assert not month_word(["in", "March", ",", "when"], ["O", "B-DATE", "O", "O"], None)  # no date to compare


def test_a_past_event_in_apposition_to_this_one_is_not_this_one(parse):
    # the link from Munich climbs from "the 1958 ... crash" to "The crash" of the story: it stops at the past one
    roles = _story(
        parse,
        "A charter plane crashed near Medellín on Monday, killing 71. The crash revived memories of other "
        "disasters: the 1958 Munich air crash that killed eight players, and the 1993 crash off Gabon.",
    )
    assert roles["Munich"] == ["context"] and roles["Gabon"] == ["context"]


def test_where_the_victims_are_from_is_affected(parse):
    roles = _story(
        parse,
        "A boat carrying asylum seekers broke up on the rocks of Christmas Island on Wednesday, killing 28. "
        "Survivors are believed to be mostly from Iraq and Iran.",
    )
    assert roles["Iraq"] == ["affected"] and roles["Iran"] == ["affected"]
    roles = _story(
        parse,
        "Gunmen stormed a hotel in Ouagadougou on Friday, killing 28 people. Six of the dead were Canadians. "
        "Police said the guests included two Australians, with others from Japan.",
    )
    assert all(roles[p] == ["affected"] for p in ("Canada", "Australia", "Japan")), roles
    # the attackers' country is no victims' home
    roles = _story(parse, "Gunmen stormed a hotel in Ouagadougou on Friday. The attackers were from Mali.")
    assert "affected" not in roles["Mali"]


def test_a_date_entity_dates_a_clause_on_a_hand_built_parse():
    import spacy
    from spacy.tokens import Doc

    from geomap.roles.triggers import _historical

    words = ["In", "October", "2001", ",", "a", "vessel", "sank"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=[6, 0, 1, 6, 5, 6, 6],
              deps=["prep", "pobj", "nummod", "punct", "det", "nsubj", "ROOT"],
              ents=["O", "B-DATE", "I-DATE", "O", "O", "O", "O"])  # fmt: skip
    assert _historical(doc[6], 2010) and not _historical(doc[6], 2001)


def test_a_date_in_a_clause_that_describes_a_place_does_not_date_what_it_does(parse):
    roles = _story(
        parse,
        "A gunman opened fire at a school in Brno on Thursday. France, which in 2015 suffered its own attacks, "
        "condemned the shooting.",
    )
    assert roles["France"] == ["reaction"]


def test_which_dates_count_back_to_another_event():
    import spacy
    from spacy.tokens import Doc

    from geomap.roles.triggers import other_time

    def first_date_word(words, ents):
        doc = Doc(spacy.blank("en").vocab, words=words, ents=ents)
        return other_time(doc[ents.index("B-DATE")])

    assert first_date_word(["two", "years", "ago", ",", "floods"], ["B-DATE", "I-DATE", "I-DATE", "O", "O"])
    assert first_date_word(["Last", "May", ",", "a", "blast"], ["B-DATE", "I-DATE", "O", "O", "O"])
    assert first_date_word(["earlier", "this", "year"], ["B-DATE", "I-DATE", "I-DATE"])
    # the story's own event
    assert not first_date_word(["two", "days", "ago"], ["B-DATE", "I-DATE", "I-DATE"])
    assert not first_date_word(["last", "night"], ["B-DATE", "I-DATE"])
    assert not first_date_word(["on", "Tuesday"], ["O", "B-DATE"])


def test_an_event_with_its_own_year_is_another_event_even_without_a_date(parse):
    gdf = parse("A landslide buried a village near Pokhara. The disaster recalled the 2015 quake that had hit Nepal.")
    roles = _roles(gdf)
    assert roles["Pokhara"] == ["incident_site"]
    assert "affected" not in roles["Nepal"] and "incident_site" not in roles["Nepal"]


def test_an_adjective_before_the_event_word_is_no_place_of_it(parse):
    # "Strong earthquake hits Japan": 'Strong' is an adjective even if a town is spelt so; "the city of Wajima,
    # where a large fire broke out" is where it happened
    roles = _roles(
        parse(
            "date 2024-01-02\nStrong earthquake hits Japan\n\nAn earthquake struck Ishikawa prefecture on Monday, "
            "toppling buildings in the city of Wajima, where a large fire broke out.\n"
        )
    )
    assert roles["Wajima"] == ["incident_site"]
    assert "incident_site" not in roles.get("Strong", [])


def test_a_named_storm_is_the_event_and_no_place(parse):
    # "Hurricane Irma" makes "Irma" the storm's name: "Irma lashed Cuba" is the storm hitting Cuba
    roles = _story(parse, "Hurricane Irma tore across Barbuda on Wednesday. Irma later lashed Cuba, where two died.")
    assert roles["Barbuda"] == ["incident_site"]
    assert "affected" in roles["Cuba"]
    assert "Irma" not in roles


def test_storms_listed_by_name_are_no_places(parse):
    # "Harvey" and "Irma" are towns too; listed as hurricanes they are the storms' names
    roles = _story(
        parse,
        "The season ended with three major hurricanes striking US soil: Harvey, Irma and Maria. "
        "Typhoons Haiyan and Hagibis hit the Philippines and Japan.",
    )
    assert not {"Harvey", "Irma", "Maria", "Haiyan", "Hagibis"} & set(roles)
    assert {"United States", "Philippines", "Japan"} <= set(roles)


def test_what_broke_places_the_event(parse):
    # the subject of "gave way" holds the place: "a dam near the town of X gave way"
    roles = _story(parse, "A mining dam near the town of Itabira gave way on Friday, burying offices.")
    assert "incident_site" in roles["Itabira"]


def test_a_named_part_of_a_city_is_the_finer_site(parse):
    # "Lahore's Model Town" is a part of Lahore: the text puts it inside the city, so it is the finer place
    roles = _story(parse, "A plane crashed into houses in Lahore's Model Town on Friday, killing 20 people.")
    assert roles["Model Town"] == ["incident_site"]
    assert roles["Lahore"] == ["incident_area"]


def test_a_kind_noun_stands_for_the_place_it_names(parse):
    # "the village of X in Y's Z district": the district holds the village, the city holds both
    roles = _story(parse, "A train derailed near the village of Pingtan in Fuzhou's Minhou district on Friday.")
    assert roles["Pingtan"] == ["incident_site"]
    assert roles["Minhou"] == ["incident_area"]
    assert roles["Fuzhou"] == ["incident_area"]


def test_a_kind_noun_stands_for_the_place_it_names_on_a_hand_built_parse():
    words = ["near", "the", "village", "of", "Pingtan", "in", "Fuzhou", "'s", "Minhou", "district"]
    heads = [0, 2, 0, 2, 3, 2, 9, 6, 9, 5]
    deps = ["ROOT", "det", "pobj", "prep", "pobj", "prep", "poss", "case", "compound", "pobj"]
    pos = ["ADP", "DET", "NOUN", "ADP", "PROPN", "ADP", "PROPN", "PART", "PROPN", "NOUN"]
    doc = Doc(VOCAB, words=words, heads=heads, deps=deps, pos=pos)

    def place(key, i):
        mention = SimpleNamespace(tok_start=i, tok_end=i + 1)
        return SimpleNamespace(
            key=key, place=SimpleNamespace(name=words[i], feature="city", fineness=2, anchor=None, mentions=[mention])
        )

    village, city, district = place(1, 4), place(2, 6), place(3, 8)
    # the district holds the village, the city the district, and so the village too
    assert _said_inside(doc, [village, city, district]) == {(3, 1), (2, 3), (2, 1)}


def test_a_site_no_gazetteer_knows_still_has_an_area(parse):
    # a village with no point is the site; the town the text puts the event near, and its province, the area
    roles = _story(
        parse,
        "Two trains collided on Friday near the town of Tahta in Sohag province, beside the village of Kom Bakir, "
        "killing 19.",
    )
    assert roles["Kom Bakir"] == ["incident_site"]
    assert roles["Ţahţa"] == ["incident_area"] and roles["Sohag"] == ["incident_area"]


def test_an_island_is_no_finer_than_its_town(parse):
    # "the town of Lahaina on the island of Maui": an island the text placed at the town contains it
    roles = _story(parse, "A brush fire burned through the town of Lahaina on the island of Maui on Tuesday.")
    assert roles["Lahaina"] == ["incident_site"]
    assert roles["Maui"] == ["incident_area"]


def test_a_where_clause_makes_a_second_site(parse):
    # "the suburb of X, where more people were shot": the clause says what happened there; a place the text
    # only puts in the same town as the site is beside it, not around it
    roles = _story(
        parse,
        "A gunman opened fire at the Central Mosque in Leeds on Friday. He then drove to a second mosque in the "
        "suburb of Beeston, where two more people were shot.",
    )
    assert roles["Central Mosque"] == ["incident_site"]
    assert roles["Beeston"] == ["incident_site"]
    assert roles["Leeds"] == ["incident_area"]


def test_any_event_word_as_the_subject_places_the_event(parse):
    # "killings were reported in X": the event word is the subject, the place hangs on the verb
    roles = _story(
        parse,
        "Soldiers opened fire on marchers in Tarnów on Saturday. Killings were also reported in Rzeszów.",
    )
    assert "incident_site" in roles["Rzeszów"]


def test_the_event_word_as_subject_places_it_only_through_a_preposition_of_place(parse):
    # "the injured were taken TO Kielce": where the hurt are taken is no place of the event
    roles = _story(
        parse,
        "A bus overturned near Tarnów on Saturday, and the injured were taken to a hospital in Kielce.",
    )
    assert roles["Tarnów"] == ["incident_site"]
    assert "incident_site" not in roles["Kielce"]


def test_an_event_word_as_subject_places_the_event_through_a_preposition_of_place_on_a_hand_built_parse():
    def roles(words, lemmas, pos, heads, deps, at):
        doc = Doc(
            VOCAB,
            words=words,
            lemmas=lemmas,
            pos=pos,
            heads=heads,
            deps=deps,
            sent_starts=[True] + [False] * (len(words) - 1),
        )
        return [
            r
            for r, _, _ in mention_roles(
                doc, SimpleNamespace(tok_start=at, tok_end=at + 1, kind="name"), load_profile("incident")
            )
        ]

    passive = (
        ["NOUN", "AUX", "VERB", "ADP", "PROPN", "PUNCT"],
        [2, 2, 2, 2, 3, 2],
        ["nsubjpass", "auxpass", "ROOT", "prep", "pobj", "punct"],
    )
    killings = ["Killings", "were", "reported", "in", "Rzeszów", "."], ["killing", "be", "report", "in", "Rzeszów", "."]
    assert "event" in roles(*killings, *passive, 4)
    wreckage = ["Wreckage", "was", "towed", "to", "Kielce", "."], ["wreckage", "be", "tow", "to", "Kielce", "."]
    assert "event" not in roles(*wreckage, *passive, 4)


def test_a_second_coordinated_preposition_hangs_on_the_same_word(parse):
    # "ferried patients to X in Y and to Z": the parse hangs the second "to" on "in"; Z is where the hurt
    # were taken as much as X
    roles = _story(
        parse,
        "A bus overturned near Kielce on Sunday. Ambulances ferried patients to Swietokrzyskie Hospital "
        "in Kielce and to Starachowice Hospital.",
    )
    assert "response" in roles["Starachowice Hospital"]


def test_a_second_coordinated_preposition_on_a_hand_built_parse():
    from geomap.roles.links import attachments

    words = ["ferried", "patients", "to", "Hospital", "in", "Kielce", "and", "to", "Radom"]
    heads = [0, 0, 0, 2, 3, 4, 4, 4, 7]
    deps = ["ROOT", "dobj", "prep", "pobj", "prep", "pobj", "cc", "conj", "pobj"]
    pos = ["VERB", "NOUN", "ADP", "PROPN", "ADP", "PROPN", "CCONJ", "ADP", "PROPN"]
    doc = Doc(VOCAB, words=words, heads=heads, deps=deps, pos=pos)
    links = [(rel, gov.i, prep.i if prep is not None else None) for rel, gov, prep, _, _ in attachments(doc[8])]
    # the second "to" is the first conjunct's: on "Hospital", and through it on "ferried"
    assert ("prep", 3, 7) in links and ("prep", 0, 7) in links


def test_what_the_disaster_released_places_it_too(parse):
    # "the sludge poured into the Doce River": what the event released is its subject
    roles = _story(parse, "A mining dam burst near Itabira on Friday. The sludge poured into the Doce River.")
    assert roles["Itabira"] == ["incident_site"]
    assert set(roles["Doce River"]) & {"incident_area", "affected"}


# --- who was harmed ----------------------------------------------------------------------------


def test_among_the_dead_is_affected(parse):
    # the subject of a copula with a prepositional complement: "X were among the dead"
    roles = _story(
        parse,
        "Gunmen stormed a mall in Nairobi on Saturday. Foreigners were among the dead, including three Britons "
        "and two French women. Five Norwegian employees were still missing.",
    )
    assert roles["United Kingdom"] == ["affected"]
    assert roles["France"] == ["affected"]
    assert roles["Norway"] == ["affected"]


def test_an_event_the_text_introduces_with_a_is_another_one(parse):
    # away from the site, "a bombing at a mosque in Doha" is another event: Doha is context, not harmed
    roles = _story(
        parse,
        "Gunmen stormed a hotel in Hammamet on Friday, killing 20. The attack came on the same day as a "
        "bombing at a mosque in Doha.",
    )
    assert roles["Doha"] == ["context"]
    # the story's own event, named again, still harms a place elsewhere
    roles = _story(parse, "An earthquake struck near Marrakesh on Friday. The quake killed 20 people in Agadir.")
    assert roles["Agadir"] == ["affected"]


def test_an_indefinite_event_on_a_hand_built_parse():
    from geomap.roles.evidence import Evidence
    from geomap.roles.site import _a_new_event

    def evidence(doc, word):
        return Evidence(
            role="event",
            text=doc.text,
            start=0,
            end=len(doc.text),
            mention="X",
            mention_start=0,
            trigger=word,
            confidence=1.0,
        )

    words = ["a", "bombing", "at", "a", "mosque"]
    doc = Doc(VOCAB, words=words, heads=[1, 1, 1, 4, 2], deps=["det", "ROOT", "prep", "det", "pobj"])
    assert _a_new_event(doc, evidence(doc, "bombing"))
    words = ["a", "second", "bomb", "exploded"]
    doc = Doc(
        VOCAB,
        words=words,
        heads=[2, 2, 3, 3],
        deps=["det", "amod", "nsubj", "ROOT"],
        pos=["DET", "ADJ", "NOUN", "VERB"],
    )
    assert not _a_new_event(doc, evidence(doc, "exploded"))
    words = ["the", "bombing", "at", "a", "mosque"]
    doc = Doc(VOCAB, words=words, heads=[1, 1, 1, 4, 2], deps=["det", "ROOT", "prep", "det", "pobj"])
    assert not _a_new_event(doc, evidence(doc, "bombing"))


def test_the_site_is_not_harmed_elsewhere(parse):
    # the site and what contains it lose 'affected': they are where it happened
    roles = _story(parse, "A wildfire destroyed most of the town of Paradise in California on Thursday.")
    assert roles["Paradise"] == ["incident_site"]
    assert "affected" not in roles["California"]


def test_a_venue_hit_elsewhere_is_damage_in_its_town():
    # location hierarchy: damage at a venue the text placed in a town is damage in that town
    from geomap.resolve import Place
    from geomap.roles import Evidence, RoledPlace
    from geomap.roles.passes import _harm_reaches_the_town

    town = RoledPlace(
        Place(name="Tabriz", feature="city", country="IR", gazetteer_id="geonames:1", lat=38.08, lon=46.29)
    )
    ev = Evidence(
        role="affected", text="Its Kabud Mosque was badly damaged.", start=0, end=35, mention="Kabud Mosque",
        mention_start=4, trigger="damaged", confidence=0.85,
    )  # fmt: skip
    mosque = RoledPlace(
        Place(name="Kabud Mosque", feature="venue", country="IR", lat=38.08, lon=46.29, anchor="Tabriz")
    )
    mosque.evidence.append(ev)
    _harm_reaches_the_town([town, mosque], load_profile())
    assert [e.role for e in town.evidence] == ["affected"]


def test_deaths_recorded_in_a_place(parse):
    # a participle on an event noun: "deaths recorded in X"
    roles = _story(
        parse,
        "An earthquake struck near Marrakesh on Friday, with further deaths recorded in Agadir.",
    )
    assert roles["Agadir"] == ["affected"]


# --- who did it, who answered -------------------------------------------------------------------


def test_holding_hostages_is_not_an_accusation(parse):
    # "hold" accuses only with "responsible": "militants were holding hostages inside the mall"
    roles = _story(
        parse,
        "Militants were holding hostages inside the Westgate shopping mall in Nairobi on Sunday. "
        "Kenya holds Somalia responsible.",
    )
    assert "accused" not in roles["Westgate shopping mall"] and "accused" not in roles["Nairobi"]
    assert "incident_site" in roles["Westgate shopping mall"]
    assert "accused" in roles["Somalia"]


def test_troops_at_home_respond_troops_from_abroad_come_from_somewhere(parse):
    roles = _story(
        parse,
        "Algerian special forces ended a siege at a gas plant near Illizi on Saturday. "
        "The militants had come from Mali with Libyan fighters.",
    )
    assert "response" in roles["Algeria"] and "origin" not in roles["Algeria"]
    assert "origin" in roles["Libya"]


def test_foreign_troops_sent_to_rescue_are_help(parse):
    roles = _story(
        parse,
        "A dam burst near Brumadinho on Friday. A team of Israeli soldiers arrived on Sunday to help the rescue.",
    )
    assert "origin" not in roles["Israel"] and "reaction" in roles["Israel"]


def test_officials_at_home_respond_abroad_react_blame_is_a_reaction(parse):
    roles = _story(
        parse,
        "A missile hit the railway station in Kramatorsk on Friday. Ukrainian officials said 50 people were killed. "
        "Kyiv blamed Moscow. In Berlin, the chancellor called the attack horrific.",
    )
    assert roles["Ukraine"] == ["incident_area", "response"]
    assert roles["Kyiv"] == ["reaction"]
    assert roles["Berlin"] == ["reaction"]


def test_a_colon_list_shares_the_role_of_its_head(parse):
    # "help from four countries: Spain, ..." -- the list is an apposition of "countries"
    roles = _story(
        parse,
        "An earthquake struck near Marrakesh on Friday. Rabat accepted offers of help from three countries: "
        "Spain, Qatar and Tunisia.",
    )
    for country in ("Spain", "Qatar", "Tunisia"):
        assert roles[country] == ["reaction"], country


def test_a_where_clause_of_help_and_families_waiting(parse):
    # "the port of X, where volunteers handed out dry clothes" is a response, though the survivors were
    # "brought to" it; "families in Punjab" waiting for news are the victims' home
    roles = _story(
        parse,
        "A fishing boat sank off Greece on Wednesday. Rescuers saved 104 people, who were brought to the port of "
        "Patras, where volunteers handed out dry clothes. In Lahore, families in Punjab waited for news.",
    )
    assert roles["Pátra"] == ["response"]
    assert roles["Punjab"] == ["affected"]


def test_where_the_gang_operates_from_and_who_investigates(parse):
    # "the group is believed to operate from X" after "a criminal gang"; "the Pakistani inquiry"; "stations in X,
    # where the governor declared a state of emergency"
    roles = _story(
        parse,
        "Hackers shut down a fuel pipeline in Texas on Friday. The FBI said a criminal gang was responsible. "
        "Researchers say the group is believed to operate from Russia. France said it would assist the "
        "American inquiry. Drivers queued at stations in Georgia, where the governor declared an emergency.",
    )
    assert "origin" in roles["Russia"]
    assert "response" in roles["United States"]
    assert "response" in roles["Georgia"]


def test_a_government_moved_by_it_reacts(parse):
    roles = _story(parse, "An earthquake struck near Marrakesh on Friday. The choice has irritated Paris.")
    assert roles["Paris"] == ["reaction"]


def test_people_gathering_to_give_blood_respond(parse):
    roles = _story(
        parse,
        "Gunmen attacked a mall in Nairobi on Saturday. Thousands queued at Uhuru Park to give blood.",
    )
    assert roles["Uhuru Park"] == ["response"]


def test_what_a_relative_clause_says_is_not_the_nouns_role(parse):
    # "the president, who visited X, said": X did not speak
    roles = _story(
        parse,
        "A missile hit the station in Kramatorsk on Friday. The commission president, who visited Irpin near Kyiv "
        "the same day, said the world would not stay silent.",
    )
    assert "reaction" not in roles.get("Kyiv", []) and "response" not in roles.get("Kyiv", [])


# --- where from, where to -----------------------------------------------------------------------


def test_stacked_prepositions_and_a_container_with_an_adjective(parse):
    # "set out FROM near Tobruk", "Tobruk in EASTERN Libya" shares Tobruk's role
    roles = _story(
        parse,
        "A fishing boat sank off Pylos on Wednesday. Survivors said the boat had set out from near Tobruk "
        "in eastern Libya, bound for Italy.",
    )
    assert roles["Tobruk"] == ["origin"]
    assert roles["Libya"] == ["origin"]
    assert roles["Italy"] == ["destination"]


def test_passengers_are_no_harm_words(parse):
    # "with 99 passengers" does not stop "taken off from Lahore" being where the plane came from
    roles = _story(
        parse,
        "A plane crashed in Karachi on Friday. It had taken off from Lahore with 99 passengers and crew "
        "and was trying to land at Jinnah International Airport.",
    )
    assert roles["Lahore"] == ["origin"]
    assert "destination" in roles["Jinnah International Airport"]


def test_who_came_from_a_place_decides_whether_it_is_the_origin(parse):
    # "the gunmen came from X" is where they came from; "messages came from Y" is no one's origin
    roles = _story(
        parse,
        "Gunmen attacked a hotel in Bamako on Friday. Officials said the gunmen came from Gao. "
        "Messages of sympathy arrived from Oslo and Lisbon.",
    )
    assert "origin" in roles["Gao"]
    assert "origin" not in roles["Oslo"] and "origin" not in roles["Lisbon"]


def test_where_the_vessel_was_built_is_not_its_origin(parse):
    # a thing made somewhere ("a Turkish-made drone") did not come from there to do it
    roles = _story(parse, "A ferry sank off Safaga on Friday. The ferry, built in Italy in 1970, was 35 years old.")
    assert "origin" not in roles["Italy"]


def test_who_does_it_on_a_hand_built_parse():
    from geomap.roles.triggers import _done_by

    # "a fan who had travelled from Douala": the relative clause's subject is the fan
    words = ["a", "fan", "who", "travelled", "from", "Douala"]
    heads = [1, 1, 3, 1, 3, 4]
    deps = ["det", "ROOT", "nsubj", "relcl", "prep", "pobj"]
    tags = ["DT", "NN", "WP", "VBD", "IN", "NNP"]
    lemmas = ["a", "fan", "who", "travel", "from", "Douala"]
    doc = Doc(VOCAB, words=words, heads=heads, deps=deps, tags=tags, lemmas=lemmas)
    assert not _done_by(doc[3], frozenset({"gunman"}))
    assert _done_by(doc[3], frozenset({"fan"}))
    # "they came": a pronoun may be anyone the story means
    doc = Doc(VOCAB, words=["they", "came"], heads=[1, 1], deps=["nsubj", "ROOT"], pos=["PRON", "VERB"])
    assert _done_by(doc[1], frozenset({"gunman"}))
    # who is not: up the parse to the doer, a name with a title counts as the title
    words = ["Minister", "Demir", "cancelled", "a", "trip", "to", "Tirana"]
    heads = [1, 2, 2, 4, 2, 4, 5]
    deps = ["compound", "nsubj", "ROOT", "det", "dobj", "prep", "pobj"]
    lemmas = ["minister", "Demir", "cancel", "a", "trip", "to", "Tirana"]
    pos = ["PROPN", "PROPN", "VERB", "DET", "NOUN", "ADP", "PROPN"]
    doc = Doc(VOCAB, words=words, heads=heads, deps=deps, lemmas=lemmas, pos=pos)
    assert _done_by(doc[4], frozenset({"minister"}), anyone=False)
    assert not _done_by(doc[4], frozenset({"gunman"}), anyone=False)


def test_where_a_speaker_or_a_victim_comes_from_does_not_act(parse):
    # "said a woman from Quetta": the woman speaks, not Quetta; "people from Italy": their home, not a responder
    roles = _story(
        parse,
        'A bomb exploded at a market in Peshawar on Friday. "It was terrible," said a woman from Quetta.',
    )
    assert roles["Quetta"] == ["context"]
    roles = _story(parse, "A ferry sank off Mykonos on Friday. The victims included people from Italy and Spain.")
    assert "response" not in roles["Italy"] and "response" not in roles["Spain"]


def test_an_official_s_journey_is_no_destination_of_the_incident(parse):
    # "Prime Minister X cancelled a trip to Albania and travelled to Soma": where officials go is no destination
    roles = _story(
        parse,
        "A mine exploded near Soma on Tuesday. Prime Minister Ali Demir cancelled a trip to Albania and "
        "travelled to Soma.",
    )
    assert "destination" not in roles["Soma"] and "destination" not in roles["Albania"]
    # the survivors' or the perpetrators' journey still is
    roles = _story(parse, "A mine exploded near Soma on Tuesday. Survivors fled to Manisa.")
    assert "destination" in roles["Manisa"]


def test_a_bearing_above_the_mention_s_noun_measures_from_the_place(parse):
    # "50 km north of the Aegean city of Izmir": Izmir and the sea it is named with only measure
    roles = _story(
        parse,
        "A gas blast hit a quarry outside Aliaga, a port town some 50 kilometres north of the Aegean city of "
        "Izmir, on Tuesday.",
    )
    assert roles["Aliağa"] == ["incident_site"]
    assert roles["Aegean Sea"] == ["context"] and roles["İzmir"] == ["context"]


# --- references back ----------------------------------------------------------------------------


def test_the_city_refers_to_the_city_the_story_is_about(parse):
    # the most-named city before it, not the last one named in passing
    roles = _story(
        parse,
        "Two explosions hit a warehouse in Tianjin on Wednesday. Firefighters from Tianjin rushed to the scene. "
        "A man from Dalian was among the first to call. Hundreds of injured people were treated in the city's "
        "hospitals.",
    )
    assert "response" in roles["Tianjin"]
    assert "response" not in roles["Dalian"]


# --- the disaster profile -----------------------------------------------------------------------


def test_disaster_profile_aid_at_home_and_abroad(parse):
    roles = _story(
        parse,
        "Floods swept through the town of Sinzig on Wednesday. Dutch rescue teams were sent to help, and "
        "firefighters from Berlin joined them. Across the border, at least 20 people died in Belgium.",
        profile="disaster",
    )
    assert roles["Sinzig"] == ["epicentre"]
    assert roles["The Netherlands"] == ["aid_origin"]
    assert roles["Berlin"] == ["response"]
    assert roles["Belgium"] == ["affected"]


def test_disaster_profile_felt_and_damaged_are_damage_elsewhere(parse):
    roles = _story(
        parse,
        "An earthquake struck near Bam on Friday. The old citadel in Kerman was badly damaged, and the tremor "
        "was felt in Tehran.",
        profile="disaster",
    )
    assert roles["Bam"] == ["epicentre"]
    assert roles["Tehran"] == ["affected"]


# --- profile keys --------------------------------------------------------------------------------


def test_profile_keys_for_the_new_rules():
    p = load_profile()
    assert p.split_roles["aid"] == {"foreign": "reaction", "domestic": "response"}
    assert p.split_roles["force"] == {"foreign": "origin", "domestic": "response"}
    assert p.inside_roles["affected"] is None
    assert p.other_event_role == "affected"
    assert "for" in p.event_barriers and "feel" in p.event_barriers
    assert p.anaphors["city"] == frozenset({"city"})
    assert any("gunman" in t.with_subject for t in p.triggers if t.role == "origin")


@pytest.mark.parametrize(
    "extra, message",
    [
        ("inside_roles: {a: nope}\n", "inside_roles maps"),
        ("split_roles: {aid: {abroad: a}}\n", "'foreign' and 'domestic'"),
        ("anaphors: {city: town}\n", "anaphors maps"),
        ("event_roles: {other: nope}\n", "event_roles.other"),
    ],
)
def test_bad_new_profile_keys_are_reported(tmp_path, extra, message):
    f = tmp_path / "p.yaml"
    f.write_text("name: x\nroles: [{name: a}, {name: b}]\n" + extra, encoding="utf-8")
    with pytest.raises(ProfileError, match=message):
        load_profile(f)


def test_a_named_disaster_of_another_year_is_context(parse):
    roles = _story(
        parse,
        "A cyclone struck Chittagong in Bangladesh on Friday. The 1970 Bhola cyclone killed 300,000 people.",
    )
    assert roles["Bhola"] == ["context"]
    assert "incident_site" in roles["Chattogram"]


def test_help_that_comes_from_a_place_is_its_response_or_reaction(parse):
    base = "A wildfire forced 7,000 people from Slave Lake, Alberta, on Sunday, officials said. "
    roles = _story(parse, base + "Firefighting crews from Australia were expected to arrive on Monday.")
    assert roles["Australia"][0] == "reaction"  # help from abroad
    roles = _story(parse, base + "Rescue boats arrived from Edmonton. Ottawa approved a request for military help.")
    assert roles["Edmonton"] == ["response"] and roles["Ottawa"] == ["response"]  # help from inside the country


def test_a_government_seated_in_a_city_and_mourning_shown_there(parse):
    roles = _story(
        parse,
        "Explosions at an army barracks killed 98 people in Bata, Equatorial Guinea, on Sunday. The government in "
        "Malabo asked foreign partners for support. In Madrid, footballers wore black armbands.",
    )
    assert roles["Malabo"] == ["response"]  # the incident's own country: a response
    # roles.md: acting on the incident, mourning included, is a response "wherever it is"
    assert roles["Madrid"] == ["response"]


def test_the_hurt_taken_somewhere_for_treatment_is_a_response_there(parse):
    roles = _story(
        parse,
        "A boat broke up on the rocks of Christmas Island on Wednesday, killing 28. The most seriously injured "
        "were flown to Perth for treatment.",
    )
    assert roles["Perth"] == ["response"]


def test_a_continent_or_a_sea_around_the_site_named_for_something_else_is_context(parse):
    roles = _story(
        parse,
        "A landslide buried homes in Mocoa, Colombia, on Monday, killing 20. The town draws hikers from across "
        "South America, and its river flows towards the Amazon.",
    )
    assert roles["Mocoa"] == ["incident_site"] and roles["South America"] == ["context"]
    # a region the text puts the site in is its area
    roles = _story(parse, "An earthquake flattened the village of Ighil in the High Atlas mountains on Friday.")
    assert "incident_area" in roles.get("High Atlas", roles.get("High Atlas mountains", []))


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # treatment
        ("A bus overturned near Corvik, Norland, on Monday. Two of the injured were ferried to Elmwood General "
         "Hospital.", "Elmwood General Hospital"),
        ("A train derailed near Dunmoor, Scotland, on Sunday. At Mercy Hospital in Glasgow, patients lay on "
         "mattresses in the corridors.", "Glasgow"),
        # mourning, at home or abroad
        ("A plane crashed near Nantes, France, killing 40. In Lyon, supporters observed a minute's silence before "
         "the match.", "Lyon"),
        ("A ferry sank off Crete on Sunday. Mosques across Turkey held prayers for the dead.", "Turkey"),
        # the relief effort's bases
        ("A flood swept through Tarn, France. The port town of Sète became the staging post for relief flights.",
         "Sète"),
        ("A tsunami struck the coast of Java, Indonesia. Relief planes landed at Surabaya airport with rescue teams.",
         "Surabaya"),
        # warnings, investigation, help from elsewhere, evacuation, precaution
        ("Floods hit Kerala, India. India's weather agency issued flood warnings for Karnataka.", "Karnataka"),
        ("A bus crashed near Lyon, France. The driver was questioned by investigators in Grenoble.", "Grenoble"),
        ("A fire swept through a ferry off Crete, Greece. Coast guard ships from Piraeus joined the search.",
         "Piraeus"),
        ("A cyclone hit Odisha, India. Soldiers evacuated 3,000 people from villages in Puri district.", "Puri"),
        ("An earthquake struck Ecuador. The company shut its Esmeraldas refinery as a precaution.", "Esmeraldas"),
    ],
)  # fmt: skip
def test_acting_on_the_incident_is_a_response(parse, text, place):
    # roles.md: "a place where people act on the incident (rescue, arrests, evacuation, treatment,
    # declarations, mourning, investigation) is response, wherever it is"
    roles = _story(parse, text)
    held = [r for name, rs in roles.items() if place in name for r in rs]
    assert "response" in held and "origin" not in held and "destination" not in held, (place, roles)


def test_what_the_incident_sent_elsewhere_and_services_lost_there_harm_a_place(parse):
    roles = _story(
        parse,
        "A fuel depot exploded near Luton, England, on Sunday. A plume of smoke drifted over London and Oxford.",
    )
    assert roles["London"] == ["affected"] and roles["Oxford"] == ["affected"], roles
    roles = _story(parse, "A storm hit Newcastle, Australia, on Monday. Thousands of homes across Sydney lost power.")
    assert roles["Sydney"] == ["affected"], roles
    # the people treated are victims: where they came from is harmed too
    roles = _story(
        parse,
        "Legionnaires' disease broke out in Barrow, England. Patients from Ulverston were among those treated.",
    )
    assert roles["Ulverston"] == ["affected"], roles


def test_places_the_text_adds_with_also_are_sites_too(parse):
    # roles.md: several sites. "also" adds places to where it happened; without it they are hit elsewhere
    base = "Police fired tear gas at protesters in Lyon, France, on Sunday. "
    roles = _story(parse, base + "Clashes were also reported in Marseille and Toulouse.")
    assert roles["Marseille"] == ["incident_site"] and roles["Toulouse"] == ["incident_site"], roles
    assert roles["Lyon"] == ["incident_site"]
    roles = _story(parse, base + "Clashes were reported in Marseille.")
    assert roles["Marseille"] != ["incident_site"], roles


def test_a_place_measured_from_is_not_where_it_happened_on_a_hand_built_parse():
    import spacy
    from spacy.tokens import Doc

    from geomap.mentions import Mention
    from geomap.profile import load_profile
    from geomap.roles.triggers import mention_roles

    # "Fires ran around Sarsfield north of Bairnsdale": Bairnsdale is where the text measures from
    def bairnsdale(words, heads, deps, pos):
        lemmas = [{"Fires": "fire", "ran": "run"}.get(w, w) for w in words]
        doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)
        i = words.index("Bairnsdale")
        m = Mention(text="Bairnsdale", start=doc[i].idx, end=doc[i].idx + 10, tok_start=i, tok_end=i + 1)
        return [r for r, _, _ in mention_roles(doc, m, load_profile("incident"), year=2024)]

    measured = bairnsdale(
        ["Fires", "ran", "around", "Sarsfield", "north", "of", "Bairnsdale", "."],
        [1, 1, 1, 4, 2, 4, 5, 1],
        ["nsubj", "ROOT", "prep", "compound", "pobj", "prep", "pobj", "punct"],
        ["NOUN", "VERB", "ADP", "PROPN", "NOUN", "ADP", "PROPN", "PUNCT"],
    )
    there = bairnsdale(
        ["Fires", "ran", "around", "Bairnsdale", "."],
        [1, 1, 1, 2, 1],
        ["nsubj", "ROOT", "prep", "pobj", "punct"],
        ["NOUN", "VERB", "ADP", "PROPN", "PUNCT"],
    )
    assert measured == [] and there == ["event"]


def test_where_someone_speaks_from_takes_the_role_of_speaking(parse):
    # the roles' rule: "speaking in Brussels" gives Brussels the role of the act (abroad, a reaction)
    roles = _story(
        parse,
        "Soldiers stormed the presidential residence in Lomé, Togo, before dawn on Sunday. Speaking to "
        "reporters in Accra, Kofi Mensah said he had been taken from his bed by soldiers.",
    )
    assert roles["Accra"] == ["reaction"] and roles["Lomé"] == ["incident_site"], roles
    # a language is no place: "speaking in French" does not make France react
    roles = _story(
        parse,
        "Gunmen killed 12 people at a market in Kano, Nigeria, on Sunday. The governor, speaking in French at "
        "a briefing, said the attackers had fled.",
    )
    assert "France" not in roles, roles


def test_condolences_from_a_city_leaders_meeting_there_and_governments_thanked_are_reactions(parse):
    roles = _story(
        parse,
        "A station canopy collapsed in Novi Sad, Serbia, on Friday, killing 14. Messages of condolence came from "
        "Budapest and Brussels. Officials in Belgrade thanked Japan for its offer of help. The UN Security "
        "Council met in New York on Saturday.",
    )
    for place in ("Budapest", "Brussels", "Japan", "New York City"):
        assert roles[place] == ["reaction"], (place, roles)
    # people who came from somewhere are not words that came from there
    roles = _story(parse, "A bridge collapsed in Baltimore on Tuesday. Officials said the men came from Guatemala.")
    assert "reaction" not in roles["Guatemala"]
