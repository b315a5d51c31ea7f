"""Shared fixtures: where the seeds and corpus live, and a home of our own for every test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("BRIEFING_SHARED", ROOT.parent / "shared"))

# Property tests are deterministic: every run (CI, a fresh clone) tries the same examples, and no
# example database is kept between runs. HYPOTHESIS_PROFILE=explore searches new random examples.
settings.register_profile("ci", derandomize=True, database=None, max_examples=100, deadline=None)
settings.register_profile("explore", derandomize=False, database=None, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def _shared_folder(name: str) -> Path:
    folder = SHARED / name
    if not folder.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{folder} is missing: CI always has ../shared beside the clone")
        pytest.skip(f"{folder} is not here (set BRIEFING_SHARED to the folder holding seeds/ and corpus/)")
    return folder


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return _shared_folder("seeds")


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return _shared_folder("corpus")


@pytest.fixture(scope="session")
def seed_page_text(seeds_dir: Path) -> str:
    return (seeds_dir / "003_5360d7e2acb77506.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_article_text(seeds_dir: Path) -> str:
    return (seeds_dir / "000_8fa4dafbef7b3d9f.txt").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the developer's real data, config or cache folders."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                     ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state")):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.delenv("BRIEFING_LIBRARY", raising=False)
    monkeypatch.delenv("BRIEFING_CONFIG_DIR", raising=False)
    return home
