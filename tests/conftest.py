"""Shared fixtures: the offline gazetteer (built once if missing) and paths to test material."""

from __future__ import annotations

import os
import shutil
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


def _place(place: str, role: str, feature: str, lat: float, lon: float, **more) -> dict:
    """A row of a places table, its evidence a sentence naming the place."""
    sentence = f"Police were sent to {place}."
    return {
        "article": "christchurch",
        "title": "Gunman attacks two mosques",
        "date": "2019-03-16",
        "place": place,
        "role": role,
        "roles": [role],
        "feature": feature,
        "country": "NZ",
        "confidence": 0.9,
        "precision_km": 10.0,
        "evidence": [
            {
                "role": role,
                "text": sentence,
                "start": 0,
                "end": len(sentence),
                "mention": place,
                "mention_start": sentence.index(place),
            }
        ],
        "lat": lat,
        "lon": lon,
        **more,
    }


@pytest.fixture(scope="session")
def co_located():
    """A story's places table: three places at one point (two placed at their city, one uncertain) and one elsewhere."""
    from geomap.table import build_frame

    town = (-43.53333, 172.63333)
    return build_frame(
        [
            _place("Christchurch", "incident_area", "city", *town),
            _place("Al Noor Mosque", "incident_site", "venue", *town, located_by="Christchurch"),
            _place(
                "Linwood",
                "incident_site",
                "venue",
                *town,
                located_by="Christchurch",
                confidence=0.5,
                alternatives=[{"place": "Linwood", "country": "US", "probability": 0.3}],
            ),
            _place("Wellington", "response", "city", -41.28664, 174.77557),
        ]
    )


@pytest.fixture(scope="session")
def run(gazetteer):
    """geomap.analyse with the session's gazetteer: every stage of the pipeline."""
    from geomap import analyse

    def go(text, **kw):
        return analyse(text, gazetteer=gazetteer, **kw)

    return go


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
#: Chromium's flags for a machine with no network and no screen (see ../shared/PACKAGES.md)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright; skipped locally without them, a failure in CI."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("playwright is not installed")
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (.ci/run installs it)")
        pytest.skip("chromium is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()
