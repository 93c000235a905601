"""The fast mode: gazetteer matching only, with no tagger, parser or NER.

``geoparse(text, fast=True)`` and ``geomap ... --fast`` split the text into words and sentences
with regular expressions (:class:`geomap._textdoc.TextDoc`, no language model at all), then:

- :func:`find_mentions`: every run of capitalised words (up to six, with "of", "and", "de"...
  inside) that the offline gazetteer knows, longest first, as in the full mode but judged
  without parts of speech or entities: a single word is a place when the place is well known
  (a country, a first-level division, a region or sea, a capital, a city of 100,000 or more),
  or it is a known abbreviation ("US") or a people's adjective ("Ukrainian"); a name followed by
  an organisation word ("Kenya Airways") is not. A user gazetteer is matched first, as in the
  full mode. There are no venues, "the capital" references or NER-only places.
- places are resolved by :func:`geomap.resolve.resolve`, as in the full mode;
- :func:`assign_roles`: with no parse there is no evidence for most roles, so the fast mode
  does not guess them. The incident site is the finest located place the lead (the first two
  sentences) names, the incident area the places that contain it, and every other place is
  ``context``: the rule the full mode falls back on when no sentence says where it happened.

It is some twenty times faster than the full mode and less accurate (see the README,
"Performance").
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

from .gazetteer import ABBR, DEMONYM, Gazetteer, NameMatch, normalize
from .lexicon import lexicon
from .mentions import (
    _MAX_TOKENS,
    Mention,
    _dateline_match,
    _prominent,
    _user_matches,
    dateline_next,
)
from .profile import Profile
from .resolve import Place
from .roles import Evidence, RoledPlace

LEX = lexicon()


@lru_cache(maxsize=65536)
def _key(name: str) -> str:
    return normalize(name)


def _cap(word: str) -> bool:
    return word[:1].isupper() or (not word[:1].isdigit() and word.isupper())


def _spans(text: str, words: list[str], starts: list[int], sent_start: list[bool]) -> dict[tuple[int, int], str]:
    """Candidate names: token spans of capitalised words (connectors inside), with their folded key."""
    n = len(words)
    cap = [w[:1].isupper() or (not w[:1].isdigit() and w.isupper()) for w in words]  # _cap, inlined
    spans: dict[tuple[int, int], str] = {}
    for i in range(n):
        if not cap[i]:
            continue
        for j in range(i + 1, min(n, i + _MAX_TOKENS) + 1):
            last = words[j - 1]
            if j - 1 > i and (sent_start[j - 1] or not (cap[j - 1] or last.lower() in LEX.connectors or last == "-")):
                break
            if cap[j - 1]:
                spans[(i, j)] = _key(text[starts[i] : starts[j - 1] + len(last)])
    return spans


def _kind(matches: list[NameMatch]) -> tuple[str, list[NameMatch]]:
    """'Ukrainian' is a people's adjective; 'Spanish' too, unless a well-known place has that name."""
    demonyms = [m for m in matches if m.kind == DEMONYM]
    names = [m for m in matches if m.kind != DEMONYM]
    if demonyms and not (names and _prominent(names)):
        return "demonym", demonyms
    return "name", names


def find_mentions(doc, gazetteer: Gazetteer, *, extra_names=None) -> list[Mention]:
    """Place mentions from gazetteer matching alone (no parts of speech, no entities).

    Parameters
    ----------
    doc : geomap._textdoc.TextDoc
        The article split into words and sentences by :func:`geomap.nlp.load_fast_model`.
    gazetteer : Gazetteer
        Where names are looked up.
    extra_names : callable, optional
        ``extra_names(text) -> list[NameMatch]``, e.g. a user gazetteer, matched first.

    Returns
    -------
    list of Mention
        In text order.
    """
    text = doc.user_data.get("geomap_text") or doc.text  # the article as read; the same offsets
    starts, words, sent_start = doc.starts, doc.words, doc.sent_start
    taken = [False] * len(words)
    out: list[Mention] = []
    if extra_names is not None:
        used: set[int] = set()
        out += _user_matches(doc, extra_names, used)
        for t in used:
            taken[t] = True
    spans = _spans(text, words, starts, sent_start)
    found = gazetteer.lookup_many(spans.values())
    stop = LEX.stop_words
    for (i, j), key in sorted(spans.items(), key=lambda kv: (kv[0][0] - kv[0][1], kv[0][0])):
        if key not in found or any(taken[i:j]):
            continue
        start, end = starts[i], starts[j - 1] + len(words[j - 1])
        surface = text[start:end]
        if j - i == 1 and words[i].lower() in stop and not words[i].isupper():
            continue  # "The", "May": alternate names that are English words
        matches = [m for m in found[key] if m.accepts(surface)]
        if surface.replace(".", "").isupper() and len(surface) <= 5:
            spaced = j < len(words) and starts[j] > starts[j - 1] + len(words[j - 1])
            if sent_start[i] and j < len(words) and dateline_next(words[j], spaced):  # "LAGOS, Nigeria —"
                matches = [m for m in matches if _dateline_match(m, surface)]
            else:
                matches = [m for m in matches if m.kind == ABBR]  # "PKK" no, "US" yes
        kind, matches = _kind(matches)
        if not matches or (i > 0 and words[i - 1].lower().rstrip(".") in LEX.name_titles):
            continue
        if j < len(words) and words[j].lower() in LEX.org_words and _cap(words[j]):
            continue  # "Kenya Airways", "Syria Civil Defence"
        if j - i > 1 and words[j - 1].lower() in LEX.org_words and not _prominent(matches):
            continue  # "Red Cross"
        if kind == "name" and not (j - i > 1 or _prominent(matches) or any(m.kind == ABBR for m in matches)):
            continue  # a lone word that is a small town's name is more often a person's or a thing's
        for t in range(i, j):
            taken[t] = True
        out.append(Mention(surface, start, end, i, j, kind, None, matches))
    return sorted(out, key=lambda m: m.start)


def _sentences(doc) -> list[tuple[int, int, int]]:
    """(first word, start offset, end offset) of every sentence."""
    return [(s.start, s.start_char, s.end_char) for s in doc.sents]


def _evidence(source: str, body_start: int, sent: tuple[int, int, int], mention, role: str) -> Evidence:
    first = max(sent[1], body_start)  # never the date header
    raw = source[first : sent[2]]
    start = first + len(raw) - len(raw.lstrip())
    text = raw.strip()
    return Evidence(role, text, start, start + len(text), mention.text, mention.start, None, 0.5)


def assign_roles(doc, places: list[Place], profile: Profile) -> list[RoledPlace]:
    """Roles without a parse: the lead's finest place is the site, its containers the area, the rest context.

    Parameters
    ----------
    doc : geomap._textdoc.TextDoc
        The article split into words and sentences.
    places : list of Place
        From :func:`geomap.resolve.resolve`.
    profile : Profile
        Gives the names of the site, area and default roles.

    Returns
    -------
    list of RoledPlace
        One per place, in the same order.
    """
    out = [RoledPlace(p) for p in places]
    sents = _sentences(doc)
    source = doc.user_data.get("geomap_text") or doc.text
    body_start = doc.user_data.get("geomap_body_start", 0)
    # the lead: the first two sentences with a word in them
    worded = [s for s in sents if any(ch.isalpha() for ch in source[s[1] : s[2]])]
    lead_end = worded[min(1, len(worded) - 1)][2] if worded else 0
    lead = [rp for rp in out if rp.place.lat is not None and rp.place.mentions[0].start < lead_end]
    site = min(lead, key=lambda rp: (rp.place.fineness, rp.place.mentions[0].start), default=None)
    firsts = [s[0] for s in sents]
    for rp in out:
        m = rp.place.mentions[0]
        if rp is site:
            role = profile.site_role
        elif site is not None and rp.place.contains(site.place):
            role = profile.area_role
        else:
            role = profile.default_role
        sent = sents[bisect_right(firsts, m.tok_start) - 1]
        rp.evidence.append(_evidence(source, body_start, sent, m, role))
        rp.roles = [role]
    return out
