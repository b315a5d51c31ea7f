"""Several processes on one index: readers leave indexing to a running ingest, follow a rebuild, and an
idle library is repaired once."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import search
from briefings.library import Library
from briefings.model import Briefing
from cli.main import main
from search import IndexLocked, SearchIndex, store
from search.store import pending_message
from tests.support.synthetic import Generator, Shape

SMALL = Shape(cards=(2, 3), words_per_card=(15, 30), vocabulary=1_500)
ROOT = Path(__file__).resolve().parents[2]


def _indexed_library(root: Path, count: int) -> tuple[Library, list[Briefing]]:
    library = Library(root)
    briefings = list(Generator(5, SMALL).briefings(count))
    for briefing in briefings:
        library.save(briefing)
    SearchIndex.open(None, library).close()
    return library, briefings


def _saved_unindexed(library: Library, count: int) -> list[Briefing]:
    """What a running ingest has saved and not yet committed to the index."""
    extra = list(Generator(77, SMALL).briefings(count))
    for briefing in extra:
        library.save(briefing)
    return extra


def _files(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in folder.iterdir()}


HOLDER = textwrap.dedent("""
    import sys
    from briefings.library import Library
    from search import SearchIndex

    with Library(sys.argv[1]) as library, SearchIndex.open(None, library) as index, index.ingesting():
        print("holding", flush=True)
        sys.stdin.readline()
""")


@pytest.mark.slow
def test_a_search_during_another_process_s_ingest_writes_nothing_and_says_what_is_pending(tmp_path,
                                                                                          capsys) -> None:
    library, _ = _indexed_library(tmp_path / "lib", 5)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(library.root)], cwd=ROOT, text=True,
                              env=os.environ.copy(), stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        extra = _saved_unindexed(library, 3)
        before = _files(library.root / "index")
        word = extra[0].title.split()[0]
        assert main(["--library", str(library.root), "search", word, "--json"]) == 0
        err = capsys.readouterr().err
        assert err.strip() == "3 briefings are still being indexed; results may be incomplete."
        assert _files(library.root / "index") == before  # not a byte written
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        assert holder.wait(timeout=30) == 0
    assert main(["--library", str(library.root), "search", word]) == 0  # idle now: repaired, once
    assert "Indexed 3 briefings the search index was missing" in capsys.readouterr().err
    assert main(["--library", str(library.root), "search", word]) == 0
    assert capsys.readouterr().err == ""


def test_a_reader_opened_during_an_ingest_counts_what_is_pending_and_catches_up_after(tmp_path) -> None:
    library, briefings = _indexed_library(tmp_path / "lib", 4)
    with SearchIndex.open(None, library) as ingest:
        with ingest.ingesting():
            extra = _saved_unindexed(library, 2)
            library.remove(briefings[0].id)
            reader = SearchIndex.open(None, library)
            assert reader.pending == 3 and reader.messages == [pending_message(3)]
            assert reader.reconcile(library) == [pending_message(3)]  # still only counting
            assert set(reader.digests()) == {b.id for b in briefings}
        done = reader.reconcile(library)
        assert len(done) == 2 and reader.pending == 0
        assert set(reader.digests()) == {b.id for b in [*briefings[1:], *extra]}
        reader.close()


def test_ingests_run_side_by_side_and_a_rebuild_waits_for_them(tmp_path) -> None:
    library, briefings = _indexed_library(tmp_path / "lib", 3)
    first, second = SearchIndex.open(None, library), SearchIndex.open(None, library, lock_timeout=0.2)
    with first, second:
        with first.ingesting(), second.ingesting():  # two ingests at once
            assert second.update(briefings[:1]) == 1
            with pytest.raises(IndexLocked) as raised:
                second.rebuild(library)
        assert "being written by another process (waited 0.2 s)" in str(raised.value)
        second.rebuild(library)  # once they have finished
        assert set(second.digests()) == {b.id for b in briefings}


def test_an_ingest_waits_for_a_repair_then_fails_in_one_line(tmp_path) -> None:
    library, _ = _indexed_library(tmp_path / "lib", 1)
    note = tmp_path / "note.md"
    note.write_text("---\ntitle: Ferry resumes\ndate: 2025-05-01\n---\n\n## Summary\n\nBoats sail.\n")
    with SearchIndex.open(None, library, lock_timeout=0.2) as index:
        with store._held(store._lock_file(index.path), shared=False, wait=0) as alone:  # a repair
            assert alone
            with pytest.raises(IndexLocked) as raised:
                list(search.ingest(library, index, [note]))
        assert "being rebuilt or repaired by another process (waited 0.2 s)" in str(raised.value)
        assert [o.status.value for o in search.ingest(library, index, [note])] == ["added"]


def test_an_index_rebuilt_by_another_process_is_followed_before_the_next_query(tmp_path) -> None:
    library, briefings = _indexed_library(tmp_path / "lib", 6)
    word = briefings[2].title.split()[0]
    with SearchIndex.open(None, library) as reader:
        search.warm(reader)
        expected = {hit.briefing_id for hit in search.search(reader, word).hits}
        with SearchIndex.open(None, library) as other:
            other.rebuild(library)
        assert set(reader.digests()) == {b.id for b in briefings}
        assert {hit.briefing_id for hit in search.search(reader, word).hits} == expected
        assert search.search(reader, word, facets=True).facets["kind"]
        extra = _saved_unindexed(library, 1)
        assert reader.update(extra) == 1 and len(reader) == 7


def test_a_missing_index_of_a_library_with_briefings_is_built_and_said(tmp_path) -> None:
    library, _ = _indexed_library(tmp_path / "lib", 2)
    import shutil

    shutil.rmtree(library.root / "index")
    with SearchIndex.open(None, library) as index:
        assert index.messages == ["Search index is missing: built it from the library's 2 briefings."]
