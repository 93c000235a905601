"""Recognisers behind one interface, and the one policy that settles their overlaps.

A :class:`Recogniser` has a name, says what it needs from the parse (:class:`Need`) and finds
mentions; :data:`RECOGNISERS` lists them in order of precedence. :func:`find_mentions` runs
every recogniser the ``Doc`` allows (a doc with no parse, the fast mode's, runs those that need
none: the user gazetteer and :mod:`~geomap.mentions.plain` in place of
:mod:`~geomap.mentions.names`) and :class:`Claims` settles conflicts, as spaCy's
``filter_spans`` does, by one rule written down once:

- **Earlier recognisers win**: a mention over a token another mention already claims is dropped,
  unless it may hold that mention (:data:`NESTING`: "the Turkish capital" holds "Turkish").
- **Venues claim their words softly until the names are read**: a name the gazetteer knows that
  holds a whole venue replaces it (the gazetteer places "Heathrow Airport"), and a well-known
  place inside a venue's name stays as its anchor ("Port of Beirut"); other names inside it are
  part of its name ("American University").
- **Places inside organisations' names** (``embedded``) fill only words no other mention holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from .. import docdata
from ..docdata import entities, tokens_where
from ..gazetteer import ABBR, DEMONYM, Gazetteer
from ..signals import prominent
from .features import find_features
from .mention import Mention, MentionKind
from .names import MAX_TOKENS, find_names
from .plain import find_plain_names
from .settlements import (
    find_capital_refs,
    find_city_parts,
    find_postal_codes,
    find_settlements,
    find_towns_before_divisions,
)
from .venues import find_venues
from .vetoes import org_name
from .words import common_word_first, is_cap


class Need(StrEnum):
    """What a recogniser reads from the parse, as spaCy's ``Doc.has_annotation`` names it."""

    POS = "POS"
    DEP = "DEP"
    ENT = "ENT_IOB"


class Claim(StrEnum):
    """How a recogniser's mentions hold their words (see the module's policy)."""

    FIRM = "firm"
    #: venues: their words are open to the names read before :attr:`Recogniser.closes`
    SOFT = "soft"
    #: places inside organisations' names: only words no other mention holds
    FILL = "fill"


#: (outer kind, inner kind): a mention of the first kind may hold one of the second ("the Afghan capital",
#: "the U.S. capital": the country is a mention too)
NESTING = frozenset({(MentionKind.CAPITAL, MentionKind.DEMONYM), (MentionKind.CAPITAL, MentionKind.NAME)})


@dataclass(slots=True)
class Claims:
    """The mentions found so far and the words they hold: the overlap policy."""

    mentions: list[Mention] = field(default_factory=list)
    taken: set[int] = field(default_factory=set)
    soft: list[Mention] = field(default_factory=list)
    deferred: list[Mention] = field(default_factory=list)

    def _withdraw_soft(self, m: Mention) -> bool:
        """Settle a name against the venues: False when it is only part of a venue's name."""
        if m.kind != MentionKind.DEMONYM:
            for v in [v for v in self.soft if m.tok_start <= v.tok_start and v.tok_end <= m.tok_end]:
                self.mentions.remove(v)  # the gazetteer knows the venue's whole name
                self.soft.remove(v)
        inside = any(v.tok_start < m.tok_end and m.tok_start < v.tok_end for v in self.soft)
        return not (inside and (m.kind == MentionKind.DEMONYM or not prominent(m.candidates)))

    def add(self, m: Mention, claim: Claim) -> None:
        """Keep ``m`` if the policy allows, and claim its words."""
        if claim == Claim.FILL:
            self.deferred.append(m)
            return
        if any(t in self.taken for t in range(m.tok_start, m.tok_end)):
            held = (
                x for x in self.mentions if x.tok_start < m.tok_end and m.tok_start < x.tok_end and x not in self.soft
            )
            if not all((m.kind, x.kind) in NESTING for x in held):
                return
        if claim == Claim.SOFT:
            self.soft.append(m)
            self.mentions.append(m)
            return
        if self.soft and not self._withdraw_soft(m):
            return
        self.mentions.append(m)
        self.taken.update(range(m.tok_start, m.tok_end))

    def close_soft(self) -> None:
        """The names are read: the venues' words are theirs."""
        for v in self.soft:
            self.taken.update(range(v.tok_start, v.tok_end))
        self.soft = []


@dataclass(frozen=True, slots=True, kw_only=True)
class Recogniser:
    """A way of finding place mentions.

    Attributes
    ----------
    name : str
    needs : frozenset of Need
        What it reads from the parse; a doc without it does not run it.
    find : callable
        ``find(doc, gazetteer, claims, extra_names) -> list[Mention]``; it may read
        ``claims.taken`` (the words already held) and ``claims.mentions``, never change them.
    claim : Claim
        How its mentions hold their words.
    closes_soft : bool
        The names are read when it has run: venues' words become firm.
    instead_of : str or None
        It stands in for that recogniser when the doc cannot run it (the fast mode).
    """

    name: str
    needs: frozenset[Need]
    find: Callable[..., list[Mention]]
    claim: Claim = Claim.FIRM
    closes_soft: bool = False
    instead_of: str | None = None


def find_user_names(doc, gaz: Gazetteer, claims: Claims, extra_names) -> list[Mention]:
    """Names of the user's gazetteer, longest first from each capitalised word; they override the offline one."""
    if extra_names is None:
        return []
    out = []
    n, i = len(doc), 0
    while i < n:
        hit = None
        for j in range(min(n, i + MAX_TOKENS), i, -1):
            if not is_cap(doc[i]):
                break
            matches = extra_names(doc[i:j].text)
            if matches:
                hit = (j, matches)
                break
        if hit is None:
            i += 1
            continue
        j, matches = hit
        span = doc[i:j]
        kind = MentionKind.VENUE if matches[0].entry.feature == "venue" else MentionKind.NAME
        out.append(Mention.from_span(span, kind, span[0].ent_type_ or None, candidates=matches, source="user"))
        i = j
    return out


def find_ner_only(doc, gaz: Gazetteer, claims: Claims, extra_names=None) -> list[Mention]:
    """GPE and LOC entities the gazetteer does not know: kept, unresolved (an online geocoder may try)."""
    out = []
    # "wrote to Modi" after "Prime Minister Narendra Modi": a person's name is not a place elsewhere
    people = {t.lower_ for ent in entities(doc) if ent.label_ == "PERSON" for t in ent}
    taken = set(claims.taken)
    for ent in entities(doc):
        if ent.label_ not in ("GPE", "LOC") or any(t in taken for t in range(ent.start, ent.end)):
            continue
        if all(t.lower_ in people for t in ent if is_cap(t)):
            continue
        s = ent.start + (1 if doc[ent.start].lower_ == "the" else 0)
        if s >= ent.end or not is_cap(doc[s]) or org_name(doc, s, ent.end):
            continue
        if ent.end - s == 1 and common_word_first(doc[s]):
            continue  # "Protesters occupy...": a capitalised common noun the model took for a place
        out.append(Mention.from_span(doc[s : ent.end], MentionKind.NAME, ent.label_, source="entities"))
        taken.update(range(s, ent.end))
    return out


def find_abbreviation_compounds(doc, gaz: Gazetteer, claims: Claims, extra_names=None) -> list[Mention]:
    """'the U.S.-led coalition', 'a U.K.-based charity': an abbreviation inside a token the tokenizer kept whole."""
    out = []
    if ".-" not in docdata.source(doc):
        return out  # most articles: no token to look at
    for tok in tokens_where(doc, "text", lambda text: ".-" in text):
        head, _, rest = tok.text.partition(".-")
        if not rest[:1].islower() or not is_cap(tok) or tok.i in claims.taken:
            continue
        matches = [m for m in gaz.lookup(head + ".") if m.kind == ABBR and m.accepts(head + ".")]
        if matches:
            out.append(
                Mention(
                    text=head + ".",
                    start=tok.idx,
                    end=tok.idx + len(head) + 1,
                    tok_start=tok.i,
                    tok_end=tok.i + 1,
                    candidates=matches,
                    source="abbreviations",
                )
            )
    return out


def _hyphen_pair(doc, m: Mention, mentions: list[Mention]) -> Mention:
    """'EU-Canada trade', 'Turkish-Russian relations': places joined by a hyphen before a common noun are places.

    The language model often calls such a pair an organisation; it is one only when a name
    goes on after it ("the Armenia-Italy Parliamentary Friendship Group"). Returns ``m`` as a
    ``name`` or ``demonym`` mention when it is one of such a pair, else ``m`` unchanged.
    """
    i, j = m.tok_start, m.tok_end
    kinds = (MentionKind.NAME, MentionKind.DEMONYM, MentionKind.EMBEDDED)
    ends = {p.tok_end: p for p in mentions if p.kind in kinds}
    starts = {p.tok_start: p for p in mentions if p.kind in kinds}

    def close(k: int) -> bool:  # a hyphen at token k written against both its neighbours
        return 0 < k < len(doc) - 1 and doc[k].text == "-" and not doc[k - 1].whitespace_ and not doc[k].whitespace_

    left = ends.get(i - 1) if close(i - 1) else None
    right = starts.get(j + 1) if close(j) else None
    last = right.tok_end if right is not None else j
    if (left is None and right is None) or (last < len(doc) and is_cap(doc[last])):
        return m
    kind = MentionKind.DEMONYM if all(c.kind == DEMONYM for c in m.candidates) else MentionKind.NAME
    return Mention(
        text=m.text,
        start=m.start,
        end=m.end,
        tok_start=i,
        tok_end=j,
        kind=kind,
        label=m.label,
        candidates=m.candidates,
        source=m.source,
    )


def _taking(find):
    """A recogniser that works on its own copy of the claimed words (it adds those it finds as it goes)."""

    def run(doc, gaz: Gazetteer, claims: Claims, extra_names=None) -> list[Mention]:
        return find(doc, gaz, set(claims.taken))

    run.__doc__ = find.__doc__
    return run


def _after_names(find):
    """A recogniser that reads the mentions found so far ("Louisville, KY", "Alvin, Texas")."""

    def run(doc, gaz: Gazetteer, claims: Claims, extra_names=None) -> list[Mention]:
        return find(doc, gaz, list(claims.mentions), set(claims.taken))

    run.__doc__ = find.__doc__
    return run


_PARSED = frozenset({Need.POS, Need.DEP, Need.ENT})

#: every recogniser, in order of precedence
RECOGNISERS: tuple[Recogniser, ...] = (
    Recogniser(name="user gazetteer", needs=frozenset(), find=find_user_names),
    Recogniser(name="natural features", needs=_PARSED, find=_taking(find_features)),
    Recogniser(name="venues", needs=_PARSED, find=_taking(find_venues), claim=Claim.SOFT),
    Recogniser(name="gazetteer", needs=_PARSED, find=lambda doc, gaz, claims, extra=None: find_names(doc, gaz)),
    Recogniser(
        name="gazetteer words",
        needs=frozenset(),
        find=_taking(find_plain_names),
        instead_of="gazetteer",
    ),
    # the entity label over a postal code is kept: it needs the entities
    Recogniser(name="postal codes", needs=frozenset({Need.ENT}), find=_after_names(find_postal_codes)),
    Recogniser(
        name="towns before divisions",
        needs=frozenset({Need.POS, Need.ENT}),
        find=_after_names(find_towns_before_divisions),
        closes_soft=True,
    ),
    Recogniser(name="capital references", needs=frozenset({Need.POS}), find=_taking(find_capital_refs)),
    Recogniser(
        name="settlements",
        needs=_PARSED,
        find=lambda doc, gaz, claims, extra=None: find_settlements(doc, gaz, set(claims.taken)),
    ),
    Recogniser(
        name="city parts",
        needs=frozenset({Need.POS, Need.ENT}),
        find=lambda doc, gaz, claims, extra=None: find_city_parts(doc, list(claims.mentions), set(claims.taken)),
    ),
    Recogniser(name="entities", needs=_PARSED, find=find_ner_only),
    Recogniser(name="abbreviation compounds", needs=frozenset(), find=find_abbreviation_compounds),
)


def _annotations(doc) -> frozenset[Need]:
    has = getattr(doc, "has_annotation", None)
    if has is None:
        return frozenset()
    return frozenset(n for n in Need if has(n.value))


def recognisers_for(doc) -> list[Recogniser]:
    """The recognisers a doc's annotations allow, a stand-in only where the one it stands for cannot run."""
    have = _annotations(doc)
    runs = {r.name for r in RECOGNISERS if r.needs <= have}
    return [r for r in RECOGNISERS if r.name in runs and (r.instead_of is None or r.instead_of not in runs)]


def find_mentions(doc, gazetteer: Gazetteer, *, extra_names=None) -> list[Mention]:
    """Find every place mention in an article.

    Parameters
    ----------
    doc : spacy.tokens.Doc or geomap._textdoc.TextDoc
        The article, parsed (:attr:`geomap.article.Article.nlp_text`) or split into words (the
        fast mode): the recognisers its annotations allow run (:func:`recognisers_for`).
    gazetteer : Gazetteer
        Where names are looked up.
    extra_names : callable, optional
        ``extra_names(text) -> list[NameMatch]``, e.g. a user gazetteer; its names are
        matched first and override the offline gazetteer.

    Returns
    -------
    list of Mention
        In text order.
    """
    claims = Claims()
    for r in recognisers_for(doc):
        for m in r.find(doc, gazetteer, claims, extra_names):
            claims.add(m, Claim.FILL if m.kind == MentionKind.EMBEDDED else r.claim)
        if r.closes_soft:
            claims.close_soft()
    claims.close_soft()
    # places inside organisations' names, where no other mention is
    taken = {t for m in claims.mentions for t in range(m.tok_start, m.tok_end)}
    embedded = [m for m in claims.deferred if not any(t in taken for t in range(m.tok_start, m.tok_end))]
    mentions = claims.mentions + [_hyphen_pair(doc, m, claims.mentions + embedded) for m in embedded]
    return sorted(mentions, key=lambda m: m.start)


def annotate(doc, gazetteer: Gazetteer, *, extra_names=None) -> list[Mention]:
    """Find a document's mentions and keep them on it (``doc._.geomap_mentions``, ``doc.spans["geomap"]``).

    The body of the ``geomap_mentions`` spaCy component (:mod:`geomap.mentions.component`).

    Parameters
    ----------
    doc : spacy.tokens.Doc or geomap._textdoc.TextDoc
        The article (a fast-mode document has no span groups: only ``doc._.geomap_mentions``).
    gazetteer : Gazetteer
        Where names are looked up.
    extra_names : callable, optional
        A user gazetteer's lookup, matched first.

    Returns
    -------
    list of Mention
    """
    mentions = find_mentions(doc, gazetteer, extra_names=extra_names)
    docdata.ours(doc).geomap_mentions = mentions
    if hasattr(doc, "spans"):
        from spacy.tokens import Span

        doc.spans[docdata.SPAN_GROUP] = [Span(doc, m.tok_start, m.tok_end, label=str(m.kind)) for m in mentions]
    return mentions
