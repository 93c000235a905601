"""The publication's home region as a prior (near=, --near): a local paper's "Paris" is the one near it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from geomap.errors import InputError
from geomap.resolve import home_place


def _where(gdf, name):
    row = gdf[gdf["place"] == name].iloc[0]
    return row["country"], row["admin1"]


def test_a_home_region_decides_a_name_the_text_leaves_open(parse):
    text = "Officials in Paris said the storm had passed by Tuesday night."
    assert _where(parse(text), "Paris") == ("FR", "Ile-de-France")
    assert _where(parse(text, near="Texas"), "Paris") == ("US", "Texas")
    richmond = "Police in Richmond said two men were arrested after the crash."
    assert _where(parse(richmond, near="British Columbia"), "Richmond")[0] == "CA"


def test_the_text_still_wins_over_the_home_region(parse):
    gdf = parse("Officials in Paris, France said the storm had passed.", near="Texas")
    assert _where(gdf, "Paris") == ("FR", "Ile-de-France")


def test_a_home_place_is_read_with_its_containers(gazetteer):
    assert (home_place(gazetteer, "Keene, New Hampshire").admin1) == "New Hampshire"
    assert (home_place(gazetteer, "Keene, Texas").admin1) == "Texas"
    assert home_place(gazetteer, "Richmond, British Columbia").country == "CA"
    assert home_place(gazetteer, "Canada").feature == "country"
    # postal and ISO 3166-2 codes, and abbreviations with or without their dots
    assert home_place(gazetteer, "Paris, TX").admin1 == "Texas"
    assert home_place(gazetteer, "Keene, NH").admin1 == home_place(gazetteer, "Keene, N.H.").admin1 == "New Hampshire"
    with pytest.raises(InputError, match="'Nowhere'"):  # the part not understood is named
        home_place(gazetteer, "Zorblax, Nowhere")
    with pytest.raises(InputError, match="no place called"):  # a region is in no country: no prior
        home_place(gazetteer, "West Africa")


def test_many_articles_share_the_home_region(gazetteer):
    from geomap import geoparse_many

    gdf = geoparse_many(["Floods hit Paris on Monday.", "A fire closed a school in Athens."], near="Texas")
    assert set(gdf["admin1"]) == {"Texas"}


def test_a_batch_looks_its_home_region_up_once_before_any_worker(tmp_path, gazetteer, monkeypatch):
    import pytest

    import geomap.pipeline
    import geomap.resolve
    from geomap.article import Article
    from geomap.batch import run_batch
    from geomap.errors import InputError

    calls = []

    def counted(gaz, text):
        calls.append(text)
        return home(gaz, text)

    home = geomap.resolve.home_place
    monkeypatch.setattr(geomap.resolve, "home_place", counted)
    monkeypatch.setattr(geomap.pipeline, "home_place", counted)
    arts = [Article.from_text("Floods hit Paris on Monday.", id="a"), Article.from_text("A fire in Athens.", id="b")]
    out = tmp_path / "places.csv"
    run_batch(articles=arts, output=out, jobs=1, chunk_size=1, progress=False, fast=True, near="Texas")
    assert "Texas" in out.read_text(encoding="utf-8") and calls == ["Texas"]  # not once per chunk
    with pytest.raises(InputError, match="Zorblax"):
        run_batch(articles=arts, output=tmp_path / "none.csv", jobs=1, progress=False, near="Zorblax")
    assert not (tmp_path / "none.csv").exists()


def test_an_unknown_home_region_is_one_line_and_exit_2(tmp_path):
    story = tmp_path / "s.txt"
    story.write_text("Officials in Paris said the storm had passed.", encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "geomap", "export", str(story), "--near", "Zorblax"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 2 and r.stderr.strip().count("\n") == 0 and "Zorblax" in r.stderr


def test_a_local_paper_s_towns_are_found_in_its_home_country(parse):
    text = "Officials in Keene said the fire was under control by Tuesday."
    assert "Keene" not in set(parse(text)["place"])  # the model calls it a person; no country is named
    gdf = parse(text, near="New Hampshire")
    assert _where(gdf, "Keene") == ("US", "New Hampshire")


def test_the_home_country_counts_as_named_on_a_hand_built_parse():
    import spacy
    from candidates import candidate
    from spacy.tokens import Doc

    from geomap.docdata import set_home
    from geomap.mentions import MentionKind
    from geomap.mentions.names import second_chance

    words = ["Officials", "in", "Kessab", "said"]
    doc = Doc(spacy.blank("en").vocab, words=words, pos=["NOUN", "ADP", "PROPN", "VERB"], heads=[3, 0, 1, 3],
              deps=["nsubj", "prep", "pobj", "ROOT"])  # fmt: skip
    town = candidate("Kessab", country="XX", population=20_000)
    waiting = [(2, 3, MentionKind.NAME, "PERSON", [town], True)]
    assert second_chance(doc, [], waiting, [False] * 4) == []
    set_home(doc, "XX")
    assert [m.text for m in second_chance(doc, [], waiting, [False] * 4)] == ["Kessab"]
