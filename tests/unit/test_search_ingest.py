"""Ingest through the index: nothing is reported added before it is searchable, even across SIGKILL."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.query import Term

import search
from briefings.ingest import IngestStatus
from briefings.library import Library
from search import SearchIndex
from tests.conftest import ROOT
from tests.support.synthetic import write_inbox


def _inbox(folder: Path, count: int, seed: int = 5) -> Path:
    return write_inbox(folder, count, seed)


def _committed_ids(index_dir: Path) -> set[str]:
    """What the index holds on disk, read without SearchIndex (whose open would repair it)."""
    ix = whoosh_index.open_dir(str(index_dir))
    with ix.searcher() as searcher:
        if not searcher.doc_count():
            return set()
        return {fields["briefing"] for fields in searcher.documents(lead=True)}


def test_outcomes_come_after_their_batch_is_committed(tmp_path: Path) -> None:
    inbox = _inbox(tmp_path / "inbox", 5)
    library = Library(tmp_path / "lib")
    with SearchIndex.open(None, library) as index:
        for outcome in search.ingest(library, index, [inbox], batch_size=2):
            assert outcome.status is IngestStatus.ADDED
            assert outcome.briefing_id in _committed_ids(index.path)
        again = list(search.ingest(library, index, [inbox]))
        assert {o.status for o in again} == {IngestStatus.UNCHANGED}
        assert len(index) == 5


_CHILD = """
import sys
from pathlib import Path
import search
from briefings.library import Library
library = Library(Path(sys.argv[1]))
index = search.SearchIndex.open(None, library)
for outcome in search.ingest(library, index, [Path(sys.argv[2])], batch_size=int(sys.argv[3])):
    sys.stdout.write(f"{outcome.status.value} {outcome.briefing_id}\\n")  # one write: whole lines only
    sys.stdout.flush()
"""
"""Each outcome is written in one call: with PYTHONUNBUFFERED set, `print` writes its words one by one, and a
kill between them left "added" without its id."""


def whole_lines(text: str) -> list[list[str]]:
    """Each line the child finished writing, split; a line cut by the kill is not one it reported."""
    return [line.split() for line in text.splitlines(keepends=True) if line.endswith("\n")]


def read_until(command: list[str], lines: int) -> tuple[subprocess.Popen[str], list[list[str]]]:
    """A child started that prints an outcome a line, and its first `lines` lines read, split."""
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    reported = []
    for line in child.stdout:
        reported.append(line.split())
        if len(reported) >= lines:
            break
    return child, reported


@pytest.mark.slow
def test_sigkill_during_ingest_loses_nothing_reported(tmp_path: Path) -> None:
    count = 240
    inbox = _inbox(tmp_path / "inbox", count)
    root = tmp_path / "lib"
    rng = random.Random()
    kill_after = rng.randint(1, count - 100)
    child, reported = read_until([sys.executable, "-c", _CHILD, str(root), str(inbox), "20"], kill_after)
    assert child.stdout is not None
    time.sleep(rng.random() * 0.3)  # land anywhere: mid-parse, mid-save or mid-commit
    child.send_signal(signal.SIGKILL)
    reported += whole_lines(child.stdout.read())
    child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL, "the child finished before it was killed"
    added = {bid for status, bid in reported if status == "added"}
    assert added and added <= _committed_ids(root / "index")

    library = Library(root)
    with SearchIndex.open(None, library) as index:
        assert set(index.digests()) == {entry.id for entry in library.entries()}
        some = sorted(added)[:5]
        for briefing_id in some:
            title = library.get(briefing_id).title
            assert briefing_id in {h.briefing_id for h in search.search(index, f'"{title}"').hits}
        rest = list(search.ingest(library, index, [inbox]))
        assert all(o.status is not IngestStatus.ERROR for o in rest)
        assert len(library) == count and len(index) == count
        with index.reading() as searcher:
            assert searcher.doc_frequency("lead", True) == count
            assert not searcher.search(Term("briefing", "no-such-briefing")).scored_length()
