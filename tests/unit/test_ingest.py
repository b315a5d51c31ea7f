"""The ingest pipeline: each file is read and parsed once, and what it saves is what it learned from."""

from __future__ import annotations

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
