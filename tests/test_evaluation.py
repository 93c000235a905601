"""The role evaluator scores what it should."""

from __future__ import annotations

import pandas as pd
import pytest

from geomap.errors import InputError
from geomap.evaluation import evaluate_roles, match_place, score_story


def _frame(rows):
    return pd.DataFrame(rows)


def test_scoring_counts_right_wrong_and_missed_roles():
    gold = {
        "article": "x",
        "places": [
            {"place": "Kabul", "feature": "city", "country": "AF", "roles": ["incident_site"], "also_ok": []},
            {"place": "Pakistan", "feature": "country", "country": "PK", "roles": ["accused"], "also_ok": ["reaction"]},
            {"place": "Iran", "feature": "country", "country": "IR", "roles": ["reaction"], "also_ok": []},
        ],
    }
    gdf = _frame(
        [
            {
                "place": "Kabul",
                "feature": "city",
                "country": "AF",
                "roles": ["incident_site"],
                "mentions": [{"text": "Kabul"}],
            },
            {
                "place": "Pakistan",
                "feature": "country",
                "country": "PK",
                "roles": ["reaction", "origin"],
                "mentions": [],
            },
            {
                "place": "Herat",
                "feature": "city",
                "country": "AF",
                "roles": ["context"],
                "mentions": [{"text": "Herat"}],
            },
        ]
    )
    story = score_story(gold, gdf)
    pairs = sorted(story["pairs"], key=str)
    # right: Kabul site, Pakistan reaction (also_ok); wrong: Pakistan origin, Herat context;
    # missed: Pakistan accused, Iran reaction
    assert sum(1 for _, ok, _ in pairs if ok) == 2
    assert sum(1 for _, ok, _ in pairs if ok is False) == 2
    assert sum(1 for _, ok, _ in pairs if ok is None) == 2
    assert story["site_correct"]


def test_match_place_by_alias_and_admin_word():
    gdf = _frame(
        [{"place": "Donetsk", "feature": "admin1", "country": "UA", "roles": [], "mentions": [{"text": "Donetsk"}]}]
    )
    assert match_place({"place": "Donetsk Oblast", "feature": "admin1", "country": "UA"}, gdf) is not None
    assert match_place({"place": "Luhansk Oblast", "feature": "admin1", "country": "UA"}, gdf) is None


def test_evaluate_roles_on_the_seed(seed_path, gazetteer):
    report = evaluate_roles(seed_path.parent / "gold", gazetteer=gazetteer)
    assert len(report.stories) == 1 and report.site_accuracy == 1.0
    assert report.micro.precision == 1.0 and report.micro.recall == 1.0


def test_evaluate_roles_errors(tmp_path):
    with pytest.raises(InputError, match="no gold files"):
        evaluate_roles(tmp_path)
