"""Ingest (and re-splitting) that never reports a briefing as written before the index has committed it.

The library writes each briefing as it goes; the index commits in batches (one big
commit beats many small ones). Outcomes are held back until their batch is committed,
so after a SIGKILL everything reported "added" is searchable, and the next open of the
index picks up whatever the library saved after the last commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from pathlib import Path

from briefings.ingest import WRITTEN, IngestOutcome, ingest_paths
from briefings.library import Library
from briefings.reading import DEFAULT_MAX_BYTES
from briefings.resplitting import resplit as resplit_library
from search.store import SearchIndex

INGEST_BATCH = 1000
"""Briefings an ingest commits to the index at once: a commit writes a segment, which later merges
rewrite, and at 200,000 briefings batches of 1,000 rewrite each posting 2.3 times against 2.7 with
500 (Whoosh's MERGE_SMALL, which keeps about 25 segments at most), for a commit every few seconds."""


def ingest(library: Library, index: SearchIndex, paths: Iterable[Path], *, batch_size: int = INGEST_BATCH,
           max_bytes: int = DEFAULT_MAX_BYTES, split: bool = True, jobs: int | None = 1, group: bool = True
           ) -> Iterator[IngestOutcome]:
    """`briefings.ingest.ingest_paths`, yielding each outcome once its briefing is searchable; other
    processes opening the index meanwhile leave the indexing to this one (`SearchIndex.ingesting`).
    With `jobs` above 1 (or None, for a large ingest: `briefings.ingest.jobs_for`) briefings are analysed
    in worker processes, and large segment merges made in another (`SearchIndex.merging_aside`); this
    process alone writes the library and commits to the index. `group`: each briefing is placed in its
    story (`briefings.ingest.grouped`), as `briefing ingest` always does; without, only to measure it."""
    with index.ingesting(), index.merging_aside() if jobs != 1 else nullcontext():
        outcomes = ingest_paths(library, paths, max_bytes=max_bytes, split=split, jobs=jobs, group=group)
        yield from _searchable(index, outcomes, batch_size)


def resplit(library: Library, index: SearchIndex, *, split: bool = True,
            batch_size: int = 500) -> Iterator[IngestOutcome]:
    """`briefings.resplitting.resplit`, each outcome yielded once its briefing's new cards are searchable."""
    with index.ingesting():
        yield from _searchable(index, resplit_library(library, split=split), batch_size)


def _searchable(index: SearchIndex, outcomes: Iterable[IngestOutcome],
                batch_size: int) -> Iterator[IngestOutcome]:
    held: list[IngestOutcome] = []
    saved = 0
    try:
        for outcome in outcomes:
            held.append(outcome)
            saved += outcome.briefing is not None
            if saved >= batch_size:
                yield from _committed(index, held)
                held, saved = [], 0
    except (Exception, KeyboardInterrupt):  # index and report what was saved before the failure
        yield from _committed(index, held)
        raise
    yield from _committed(index, held)


def _committed(index: SearchIndex, outcomes: list[IngestOutcome]) -> Iterator[IngestOutcome]:
    index.update(o.briefing for o in outcomes if o.briefing is not None and o.status in WRITTEN)
    yield from outcomes
