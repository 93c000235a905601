"""Which roles a mention shows: the profile's triggers matched against its links, one function per relation."""

from __future__ import annotations

from ..docdata import cache, column, tokens_where
from ..lexicon import lexicon
from ..profile import Profile, Trigger
from .links import attachments, lemmas

LEX = lexicon()


def event_names(doc) -> dict[str, set[str]]:
    """Names given to an event and the kind of event they name: 'Hurricane Maria' -> {'maria': {'hurricane'}}."""
    known = cache(doc, "event names")
    names = known.get("names")
    if names is None:
        names = known["names"] = {}
        for t in tokens_where(doc, "pos_", "PROPN".__eq__):
            if t.dep_ == "compound":
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


def year_of(tok) -> int | None:
    """The year a word is ("1960"), or None."""
    text = tok.text
    if len(text) == 4 and text.isdigit() and 1800 <= int(text) <= 2100:
        return int(text)
    return None


def of_another_year(tok, year: int | None) -> bool:
    """Whether the sentence of ``tok`` names a year other than ``year`` ("the 1979 quake near Shkodër")."""
    sent = tok.sent
    known = cache(tok.doc, "sentence years")
    if sent.start not in known:
        known[sent.start] = frozenset(y for t in sent if (y := year_of(t)) is not None)
    return any(y != year for y in known[sent.start])


def sentence_lemmas(sent) -> set[str]:
    """The lowercase lemmas of a sentence, worked out once per sentence."""
    return _contextlemmas(sent)[0]


def _not_this_event(tok) -> bool:
    """Another or a possible event: 'ANOTHER dam burst near Mariana', 'the dam COULD give way'."""
    words = [tok, *(c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "dobj"))]
    if any(c.lower_ in LEX.other_event_words for w in words for c in w.children if c.dep_ in ("det", "amod")):
        return True
    return tok.pos_ in ("VERB", "AUX") and any(
        c.dep_ == "aux" and c.lower_ in LEX.hypothetical_modals for c in tok.children
    )


def _date_of(tok):
    """The words of the date a word is part of ("October" in "In October 2001")."""
    doc, start, end = tok.doc, tok.i, tok.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def other_time(tok, month: int | None = None) -> bool:
    """A word of a date that counts back to another event: 'two years ago', 'last May', 'earlier this year'.

    "two days ago", "last night" and "on Tuesday" are the story's own event. With the article's
    ``month``, a month named bare ("in March", "the November attack"; not "March 3") that is not the
    article's is another event's too.
    """
    if tok.ent_type_ != "DATE":
        return False
    date = _date_of(tok)
    words = {t.lower_ for t in date}
    if words & LEX.time_back_words and words & (LEX.time_units_long | LEX.month_names):
        return True
    months = [LEX.month_numbers[w] for w in words if w in LEX.month_numbers]
    bare = len(months) == 1 and not any(t.like_num or any(c.isdigit() for c in t.text) for t in date)
    return month is not None and bare and months[0] != month


def _own_words(tok):
    """The words of a phrase, less the clauses that describe it ("France, which in 2015 suffered attacks")."""
    yield tok
    for c in tok.children:
        if c.dep_ not in ("relcl", "acl", "appos"):
            yield from _own_words(c)


def _historical(tok, year: int | None, month: int | None = None) -> bool:
    """An event of another year: 'the 1980 disaster in Florida', 'since 1960, when a quake destroyed...'."""
    if _not_this_event(tok):
        return True
    h = tok
    for _ in range(3):
        # "the 1980 disaster", "the storm surge that hit Hamburg IN 1962"
        # ("the 1970 Bhola cyclone": the year may hang on the name before the word; "the 1970 cyclone KILLED")
        near = [h, *h.children, *(g for c in h.children if c.dep_ in ("prep", "compound") for g in c.children)]
        near += [t for c in h.children if c.dep_ in ("nsubj", "nsubjpass") for t in _own_words(c)]
        near += [w for t in near if t.ent_type_ == "DATE" for w in _date_of(t)]  # "In October 2001, ... sank"
        years = [y for t in near if (y := year_of(t)) is not None]
        # with no date to compare, "the 2015 quake" still names an event of its own year: not this one
        if any(year is None or y != year for y in years) or any(other_time(t, month) for t in near):
            return True
        if h.head.i == h.i:
            break
        h = h.head
    return False


def _contextlemmas(sent) -> tuple[set[str], set[str]]:
    """Lemmas of the sentence, and of it and the one before (who 'the men' are is often said just before)."""
    doc = sent.doc
    known = cache(doc, "sentence lemmas")
    if sent.start not in known:
        words = column(doc, "lemma_")
        lemmas = {w.lower() for w in words[sent.start : sent.end]}
        context = set(lemmas)
        if sent.start > 0:
            before = doc[sent.start - 1].sent
            context |= {w.lower() for w in words[before.start : before.end]}
        known[sent.start] = lemmas, context
    return known[sent.start]


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
        index[_EVENT_WORDS] = frozenset().union(*(t.words for t in triggers if t.role == "event"))
        known = _BY_RELATION[id(triggers)] = (triggers, index)
    return known[1]


#: the key of the event triggers' words in :func:`_triggers_by_relation`'s index
_EVENT_WORDS = "event words"


def event_words(profile: Profile) -> frozenset[str]:
    """The words of the profile's ``event`` triggers (worked out once per profile)."""
    return _triggers_by_relation(profile.triggers)[_EVENT_WORDS]


def _conditions_hold(trigger: Trigger, gov, is_demonym: bool, sent_lemmas) -> bool:
    """The trigger's conditions on the mention and the sentence: names only, words the sentence has or lacks."""
    if trigger.names_only and is_demonym:
        return False
    sent, context = sent_lemmas
    if trigger.sentence_has and not (trigger.sentence_has & sent):
        return False
    if trigger.sentence_lacks and trigger.sentence_lacks & sent:
        return False
    if trigger.context_has and not (trigger.context_has & context):
        return False
    if trigger.with_subject and not _done_by(gov, trigger.with_subject):
        return False
    if trigger.without_subject and _done_by(gov, trigger.without_subject, anyone=False):
        return False
    return not trigger.with_object or any(
        c.dep_ == "dobj" and c.lemma_.lower() in trigger.with_object for c in gov.children
    )


def _doer(gov, climb: bool):
    """Who does what the word says: its subject, the noun its relative clause describes, or its possessor.

    With ``climb``, up the parse to the first word that has one ("Erdogan postponed a trip to Albania",
    "Erdogan's trip to Albania"); else the word's own ("a fan who had travelled from Douala"). None
    when the parse shows no one.
    """
    h = gov
    for _ in range(8 if climb else 1):
        subjects = [c for c in h.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            s = subjects[0]
            relative = s.tag_ in ("WP", "WDT") or s.lower_ == "that"
            return h.head if relative and h.dep_ in ("relcl", "acl") else s
        if h.dep_ in ("relcl", "acl") and h.pos_ in ("VERB", "AUX"):
            return h.head
        possessor = next((c for c in h.children if c.dep_ == "poss"), None)
        if possessor is not None and h.pos_ == "NOUN":
            return possessor
        if h.head.i == h.i:
            return None
        h = h.head
    return None


def _done_by(gov, words: frozenset[str], anyone: bool = True) -> bool:
    """Whether the word's doer (:func:`_doer`) is one of ``words``, or a name with such a title.

    "The gunmen came from Mali"; "Prime Minister Erdogan travelled to Soma". With ``anyone`` (the
    word's own doer only), a pronoun or no doer counts too ("they came from Mali"): it may be anyone;
    without it, the doer is looked for up the parse, and none is no one of ``words``.
    """
    doer = _doer(gov, climb=not anyone)
    if doer is None or doer.pos_ == "PRON":
        return anyone
    titled = [doer, *(c for c in doer.children if c.dep_ in ("compound", "appos"))]
    return any(w.lemma_.lower() in words for w in titled)


def _by_word(relation: str):
    """A relation that holds through the word itself: the link's relation is the trigger's, the word one of its."""

    def match(trigger: Trigger, rel: str, gov, prep, passive: bool, lemma: str) -> bool:
        return rel == relation and lemma in trigger.words

    match.__doc__ = f"The mention is linked to one of the words by {relation!r}."
    return match


def _prep(trigger: Trigger, rel: str, gov, prep, passive: bool, lemma: str) -> bool:
    """'citizens OF Tajikistan': the object of one of the prepositions that hangs on one of the words."""
    return rel == "prep" and lemma in trigger.words and prep.lower_ in trigger.preps


def _scope(trigger: Trigger, rel: str, gov, prep, passive: bool, lemma: str) -> bool:
    """Anywhere in the clause of the word: 'shipping in and out of the port has been HALTED'."""
    return gov.pos_ in ("VERB", "AUX") and lemma in trigger.words


def _around(gov, kind: str) -> frozenset[str]:
    """Words around ``gov`` that the clause and subject triggers look for, worked out once per word.

    ``subjects``: the lemmas of its subjects, and the kinds of event they name ("HURRICANE Maria tore
    across", "further DEATHS recorded in", "Maria also lashed" after "Hurricane Maria").
    ``attributes``: the lemmas of what the subject is said to be ("became the SITE of", "among the DEAD").
    ``complements``: the lemmas of its complements ("was BEHIND the attack", "was left in RUINS").
    """
    known = cache(gov.doc, f"trigger {kind}")
    if gov.i in known:
        return known[gov.i]
    children = list(gov.children)
    if kind == "subjects":
        words = [c for c in children if c.dep_ in ("nsubj", "nsubjpass")]
        words += [g for c in words if c.pos_ == "PROPN" for g in c.children if g.dep_ == "compound"]
        if gov.dep_ == "acl":
            words.append(gov.head)
        names = event_names(gov.doc)
        found = {w for c in words for w in (c.lemma_.lower(), *names.get(c.lower_, ()))}
    elif kind == "attributes":
        words = [c for c in children if c.dep_ in ("attr", "acomp")]
        words += [g for c in children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        found = {c.lemma_.lower() for c in words}
    else:
        words = [c for c in children if c.dep_ in ("acomp", "prep", "attr", "advmod", "oprd", "xcomp")]
        words += [g for c in words if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        found = {c.lemma_.lower() for c in words}
    known[gov.i] = frozenset(found)
    return known[gov.i]


def _clause(trigger: Trigger, rel: str, gov, prep, passive: bool, lemma: str) -> bool:
    """The place hangs on a verb whose subject is one of the words: 'a LANDSLIDE buried a village near X'."""
    return (
        rel in ("prep", "object")
        and (prep is None or not trigger.preps or prep.lower_ in trigger.preps)
        and gov.pos_ in ("VERB", "AUX")
        and not trigger.words.isdisjoint(_around(gov, "subjects"))
    )


def _subject_attr(trigger: Trigger, rel: str, gov, prep, passive: bool, lemma: str) -> bool:
    """'the hall became the SITE of a massacre', 'three Britons were among the DEAD'."""
    return rel == "subject" and not trigger.words.isdisjoint(_around(gov, "attributes"))


def _subject(trigger: Trigger, rel: str, gov, prep, passive: bool, lemma: str) -> bool:
    """'Kyiv DENIES'; 'X was BEHIND the attack', 'X is RESPONSIBLE', 'X was left in RUINS' (its complements)."""
    if rel != "subject" or (trigger.passive and not passive) or (trigger.active and passive):
        return False
    return lemma in trigger.words or not trigger.words.isdisjoint(_around(gov, "complements"))


#: how each trigger relation matches a link (see the profile file for what each means)
RELATIONS = {
    "prep": _prep,
    "modifier": _by_word("modifier"),
    "object": _by_word("object"),
    # "the suburb of Linwood, where more people were SHOT": the clause says what happened at the place
    "where": _by_word("where"),
    "scope": _scope,
    "clause": _clause,
    "subject_attr": _subject_attr,
    "subject": _subject,
}


def _matches(
    trigger: Trigger, rel: str, gov, words: set[str], prep, passive: bool, is_demonym: bool, sent_lemmas
) -> bool:
    """Whether a trigger matches a link of the mention (``rel`` to the word ``gov``, whose lemmas are ``words``)."""
    if not _conditions_hold(trigger, gov, is_demonym, sent_lemmas):
        return False
    found = words & trigger.words
    # no match on the word itself: the subject rules still look at its complements
    lemma = next(iter(found)) if found else "\0"
    return RELATIONS[trigger.rel](trigger, rel, gov, prep, passive, lemma)


def _bearing_of(gov, prep) -> bool:
    """'north OF Bairnsdale', '30 km south-west OF Aleppo': the place is a bearing's reference point."""
    return prep is not None and prep.lower_ == "of" and gov.lower_ in LEX.bearings


def mention_roles(
    doc, mention, profile: Profile, *, year: int | None = None, month: int | None = None
) -> list[tuple[str, object, int]]:
    """The roles one mention shows: a list of (role, trigger token, depth)."""
    root = doc[mention.tok_start : mention.tok_end].root
    sent_lemmas = _contextlemmas(root.sent)
    found = []
    crossed = []  # the prepositions the link has passed through
    by_relation = _triggers_by_relation(profile.triggers)
    past = False  # the link has passed an event of another time: what governs that is about it, not this one
    measured = False  # "north OF Bairnsdale": a place the text measures from, not where it happened
    for rel, gov, prep, depth, passive in attachments(root):
        # "120 km northeast of the port city OF Izmir": the bearing may stand above the mention's own noun
        measured = measured or (rel == "prep" and _bearing_of(gov, prep))
        # "in retaliation FOR Kenya's operation": not where it happened
        barred = measured or any(p.lower_ in profile.event_barriers for p in crossed if p is not prep)
        # "said a woman FROM Soweto", "the victims included people FROM Germany", "the attackers were FROM
        # Mali": where someone comes from does not do what they do
        came_from = any(p is not None and p.lower_ in LEX.origin_prepositions for p in (*crossed, prep))
        words = lemmas(gov)
        for trig in by_relation[rel]:
            if trig.rel in _WORDED and trig.words.isdisjoint(words):
                continue  # cannot match: saves asking every trigger of the profile
            if trig.depth is not None and depth > trig.depth:
                continue  # the word is further up the parse than the trigger looks
            if came_from and trig.rel in ("subject", "clause"):
                continue
            if _matches(trig, rel, gov, words, prep, passive, mention.kind == "demonym", sent_lemmas):
                if trig.role in profile.negatable and _negated(gov, profile.negators):
                    continue
                if trig.role == "event" and (barred or gov.lemma_.lower() in profile.event_barriers):
                    continue  # "the tremor was FELT in Rabat": not where it happened
                if rel == "modifier" and depth == 0 and root.dep_ == "amod" and root.pos_ == "ADJ" and trig.names_only:
                    continue  # "STRONG earthquake": an adjective, whatever town shares its spelling
                dated = trig.role == "event" or trig.role in profile.dated_roles
                if dated and (past or _historical(gov, year, month)):
                    continue  # "the 1958 Munich air crash", in apposition to this story's crash
                if trig.role != "event" and _through_relative(root, gov):
                    # "the president, who visited Bucha near Kyiv, said": what the noun does is not the mention's
                    continue
                found.append((trig.role, gov, depth))
        if prep is not None and prep not in crossed:
            crossed.append(prep)
        past = past or (not words.isdisjoint(event_words(profile)) and _historical(gov, year, month))
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
