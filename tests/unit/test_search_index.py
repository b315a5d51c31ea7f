"""The index on disk: rebuilt when missing, old, damaged or foreign; kept in step with the library; locked."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import time
from dataclasses import replace
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.fields import Schema

import search
from briefings.library import Library
from briefings.model import Briefing
from search import IndexLocked, SearchIndex
from search.schema import SCHEMA_VERSION, build_schema
from search.store import META_FILE
from tests.support.synthetic import Generator, Shape

SMALL = Shape(cards=(2, 4), words_per_card=(15, 40), vocabulary=2_000)


def _library(root: Path, count: int = 12) -> tuple[Library, list[Briefing]]:
    library = Library(root)
    briefings = list(Generator(3, SMALL).briefings(count))
    for briefing in briefings:
        library.save(briefing)
    return library, briefings


def _indexed_ids(index: SearchIndex) -> set[str]:
    return set(index.digests())


def test_missing_index_is_built_with_a_message(tmp_path: Path) -> None:
    library, briefings = _library(tmp_path / "lib")
    seen: list[tuple[int, int]] = []
    with SearchIndex.open(None, library, on_progress=lambda done, total: seen.append((done, total))) as index:
        assert index.path == library.root / "index"
        assert "is missing" in index.messages[0]
        assert _indexed_ids(index) == {b.id for b in briefings}
        assert seen[-1] == (len(briefings), len(briefings))
    with SearchIndex.open(None, library) as again:
        assert again.messages == []


@pytest.mark.parametrize("damage", ["truncate segments", "garbage toc", "no meta"])
def test_damaged_index_is_rebuilt(tmp_path: Path, damage: str) -> None:
    library, briefings = _library(tmp_path / "lib")
    SearchIndex.open(None, library).close()
    folder = library.root / "index"
    if damage == "truncate segments":
        for segment_file in folder.glob("MAIN_*"):
            if segment_file.name != "MAIN_WRITELOCK":
                segment_file.write_bytes(b"\0" * 10)
    elif damage == "garbage toc":
        for toc in folder.glob("_MAIN_*.toc"):
            toc.write_bytes(b"not a table of contents")
    else:
        (folder / META_FILE).unlink()
    with SearchIndex.open(None, library) as index:
        assert any("damaged" in message for message in index.messages)
        assert _indexed_ids(index) == {b.id for b in briefings}
        assert search.search(index, briefings[0].title.split()[0]).hits


def test_index_of_an_older_schema_is_rebuilt(tmp_path: Path) -> None:
    library, _ = _library(tmp_path / "lib", 3)
    SearchIndex.open(None, library).close()
    (library.root / "index" / META_FILE).write_text(json.dumps({"schema_version": 0}), encoding="utf-8")
    with SearchIndex.open(None, library) as index:
        assert "another version" in index.messages[0]
        assert len(index) == 3


class _Planted:
    """Unpickling this would create a file: proof that a foreign table of contents was never read."""

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(_Planted.target), "w"))

    target = Path()


def test_copied_index_is_never_opened(tmp_path: Path) -> None:
    library, briefings = _library(tmp_path / "lib", 4)
    SearchIndex.open(None, library).close()
    copy_root = tmp_path / "copy"
    import shutil

    shutil.copytree(library.root, copy_root)
    _Planted.target = tmp_path / "code-ran"
    for toc in (copy_root / "index").glob("_MAIN_*.toc"):
        toc.write_bytes(pickle.dumps(_Planted()))
    with SearchIndex.open(None, Library(copy_root)) as index:
        assert "not built on this machine" in index.messages[0]
        assert len(index) == len(briefings)
    assert not _Planted.target.exists()


def test_open_indexes_what_a_killed_ingest_left_out_and_drops_removed(tmp_path: Path) -> None:
    library, briefings = _library(tmp_path / "lib", 6)
    SearchIndex.open(None, library).close()
    extra = next(iter(Generator(99, SMALL).briefings(1)))
    library.save(extra)
    library.remove(briefings[0].id)
    with SearchIndex.open(None, library) as index:
        assert _indexed_ids(index) == {b.id for b in briefings[1:]} | {extra.id}
        assert len(index.messages) == 2


def test_a_changed_briefing_replaces_all_its_cards(tmp_path: Path) -> None:
    library, briefings = _library(tmp_path / "lib", 2)
    first = briefings[0]
    with SearchIndex.open(None, library) as index:
        shorter = replace(first, cards=first.cards[:1])
        library.save(shorter)
        index.update([shorter])
        hits = search.search(index, f'"{first.title.split()[0]}" OR the', limit=100).hits
        assert {h.card_index for h in hits if h.briefing_id == first.id} <= {0}
        digests = {entry.id: entry.digest for entry in library.entries()}
        assert index.digests()[first.id] == digests[first.id]
        index.delete([first.id])
        assert first.id not in _indexed_ids(index)


def test_a_second_writer_waits_then_fails_clearly(tmp_path: Path) -> None:
    library, briefings = _library(tmp_path / "lib", 2)
    with SearchIndex.open(None, library, lock_timeout=0.5) as index:
        holder = whoosh_index.open_dir(str(index.path)).writer()  # another writer holds the lock
        try:
            started = time.monotonic()
            with pytest.raises(IndexLocked) as raised:
                index.update(briefings[:1])
            assert time.monotonic() - started >= 0.45
        finally:
            holder.cancel()
        assert "being written by another process" in str(raised.value) and "\n" not in str(raised.value)
        assert index.update(briefings[:1]) == 1  # once released, writing works and nothing is corrupt
        assert _indexed_ids(index) == {b.id for b in briefings}


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to a read-only folder")
def test_default_folder_is_in_the_cache_for_a_read_only_library(tmp_path: Path) -> None:
    library, _ = _library(tmp_path / "lib", 1)
    library.root.chmod(0o500)
    try:
        folder = search.default_index_dir(Library(library.root))  # writability is judged on opening
    finally:
        library.root.chmod(0o700)
    assert library.root not in folder.parents


def test_rebuild_swaps_in_a_fresh_index(tmp_path: Path) -> None:
    library, briefings = _library(tmp_path / "lib", 5)
    with SearchIndex.open(None, library) as index:
        before = index.digests()
        index.rebuild(library)
        assert index.digests() == before
        assert search.search(index, briefings[0].title.split()[0]).hits
    assert not [p for p in tmp_path.joinpath("lib").iterdir() if p.name.startswith(".index")]


def test_searching_while_another_thread_writes(tmp_path: Path) -> None:
    import threading

    library, _ = _library(tmp_path / "lib", 3)
    more = list(Generator(42, SMALL).briefings(12))
    errors: list[BaseException] = []
    with SearchIndex.open(None, library) as index:
        def write() -> None:
            try:
                for briefing in more:
                    index.update([briefing])
            except BaseException as error:  # reported by the assertion below
                errors.append(error)

        writer = threading.Thread(target=write)
        writer.start()
        while writer.is_alive():
            search.search(index, "the OR border", as_you_type=True)
            search.search(index, "border")
        writer.join()
        assert not errors
        assert len(index) == 15


def test_a_rebuild_sweeps_up_what_killed_builds_left(tmp_path: Path) -> None:
    library, _ = _library(tmp_path / "lib", 2)
    root = library.root
    swapped_out = root / ".index.old-0badc0de"
    abandoned = root / ".index.new-deadbeef"
    running = root / ".index.new-feedf00d"  # another process may be building into this one right now
    for folder in (swapped_out, abandoned, running):
        folder.mkdir()
        (folder / "_MAIN_1.toc").write_bytes(b"half")
    long_ago = time.time() - 7 * 3600
    os.utime(abandoned, (long_ago, long_ago))
    with SearchIndex.open(None, library) as index:
        index.rebuild(library)
    assert not swapped_out.exists() and not abandoned.exists()
    assert running.exists()


@pytest.mark.parametrize("changed, rebuilt", [(12, True), (3, False)])
def test_when_most_briefings_changed_the_index_is_built_afresh_not_patched(
    tmp_path: Path, changed: int, rebuilt: bool
) -> None:
    """An upgrade rewrites every briefing: replacing each would keep all their old documents, deleted but
    still searched through, and every search after it slower."""
    library, briefings = _library(tmp_path / "lib")
    SearchIndex.open(None, library).close()
    for briefing in briefings[:changed]:
        library.save(replace(briefing, notes=(*briefing.notes, "rewritten")))
    with SearchIndex.open(None, library) as index:
        assert _indexed_ids(index) == {b.id for b in briefings}
        said = [text for text in index.messages if text.startswith("Rebuilt the search index: 12 of 12")]
        assert bool(said) is rebuilt
        with index.reading() as searcher:
            assert searcher.reader().has_deletions() is not rebuilt


SCHEMA_FINGERPRINTS = {8: "3e6e8e263e0827a3"}
"""Each schema version's fields, as `_fingerprint` sums them up: a change of fields under the same version
would leave an older index open with the wrong fields (nothing rebuilds it)."""


def _fingerprint(schema: Schema) -> str:
    def described(name: str) -> str:
        field = schema[name]
        analyzer = re.sub(r" at 0x[0-9a-f]+", "", repr(getattr(field, "analyzer", None)))
        return repr((name, type(field).__name__, type(field.format).__name__ if field.format else None,
                     field.indexed, field.stored, field.scorable, getattr(field, "unique", None),
                     type(field.column_type).__name__ if field.column_type else None, analyzer))
    return hashlib.sha256("\n".join(map(described, sorted(schema.names()))).encode()).hexdigest()[:16]


def test_the_schema_version_changes_whenever_the_fields_do() -> None:
    assert _fingerprint(build_schema()) == SCHEMA_FINGERPRINTS.get(SCHEMA_VERSION), (
        "the index's fields changed: bump search.schema.SCHEMA_VERSION (an older index is then rebuilt) "
        "and record the new fingerprint in SCHEMA_FINGERPRINTS")
