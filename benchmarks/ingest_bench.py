"""Ingest speed: `python -m benchmarks.ingest_bench [--files 4] [--jobs N] [--replicate 200000]`.

Ingests the first `--files` Reuters-21578 archive files with `search.ingest`, as `briefing ingest` does,
into a fresh library and index, four times on the same files: `--jobs 1` and the default jobs (one per
core, up to 4), each split into cards (the default) and `--no-split`. Prints them side by side: briefings a
second, wall time, and peak memory (the ingesting process alone, and with its workers, sampled from
/proc), then the speed-up over `--jobs 1` of the same run and over issue 17's reference of 160 a second
(target 3x for both), and what splitting costs over `--no-split` (issue 16: at most +20%).
`--replicate N` then ingests N stories copied from all 22 archive files with new ids
(`reuters_bench._replicate`) with the default jobs (target: 200,000 in 15 minutes, peak memory 1 GB),
and rebuilds their index as a schema change does (`SearchIndex.rebuild`, target 10 minutes).

Each ingest runs in a process of its own, so each peak is its own. Beside wall time, the CPU each
briefing cost in the ingesting process and in its workers: on a shared machine the wall time follows
the load (printed too), while the ingesting process's CPU is what bounds the rate however many
cores there are. Never run by pytest.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import search
from benchmarks.reuters_bench import CORPUS, _replicate
from briefings.ingest import WRITTEN, default_jobs
from briefings.library import Library
from search import SearchIndex
from tests.unit.test_parallel_ingest import _descendants

REFERENCE_RATE = 160.0
"""Briefings a second issue 17 measured before articles were split into cards."""
SPEEDUP_TARGET = 3.0
SPLIT_OVERHEAD_TARGET = 20.0
REPLICA_SECONDS_TARGET = 15 * 60
REBUILD_SECONDS_TARGET = 10 * 60
MEMORY_TARGET_MB = 1024
SAMPLE_SECONDS = 0.5


@dataclass(frozen=True)
class Run:
    jobs: int
    split: bool
    briefings: int
    seconds: float
    main_mb: float
    """Peak resident memory of the ingesting process."""
    tree_mb: float
    """Peak of the ingesting process and its workers together (sampled)."""
    main_cpu: float
    """CPU seconds of the ingesting process: the part no worker can take, whatever the load."""
    workers_cpu: float
    rebuild_seconds: float = 0.0
    rebuild_main_cpu: float = 0.0

    @property
    def rate(self) -> float:
        return self.briefings / self.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--files", type=int, default=4, help="archive files for the side-by-side runs")
    parser.add_argument("--jobs", type=int, default=default_jobs(), help="the default jobs measured")
    parser.add_argument("--replicate", type=int, default=0, help="then ingest this many replicated stories")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # a single measured ingest, in a child process
    args = parser.parse_args()
    if args.one:
        print(json.dumps(_measured(**json.loads(args.one)).__dict__))
        return
    archives = sorted(args.corpus.glob("reut2-*.sgm.gz"))[: args.files]
    print(f"{os.cpu_count()} cores; load {_load()}")
    runs = [_in_child(archives, jobs, split) for jobs, split in
            ((1, True), (args.jobs, True), (1, False), (args.jobs, False))]
    print("\n".join(_side_by_side(runs, len(archives))))
    if args.replicate:
        with tempfile.TemporaryDirectory(prefix="ingest-bench-") as folder:
            every_archive = sorted(args.corpus.glob("reut2-*.sgm.gz"))
            replicas = _replicate(every_archive, args.replicate, Path(folder) / "replicas")
            print(f"\nload {_load()}; ingesting {args.replicate:,} replicated stories "
                  f"({len(replicas)} files), jobs {args.jobs}, then rebuilding their index")
            print("\n".join(_replica_lines(_in_child(replicas, args.jobs, True, rebuild=True))))
    print(f"load {_load()}")


def _measured(paths: list[str], jobs: int, split: bool, rebuild: bool = False) -> Run:
    """Ingests `paths` into a fresh library and index (and then rebuilds the index when asked)."""
    tree = _Tree()
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as folder:
        root = Path(folder)
        tree.start()
        started, cpu = time.perf_counter(), time.process_time()
        with Library(root / "library") as library, SearchIndex.open(root / "index", library) as index:
            outcomes = search.ingest(library, index, [Path(path) for path in paths], split=split, jobs=jobs)
            written = sum(outcome.status in WRITTEN for outcome in outcomes)
            seconds, main_cpu = time.perf_counter() - started, time.process_time() - cpu
            workers_cpu = tree.cpu()
            if not rebuild:
                tree.stop()
                return Run(jobs, split, written, seconds, _own_peak_mb(), tree.mb, main_cpu, workers_cpu)
            started, cpu = time.perf_counter(), time.process_time()
            index.rebuild(library)
            rebuild_seconds, rebuild_cpu = time.perf_counter() - started, time.process_time() - cpu
        tree.stop()
    return Run(jobs, split, written, seconds, _own_peak_mb(), tree.mb, main_cpu, workers_cpu, rebuild_seconds,
               rebuild_cpu)


def _in_child(paths: list[Path], jobs: int, split: bool, *, rebuild: bool = False) -> Run:
    one = json.dumps({"paths": [str(path) for path in paths], "jobs": jobs, "split": split,
                      "rebuild": rebuild})
    done = subprocess.run([sys.executable, "-m", "benchmarks.ingest_bench", "--one", one], check=True,
                          capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
    return Run(**json.loads(done.stdout.splitlines()[-1]))


def _side_by_side(runs: list[Run], files: int) -> list[str]:
    lines = [f"ingest of {files} Reuters files, fresh library and index each time; CPU ms a briefing in the "
             "ingesting process (main) and its workers",
             f"{'jobs':>5} {'cards':>9} {'briefings':>10} {'seconds':>8} {'per s':>7} {'RSS MB':>7} "
             f"{'+workers':>9} {'main ms':>8} {'workers ms':>11}"]
    lines += [f"{run.jobs:>5} {'split' if run.split else 'no-split':>9} {run.briefings:>10,} "
              f"{run.seconds:>8.1f} {run.rate:>7.0f} {run.main_mb:>7.0f} {run.tree_mb:>9.0f} "
              f"{run.main_cpu / run.briefings * 1000:>8.2f} {run.workers_cpu / run.briefings * 1000:>11.2f}"
              for run in runs]
    serial, parallel, serial_whole, parallel_whole = runs
    over_serial = parallel.rate / serial.rate
    over_reference = parallel.rate / REFERENCE_RATE
    lines.append(f"speed-up of jobs {parallel.jobs} over jobs 1: {over_serial:.2f}x "
                 f"(>= {SPEEDUP_TARGET:g}x: {_verdict(over_serial >= SPEEDUP_TARGET)})")
    lines.append(f"over the issue's {REFERENCE_RATE:.0f}/s: {over_reference:.2f}x "
                 f"(>= {SPEEDUP_TARGET:g}x: {_verdict(over_reference >= SPEEDUP_TARGET)})")
    ceiling = parallel.briefings / parallel.main_cpu
    needed_ms = 1000 / (SPEEDUP_TARGET * REFERENCE_RATE)
    saving = serial.main_cpu / parallel.main_cpu
    lines.append(f"the ingesting process's CPU bounds jobs {parallel.jobs} at {ceiling:.0f}/s however idle "
                 f"and many the cores ({saving:.2f}x less CPU there than at jobs 1; "
                 f"{SPEEDUP_TARGET:g}x the reference needs <= {needed_ms:.2f} ms)")
    for split, whole in ((parallel, parallel_whole), (serial, serial_whole)):
        overhead = (split.seconds / whole.seconds - 1) * 100
        in_cpu = ((split.main_cpu + split.workers_cpu) / (whole.main_cpu + whole.workers_cpu) - 1) * 100
        lines.append(f"splitting costs at jobs {split.jobs}: {overhead:+.0f}% time over --no-split "
                     f"(<= +{SPLIT_OVERHEAD_TARGET:.0f}%: {_verdict(overhead <= SPLIT_OVERHEAD_TARGET)}), "
                     f"{in_cpu:+.0f}% CPU")
    return lines


def _replica_lines(run: Run) -> list[str]:
    peak = max(run.main_mb, run.tree_mb)
    rebuilt = run.rebuild_seconds <= REBUILD_SECONDS_TARGET
    return [f"ingested {run.briefings:,} in {run.seconds / 60:.1f} min ({run.rate:.0f}/s; <= "
            f"{REPLICA_SECONDS_TARGET / 60:.0f} min: {_verdict(run.seconds <= REPLICA_SECONDS_TARGET)})",
            f"peak RSS {run.main_mb:.0f} MB, with workers {run.tree_mb:.0f} MB (<= {MEMORY_TARGET_MB} MB: "
            f"{_verdict(peak <= MEMORY_TARGET_MB)})",
            f"CPU a briefing: {run.main_cpu / run.briefings * 1000:.2f} ms in the ingesting process, "
            f"{run.workers_cpu / run.briefings * 1000:.2f} ms in its workers",
            f"rebuild (schema change) {run.rebuild_seconds / 60:.1f} min "
            f"(<= {REBUILD_SECONDS_TARGET / 60:.0f} min: {_verdict(rebuilt)}); "
            f"{run.rebuild_main_cpu / run.briefings * 1000:.2f} ms CPU a briefing in the building process"]


class _Tree:
    """This process's workers, sampled from /proc: the highest sum of resident memory of this process
    and every process below it, and the CPU seconds each process below it has used."""

    def __init__(self) -> None:
        self.mb = 0.0
        self._cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def cpu(self) -> float:
        self._look()
        return sum(self._cpu.values())

    def _sample(self) -> None:
        while not self._stop.wait(SAMPLE_SECONDS):
            self._look()

    def _look(self) -> None:
        below = _descendants(os.getpid())
        self.mb = max(self.mb, sum(map(_rss_mb, {os.getpid(), *below})))
        for pid in below:
            self._cpu[pid] = max(self._cpu.get(pid, 0.0), _cpu_seconds(pid))


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    line = next((line for line in status.splitlines() if line.startswith("VmRSS:")), "VmRSS: 0 kB")
    return int(line.split()[1]) / 1024


def _own_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _verdict(met: bool) -> str:
    return "met" if met else "NOT met"


if __name__ == "__main__":
    main()
