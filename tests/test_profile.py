"""Role profiles: the default incident profile, the disaster profile, a user's own file."""

from __future__ import annotations

import pytest

from geomap.errors import ProfileError
from geomap.profile import load_profile

QUAKE = (
    "date 2023-02-06\nA magnitude 7.8 earthquake struck near Gaziantep in southern Turkey on Monday. "
    "Buildings collapsed in Aleppo, Syria. Rescue teams from Greece and Israel arrived in Adana. "
    "Thousands of survivors were evacuated to Mersin."
)


def _roles(gdf):
    return {row["place"]: row["roles"] for _, row in gdf.iterrows()}


def test_default_profile_follows_roles_md():
    p = load_profile()
    assert [r.name for r in p.roles] == [
        "incident_site",
        "incident_area",
        "origin",
        "destination",
        "accused",
        "response",
        "reaction",
        "affected",
        "context",
    ]
    assert p.site_role == "incident_site" and p.area_role == "incident_area" and p.default_role == "context"


def test_disaster_profile(parse):
    roles = _roles(parse(QUAKE, profile="disaster"))
    assert roles["Gaziantep"] == ["epicentre"]
    assert roles["Turkey"] == ["affected_area"]
    assert roles["Aleppo"] == ["affected"]
    assert roles["Greece"] == ["aid_origin"] and roles["Israel"] == ["aid_origin"]
    assert roles["Mersin"] == ["evacuation_destination"]


def test_a_user_profile_file_changes_roles_without_code(parse, tmp_path):
    custom = tmp_path / "protest.yaml"
    custom.write_text(
        """
name: protest
roles:
  - {name: rally, label: Rally, color: "#aa0000"}
  - {name: region, label: Region, color: "#ffaa00"}
  - {name: solidarity, label: Solidarity, color: "#0000aa"}
  - {name: background, label: Background, color: "#777777"}
event_roles: {site: rally, area: region}
default_role: background
lexicon:
  gather: [protest, rally, march, demonstration, gather]
triggers:
  event:
    - {words: $gather, prep: [in, at, through]}
  solidarity:
    - {words: [rally, march, protest], rel: subject}
""",
        encoding="utf-8",
    )
    roles = _roles(parse("Thousands marched through Tbilisi on Sunday. Kyiv rallied in support.", profile=custom))
    assert roles["Tbilisi"] == ["rally"]
    assert roles["Kyiv"] == ["solidarity"]


def test_a_lexicon_list_may_hold_another(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text(
        "name: x\nroles: [{name: a}]\nlexicon: {hurt: [injure, wound], care: [$hurt, hospital]}\n"
        "triggers: {a: [{words: [take], prep: [to], sentence_has: $care}]}\n",
        encoding="utf-8",
    )
    (trigger,) = load_profile(f).triggers
    assert trigger.sentence_has == {"injure", "wound", "hospital"}


@pytest.mark.parametrize(
    "text, message",
    [
        ("name: x\nroles: [{name: a, color: red}]\n", "use #rrggbb"),
        ("name: x\nroles: [{name: 'a {{7*7}}'}]\n", "not an identifier"),
        ("name: x\nroles: [{name: a}]\ntriggers: {b: []}\n", "unknown role 'b'"),
        ("name: x\nroles: [{name: a}]\ntriggers: {a: [{words: [w], rel: sideways}]}\n", "rel must be one of"),
        ("name: x\nroles: [{name: a}]\ntriggers: {a: [{words: $nope, rel: subject}]}\n", "no lexicon list"),
        ("name: x\nroles: [{name: a}]\ntriggers: {a: [{words: [w], prep: [on, off]}]}\n", "booleans"),
        (
            "name: x\nroles: [{name: a}]\ntriggers: {a: [{words: [w], rel: subject, active: true, passive: true}]}\n",
            "both active and passive",
        ),
        ("just text", "a profile is a mapping"),
        ("roles: [", "not valid YAML"),
        # a misspelt key is an error naming it, not silently ignored
        ("name: x\nrole: [{name: a}]\nroles: [{name: a}]\n", "unknown key 'role'"),
        ("name: x\nroles: [{name: a, colour: '#aa0000'}]\n", r"roles\[0\]: unknown key 'colour'"),
        (
            "name: x\nroles: [{name: a}]\ntriggers: {a: [{words: [w], rel: subject, sentence_hass: [x]}]}\n",
            r"triggers.a\[0\]: unknown key 'sentence_hass'",
        ),
        ("name: x\nroles: [{name: a}]\nevent_roles: {sites: a}\n", "unknown key 'sites'"),
        ("name: x\nroles: [{name: a}]\ntriggers: {a: [{words: [w], rel: subject, depth: -1}]}\n", "depth must be"),
        # a list may hold another ($names), not itself
        (
            "name: x\nroles: [{name: a}]\nlexicon: {p: [w, $q], q: [v, $p]}\n"
            "triggers: {a: [{words: $p, rel: subject}]}\n",
            "holds itself",
        ),
    ],
)
def test_profile_errors_are_clear(tmp_path, text, message):
    f = tmp_path / "p.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError, match=message):
        load_profile(f)


def test_a_trigger_s_depth_limits_how_far_up_the_parse_it_looks(parse, tmp_path):
    # "Rescuers reached the outskirts of Tripoli": "reached" is one step further up than "outskirts"
    def profile(depth: str) -> str:
        custom = tmp_path / f"p{len(depth)}.yaml"
        custom.write_text(
            f"""
name: p
roles: [{{name: site}}, {{name: area}}, {{name: help}}, {{name: other}}]
event_roles: {{site: site, area: area}}
default_role: other
triggers:
  event:
    - {{words: [strike], rel: object}}
  help:
    - {{words: [reach], rel: object{depth}}}
""",
            encoding="utf-8",
        )
        return str(custom)

    text = "Floods struck Benghazi on Sunday. Rescuers reached the outskirts of Tripoli on Monday."
    assert _roles(parse(text, profile=profile("")))["Tripoli"] == ["help"]
    assert _roles(parse(text, profile=profile(", depth: 1")))["Tripoli"] == ["help"]
    assert _roles(parse(text, profile=profile(", depth: 0")))["Tripoli"] == ["other"]


def test_a_profile_is_read_once_and_again_when_its_file_changes(tmp_path):
    assert load_profile() is load_profile("incident")  # parsed once per process
    f = tmp_path / "p.yaml"
    f.write_text("name: one\nroles: [{name: a}]\n", encoding="utf-8")
    first = load_profile(f)
    assert load_profile(str(f)) is first
    f.write_text("name: two\nroles: [{name: a}, {name: b}]\n", encoding="utf-8")
    assert load_profile(f).name == "two"
