"""Search benchmark: `python -m benchmarks.search_bench [--n 20000]`. Prints figures; never run by pytest.

Builds a synthetic library (Zipf vocabulary, see tests/support/synthetic.py), indexes it with
one process and with Whoosh's two-process writer, runs a fixed query mix with a warm
searcher (including typing sequences keystroke by keystroke), a cold open in a fresh
process, and the same texts and queries in SQLite FTS5 as a reference.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import search
from briefings.ingest import ingest_paths
from briefings.library import Library
from briefings.model import Briefing
from tests.support.synthetic import OUTLETS, PEOPLE, Generator, markdown

TYPED = ("sanctions lavrov", "kim jong-un missile", "pyongyang talks", "inflation forecast",
         "border ceasefire", "artillery shells")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=20_000, help="briefings in the synthetic library")
    parser.add_argument("--files", type=int, default=1_000, help="briefings ingested end to end from files")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path,
                        help="build here and keep it; if it already holds a build, only run the queries")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="search-bench-"))
    try:
        run(args.n, args.files, args.seed, work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def run(n: int, files: int, seed: int, work: Path) -> None:
    generator = Generator(seed)
    print(f"whoosh {_whoosh_version()}, python {sys.version.split()[0]}, {n:,} briefings, work folder {work}")
    built = (work / "fts.sqlite3").exists()
    library = Library(work / "library")
    if not built:
        _build(library, generator, n, files, work)
    index = search.SearchIndex.open(work / "index", library)
    fts = sqlite3.connect(work / "fts.sqlite3", check_same_thread=False) if built else _fts(
        work / "fts.sqlite3", library.iter_briefings())
    queries = _query_mix(generator)
    print("\nquery latency, warm searcher (ms)         whoosh p50   p99 |  fts5 p50   p99 | ratio p50 p99")
    everything: list[float] = []
    for category, items in queries.items():
        whoosh_times = _timed(items, lambda q, typing: search.search(index, q, as_you_type=typing))
        fts_times = _timed(items, lambda q, typing: _fts_query(fts, q, typing))
        everything += whoosh_times
        _latency_row(category, whoosh_times, fts_times)
    print(f"  {'all':<38} p50 {_pct(everything, 50):7.1f}  p99 {_pct(everything, 99):6.1f}")
    index.close()

    for warm in ("no", "yes"):
        cold = json.loads(subprocess.run(
            [sys.executable, "-c", _COLD_START, str(library.root), str(work / "index"), warm],
            capture_output=True, text=True, check=True).stdout)
        print(f"  cold start in a new process, {'with' if warm == 'yes' else 'without'} search.warm():")
        for name, value in cold.items():
            _figure(f"  {name.replace('_', ' ')}", value, "ms")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    _figure("peak memory (RSS)", peak, "MB", f"(largest child process {children:.0f} MB)")


def _build(library: Library, generator: Generator, n: int, files: int, work: Path) -> None:
    started = time.perf_counter()
    cards = 0
    for briefing in generator.briefings(n):
        library.save(briefing)
        cards += len(briefing.cards)
    _figure("library save (YAML + catalog)", n / (time.perf_counter() - started), "briefings/s")
    print(f"  {cards:,} cards, {cards / n:.1f} per briefing")

    started = time.perf_counter()
    with search.SearchIndex.open(work / "index", library) as index:
        opened = time.perf_counter() - started
        _figure("index build on first open", n / opened, "briefings/s", f"({opened:.0f} s)")
        for jobs in (1, 2):
            started = time.perf_counter()
            index.rebuild(library, jobs=jobs)
            took = time.perf_counter() - started
            _figure(f"index rebuild, jobs={jobs}", n / took, "briefings/s", f"({took:.0f} s)")
    _figure("index size", _size(work / "index") / 1e6, "MB")

    _ingest_files(work, generator, files)


def _ingest_files(work: Path, generator: Generator, count: int) -> None:
    """End to end: Markdown files through the parsers, the library and the index, as `briefing ingest`."""
    folder = work / "inbox"
    folder.mkdir()
    for number, briefing in enumerate(Generator(generator.rng.randrange(10**6)).briefings(count)):
        (folder / f"note-{number:05}.md").write_text(markdown(briefing), encoding="utf-8")
    library = Library(work / "ingest-library")
    with search.SearchIndex.open(None, library) as index:
        started = time.perf_counter()
        done = sum(1 for _ in search.ingest(library, index, [folder]))
        elapsed = time.perf_counter() - started
    parse_started = time.perf_counter()
    parsed = sum(1 for _ in ingest_paths(Library(work / "parse-only"), [folder]))
    parse_only = time.perf_counter() - parse_started
    _figure(f"ingest {done:,} Markdown files, with index", done / elapsed, "briefings/s")
    _figure(f"ingest {parsed:,} Markdown files, library only", parsed / parse_only, "briefings/s")


def _query_mix(generator: Generator) -> dict[str, list[tuple[str, bool]]]:
    rng = random.Random(11)
    frequent, middle, rare = generator.words[20:200], generator.words[200:3000], generator.words[3000:20000]
    words = [*rng.sample(frequent, 10), *rng.sample(middle, 20), *rng.sample(rare, 10)]
    plain = [(w, False) for w in words]
    plain += [(" ".join(rng.sample(middle, k)), False) for k in (2, 3) for _ in range(15)]
    phrases = [(f'"{p.lower()}"', False) for p in PEOPLE]
    phrases += [(f'"{s}"', False) for s in (" ".join(generator.sentence(14).rstrip(".").lower().split()[2:4])
                                            for _ in range(20))]
    prefixes = [(w[: rng.randint(3, 5)] + "*", False) for w in rng.sample(middle, 30)]
    filtered = [(q, False) for q in (
        'entity:"Kim Jong-un" troops', "outlet:bloomberg", "kind:forecast sanctions", "date:2024-07",
        "date:>2025-01-01 election", 'entity:"Sergei Lavrov" kind:analysis', "topic:energy oil",
        "date:[2023-06 to 2023-09] summit", *(f'outlet:"{o.lower()}" talks' for o in OUTLETS))]
    misspelt = [(_misspell(w, rng), False) for w in rng.sample(middle, 30)]
    typing = [(text[:i], True) for text in TYPED for i in range(1, len(text) + 1)
              if not text[:i].endswith(" ")]
    return {"1-3 words": plain, "phrases": phrases, "prefix (sanc*)": prefixes, "field filters": filtered,
            "misspellings (did you mean)": misspelt, "typing, keystroke by keystroke": typing}


def _misspell(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def _timed(items: list[tuple[str, bool]], run_query: Callable[[str, bool], object]) -> list[float]:
    for text, typing in items[:3]:
        run_query(text, typing)
    times = []
    for text, typing in items:
        started = time.perf_counter()
        run_query(text, typing)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _fts(path: Path, briefings: Iterator[Briefing]) -> sqlite3.Connection:
    db = sqlite3.connect(path, check_same_thread=False)
    db.execute("CREATE VIRTUAL TABLE cards USING fts5(title, heading, text, entity, outlet, kind, topic, "
               "date UNINDEXED, tokenize='porter unicode61')")
    started = time.perf_counter()
    count = 0
    with db:
        for briefing in briefings:
            entities = " ; ".join(e.name for e in briefing.entities)
            for card in briefing.cards:
                outlets = " ; ".join(o for s in card.outlets for o in s.outlets)
                db.execute("INSERT INTO cards VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (
                    briefing.title, card.heading, card.text, entities, outlets, card.kind.value,
                    " ".join(briefing.topics), briefing.date.isoformat() if briefing.date else ""))
            count += 1
    _figure("fts5 build (reference)", count / (time.perf_counter() - started), "briefings/s")
    return db


def _fts_query(db: sqlite3.Connection, text: str, typing: bool) -> None:
    """The nearest FTS5 equivalent: fields as column filters, dates as WHERE, top 20 with snippets + count."""
    where, match = "", []
    for token in _split(text):
        if token.startswith("date:"):
            where = " AND date LIKE ?"
            match.append(("date", token[5:].lstrip(">[").split(" ")[0][:7] + "%"))
        elif ":" in token:
            field, value = token.split(":", 1)
            match.append(("m", f'{field}:"{value.strip(chr(34))}"'))
        else:
            match.append(("m", token if token.startswith('"') else token.replace("-", " ")))
    terms = " ".join(t for kind, t in match if kind == "m")
    if typing and terms and not terms.endswith('"'):
        terms += "*"
    params: list[str] = [terms or '""'] + [t for kind, t in match if kind == "date"]
    try:
        db.execute("SELECT rowid, snippet(cards, 2, '[', ']', '…', 12) FROM cards "
                   f"WHERE cards MATCH ?{where} ORDER BY rank LIMIT 20", params).fetchall()
        db.execute(f"SELECT count(*) FROM cards WHERE cards MATCH ?{where}", params).fetchone()
    except sqlite3.OperationalError:
        pass  # FTS5 rejects some of the syntax Whoosh accepts (as it would a user's typo)


def _split(text: str) -> list[str]:
    tokens, current, quoted = [], "", False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == " " and not quoted:
            tokens.append(current)
            current = ""
        else:
            current += char
    return [t for t in [*tokens, current] if t]


def _latency_row(category: str, whoosh: list[float], fts: list[float]) -> None:
    w50, w99, f50, f99 = _pct(whoosh, 50), _pct(whoosh, 99), _pct(fts, 50), _pct(fts, 99)
    print(f"  {category + f' ({len(whoosh)})':<38} {w50:7.1f} {w99:6.1f} | {f50:7.1f} {f99:6.1f} |"
          f" {w50 / max(f50, 0.001):5.1f}x {w99 / max(f99, 0.001):5.1f}x")


def _pct(values: list[float], pct: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1] if len(values) > 1 else values[0]


def _figure(name: str, value: float, unit: str, note: str = "") -> None:
    print(f"  {name:<44} {value:10,.1f} {unit} {note}")


def _size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def _whoosh_version() -> str:
    """The Whoosh actually imported (a fork can be tried with PYTHONPATH pointing at its unpacked wheel)."""
    import whoosh

    return f"{'.'.join(map(str, whoosh.__version__))} ({Path(whoosh.__file__).parent})"


_COLD_START = """
import json, sys, time
from pathlib import Path
t0 = time.perf_counter()
import search
from briefings.library import Library
t1 = time.perf_counter()
index = search.SearchIndex.open(Path(sys.argv[2]), Library(Path(sys.argv[1])))
t2 = time.perf_counter()
if sys.argv[3] == "yes":
    search.warm(index)
t3 = time.perf_counter()
search.search(index, "sanctions talks")
t4 = time.perf_counter()
search.search(index, "pyongyang lav", as_you_type=True)
t5 = time.perf_counter()
print(json.dumps({"import search": (t1 - t0) * 1e3, "open index": (t2 - t1) * 1e3, "warm": (t3 - t2) * 1e3,
                  "first query": (t4 - t3) * 1e3, "first as-you-type query": (t5 - t4) * 1e3}))
"""

if __name__ == "__main__":
    main()
