"""Give each place its role in the story, with the sentence that shows it: places -> roles.

Each mention is linked to the words that govern it in the dependency parse
(:mod:`~geomap.roles.links`): the preposition and noun or verb it hangs on ("citizens OF
Tajikistan"), the verb it is the subject or object of ("Kyiv DENIES"), the noun it modifies
("UKRAINIAN involvement"). The profile's triggers (:mod:`geomap.profile`) map those links to
roles, one matching function per relation (:mod:`~geomap.roles.triggers`); negation of an
accusation ("discounting any Ukrainian involvement") cancels it.

Story-level rules are named passes that run in the order :data:`~geomap.roles.passes.PASSES`
writes (:mod:`~geomap.roles.passes`): the incident's own location comes from ``event``
triggers, the finest such place is the incident site and the places that contain it the
incident area (:mod:`~geomap.roles.site`). A place holds every role its mentions show; the
default role (``context``) only when it holds no other.
"""

from __future__ import annotations

from importlib import import_module

from .evidence import Evidence, RoledPlace, make_evidence

#: imported on first use: the fast mode gives its roles without the parse, and starts quicker without them
_LAZY = {"PASSES": "passes", "assign_roles": "passes", "mention_roles": "triggers"}


def __getattr__(name: str):
    home = _LAZY.get(name)
    if home is None:
        raise AttributeError(f"module 'geomap.roles' has no attribute {name!r}")
    return getattr(import_module(f".{home}", __name__), name)


__all__ = ["PASSES", "Evidence", "RoledPlace", "assign_roles", "make_evidence", "mention_roles"]
