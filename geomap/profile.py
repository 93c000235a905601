"""Role profiles: the role vocabulary, its colours and marker shapes, and its trigger lexicon, as data.

A profile is a YAML file (see ``geomap/resources/profiles/incident.yaml``, the default).
:func:`load_profile` reads and checks one; the role engine (:mod:`geomap.roles`) and the map
(:mod:`geomap.webmap`) only read the :class:`Profile` it returns.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ._yaml import YAMLError, safe_load
from .errors import ProfileError

_RELS = {"prep", "subject", "object", "modifier", "subject_attr", "clause", "scope", "where"}
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
#: a role's name is an identifier: it names a column value, a map layer and a CSS class
_ROLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
#: marker shapes a role may have on the map
SHAPES = ("circle", "star", "triangle", "square", "diamond", "cross", "ring", "pentagon", "dot")
BUILTIN = ("incident", "disaster")
#: trigger families that are not roles: where the incident happened, and help sent
PSEUDO_ROLES = ("event", "aid")
#: what a role map's value may be: a role name, or null (the role is dropped)
_DROP = None
#: the keys a profile, a role, a trigger and ``event_roles`` may have: any other is an error, not ignored
_KEYS = {
    "profile": frozenset(
        """name title description roles triggers lexicon aid_roles split_roles event_roles default_role dominant
        negators negatable government_roles inside_roles pronoun_roles event_barriers anaphors dated_roles
        map_outside_view""".split()
    ),
    "role": frozenset("name label description color shape".split()),
    "trigger": frozenset(
        """words rel prep names_only passive active sentence_has with_object with_subject without_subject
        sentence_lacks context_has depth""".split()
    ),
    "event_roles": frozenset("site area elsewhere other".split()),
}


@dataclass(frozen=True)
class Role:
    """One role of a profile."""

    name: str
    label: str
    description: str
    color: str
    shape: str


@dataclass(frozen=True)
class Trigger:
    """One way a mention is linked to a role through the parse (see the profile file)."""

    role: str
    words: frozenset[str]
    rel: str
    preps: frozenset[str] = frozenset()
    names_only: bool = False
    passive: bool = False
    #: the mention's phrase must be the subject of an active verb: who ORDERED, not who "was ordered to leave"
    active: bool = False
    sentence_has: frozenset[str] = frozenset()
    with_object: frozenset[str] = frozenset()
    sentence_lacks: frozenset[str] = frozenset()
    context_has: frozenset[str] = frozenset()
    #: how many steps up the parse from the mention the word may be (0: the mention's own head); None: as far
    #: as the role engine looks
    depth: int | None = None
    #: who does it: the word's subject (the noun a relative clause describes) is one of these, or a pronoun
    with_subject: frozenset[str] = frozenset()
    #: who does not: the word's subject is none of these (nor a name with such a title)
    without_subject: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Profile:
    """A role profile."""

    name: str
    title: str
    roles: tuple[Role, ...]
    triggers: tuple[Trigger, ...]
    site_role: str
    area_role: str
    default_role: str
    elsewhere_role: str
    dominant: frozenset[str] = field(default_factory=frozenset)
    negators: frozenset[str] = field(default_factory=frozenset)
    negatable: frozenset[str] = field(default_factory=frozenset)
    government_roles: frozenset[str] = field(default_factory=frozenset)
    inside_roles: dict = field(default_factory=dict)
    pronoun_roles: frozenset[str] = field(default_factory=frozenset)
    source: str = ""
    description: str = ""
    #: trigger families (like ``aid``) whose role depends on whether the place is in the incident's country:
    #: family -> {"foreign": role, "domestic": role}
    split_roles: dict = field(default_factory=dict)
    #: the role of a place where the incident happened that neither contains the site nor is as fine as it
    other_event_role: str = ""
    #: prepositions an ``event`` link may not cross ("in retaliation FOR Kenya's operation in Somalia"), and
    #: words it may not end at ("the tremor was FELT in Rabat")
    event_barriers: frozenset[str] = field(default_factory=frozenset)
    #: nouns that refer back to a place named before ("the city", "the country"): noun -> place features
    anaphors: dict = field(default_factory=dict)
    #: roles the map's first view need not show (far-off reactions, context): the user pans or zooms out to them
    map_outside_view: frozenset[str] = field(default_factory=frozenset)
    #: roles that, like ``event``, an event of another year does not give ("destroyed Agadir in 1960")
    dated_roles: frozenset[str] = field(default_factory=frozenset)

    @property
    def order(self) -> dict[str, int]:
        """Role name -> rank (0 is the most important)."""
        return {r.name: i for i, r in enumerate(self.roles)}

    def role(self, name: str) -> Role:
        """The role called ``name``."""
        for r in self.roles:
            if r.name == name:
                return r
        raise KeyError(name)


def _shape(value, source: str) -> str:
    if value not in SHAPES:
        raise ProfileError(f"{source}: unknown marker shape {value!r}; use one of {', '.join(SHAPES)}")
    return str(value)


def _inside(value, names: set[str], source: str, key: str = "inside_roles") -> dict[str, str | None]:
    """A role map: role name -> role name, or null to drop the role."""
    if not isinstance(value, dict) or not all(k in names and (v in names or v is _DROP) for k, v in value.items()):
        raise ProfileError(f"{source}: {key} maps role names to role names (or null), got {value!r}")
    return {str(k): (None if v is None else str(v)) for k, v in value.items()}


def _anaphors(value, source: str) -> dict[str, frozenset[str]]:
    """``anaphors``: a noun ("city") -> the place features it may refer back to ([city])."""
    if not isinstance(value, dict) or not all(
        isinstance(v, list) and all(isinstance(f, str) for f in v) for v in value.values()
    ):
        raise ProfileError(f"{source}: anaphors maps a noun to a list of place features, got {value!r}")
    return {str(k).lower(): frozenset(v) for k, v in value.items()}


def _aid(value, names: set[str], source: str) -> dict[str, str]:
    """``aid_roles`` or a ``split_roles`` family: {"foreign": role, "domestic": role}."""
    if not isinstance(value, dict) or set(value) - {"foreign", "domestic"} or not set(value.values()) <= names:
        raise ProfileError(f"{source}: aid_roles maps 'foreign' and 'domestic' to role names, got {value!r}")
    return {str(k): str(v) for k, v in value.items()}


def _words(value, lexicon: dict[str, list[str]], where: str, within: tuple[str, ...] = ()) -> frozenset[str]:
    """A list of words, a ``$name`` of the lexicon, or a list that holds ``$names`` among its words."""
    if isinstance(value, str) and value.startswith("$"):
        name = value[1:]
        if name not in lexicon:
            raise ProfileError(f"{where}: no lexicon list named {name!r}")
        if name in within:
            raise ProfileError(f"{where}: lexicon list {name!r} holds itself")
        value, within = lexicon[name], (*within, name)
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        raise ProfileError(
            f"{where}: expected a list of words or a $lexicon name, got {value!r} "
            '(quote words YAML reads as booleans: "on", "off", "no")'
        )
    words: set[str] = set()
    for w in value:
        words |= _words(w, lexicon, where, within) if w.startswith("$") else {w.lower()}
    return frozenset(words)


def _check_keys(value, kind: str, where: str) -> None:
    """Refuse a key a profile does not define (a misspelt "sentence_hass" must not be ignored)."""
    if not isinstance(value, dict):
        raise ProfileError(f"{where}: expected a mapping of {', '.join(sorted(_KEYS[kind]))}, got {value!r}")
    unknown = sorted(str(k) for k in value if k not in _KEYS[kind])
    if unknown:
        raise ProfileError(f"{where}: unknown key {unknown[0]!r}; {kind} keys are {', '.join(sorted(_KEYS[kind]))}")


def _depth(value, where: str) -> int | None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise ProfileError(f"{where}: depth must be a whole number of steps, 0 or more, got {value!r}")
    return value


def _role(r, k: int, source: str) -> Role:
    _check_keys(r, "role", f"{source}: roles[{k}]")
    color = str(r.get("color", "#7f7f7f"))
    if not _COLOR.match(color):
        raise ProfileError(f"{source}: role {r.get('name')!r} has colour {color!r}; use #rrggbb")
    if not _ROLE_NAME.match(str(r["name"])):
        raise ProfileError(f"{source}: role name {r['name']!r} is not an identifier (letters, digits, _)")
    name = str(r["name"])
    return Role(
        name, str(r.get("label", name)), str(r.get("description", "")), color, _shape(r.get("shape", "circle"), source)
    )


def _trigger(role: str, t, lexicon: dict, where: str) -> Trigger:
    _check_keys(t, "trigger", where)
    rel = t.get("rel", "prep" if "prep" in t else None)
    if rel not in _RELS:
        raise ProfileError(f"{where}: rel must be one of {sorted(_RELS)}, got {rel!r}")
    if t.get("active") and t.get("passive"):
        raise ProfileError(f"{where}: a trigger cannot be both active and passive")
    return Trigger(
        role,
        _words(t["words"], lexicon, where),
        rel,
        _words(t.get("prep", []), lexicon, where),
        bool(t.get("names_only", False)),
        bool(t.get("passive", False)),
        bool(t.get("active", False)),
        _words(t.get("sentence_has", []), lexicon, where),
        _words(t.get("with_object", []), lexicon, where),
        _words(t.get("sentence_lacks", []), lexicon, where),
        _words(t.get("context_has", []), lexicon, where),
        _depth(t.get("depth"), where),
        _words(t.get("with_subject", []), lexicon, where),
        _words(t.get("without_subject", []), lexicon, where),
    )


def _triggers(data: dict, names: set[str], split: dict, lexicon: dict, source: str) -> tuple[Trigger, ...]:
    out = []
    for role, items in (data.get("triggers") or {}).items():
        if role not in PSEUDO_ROLES and role not in split and role not in names:
            raise ProfileError(f"{source}: triggers for unknown role {role!r}")
        out += [_trigger(role, t, lexicon, f"{source}: triggers.{role}[{k}]") for k, t in enumerate(items)]
    return tuple(out)


def _event_roles(data: dict, roles: list[Role], source: str) -> dict[str, str]:
    """The roles of the incident's site, area, elsewhere and other hit places, and the default role."""
    events = data.get("event_roles") or {}
    _check_keys(events, "event_roles", f"{source}: event_roles")
    site = events.get("site", roles[0].name)
    default = data.get("default_role", roles[-1].name)
    chosen = {
        "event_roles.site": site,
        "event_roles.area": events.get("area", roles[min(1, len(roles) - 1)].name),
        "event_roles.elsewhere": events.get("elsewhere", site),
        "event_roles.other": events.get("other", default),
        "default_role": default,
    }
    names = {r.name for r in roles}
    for what, n in chosen.items():
        if n not in names:
            raise ProfileError(f"{source}: {what} names unknown role {n!r}")
    return chosen


def _build(data: dict, source: str) -> Profile:
    roles = [_role(r, k, source) for k, r in enumerate(data["roles"])]
    names = {r.name for r in roles}
    lexicon = data.get("lexicon") or {}
    split = {"aid": _aid(data["aid_roles"], names, source)} if data.get("aid_roles") else {}
    for family, value in (data.get("split_roles") or {}).items():
        split[str(family)] = _aid(value, names, source)
    chosen = _event_roles(data, roles, source)
    site, area, default = chosen["event_roles.site"], chosen["event_roles.area"], chosen["default_role"]

    def words(key: str, default_value=()) -> frozenset[str]:
        return _words(data.get(key, list(default_value)), lexicon, source)

    return Profile(
        name=str(data["name"]),
        title=str(data.get("title", data["name"])),
        roles=tuple(roles),
        triggers=_triggers(data, names, split, lexicon, source),
        site_role=site,
        area_role=area,
        default_role=default,
        elsewhere_role=chosen["event_roles.elsewhere"],
        dominant=words("dominant"),
        negators=words("negators"),
        negatable=words("negatable", sorted(names - {site, area, default})),
        government_roles=words("government_roles"),
        inside_roles=_inside(data.get("inside_roles") or {}, names, source),
        pronoun_roles=words("pronoun_roles"),
        source=source,
        description=str(data.get("description", "")),
        split_roles=split,
        other_event_role=chosen["event_roles.other"],
        event_barriers=words("event_barriers"),
        anaphors=_anaphors(data.get("anaphors") or {}, source),
        dated_roles=words("dated_roles"),
        map_outside_view=words("map_outside_view", [default]),
    )


def _parse(data, source: str) -> Profile:
    if not isinstance(data, dict):
        raise ProfileError(f"{source}: a profile is a mapping with 'name', 'roles' and 'triggers'")
    _check_keys(data, "profile", source)
    if not isinstance(data.get("roles"), list) or not data["roles"]:
        raise ProfileError(f"{source}: 'roles' must be a non-empty list of roles")
    try:
        return _build(data, source)
    except ProfileError:
        raise
    except (KeyError, TypeError, AttributeError, ValueError, IndexError) as exc:
        raise ProfileError(f"{source}: malformed profile ({exc.__class__.__name__}: {exc})") from None


def load_profile(profile: str | os.PathLike | Profile | None = None) -> Profile:
    """Load a role profile.

    Parameters
    ----------
    profile : str, path-like, Profile or None
        ``None`` or ``"incident"`` for the default profile, another built-in name
        (``"disaster"``), or the path of a YAML profile file.

    Returns
    -------
    Profile
        Read and checked once per process; a file is read again when it changes.

    Raises
    ------
    ProfileError
        If the file is missing, not YAML, or not a valid profile.
    """
    if isinstance(profile, Profile):
        return profile
    name = "incident" if profile is None else str(profile)
    if name in BUILTIN:
        return _builtin(name)
    path = Path(name)
    try:
        stat = path.stat()
    except OSError:
        stat = None
    if stat is None or not path.is_file():
        raise ProfileError(f"no such profile: {name!r} (built-in profiles: {', '.join(BUILTIN)})")
    # a file is read again when it changes (its size or modification time), else the parsed profile is reused
    return _from_file(str(path.resolve()), name, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=len(BUILTIN))
def _builtin(name: str) -> Profile:
    text = resources.files("geomap.resources").joinpath(f"profiles/{name}.yaml").read_text(encoding="utf-8")
    return _from_text(text, f"built-in profile {name!r}")


@lru_cache(maxsize=32)
def _from_file(resolved: str, name: str, mtime_ns: int, size: int) -> Profile:
    try:
        text = Path(resolved).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"cannot read profile {name!r}: {exc}") from None
    return _from_text(text, name)


def _from_text(text: str, source: str) -> Profile:
    try:
        data = safe_load(text)
    except YAMLError as exc:
        raise ProfileError(f"{source} is not valid YAML: {exc}") from None
    return _parse(data, source)
