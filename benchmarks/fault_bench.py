"""Fault figures: `python -m benchmarks.fault_bench [--runs 20] [--files 3] [--seed 7]`.

Kills `briefing ingest --json` on Reuters stories with SIGKILL at seeded random moments, each time in
a fresh library; after each kill the next command (`briefing index`) repairs, and every briefing the
killed ingest reported `added` must then be in the catalogue (`briefing list --json`) and the index
(read from disk). Then two ingests run at once into one library while a third process searches in a
loop. Prints runs, briefings reported, lost, tracebacks seen in any output, whether the command after
the last repair did index work, and the temporary files killed writes left before and after the next
ingest's sweep. Prints figures; never run by pytest.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index

from briefings.files import STALE_TEMP_SECONDS

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "reuters21578"
ROOT = Path(__file__).resolve().parents[1]
CLI = "import sys; from cli.main import main; raise SystemExit(main(sys.argv[1:]))"
INDEX_WORK = ("Indexed ", "Removed ", "rebuilt it")
"""Words of the messages an index open prints when it had work to do."""
SEARCHER = """
import sys, time
from pathlib import Path
import search
from briefings.library import Library
library = Library(Path(sys.argv[1]))
index = search.SearchIndex.open(None, library)
stop = Path(sys.argv[2])
queries = 0
while not stop.exists():
    for words in ("oil prices", "interest rates", "coffee", "takeover bid"):
        index.refresh()
        search.search(index, words)
        queries += 1
    time.sleep(0.05)
print(queries, len(index), flush=True)
"""


@dataclass
class Figures:
    runs: int = 0
    finished: int = 0
    """Ingests that were done before their kill came."""
    reported: int = 0
    lost: int = 0
    tracebacks: int = 0
    temporary_left: int = 0
    temporary_after_sweep: int = 0
    outputs: list[str] = field(default_factory=list)

    def saw(self, *texts: str) -> None:
        self.tracebacks += sum(text.count("Traceback") for text in texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--files", type=int, default=3, help="Reuters archive files per killed ingest")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--latest", type=float, default=16.0, help="latest kill, seconds after the start")
    args = parser.parse_args()
    archives = sorted(args.corpus.glob("reut2-*.sgm.gz"))
    work = Path(tempfile.mkdtemp(prefix="fault-bench-"))
    rng = random.Random(args.seed)
    figures = Figures()
    started = time.perf_counter()
    try:
        tiny = _tiny_inbox(work / "tiny")
        for run in range(1, args.runs + 1):
            library = work / f"library-{run}"
            moment = rng.uniform(0.5, args.latest)
            reported = _killed_ingest(library, archives[: args.files], moment, figures)
            killed_at = time.monotonic()
            figures.temporary_left += _temporary_files(library)
            _command(figures, library, "index")  # the next command: repairs
            present = _catalogue(figures, library) & _indexed(library / "index")
            figures.runs += 1
            figures.reported += len(reported)
            figures.lost += len(reported - present)
            time.sleep(max(0.0, STALE_TEMP_SECONDS + 0.5 - (time.monotonic() - killed_at)))
            _command(figures, library, "ingest", "--quiet", str(tiny))  # sweeps what the kill left
            figures.temporary_after_sweep += _temporary_files(library)
            print(f"run {run:2}: killed at {moment:4.1f} s, {len(reported):5} reported added, "
                  f"{len(reported - present)} lost", flush=True)
            if run < args.runs:
                shutil.rmtree(library)
        last = work / f"library-{args.runs}"
        settled = _settled(figures, last)
        concurrent = _concurrent(figures, work / "concurrent", archives[args.files : args.files + 2])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print()
    print(f"killed ingests (SIGKILL at seeded random moments, {args.files} Reuters files each): "
          f"{figures.runs} ({figures.finished} finished before the kill came)")
    print(f"briefings reported added by killed ingests: {figures.reported}")
    print(f"lost (reported but missing from catalogue or index after the next command): {figures.lost}")
    print(f"concurrent phase: {concurrent}")
    print(f"tracebacks in any output: {figures.tracebacks}")
    print(f"command after the last repair did index work: {'no' if settled else 'YES'}")
    print(f"temporary files left by the kills: {figures.temporary_left}; "
          f"after the next ingest's sweep: {figures.temporary_after_sweep}")
    print(f"bench time: {time.perf_counter() - started:.0f} s")


def _tiny_inbox(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "note.md").write_text("---\ntitle: Fault bench note\n---\n\n## Summary\n\nA note.\n",
                                    encoding="utf-8")
    return folder


def _cli(library: Path, *args: str) -> list[str]:
    return [sys.executable, "-c", CLI, "--library", str(library), *args]


def _command(figures: Figures, library: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(_cli(library, *args), cwd=ROOT, capture_output=True, text=True, check=False)
    figures.saw(done.stdout, done.stderr)
    return done


def _added(lines: list[str]) -> set[str]:
    return {item["id"] for item in map(json.loads, lines) if item["status"] == "added"}


def _killed_ingest(library: Path, archives: list[Path], moment: float, figures: Figures) -> set[str]:
    """What the ingest reported added before SIGKILL landed `moment` seconds after its start."""
    child = subprocess.Popen(_cli(library, "ingest", "--json", *map(str, archives)), cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(child.stdout or ()), daemon=True)
    reader.start()
    try:
        child.wait(timeout=moment)
        figures.finished += 1
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
    child.wait()
    reader.join()
    figures.saw(*lines, child.stderr.read() if child.stderr else "")
    return _added(lines)


def _catalogue(figures: Figures, library: Path) -> set[str]:
    listed = _command(figures, library, "list", "--json")
    return {item["id"] for item in json.loads(listed.stdout)} if listed.returncode == 0 else set()


def _indexed(index_dir: Path) -> set[str]:
    """What the index holds on disk, read with Whoosh itself (an open through SearchIndex would repair)."""
    ix = whoosh_index.open_dir(str(index_dir))
    try:
        with ix.searcher() as searcher:
            return {fields["briefing"] for fields in searcher.documents(lead=True)}
    finally:
        ix.close()


def _temporary_files(library: Path) -> int:
    return sum(1 for _ in library.rglob("*.tmp"))


def _index_files(index_dir: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(index_dir)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in index_dir.rglob("*") if p.is_file()}


def _settled(figures: Figures, library: Path) -> bool:
    """Whether the commands after the last repair leave the index alone (no message, no file changed)."""
    before = _index_files(library / "index")
    outputs = [_command(figures, library, *args) for args in (("search", "oil"), ("list",), ("index",))]
    quiet = not any(word in done.stderr for done in outputs for word in INDEX_WORK)
    return quiet and _index_files(library / "index") == before


def _concurrent(figures: Figures, library: Path, archives: list[Path]) -> str:
    """Two ingests into one library at once, and a process searching all the while."""
    _command(figures, library, "index")
    stop = library / "stop-searching"
    searcher = subprocess.Popen([sys.executable, "-c", SEARCHER, str(library), str(stop)], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    writers = [subprocess.Popen(_cli(library, "ingest", "--json", str(archive)), cwd=ROOT, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE) for archive in archives]
    results = [writer.communicate() for writer in writers]
    stop.touch()
    searched, searcher_errors = searcher.communicate()
    figures.saw(searched, searcher_errors, *(text for pair in results for text in pair))
    reported = set().union(*(_added(out.splitlines()) for out, _ in results))
    failed = sum(writer.returncode not in (0, 1) for writer in writers)
    _command(figures, library, "index")
    present = _catalogue(figures, library) & _indexed(library / "index")
    queries = searched.split()[0] if searched.strip() else "no"
    return (f"{len(writers)} ingests, {len(reported)} reported added, {len(reported - present)} lost, "
            f"{failed} writers failed; {queries} searches by a third process, "
            f"{'no' if searcher.returncode == 0 else 'some'} search errors")


if __name__ == "__main__":
    main()
