"""`briefing ingest`: a progress bar when standard error is a terminal, `--quiet` for scripts."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from cli.main import main

ROOT = Path(__file__).resolve().parents[2]


def inbox_with_clusters(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for file_number in range(3):
        clusters = [{"title": f"Story {file_number}-{n}", "short_summary": f"Item {n} of file {file_number}.",
                     "articles": []} for n in range(count)]
        data = {"category": "Local", "clusters": clusters}
        (folder / f"category-{file_number}.json").write_text(json.dumps(data))
    (folder / "broken.md").write_text("---\ntitle: [unclosed\n---\n\nText.\n")
    return folder


def test_quiet_prints_only_errors_and_the_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = inbox_with_clusters(tmp_path, 4)
    code = main(["--library", str(tmp_path / "library"), "ingest", "--quiet", str(folder)])
    captured = capsys.readouterr()
    assert code == 1
    assert [line.split()[0] for line in captured.out.splitlines()] == ["error"]
    assert captured.err.strip() == "12 added, 1 error"


@pytest.mark.slow
def test_progress_bar_on_a_terminal_shows_count_rate_and_time_left(tmp_path: Path) -> None:
    folder = inbox_with_clusters(tmp_path, 40)
    leader, follower = pty.openpty()
    command = [sys.executable, "-c", "import sys; from cli.main import main; sys.exit(main())",
               "--library", str(tmp_path / "library"), "ingest", str(folder)]
    child = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "COLUMNS": "120"},
                             stdout=subprocess.PIPE, stderr=follower, text=True)
    os.close(follower)
    out, _ = child.communicate(timeout=120)
    terminal = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child has gone and closed its side
            break
        if not chunk:
            break
        terminal += chunk
    os.close(leader)
    screen = terminal.decode("utf-8", "replace")
    assert "4/4 files" in screen or "files ·" in screen
    assert "briefings" in screen and "/s" in screen
    assert "120 added, 1 error" in screen
    assert sum(line.startswith("added") for line in out.splitlines()) == 120
