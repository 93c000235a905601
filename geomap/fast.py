"""The fast mode's roles: with no parse, the lead's finest place is the site.

``geoparse(text, fast=True)`` and ``geomap ... --fast`` split the text into words and sentences
with regular expressions (:class:`geomap._textdoc.TextDoc`, no language model at all); the
recognisers that need no parse find the mentions (:func:`geomap.mentions.recognisers_for`:
the user gazetteer and gazetteer matching by words, :mod:`geomap.mentions.plain`), places are
resolved as in the full mode, and :func:`assign_roles` gives the roles: with no parse there is
no evidence for most roles, so the fast mode does not guess them. The incident site is the
finest located place the lead (the first two sentences) names, the incident area the places
that contain it, and every other place is ``context``: the rule the full mode falls back on
when no sentence says where it happened.

It is some twenty times faster than the full mode and less accurate (see the README,
"Performance").
"""

from __future__ import annotations

from .profile import Profile
from .resolve import Place
from .roles import RoledPlace, make_evidence
from .signals import lead_end


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
    end = lead_end(doc)
    lead = [rp for rp in out if rp.place.lat is not None and rp.place.mentions[0].start < end]
    site = min(lead, key=lambda rp: (rp.place.fineness, rp.place.mentions[0].start), default=None)
    for rp in out:
        m = rp.place.mentions[0]
        if rp is site:
            role = profile.site_role
        elif site is not None and rp.place.contains(site.place):
            role = profile.area_role
        else:
            role = profile.default_role
        rp.evidence.append(make_evidence(doc, m, role, None, 0.5))
        rp.roles = [role]
    return out
