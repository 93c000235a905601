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


def test_match_venue_named_with_more_or_fewer_kind_words():
    gdf = _frame([{"place": "Kramatorsk station", "feature": "venue", "country": "UA", "roles": [], "mentions": []}])
    assert match_place({"place": "Kramatorsk railway station", "feature": "venue", "country": "UA"}, gdf) is not None
    assert match_place({"place": "Kramatorsk airport", "feature": "venue", "country": "UA"}, gdf) is None
    assert match_place({"place": "Kramatorsk", "feature": "city", "country": "UA"}, gdf) is None


def test_evaluate_roles_on_the_seed(seed_path, gazetteer):
    report = evaluate_roles(seed_path.parent / "gold", gazetteer=gazetteer)
    assert len(report.stories) == 1 and report.site_accuracy == 1.0
    assert report.micro.precision == 1.0 and report.micro.recall == 1.0


def test_evaluate_roles_on_several_folders_is_one_set(seed_path, gazetteer):
    from conftest import OWN_ARTICLES

    seed = evaluate_roles(seed_path.parent / "gold", gazetteer=gazetteer)
    own = evaluate_roles(OWN_ARTICLES / "gold", gazetteer=gazetteer)
    both = evaluate_roles([seed_path.parent / "gold", OWN_ARTICLES / "gold"], gazetteer=gazetteer)
    assert len(both.stories) == len(seed.stories) + len(own.stories)
    assert both.micro.gold == seed.micro.gold + own.micro.gold
    assert both.micro.tp == seed.micro.tp + own.micro.tp and both.micro.fp == seed.micro.fp + own.micro.fp


def test_evaluation_names_each_toponym_for_error_analysis(gazetteer):
    from geomap.evaluation import evaluate_document

    text = "Floods hit Paris and Lyon on Monday."
    gold = [
        {"start": 11, "end": 16, "name": "Paris", "lat": 48.85, "lon": 2.35},
        {"start": 21, "end": 25, "name": "Lyon", "lat": 45.76, "lon": 4.83},
    ]
    r = evaluate_document({"id": "p", "text": text, "toponyms": gold}, gazetteer=gazetteer)
    assert [(t["name"], t["found"], t["place"]) for t in r["toponyms"]] == [
        ("Paris", True, "Paris"),
        ("Lyon", True, "Lyon"),
    ]
    assert all(t["error_km"] < 10 and t["gold_span_error_km"] < 10 for t in r["toponyms"])
    assert r["spurious"] == []


def test_a_gold_toponym_inside_a_longer_mention_is_scored_on_its_own_mention(gazetteer):
    from geomap.evaluation import evaluate_document

    # "U.S." is a mention of its own inside "the U.S. capital": the gold name is scored on the country
    text = "Diplomats left the Russian Embassy in the U.S. capital on Saturday."
    start = text.index("U.S.")
    gold = [{"start": start, "end": start + 4, "name": "U.S.", "lat": 39.76, "lon": -98.5}]
    r = evaluate_document({"id": "p", "text": text, "toponyms": gold}, gazetteer=gazetteer)
    (row,) = r["toponyms"]
    assert row["place"] == "United States" and row["right"]


def test_evaluate_roles_errors(tmp_path):
    with pytest.raises(InputError, match="no gold files"):
        evaluate_roles(tmp_path)


def test_geoparsing_evaluation_on_a_small_corpus(tmp_path, gazetteer):
    import json

    from geomap.evaluation import evaluate_corpus

    text = "Protesters marched in Paris on Sunday, while police in Lyon made arrests. Germany condemned it."
    toponyms = [
        {"start": text.index("Paris"), "end": text.index("Paris") + 5, "name": "Paris", "lat": 48.853, "lon": 2.349},
        {"start": text.index("Lyon"), "end": text.index("Lyon") + 4, "name": "Lyon", "lat": 45.748, "lon": 4.847},
        {"start": text.index("Germany"), "end": text.index("Germany") + 7, "name": "Germany", "lat": 51.0, "lon": 9.0},
        {"start": text.index("Sunday"), "end": text.index("Sunday") + 6, "name": "Sunday", "lat": None, "lon": None},
    ]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "1", "text": text, "toponyms": toponyms}) + "\n", encoding="utf-8")
    reports = evaluate_corpus(corpus, gazetteer=gazetteer)
    s = reports["all"].summary()
    # three of the four gold spans are found exactly, nothing else is predicted
    assert s["exact_precision"] == 1.0 and s["exact_recall"] == 0.75
    assert s["e2e_acc161"] == 1.0 and s["gold_spans_acc161"] == 1.0
    assert reports["documents"][0]["split"] in ("dev", "validation")


def test_bad_corpus_line(tmp_path):
    from geomap.evaluation import evaluate_corpus

    corpus = tmp_path / "bad.jsonl"
    corpus.write_text('{"id": 1}\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 1"):
        evaluate_corpus(corpus)


def test_user_gazetteer_counts_in_the_corpus_evaluation(tmp_path, gazetteer):
    import json

    from geomap.evaluation import evaluate_corpus

    text = "A stampede at the Zorblax Arena in Lagos killed four people on Saturday."
    start = text.index("Zorblax Arena")
    toponym = {"start": start, "end": start + len("Zorblax Arena"), "name": "Zorblax Arena", "lat": 6.62, "lon": 3.31}
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "z", "text": text, "toponyms": [toponym]}) + "\n", encoding="utf-8")
    places = tmp_path / "venues.csv"
    places.write_text("name,lat,lon\nZorblax Arena,6.62,3.31\n", encoding="utf-8")
    without = evaluate_corpus(corpus, gazetteer=gazetteer)["all"].summary()
    with_user = evaluate_corpus(corpus, gazetteer=gazetteer, user_gazetteer=places)["all"].summary()
    assert without["e2e_mean_km"] > 5  # placed at Lagos by the text
    assert with_user["e2e_mean_km"] < 0.1  # the user's coordinates


def test_a_country_at_another_conventional_point_counts_by_outline(tmp_path, gazetteer):
    import json

    from geomap.evaluation import evaluate_corpus

    text = "Exports from Canada fell sharply in March, the ministry said."
    start = text.index("Canada")
    # the corpora's point for Canada (GeoNames') is 1,000 km from ours, inside Canada all the same
    gold = [{"start": start, "end": start + 6, "name": "Canada", "lat": 60.11, "lon": -113.64}]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "c", "text": text, "toponyms": gold}) + "\n", encoding="utf-8")
    summary = evaluate_corpus(corpus, gazetteer=gazetteer)["all"].summary()
    assert summary["e2e_acc161"] == 0.0 and summary["e2e_acc161_by_outline"] == 1.0
    assert summary["gold_spans_acc161_by_outline"] == 1.0 and summary["e2e_gross_by_outline"] == 0.0


def test_a_state_at_another_conventional_point_counts_by_its_outline(tmp_path, gazetteer):
    import json

    from geomap.evaluation import evaluate_corpus

    text = "Wildfires forced thousands from their homes in Alberta this week, the province said."
    start = text.index("Alberta")
    records = []
    # a corpus may place Alberta at its capital, 340 km from our point: inside the province all the same;
    # a point in Saskatchewan, as far from ours, is not
    for doc, (lat, lon) in {"in": (53.55, -113.49), "out": (52.5, -107.5)}.items():
        gold = [{"start": start, "end": start + 7, "name": "Alberta", "lat": lat, "lon": lon}]
        records.append(json.dumps({"id": doc, "text": text, "toponyms": gold}))
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(records) + "\n", encoding="utf-8")
    summary = evaluate_corpus(corpus, gazetteer=gazetteer)["all"].summary()
    assert summary["e2e_acc161"] == 0.0 and summary["e2e_acc161_by_outline"] == 0.5


def test_a_marker_on_another_continent_is_a_gross_error(tmp_path, gazetteer):
    import json

    from geomap.evaluation import evaluate_corpus

    text = "Floods hit Paris on Monday, the mayor said."
    start = text.index("Paris")
    # the gold place is Paris, Texas; with no clue in the text the capital of France wins: 7,800 km off
    gold = [{"start": start, "end": start + 5, "name": "Paris", "lat": 33.66, "lon": -95.56}]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "c", "text": text, "toponyms": gold}) + "\n", encoding="utf-8")
    summary = evaluate_corpus(corpus, gazetteer=gazetteer)["all"].summary()
    assert summary["e2e_gross_by_outline"] == 1.0 and summary["e2e_acc161_by_outline"] == 0.0


# ---------------------------------------------------------------- incident site, confusion, splits
_SITE_GOLD = {
    "article": "x",
    "places": [
        {"place": "Muqur", "feature": "city", "country": "AF", "roles": ["incident_site"], "also_ok": []},
        {
            "place": "Ghazni Province",
            "feature": "admin1",
            "country": "AF",
            "roles": ["incident_area"],
            "also_ok": ["incident_site"],
        },
        {"place": "Pakistan", "feature": "country", "country": "PK", "roles": ["reaction"], "also_ok": []},
    ],
}


def _site_frame(*rows):
    return _frame([{"place": p, "feature": f, "country": c, "roles": r, "mentions": []} for p, f, c, r in rows])


def test_the_site_is_right_only_when_every_predicted_site_is_a_gold_one():
    right = _site_frame(("Muqur", "city", "AF", ["incident_site"]), ("Pakistan", "country", "PK", ["reaction"]))
    assert score_story(_SITE_GOLD, right)["site_correct"]
    # a second site the gold does not have (in another country) spoils it, and is counted as a wrong country
    extra = _site_frame(("Muqur", "city", "AF", ["incident_site"]), ("Pakistan", "country", "PK", ["incident_site"]))
    story = score_story(_SITE_GOLD, extra)
    assert not story["site_correct"] and story["site_wrong_country"]
    # an also_ok site alone is not enough while the gold requires another
    area_only = _site_frame(("Ghazni Province", "admin1", "AF", ["incident_site"]))
    story = score_story(_SITE_GOLD, area_only)
    assert not story["site_correct"] and not story["site_wrong_country"]
    assert not score_story(_SITE_GOLD, _site_frame(("Muqur", "city", "AF", ["incident_area"])))["site_correct"]
    # a site no gazetteer located is wrong, but lies in no wrong country
    unlocated = score_story(_SITE_GOLD, _site_frame(("Tafeghaghte", "city", None, ["incident_site"])))
    assert not unlocated["site_correct"] and not unlocated["site_wrong_country"]


def test_confusion_pairs_each_places_main_roles_in_the_profiles_order():
    order = ("incident_site", "incident_area", "reaction", "context")
    gdf = _site_frame(
        ("Muqur", "city", "AF", ["incident_area", "incident_site"]),
        ("Pakistan", "country", "PK", ["context"]),
        ("Kabul", "city", "AF", ["reaction"]),
    )
    pairs = score_story(_SITE_GOLD, gdf, order=order)["confusion"]
    assert sorted(pairs) == sorted(
        [("incident_site", "incident_site"), ("incident_area", "-"), ("reaction", "context"), ("-", "reaction")]
    )


def test_split_of_keeps_the_corpora_fifth_and_gives_a_seeded_set_its_own():
    from geomap.evaluation import split_of

    ids = [f"story-{i}" for i in range(1000)]
    corpora = [split_of(i) for i in ids]
    assert 0.15 < corpora.count("validation") / len(ids) < 0.25
    stories = [split_of(i, seed="s1", validation_fifths=2) for i in ids]
    assert 0.35 < stories.count("validation") / len(ids) < 0.45
    assert stories != [split_of(i, seed="s2", validation_fifths=2) for i in ids]  # the seed matters
    assert stories == [split_of(i, seed="s1", validation_fifths=2) for i in ids]  # and nothing else does


def test_a_story_folders_split_file_decides_and_a_bad_one_is_refused(tmp_path):
    from geomap.evaluation.split import folder_split

    (tmp_path / "gold").mkdir()
    assert {folder_split(tmp_path / "gold")(f"s{i}") for i in range(50)} == {"dev"}  # no file: all developed on
    (tmp_path / "split.yaml").write_text("seed: abc\nvalidation_fifths: 2\n")
    assert {folder_split(tmp_path / "gold")(f"s{i}") for i in range(50)} == {"dev", "validation"}
    (tmp_path / "split.yaml").write_text("seed: abc\nshare: 0.4\n")
    with pytest.raises(InputError, match="validation_fifths"):
        folder_split(tmp_path / "gold")


def test_evaluate_roles_scores_only_the_splits_asked_for(tmp_path, gazetteer):
    gold = tmp_path / "gold"
    gold.mkdir()
    for name in ("a", "b", "c", "d", "e", "f"):
        (tmp_path / f"{name}.txt").write_text("A fire destroyed a market in Kano, Nigeria.\n")
        (gold / f"{name}.yaml").write_text(
            "article: x\nplaces:\n  - {place: Kano, feature: city, country: NG, lat: 12.0, lon: 8.5,"
            " tolerance_km: 25, roles: [incident_site]}\n"
        )
    (tmp_path / "split.yaml").write_text("seed: t\nvalidation_fifths: 2\n")
    everything = evaluate_roles(gold, gazetteer=gazetteer)
    assert set(everything.splits) == {"dev", "validation"}
    dev = evaluate_roles(gold, gazetteer=gazetteer, splits=["dev"])
    assert {s["split"] for s in dev.stories} == {"dev"} and len(dev.stories) == len(everything.part("dev").stories)
    assert dev.micro.tp == everything.part("dev").micro.tp


def test_calibration_error_is_the_gap_between_confidence_and_the_share_right():
    from geomap.evaluation.corpus import GeoReport

    honest = GeoReport(calibration=[(0.9, True)] * 9 + [(0.9, False)] + [(0.55, True), (0.55, False)])
    overconfident = GeoReport(calibration=[(0.95, False)] * 4)
    assert honest.calibration_error() == pytest.approx(0.05 * 2 / 12)
    assert overconfident.calibration_error() == pytest.approx(0.95)
    assert GeoReport().summary()["e2e_calibration_error"] == 0.0


def test_the_confusion_table_is_the_same_in_every_run():
    from geomap.evaluation.roles import _main_role

    # gold roles the profile lacks (the incident vocabulary, scored with the disaster profile) tie:
    # the main role must not hang on the order a set happens to give them
    order = ("epicentre", "affected_area", "context")
    assert _main_role(["incident_area", "accused"], order) == _main_role(["accused", "incident_area"], order)
    assert _main_role(["context", "accused"], order) == "context"


def test_stray_markers_are_places_far_from_where_the_gold_puts_them():
    import geopandas as gpd
    from shapely.geometry import Point

    gold = {
        "article": "x",
        "places": [
            {"place": "Perth", "feature": "city", "country": "AU", "lat": -31.95, "lon": 115.86, "roles": ["response"]},
            {"place": "Iraq", "feature": "country", "country": "IQ", "roles": ["affected"]},
        ],
    }
    rows = [  # the right Perth; Perth, Scotland; a town of the gold's country; a town of no gold country, far off
        ("Perth", "AU", Point(115.86, -31.95)),
        ("Point", "US", Point(-95.87, 32.93)),
        ("Basra", "IQ", Point(47.8, 30.5)),
        ("Iceland", "IS", Point(-18.0, 65.0)),
        ("Nowhere", None, None),
    ]
    gdf = gpd.GeoDataFrame(
        {"place": [r[0] for r in rows], "country": [r[1] for r in rows], "feature": "city", "roles": [[]] * 5,
         "mentions": [[]] * 5},
        geometry=[r[2] for r in rows], crs="EPSG:4326",
    )  # fmt: skip
    assert score_story(gold, gdf)["strays"] == ["Point", "Iceland"]
    far_perth = gdf.copy()
    far_perth.loc[0, "geometry"] = Point(-3.43, 56.4)  # matched to the gold Perth, 14,000 km from it
    assert score_story(gold, far_perth)["strays"] == ["Perth", "Point", "Iceland"]
