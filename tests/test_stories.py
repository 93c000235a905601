"""The stories corpus (data/stories) is whole: every story has its gold, a date line, a length in range, its split."""

from __future__ import annotations

from pathlib import Path

import yaml

from geomap.article import Article
from geomap.evaluation.split import folder_split

STORIES = Path(__file__).resolve().parents[1] / "data" / "stories"
ROLES = {
    "incident_site",
    "incident_area",
    "origin",
    "destination",
    "accused",
    "response",
    "reaction",
    "affected",
    "context",
}


def test_every_story_has_a_gold_file_and_every_gold_file_a_story():
    texts = {p.stem for p in STORIES.glob("*.txt")}
    golds = {p.stem for p in (STORIES / "gold").glob("*.yaml")}
    assert len(texts) >= 60 and texts == golds


def test_each_story_is_a_dated_article_of_250_to_700_words_with_a_headline():
    for path in sorted(STORIES.glob("*.txt")):
        article = Article.from_file(path)
        assert article.date is not None and article.title, path.name
        assert 250 <= len(article.text[article.body_start :].split()) <= 720, path.name


def test_gold_files_use_the_role_vocabulary_and_name_their_story():
    for path in sorted((STORIES / "gold").glob("*.yaml")):
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert gold["article"] == path.stem
        for place in gold["places"]:
            roles = set(place.get("roles") or []) | set(place.get("also_ok") or [])
            assert place.get("roles") and roles <= ROLES, (path.name, place["place"])


def test_the_stories_are_split_once_about_three_to_two():
    rule = folder_split(STORIES / "gold")
    splits = [rule(p.stem) for p in STORIES.glob("*.txt")]
    assert 0.25 < splits.count("validation") / len(splits) < 0.55
