"""Ingest with worker processes (`--jobs`): the same outcomes, library and index as in one process, and
the same guarantees: a damaged file is one error line, a SIGKILL loses nothing reported, Ctrl-C ends
cleanly, and no worker outlives the ingest."""

from __future__ import annotations

import io
import json
import random
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console

import briefings.ingest
import search
import search.store
from briefings.ingest import PARALLEL_MIN, IngestOutcome, IngestStatus, ingest_paths
from briefings.library import Library
from cli.main import main
from cli.progress import with_progress
from search import SearchIndex
from search.schema import documents
from search.store import leaf_readers
from tests.conftest import ROOT
from tests.support.synthetic import write_inbox
from tests.unit.test_search_ingest import _committed_ids, read_until, whole_lines

COUNT = PARALLEL_MIN + 40
"""Enough briefings for the workers to start (fewer stay in one process)."""
BROKEN = "---\ntitle: [unclosed\n---\n\nText.\n"
QUERIES = ("minister", "oil prices", "kind:forecast", "lavrov")


@pytest.fixture(autouse=True)
def _merges_aside_however_small(monkeypatch: pytest.MonkeyPatch) -> None:
    """Segments of a few hundred briefings are merged by the worker too, as 20,000 would be."""
    monkeypatch.setattr(search.store, "MERGE_ASIDE_MIN", 0)


def _inbox(tmp_path: Path) -> Path:
    inbox = write_inbox(tmp_path / "inbox", COUNT, seed=11)
    (inbox / "note-0100-broken.md").write_text(BROKEN, encoding="utf-8")
    return inbox


def _ingested(root: Path, inbox: Path, jobs: int) -> dict[str, object]:
    """Everything an ingest leaves behind that a user could see."""
    with Library(root) as library, SearchIndex.open(None, library) as index:
        outcomes = [(o.path.name, o.status, o.briefing_id, o.title, o.message)
                    for o in search.ingest(library, index, [inbox], jobs=jobs, batch_size=100)]
        return {"outcomes": outcomes, **_contents(library, index)}


def _contents(library: Library, index: SearchIndex) -> dict[str, object]:
    """Hits as a set of (briefing, card), and with their scores."""
    hits = {query: {(hit.briefing_id, hit.card_index): hit.score
                    for hit in search.search(index, query, limit=500).hits} for query in QUERIES}
    with index.reading() as searcher:
        documents = searcher.doc_count()
    return {"library": {entry.id: entry.digest for entry in library.entries()}, "index": index.digests(),
            "documents": documents, "hits": {query: set(found) for query, found in hits.items()},
            "scores": hits}


def _without_scores(contents: dict[str, object]) -> dict[str, object]:
    """Whoosh's scores depend on how the documents lie in segments (an index of many small segments
    scores otherwise than the same documents in one), so indexes merged at other moments are compared
    without them."""
    return {key: value for key, value in contents.items() if key != "scores"}


def _segments(index: SearchIndex) -> int:
    with index.reading() as searcher:
        return len(leaf_readers(searcher))


def test_workers_give_the_same_outcomes_library_and_index_as_one_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inbox = _inbox(tmp_path)
    monkeypatch.setattr(briefings.ingest, "HELD_TEXT", 60_000)  # later files are read again, by a worker
    alone = _ingested(tmp_path / "alone", inbox, jobs=1)
    shared = _ingested(tmp_path / "shared", inbox, jobs=2)
    assert shared == alone  # the same segments: the very same scores too
    statuses = [status for _name, status, *_ in alone["outcomes"]]  # type: ignore[attr-defined]
    assert statuses.count(IngestStatus.ADDED) == COUNT and statuses.count(IngestStatus.ERROR) == 1
    assert all(alone["hits"].values())  # type: ignore[attr-defined]


def test_segments_merged_aside_give_the_same_index_and_stay_few(tmp_path: Path) -> None:
    """Committing every 10 briefings makes a segment each time; a parallel ingest merges them in a
    worker process instead of in its commits, and the result searches the same. However slow the worker
    (a busy machine), at least one merge of five or more segments lands, if only at the end."""
    inbox = write_inbox(tmp_path / "inbox", COUNT, seed=12)
    built = []
    for jobs in (1, 2):
        with Library(tmp_path / f"library-{jobs}") as library, SearchIndex.open(None, library) as index:
            list(search.ingest(library, index, [inbox], jobs=jobs, batch_size=10))
            built.append(_contents(library, index))
            assert _segments(index) <= COUNT // 10 - 4
            assert not list(index.path.glob(".merge-*"))
    assert _without_scores(built[1]) == _without_scores(built[0])


def test_commits_that_merge_themselves_past_the_most_segments_agree_with_the_worker(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With MOST_SEGMENTS at 0 every commit merges as Whoosh would, so the worker's merges find their
    segments merged already and are dropped: the index is still the same."""
    monkeypatch.setattr(search.store, "MOST_SEGMENTS", 0)
    inbox = write_inbox(tmp_path / "inbox", COUNT, seed=15)
    built = []
    for jobs in (1, 2):
        with Library(tmp_path / f"library-{jobs}") as library, SearchIndex.open(None, library) as index:
            list(search.ingest(library, index, [inbox], jobs=jobs, batch_size=10))
            built.append(_without_scores(_contents(library, index)))
            assert _segments(index) < COUNT // 10 / 2
            assert not list(index.path.glob(".merge-*"))
    assert built[1] == built[0]


def test_a_merge_whose_segment_changed_meanwhile_is_dropped(tmp_path: Path) -> None:
    inbox = write_inbox(tmp_path / "inbox", COUNT, seed=13)
    with Library(tmp_path / "library") as library, SearchIndex.open(None, library) as index:
        saved = [o.briefing for o in ingest_paths(library, [inbox]) if o.briefing is not None]
        batches = [saved[start:start + 10] for start in range(0, len(saved), 10)]
        with index.merging_aside():
            committed = 0
            while not list(index.path.glob(".merge-*")):  # each commit makes a segment; then a merge starts
                index.update(batches[committed])
                committed += 1
            deadline = time.monotonic() + 60
            while not list(index.path.glob(".merge-*/vocabulary/*.json")):  # done, and not taken yet
                assert time.monotonic() < deadline, "the merge never finished"
                time.sleep(0.05)
            before = _segments(index)
            deleted = [batch[0].id for batch in batches[:committed]]
            index.delete(deleted)  # every segment changes: the merge of some of them must not come back
            assert _segments(index) == before  # dropped (the next merge starts from the changed segments)
        assert not list(index.path.glob(".merge-*"))
        kept = {briefing.id for batch in batches[:committed] for briefing in batch} - set(deleted)
        assert set(index.digests()) == kept
        with index.reading() as searcher:
            assert searcher.doc_count() == sum(len(list(documents(briefing)))
                                               for batch in batches[:committed] for briefing in batch
                                               if briefing.id in kept)


def test_an_index_built_by_workers_reading_the_library_is_the_same(tmp_path: Path) -> None:
    with Library(tmp_path / "library") as library, SearchIndex.open(None, library) as index:
        list(search.ingest(library, index, [_inbox(tmp_path)], jobs=2))
        built = []
        for jobs in (1, 2):
            index.rebuild(library, jobs=jobs)
            built.append(_contents(library, index))
    assert built[1] == built[0]  # one segment each: the very same scores too
    assert len(built[0]["index"]) == COUNT and built[0]["documents"] > COUNT  # type: ignore[arg-type,operator]


def test_a_damaged_file_among_many_is_one_error_line_and_the_rest_land(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inbox = _inbox(tmp_path)
    library = str(tmp_path / "library")
    assert main(["--library", library, "ingest", "--jobs", "2", "--json", str(inbox)]) == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    errors = [line for line in lines if line["status"] == "error"]
    assert [Path(line["path"]).name for line in errors] == ["note-0100-broken.md"]
    assert errors[0]["message"].startswith("note-0100-broken.md")
    assert sum(line["status"] == "added" for line in lines) == COUNT
    assert [Path(line["path"]).name for line in lines] == sorted(Path(line["path"]).name for line in lines)
    assert main(["--library", library, "ingest", "--jobs", "2", "--quiet", str(inbox)]) == 1
    assert capsys.readouterr().err.strip() == f"{COUNT} unchanged, 1 error"


def test_jobs_must_be_a_whole_number_of_at_least_one(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--library", str(tmp_path / "library"), "ingest", "--jobs", "0", str(tmp_path)])
    assert exit_info.value.code == 2
    assert "'0' is not a whole number of at least 1" in capsys.readouterr().err


def _descendants(pid: int) -> set[int]:
    """The processes below `pid` (its workers, and the server they are forked from), read from /proc."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _gone(pids: set[int], within: float = 20.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not any(Path(f"/proc/{pid}").exists() and "(Z)" not in _state(pid) for pid in pids):
            return True
        time.sleep(0.1)
    return False


def _state(pid: int) -> str:
    try:
        return "(Z)" if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z" else ""
    except OSError:
        return ""


_CHILD = """
import sys
from pathlib import Path
import search
import search.store
from briefings.library import Library
search.store.MERGE_ASIDE_MIN = 0  # merge aside however small, as in the tests above
library = Library(Path(sys.argv[1]))
index = search.SearchIndex.open(None, library)
for outcome in search.ingest(library, index, [Path(sys.argv[2])], batch_size=20, jobs=2):
    sys.stdout.write(f"{outcome.status.value} {outcome.briefing_id}\\n")  # one write: whole lines only
    sys.stdout.flush()
"""


@pytest.mark.slow
def test_sigkill_during_a_parallel_ingest_loses_nothing_reported_and_leaves_no_worker(tmp_path: Path) -> None:
    count = COUNT * 3  # the workers still have tasks to wait for when the ingest is killed
    inbox = write_inbox(tmp_path / "inbox", count, seed=5)
    root = tmp_path / "lib"
    rng = random.Random()
    kill_after = rng.randint(1, COUNT)
    child, reported = read_until([sys.executable, "-c", _CHILD, str(root), str(inbox)], kill_after)
    assert child.stdout is not None
    workers = _descendants(child.pid)
    time.sleep(rng.random() * 0.3)  # land anywhere: mid-analysis, mid-save or mid-commit
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL, "the child finished before it was killed"
    assert workers and _gone(workers), "worker processes outlived the ingest"
    reported += whole_lines(child.stdout.read())  # the workers shared its stdout
    added = {bid for status, bid in reported if status == "added"}
    assert added and added <= _committed_ids(root / "index")
    with Library(root) as library, SearchIndex.open(None, library) as index:
        assert set(index.digests()) == {entry.id for entry in library.entries()}
        rest = list(search.ingest(library, index, [inbox], jobs=2))
        assert all(o.status is not IngestStatus.ERROR for o in rest)
        assert len(library) == count and len(index) == count
        assert not list(index.path.glob(".merge-*"))  # what a killed merge left is swept


_CLI = "import sys; from cli.main import main; raise SystemExit(main(sys.argv[1:]))"


@pytest.mark.slow
def test_ctrl_c_during_a_parallel_ingest_reports_and_indexes_what_it_saved(tmp_path: Path) -> None:
    inbox = write_inbox(tmp_path / "inbox", COUNT * 2, seed=6)
    root = tmp_path / "library"
    command = [sys.executable, "-c", _CLI, "--library", str(root), "ingest", "--jobs", "2", "--json",
               str(inbox)]
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while len(list((root / "briefings").glob("*/*.yaml"))) < 50 and child.poll() is None:
        assert time.monotonic() < deadline, "nothing was saved"
        time.sleep(0.02)
    workers = _descendants(child.pid)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 130, err
    assert "Traceback" not in err
    assert workers and _gone(workers)
    added = {json.loads(line)["id"] for line in out.splitlines() if json.loads(line)["status"] == "added"}
    assert 50 <= len(added) < COUNT * 2
    assert added == _committed_ids(root / "index")


def test_the_progress_line_shows_the_rate_and_the_time_left() -> None:
    def slowly() -> Iterator[IngestOutcome]:
        for file_number in range(4):
            for n in range(5):
                time.sleep(0.05)
                yield IngestOutcome(Path(f"f{file_number}.md"), IngestStatus.ADDED, f"b{file_number}-{n}")

    screen = io.StringIO()
    passed = list(with_progress(slowly(), 4, console=Console(file=screen, force_terminal=True, width=120)))
    assert len(passed) == 20
    frames = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue()).split("\r")
    shown = [frame.strip() for frame in frames
             if re.search(r"\d/4 files · \d+ briefings · \d+/s · \d:\d\d:\d\d left", frame)]
    assert shown, frames[-3:]
    assert all("\n" not in frame for frame in shown)  # each frame one line


def test_without_jobs_only_a_large_ingest_starts_workers() -> None:
    """Told nothing, a small ingest (a test, a few new files) stays in one process, a large one uses
    every core up to MOST_JOBS; told, from PARALLEL_MIN on, as told."""
    from briefings.ingest import AUTO_PARALLEL_MIN, default_jobs, jobs_for

    assert jobs_for(AUTO_PARALLEL_MIN - 1, None) == 1
    assert jobs_for(AUTO_PARALLEL_MIN, None) == default_jobs()
    assert jobs_for(PARALLEL_MIN, 3) == 3
    assert jobs_for(PARALLEL_MIN - 1, 3) == 1
    assert jobs_for(10_000, None, auto_from=20_000) == 1
