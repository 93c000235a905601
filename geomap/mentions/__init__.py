"""Find the place mentions of an article: text -> mentions.

Recognisers (:mod:`~geomap.mentions.recognise`) work together on one ``Doc``, each behind the
same interface, and one policy settles their overlaps:

- gazetteer matching (:mod:`~geomap.mentions.names`; with no parse
  :mod:`~geomap.mentions.plain`): every run of capitalised tokens the offline gazetteer knows,
  longest first; this adds the recall NER alone lacks (the small model calls Kyiv a PERSON);
- patterns: natural features ("Tampa Bay"), venues ("Crocus City Hall"), settlements ("the
  village of Hrabove"), references such as "the capital" or "the Turkish capital", postal codes
  ("Louisville, KY"), parts of a city ("Seoul's Itaewon district");
- NER: GPE and LOC entities the gazetteer does not know are kept, unresolved.

"Not a place" rules are vetoes (:mod:`~geomap.mentions.vetoes`); word lists are in the lexicon
(:mod:`geomap.lexicon`).
"""

from __future__ import annotations

from .mention import EntityLabel, Mention, MentionKind, Note
from .recognise import RECOGNISERS, Need, Recogniser, annotate, find_mentions, recognisers_for

#: the kind of a place mention inside an organisation's name ("the Washington Post")
EMBEDDED = MentionKind.EMBEDDED

__all__ = [
    "EMBEDDED",
    "RECOGNISERS",
    "EntityLabel",
    "Mention",
    "MentionKind",
    "Need",
    "Note",
    "Recogniser",
    "annotate",
    "find_mentions",
    "recognisers_for",
]
