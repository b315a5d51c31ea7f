"""The vocabulary's per-segment word counts kept beside the index: written by the writer after each
commit and build, read by a reader that starts, and any odd table file recounted, never trusted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import search
from briefings.library import Library
from search import SearchIndex
from search.vocabulary import MAX_TABLE_BYTES, TABLES, vocabulary
from tests.support.synthetic import Generator, Shape

SMALL = Shape(cards=(2, 3), words_per_card=(20, 40), vocabulary=2_000)


def _index(root: Path, count: int = 20) -> tuple[Library, SearchIndex]:
    library = Library(root / "library")
    briefings = list(Generator(5, SMALL).briefings(count))
    for briefing in briefings:
        library.save(briefing)
    index = SearchIndex.open(None, library)
    index.update(briefings[:3])  # a second commit: a second segment
    return library, index


def _fresh_words(library: Library) -> tuple[list[str], list[int]]:
    with SearchIndex.open(None, library) as index:
        table = vocabulary(index)
        return table.words, table.counts


def test_every_segment_has_its_table_and_a_new_reader_reads_them(tmp_path: Path) -> None:
    library, index = _index(tmp_path)
    with index:
        expected = vocabulary(index)
        tables = sorted((index.path / TABLES).glob("*.json"))
        with index.reading() as searcher:
            segments = len(search.store.leaf_readers(searcher))
        assert len(tables) == segments >= 1
    before = {path.name: path.stat().st_mtime_ns for path in tables}
    assert _fresh_words(library) == (expected.words, expected.counts)
    assert {path.name: path.stat().st_mtime_ns for path in tables} == before  # a reader wrote nothing


@pytest.mark.parametrize("damage", ["{not json", "[1, 2]", '{"word": "many"}', '{"word": 1.5}', "",
                                    '{"word": true}', "[" * 100_000])
def test_an_odd_table_is_recounted_from_the_segment(tmp_path: Path, damage: str) -> None:
    library, index = _index(tmp_path)
    with index:
        expected = vocabulary(index)
        for table in (index.path / TABLES).glob("*.json"):
            table.write_text(damage, encoding="utf-8")
    assert _fresh_words(library) == (expected.words, expected.counts)


def test_a_huge_or_unreadable_table_is_recounted(tmp_path: Path) -> None:
    library, index = _index(tmp_path)
    with index:
        expected = vocabulary(index)
        tables = list((index.path / TABLES).glob("*.json"))
    with tables[0].open("wb") as handle:
        handle.truncate(MAX_TABLE_BYTES + 1)
    tables[-1].unlink()
    tables[-1].mkdir()
    assert _fresh_words(library) == (expected.words, expected.counts)


def test_tables_of_segments_merged_away_are_removed(tmp_path: Path) -> None:
    library, index = _index(tmp_path)
    with index:
        index.rebuild(library)  # one fresh segment
        with index.reading() as searcher:
            segments = len(search.store.leaf_readers(searcher))
        names = [path.name for path in (index.path / TABLES).glob("*.json")]
        assert len(names) == segments and json.loads((index.path / TABLES / names[0]).read_text("utf-8"))


def test_a_starting_reader_takes_the_counts_from_the_tables(tmp_path: Path) -> None:
    library, index = _index(tmp_path)
    with index:
        tables = list((index.path / TABLES).glob("*.json"))
    for table in tables:  # a table we could have written, with a word no segment holds
        table.write_text(json.dumps({"zzplanted": 7}), encoding="utf-8")
    words, counts = _fresh_words(library)
    assert words == ["zzplanted"] and counts == [7 * len(tables)]
