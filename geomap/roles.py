"""Give each place its role in the story, with the sentence that shows it.

Each mention is linked to the words that govern it in the dependency parse: the preposition
and noun or verb it hangs on ("citizens OF Tajikistan"), the verb it is the subject or object
of ("Kyiv DENIES"), the noun it modifies ("UKRAINIAN involvement"). The profile's triggers
(:mod:`geomap.profile`) map those links to roles. Negation of an accusation ("discounting any
Ukrainian involvement", "stopped short of implicating") cancels it.

The incident's own location comes from ``event`` triggers: the finest such place is the
incident site, the places that contain it are the incident area. A place holds every role
its mentions show; the default role (``context``) only when it holds no other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .profile import Profile, Trigger
from .resolve import Place

_MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "nummod", "npadvmod"})
_OBJECT_DEPS = frozenset({"dobj", "attr", "oprd", "dative"})
_CLIMB_DEPS = frozenset({"pcomp", "xcomp", "ccomp", "advcl", "acl", "relcl", "prep", "agent", "advmod"})
_MAX_DEPTH = 3


@dataclass(frozen=True)
class Evidence:
    """Why a place holds a role: the sentence, its offsets, the mention and the trigger word."""

    role: str
    text: str
    start: int
    end: int
    mention: str
    mention_start: int
    trigger: str | None
    confidence: float

    def as_dict(self) -> dict:
        """The evidence as stored in the places table."""
        return {
            "role": self.role,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "mention": self.mention,
            "mention_start": self.mention_start,
            "trigger": self.trigger,
            "confidence": self.confidence,
        }


@dataclass
class RoledPlace:
    """A place with its roles (most important first) and their evidence."""

    place: Place
    roles: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def role(self) -> str:
        """The primary role."""
        return self.roles[0]


def _attachments(root):
    """Yield (rel, governor, prep, depth, passive) for the phrase headed by ``root``, upwards."""
    h, depth = root, 0
    for _ in range(12):
        head = h.head
        if head.i == h.i or depth > _MAX_DEPTH:
            return
        dep = h.dep_
        if dep in _MODIFIER_DEPS:
            yield "modifier", head, None, depth, False
            if head.pos_ != "PROPN":
                depth += 1
        elif dep == "appos":
            # "the gunman, a 28-year-old Australian": the mention describes its head
            yield "modifier", head, None, depth, False
        elif dep == "conj":
            pass
        elif dep == "pobj":
            yield "prep", head.head, head, depth, False
            verb = _verb_above(head.head)
            if verb is not None:
                # a phrase on a noun may belong to the verb: "linking the attack TO Ukrainian operatives",
                # "an express running in the opposite direction FROM Bengaluru"
                yield "prep", verb, head, depth, False
            depth += 1
            h = head.head
            continue
        elif dep in ("nsubj", "nsubjpass"):
            yield "subject", head, None, depth, dep == "nsubjpass"
            return
        elif dep in _OBJECT_DEPS:
            yield "object", head, None, depth, False
            depth += 1
        elif dep in _CLIMB_DEPS:
            depth += 1
            if head.pos_ in ("VERB", "AUX"):
                yield "scope", head, None, depth, False
        else:
            return
        h = head


def _lemmas(tok) -> set[str]:
    """The word's lemma, and with its particle for phrasal verbs ("bring down")."""
    lemma = tok.lemma_.lower()
    out = {lemma}
    for c in tok.children:
        if c.dep_ == "prt":
            out.add(f"{lemma} {c.lower_}")
    return out


def _verb_above(noun):
    """The verb a noun phrase hangs on, as its object or through one preposition; None if it is not a noun."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return None
    if noun.dep_ == "dobj":
        return noun.head
    if noun.dep_ == "pobj" and noun.head.head.pos_ == "VERB":
        return noun.head.head
    return None


def _matches(trigger: Trigger, rel: str, gov, prep, passive: bool, is_demonym: bool, sent_lemmas) -> bool:
    if trigger.names_only and is_demonym:
        return False
    sent, context = sent_lemmas
    if trigger.sentence_has and not (trigger.sentence_has & sent):
        return False
    if trigger.sentence_lacks and trigger.sentence_lacks & sent:
        return False
    if trigger.context_has and not (trigger.context_has & context):
        return False
    if trigger.with_object and not any(
        c.dep_ == "dobj" and c.lemma_.lower() in trigger.with_object for c in gov.children
    ):
        return False
    lemmas = _lemmas(gov)
    if not lemmas & trigger.words:
        lemma = "\0"  # no match on the word itself; the subject rules still look at its complements
    else:
        lemma = next(iter(lemmas & trigger.words))
    if trigger.rel == "prep":
        return rel == "prep" and lemma in trigger.words and prep.lower_ in trigger.preps
    if trigger.rel == "modifier":
        return rel == "modifier" and lemma in trigger.words
    if trigger.rel == "object":
        return rel == "object" and lemma in trigger.words
    if trigger.rel == "scope":
        # anywhere in the clause of the word: "shipping in and out of the port has been HALTED"
        return gov.pos_ in ("VERB", "AUX") and lemma in trigger.words
    if trigger.rel == "clause":
        # the place hangs on a verb whose subject is one of the words: "a landslide BURIED a village near X"
        return (
            rel in ("prep", "object")
            and gov.pos_ in ("VERB", "AUX")
            and any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in trigger.words for c in gov.children)
        )
    if rel != "subject":
        return False
    if trigger.rel == "subject_attr":
        return any(c.dep_ in ("attr", "acomp") and c.lemma_.lower() in trigger.words for c in gov.children)
    if trigger.passive and not passive:
        return False
    complements = [c for c in gov.children if c.dep_ in ("acomp", "prep", "attr", "advmod", "oprd", "xcomp")]
    complements += [g for c in complements if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    # "X was BEHIND the attack", "X is RESPONSIBLE", "X was left in RUINS"
    return lemma in trigger.words or any(c.lemma_.lower() in trigger.words for c in complements)


def _negated(tok, negators: frozenset[str]) -> bool:
    """Whether the trigger word is negated: 'not blamed', 'discounting involvement', 'stopped short of implicating'."""
    if any(c.dep_ == "neg" for c in tok.children) or any(
        c.dep_ == "neg" for c in tok.head.children if tok.dep_ in ("acomp", "attr")
    ):
        return True
    h, steps = tok, 0
    while steps < 2 and h.head.i != h.i:
        h = h.head
        if h.pos_ == "ADP":
            continue
        steps += 1
        if h.lemma_.lower() in negators or any(c.dep_ == "neg" for c in h.children):
            return True
        if h.pos_ == "VERB":
            break
    return False


def _year(tok) -> int | None:
    text = tok.text
    if len(text) == 4 and text.isdigit() and 1800 <= int(text) <= 2100:
        return int(text)
    return None


def _historical(tok, year: int | None) -> bool:
    """An event of another year: 'the 1980 disaster in Florida', 'since 1960, when a quake destroyed...'."""
    if year is None:
        return False
    h = tok
    for _ in range(3):
        years = [y for t in [h, *h.children] if (y := _year(t)) is not None]
        if any(y != year for y in years):
            return True
        if h.head.i == h.i:
            break
        h = h.head
    return False


def _context_lemmas(sent) -> tuple[set[str], set[str]]:
    """Lemmas of the sentence, and of it and the one before (who 'the men' are is often said just before)."""
    doc = sent.doc
    lemmas = {t.lemma_.lower() for t in sent}
    context = set(lemmas)
    if sent.start > 0:
        context |= {t.lemma_.lower() for t in doc[sent.start - 1].sent}
    return lemmas, context


def mention_roles(doc, mention, profile: Profile, *, year: int | None = None) -> list[tuple[str, object, int]]:
    """The roles one mention shows: a list of (role, trigger token, depth)."""
    root = doc[mention.tok_start : mention.tok_end].root
    sent_lemmas = _context_lemmas(root.sent)
    found = []
    for rel, gov, prep, depth, passive in _attachments(root):
        for trig in profile.triggers:
            if _matches(trig, rel, gov, prep, passive, mention.kind == "demonym", sent_lemmas):
                if trig.role in profile.negatable and _negated(gov, profile.negators):
                    continue
                if trig.role == "event" and _historical(gov, year):
                    continue
                found.append((trig.role, gov, depth))
    if not found:
        return []
    dominant = [f for f in found if f[0] in profile.dominant]
    if dominant:
        # what the dominant trigger word itself also says stays ("Moscow denied any part": reaction too)
        words = {f[1].i for f in dominant}
        found = [f for f in found if f[0] in profile.dominant or f[1].i in words]
        best = min(f[2] for f in dominant)
        return _unique([f for f in found if f[2] == best or f[1].i in words])
    best = min(f[2] for f in found)
    return _unique([f for f in found if f[2] == best])


def _unique(found: list) -> list:
    out, seen = [], set()
    for role, tok, depth in found:
        if role not in seen:
            seen.add(role)
            out.append((role, tok, depth))
    return out


def _evidence(doc, mention, role: str, trigger, confidence: float) -> Evidence:
    sent = doc[mention.tok_start].sent
    # the sentence as the article wrote it (the parser's copy has headlines ended with a full stop)
    source = doc.user_data.get("geomap_text", doc.text)
    first = max(sent.start_char, doc.user_data.get("geomap_body_start", 0))  # never the date header
    raw = source[first : sent.end_char]
    start = first + len(raw) - len(raw.lstrip())
    text = raw.strip()
    return Evidence(
        role,
        text,
        start,
        start + len(text),
        mention.text,
        mention.start,
        trigger.text if trigger is not None else None,
        round(confidence, 2),
    )


def assign_roles(doc, places: list[Place], profile: Profile, *, year: int | None = None) -> list[RoledPlace]:
    """Give every place its roles and their evidence.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        The parsed article.
    places : list of Place
        From :func:`geomap.resolve.resolve`.
    profile : Profile
        The role vocabulary and triggers.
    year : int, optional
        The article's year: events of other years ("the 1980 disaster") are not this incident.

    Returns
    -------
    list of RoledPlace
        One per place, in the same order.
    """
    out = [RoledPlace(p) for p in places]
    events: dict[int, list[Evidence]] = {}
    ending_at = {m.tok_end: m for rp in out for m in rp.place.mentions}

    def add(rp: RoledPlace, m, found) -> None:
        for role, tok, depth in found:
            ev = _evidence(doc, m, role, tok, 0.85 - 0.1 * depth)
            if role == "event":
                events.setdefault(id(rp), []).append(ev)
            else:
                rp.evidence.append(ev)

    for rp in out:
        for m in rp.place.mentions:
            found = mention_roles(doc, m, profile, year=year)
            if not found and m.tok_start >= 2 and doc[m.tok_start - 1].lower_ in ("in", ","):
                # "to Beira in Mozambique", "Aleppo, Syria": the container shares the place's part
                inner = ending_at.get(m.tok_start - 1)
                if inner is not None:
                    found = [f for f in mention_roles(doc, inner, profile, year=year)]
            add(rp, m, found)
    for rp, pronoun in _pronouns(doc, out):
        # "Bangladesh said about 20 of ITS sailors were hurt"
        add(rp, pronoun, [f for f in mention_roles(doc, pronoun, profile, year=year) if f[0] in profile.pronoun_roles])
    _incident(doc, out, events, profile)
    site = next((rp for rp in out if any(e.role == profile.site_role for e in rp.evidence)), None)
    _aid(out, site, profile)
    _government_and_inside_roles(out, site, profile)
    out = [rp for rp in out if not _background_institution(rp, profile)]
    for rp in out:
        roles = {e.role for e in rp.evidence}
        if not roles - {profile.default_role}:
            if not roles:
                m = rp.place.mentions[0]
                rp.evidence.append(_evidence(doc, m, profile.default_role, None, 0.5))
        else:
            rp.evidence = [e for e in rp.evidence if e.role != profile.default_role]
        order = profile.order
        rp.evidence.sort(key=lambda e: (order.get(e.role, 99), e.start))
        rp.roles = sorted({e.role for e in rp.evidence}, key=lambda r: order.get(r, 99))
    return out


def _incident(doc, out: list[RoledPlace], events: dict[int, list[Evidence]], profile: Profile) -> None:
    """Turn event locations into the incident site (finest) and area (what contains it)."""
    located = [rp for rp in out if rp.place.lat is not None]
    cands = [rp for rp in located if id(rp) in events]
    lead_end = _lead_end(doc)
    for rp in located:
        # the story's lead names a finer place inside where it happened ("the deadliest railway accident in
        # India": the station the lead names is the site)
        if id(rp) not in events and not rp.evidence and rp.place.mentions[0].start < lead_end:
            m = rp.place.mentions[0]
            if any(c.place.contains(rp.place) for c in cands):
                events[id(rp)] = [_evidence(doc, m, "event", None, 0.5)]
                cands.append(rp)
    if cands:
        site = min(cands, key=lambda rp: (rp.place.fineness, rp.place.mentions[0].start))
        site_evidence = [_as(e, profile.site_role) for e in events[id(site)]]
    else:
        # no sentence says where it happened: the finest place the lead names, not a party to it
        lead = [rp for rp in located if rp.place.mentions[0].start < lead_end and not rp.evidence]
        if not lead:
            return
        site = min(lead, key=lambda rp: (rp.place.fineness, rp.place.mentions[0].start))
        m = site.place.mentions[0]
        site_evidence = [_evidence(doc, m, profile.site_role, None, 0.5)]
    site.evidence += site_evidence
    for rp in located:
        if rp is site:
            continue
        if rp.place.contains(site.place) or (site.place.anchor and rp.place.name == site.place.anchor):
            evs = events.get(id(rp))
            if evs:
                rp.evidence += [_as(e, profile.area_role) for e in evs]
            else:
                # the text locates the site in it ("on the outskirts of Moscow"), or it contains the site
                m = _mention_near(rp.place, site.place) or rp.place.mentions[0]
                rp.evidence.append(_evidence(doc, m, profile.area_role, None, 0.6))
        elif id(rp) in events and (
            rp.place.fineness == site.place.fineness or profile.elsewhere_role != profile.site_role
        ):
            # another place hit: a second site (incidents), or damage elsewhere (disasters)
            rp.evidence += [_as(e, profile.elsewhere_role) for e in events[id(rp)]]
        elif id(rp) in events:
            rp.evidence += [_as(e, profile.default_role) for e in events[id(rp)]]


@dataclass
class _Pronoun:
    text: str
    start: int
    end: int
    tok_start: int
    tok_end: int
    kind: str = "pronoun"


def _pronouns(doc, out: list[RoledPlace]):
    """Possessive pronouns ('its', 'their') and the place they stand for: the last one named before them."""
    mentions = sorted(
        ((m, rp) for rp in out for m in rp.place.mentions if rp.place.feature in ("country", "city", "admin1")),
        key=lambda x: x[0].tok_start,
    )
    for tok in doc:
        if tok.lower_ not in ("its", "their") or tok.dep_ != "poss":
            continue
        before = [(m, rp) for m, rp in mentions if m.tok_end <= tok.i and m.tok_start >= tok.sent.start]
        if before:
            yield before[-1][1], _Pronoun(tok.text, tok.idx, tok.idx + len(tok), tok.i, tok.i + 1)


def _background_institution(rp: RoledPlace, profile: Profile) -> bool:
    """A university or hospital named only in passing is an organisation here, not a place of the story."""
    from .mentions import INSTITUTION_WORDS

    p = rp.place
    last = p.name.lower().split()[-1] if p.name else ""
    roles = {e.role for e in rp.evidence}
    return (
        p.feature == "venue"
        and p.gazetteer_id is None
        and last in INSTITUTION_WORDS
        and roles <= {profile.default_role}
    )


def _aid(out: list[RoledPlace], site: RoledPlace | None, profile: Profile) -> None:
    """Help sent from inside the incident's country is a response; from abroad, a reaction."""
    home = site.place.country if site else None
    for rp in out:
        domestic = home is not None and rp.place.country == home
        role = profile.aid_roles.get("domestic" if domestic else "foreign")
        rp.evidence = [(_as(e, role) if e.role == "aid" else e) for e in rp.evidence if e.role != "aid" or role]


def _government_and_inside_roles(out: list[RoledPlace], site: RoledPlace | None, profile: Profile) -> None:
    """A capital speaking for its government lends those roles to its country; insiders respond."""
    countries = {rp.place.country: rp for rp in out if rp.place.feature == "country"}
    for rp in out:
        if rp.place.capital and rp.place.country in countries:
            country = countries[rp.place.country]
            country.evidence += [e for e in rp.evidence if e.role in profile.government_roles]
    if site is None or not profile.inside_roles:
        return
    for rp in out:
        if rp is site or rp.place.contains(site.place):
            rp.evidence = [_as(e, profile.inside_roles.get(e.role, e.role)) for e in rp.evidence]


def _lead_end(doc) -> int:
    """Where the lead ends: the first two sentences with words."""
    sents = [s for s in doc.sents if any(t.is_alpha for t in s)]
    return sents[min(1, len(sents) - 1)].end_char if sents else 0


def _as(e: Evidence, role: str) -> Evidence:
    return Evidence(role, e.text, e.start, e.end, e.mention, e.mention_start, e.trigger, e.confidence)


def _mention_near(container: Place, site: Place):
    """The container's mention closest to one of the site's (the one that locates it)."""
    best, dist = None, None
    for m in container.mentions:
        for s in site.mentions:
            d = abs(m.start - s.start)
            if dist is None or d < dist:
                best, dist = m, d
    return best
