"""Issue 19: notes are searchable. `note:WORD` and `tag:T` keep the cards whose notes match; the plain
words of a query also find a card whose note holds them though the card does not; a note's briefing or
card gone leaves the rest searchable. The real index and the real note files of a library."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import search
from briefings.counting import counted_texts
from briefings.ingest import sample_paths
from briefings.library import Library
from briefings.notes import Anchor, NoteBook
from search import SearchIndex
from search.notes_match import split_note_terms

COFFEE = "arabica-coffee"


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    with Library(tmp_path / "library") as opened:
        with SearchIndex.open(None, opened) as index:
            list(search.ingest(opened, index, sample_paths()))
        yield opened


def _coffee_id(library: Library) -> str:
    return next(entry.id for entry in library.entries() if entry.id.startswith(COFFEE))


def _cards(results: search.SearchResults) -> set[tuple[str, int]]:
    assert results.error is None, results.error
    return {(hit.briefing_id, hit.card_index) for hit in results.hits}


def test_note_and_tag_terms_keep_the_cards_their_notes_are_on(library: Library) -> None:
    coffee = library.get(_coffee_id(library))
    book = NoteBook(library.root)
    book.add(Anchor(coffee.id, coffee.card_ids()[1]), "Compare with the exporters' own zanzibarite figures",
             tags=["frost", "Prices"])
    book.add(Anchor(coffee.id, coffee.card_ids()[0]), "Lead is fine")
    with SearchIndex.open(None, library) as index:
        assert _cards(search.search(index, "note:zanzibarite", limit=50)) == {(coffee.id, 1)}
        assert _cards(search.search(index, "tag:prices", limit=50)) == {(coffee.id, 1)}
        assert _cards(search.search(index, "tag:frost note:lead", limit=50)) == set()
        assert search.search(index, "note:nowhere").total == 0
        words = search.search(index, "coffee tag:frost", limit=50)
        assert _cards(words) == {(coffee.id, 1)} and words.total == 1


def test_plain_words_also_find_the_card_a_note_holds_them_on(library: Library) -> None:
    coffee = library.get(_coffee_id(library))
    with SearchIndex.open(None, library) as index:
        assert search.search(index, "zanzibarite").total == 0
        NoteBook(library.root).add(Anchor(coffee.id, coffee.card_ids()[2]), "ask the zanzibarite desk")
        found = search.search(index, "zanzibarite", limit=50)  # the next search sees the new note
        assert _cards(found) == {(coffee.id, 2)} and found.total == 1
        assert search.search(index, "zanzibarite kind:forecast").total == 0  # filters still hold


def test_a_note_whose_briefing_is_gone_is_left_out_and_the_others_still_match(library: Library) -> None:
    coffee = library.get(_coffee_id(library))
    book = NoteBook(library.root)
    book.add(Anchor("no-such-briefing", "summary"), "zanzibarite")
    book.add(Anchor(coffee.id, ""), "zanzibarite on the whole briefing")
    with SearchIndex.open(None, library) as index:
        found = search.search(index, "note:zanzibarite", limit=100)
        assert {briefing for briefing, _card in _cards(found)} == {coffee.id}
        assert found.total == len(coffee.cards)  # a note on the briefing: every card of it


def test_a_note_on_a_card_of_several_documents_finds_that_card_once(library: Library) -> None:
    coffee = library.get(_coffee_id(library))
    papers = next(number for number, card in enumerate(coffee.cards) if len(card.outlets) > 1)
    NoteBook(library.root).add(Anchor(coffee.id, coffee.card_ids()[papers]), "zanzibarite sources")
    with SearchIndex.open(None, library) as index:  # one document per outlet's paragraph, one hit
        found = search.search(index, "note:zanzibarite", limit=50)
        assert _cards(found) == {(coffee.id, papers)} and found.total == 1
        second = coffee.cards[papers].outlets[1].outlets[0]
        by_outlet = search.search(index, f'note:zanzibarite outlet:"{second}"', limit=50)
        assert _cards(by_outlet) == {(coffee.id, papers)}


@pytest.mark.parametrize(("text", "rest", "terms"), [
    ("oil note:check", "oil", "note:check"),
    ('tag:"two words" prices', "prices", 'tag:"two words"'),
    ("NOTE:x TAG:y", "", "NOTE:x TAG:y"),
    ("denote:x", "denote:x", ""),
])
def test_note_terms_are_split_from_the_query(text: str, rest: str, terms: str) -> None:
    assert split_note_terms(text) == (rest, terms)


def test_a_note_on_a_full_text_every_sentence_of_which_a_derived_card_quotes_is_found(tmp_path: Path) -> None:
    article = tmp_path / "ferry.txt"
    article.write_text("Ferry crossings cut\n\n"
                       "HARWICH, March 3 - The ferry operator cut its winter crossings.\n\n"
                       "Chief executive Anna Berg said the cuts would end in April.\n")
    with Library(tmp_path / "library") as library, SearchIndex.open(None, library) as index:
        list(search.ingest(library, index, [article]))
        (entry,) = library.entries()
        briefing = library.get(entry.id)
        body = len(briefing.cards) - 1
        assert briefing.cards[body].kind.value == "body" and not counted_texts(briefing)[body]
        NoteBook(library.root).add(Anchor(briefing.id, briefing.card_ids()[body]), "quillwort timetable")
        assert _cards(search.search(index, "note:quillwort", limit=50)) == {(briefing.id, body)}
