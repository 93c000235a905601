"""Places the text says what they are: "the village of Hrabove", "Ighil, a village in...", "the capital".

And places written beside another: "Louisville, KY" (a postal code), "Alvin, Texas" (a small
town in a division), "Seoul's Itaewon district" (a part of a city).
"""

from __future__ import annotations

from ..docdata import column, tokens, tokens_where
from ..gazetteer import ABBR, DEMONYM, NAME, Gazetteer, NameMatch
from ..lexicon import lexicon
from .mention import Mention, MentionKind, Note
from .names import LOCAL_FEATURES
from .vetoes import vetoed
from .words import POSSESSIVE, is_cap, name_end, name_start

LEX = lexicon()


def _settlement_matches(gaz: Gazetteer | None, name: str) -> list[NameMatch]:
    """What a name the text calls a village or town may be in the gazetteer: a town or division, however small."""
    if gaz is None:
        return []
    return [m for m in gaz.lookup(name) if m.kind != DEMONYM and m.entry.feature in LOCAL_FEATURES]


def _apposed(doc, taken: set[int], gaz: Gazetteer | None) -> list[Mention]:
    """'close to Ighil, a village in Al Haouz province': a name the apposition says is a settlement."""
    out = []
    for tok in tokens_where(doc, "dep_", "appos".__eq__):
        head = tok.head
        if (
            tok.lemma_.lower() not in LEX.apposed_settlements
            or head.i >= tok.i
            or not is_cap(head)
            or head.pos_ != "PROPN"
            or head.i in taken
            or head.i + 1 >= len(doc)
            or doc[head.i + 1].text != ","
        ):
            continue
        j = name_start(doc, head.i + 1, taken)
        if j > head.i:
            continue
        span = doc[j : head.i + 1]
        found = _settlement_matches(gaz, span.text)
        out.append(Mention.from_span(span, MentionKind.NAME, Note.SETTLEMENT, candidates=found, source="settlements"))
        taken.update(range(j, head.i + 1))
    return out


def _kind_of(doc, span, lemma: str, island: bool, gaz: Gazetteer | None) -> Mention | None:
    if island:
        inner = [m for m in gaz.lookup(span.text) if m.kind != DEMONYM] if gaz is not None else []
        return Mention.from_span(span, MentionKind.REGION, Note.ISLAND, inner=inner, source="settlements")
    if lemma in LEX.area_of_words:
        # "parts of Kaneshie", "residents of Avenor": a place of a kind the words do not say, that the
        # gazetteer did not claim (a town it knows is found before): a part of the story's town. Not a
        # person's or an organisation's name ("residents of Trump Tower" is a venue's, found before)
        if any(t.ent_type_ == "PERSON" for t in span) or vetoed(doc, span.start, span.end, parsed=True):
            return None
        return Mention.from_span(span, MentionKind.NAME, Note.CITY_PART, source="settlements")
    # parts of a city lie in the story's city; a village or town only where the text says
    label = Note.CITY_PART if lemma in LEX.city_parts else Note.SETTLEMENT
    found = _settlement_matches(gaz, span.text) if label == Note.SETTLEMENT else []
    return Mention.from_span(span, MentionKind.NAME, label, candidates=found, source="settlements")


def find_settlements(doc, gaz: Gazetteer | None, taken: set[int]) -> list[Mention]:
    """'the village of Hrabove', 'the neighbourhoods of Gemmayzeh and Mar Mikhael', 'the island of Maui'.

    A village or town the gazetteer knows is that place however small it is (the text says it is
    a settlement); an island or a peninsula is a natural feature, placed by the text; a name after
    "parts of" or "residents of" that no gazetteer knows is a part of the story's town.
    """
    out = _apposed(doc, taken, gaz)
    lemmas, lows, toks = column(doc, "lemma_"), column(doc, "lower_"), tokens(doc)
    for i, lemma in enumerate(lemmas):
        lemma, island = lemma.lower(), lows[i] in LEX.island_words
        if lemma not in LEX.settlement_words and lemma not in LEX.area_of_words and not island:
            continue  # neither "the village of ..." nor "the island of ..."
        tok = toks[i]
        # "the village of", "parts of"; and "residents in Adeyfield and Woodhall Farm"
        linked = ("of", "in") if lemma in LEX.area_of_words else ("of",)
        if tok.i + 2 >= len(doc) or doc[tok.i + 1].lower_ not in linked:
            continue
        j = tok.i + 2
        while j < len(doc):
            if not is_cap(doc[j]) or doc[j].pos_ != "PROPN" and doc[j].is_sent_start or j in taken:
                break
            k = name_end(doc, j, taken)
            if k == j:
                break
            m = _kind_of(doc, doc[j:k], lemma, island, gaz)
            if m is None:
                break
            out.append(m)
            taken.update(range(j, k))
            # "X and Y", "X, Y"
            if k + 1 < len(doc) and doc[k].lower_ in ("and", ",") and is_cap(doc[k + 1]):
                j = k + 1
            else:
                break
    return out


def find_city_parts(doc, mentions: list[Mention], taken: set[int]) -> list[Mention]:
    """'Karachi's Model Colony', 'Seoul's Itaewon district': a named part of the city before it."""
    out = []
    for m in mentions:
        if m.kind != MentionKind.NAME or not any(c.entry.feature == "city" for c in m.candidates):
            continue
        j = m.tok_end + 1
        if j >= len(doc) or doc[m.tok_end].lower_ not in POSSESSIVE:
            continue
        k = j
        while k < len(doc) and k - j < 4 and k not in taken and is_cap(doc[k]) and doc[k].pos_ == "PROPN":
            k += 1
        span = doc[j:k]
        if k == j or any(t.ent_type_ in ("PERSON", "NORP") or t.lower_ in LEX.offices for t in span):
            continue
        if doc[k - 1].lower_ in LEX.org_words or doc[k - 1].lower_ in LEX.venue_words:
            continue
        out.append(Mention.from_span(span, MentionKind.NAME, Note.CITY_PART, source="city parts"))
        taken.update(range(j, k))
    return out


def _country_word(m) -> bool:
    """A country's adjective or its name or short name: "Turkish", "Kenya", "U.S." before "capital"."""
    return m.kind == DEMONYM or (m.kind in (NAME, ABBR) and m.entry.feature == "country")


def _capital_start(doc, tok, gaz: Gazetteer) -> tuple[int, str | None, str | None]:
    """Walk back from "capital" over "country's", "Turkish", "nation's" to "the": its start, country, label."""
    start, hint, label = tok.i - 1, None, None
    while start >= 0 and start > tok.i - 4 and doc[start].lower_ != "the":
        t = doc[start]
        if t.lower_ in LEX.division_adjectives:
            label = Note.DIVISION_CAPITAL  # "the state capital", "the provincial capital": a division's
        elif t.lower_ in ("country", "nation", "state", "city", *POSSESSIVE):
            pass
        elif is_cap(t) and (dem := [m for m in gaz.lookup(t.text) if _country_word(m)]):
            hint = dem[0].entry.country  # "the Turkish capital", "the U.S. capital"
        else:
            break
        start -= 1
    return start, hint, label


def find_capital_refs(doc, gaz: Gazetteer, taken: set[int]) -> list[Mention]:
    """'the capital', 'the country's capital', 'the Turkish capital', 'the state capital'."""
    out = []
    for tok in tokens_where(doc, "lower_", "capital".__eq__):
        if tok.pos_ != "NOUN" or tok.i in taken:
            continue
        start, hint, label = _capital_start(doc, tok, gaz)
        if start < 0 or doc[start].lower_ != "the":
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.lower_ in ("of", "city") and tok.i + 2 < len(doc) and doc[tok.i + 2].lower_ == "of":
            continue  # "the capital of X" names X's capital through X
        span = doc[start : tok.i + 1]
        out.append(Mention.from_span(span, MentionKind.CAPITAL, label, country_hint=hint, source="capital"))
        taken.update(range(start, tok.i + 1))
    return out


def find_postal_codes(doc, gaz: Gazetteer, mentions: list[Mention], taken: set[int]) -> list[Mention]:
    """'Louisville, KY', 'Perth, WA': a division's postal code, right after a place and a comma."""
    out = []
    for m in mentions:
        j = m.tok_end + 1
        if m.kind != MentionKind.NAME or j >= len(doc) or doc[m.tok_end].text != "," or j in taken:
            continue
        code = doc[j].text
        if len(code) != 2 or not code.isalpha() or not code.isupper():
            continue
        matches = gaz.lookup(f"postal:{code}")
        if matches:
            label = doc[j].ent_type_ or None
            out.append(Mention.from_span(doc[j : j + 1], MentionKind.NAME, label, candidates=matches, source="postal"))
            taken.add(j)
    return out


def find_towns_before_divisions(doc, gaz: Gazetteer, mentions: list[Mention], taken: set[int]) -> list[Mention]:
    """'Innisfail, Alta.', 'Alvin, Texas': a small town the text places in a division or country.

    The town is a mention when the gazetteer has a place of that name there, however small.
    """
    out = []
    for m in mentions:
        k = m.tok_start - 1
        areas = {(c.entry.country, c.entry.admin1) for c in m.candidates if c.entry.feature in ("admin1", "country")}
        if m.kind != MentionKind.NAME or not areas or k < 1 or doc[k].text != "," or k - 1 in taken:
            continue
        i = k
        while i > 0 and k - i < 4 and is_cap(doc[i - 1]) and doc[i - 1].pos_ == "PROPN" and i - 1 not in taken:
            i -= 1
        for start in range(i, k):  # longest name first
            if any(t.ent_type_ in ("PERSON", "ORG") for t in doc[start:k]):
                continue  # "said Ann Smith, Texas's attorney general"
            found = [
                c
                for c in gaz.lookup(doc[start:k].text)
                if c.kind != DEMONYM
                and c.entry.feature == "city"
                and ((c.entry.country, c.entry.admin1) in areas or (c.entry.country, None) in areas)
            ]
            if found:
                out.append(Mention.from_span(doc[start:k], candidates=found, source="town, division"))
                taken.update(range(start, k))
                break
    return out
