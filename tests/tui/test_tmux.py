"""The reader in a real terminal (tmux): what a person sees, and what the terminal receives."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Terminal:
    """One tmux server of our own (its own socket), so the test never touches a user's sessions."""

    def __init__(self, command: str, log: Path) -> None:
        self.socket = f"briefing-test-{uuid.uuid4().hex[:8]}"
        self._tmux("new-session", "-d", "-s", "reader", "-x", "120", "-y", "32", command)
        self._tmux("pipe-pane", "-o", "-t", "reader", f"cat >> {shlex.quote(str(log))}")

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True)
        return done.stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "reader")

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        """The screen once it shows `text` and has stopped changing (keys sent earlier can get lost)."""
        deadline = time.monotonic() + timeout
        previous = ""
        while time.monotonic() < deadline:
            current = self.screen()
            if text in current and current == previous:
                return current
            previous = current
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{previous}")

    def send(self, *keys: str) -> None:
        for key in keys:
            self._tmux("send-keys", "-t", "reader", key)
            time.sleep(0.05)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False)


@pytest.fixture
def terminal(library_path: Path, tmp_path: Path) -> Iterator[tuple[Terminal, Path]]:
    log = tmp_path / "terminal-output.bin"
    log.touch()
    environment = " ".join(f"{name}={shlex.quote(os.environ[name])}" for name in
                           ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"))
    program = f"from pathlib import Path; from tui.app import run; run(Path({str(library_path)!r}))"
    command = (f"cd {shlex.quote(str(ROOT))} && env -u COLUMNS -u LINES TERM=xterm-256color {environment} "
               f"{shlex.quote(sys.executable)} -c {shlex.quote(program)}; echo READER-EXITED; sleep 30")
    session = Terminal(command, log)
    try:
        yield session, log
    finally:
        session.close()


@pytest.mark.slow
def test_a_person_searches_opens_a_hostile_briefing_and_quits(terminal: tuple[Terminal, Path]) -> None:
    screen, log = terminal
    first = screen.wait_for("briefings, newest first")
    assert "library — 8 briefings" in first
    assert "Runoff looms" in first and "Choose a briefing on the left" in first

    screen.send("/")
    screen.send(*"cranes")
    screen.wait_for("in 1 briefing")
    screen.send("Enter")
    screen.wait_for("Harbour cranes idle")
    screen.send("Enter")
    shown = screen.wait_for("WHAT HAPPENED")
    assert "[bold red]x[/]" in shown
    assert "␛]52;c;aGVsbG8=␇" in shown or "␛]52;c;aGVsbG8=" in shown
    assert "Harbour Union" in shown

    screen.send("q")
    screen.wait_for("READER-EXITED")
    output = log.read_bytes()
    assert b"\x1b]52" not in output, "an OSC 52 clipboard write from the briefing reached the terminal"
    assert b"aGVsbG8=" in output and b"\x1b[31mnothing" not in output
