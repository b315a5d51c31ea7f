"""A library received from someone else: copied from another machine, or on read-only media.

The read-only case uses a real read-only bind mount (the tests run as root, for whom permission bits
mean nothing, and chmod would prove nothing); where mounting is not allowed the test is skipped.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

import search
from briefings.ingest import IngestStatus, ingest_paths, sample_paths
from briefings.library import Library
from cli.main import main
from search import SearchIndex
from tui.app import BriefingApp
from tui.state import STATE_FILE, ReaderState

HOSTILE_STATE = (
    "read: !!python/object/apply:os.system ['touch {marker}']\n"
    "bookmarks: &b [*b]\n"
)


def _planted_pickle(marker: Path) -> bytes:
    """A table of contents that, if unpickled, would run code (here: create `marker`)."""
    return b"cbuiltins\nopen\n(" + pickle.dumps(str(marker))[2:-1] + b"S'w'\ntR."


@pytest.fixture
def received(tmp_path: Path) -> tuple[Path, Path]:
    """A library built elsewhere (its own index and state), copied here with a planted index and state."""
    origin = Library(tmp_path / "origin")
    with SearchIndex.open(None, origin) as index:
        list(search.ingest(origin, index, sample_paths()))
    origin.close()
    copy = tmp_path / "received"
    shutil.copytree(origin.root, copy)
    marker = tmp_path / "code-ran"
    for toc in (copy / "index").glob("_MAIN_*.toc"):
        toc.write_bytes(_planted_pickle(marker))
    (copy / STATE_FILE).write_text(HOSTILE_STATE.format(marker=marker), encoding="utf-8")
    return copy, marker


def test_the_planted_pickle_would_run_code(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    pickle.loads(_planted_pickle(marker))
    assert marker.exists()


def test_a_copied_library_rebuilds_its_index_and_reads_state_as_data(received: tuple[Path, Path]) -> None:
    copy, marker = received
    library = Library(copy)
    with SearchIndex.open(None, library) as index:
        assert "not built on this machine" in index.messages[0]
        assert len(index) == len(library) == len(sample_paths())
    state, warning = ReaderState.load(copy)
    assert warning is not None and "starting afresh" in warning and state.read == set()
    assert not marker.exists()


async def test_the_app_opens_a_copied_library_without_running_its_code(received: tuple[Path, Path]) -> None:
    copy, marker = received
    library = Library(copy)
    app = BriefingApp(library)
    async with app.run_test() as pilot:
        await pilot.pause(0.5)
        assert app._startup_warning and "starting afresh" in app._startup_warning
    library.close()
    assert not marker.exists()


@pytest.fixture
def read_only_library(tmp_path: Path) -> Iterator[Path]:
    source = tmp_path / "source"
    library = Library(source / "library")
    assert {o.status for o in ingest_paths(library, sample_paths())} == {IngestStatus.ADDED}
    library.close()
    mounted = tmp_path / "media"
    mounted.mkdir()
    try:
        subprocess.run(["mount", "--bind", str(source), str(mounted)], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.skip(f"cannot bind-mount here ({error}); the read-only case needs a real read-only mount")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(mounted)], check=True, capture_output=True)
        yield mounted / "library"
    finally:
        subprocess.run(["umount", str(mounted)], check=False, capture_output=True)


def test_a_read_only_library_is_browsed_and_searched(read_only_library: Path, capsys, tmp_path: Path) -> None:
    with pytest.raises(OSError):
        (read_only_library / "probe").touch()
    library = Library(read_only_library)
    assert library.read_only and len(library) == len(sample_paths())
    with SearchIndex.open(None, library) as index:
        assert read_only_library not in index.path.parents and len(index) == len(library)
    assert main(["--library", str(read_only_library), "list", "--json"]) == 0
    assert main(["--library", str(read_only_library), "search", "the"]) == 0
    capsys.readouterr()
    note = tmp_path / "note.md"
    note.write_text("## Summary\nA new note.\n", encoding="utf-8")
    assert main(["--library", str(read_only_library), "ingest", str(note)]) == 1
    assert "Read-only file system" in capsys.readouterr().out
    assert main(["--library", str(read_only_library), "resplit"]) == 2
    assert "is read-only: its briefings cannot be split again" in capsys.readouterr().err
    state, _ = ReaderState.load(read_only_library)
    with pytest.raises(OSError):
        state.save()
    assert sorted(os.listdir(read_only_library)) == [
        ".stories.lock", "briefings", "catalog.sqlite3", "library.json", "stories.sqlite3"]


async def test_the_reader_keeps_bookmarks_of_a_read_only_library_in_the_user_s_folder(
        read_only_library: Path) -> None:
    library = Library(read_only_library)
    app = BriefingApp(library)
    async with app.run_test() as pilot:
        await pilot.pause(0.5)
        assert app._startup_warning is None
        app.state.read.add("seen")
        app.save_state(wait=True)
    library.close()
    assert ReaderState.for_library(read_only_library)[0].read == {"seen"}
    assert [n for n in app._notifications if n.severity != "information"] == []
