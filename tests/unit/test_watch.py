"""The inbox: a real folder, files appearing and changing while `briefing watch` runs in a child process."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

import pytest

from briefings.inbox import Inbox
from cli.main import main

ROOT = Path(__file__).resolve().parents[2]


def note(title: str, day: int, text: str) -> str:
    return f"---\ntitle: {title}\ndate: 2025-05-0{day}\n---\n\n## Summary\n\n{text}\n"


def test_a_file_is_ready_once_it_stops_changing_and_again_when_changed(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path)
    note = tmp_path / "note.md"
    note.write_text("first")
    (tmp_path / "page.html.part").write_text("still downloading")
    assert inbox.ready() == []  # seen once: it may still be being written
    assert inbox.ready() == [note]
    assert inbox.ready() == []  # handed over already
    note.write_text("second version, longer")
    assert inbox.ready() == []
    assert inbox.ready() == [note]
    note.unlink()
    assert inbox.ready() == []


def test_files_matching_an_exclude_glob_are_left_alone(tmp_path: Path) -> None:
    (tmp_path / "drafts").mkdir()
    kept, log, draft = tmp_path / "kept.md", tmp_path / "fetch.LOG", tmp_path / "drafts" / "half.md"
    for path in (kept, log, draft, tmp_path / "notes.log"):
        path.write_text("text")
    inbox = Inbox(tmp_path, ignore=["*.log", "drafts/*", "*.LOG"])
    inbox.ready()
    assert inbox.ready() == [kept]
    assert Inbox(tmp_path, ignore=["*.log"]).ignored(tmp_path / "notes.log")
    assert not Inbox(tmp_path, ignore=["*.log"]).ignored(log)  # case as written


def _lines(stream: IO[str], into: queue.Queue[str]) -> None:
    for line in stream:
        into.put(line.rstrip("\n"))


def _wait_for(lines: queue.Queue[str], wanted: str, seen: list[str], timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            continue
        seen.append(line)
        if wanted in line:
            return line
    raise AssertionError(f"no line with {wanted!r} within {timeout} s; got {seen}")


def watching(library: Path, folder: Path, *more: str
             ) -> tuple[subprocess.Popen[str], queue.Queue[str], queue.Queue[str]]:
    """`briefing watch` in a child process, and queues of the lines it prints on stdout and stderr."""
    command = [sys.executable, "-c", "import sys; from cli.main import main; sys.exit(main())",
               "--library", str(library), "watch", str(folder), "--interval", "0.1", *more]
    child = subprocess.Popen(command, cwd=ROOT, env=os.environ.copy(), text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out: queue.Queue[str] = queue.Queue()
    err: queue.Queue[str] = queue.Queue()
    for stream, into in ((child.stdout, out), (child.stderr, err)):
        threading.Thread(target=_lines, args=(stream, into), daemon=True).start()
    return child, out, err


@pytest.mark.slow
def test_watch_ingests_files_as_they_arrive_and_stops_cleanly_on_ctrl_c(tmp_path: Path, capsys) -> None:
    library, folder = tmp_path / "library", tmp_path / "inbox"
    folder.mkdir()
    (folder / "early.md").write_text(note("Ferry timetable changes", 1, "Fewer crossings."))
    (folder / "scratch.md").write_text(note("Not for the library", 3, "Excluded."))
    child, out, err = watching(library, folder, "--exclude", "scratch*")
    seen: list[str] = []
    try:
        _wait_for(out, "early.md", seen)  # there before the watch began
        (folder / "late.md").write_text(note("Bridge reopens", 2, "Traffic flows."))
        assert _wait_for(out, "late.md", seen).startswith("added")
        (folder / "late.md").write_text(note("Bridge reopens", 2, "Traffic flows again."))
        assert _wait_for(out, "late.md", seen).startswith("updated")
        clusters = [{"title": f"Harbour story {n}", "short_summary": f"Story {n} happened.", "articles": []}
                    for n in (1, 2)]
        (folder / "harbour.json").write_text(json.dumps({"category": "Local", "clusters": clusters}))
        _wait_for(out, "Harbour story 1", seen)
        _wait_for(out, "Harbour story 2", seen)
    finally:
        child.send_signal(signal.SIGINT)
        code = child.wait(timeout=30)
    assert code == 0
    _wait_for(err, "stopped watching", [])
    assert not any(line.startswith("error") for line in seen), seen
    assert main(["--library", str(library), "list", "--json"]) == 0
    titles = {item["title"] for item in json.loads(capsys.readouterr().out)}
    assert titles == {"Ferry timetable changes", "Bridge reopens", "Harbour story 1", "Harbour story 2"}
    assert not any("scratch" in line for line in seen)


@pytest.mark.slow
def test_ctrl_c_during_an_ingest_lets_the_files_in_hand_finish_and_be_told(tmp_path: Path, capsys) -> None:
    library, folder = tmp_path / "library", tmp_path / "inbox"
    folder.mkdir()
    child, out, err = watching(library, folder)
    _wait_for(err, "watching", [])
    titles = {f"Quay notice {n}" for n in range(150)}
    staging = tmp_path / "staging"
    staging.mkdir()
    for number, title in enumerate(sorted(titles)):
        (staging / f"notice-{number}.md").write_text(note(title, 1 + number % 9, f"Berth {number} closes."))
    staging.rename(folder / "notices")  # all arrive at once, so one ingest has them all in hand
    deadline = time.monotonic() + 60
    while len(list(library.rglob("*.yaml"))) < 3:  # the ingest under way
        assert time.monotonic() < deadline, "the watch never began ingesting"
        time.sleep(0.02)
    child.send_signal(signal.SIGINT)
    assert child.wait(timeout=60) == 0
    _wait_for(err, "stopped watching", [])
    reported: list[str] = []
    while not out.empty():
        reported.append(out.get())
    assert len([line for line in reported if line.startswith("added")]) == len(titles), reported[-3:]
    assert main(["--library", str(library), "list", "--json"]) == 0
    assert {item["title"] for item in json.loads(capsys.readouterr().out)} == titles
