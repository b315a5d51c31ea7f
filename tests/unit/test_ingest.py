"""The ingest pipeline: each file is read and parsed once, and what it saves is what it learned from."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import briefings.ingest
from briefings.ingest import SYNC_EVERY, IngestStatus, ingest_paths
from briefings.library import Library
from tests.support.synthetic import write_inbox

REWRITTEN = "Rewritten between the two passes"


def _rewrite_last_file_after_the_first_pass(tmp_path: Path) -> tuple[dict[str, str], str]:
    """Ingests an inbox and, once the first pass is over, rewrites its last file's title.

    Outcomes are held until a flush every SYNC_EVERY briefings, so the first one comes when the
    first pass is done and the second has saved SYNC_EVERY briefings, before it reaches the last file.
    """
    inbox = write_inbox(tmp_path / "inbox", SYNC_EVERY + 4, seed=5)
    last = sorted(inbox.iterdir())[-1]
    text = last.read_text(encoding="utf-8")
    original = next(line for line in text.splitlines() if line.startswith("title: "))[len("title: "):]
    with Library(tmp_path / "library") as library:
        outcomes = ingest_paths(library, [inbox])
        first = next(outcomes)
        last.write_text(text.replace(f"title: {original}", f"title: {REWRITTEN}"), encoding="utf-8")
        done = [first, *outcomes]
    assert {o.status for o in done} == {IngestStatus.ADDED} and len(done) == SYNC_EVERY + 4
    return {o.path.name: o.title for o in done}, original


def test_the_second_pass_saves_what_the_first_parsed(tmp_path: Path) -> None:
    titles, original = _rewrite_last_file_after_the_first_pass(tmp_path)
    assert titles[f"note-{SYNC_EVERY + 3:04}.md"] == original  # parsed once, in the first pass


def test_past_the_held_text_a_file_is_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory stays bounded: parses past HELD_TEXT characters are not kept, so the file is read anew."""
    monkeypatch.setattr(briefings.ingest, "HELD_TEXT", 0)
    titles, _original = _rewrite_last_file_after_the_first_pass(tmp_path)
    assert titles[f"note-{SYNC_EVERY + 3:04}.md"] == REWRITTEN


def _ingested(root: Path, inbox: Path) -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    with Library(root) as library:
        outcomes = [(o.status.value, o.briefing_id, o.message) for o in ingest_paths(library, [inbox])]
    files = {path.name: path.read_text(encoding="utf-8") for path in (root / "briefings").rglob("*.yaml")}
    return outcomes, files


def test_a_run_split_ahead_of_its_analysis_saves_what_one_at_a_time_saves(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Items are dated and split a run at a time before each is analysed in turn; what is saved, and what is
    reported in which order (a skipped item in the middle of a run too), is the same as item by item."""
    from tests.unit.story_fixtures import OTHERS, REWRITE, STRIKE, TALKS, wire_file

    inbox = wire_file(tmp_path / "in" / "wire.sgm", *OTHERS, STRIKE, REWRITE, TALKS)
    records = inbox.read_text(encoding="latin-1").split("</REUTERS>\n")
    empty = re.sub(r"<TITLE>.*</DATELINE><BODY>.*</BODY>", "", records[6], flags=re.DOTALL)
    records.insert(7, empty.replace('NEWID="9001"', 'NEWID="9300"'))  # no title and no text: skipped
    inbox.write_text("</REUTERS>\n".join(records), encoding="latin-1")
    monkeypatch.setattr(briefings.ingest, "STRUCTURED_AHEAD", 1)
    one_at_a_time = _ingested(tmp_path / "one", inbox)
    monkeypatch.setattr(briefings.ingest, "STRUCTURED_AHEAD", 3)
    in_runs = _ingested(tmp_path / "runs", inbox)
    assert in_runs == one_at_a_time
    statuses = [status for status, _, _ in in_runs[0]]
    assert statuses == ["added"] * (len(OTHERS) + 1) + ["skipped", "added", "added"]
    assert any('kind: summary' in text for text in in_runs[1].values())  # split, not kept whole
