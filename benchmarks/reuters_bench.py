"""Reuters-21578 at scale: `python -m benchmarks.reuters_bench [--files 22] [--replicate 200000]`.

Ingests the real archive files through the project's own importer (`search.ingest`) into a fresh
library and index and prints stories ingested and skipped (with reasons), time, index size and
peak memory; then precision@10 of topic queries over the TRAIN split (a hit counts when the
story is labelled with the query's topic). `--replicate N` instead ingests N stories made by
copying the archive with new ids (`r<k>-<NEWID>`), dates moved on by k weeks, "[replica k]" in
the title and the topic `replicated`, to show memory stays bounded, then opens and searches
the result as the reader would. The index lives where the reader looks for it (`library/index`),
so `reader_bench --keep WORK` measures the reader on a kept result. Prints figures; never run by pytest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import itertools
import re
import resource
import shutil
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

import search
from briefings.formats import reuters
from briefings.ingest import IngestStatus
from briefings.library import Library

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "reuters21578"
TOPIC_QUERIES = (
    ("crude oil prices", "crude"), ("coffee", "coffee"), ("gold", "gold"), ("grain exports", "grain"),
    ("interest rates", "interest"), ("money supply", "money-supply"), ("trade deficit", "trade"),
    ("sugar", "sugar"), ("cocoa", "cocoa"), ("wheat", "wheat"), ("shipping ports", "ship"),
    ("takeover bid", "acq"), ("dollar exchange rates", "money-fx"), ("quarterly net profit", "earn"),
)
_STORY_NUMBER = re.compile(r"story [\w-]+: ")
_DATE = re.compile(r"<DATE>\s*(\d{1,2}-[A-Z]{3}-\d{4})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--files", type=int, default=22, help="how many of the 22 archive files")
    parser.add_argument("--replicate", type=int, default=0, help="stories in a replicated library")
    parser.add_argument("--keep", type=Path, help="work here and keep the result")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="reuters-bench-"))
    archives = sorted(args.corpus.glob("reut2-*.sgm.gz"))[: args.files]
    try:
        if args.replicate:
            replicas = _replicate(archives, args.replicate, work / "replicas")
            _ingest(replicas, work, f"{args.replicate:,} replicated stories")
            _open_and_search(work)
        else:
            _ingest(archives, work, f"{len(archives)} archive files")
            _precision(archives, work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def _ingest(paths: list[Path], work: Path, what: str) -> None:
    print(f"ingesting {what} into {work}")
    counts: Counter[IngestStatus] = Counter()
    reasons: Counter[str] = Counter()
    started = time.perf_counter()
    with Library(work / "library") as library, search.SearchIndex.open(None, library) as index:
        for number, outcome in enumerate(search.ingest(library, index, paths), 1):
            counts[outcome.status] += 1
            if outcome.status in (IngestStatus.SKIPPED, IngestStatus.ERROR):
                reasons[_STORY_NUMBER.sub("", outcome.message.split(": ", 1)[-1])] += 1
            if number % 10_000 == 0:
                print(f"  {number:,} stories, {number / (time.perf_counter() - started):.0f}/s, "
                      f"peak RSS {_peak_rss_mb():.0f} MB", flush=True)
        searchable = len(index)
    elapsed = time.perf_counter() - started
    done = counts[IngestStatus.ADDED] + counts[IngestStatus.UPDATED] + counts[IngestStatus.UNCHANGED]
    skipped, errors = counts[IngestStatus.SKIPPED], counts[IngestStatus.ERROR]
    print(f"ingested {done:,}, skipped {skipped:,}, errors {errors:,}; {searchable:,} briefings in the index")
    for reason, count in reasons.most_common():
        print(f"  {count:,} x {reason}")
    index_mb = _size_mb(work / "library" / "index")
    print(f"time {elapsed:.0f} s ({done / elapsed:.0f} stories/s); index {index_mb:.0f} MB, "
          f"library {_size_mb(work / 'library') - index_mb:.0f} MB; peak RSS {_peak_rss_mb():.0f} MB")


def _precision(archives: list[Path], work: Path) -> None:
    """Precision@10 per topic query, counting only hits on TRAIN stories."""
    labels: dict[str, tuple[str, ...]] = {}
    for path in archives:
        text = _archive_text(path)
        labels.update((f"reuters-{s.new_id}", s.topics) for s in reuters.stories(text) if s.split == "TRAIN")
    scores = []
    with Library(work / "library") as library, search.SearchIndex.open(None, library) as index:
        for query, topic in TOPIC_QUERIES:
            hits = search.search(index, query, limit=100, facets=False).hits
            stories = dict.fromkeys(hit.briefing_id for hit in hits)  # a story's cards count once
            train = [bid for bid in stories if bid in labels][:10]
            score = sum(topic in labels[bid] for bid in train) / 10
            scores.append(score)
            print(f"  P@10 {score:.1f}  {query!r} -> {topic}")
        forecasts = search.search(index, "kind:forecast", limit=1, facets=False)
        kinds = Counter(card.kind.value for briefing in library.iter_briefings() for card in briefing.cards
                        if card.derived)
    print(f"mean precision@10 over {len(scores)} topic queries (TRAIN split): {statistics.mean(scores):.2f}")
    print(f"kind:forecast finds {forecasts.total:,} forecast cards; derived cards by kind: "
          + ", ".join(f"{kind} {count:,}" for kind, count in kinds.most_common()))


def _replicate(archives: list[Path], stories: int, folder: Path) -> list[Path]:
    """Plain .sgm copies of the archive, file by file, until `stories` stories are written."""
    folder.mkdir(parents=True)
    written: list[Path] = []
    made = 0
    for copy in itertools.count(1):
        for path in archives:
            text, count = _replica_text(_archive_text(path), copy, stories - made)
            target = folder / f"replica-{copy:03d}-{path.name.removesuffix('.gz')}"
            target.write_text(text, encoding="utf-8")
            written.append(target)
            made += count
            if made >= stories:
                return written
    raise AssertionError("unreachable")


def _replica_text(text: str, copy: int, limit: int) -> tuple[str, int]:
    records = re.findall(r"<REUTERS\b.*?</REUTERS>", text, re.DOTALL)[:limit]

    def moved(match: re.Match[str]) -> str:
        day = dt.datetime.strptime(match.group(1).title(), "%d-%b-%Y") + dt.timedelta(weeks=copy)
        return f"<DATE>{day.strftime('%d-%b-%Y').upper()}"

    out = []
    for record in records:
        record = re.sub(r'NEWID="(\d+)"', rf'NEWID="r{copy}-\1"', record)
        record = _DATE.sub(moved, record)
        record = record.replace("<TITLE>", f"<TITLE>[replica {copy}] ", 1)
        record = record.replace("<TOPICS>", "<TOPICS><D>replicated</D>", 1)
        out.append(record)
    return "\n".join(out) + "\n", len(records)


def _open_and_search(work: Path) -> None:
    """What the reader does first: list the catalog, open the index, run searches."""
    started = time.perf_counter()
    with Library(work / "library") as library:
        entries = library.entries()
        listed = time.perf_counter() - started
        with search.SearchIndex.open(None, library) as index:
            opened = time.perf_counter() - started - listed
            timings = []
            for query, _ in TOPIC_QUERIES:
                begun = time.perf_counter()
                results = search.search(index, query, limit=20)
                timings.append((time.perf_counter() - begun) * 1000)
                assert results.hits, query
    print(f"reader: catalog of {len(entries):,} listed in {listed:.2f} s, index opened in {opened:.2f} s, "
          f"search median {statistics.median(timings):.0f} ms, max {max(timings):.0f} ms "
          f"({len(timings)} queries, with facets)")


def _archive_text(path: Path) -> str:
    with gzip.open(path, "rt", encoding="latin-1") as handle:
        return handle.read()


def _size_mb(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) / 1e6


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
