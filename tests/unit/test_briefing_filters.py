"""Briefing-level filters (entity, topic, quality, has, date) are indexed on each briefing's lead document
only, and still keep every card of the briefings they match: across segments, updates, deletions and
merges, with the cards' titles and dates still shown and sorted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.query import Term
from whoosh.searching import Searcher

import search
from briefings.ingest import sample_paths
from briefings.library import Library
from briefings.model import Briefing, Card, CardKind
from search import SearchIndex
from search.matching import matching_documents, per_briefing
from search.query import parse
from search.schema import documents, indexed_documents
from tests.support.synthetic import write_inbox

STRUCTURAL = ("NOT entity:reuters", "entity:reuters OR topic:energy", "oil NOT date:>2024-01-01",
              "(entity:reuters OR oil) kind:summary", "NOT (quality:truncated OR has:discrepancy)",
              "date:[2024-01-01 to 2026-12-31] NOT kind:body", "entity:kim* OR title:coffee")


@pytest.fixture(scope="module")
def library_and_index(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path
                      ) -> Iterator[tuple[Library, SearchIndex]]:
    """Several segments (small batches), briefings updated and removed after their first commit, then
    merged into one segment: the orders a briefing's documents can end up in."""
    folder = tmp_path_factory.mktemp("filters")
    library = Library(folder / "library")
    inbox = write_inbox(folder / "inbox", 30, seed=11)
    index = SearchIndex.open(None, library)
    list(search.ingest(library, index, [seeds_dir, *sample_paths(), inbox], batch_size=7))
    briefings = list(library.iter_briefings())
    index.update(briefings[::5])  # the old documents stay, deleted, in their segments
    index.delete([briefings[3].id])
    library.remove(briefings[3].id)
    yield library, index
    index.close()


def _briefing_of(searcher: Searcher) -> dict[int, str]:
    return {docnum: fields["briefing"] for docnum, fields in searcher.iter_docs()}


def _leads_matching(searcher: Searcher, text: str) -> set[str]:
    """The briefings whose lead document the query matches, asked of Whoosh's own matchers."""
    q = parse(searcher.schema, text).query
    lead_docs = set(searcher.docs_for_query(q)) & set(searcher.docs_for_query(Term("lead", True)))
    by_doc = _briefing_of(searcher)
    return {by_doc[docnum] for docnum in lead_docs}


def _check_whole_briefings(searcher: Searcher, text: str) -> None:
    q = per_briefing(parse(searcher.schema, text).query)
    by_doc = _briefing_of(searcher)
    counted = matching_documents(searcher, q)
    assert counted == set(searcher.docs_for_query(q)), text
    if all(word.partition(":")[0].lstrip("(") in ("entity", "topic", "quality", "has", "date", "NOT", "OR")
           for word in text.split()):
        wanted = _leads_matching(searcher, text)
        assert counted == {docnum for docnum, briefing in by_doc.items() if briefing in wanted}, text


def test_a_filter_keeps_every_card_of_the_briefings_it_matches(library_and_index: tuple[Library, SearchIndex]
                                                               ) -> None:
    library, index = library_and_index
    briefings = [b for b in library.iter_briefings()]
    named = sorted({entity.name.lower() for briefing in briefings for entity in briefing.entities})
    assert len(named) >= 5
    with index.reading() as searcher:
        by_doc = _briefing_of(searcher)
        assert len(set(by_doc.values())) < len(by_doc), "some briefings have several cards"
        for name in named[:12]:
            expected = {b.id for b in briefings
                        if any(name in (n.lower() for n in entity.names) for entity in b.entities)}
            q = per_briefing(parse(searcher.schema, f'entity:"{name}"').query)
            found = matching_documents(searcher, q)
            assert {by_doc[docnum] for docnum in found} == expected, name
            assert found == {docnum for docnum, briefing in by_doc.items() if briefing in expected}, name
        dated = [b for b in briefings if b.date is not None]
        day = dated[0].date
        assert day is not None
        expected = {b.id for b in dated if b.date is not None and b.date.year == day.year}
        found = matching_documents(searcher, per_briefing(parse(searcher.schema, f"date:{day.year}").query))
        assert found == {docnum for docnum, briefing in by_doc.items() if briefing in expected}


@pytest.mark.parametrize("text", STRUCTURAL)
def test_combined_filters_match_as_when_every_card_carried_them(
        library_and_index: tuple[Library, SearchIndex], text: str) -> None:
    _, index = library_and_index
    with index.reading() as searcher:
        _check_whole_briefings(searcher, text)


def test_after_a_merge_the_briefings_runs_still_hold(library_and_index: tuple[Library, SearchIndex],
                                                     tmp_path: Path) -> None:
    _, index = library_and_index
    with index.reading() as searcher:
        segments = len(searcher.leaf_searchers()) if not searcher.is_atomic() else 1
        before = {text: _cards(searcher, text) for text in STRUCTURAL}
    assert segments > 1
    writer = whoosh_index.open_dir(str(index.path)).writer()
    writer.commit(optimize=True)
    index.refresh()
    with index.reading() as searcher:
        assert searcher.is_atomic()
        for text in STRUCTURAL:
            _check_whole_briefings(searcher, text)
            assert _cards(searcher, text) == before[text], text


def _cards(searcher: Searcher, text: str) -> set[tuple[str, int]]:
    found = matching_documents(searcher, per_briefing(parse(searcher.schema, text).query))
    return {(searcher.stored_fields(n)["briefing"], searcher.stored_fields(n)["card"]) for n in found}


def test_only_the_lead_document_holds_the_briefing_level_postings(
        library_and_index: tuple[Library, SearchIndex]) -> None:
    library, index = library_and_index
    split = next(b for b in library.iter_briefings() if sum(card.derived for card in b.cards) >= 2)
    indexed = list(indexed_documents(split))
    assert len(indexed) == len(list(documents(split))) > 2
    assert indexed[0]["lead"] is True and indexed[0].get("entity", "") == next(documents(split))["entity"]
    for later in indexed[1:]:
        assert not {"lead", "entity", "topic", "quality", "has"} & set(later)
        assert later["_stored_title"] == split.title
    with index.reading() as searcher:
        assert searcher.doc_frequency("lead", True) == len(set(_briefing_of(searcher).values()))


def test_every_card_still_shows_and_sorts_by_its_briefings_date(library_and_index: tuple[Library, SearchIndex]
                                                                ) -> None:
    library, index = library_and_index
    briefings = {b.id: b for b in library.iter_briefings()}
    results = search.search(index, "said", limit=500, sort="date")
    later_cards = [hit for hit in results.hits if hit.card_index > 0]
    assert later_cards
    for hit in results.hits:
        briefing: Briefing = briefings[hit.briefing_id]
        assert hit.briefing_title == briefing.title
        assert hit.date == briefing.date
    dates = [hit.date for hit in results.hits]
    dated = [day for day in dates if day is not None]
    assert dated == sorted(dated, reverse=True)
    assert all(day is None for day in dates[len(dated):]), "undated last"
    assert isinstance(dated[0], dt.date)


def test_a_briefing_whose_first_card_has_no_word_is_merged_and_spelled_like_others(tmp_path: Path) -> None:
    """Whoosh gives each spelling word the posting value of the last word its field indexed: a first card
    without a word once gave its briefing's spelling words another kind of value than the rest had, and
    the next merge of that segment failed ("tuple index out of range")."""
    library = Library(tmp_path / "library")
    index = SearchIndex.open(None, library)
    for batch in range(3):  # each commit merges the small segments before it
        index.update([
            Briefing(id=f"quay-{batch}", title=f"Quay {batch}", cards=(
                Card(kind=CardKind.SUMMARY, heading="", text="", derived=True),
                Card(kind=CardKind.BODY, heading="", text=f"Harbour ferry crossing {batch}."))),
            Briefing(id=f"pier-{batch}", title=f"Pier {batch}", cards=(
                Card(kind=CardKind.BODY, heading="Harbour", text="The ferry runs late."),)),
        ])
    whoosh_index.open_dir(str(index.path)).optimize()  # one segment: every posting read back and merged
    index.refresh()
    with index.reading() as searcher:
        assert len(searcher.reader().leaf_readers()) == 1 and searcher.doc_count() == 9
    assert search.search(index, "ferry", limit=10).total == 6
    assert "harbour" in search.complete(index, "harb")
    index.close()
