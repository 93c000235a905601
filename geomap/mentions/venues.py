"""Venues: buildings, facilities and streets named in the text ("Crocus City Hall", "Westgate mall")."""

from __future__ import annotations

from ..docdata import entities, tokens_where
from ..gazetteer import DEMONYM, NAME, Gazetteer, normalize
from ..lexicon import lexicon
from .mention import Mention, MentionKind, Note
from .names import LOCAL_FEATURES
from .words import POSSESSIVE, entity_at, generic, is_cap, name_start

LEX = lexicon()


def town_name(doc, start: int, end: int, gaz: Gazetteer) -> bool:
    """Whether tokens [start, end) are the whole own name of a town, of several words ("Bad Neuenahr-Ahrweiler")."""
    if end - start < 2 or doc[end - 1].lower_ in LEX.venue_words:
        return False
    return any(m.kind == NAME and m.entry.feature == "city" for m in gaz.lookup(doc[start:end].text))


def named_house(doc, tok) -> bool:
    """'the President's House in Colombo', 'Government House in Bangkok': a building named "House".

    "House" names a venue when the text places it ("in", "at", "near" a capitalised name) or when
    its name is someone's ("President's House"); alone ("the White House said") it is often the
    institution, not the building.
    """
    if tok.text != "House" or tok.i == 0:
        return False
    if doc[tok.i - 1].lower_ in POSSESSIVE:
        return True
    if not is_cap(doc[tok.i - 1]) or doc[tok.i - 1].is_sent_start:
        return False
    nxt = tok.i + 1
    return nxt + 1 < len(doc) and doc[nxt].lower_ in ("in", "at", "near") and is_cap(doc[nxt + 1])


def named_facility(span) -> bool:
    """Whether a FAC entity with no venue word reads as a facility's name.

    Not one word ("Olympic", "Sharia"), not a time or a number first ("11:11pm PDT"; "Interstate
    40" is a road), not a person with a title ("President Park"), and ending in a noun ("Golden
    Globe-nominated" is no building).
    """
    words = [t for t in span if not t.is_punct]
    return (
        len(words) > 1
        and not any(ch.isdigit() for ch in words[0].text)
        and not any(":" in t.text for t in words)
        and words[0].lower_ not in LEX.honorifics
        and (words[-1].pos_ in ("PROPN", "NOUN") or (words[-1].like_num and words[-2].pos_ == "PROPN"))
    )


def _venue_extent(doc, tok, taken: set[int], gaz: Gazetteer) -> tuple[int, int, int]:
    """Where the venue whose last (or kind) word is ``tok`` starts and ends, and where its own name ends.

    Walks left over lowercase nouns of the kind ("railway station", "shopping mall"), then the
    name; takes the whole name of the model's FAC entity ("the Alder Hey Children's Hospital");
    and goes on after "of" ("Port of Beirut", "University of Aleppo", "the Regional Hospital of Bata").
    """
    k = tok.i
    if not is_cap(tok):
        while k > 0 and doc[k - 1].pos_ == "NOUN" and doc[k - 1].dep_ == "compound" and not is_cap(doc[k - 1]):
            k -= 1
    i = name_start(doc, k, taken, possessive=tok.lower_ in LEX.possessive_venues)
    fac = entity_at(doc, i, tok.i + 1)
    if fac is not None and fac.label_ == "FAC" and fac.start < i and fac.end >= tok.i + 1:
        s0 = fac.start + (doc[fac.start].lower_ == "the")
        if s0 < i and not any(t in taken for t in range(s0, i)):
            i = s0
    if i == k:
        i = tok.i
    end = tok.i + 1
    if is_cap(tok) and end + 1 < len(doc) and doc[end].lower_ == "of" and is_cap(doc[end + 1]):
        j = end + 1
        while j < len(doc) and is_cap(doc[j]) and doc[j].pos_ == "PROPN":
            j += 1
        # "Port of Beirut"; a longer name that ends in a venue's word again: "the American University
        # of Beirut Medical Center" is one hospital, not a university and a medical center; and a place's
        # name: "the Clinical Centre of Vojvodina"
        if (
            (i == tok.i and j > tok.i + 2)
            or doc[j - 1].lower_ in LEX.venue_words
            or _named_inside(gaz, doc[end + 1 : j])
        ):
            end = j
    return i, end, k


def _named_inside(gaz: Gazetteer, own) -> list:
    """The places a venue's own words name: "Catania" in "Catania airport", "Ramstein" in "Ramstein Air Base"."""
    # "Ramstein Air": the words, or all but the last; no further ("Ain al-Asad air" is not Ain, France)
    for n in range(len(own), max(len(own) - 2, 0), -1):
        key = normalize(own[:n].text)
        if all(t.lower_ in LEX.venue_words for t in own[:n]):
            continue  # "Arena Condá stadium": a venue's kind ("Arena", a town in Italy) places nothing
        inner = [
            m
            for m in gaz.lookup(own[:n].text)
            if m.kind != DEMONYM and m.entry.feature in LOCAL_FEATURES and key in (normalize(m.entry.name), m.key)
        ]
        if inner:
            return inner
    return []


def _worded_venues(doc, gaz: Gazetteer, taken: set[int]) -> list[Mention]:
    out = []
    words = LEX.venue_words | LEX.street_venues | {"house"}  # a venue, a street, a building named "House"
    for tok in tokens_where(doc, "lower_", words.__contains__):
        lower = tok.lower_
        street = lower in LEX.street_venues and is_cap(tok)  # "Frenchmen Street", not "a busy street"
        if tok.i in taken or (lower not in LEX.venue_words and not street and not named_house(doc, tok)):
            continue
        if not is_cap(tok) and tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ == "of" and is_cap(doc[tok.i + 2]):
            continue  # "the Black Sea port of Odesa": the place is the name after "of", the words before describe it
        i, end, k = _venue_extent(doc, tok, taken, gaz)
        if i == tok.i and end == tok.i + 1:
            continue
        if street and end < len(doc) and is_cap(doc[end]) and doc[end].lower_ in LEX.org_words:
            continue  # "The Wall Street Journal": a newspaper, not the street
        if not is_cap(tok) and (i == tok.i or tok.dep_ == "compound" or generic(doc, i, tok)):
            # "a Christchurch mosque" is a mosque in Christchurch, "the Christchurch mosque massacre" an event;
            # "the Westgate mall" is a name
            continue
        if any(t in taken for t in range(i, end)):
            continue
        span = doc[i:end]
        # "Heathrow airport": a venue the gazetteer knows by that name is placed by it
        known = [m for m in gaz.lookup(span.text) if m.entry.feature == "venue"]
        # "Catania airport", "Port of Beirut": the place named in the venue's name may place it; the name after
        # "of" first, the words before it often describe ("the Federal University of Rio Grande do Sul", "the
        # University Medical Center of El Paso", "the American University of Beirut Medical Center")
        inner = []
        if end > tok.i + 2:
            inner = _named_inside(gaz, doc[tok.i + 2 : end]) or _named_inside(gaz, doc[tok.i + 2 : tok.i + 3])
        if not inner and i < k:
            inner = _named_inside(gaz, doc[i:k])
        label = doc[i].ent_type_ or None
        out.append(Mention.from_span(span, MentionKind.VENUE, label, candidates=known, inner=inner, source="venues"))
        taken.update(range(i, end))
    return out


def _town_venues(doc, taken: set[int]) -> list[Mention]:
    """'the city's port', 'the capital's international airport': a venue of the town the text refers back to.

    The words before the venue's noun may describe it ("railway", "main"); the town is placed by the
    text (:mod:`geomap.resolve.by_text`).
    """
    out = []
    for tok in tokens_where(doc, "lower_", LEX.venue_words.__contains__):
        if is_cap(tok) or tok.i in taken or tok.dep_ == "compound":
            continue  # "the city's railway station": the station
        k = tok.i - 1
        while k > tok.i - 4 and k > 0 and doc[k].is_lower and doc[k].pos_ in ("ADJ", "NOUN") and k not in taken:
            k -= 1  # "the city's main railway station"
        if k < 2 or doc[k].lower_ not in POSSESSIVE or doc[k - 1].lower_ not in LEX.town_references:
            continue
        if doc[k - 2].lower_ != "the" or any(t in taken for t in range(k - 2, tok.i + 1)):
            continue
        span = doc[k - 2 : tok.i + 1]
        out.append(Mention.from_span(span, MentionKind.VENUE, Note.TOWN_VENUE, source="venues"))
        taken.update(range(span.start, span.end))
    return out


def find_venues(doc, gaz: Gazetteer, taken: set[int]) -> list[Mention]:
    """Capitalised names ending in a venue word, and FAC entities that read as a facility's name.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        The parsed article.
    gaz : Gazetteer
        Where a venue's name, and a place inside it, are looked up.
    taken : set of int
        Tokens already in a mention (the venues found are added).

    Returns
    -------
    list of Mention
    """
    out = _town_venues(doc, taken)
    out += _worded_venues(doc, gaz, taken)
    for ent in entities(doc):
        if (
            ent.label_ == "FAC"
            and any(is_cap(t) for t in ent)
            and not any(t in taken for t in range(ent.start, ent.end))
        ):
            s = ent.start + (1 if doc[ent.start].lower_ == "the" else 0)
            if s < ent.end and town_name(doc, s, ent.end, gaz):
                continue  # "Bad Neuenahr-Ahrweiler" is the town of that name
            if s < ent.end and named_facility(doc[s : ent.end]):
                out.append(Mention.from_span(doc[s : ent.end], MentionKind.VENUE, "FAC", source="venues"))
                taken.update(range(s, ent.end))
    return out
