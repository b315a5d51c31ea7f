"""Analysis benchmark: `python -m benchmarks.analysis_bench [--files 1000] [--catalog 200000]`.

Prints figures; never run by pytest.

1. Ingest the same synthetic Markdown files (tests/support/synthetic.py, with dated sentences and
   figures mixed in so every rule has work) into two fresh libraries: once as shipped, once with
   `analyse` replaced by the identity, both as `briefing ingest` does it (library and search index) and
   into the library alone. The issue's target: with analysis at most 1.5 times without.
2. Fill a catalog with the dated events of `--catalog` briefings and time `timeline_for` for a
   frequent and a rare entity, to show the timeline query stays an indexed lookup at that size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import briefings.ingest
import search
from briefings.catalog import Catalog, CatalogEntry
from briefings.ingest import ingest_paths
from briefings.library import Library
from briefings.model import Briefing, DatedEvent, Precision
from tests.support.synthetic import PEOPLE, Generator, markdown

EXTRAS = ("in March 2024", "as of July 2025", "on October 12, 2025", "over 10,000 troops",
          "approximately 15,000 soldiers", "millions of artillery shells", "up to 40% of supplies",
          "will likely persist", "will intensify")


class FactualGenerator(Generator):
    """Synthetic prose with a date, a figure or a forecast phrase in about one sentence in three."""

    def sentence(self, count: int) -> str:
        text = super().sentence(count)
        if self.rng.random() < 0.35:
            text = f"{text[:-1]} {self.rng.choice(EXTRAS)}."
        return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=1_000, help="briefings ingested from files, per run")
    parser.add_argument("--catalog", type=int, default=200_000, help="briefings in the timeline catalog")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=2,
                        help="alternating ingest runs; the best of each counts")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="analysis-bench-"))
    try:
        inbox = work / "inbox"
        inbox.mkdir()
        for number, briefing in enumerate(FactualGenerator(args.seed).briefings(args.files)):
            (inbox / f"{number:06d}.md").write_text(markdown(briefing), encoding="utf-8")
        # Alternating runs, best of each: the machine is shared, so single runs are noisy.
        for indexed, what in ((True, "`briefing ingest` (library and index)"), (False, "library only")):
            without = with_analysis = float("inf")
            for run in range(args.rounds):
                without = min(without, _ingest(work / f"without{run}{indexed}", inbox, indexed,
                                               analyse=lambda briefing, gazetteer=None: briefing))
                with_analysis = min(with_analysis, _ingest(work / f"with{run}{indexed}", inbox, indexed,
                                                           analyse=None))
            print(f"{what}: {args.files:,} files without analysis {without:7.2f} s "
                  f"({args.files / without:,.0f}/s), with analysis {with_analysis:7.2f} s "
                  f"({args.files / with_analysis:,.0f}/s): ratio {with_analysis / without:.2f} "
                  "(target <= 1.5)")
        _timeline_query(work / "catalog.sqlite3", args.catalog)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _ingest(root: Path, inbox: Path, indexed: bool, analyse: Callable[..., Briefing] | None) -> float:
    """Seconds to ingest `inbox`, as `briefing ingest` does when `indexed`, else into the library alone.

    `analyse` replaces the ingest analysis step for the baseline.
    """
    shipped = briefings.ingest.analyse
    if analyse is not None:
        briefings.ingest.analyse = analyse
    try:
        with Library(root) as library:
            index = search.SearchIndex.open(None, library) if indexed else None
            started = time.perf_counter()
            if index is None:
                outcomes = list(ingest_paths(library, [inbox]))
            else:
                outcomes = list(search.ingest(library, index, [inbox]))
            elapsed = time.perf_counter() - started
            if index is not None:
                index.close()
    finally:
        briefings.ingest.analyse = shipped
    errors = [o.message for o in outcomes if o.status.value == "error"]
    assert not errors, errors[:3]
    return elapsed


def _timeline_query(path: Path, count: int) -> None:
    catalog = Catalog(path)
    started = time.perf_counter()
    day = dt.date(2020, 1, 1)
    with catalog.transaction():
        for number in range(count):
            briefing_id = f"b{number:07d}"
            catalog.put(CatalogEntry(briefing_id, f"Briefing {number}", None, (), "markdown", 5, ""))
            rare = ["Rare Person"] if number % 5000 == 0 else []
            events = [DatedEvent(day + dt.timedelta(days=(number * 7 + k) % 2000), Precision.MONTH,
                                 "March 2024", f"Sentence {k} of briefing {number}.", k,
                                 (PEOPLE[(number + k) % len(PEOPLE)], *rare))
                      for k in range(5)]
            catalog.put_events(briefing_id, events)
    filled = time.perf_counter() - started
    print(f"catalog with {count:,} briefings, {count * 5:,} events filled in {filled:.1f} s")
    for name in (PEOPLE[0], "Rare Person"):
        started = time.perf_counter()
        rows = catalog.timeline_for([name], limit=1_000_000)
        elapsed = (time.perf_counter() - started) * 1000
        print(f"timeline_for({name!r}): {len(rows):,} rows in {elapsed:.0f} ms")
    started = time.perf_counter()
    rows = catalog.timeline_for([PEOPLE[0]], limit=200)
    print(f"timeline_for({PEOPLE[0]!r}, limit=200): {len(rows)} rows in "
          f"{(time.perf_counter() - started) * 1000:.1f} ms")
    catalog.close()


if __name__ == "__main__":
    main()
