"""Natural features no gazetteer entry names: "Tampa Bay", "the Drina valley", "Lake Toba"."""

from __future__ import annotations

from ..docdata import column, tokens
from ..gazetteer import DEMONYM, Gazetteer, normalize
from ..lexicon import lexicon
from .mention import Mention, MentionKind
from .vetoes import org_name
from .words import is_cap, name_start, name_token, not_by_direction

LEX = lexicon()


def _feature_first(doc, gaz: Gazetteer, tok, taken: set[int]) -> list[Mention]:
    """'Lake Toba', 'Mount Kenya': a feature whose kind comes first, if the gazetteer does not know it.

    Its name is not a mention of a place of that name ("Victoria" in "Lake Victoria"), nor does it
    place the feature: it is placed by the text. A town ("Lake Charles", "Mount Vernon") is left to
    the gazetteer, and an organisation's or a building's name ("Mount Sinai Hospital") is no feature.
    """
    j = tok.i + 1
    while (
        j < min(len(doc), tok.i + 4)
        and j not in taken
        and name_token(doc[j])
        and doc[j].ent_type_ != "PERSON"
        and doc[j].lower_ not in LEX.venue_words
        and doc[j].lower_ not in LEX.org_words
    ):
        j += 1
    if j == tok.i + 1 or (j < len(doc) and is_cap(doc[j])):
        return []
    span = doc[tok.i : j]
    if gaz.lookup(span.text) or org_name(doc, tok.i, j):
        return []
    taken.update(range(tok.i, j))
    return [Mention.from_span(span, LEX.feature_first[tok.text], source="natural features")]


def _feature_start(doc, gaz: Gazetteer, tok, taken: set[int]) -> int:
    """Where the name of the feature whose kind word is ``tok`` starts ("the Dingle peninsula")."""
    i = name_start(doc, tok.i, taken)
    before = doc[tok.i - 1]
    # "the Dingle peninsula" with "Dingle" tagged an adjective; but "the Russian coast" is no name
    if (
        i == tok.i
        and name_token(before)
        and (tok.i - 1) not in taken
        and not any(m.kind == DEMONYM for m in gaz.lookup(before.text))
    ):
        i = name_start(doc, tok.i - 1, taken)
    return i


def find_features(doc, gaz: Gazetteer, taken: set[int]) -> list[Mention]:
    """'Tampa Bay', 'Patapsco River', 'the Drina valley': natural features no gazetteer entry names.

    A name the gazetteer knows in full ("Black Sea") is left to it. The feature's own name
    ("Tampa" in "Tampa Bay") is not a mention of that town, but may place the feature.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        The parsed article.
    gaz : Gazetteer
        Where names are looked up.
    taken : set of int
        Tokens already in a mention (the features found are added).

    Returns
    -------
    list of Mention
        Of kind ``water`` or ``region``.
    """
    out = []
    words = LEX.water_words | LEX.terrain_words
    toks = tokens(doc)
    texts = column(doc, "text")
    for i, low in enumerate(column(doc, "lower_")):
        if texts[i] not in LEX.feature_first and low not in words:
            continue  # neither "Lake ..." nor "... River", "... valley"
        tok = toks[i]
        if tok.text in LEX.feature_first and tok.i not in taken and (found := _feature_first(doc, gaz, tok, taken)):
            out += found  # "Lake Toba"; else perhaps the end of a name ("Mono Lake")
            continue
        if low not in LEX.water_words and low not in LEX.terrain_words or tok.i in taken or tok.i == 0:
            continue
        i = _feature_start(doc, gaz, tok, taken)
        if i == tok.i:
            continue
        span = doc[i : tok.i + 1]
        if gaz.lookup(span.text) or org_name(doc, i, tok.i + 1):
            continue
        if any(gaz.lookup(doc[s : tok.i + 1].text) for s in range(max(0, i - 3), i) if is_cap(doc[s])):
            continue  # "Caicos Islands" in "the Turks and Caicos Islands": the end of a name the gazetteer knows
        kind = MentionKind.WATER if low in LEX.water_words else MentionKind.REGION
        own = doc[i : tok.i].text
        inner = [m for m in not_by_direction(normalize(own), gaz.lookup(own)) if m.kind != DEMONYM]
        out.append(Mention.from_span(span, kind, inner=inner, source="natural features"))
        taken.update(range(i, tok.i + 1))
    return out
