"""How a mention hangs on the words of its sentence: the links a trigger may match.

:func:`attachments` walks up the dependency parse from a mention's phrase and yields each
(relation, governing word, preposition, depth, passive) it passes: the preposition and noun or
verb it hangs on ("citizens OF Tajikistan"), the verb it is the subject or object of ("Kyiv
DENIES"), the noun it modifies ("UKRAINIAN involvement").
"""

from __future__ import annotations

from ..docdata import cache

_MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "nummod", "npadvmod"})

_OBJECT_DEPS = frozenset({"dobj", "attr", "oprd", "dative"})

_CLIMB_DEPS = frozenset({"pcomp", "xcomp", "ccomp", "advcl", "acl", "relcl", "prep", "agent", "advmod"})

_MAX_DEPTH = 3


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


def attachments(root):
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
            gov = _first_conjunct(head).head  # "ferried patients to X and TO Y": Y's "to" hangs on "ferried" too
            yield "prep", gov, head, depth, False
            if gov.pos_ in ("NOUN", "PROPN") and depth == 0:
                yield from _described(gov, depth)
                yield from _where_clauses(gov, depth)
            if gov.pos_ == "ADP" and gov.dep_ in ("prep", "pcomp") and gov.head.i != gov.i:
                # stacked prepositions: "set out FROM near Tobruk" is set out from Tobruk
                yield "prep", gov.head, gov, depth, False
            verb = verb_above(gov)
            if verb is not None:
                # a phrase on a noun may belong to the verb: "linking the attack TO Ukrainian operatives",
                # "an express running in the opposite direction FROM Bengaluru"
                yield "prep", verb, head, depth + 1, False
            depth += 1
            h = gov
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


def _first_conjunct(prep):
    """The first of coordinated prepositions ("to X and TO Y"): the one the phrase hangs on."""
    while prep.dep_ == "conj" and prep.head.pos_ == "ADP" and prep.head.i != prep.i:
        prep = prep.head
    return prep


def lemmas(tok) -> set[str]:
    """The word's lemma, and with its particle or bare object or adverb: "bring down", "give way", "come ashore"."""
    known = cache(tok.doc, "lemmas")  # asked once per trigger: worked out once per word
    if tok.i in known:
        return known[tok.i]
    lemma = tok.lemma_.lower()
    out = {lemma}
    for c in tok.children:
        if c.dep_ == "prt" or (c.dep_ in ("dobj", "advmod") and not any(True for _ in c.children)):
            out.add(f"{lemma} {c.lower_}")
    known[tok.i] = out
    return out


def verb_above(noun):
    """The verb a noun phrase hangs on, as its object or through one preposition; None if it is not a noun."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return None
    if noun.dep_ == "dobj":
        return noun.head
    if noun.dep_ == "pobj" and noun.head.head.pos_ == "VERB":
        return noun.head.head
    return None
