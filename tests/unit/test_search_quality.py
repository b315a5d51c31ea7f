"""Quality flags in the index: `has:discrepancy`, `quality:<code>` and the quality facet, on the seeds."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import search
from briefings.ingest import sample_paths
from briefings.library import Library
from search import SearchIndex
from search.schema import SCHEMA_VERSION
from search.store import META_FILE

SEED_PAGE = "North Korea has significantly"
SEED_ARTICLE = "U.S. expresses deep worry"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[Library]:
    opened = Library(tmp_path_factory.mktemp("library"))
    index = SearchIndex.open(None, opened)
    try:
        outcomes = list(search.ingest(opened, index, [seeds_dir, *sample_paths()]))
        assert all(outcome.briefing_id for outcome in outcomes), outcomes
    finally:
        index.close()
    yield opened
    opened.close()


@pytest.fixture
def index(library: Library) -> Iterator[SearchIndex]:
    opened = SearchIndex.open(None, library)
    yield opened
    opened.close()


def _titles(results: search.SearchResults) -> set[str]:
    assert results.error is None, results.error
    return {hit.briefing_title for hit in results.hits}


def _starting(titles: set[str], start: str) -> bool:
    return any(title.startswith(start) for title in titles)


def test_has_discrepancy_finds_the_seed_page_only(index: SearchIndex) -> None:
    titles = _titles(search.search(index, "has:discrepancy", limit=100))
    assert _starting(titles, SEED_PAGE)
    assert not _starting(titles, SEED_ARTICLE)
    narrowed = _titles(search.search(index, "has:discrepancy troops", limit=100))
    assert _starting(narrowed, SEED_PAGE)


def test_quality_codes_filter_by_flag(index: SearchIndex) -> None:
    assert _starting(_titles(search.search(index, "quality:headline", limit=100)), SEED_ARTICLE)
    assert _starting(_titles(search.search(index, "quality:late-citation", limit=100)), SEED_ARTICLE)
    truncated = _titles(search.search(index, "quality:truncated", limit=100))
    assert _starting(truncated, SEED_PAGE) and not _starting(truncated, SEED_ARTICLE)
    filtered = search.search(index, "Pyongyang", filters={"quality": "headline"}, limit=100)
    assert _titles(filtered) and all(title.startswith(SEED_ARTICLE) for title in _titles(filtered))


def test_an_unknown_field_still_names_the_quality_fields(index: SearchIndex) -> None:
    results = search.search(index, "flag:truncated")
    assert results.error is not None and "quality" in results.error and "has" in results.error


def test_the_quality_facet_counts_briefings_per_flag(index: SearchIndex) -> None:
    results = search.search(index, "Pyongyang", facets=True, limit=100)
    quality = dict(results.facets["quality"])
    briefings = {hit.briefing_id for hit in results.hits}
    assert quality["headline"] == 1 and quality["discrepancy"] == 1
    assert all(count <= len(briefings) for count in quality.values())


def test_an_index_of_the_previous_schema_is_rebuilt_with_the_quality_fields(library: Library) -> None:
    SearchIndex.open(None, library).close()  # the index this test's user searches (each test has its HOME)
    folder = search.default_index_dir(library)
    (folder / META_FILE).write_text(json.dumps({"schema_version": SCHEMA_VERSION - 1}), encoding="utf-8")
    reopened = SearchIndex.open(None, library)
    try:
        assert any("rebuilt" in message for message in reopened.messages), reopened.messages
        assert _starting(_titles(search.search(reopened, "has:discrepancy")), SEED_PAGE)
    finally:
        reopened.close()
