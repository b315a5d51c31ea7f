"""A progress bar for long ingests on standard error: files done, briefings, their rate, time left.

Time left is counted in files, the one total known before parsing (a Reuters archive file holds
1,000 briefings, a Markdown file one). Lines printed to standard output meanwhile appear above
the bar (Rich redirects them). The bar shows numbers only, never a file name or title, so no
text from a file reaches the terminal through it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from briefings.ingest import IngestOutcome


def with_progress(outcomes: Iterable[IngestOutcome], files: int, label: str = "ingest",
                  unit: str = "files", *, console: Console | None = None) -> Iterator[IngestOutcome]:
    """The outcomes, unchanged, while a bar on standard error (or `console`) follows them; `files` counts
    the `unit`s to do: files for an ingest (a file's outcomes share its path), briefings for a re-split
    (one outcome each)."""
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(),
               TextColumn(f"{unit} · {{task.fields[briefings]:,}} briefings · "
                          "{task.fields[rate]:,.0f}/s ·"), TimeRemainingColumn(), TextColumn("left"))
    started = time.perf_counter()
    with Progress(*columns, console=console or Console(stderr=True), transient=True) as progress:
        task = progress.add_task(label, total=files, briefings=0, rate=0.0)
        current: object = None
        count = 0
        for outcome in outcomes:
            place = outcome.briefing_id if unit == "briefings" else outcome.path
            if current is not None and place != current:
                progress.advance(task)
            current = place
            count += outcome.briefing_id != ""
            rate = count / max(time.perf_counter() - started, 1e-6)
            progress.update(task, briefings=count, rate=rate)
            yield outcome
        progress.update(task, completed=files)
