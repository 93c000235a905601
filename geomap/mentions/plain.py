"""The gazetteer recogniser with no parse: runs of capitalised words the gazetteer knows, judged by their words.

The fast mode's stand-in for :mod:`geomap.mentions.names`: every run of capitalised words (up
to eight, with "of", "and", "de"... inside) that the offline gazetteer knows, longest first,
judged without parts of speech or entities. A single word is a place when the place is well
known (:func:`geomap.signals.prominent`), a known abbreviation ("US") or a people's adjective
("Ukrainian"); a name after a title ("Mr Jordan") or before an organisation word ("Kenya
Airways") is not.
"""

from __future__ import annotations

from functools import lru_cache

from ..docdata import source
from ..gazetteer import ABBR, Gazetteer, normalize
from ..lexicon import lexicon
from ..signals import at_dateline, dateline_match, demonym_or_name, prominent
from .mention import Mention, MentionKind
from .names import MAX_TOKENS
from .vetoes import vetoed
from .words import not_a_code, not_by_direction

LEX = lexicon()


@lru_cache(maxsize=65536)
def _key(name: str) -> str:
    return normalize(name)


def _spans(text: str, words: list[str], starts: list[int], sent_start: list[bool]) -> dict[tuple[int, int], str]:
    """Candidate names: token spans of capitalised words (connectors inside), with their folded key."""
    n = len(words)
    cap = [w[:1].isupper() or (not w[:1].isdigit() and w.isupper()) for w in words]
    spans: dict[tuple[int, int], str] = {}
    for i in range(n):
        if not cap[i]:
            continue
        for j in range(i + 1, min(n, i + MAX_TOKENS) + 1):
            last = words[j - 1]
            if j - 1 > i and (sent_start[j - 1] or not (cap[j - 1] or last.lower() in LEX.connectors or last == "-")):
                break
            if cap[j - 1]:
                spans[(i, j)] = _key(text[starts[i] : starts[j - 1] + len(last)])
    return spans


def _not_a_place(doc, words: list[str], i: int, j: int, kind: str, matches: list) -> bool:
    """Not a place, from the words alone: a veto, an organisation's last word ("Red Cross"), a lone small town.

    The vetoes ("Mr Jordan", "Kenya Airways") are the registry's (:func:`~geomap.mentions.vetoes.vetoed`
    with no parse): one definition for both modes.
    """
    if vetoed(doc, i, j, parsed=False):
        return True
    if j - i > 1 and words[j - 1].lower() in LEX.org_words and not prominent(matches):
        return True  # "Red Cross"
    # a lone word that is a small town's name is more often a person's or a thing's
    return kind == MentionKind.NAME and not (j - i > 1 or prominent(matches) or any(m.kind == ABBR for m in matches))


def find_plain_names(doc, gaz: Gazetteer, taken: set[int]) -> list[Mention]:
    """Place mentions from gazetteer matching alone (no parts of speech, no entities).

    Parameters
    ----------
    doc : geomap._textdoc.TextDoc
        The article split into words and sentences (any ``Doc`` with ``words``, ``starts`` and
        ``sent_start`` lists).
    gaz : Gazetteer
        Where names are looked up.
    taken : set of int
        Tokens already in a mention.

    Returns
    -------
    list of Mention
        Longest names first.
    """
    text = source(doc)  # the article as read; the same offsets
    starts, words, sent_start = doc.starts, doc.words, doc.sent_start
    claimed = [t in taken for t in range(len(words))]
    out: list[Mention] = []
    spans = _spans(text, words, starts, sent_start)
    found = gaz.lookup_many(spans.values())
    for (i, j), key in sorted(spans.items(), key=lambda kv: (kv[0][0] - kv[0][1], kv[0][0])):
        if key not in found or any(claimed[i:j]):
            continue
        start, end = starts[i], starts[j - 1] + len(words[j - 1])
        surface = text[start:end]
        if j - i == 1 and words[i].lower() in LEX.stop_words and not words[i].isupper():
            continue  # "The", "May": alternate names that are English words
        matches = [m for m in found[key] if m.accepts(surface)]
        if surface.replace(".", "").isupper() and len(surface) <= 5:
            if at_dateline(doc, i, j):  # "LAGOS, Nigeria —"
                matches = [m for m in matches if dateline_match(m, surface)]
            else:
                matches = [m for m in matches if m.kind == ABBR]  # "PKK" no, "US" yes
        kind, matches = demonym_or_name(not_by_direction(key, not_a_code(surface, matches)), adjective=None)
        if not matches or _not_a_place(doc, words, i, j, kind, matches):
            continue
        claimed[i:j] = [True] * (j - i)
        out.append(
            Mention(
                text=surface,
                start=start,
                end=end,
                tok_start=i,
                tok_end=j,
                kind=kind,
                candidates=matches,
                source="words",
            )
        )
    return out
