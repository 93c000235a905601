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

from .lexicon import lexicon
from .profile import Profile, Trigger
from .resolve import Place

LEX = lexicon()

_MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "nummod", "npadvmod"})
_OBJECT_DEPS = frozenset({"dobj", "attr", "oprd", "dative"})
_CLIMB_DEPS = frozenset({"pcomp", "xcomp", "ccomp", "advcl", "acl", "relcl", "prep", "agent", "advmod"})
_MAX_DEPTH = 3
_CITY = 2  # Place.fineness of a town or city
_CLOSE = 0.75  # confidence of a link at most one step from the mention
_NATURAL = ("water", "region")  # rivers, bays, valleys: what a bridge or a town lies on, not beside


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


def _where_clauses(noun, depth: int):
    """A 'where' clause on the noun: "the suburb of Linwood, where more people were SHOT" (a where link)."""
    for c in noun.children:
        if c.dep_ == "relcl" and any(g.lower_ == "where" for g in c.children if g.dep_ == "advmod"):
            yield "where", c, None, depth, False


def _described(noun, depth: int):
    """A participle clause on the noun: "the town of Utuado, CUT off by landslides" (a scope link)."""
    for c in noun.children:
        if c.dep_ == "acl" and c.pos_ == "VERB" and c.tag_ == "VBN":
            yield "scope", c, None, depth, True


def _attachments(root):
    """Yield (rel, governor, prep, depth, passive) for the phrase headed by ``root``, upwards."""
    h, depth = root, 0
    yield from _described(root, depth)
    yield from _where_clauses(root, depth)
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
            if head.head.pos_ in ("NOUN", "PROPN") and depth == 0:
                yield from _described(head.head, depth)
                yield from _where_clauses(head.head, depth)
            outer = head.head
            if outer.pos_ == "ADP" and outer.dep_ in ("prep", "pcomp") and outer.head.i != outer.i:
                # stacked prepositions: "set out FROM near Tobruk" is set out from Tobruk
                yield "prep", outer.head, outer, depth, False
            verb = _verb_above(head.head)
            if verb is not None:
                # a phrase on a noun may belong to the verb: "linking the attack TO Ukrainian operatives",
                # "an express running in the opposite direction FROM Bengaluru"
                yield "prep", verb, head, depth + 1, False
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
    """The word's lemma, and with its particle or bare object or adverb: "bring down", "give way", "come ashore"."""
    known = tok.doc.user_data.setdefault("geomap_lemmas", {})  # asked once per trigger: worked out once per word
    if tok.i in known:
        return known[tok.i]
    lemma = tok.lemma_.lower()
    out = {lemma}
    for c in tok.children:
        if c.dep_ == "prt" or (c.dep_ in ("dobj", "advmod") and not any(True for _ in c.children)):
            out.add(f"{lemma} {c.lower_}")
    known[tok.i] = out
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
    if trigger.rel == "where":
        # "the suburb of Linwood, where more people were SHOT": the clause says what happened at the place
        return rel == "where" and lemma in trigger.words
    if trigger.rel == "scope":
        # anywhere in the clause of the word: "shipping in and out of the port has been HALTED"
        return gov.pos_ in ("VERB", "AUX") and lemma in trigger.words
    if trigger.rel == "clause":
        # the place hangs on a verb whose subject is one of the words: "a landslide BURIED a village near X",
        # "HURRICANE Maria tore across Puerto Rico"
        subjects = [c for c in gov.children if c.dep_ in ("nsubj", "nsubjpass")]
        # "HURRICANE Maria tore across Puerto Rico"; "further DEATHS recorded in Chichaoua"
        subjects += [g for c in subjects if c.pos_ == "PROPN" for g in c.children if g.dep_ == "compound"]
        if gov.dep_ == "acl":
            subjects.append(gov.head)
        # "Maria also lashed Guadeloupe" after "Hurricane Maria"
        names = _event_names(gov.doc)
        return (
            rel in ("prep", "object")
            and gov.pos_ in ("VERB", "AUX")
            and any(c.lemma_.lower() in trigger.words or trigger.words & names.get(c.lower_, set()) for c in subjects)
        )
    if rel != "subject":
        return False
    if trigger.rel == "subject_attr":
        # "the hall became the SITE of a massacre", "three Britons were among the DEAD"
        comps = [c for c in gov.children if c.dep_ in ("attr", "acomp")]
        comps += [g for c in gov.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        return any(c.lemma_.lower() in trigger.words for c in comps)
    if (trigger.passive and not passive) or (trigger.active and passive):
        return False
    complements = [c for c in gov.children if c.dep_ in ("acomp", "prep", "attr", "advmod", "oprd", "xcomp")]
    complements += [g for c in complements if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    # "X was BEHIND the attack", "X is RESPONSIBLE", "X was left in RUINS"
    return lemma in trigger.words or any(c.lemma_.lower() in trigger.words for c in complements)


def _event_names(doc) -> dict[str, set[str]]:
    """Names given to an event and the kind of event they name: 'Hurricane Maria' -> {'maria': {'hurricane'}}."""
    names = doc.user_data.get("geomap_event_names")
    if names is None:
        names = {}
        for t in doc:
            if t.pos_ != "PROPN" or t.dep_ == "compound":
                continue
            # "Hurricane Maria"; "three hurricanes: Harvey, Irma and Maria"; "Typhoons Haiyan and Hagibis"
            first = t
            while first.dep_ == "conj" and first.head.pos_ == "PROPN" and first.head is not first:
                first = first.head
            kinds = {
                w
                for c in first.children
                if c.dep_ == "compound" and c.i == first.i - 1
                for w in (c.lemma_.lower(), c.lower_.removesuffix("s"))  # "Typhoons Haiyan and Hagibis"
            }
            if kinds and t.ent_type_ == "GPE":
                kinds = set()  # the model calls it a place: a word before it does not make it an event
            if first.dep_ == "appos" and first.head.lemma_.lower() in LEX.storm_kinds:
                kinds.add(first.head.lemma_.lower())  # named in apposition to the kind: a name, whatever NER says
            if kinds:
                names.setdefault(t.lower_, set()).update(kinds)
        doc.user_data["geomap_event_names"] = names
    return names


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


def _not_this_event(tok) -> bool:
    """Another or a possible event: 'ANOTHER dam burst near Mariana', 'the dam COULD give way'."""
    words = [tok, *(c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "dobj"))]
    if any(c.lower_ in LEX.other_event_words for w in words for c in w.children if c.dep_ in ("det", "amod")):
        return True
    return tok.pos_ in ("VERB", "AUX") and any(
        c.dep_ == "aux" and c.lower_ in LEX.hypothetical_modals for c in tok.children
    )


def _historical(tok, year: int | None) -> bool:
    """An event of another year: 'the 1980 disaster in Florida', 'since 1960, when a quake destroyed...'."""
    if _not_this_event(tok):
        return True
    h = tok
    for _ in range(3):
        # "the 1980 disaster", "the storm surge that hit Hamburg IN 1962"
        # ("the 1970 Bhola cyclone": the year may hang on the name before the word; "the 1970 cyclone KILLED")
        near = [h, *h.children, *(g for c in h.children if c.dep_ in ("prep", "compound") for g in c.children)]
        near += [t for c in h.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree]
        years = [y for t in near if (y := _year(t)) is not None]
        # with no date to compare, "the 2015 quake" still names an event of its own year: not this one
        if any(year is None or y != year for y in years):
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


#: trigger relations that hold only through the word itself (the others also look at its subject or complements)
_WORDED = frozenset({"prep", "modifier", "object", "where", "scope"})
_BY_RELATION: dict[int, tuple[tuple, dict]] = {}


def _triggers_by_relation(triggers: tuple[Trigger, ...]) -> dict[str, tuple[Trigger, ...]]:
    """For each way a mention hangs on a word, the triggers that may match it, in the profile's order."""
    known = _BY_RELATION.get(id(triggers))
    if known is None or known[0] is not triggers:
        if len(_BY_RELATION) > 32:
            _BY_RELATION.clear()
        index = {
            rel: tuple(
                t
                for t in triggers
                if t.rel == rel
                or t.rel == "scope"
                or (t.rel == "clause" and rel in ("prep", "object"))
                or (t.rel == "subject_attr" and rel == "subject")
            )
            for rel in ("prep", "modifier", "object", "where", "scope", "subject")
        }
        known = _BY_RELATION[id(triggers)] = (triggers, index)
    return known[1]


def mention_roles(doc, mention, profile: Profile, *, year: int | None = None) -> list[tuple[str, object, int]]:
    """The roles one mention shows: a list of (role, trigger token, depth)."""
    root = doc[mention.tok_start : mention.tok_end].root
    sent_lemmas = _context_lemmas(root.sent)
    found = []
    crossed = []  # the prepositions the link has passed through
    by_relation = _triggers_by_relation(profile.triggers)
    for rel, gov, prep, depth, passive in _attachments(root):
        # "in retaliation FOR Kenya's operation": not where it happened
        barred = any(p.lower_ in profile.event_barriers for p in crossed if p is not prep)
        lemmas = _lemmas(gov)
        for trig in by_relation[rel]:
            if trig.rel in _WORDED and trig.words.isdisjoint(lemmas):
                continue  # cannot match: saves asking every trigger of the profile
            if trig.depth is not None and depth > trig.depth:
                continue  # the word is further up the parse than the trigger looks
            if _matches(trig, rel, gov, prep, passive, mention.kind == "demonym", sent_lemmas):
                if trig.role in profile.negatable and _negated(gov, profile.negators):
                    continue
                if trig.role == "event" and (barred or gov.lemma_.lower() in profile.event_barriers):
                    continue  # "the tremor was FELT in Rabat": not where it happened
                if rel == "modifier" and depth == 0 and root.dep_ == "amod" and root.pos_ == "ADJ" and trig.names_only:
                    continue  # "STRONG earthquake": an adjective, whatever town shares its spelling
                if (trig.role == "event" or trig.role in profile.dated_roles) and _historical(gov, year):
                    continue
                if trig.role != "event" and _through_relative(root, gov):
                    # "the president, who visited Bucha near Kyiv, said": what the noun does is not the mention's
                    continue
                found.append((trig.role, gov, depth))
        if prep is not None and prep not in crossed:
            crossed.append(prep)
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


def _through_relative(root, gov) -> bool:
    """Whether the way up from the mention to the word leaves a relative clause ("who visited Kyiv")."""
    if not gov.is_ancestor(root):
        return False  # a clause on the mention's noun ("X, where volunteers handed out food")
    h = root
    while h.i != gov.i:
        if h.dep_ == "relcl":
            return True
        h = h.head
    return False


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
    source = doc.user_data.get("geomap_text") or doc.text  # doc.text joins every token: only when needed
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

    dateline = _dateline_mentions(doc, out)
    for rp in out:
        for m in rp.place.mentions:
            if id(m) in dateline:
                continue  # where the story was filed; it is the site only if nothing else is (see _incident)
            found = mention_roles(doc, m, profile, year=year)
            before = m.tok_start - 1
            while before > 0 and doc[before].dep_ == "amod" and doc[before].head.i >= m.tok_start:
                before -= 1  # "Tobruk in EASTERN Libya"
            if not found and before >= 1 and doc[before].lower_ in ("in", ","):
                # "to Beira in Mozambique", "Aleppo, Syria": the container shares the place's part
                inner = ending_at.get(before)
                if inner is not None:
                    found = [f for f in mention_roles(doc, inner, profile, year=year)]
            add(rp, m, found)
    for rp, pronoun in _pronouns(doc, out):
        # "Bangladesh said about 20 of ITS sailors were hurt"
        add(rp, pronoun, [f for f in mention_roles(doc, pronoun, profile, year=year) if f[0] in profile.pronoun_roles])
    for rp, noun in _anaphors(doc, out, profile):
        # "hundreds of injured people were treated in THE CITY's hospitals"
        add(rp, noun, mention_roles(doc, noun, profile, year=year))
    _incident(doc, out, events, profile, dateline, year)
    site = next((rp for rp in out if any(e.role == profile.site_role for e in rp.evidence)), None)
    _aid(out, site, profile)
    _harm_reaches_the_town(out, profile)
    _government_and_inside_roles(out, site, profile)
    out = [rp for rp in out if not _background_institution(rp, profile) and not _event_name(doc, rp, profile)]
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


def _incident(
    doc,
    out: list[RoledPlace],
    events: dict[int, list[Evidence]],
    profile: Profile,
    dateline: set[int],
    year: int | None = None,
) -> None:
    """Turn event locations into the incident site (finest) and area (what contains it).

    A dateline's place (``dateline``: its mentions) is the site only when no other place is.
    """
    located = [rp for rp in out if rp.place.lat is not None]
    cands = [rp for rp in located if id(rp) in events]
    lead_end = _lead_end(doc)
    said_inside = _said_inside(doc, out)

    def contains(outer: RoledPlace, inner: RoledPlace) -> bool:
        # known to contain it, said to ("X's Y"), or an island or region placed at it
        return (
            outer.place.contains(inner.place)
            or (id(outer), id(inner)) in said_inside
            or (outer.place.anchor == inner.place.name and _fineness(doc, outer.place) > inner.place.fineness)
        )

    for rp in located:
        # the story's lead names a finer place inside where it happened ("the deadliest railway accident in
        # India": the station the lead names is the site)
        m = rp.place.mentions[0]
        lead = id(rp) not in events and not rp.evidence and m.start < lead_end and id(m) not in dateline
        # not in a sentence about another year ("The 1970 Bhola cyclone killed 300,000")
        lead = lead and not any((y := _year(t)) is not None and y != year for t in doc[m.tok_start].sent)
        if lead and any(contains(c, rp) for c in cands):
            events[id(rp)] = [_evidence(doc, m, "event", None, 0.5)]
            cands.append(rp)
    if cands:
        # the finest; of places as fine, not one the text puts another inside ("Lahore's Model Town")
        finest = [c for c in cands if not any((id(c), id(o)) in said_inside for o in cands)] or cands
        site = min(finest, key=lambda rp: (_fineness(doc, rp.place), rp.place.mentions[0].start))
        site_evidence = [_as(e, profile.site_role) for e in events[id(site)]]
    else:
        # no sentence says where it happened: the finest place the lead names, not a party to it
        lead = [rp for rp in located if rp.place.mentions[0].start < lead_end and not rp.evidence]
        filed = [rp for rp in lead if all(id(m) in dateline for m in rp.place.mentions)]
        hit = any(e.role == profile.other_event_role for rp in located for e in rp.evidence)
        # a dateline's place is the site only as a last resort, and not when the story says where harm was done
        # ("EDMONTON — residents of Slave Lake were ordered to leave")
        lead = [rp for rp in lead if not any(rp is f for f in filed)] or ([] if hit else filed)
        if not lead:
            return
        site = min(lead, key=lambda rp: (rp.place.fineness, rp.place.mentions[0].start))
        m = site.place.mentions[0]
        site_evidence = [_evidence(doc, m, profile.site_role, None, 0.5)]
    site.evidence += site_evidence
    for rp in located:
        if rp is site:
            continue
        # two places the text only put at the same town ("a mosque in Linwood" and "Al Noor Mosque", both
        # placed at Christchurch) are side by side, not one inside the other: where it happened too
        beside = (
            id(rp) in events
            and rp.place.anchor is not None
            and rp.place.anchor == site.place.anchor
            and rp.place.feature not in _NATURAL
            and (id(rp), id(site)) not in said_inside
        )
        if beside:
            rp.evidence += [_as(e, profile.elsewhere_role) for e in events[id(rp)]]
        elif contains(rp, site) or (
            site.place.anchor and rp.place.name == site.place.anchor and site.place.anchor_km is None
        ):
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
            # hit too, elsewhere ("at least 20 people died in Belgium"): when the event word is close to the
            # mention and the place has no part of its own
            for e in events[id(rp)]:
                hit = e.confidence >= _CLOSE and not rp.evidence
                rp.evidence.append(_as(e, profile.other_event_role if hit else profile.default_role))


def _fineness(doc, place: Place) -> int:
    """How fine a place is (:attr:`Place.fineness`), corrected by what the text calls it.

    A name no gazetteer knows that the text calls an island or a region ("the island of Maui") is coarser
    than a town, wherever the text placed it.
    """
    for m in place.mentions:
        called = doc[m.tok_start - 2].lemma_.lower() if m.tok_start >= 2 else ""
        if place.gazetteer_id is None and doc[m.tok_start - 1].lower_ == "of" and called in LEX.large_area_kinds:
            return max(place.fineness, _CITY + 1)
    return place.fineness


def _said_inside(doc, out: list[RoledPlace]) -> set[tuple[int, int]]:
    """Pairs (outer, inner) of places the text puts one inside the other.

    "Lahore's Model Town", "Model Town in Lahore", "Model Town, Lahore": ids of the two places.
    """
    at = {i: rp for rp in out for m in rp.place.mentions for i in range(m.tok_start, m.tok_end)}

    def named(tok):
        """The place a word names: a mention, or a kind noun with its name ("the island of Maui")."""
        if tok.i in at:
            return at[tok.i]
        names = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        return next((at[g.i] for g in names if g.dep_ == "pobj" and g.i in at), None)

    pairs = set()
    for rp in out:
        for m in rp.place.mentions:
            root = doc[m.tok_start : m.tok_end].root
            if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ == "NOUN":
                root = root.head.head  # "the island of Maui": the phrase of the kind noun
            head = root.head
            if root.dep_ in ("poss", "appos"):
                inner = named(head)
            elif root.dep_ == "pobj" and head.lower_ in ("in", "of", "on") and head.head.i != head.i:
                inner = named(head.head)
            else:
                inner = None
            if (
                inner is not None
                and inner is not rp
                and (inner.place.fineness <= rp.place.fineness or rp.place.anchor == inner.place.name)
            ):
                pairs.add((id(rp), id(inner)))
    return pairs


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


def _anaphors(doc, out: list[RoledPlace], profile: Profile):
    """Definite nouns that refer back to a place ('the city', 'the country') and the place they stand for.

    The place is the one of the features the profile's ``anaphors`` allow for the noun that the text has
    named most often before it (the story's city, not one named in passing), the latest on a tie.
    "The city of X" names X instead, and "the Indian city" or "a city" are no references back.
    """
    if not profile.anaphors:
        return
    named = sorted(((m, rp) for rp in out for m in rp.place.mentions), key=lambda x: x[0].tok_start)
    taken = {i for m, _ in named for i in range(m.tok_start, m.tok_end)}
    for tok in doc:
        features = profile.anaphors.get(tok.lower_)
        if features is None or tok.pos_ != "NOUN" or tok.i in taken or tok.i == 0:
            continue
        det = doc[tok.i - 1]
        if det.lower_ != "the" or det.head.i != tok.i:
            continue  # "the Indian city", "a city", "the city's" with another word between
        if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "of":
            continue
        before = [rp for m, rp in named if m.tok_end <= det.i and rp.place.feature in features]
        if before:
            counts: dict[int, int] = {}
            for r in before:
                counts[id(r)] = counts.get(id(r), 0) + 1
            rp = max(reversed(before), key=lambda r: counts[id(r)])
            span = doc[det.i : tok.i + 1]
            yield rp, _Pronoun(span.text, span.start_char, span.end_char, det.i, tok.i + 1, "anaphor")


def _event_name(doc, rp: RoledPlace, profile: Profile) -> bool:
    """A place named only by the name of the event ('Maria' after 'Hurricane Maria') is no place of the story."""
    kinds = set().union(*(t.words for t in profile.triggers if t.role == "event" and t.rel == "clause"))
    names = _event_names(doc)
    return all(names.get(m.text.lower(), set()) & kinds for m in rp.place.mentions)


def _background_institution(rp: RoledPlace, profile: Profile) -> bool:
    """A university or hospital named only in passing is an organisation here, not a place of the story."""
    p = rp.place
    last = p.name.lower().split()[-1] if p.name else ""
    roles = {e.role for e in rp.evidence}
    return (
        p.feature == "venue"
        and p.gazetteer_id is None
        and last in LEX.institution_words
        and roles <= {profile.default_role}
    )


def _aid(out: list[RoledPlace], site: RoledPlace | None, profile: Profile) -> None:
    """Give the roles that depend on the incident's country (``split_roles``).

    Help sent from inside it is a response, from abroad a reaction; troops of that country respond,
    foreign troops come from somewhere.
    """
    home = site.place.country if site else None
    for rp in out:
        domestic = home is not None and rp.place.country == home
        evidence = []
        for e in rp.evidence:
            split = profile.split_roles.get(e.role)
            if split is None:
                evidence.append(e)
            elif role := split.get("domestic" if domestic else "foreign"):
                evidence.append(_as(e, role))
        rp.evidence = evidence


def _government_and_inside_roles(out: list[RoledPlace], site: RoledPlace | None, profile: Profile) -> None:
    """A capital speaking for its government lends those roles to its country; insiders respond."""
    countries = {rp.place.country: rp for rp in out if rp.place.feature == "country"}
    for rp in out:
        if rp.place.capital and rp.place.country in countries:
            country = countries[rp.place.country]
            country.evidence += [e for e in rp.evidence if e.role in profile.government_roles]
    if site is None:
        return
    mapping = profile.inside_roles
    for rp in out:
        # a place that contains the site and reacts is responding; the site is not 'harmed elsewhere'
        # (a neighbourhood placed at the site's city is not known to contain it)
        if rp is not site and not (rp.place.contains(site.place) and rp.place.fineness >= _CITY):
            continue
        rp.evidence = [
            _as(e, mapping[e.role]) if e.role in mapping else e
            for e in rp.evidence
            if e.role not in mapping or mapping[e.role] is not None
        ]


def _harm_reaches_the_town(out: list[RoledPlace], profile: Profile) -> None:
    """A venue hit elsewhere ("a minaret toppled into the square") is damage in the town the text placed it in."""
    role = profile.other_event_role
    if role == profile.default_role:
        return
    by_name = {rp.place.name: rp for rp in out}
    for rp in out:
        town = by_name.get(rp.place.anchor) if rp.place.feature == "venue" and rp.place.anchor else None
        if town is None or town is rp or any(e.role == role for e in town.evidence):
            continue
        town.evidence += [e for e in rp.evidence if e.role == role][:1]


def _dateline_mentions(doc, out: list[RoledPlace]) -> set[int]:
    """The mentions of the story's dateline: "JAKARTA, Indonesia — A ferry sank off Buton island".

    The places that open a line of the lead, before a dash or a bracket ("LONDON (Reuters) -"), say
    where the story was filed: the parse makes them part of the first sentence, but they are no
    party to it. A headline above may open with a place too ("Indonesia ferry sinks").
    """
    mentions = sorted((m for rp in out for m in rp.place.mentions), key=lambda m: m.tok_start)
    lead_end = _lead_end(doc)
    for first in mentions:
        if first.start >= lead_end:
            break
        if first.tok_start > 0 and not doc[first.tok_start - 1].is_space:
            continue  # not at the start of a line
        chunk = [first]
        j = first.tok_end
        nxt = next((m for m in mentions if m.tok_start == j + 1), None)
        if j < len(doc) and doc[j].text == "," and nxt is not None:
            chunk.append(nxt)  # "PARIS, Texas —"
            j = nxt.tok_end
        if j < len(doc) and (doc[j].text in LEX.dashes or doc[j].text == "("):
            return {id(m) for m in chunk}
    return set()


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
