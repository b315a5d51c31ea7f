"""The count of a search is the set of documents its collection saw match, or, when the time limit cut the
collection short, the set `search.matching` reads from the postings (posting ids and set operations); either
must be exactly the set Whoosh's own matchers give, for any query a user types."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import search
from briefings.ingest import sample_paths
from briefings.library import Library
from search import SearchIndex
from search.facets import card_keys
from search.matching import matching_documents, per_briefing
from search.query import parse

WORDS = ("oil", "coffee", "prices", "the", "of", "sanctions", "missile", "frost", "kim", "zzzq",
         "talks", "export", "said")
FILTERS = ("kind:summary", "kind:papers", "outlet:reuters", "date:>2024-01-01", "title:coffee",
           "entity:reuters", "topic:energy", "quality:truncated")
OPERATORS = ("AND", "OR", "NOT")


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[SearchIndex]:
    library = Library(tmp_path_factory.mktemp("library"))
    opened = SearchIndex.open(None, library)
    list(search.ingest(library, opened, [seeds_dir, *sample_paths()]))
    yield opened
    opened.close()


def _query_text() -> st.SearchStrategy[str]:
    word = st.one_of(st.sampled_from(WORDS), st.sampled_from(WORDS).map(lambda w: f'"{w} prices"'),
                     st.sampled_from(FILTERS))
    joined = st.lists(st.tuples(st.sampled_from(("", *OPERATORS)), word), min_size=1, max_size=5)
    return joined.map(lambda parts: " ".join(f"{op} {w}" if op and i else w
                                             for i, (op, w) in enumerate(parts)))


@settings(max_examples=150, deadline=None)
@given(text=_query_text())
def test_the_counted_matches_are_the_matches_whoosh_finds(index: SearchIndex, text: str) -> None:
    with index.reading() as searcher:
        cards = searcher.doc_count()
        parsed = parse(searcher.schema, text, share=lambda word: searcher.doc_frequency("text", word) / cards)
        if parsed.error is not None:
            return
        q = per_briefing(parsed.query)  # as a search runs it: briefing-level filters keep whole briefings
        assert matching_documents(searcher, q) == set(searcher.docs_for_query(q)), text


@pytest.mark.parametrize("text", ["oil", "coffee prices", "the of", "oil NOT coffee", "kind:papers frost"])
def test_the_total_does_not_depend_on_the_page_size_and_counts_what_can_be_paged(
        index: SearchIndex, text: str) -> None:
    totals = {search.search(index, text, limit=limit).total for limit in (1, 3, 10, 500)}
    assert len(totals) == 1
    (total,) = totals
    everything = search.search(index, text, limit=max(total, 1))
    assert len(everything.hits) == total and not everything.partial


@settings(max_examples=100, deadline=None)
@given(text=_query_text(), by_date=st.booleans())
def test_a_full_search_counts_the_cards_the_postings_hold(index: SearchIndex, text: str,
                                                         by_date: bool) -> None:
    """The total comes from the matches the ranking saw (phrases are matched once, not again to count)."""
    result = search.search(index, text, sort="date" if by_date else "relevance", limit=3)
    if result.error is not None:
        return
    with index.reading() as searcher:
        cards = searcher.doc_count()
        parsed = parse(searcher.schema, text, share=lambda word: searcher.doc_frequency("text", word) / cards)
        keys = card_keys(index, searcher)
        matched = matching_documents(searcher, per_briefing(parsed.query))
        expected = {keys[docnum] or docnum for docnum in matched}
    assert not result.partial
    assert result.total == len(expected), text
