"""Our search beside SQLite FTS5 and Tantivy: `python -m benchmarks.engines_bench [--files N] [--keep DIR]`.

Ingests the Reuters-21578 archive files with `search.ingest`, as `briefing ingest` does (stories split
into cards), then indexes the same card documents in the reference engines (`reference_engines`) and
prints, in one run: latency of whole queries and of typing key by key, how far what the reader shows
after the last key agrees with what Enter and `briefing search` give (the list once typing pauses, target
1.0, and the provisional first hits before it), and relevance on the ModApte TEST split. `--keep DIR`
keeps the library and index, and reuses them when DIR already holds a library. `--split TRAIN` measures
relevance on the TRAIN split instead, with queries of our own (below), which is where the ranking is
tuned; `--relevance-only` skips the latency. Measures only; never run by pytest.

Whole queries are top 10 with a warm searcher; ours without facets, which the references do not count
either. Typing runs every prefix of a phrase that ends in a letter: ours with `as_you_type=True`, FTS5
with the last word as a prefix (`word*`) and the others required.

Relevance: every topic with at least MIN_TEST_STORIES stories among the TEST stories marked
TOPICS="YES" gets one query made from its code, hyphens as spaces ("money-supply" -> "money supply").
A code part that is not a word of the wire (fewer than WORD_SEEN uses as a word in the TRAIN stories'
text, so the test set is never read to choose a query: "acq", "bop", "nat", "fx") sends the query
to the topic's name in cat-descriptions_120396.txt, slashes as spaces ("Mergers/Acquisitions" ->
"mergers acquisitions"); codes listed there without a name keep the code. A story is ranked by its best
card; each engine's list is cut to the TEST stories before P@10, nDCG@10 and average precision over
its first 100 (relevant = the TEST stories carrying the topic). FTS5 is ranked twice, with its implicit
AND and with the words ORed, as issue 17 measured it.

TRAIN (for tuning, never TEST), two query sets of its topics with at least MIN_TEST_STORIES TRAIN stories:
those with a name in cat-descriptions_120396.txt, queried by that name, lower case, other characters than
letters as spaces ("Interest Rates", "Gross National/Domestic Product"); then every one of them queried as
the TEST queries are made (by code, or by name for a code that is not a word), the form TEST is asked in.
"""

from __future__ import annotations

import argparse
import gzip
import math
import re
import shutil
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import qparser

import search
from benchmarks.reference_engines import CardDocument, CardKey, Fts5, Tantivy, tantivy_module
from briefings.counting import counted_texts
from briefings.formats import reuters
from briefings.library import Library
from cli.parser import SEARCH_PAGE
from search import SearchIndex
from tui.widgets.search_pane import SUBMIT_LIMIT

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "reuters21578"
PHRASES = (
    "opec output ceiling", "bank of japan rates", "crude oil prices", "wheat exports", "coffee quotas",
    "takeover bid", "trade deficit", "money supply growth", "dollar yen", "gold mine", "bundesbank",
    "federal reserve", "sugar tender", "farm bill", "merger talks", "dividend", "brazil debt moratorium",
    "soybean crop", "stock split", "tin council",
)
"""Analyst phrases for a 1987 newswire, fixed before anything was measured."""
REPEATS = 5
TYPING_REPEATS = 3
MIN_TEST_STORIES = 8
WORD_SEEN = 10
RANK_DEPTH = 3000
"""Cards fetched per relevance query: enough to leave 100 TEST stories after deduplication."""
_HEADER = re.compile(r'<REUTERS TOPICS="(\w+)"[^>]*NEWID="(\d+)"')
_NAMED_CODE = re.compile(r"^(.+?)\s*\(([A-Z-]+)\)")
_WORD = re.compile(r"[a-z]+")

Ranker = Callable[[str, int], list[CardKey]]


@dataclass(frozen=True)
class Judgements:
    """A ModApte pool (TOPICS="YES", TEST or TRAIN) and its topics; TRAIN word counts to test topic codes."""

    topics: dict[str, tuple[str, ...]]
    train_words: Counter[str]
    split: str = "TEST"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=22, help="how many of the 22 archive files")
    parser.add_argument("--keep", type=Path, help="build the library and index here, or reuse them")
    parser.add_argument("--split", choices=("TEST", "TRAIN"), default="TEST",
                        help="relevance on the TEST split (reported) or TRAIN (where ranking is tuned)")
    parser.add_argument("--relevance-only", action="store_true", help="skip latency and agreement")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="engines-bench-"))
    archives = sorted(CORPUS.glob("reut2-*.sgm.gz"))[: args.files]
    try:
        run(archives, work, split=args.split, latency=not args.relevance_only)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def run(archives: list[Path], work: Path, *, split: str = "TEST", latency: bool = True) -> None:
    if (work / "library").exists():
        print(f"reusing the library and index in {work}")
    else:
        _ingest(archives, work)
    with Library(work / "library") as library, search.SearchIndex.open(None, library) as index:
        documents = list(_card_documents(library))
        stories = len({d.briefing_id for d in documents})
        print(f"{stories:,} stories, {len(documents):,} card documents "
              f"({len(documents) / stories:.2f} a story; the same documents in every engine)")
        started = time.perf_counter()
        fts = Fts5(work / "fts5.db", documents)
        print(f"FTS5 built in {time.perf_counter() - started:.1f} s ({len(fts):,} rows)")
        tantivy = _tantivy(documents)
        search.warm(index)
        with index.reading() as searcher:
            print(f"ours: {searcher.doc_count():,} documents in the index")

        ours = _ours(index, facets=False)
        ours_typing = _ours(index, as_you_type=True)
        # the reader's list once typing pauses, and `briefing search`'s first page
        ours_settled = _ours(index, fetch=SUBMIT_LIMIT, complete_last=True)
        ours_entered = _ours(index, fetch=SEARCH_PAGE, complete_last=True)

        def fts_typing(text: str, limit: int) -> list[CardKey]:
            return fts.top(text, limit, typing=True)

        def fts_any_word(text: str, limit: int) -> list[CardKey]:
            return fts.top(text, limit, any_word=True)

        engines: dict[str, Ranker] = {"ours": ours, "FTS5": fts.top}
        if tantivy is not None:
            engines["Tantivy"] = tantivy.top
        if latency:
            # the bound under any design on Whoosh: its own top 10, nothing else (no completion, notes,
            # highlighting, counting, facets, spelling), words all required (as FTS5's reference) or any
            bounds = {"Whoosh alone, every word": _whoosh_alone(index, qparser.AndGroup),
                      "Whoosh alone, any word": _whoosh_alone(index, qparser.OrGroup),
                      "FTS5, any word": fts_any_word}
            _latency(engines | bounds, {"ours": ours_typing, "FTS5": fts_typing})
            _agreement(ours_entered, ours_settled,
                       "the list once typing pauses vs Enter and `briefing search`")
            _agreement(ours_settled, ours_typing, "the first hits of the last keystroke (marked provisional) "
                       "vs the list that replaces them")
        judgements = _judgements(archives, split)
        for by_code in ((False, True) if split == "TRAIN" else (True,)):
            _relevance({**engines, "FTS5 OR": fts_any_word}, judgements, by_code=by_code)
        fts.close()


def _ingest(archives: list[Path], work: Path) -> None:
    print(f"ingesting {len(archives)} archive files into {work}")
    started = time.perf_counter()
    with Library(work / "library") as library, search.SearchIndex.open(None, library) as index:
        outcomes = Counter(outcome.status.value for outcome in search.ingest(library, index, archives))
    print(f"ingested in {time.perf_counter() - started:.0f} s: "
          + ", ".join(f"{count:,} {status}" for status, count in sorted(outcomes.items())))


def _card_documents(library: Library) -> Iterator[CardDocument]:
    """The documents `search.schema.documents` makes: one per card, one for a briefing without cards."""
    for briefing in library.iter_briefings():
        texts = counted_texts(briefing) or ("",)
        kinds = [card.kind.value for card in briefing.cards] or ["other"]
        for number, (kind, text) in enumerate(zip(kinds, texts, strict=True)):
            yield CardDocument(briefing.id, number, kind, briefing.title, text)


def _tantivy(documents: list[CardDocument]) -> Tantivy | None:
    module = tantivy_module()
    if module is None:
        print("tantivy not installed: it is left out")
        return None
    started = time.perf_counter()
    engine = Tantivy(module, documents)
    print(f"Tantivy built in {time.perf_counter() - started:.1f} s ({len(engine):,} documents)")
    return engine


def _latency(whole: dict[str, Ranker], typing: dict[str, Ranker]) -> None:
    keystrokes = [phrase[:end] for phrase in PHRASES for end in range(1, len(phrase) + 1)
                  if phrase[end - 1].isalpha()]
    print(f"\nlatency, warm, top 10 (ms): {len(PHRASES)} phrases x {REPEATS} whole; "
          f"{len(keystrokes)} keystrokes x {TYPING_REPEATS} typing")
    width = max(map(len, whole))
    print(f"  {'engine':<{width}} {'whole p50':>10} {'p99':>8} | {'keystroke p50':>13} {'p99':>8}")
    figures: dict[str, list[float]] = {}
    for name, ranker in whole.items():
        whole_ms = _timed(ranker, list(PHRASES), REPEATS)
        row = [_pct(whole_ms, 50), _pct(whole_ms, 99)]
        if name in typing:
            typing_ms = _timed(typing[name], keystrokes, TYPING_REPEATS)
            row += [_pct(typing_ms, 50), _pct(typing_ms, 99)]
        figures[name] = row
        typed = f"{row[2]:13.2f} {row[3]:8.2f}" if len(row) == 4 else f"{'-':>13} {'-':>8}"
        print(f"  {name:<{width}} {row[0]:10.2f} {row[1]:8.2f} | {typed}")
    ours, fts = figures["ours"], figures["FTS5"]
    for name in whole.keys() - {"ours", "FTS5"}:
        print(f"  {name} / FTS5: whole p99 {figures[name][1] / fts[1]:.1f}x")
    print(f"  ours / FTS5: whole p50 {ours[0] / fts[0]:.1f}x, p99 {ours[1] / fts[1]:.1f}x (target p99 <= 3x)")
    print(f"  ours / FTS5: keystroke p50 {ours[2] / fts[2]:.1f}x, p99 {ours[3] / fts[3]:.1f}x; "
          f"ours keystroke p99 {ours[3]:.1f} ms (target <= 50 ms)")


def _whoosh_alone(index: SearchIndex, group: type[qparser.syntax.GroupNode]) -> Ranker:
    """Whoosh's own retrieval of the top cards (BM25F over the card's text), as the index holds them."""
    def rank(text: str, limit: int) -> list[CardKey]:
        with index.reading() as searcher:
            parsed = qparser.QueryParser("text", searcher.schema, group=group).parse(text)
            hits = searcher.search(parsed, limit=limit, terms=False)
            return [(str(hit["briefing"]), int(hit["card"])) for hit in hits[:limit]]
    return rank


def _timed(ranker: Ranker, queries: list[str], repeats: int) -> list[float]:
    for text in queries:  # warm: each query once, untimed
        ranker(text, 10)
    times = []
    for _ in range(repeats):
        for text in queries:
            started = time.perf_counter()
            ranker(text, 10)
            times.append((time.perf_counter() - started) * 1000)
    return times


def _ours(index: SearchIndex, fetch: int | None = None, **options: Any) -> Ranker:
    """Our search as a Ranker: the first `limit` cards of a search run with `options`, fetching `fetch`
    hits when given (as the reader and the CLI ask for), else `limit`."""
    def rank(text: str, limit: int) -> list[CardKey]:
        hits = search.search(index, text, limit=fetch or limit, **options).hits
        return [(hit.briefing_id, hit.card_index) for hit in hits][:limit]
    return rank


def _agreement(whole: Ranker, shown: Ranker, what: str) -> None:
    """Top-10 overlap of what is shown with the whole query's (over 10, or over the longer list when both
    hold fewer)."""
    scores = []
    for phrase in PHRASES:
        full, typed = whole(phrase, 10), shown(phrase, 10)
        scores.append(len(set(full) & set(typed)) / max(len(full), len(typed), 1))
    worst = min(range(len(PHRASES)), key=lambda i: scores[i])
    print(f"\nexactness, {what}, top-10 agreement: "
          f"mean {statistics.mean(scores):.2f}, worst {scores[worst]:.2f} ({PHRASES[worst]!r})")


def _judgements(archives: list[Path], split: str = "TEST") -> Judgements:
    topics: dict[str, tuple[str, ...]] = {}
    train_words: Counter[str] = Counter()
    for path in archives:
        with gzip.open(path, "rt", encoding="latin-1") as handle:
            text = handle.read()
        marked = {new_id for mark, new_id in _HEADER.findall(text) if mark == "YES"}
        for story in reuters.stories(text):
            if story.split == split and story.new_id in marked:
                topics[f"reuters-{story.new_id}"] = story.topics
            if story.split == "TRAIN":
                train_words.update(_WORD.findall(f"{story.title} {story.body}".lower()))
    return Judgements(topics, train_words, split)


def _relevance(engines: dict[str, Ranker], judgements: Judgements, *, by_code: bool = True) -> None:
    """`by_code`: queries made from the topic's code as TEST's are; otherwise from the topic's name."""
    pool, split = judgements.topics, judgements.split
    stories_per_topic = Counter(topic for topics in pool.values() for topic in topics)
    names = _topic_names()
    chosen = sorted(t for t, count in stories_per_topic.items()
                    if count >= MIN_TEST_STORIES and (by_code or t in names))
    print(f"\nrelevance, ModApte {split} split: {len(pool):,} stories marked TOPICS=\"YES\", "
          f"{len(chosen)} topics with >= {MIN_TEST_STORIES} stories, one query each "
          f"({'by code, as TEST is asked' if by_code else 'by the topic name'})")
    if not chosen:
        print(f"  no {split} stories in these files (the TEST split is in reut2-014 to 021)")
        return
    scores: dict[str, list[tuple[float, float, float]]] = {name: [] for name in engines}
    for topic in chosen:
        query = _topic_query(topic, judgements.train_words, names) if by_code else _words(names[topic])
        relevant = {bid for bid, topics in pool.items() if topic in topics}
        for name, ranker in engines.items():
            ranked = [bid for bid in dict.fromkeys(b for b, _ in ranker(query, RANK_DEPTH)) if bid in pool]
            scores[name].append(_measures(ranked[:100], relevant))
    print(f"  {'engine':<10} {'P@10':>6} {'nDCG@10':>8} {'MAP@100':>8}")
    means = {name: [statistics.mean(row[i] for row in rows) for i in range(3)]
             for name, rows in scores.items()}
    for name, row in means.items():
        print(f"  {name:<10} {row[0]:6.3f} {row[1]:8.3f} {row[2]:8.3f}")
    references = [name for name in scores if name != "ours"]
    best = max(references, key=lambda name: means[name][1])
    verdict = "met" if means["ours"][1] >= means[best][1] else "not met"
    print(f"  ours {means['ours'][1]:.3f} vs the best reference ({best}) {means[best][1]:.3f} on nDCG@10: "
          f"target ours >= best: {verdict}")
    best_of = [max(scores[name][i][1] for name in references) for i in range(len(chosen))]
    ours = [row[1] for row in scores["ours"]]
    below = [chosen[i] for i in range(len(chosen)) if ours[i] < best_of[i]]
    above = sum(ours[i] > best_of[i] for i in range(len(chosen)))
    print(f"  per query against the best reference on each: ours ahead in {above}, level in "
          f"{len(chosen) - above - len(below)}, behind in {len(below)}: {', '.join(below)}")


def _words(name: str) -> str:
    return " ".join(re.findall(r"[a-z]+", name.lower()))


def _topic_query(topic: str, train_words: Counter[str], names: dict[str, str]) -> str:
    parts = topic.split("-")
    if all(train_words[part] >= WORD_SEEN for part in parts) or topic not in names:
        return " ".join(parts)
    return names[topic]


def _topic_names() -> dict[str, str]:
    """Code -> name from the descriptions' "Name (CODE)" lines, slashes as spaces, lower case."""
    text = (CORPUS / "cat-descriptions_120396.txt").read_text(encoding="latin-1")
    names = {}
    for line in text.splitlines():
        found = _NAMED_CODE.match(line.strip())
        if found:
            names[found.group(2).lower()] = found.group(1).replace("/", " ").lower()
    return names


def _measures(ranked: list[str], relevant: set[str]) -> tuple[float, float, float]:
    """P@10, nDCG@10 (binary gains) and average precision over the ranked list given."""
    gains = [1.0 if bid in relevant else 0.0 for bid in ranked]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains[:10]))
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), 10)))
    hits, precision_sum = 0, 0.0
    for i, gain in enumerate(gains, 1):
        if gain:
            hits += 1
            precision_sum += hits / i
    return sum(gains[:10]) / 10, dcg / ideal, precision_sum / len(relevant)


def _pct(values: list[float], pct: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


if __name__ == "__main__":
    main()
