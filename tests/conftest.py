"""Shared fixtures: the offline gazetteer (built once if missing) and paths to test material."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
OWN_ARTICLES = ROOT / "data" / "articles"


def gold_files() -> list[Path]:
    """Gold annotations: the shared seed story and our own incident articles."""
    files = sorted((SHARED / "articles" / "gold").glob("*.yaml")) + sorted((OWN_ARTICLES / "gold").glob("*.yaml"))
    return files


def article_for(gold: Path) -> Path:
    return gold.parent.parent / f"{gold.stem}.txt"


@pytest.fixture(scope="session")
def gazetteer():
    from geomap.gazetteer import Gazetteer

    return Gazetteer.open()


@pytest.fixture(scope="session")
def parse(gazetteer):
    """geoparse with the session's gazetteer."""
    from geomap import geoparse

    def run(text, **kw):
        return geoparse(text, gazetteer=gazetteer, **kw)

    return run


@pytest.fixture(scope="session")
def seed_path() -> Path:
    path = SHARED / "articles" / "crocus-city-hall-2024-03-24.txt"
    if not path.exists():
        pytest.skip("shared articles not available")
    return path


@pytest.fixture(scope="session")
def run(gazetteer):
    """geomap.analyse with the session's gazetteer: every stage of the pipeline."""
    from geomap import analyse

    def go(text, **kw):
        return analyse(text, gazetteer=gazetteer, **kw)

    return go
