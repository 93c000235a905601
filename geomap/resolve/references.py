"""Places a mention names by reference: "the capital", "the Turkish capital", "the state capital"."""

from __future__ import annotations

from collections import Counter

from ..gazetteer import Gazetteer
from ..mentions import Mention, MentionKind, Note
from .by_text import _SETTLEMENT_LABELS
from .place import Place, Places, place_by_rule


def division_capital(doc, m: Mention, places: dict[str, Place], gazetteer: Gazetteer, focus: str | None):
    """'the state capital', 'the provincial capital': the capital of the division the text is in.

    A city in apposition ("Belo Horizonte, the state capital") is that capital: its key in
    ``places`` is returned. Otherwise the division is the last one the text named before (or,
    failing that, the one most of the story's towns lie in), and its capital its largest city.
    """
    key_of = {x.ref: k for k, p in places.items() for x in p.mentions}
    at = {t: x for p in places.values() for x in p.mentions for t in range(x.tok_start, x.tok_end)}
    head = doc[m.tok_end - 1]
    linked = [head.head] if head.dep_ == "appos" else []
    linked += [c for c in head.children if c.dep_ == "appos"]
    for t in linked:
        x = at.get(t.i)
        if x is not None and places[key_of[x.ref]].feature == "city":
            return key_of[x.ref]
    divisions = sorted(
        (x.tok_start, p) for p in places.values() if p.feature == "admin1" and p.lat is not None for x in p.mentions
    )
    before = [p for t, p in divisions if t < m.tok_start]
    if before or divisions:
        division = (before or [divisions[0][1]])[-1 if before else 0]
        return gazetteer.largest_city(division.country, division.admin1) if division.admin1 else None
    votes = Counter(
        (p.country, p.admin1)
        for p in places.values()
        if p.feature in ("city", "admin2") and p.admin1 and (focus is None or p.country == focus)
        for _ in p.mentions
    )
    if not votes:
        return None
    cc, admin1 = votes.most_common(1)[0][0]
    return gazetteer.largest_city(cc, admin1)


def place_references(doc, mentions: list[Mention], places: Places, gazetteer: Gazetteer, focus: str | None) -> None:
    """Add the capitals the text refers to, and the names no gazetteer knows nor the text places, to ``places``.

    "the capital" is the capital of the country it names ("the Turkish capital") or of the
    story's country; "the state capital" the capital of the division the text is in (see
    :func:`division_capital`). A name only the language model calls a place stays unresolved.
    """
    for m in mentions:
        if m.kind == MentionKind.CAPITAL and m.label == Note.DIVISION_CAPITAL:
            found = division_capital(doc, m, places.by_key, gazetteer, focus)
            if isinstance(found, str):
                places.by_key[found].mentions.append(m)
            elif found is not None:
                places.add(found.gazetteer_id, lambda e=found: place_by_rule(e, "division_capital"), m)
        elif m.kind == MentionKind.CAPITAL:
            cc = m.country_hint or focus
            e = gazetteer.capital(cc) if cc else None
            if e is not None:
                places.add(e.gazetteer_id, lambda e=e: place_by_rule(e, "capital_reference"), m)
        elif m.kind == MentionKind.NAME and not m.candidates and m.label not in _SETTLEMENT_LABELS:
            places.add("text:" + m.key, lambda m=m: Place(name=m.text, feature="other"), m)
