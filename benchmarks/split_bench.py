"""How well raw articles split into cards, against hand labels: `python -m benchmarks.split_bench`.

The labels are tests/data/article_roles.yaml (40 Reuters stories drawn at random and the seed article,
every sentence with its role and speaker; see benchmarks/role_sample.py). Each labelled sentence is
found by its digest among the story's sentences and counts as held by a card kind when a card of that
kind quotes it. Per kind: precision (of the sentences the kind holds, how many carry its label) and
recall (of the labelled ones, how many it holds); lead is SUMMARY, forecast FORECAST, background
BACKGROUND, and a sentence with a speaker is attributed, held by STATEMENTS or PAPERS. For sentences
both labelled and found attributed, how often the speaker is the same (case, titles and company
suffixes aside, a surname alone matching the full name). Then the time splitting adds to `briefing
ingest` of the first corpus file (parse, split, analyse, save, index), measured beside `--no-split`: wall
time, and the CPU time of the ingesting process (one job, so all of the work), which on a machine shared
with other work follows the load far less than the wall time does.

`--instructions` counts instead the machine instructions the same two ingests execute, under valgrind's
callgrind (apt-get install valgrind; about eight minutes on two cores): the one figure a shared machine's load
cannot move. Each ingest runs in a process of its own, beside one that only starts (imports, the gazetteer,
an empty library and index), whose count is taken off both.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import search
from benchmarks.role_sample import (
    CORPUS,
    LABELS,
    StoryLabels,
    digest,
    read_labels,
    sample_briefings,
    sentences_of,
)
from briefings import story_library
from briefings.analysis.timeline import anchor_date
from briefings.counting import collapsed
from briefings.date_inference import with_inferred_date
from briefings.entities import bundled_gazetteer
from briefings.formats import parse_all
from briefings.formats.native_yaml import dump_briefing
from briefings.library import Library
from briefings.model import Briefing, CardKind
from briefings.preparing import prepared
from briefings.splitting import split_article
from briefings.splitting.cards import DERIVED_KINDS, SHOWN_BY_DEFAULT
from briefings.splitting.placement import placed_sentences
from briefings.splitting.roles import Role
from briefings.splitting.speakers import same_speaker
from search import SearchIndex

PRECISION_TARGET = 0.9
RECALL_TARGET = 0.8
SPEAKER_TARGET = 0.9
OVERHEAD_TARGET = 20.0
_ATTRIBUTED = "attributed"
_MEASURED: dict[str, tuple[frozenset[CardKind], bool]] = {
    Role.LEAD: (frozenset({CardKind.SUMMARY}), True),
    Role.FORECAST: (frozenset({CardKind.FORECAST}), True),
    Role.BACKGROUND: (frozenset({CardKind.BACKGROUND}), False),
    _ATTRIBUTED: (frozenset({CardKind.STATEMENTS, CardKind.PAPERS}), True),
}
"""Each measured label, the card kinds that should hold it, and whether a recall target applies."""


@dataclass
class Tally:
    held: int = 0
    labelled: int = 0
    both: int = 0

    def precision(self) -> float:
        return self.both / self.held if self.held else 1.0

    def recall(self) -> float:
        return self.both / self.labelled if self.labelled else 1.0


@dataclass
class Scores:
    kinds: dict[str, Tally]
    speakers_right: int = 0
    speakers_compared: int = 0
    mismatched_digests: int = 0


def score(stories: Iterable[StoryLabels], briefings: dict[str, Briefing]) -> Scores:
    scores = Scores({name: Tally() for name in _MEASURED})
    for story in stories:
        briefing = briefings[story.briefing_id]
        sentences = sentences_of(briefing)
        split = split_article(briefing)
        held_text = {kind: collapsed(" ".join(card.text for card in split.cards if card.kind is kind))
                     for kind in DERIVED_KINDS}
        body = next(card.text for card in briefing.cards if card.kind is CardKind.BODY)
        said = {placed.text: placed.attribution for placed in
                placed_sentences(body, briefing.title, anchor_date(briefing))}
        for label in story.sentences:
            if label.n >= len(sentences) or digest(sentences[label.n]) != label.digest:
                scores.mismatched_digests += 1
                continue
            text = collapsed(sentences[label.n])
            for name, (kinds, _) in _MEASURED.items():
                tally = scores.kinds[name]
                held = any(text in held_text[kind] for kind in kinds)
                wanted = label.speaker is not None if name == _ATTRIBUTED else label.role == name
                tally.held += held
                tally.labelled += wanted
                tally.both += held and wanted
            attribution = said.get(sentences[label.n])
            if label.speaker is not None and attribution is not None:
                scores.speakers_compared += 1
                scores.speakers_right += same_speaker(attribution.speaker, label.speaker)
    return scores


@dataclass(frozen=True)
class Timing:
    plain: float
    """Seconds to ingest every story of the file into a fresh library and index, `--no-split`."""
    split: float
    """The same, split (the default)."""
    plain_cpu: float
    """CPU seconds of the same ingests (best of the rounds, like the wall times)."""
    split_cpu: float
    rounds: tuple[tuple[float, float, float, float], ...] = ()
    """Every round's (wall --no-split, wall split, CPU --no-split, CPU split), to show the spread."""
    plain_index: tuple[int, int] = (0, 0)
    """(documents, postings) of the `--no-split` index, spelling fields included."""
    split_index: tuple[int, int] = (0, 0)


def overhead(path_name: str = "reut2-000.sgm.gz", rounds: int = 7) -> Timing:
    """`briefing ingest` of one corpus file into a fresh library and index, without and with splitting
    (best of `rounds`, interleaved so both see the same machine load: on this shared virtual machine one
    round's figure moves by a fifth or more, and only ever up, so the least of several is the cost).
    Each run starts as a new process would, without the story index an earlier run kept in memory (they
    piled up, and every garbage collection of a later run walked them), and the rounds alternate which
    goes first."""
    sizes: dict[bool, tuple[int, int]] = {}

    def run(split: bool) -> tuple[float, float]:
        start, cpu = time.perf_counter(), time.process_time()
        with _ingested(path_name, split) as index:
            took = time.perf_counter() - start, time.process_time() - cpu
            sizes[split] = _index_size(index)
        story_library.forget_kept()  # as a new process: no earlier run's story index in memory
        return took

    times: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
    for number in range(rounds):
        for split in (False, True) if number % 2 == 0 else (True, False):
            times[split].append(run(split))
    walls, cpus = ([min(run[i] for run in times[split]) for split in (False, True)] for i in (0, 1))
    each = tuple((plain[0], split[0], plain[1], split[1]) for plain, split in zip(times[False], times[True],
                                                                                  strict=True))
    return Timing(walls[0], walls[1], cpus[0], cpus[1], each, sizes[False], sizes[True])


@dataclass(frozen=True)
class StageCosts:
    """CPU seconds, best of the rounds, of the two stages of an ingest that split cards cost directly and
    that keep no cache between rounds: the split of the file's stories, and their YAML as saved."""

    split: float
    save_plain: float
    save_split: float


def stage_costs(path_name: str = "reut2-000.sgm.gz", rounds: int = 3) -> StageCosts:
    """The split of one corpus file's stories, dated as ingest dates them, and the YAML of the stories as
    ingest saves them (not the analysis: it caches sentences between rounds, so only the whole ingest above
    measures it)."""
    with gzip.open(CORPUS / path_name, "rt", encoding="latin-1") as handle:
        stories = [with_inferred_date(item) for item in parse_all(handle.read(), path_name)
                   if isinstance(item, Briefing)]
    gazetteer = bundled_gazetteer()
    plain, split = ([prepared(story, gazetteer, split=splitting) for story in stories]
                    for splitting in (False, True))
    return StageCosts(_best_cpu(split_article, stories, rounds), _best_cpu(dump_briefing, plain, rounds),
                      _best_cpu(dump_briefing, split, rounds))


def _best_cpu(step: Callable[[Briefing], object], items: list[Briefing], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for item in items:
            step(item)
        best = min(best, time.process_time() - start)
    return best


def _index_size(index: SearchIndex) -> tuple[int, int]:
    """(documents, postings) of an index: what each card document costs to write."""
    with index.reading() as searcher:
        reader = searcher.reader()
        postings = sum(reader.doc_frequency(field, term) for field, term in reader.all_terms())
        return searcher.doc_count(), postings


def _verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def report(scores: Scores, timing: Timing, stages: StageCosts | None = None) -> list[str]:
    lines = [f"{'label':<12}{'held':>6}{'labelled':>10}{'precision':>11}{'recall':>8}"]
    for name, (kinds, recall_target) in _MEASURED.items():
        tally = scores.kinds[name]
        cards = "/".join(kind.value for kind in sorted(kinds))
        shown = "shown by default" if kinds <= SHOWN_BY_DEFAULT else "shown on request"
        lines.append(f"{name:<12}{tally.held:>6}{tally.labelled:>10}{tally.precision():>11.3f}"
                     f"{tally.recall():>8.3f}   ({cards}; {shown})")
        lines.append(f"  precision >= {PRECISION_TARGET}: {_verdict(tally.precision() >= PRECISION_TARGET)}")
        if recall_target:
            lines.append(f"  recall >= {RECALL_TARGET}: {_verdict(tally.recall() >= RECALL_TARGET)}")
    right = scores.speakers_right / scores.speakers_compared if scores.speakers_compared else 1.0
    lines.append(f"speaker right: {scores.speakers_right}/{scores.speakers_compared} = {right:.3f}"
                 f"  (>= {SPEAKER_TARGET}: {_verdict(right >= SPEAKER_TARGET)})")
    if scores.mismatched_digests:
        lines.append(f"labels whose sentence changed (digest differs; skipped): {scores.mismatched_digests}")
    lines.append(_overhead("ingest of reut2-000 (1,000 stories, library and index), wall:", timing.plain,
                           timing.split))
    lines.append(_overhead("  CPU of the ingesting process:", timing.plain_cpu, timing.split_cpu))
    if timing.rounds:  # each round's pair saw the same load: their ratios move less than either time
        paired = statistics.median(_percent(plain, split) for _, _, plain, split in timing.rounds)
        lines.append(f"  median of the rounds' CPU overheads: {paired:+.1f}% "
                     f"(<= {OVERHEAD_TARGET:.0f}%: {_verdict(paired <= OVERHEAD_TARGET)})")
    for number, (plain, split, plain_cpu, split_cpu) in enumerate(timing.rounds, 1):
        lines.append(f"  round {number} (--no-split / split): wall {plain:.2f} s / {split:.2f} s "
                     f"({_percent(plain, split):+.1f}%), CPU {plain_cpu:.2f} s / {split_cpu:.2f} s "
                     f"({_percent(plain_cpu, split_cpu):+.1f}%)")
    for name, (documents, postings) in (("--no-split", timing.plain_index), ("split", timing.split_index)):
        lines.append(f"  index {name}: {documents:,} documents, {postings:,} postings")
    if stages is not None:
        extra = stages.save_split - stages.save_plain
        lines.append(f"  CPU of the split alone: {stages.split:.2f} s; of the YAML saved: "
                     f"{stages.save_plain:.2f} s --no-split, {stages.save_split:.2f} s split "
                     f"({extra:+.2f} s)")
    return lines


def _percent(plain: float, split: float) -> float:
    return (split - plain) / plain * 100


def _overhead(label: str, plain: float, split: float) -> str:
    percent = _percent(plain, split)
    return (f"{label} {plain:.2f} s --no-split, {split:.2f} s split: {percent:+.1f}% "
            f"(<= {OVERHEAD_TARGET:.0f}%: {_verdict(percent <= OVERHEAD_TARGET)})")


_INGESTS = ("start", "no-split", "split")
"""What `--ingest` runs: nothing past the start, or the corpus file's ingest without or with splitting."""
_COLLECTED = re.compile(r"Collected : (\d+)")


def ingest_once(what: str, path_name: str = "reut2-000.sgm.gz") -> None:
    """One ingest into a fresh library and index, as `briefing ingest` runs it (or only the start)."""
    bundled_gazetteer()
    with _ingested(path_name, None if what == "start" else what == "split"):
        pass


@contextlib.contextmanager
def _ingested(path_name: str, split: bool | None) -> Iterator[SearchIndex]:
    """The index of a fresh library into which the corpus file was ingested, without or with splitting, as
    `briefing ingest` runs it (`split` None: nothing ingested, the start only); both removed after."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        with Library(root / "library") as library, SearchIndex.open(root / "index", library) as index:
            if split is not None:
                for _ in search.ingest(library, index, [CORPUS / path_name], split=split, jobs=1):
                    pass
            yield index


def instructions() -> list[str]:
    """The instructions each ingest executes beyond the start (callgrind), and what splitting adds."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return ["valgrind is not installed (apt-get install valgrind): no instruction counts"]

    def counted(what: str) -> int:
        with tempfile.TemporaryDirectory() as folder:
            done = subprocess.run([valgrind, "--tool=callgrind", f"--callgrind-out-file={folder}/out",
                                   sys.executable, "-m", "benchmarks.split_bench", f"--ingest={what}"],
                                  capture_output=True, text=True, check=False)
        found = _COLLECTED.search(done.stderr)
        if found is None:
            raise RuntimeError(f"callgrind gave no count for {what}: {done.stderr.strip()[-300:]}")
        return int(found.group(1))

    with ThreadPoolExecutor(max_workers=len(_INGESTS)) as pool:
        start, plain, split = pool.map(counted, _INGESTS)
    plain, split = plain - start, split - start
    percent = _percent(plain, split)
    return [f"instructions of the ingest of reut2-000 (start taken off): {plain / 1e9:.2f} G --no-split, "
            f"{split / 1e9:.2f} G split: {percent:+.1f}% (<= {OVERHEAD_TARGET:.0f}%: "
            f"{_verdict(percent <= OVERHEAD_TARGET)})"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instructions", action="store_true",
                        help="count the ingests' instructions under callgrind instead of timing them")
    parser.add_argument("--ingest", choices=_INGESTS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.ingest:
        ingest_once(args.ingest)
        return
    if args.instructions:
        print("\n".join(instructions()))
        return
    stories = read_labels(LABELS.read_text(encoding="utf-8"), LABELS.name)
    briefings = {briefing.id: briefing for briefing in sample_briefings()}
    print("\n".join(report(score(stories, briefings), overhead(), stage_costs())))


if __name__ == "__main__":
    main()
