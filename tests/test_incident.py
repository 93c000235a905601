"""Article-level answers: the incident's date and the ACLED-style precision of places."""

from __future__ import annotations

import datetime as dt

import pytest

from geomap.incident import geo_precision, resolve_date_expression

SUNDAY = dt.date(2024, 3, 24)


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("on Friday", dt.date(2024, 3, 22)),
        ("Sunday", dt.date(2024, 3, 24)),
        ("yesterday", dt.date(2024, 3, 23)),
        ("late last night", dt.date(2024, 3, 23)),
        ("March 22", dt.date(2024, 3, 22)),
        ("22 March", dt.date(2024, 3, 22)),
        ("December 30", dt.date(2023, 12, 30)),
        ("a seemingly ordinary day", None),
    ],
)
def test_date_expressions(phrase, expected):
    assert resolve_date_expression(phrase, SUNDAY) == expected


def test_incident_date_of_a_story(parse):
    gdf = parse("date 2024-03-24\nGunmen attacked a concert hall in Moscow on Friday, killing 133 people.")
    assert set(gdf["incident_date"]) == {"2024-03-22"}
    assert set(gdf["date"]) == {"2024-03-24"}


def test_no_date_expression_means_the_article_date(parse):
    gdf = parse("date 2023-06-04\nA train derailed near Balasore.")
    assert set(gdf["incident_date"]) == {"2023-06-04"}


def test_geo_precision_codes(parse):
    assert geo_precision("city", 9.0) == 1
    assert geo_precision("venue", 38.0) == 2
    assert geo_precision("country", 2300.0) == 3
    assert geo_precision("admin1", 150.0) == 3
    assert geo_precision("other", float("nan")) is None
    gdf = parse("A bomb exploded in Kabul, Afghanistan, on Friday.")
    codes = dict(zip(gdf["place"], gdf["geo_precision"], strict=True))
    assert codes == {"Kabul": 1, "Afghanistan": 3}


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("A bomb exploded in Kabul on Dec. 31, police said.", "2024-12-31"),  # the year before
        ("A bomb exploded in Kabul on Sept. 4, police said.", "2024-09-04"),
        ("Gunmen attacked a market in Kano two days ago, police said.", "2024-12-31"),
        ("A bridge collapsed in Genoa last week, officials said.", "2025-01-02"),  # a period: the article's date
        ("Floods hit Dhaka earlier this month, officials said.", "2025-01-02"),
    ],
)
def test_news_date_forms(parse, sentence, expected):
    gdf = parse(f"date 2025-01-02\n{sentence}")
    assert set(gdf["incident_date"]) == {expected}


def test_dateparser_is_imported_only_when_the_rules_miss():
    import subprocess
    import sys

    code = (
        "import sys, geomap\n"
        "g = geomap.geoparse('date 2025-01-03\\nA bomb exploded in Kabul on Friday.')\n"
        "assert g['incident_date'].iloc[0] == '2025-01-03', g['incident_date'].iloc[0]\n"
        "print('dateparser' in sys.modules)\n"
        "g = geomap.geoparse('date 2025-01-03\\nA bomb exploded in Kabul two days ago.')\n"
        "print('dateparser' in sys.modules, g['incident_date'].iloc[0])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True", "2025-01-01"]
