"""Temporary files that killed atomic writes leave in the library are swept by the next ingest,
never a live writer's."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from pathlib import Path

from briefings.files import STALE_TEMP_SECONDS, sweep_temporary, write_atomic
from briefings.ingest import ingest_paths
from briefings.library import Library
from briefings.model import Briefing


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def _killed_writer_leftover(folder: Path, name: str) -> Path:
    """A temporary file exactly as write_atomic makes it, from a process killed before its rename."""
    script = ("import os, sys, tempfile, fcntl\n"
              "fd, path = tempfile.mkstemp(dir=sys.argv[1], prefix=sys.argv[2], suffix='.tmp')\n"
              "fcntl.flock(fd, fcntl.LOCK_EX); os.write(fd, b'half a briefing'); print(path, flush=True)\n"
              "os.kill(os.getpid(), 9)\n")
    child = subprocess.run([sys.executable, "-c", script, str(folder), f".{name}."], capture_output=True,
                           text=True, check=False)
    assert child.returncode == -9
    return Path(child.stdout.strip())


def test_the_next_ingest_sweeps_a_killed_writers_temporary_files(tmp_path: Path) -> None:
    library = Library(tmp_path / "library")
    library.save(Briefing(id="kept", title="Kept", cards=()))
    shard = library._file("kept").parent
    leftovers = [_killed_writer_leftover(shard, "kept.yaml"),
                 _killed_writer_leftover(library.root, "reader-state.yaml")]
    for leftover in leftovers:
        _age(leftover, STALE_TEMP_SECONDS + 1)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.md").write_text("---\ntitle: Arrived\n---\n\n## Summary\n\nText.\n", encoding="utf-8")
    assert [o.status.value for o in ingest_paths(library, [inbox])] == ["added"]
    assert not any(leftover.exists() for leftover in leftovers)
    assert list(library.root.rglob("*.tmp")) == []
    assert library.get("kept").title == "Kept"


def test_a_live_writers_file_and_a_fresh_one_are_left_alone(tmp_path: Path) -> None:
    locked = tmp_path / ".a.yaml.live.tmp"
    fresh = tmp_path / ".b.yaml.fresh.tmp"
    old = tmp_path / ".c.yaml.dead.tmp"
    for path in (locked, fresh, old):
        path.write_text("partial", encoding="utf-8")
    for path in (locked, old):
        _age(path, 60)
    with locked.open("rb") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        assert sweep_temporary([tmp_path]) == 1
        assert locked.exists() and fresh.exists() and not old.exists()
    assert sweep_temporary([tmp_path]) == 1
    assert not locked.exists() and fresh.exists()


def test_an_atomic_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "file.yaml"
    write_atomic(target, "one\n")
    write_atomic(target, "two\n", durable=False)
    assert target.read_text(encoding="utf-8") == "two\n"
    assert [p.name for p in tmp_path.iterdir()] == ["file.yaml"]
