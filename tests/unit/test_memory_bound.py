"""One file's cost is bounded whatever --max-bytes says, and what a run did is reported and indexed
even when a later file fails or the run is interrupted."""

from __future__ import annotations

import gzip
import json
import re
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefings.errors import InputError
from briefings.reading import MAX_INPUT_BYTES, read_input, read_text
from cli.main import main
from tests.conftest import ROOT
from tests.unit.test_search_ingest import _committed_ids

HUGE = 200_000_000


def _good(folder: Path, name: str, title: str) -> None:
    (folder / name).write_text(f"---\ntitle: {title}\ndate: 2025-05-0{len(name)}\n---\n\n## Summary\n\n"
                               f"{title} happened in the harbour.\n", encoding="utf-8")


def _sparse(path: Path, size: int) -> None:
    """A file of `size` bytes written in an instant (a hole after a line of text)."""
    with path.open("wb") as handle:
        handle.write(b"A headline\n\nSome text.\n")
        handle.truncate(size)


def test_a_huge_file_gets_one_error_line_and_the_good_ones_land(capsys, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _good(inbox, "a.md", "Cranes return")
    _sparse(inbox / "huge.txt", HUGE)
    _good(inbox, "z.md", "Ferries resume")
    library = str(tmp_path / "library")
    grown_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert main(["--library", library, "ingest", "--json", "--max-bytes", "300000000", str(inbox)]) == 1
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - grown_before
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    errors = [line for line in lines if line["status"] == "error"]
    assert [Path(line["path"]).name for line in errors] == ["huge.txt"]
    assert re.fullmatch(r"huge\.txt: too large \(200\.0 MB; the limit is 8\.0 MB, the most any input file "
                        r"may hold\)", errors[0]["message"])
    assert sorted(line["title"] for line in lines if line["status"] == "added") == ["Cranes return",
                                                                                   "Ferries resume"]
    assert grown_kb < 200_000  # the file was never read whole (it is 200 MB)
    for title in ("Cranes", "Ferries"):
        assert main(["--library", library, "search", "--json", title]) == 0
        hits = json.loads(capsys.readouterr().out)["hits"]
        assert any(title in hit["briefing_title"] for hit in hits)


def test_the_ceiling_holds_for_compressed_input_and_a_smaller_limit_still_rules(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"word " * (MAX_INPUT_BYTES // 4)))
    with pytest.raises(InputError, match=r"^bomb.txt.gz: too large once decompressed \(the limit is 8.0 MB, "
                                         r"the most any input file may hold\)$"):
        read_input(bomb, max_bytes=10**12)
    small = tmp_path / "small.txt"
    small.write_text("word " * 1000, encoding="utf-8")
    with pytest.raises(InputError, match=r"^small.txt: too large \(5.0 kB; the limit is 1.0 kB\)$"):
        read_input(small, max_bytes=1000)
    assert read_text(bomb, max_bytes=MAX_INPUT_BYTES * 2).text.startswith("word")  # stored files: no ceiling


def _slow_article(corpus_dir: Path, path: Path) -> None:
    """About a megabyte of real prose in one article: seconds of parsing and analysis."""
    archive = gzip.decompress((corpus_dir / "reuters21578" / "reut2-000.sgm.gz").read_bytes())
    prose = re.sub(r"<[^>]*>|&#\d+;", "", archive.decode("latin-1"))
    path.write_text("Everything Reuters said\n\n" + prose[:1_000_000], encoding="utf-8")


_CLI = "import sys; from cli.main import main; raise SystemExit(main(sys.argv[1:]))"


def test_an_interrupted_ingest_reports_and_indexes_what_it_saved(tmp_path: Path, corpus_dir: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _good(inbox, "a.md", "Cranes return")
    _good(inbox, "b.md", "Ferries resume")
    _slow_article(corpus_dir, inbox / "c.txt")
    root = tmp_path / "library"
    command = [sys.executable, "-c", _CLI, "--library", str(root), "ingest", "--json", str(inbox)]
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while len(list((root / "briefings").glob("*/*.yaml"))) < 2 and child.poll() is None:
        assert time.monotonic() < deadline, "the two small files were never saved"
        time.sleep(0.02)
    child.send_signal(signal.SIGINT)  # while the big article is being read
    out, err = child.communicate(timeout=60)
    assert child.returncode == 130, err
    assert "Traceback" not in err
    added = {json.loads(line)["id"] for line in out.splitlines() if json.loads(line)["status"] == "added"}
    assert len(added) == 2
    assert added == _committed_ids(root / "index")
