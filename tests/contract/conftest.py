"""The engines the contract suite runs against, each fresh and empty in the test's own folder.

Whoosh (the library's index) always; Tantivy when the `engines` extra is installed, and always in CI,
which installs it (there a missing package fails rather than skips). A team checks its own engine with
`BRIEFING_CONTRACT_ENGINE=package.module:make_engine pytest tests/contract`, where `make_engine(folder)`
returns an empty engine of its own (say, an index of a fresh name on its search server).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from briefings.library import Library
from search import SearchEngine, SearchIndex, WhooshEngine

OwnEngine = Callable[[Path], SearchEngine]


def whoosh(folder: Path) -> SearchEngine:
    return WhooshEngine(SearchIndex.open(folder / "index", Library(folder / "library")))


def tantivy(folder: Path) -> SearchEngine:
    if not os.environ.get("CI"):
        pytest.importorskip("tantivy", reason="the `engines` extra (Tantivy) is not installed")
    from search.engines.tantivy_engine import TantivyEngine

    return TantivyEngine(folder / "tantivy")


def _engines() -> dict[str, OwnEngine]:
    engines: dict[str, OwnEngine] = {"whoosh": whoosh, "tantivy": tantivy}
    named = os.environ.get("BRIEFING_CONTRACT_ENGINE")
    if named:
        module, _, factory = named.partition(":")
        engines[named] = getattr(importlib.import_module(module), factory)
    return engines


ENGINES = _engines()


@pytest.fixture(params=list(ENGINES))
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchEngine]:
    opened = ENGINES[request.param](tmp_path)
    yield opened
    opened.close()
