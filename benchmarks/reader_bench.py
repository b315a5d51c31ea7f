"""Reader figures on a synthetic library, headless: `python -m benchmarks.reader_bench --n 20000`.

Measures start to first screen with the list filled (in a fresh process, imports included), keystroke
to results while typing at a person's speed (p50/p99), opening the seed briefing page and a 50 KB
briefing until their first screenful is drawn, and the longest stall of the event loop meanwhile.
Targets: first screen < 1 s, keystroke p99 < 100 ms, open < 150 ms, no stall > 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from briefings.ingest import ingest_paths
from briefings.library import Library
from briefings.model import Briefing, Card, CardKind
from tests.support.synthetic import Generator

SEED_PAGE = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "003_5360d7e2acb77506.txt"
LONG_ID = "long-briefing-50kb"
SEED_ID = "seed-page"
QUERIES = ("artillery shells", "lavrov pyongyang", "sanctions talks", "missile forecast", "crude oil prices",
           "grain exports")
"""The first four hit the synthetic library, the last two the Reuters one; each is typed into both."""
KEY_GAP = 0.12
"""Seconds between keystrokes: a quick typist."""
SIZE = (120, 32)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=20_000, help="briefings in the synthetic library")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="build the library here (or reuse it) and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="reader-bench-"))
    try:
        root = work / "library"
        if not (root / "briefings").is_dir():
            build(root, args.n, args.seed)
        else:
            add_probes(root, Generator(args.seed))
        print(f"library {root}: {_count(root):,} briefings")
        print(f"  start to first screen, list filled (fresh process): {_first_screen_ms(root):.0f} ms")
        asyncio.run(measure(root))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def _count(root: Path) -> int:
    with Library(root) as library:
        return len(library)


def long_briefing(generator: Generator) -> Briefing:
    """About 50 KB of prose in forty cards, the size of a long dossier."""
    cards = tuple(
        Card(kind, kind.label, generator.text(200))
        for kind in [CardKind.SUMMARY, *[CardKind.ANALYSIS, CardKind.BACKGROUND, CardKind.FORECAST] * 13]
    )
    return Briefing(
        id=LONG_ID,
        title="A long dossier on supply routes",
        cards=cards,
        date=generator.start,
        topics=("trade",),
    )


def build(root: Path, count: int, seed: int) -> None:
    from search import SearchIndex

    generator = Generator(seed)
    started = time.perf_counter()
    with Library(root) as library:
        for briefing in generator.briefings(count):
            library.save(briefing)
        SearchIndex.open(None, library).close()
    add_probes(root, generator)
    print(f"built the library and index in {time.perf_counter() - started:.0f} s")


def add_probes(root: Path, generator: Generator) -> None:
    """The two briefings the open timings use, added to the library (and so, by the reader, to the index)
    when missing: a library kept from another bench (e.g. `reuters_bench --keep`) lacks them."""
    from search import SearchIndex

    with Library(root) as library:
        before = len(library)
        if LONG_ID not in library:
            long = long_briefing(generator)
            library.save(long)
            print(f"long briefing: {len(''.join(card.text for card in long.cards)) / 1000:.0f} KB of text")
        if SEED_ID not in library and SEED_PAGE.is_file():
            for outcome in ingest_paths(library, [SEED_PAGE]):
                if outcome.briefing is not None:
                    library.save(replace(outcome.briefing, id=SEED_ID))
                    library.remove(outcome.briefing.id)
        if len(library) != before:
            SearchIndex.open(None, library).close()


_FIRST_SCREEN = """
import asyncio, json, sys, time
started = time.perf_counter()
from pathlib import Path
from briefings.library import Library
from tui.app import BriefingApp
from tui.widgets.briefing_list import BriefingList

async def run():
    app = BriefingApp(Library(Path(sys.argv[1])))
    async with app.run_test(size=(120, 32)) as pilot:
        while not len(app.screen.query_one(BriefingList).rows):
            await asyncio.sleep(0.001)
        painted = asyncio.Event()
        app.call_after_refresh(painted.set)  # not pilot.pause(): it also waits for the index worker
        await painted.wait()
        print(json.dumps({"ms": (time.perf_counter() - started) * 1000}))

asyncio.run(run())
"""


def _first_screen_ms(root: Path) -> float:
    runs = []
    for _ in range(3):
        done = subprocess.run(
            [sys.executable, "-c", _FIRST_SCREEN, str(root)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
        runs.append(json.loads(done.stdout.strip().splitlines()[-1])["ms"])
    return statistics.median(runs)


class StallWatch:
    """A task that wakes every 5 ms; a late wake-up is a time the UI could not have answered a key."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._running = True

    async def run(self) -> None:
        tick = 0.005
        while self._running:
            before = time.perf_counter()
            await asyncio.sleep(tick)
            self.longest = max(self.longest, time.perf_counter() - before - tick)

    def stop(self) -> None:
        self._running = False


async def _until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there in time")
        await asyncio.sleep(0.001)


async def measure(root: Path) -> None:
    from tui.app import BriefingApp
    from tui.screens.main import MainScreen
    from tui.widgets.reader import Reader

    started = time.perf_counter()
    app = BriefingApp(Library(root))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await _until(lambda: screen.index is not None, timeout=600)
        print(f"  search ready (index opened, checked against the library, warmed): "
              f"{time.perf_counter() - started:.1f} s after start")
        await pilot.pause()
        watch = StallWatch()
        watcher = asyncio.create_task(watch.run())
        shown: list[str] = []
        pane = screen.pane
        original = pane.show_results

        def recording(results, entries):  # type: ignore[no-untyped-def]
            original(results, entries)
            shown.append(pane.query_text)

        pane.show_results = recording  # type: ignore[method-assign]
        typed_and_ms = await _typing(app, pilot, shown)
        latencies = [ms for _, ms in typed_and_ms]
        worst = sorted(typed_and_ms, key=lambda item: -item[1])[:3]
        slowest = ", ".join(f"{typed!r} {ms:.0f}" for typed, ms in worst)
        print(
            f"  keystroke to results while typing ({len(latencies)} keys): "
            f"p50 {_pct(latencies, 50):.0f} ms, p99 {_pct(latencies, 99):.0f} ms, max {max(latencies):.0f} ms"
            f" (slowest: {slowest})"
        )
        print(f"  longest event-loop stall while typing: {watch.longest * 1000:.0f} ms")
        watch.longest = 0.0

        reader = screen.query_one(Reader)
        other = next(entry.id for entry in screen.entries if entry.id not in (SEED_ID, LONG_ID))
        for label, briefing_id in (("seed briefing page", SEED_ID), ("50 KB briefing", LONG_ID)):
            if briefing_id not in app.library:  # no seed page in ../shared
                print(f"  (no {label} in this library)")
                continue
            times = [await _open(pilot, screen, reader, briefing_id, other) for _ in range(5)]
            print(
                f"  open the {label} to its first screenful: first {times[0]:.0f} ms, "
                f"then median {statistics.median(times[1:]):.0f} ms"
            )
        watch.stop()
        await watcher
        print(f"  longest event-loop stall while opening briefings: {watch.longest * 1000:.0f} ms")


def _type(app, key: str) -> None:  # type: ignore[no-untyped-def]
    """A key as the terminal driver delivers it; Pilot.press would also wait for the search thread."""
    from textual import events

    app.post_message(events.Key("space" if key == " " else key, key))


async def _typing(app, pilot, shown: list[str]) -> list[tuple[str, float]]:  # type: ignore[no-untyped-def]
    """(what the box held, milliseconds from the keystroke to its results) for each keystroke."""
    latencies = []
    for query in QUERIES:
        await pilot.press("escape")
        await pilot.press("slash")
        for end in range(1, len(query) + 1):
            typed = query[:end]
            started = time.perf_counter()
            _type(app, query[end - 1])
            if typed.strip():
                await _until(lambda typed=typed: bool(shown) and shown[-1] == typed.strip())
                latencies.append((typed, (time.perf_counter() - started) * 1000))
            await asyncio.sleep(max(0.0, KEY_GAP - (time.perf_counter() - started)))
    return latencies


async def _open(pilot, screen, reader, briefing_id: str, other: str) -> float:  # type: ignore[no-untyped-def]
    """Time from asking to open until the visible lines are drawn (first open of a briefing is cold)."""
    screen.open_briefing(other)
    await _until(lambda: reader.briefing is not None and reader.briefing.id == other)
    await pilot.pause()
    started = time.perf_counter()
    screen.open_briefing(briefing_id)
    await _until(lambda: reader.briefing is not None and reader.briefing.id == briefing_id)
    reader.render_lines(reader.scrollable_content_region.reset_offset)
    return (time.perf_counter() - started) * 1000


def _pct(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


if __name__ == "__main__":
    main()
