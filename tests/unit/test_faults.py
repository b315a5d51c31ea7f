"""Faults: a full disk during ingest and index writing, SIGKILL at random points, readers beside a writer.

The disk fills by injection at the operating-system boundary: every file opened through `os.fdopen`
(the library's atomic writes and the index's storage both are) fails its writes with ENOSPC while the
path is under the folder chosen. Everything else is real: files, SQLite, Whoosh, child processes.
"""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import search
from briefings.ingest import IngestStatus
from briefings.library import Library
from cli.main import main
from search import SearchIndex
from search.errors import SearchError
from tests.conftest import ROOT
from tests.support.synthetic import write_inbox
from tui.state import ReaderState


def _inbox(folder: Path, count: int, seed: int = 11) -> Path:
    return write_inbox(folder, count, seed)


class _FullFile:
    """A file whose writes fail as on a full disk."""

    def __init__(self, handle: Any) -> None:
        self._handle = handle

    def write(self, data: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)

    def __enter__(self) -> _FullFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()

    def __iter__(self) -> Iterator[Any]:
        return iter(self._handle)


class Disk:
    def __init__(self) -> None:
        self.full_under: Path | None = None

    def fill(self, folder: Path) -> None:
        self.full_under = folder.resolve()

    def free(self) -> None:
        self.full_under = None


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> Disk:
    state = Disk()
    real_fdopen = os.fdopen

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        handle = real_fdopen(fd, *args, **kwargs)
        mode = args[0] if args else kwargs.get("mode", "r")
        if state.full_under is not None and any(flag in mode for flag in "wa+"):
            path = Path(os.readlink(f"/proc/self/fd/{fd}"))
            if path.is_relative_to(state.full_under):
                return _FullFile(handle)
        return handle

    monkeypatch.setattr(os, "fdopen", fdopen)
    return state


def _leftovers(root: Path) -> list[Path]:
    return [p for p in root.rglob(".*") if p.name.endswith(".tmp") or ".new-" in p.name]


def _findable(library: Library, index: SearchIndex) -> bool:
    entry = next(entry for entry in library.entries() if entry.id in index.digests())
    return entry.id in {hit.briefing_id for hit in search.search(index, f'"{entry.title}"').hits}


def test_disk_full_while_saving_briefings_then_retry(tmp_path: Path, disk: Disk) -> None:
    inbox = _inbox(tmp_path / "inbox", 6)
    library = Library(tmp_path / "lib")
    with SearchIndex.open(None, library) as index:
        disk.fill(library.root / "briefings")
        outcomes = list(search.ingest(library, index, [inbox]))
        assert [o.status for o in outcomes] == [IngestStatus.ERROR] * 6
        for outcome in outcomes:
            assert "No space left on device" in outcome.message and "\n" not in outcome.message
            assert outcome.message.startswith(outcome.path.name)
        assert len(library) == 0 and len(index) == 0 and not _leftovers(library.root)
        disk.free()
        retried = list(search.ingest(library, index, [inbox]))
        assert [o.status for o in retried] == [IngestStatus.ADDED] * 6
        assert len(library) == 6 and len(index) == 6


def test_disk_full_while_committing_the_index_then_retry(tmp_path: Path, disk: Disk) -> None:
    inbox = _inbox(tmp_path / "inbox", 6)
    library = Library(tmp_path / "lib")
    with SearchIndex.open(None, library) as index:
        list(search.ingest(library, index, sorted(inbox.iterdir())[:2]))
        disk.fill(index.path)
        with pytest.raises(SearchError) as caught:
            list(search.ingest(library, index, [inbox]))
        message = str(caught.value)
        assert "No space left on device" in message and "\n" not in message
        assert len(index) == 2 and _findable(library, index)  # the last commit still serves
        disk.free()
        assert index.update(library.iter_briefings()) == 6  # this process can write again: the lock was freed
    library = Library(library.root)
    with SearchIndex.open(None, library) as index:
        assert set(index.digests()) == {entry.id for entry in library.entries()} and len(index) == 6


def test_disk_full_while_rebuilding_keeps_the_old_index(tmp_path: Path, disk: Disk) -> None:
    library = Library(tmp_path / "lib")
    with SearchIndex.open(None, library) as index:
        list(search.ingest(library, index, [_inbox(tmp_path / "inbox", 4)]))
        disk.fill(library.root)
        with pytest.raises(SearchError, match="No space left on device"):
            index.rebuild(library)
        assert len(index) == 4 and not _leftovers(library.root)
        disk.free()
        index.rebuild(library)
        assert len(index) == 4


def test_disk_full_on_the_command_line_is_one_line_and_exit_2(tmp_path: Path, disk: Disk, capsys) -> None:
    inbox = _inbox(tmp_path / "inbox", 3)
    root = tmp_path / "lib"
    assert main(["--library", str(root), "index"]) == 0
    capsys.readouterr()
    disk.fill(root / "index")
    assert main(["--library", str(root), "ingest", str(inbox)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("briefing: could not write the search index") and "\n" not in err
    disk.free()
    assert main(["--library", str(root), "ingest", str(inbox)]) == 0
    assert "3 unchanged" in capsys.readouterr().err  # saved before the failure; indexed when opened again


# -- SIGKILL at random points -------------------------------------------------------------------------------

_REBUILD_CHILD = """
import sys
from pathlib import Path
from search import SearchIndex
from briefings.library import Library
library = Library(Path(sys.argv[1]))
index = SearchIndex.open(None, library)
print("open", flush=True)
while True:
    index.rebuild(library)
    print("rebuilt", flush=True)
"""

_STATE_CHILD = """
import sys
from pathlib import Path
from tui.state import Bookmark, ReaderState
state, _ = ReaderState.load(Path(sys.argv[1]))
for number in range(len(state.bookmarks), 100_000):
    state.bookmarks.append(Bookmark(f"briefing-{number}", number, "title " * 50))
    state.read.add(f"briefing-{number}")
    state.save()
    print(number + 1, flush=True)
"""


def _kill_after(code: str, root: Path, rng: random.Random, wait_for: int) -> list[str]:
    """Runs `code` in a child, kills it with SIGKILL at a random moment after `wait_for` lines; its lines."""
    child = subprocess.Popen([sys.executable, "-c", code, str(root)], cwd=ROOT, stdout=subprocess.PIPE,
                             text=True)
    assert child.stdout is not None
    lines = [child.stdout.readline().strip() for _ in range(wait_for)]
    time.sleep(rng.random() * 0.4)
    child.send_signal(signal.SIGKILL)
    lines += child.stdout.read().split()
    child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL, "the child finished before it was killed"
    return lines


async def _app_opens(root: Path) -> None:
    from tui.app import BriefingApp

    library = Library(root)
    app = BriefingApp(library)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app._startup_warning is None
    library.close()


@pytest.mark.slow
async def test_sigkill_during_index_rebuilds_leaves_an_index_that_opens(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    library = Library(root)
    with SearchIndex.open(None, library) as index:
        list(search.ingest(library, index, [_inbox(tmp_path / "inbox", 60)]))
    rng = random.Random()
    for _ in range(4):
        _kill_after(_REBUILD_CHILD, root, rng, wait_for=1)
        with SearchIndex.open(None, Library(root)) as index:
            assert len(index) == 60 and _findable(Library(root), index)
    await _app_opens(root)


@pytest.mark.slow
async def test_sigkill_while_saving_reader_state_keeps_every_reported_save(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    Library(root).close()
    rng = random.Random()
    for _ in range(4):
        saved = [int(line) for line in _kill_after(_STATE_CHILD, root, rng, wait_for=3)]
        state, warning = ReaderState.load(root)
        assert warning is None, warning
        assert len(state.bookmarks) >= max(saved) and len(state.read) == len(state.bookmarks)
    await _app_opens(root)


# -- two readers and a writer -------------------------------------------------------------------------------

_READER_CHILD = """
import sys, time
from pathlib import Path
import search
from search import SearchIndex
from briefings.library import Library
library = Library(Path(sys.argv[1]))
index = SearchIndex.open(None, library)
deadline = time.monotonic() + float(sys.argv[2])
while time.monotonic() < deadline:
    index.refresh()
    results = search.search(index, "*:*", limit=1)
    print(len(library), len(index), results.total, flush=True)
    time.sleep(0.05)
"""


@pytest.mark.slow
def test_two_readers_keep_working_while_a_writer_ingests(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    library = Library(root)
    with SearchIndex.open(None, library) as index:
        list(search.ingest(library, index, [_inbox(tmp_path / "first", 5)]))
    inbox = _inbox(tmp_path / "second", 80, seed=12)
    readers = [subprocess.Popen([sys.executable, "-c", _READER_CHILD, str(root), "8"], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    time.sleep(1.5)  # both readers have opened the index
    with SearchIndex.open(None, library) as index:
        outcomes = list(search.ingest(library, index, [inbox], batch_size=20))
    assert {o.status for o in outcomes} == {IngestStatus.ADDED}
    for reader in readers:
        out, err = reader.communicate(timeout=30)
        assert reader.returncode == 0, err
        counts = [tuple(map(int, line.split())) for line in out.splitlines()]
        assert counts[0][1] == 5 and counts[-1][1] == 85, (counts[0], counts[-1])
        assert all(indexed <= catalogued for catalogued, indexed, _ in counts)
