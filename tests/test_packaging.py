"""What pip installs: the metadata users and tools read, and every file the maps need in the wheel."""

from __future__ import annotations

import fnmatch
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_metadata_says_what_is_true():
    project = _pyproject()["project"]
    assert project["license"] == "MIT" and (ROOT / "LICENSE").read_text().startswith("MIT License")
    assert project["requires-python"] == ">=3.11"  # countryinfo needs 3.11
    versions = {
        c.rsplit(" :: ", 1)[1] for c in project["classifiers"] if c.startswith("Programming Language :: Python :: 3.")
    }
    assert versions == {"3.11", "3.12", "3.13"}  # those CI checks the wheel on (.ci/run)
    meta = metadata.metadata("geomap")
    assert meta["Requires-Python"] == ">=3.11"


@pytest.mark.parametrize("package", ["geomap.static", "geomap.resources", "geomap.serve"])
def test_every_data_file_is_in_the_package_data(package):
    """A file the code reads but the wheel leaves out broke every map once (FileNotFoundError)."""
    patterns = _pyproject()["tool"]["setuptools"]["package-data"][package]
    folder = ROOT.joinpath(*package.split("."))
    files = [p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.suffix != ".py"]
    files = [f for f in files if "__pycache__" not in f]
    assert files
    missing = [f for f in files if not any(fnmatch.fnmatch(f, pat) for pat in patterns)]
    assert missing == []
