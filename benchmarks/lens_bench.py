"""Lens precision on wire copy: `python -m benchmarks.lens_bench [--show] [--per-kind 30]`.

The population is the Reuters-21578 stories (all 21,577 with text, or the first `--stories`; 1,000 is
the issue's baseline) plus the two seed documents, each parsed and prepared as `briefing ingest` does it:
dated, split into cards, analysed (the gazetteer knows every entity the population describes). Every
flag the current code raises is collected; a sample stratified by kind is drawn (`--per-kind` of each, all
of a kind that raises fewer), seeded so the same flags are drawn every run: each flag is ranked by a hash
of the seed and the flag, so a flag keeps its place when the code stops raising others.

Each sampled flag is matched to tests/data/lens_labels.yaml by (briefing, kind, flagged text),
the flagged text being the flag's reason as the reader shows it. Sampled flags with no label
are listed (`--show` prints the story around each, to label it by reading), and no figure is
printed until every one is labelled. Then, per kind: flags raised, flags per 1,000 Reuters stories,
labelled sample, precision with its Wilson 95% interval, and whether the lower end reaches
TARGET. Kinds the reader shows only on request (briefings.flag_notes.HELD_BACK) are marked so.
Prints figures; never run by pytest.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import math
import sys
import textwrap
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from briefings.entities import bundled_gazetteer
from briefings.errors import ParseError
from briefings.flag_notes import HELD_BACK
from briefings.formats import parse_all
from briefings.model import Briefing, FlagCode
from briefings.preparing import prepared
from briefings.safe_yaml import load_yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "reuters21578"
SEEDS = ROOT.parent / "shared" / "seeds"
LABELS = ROOT / "tests" / "data" / "lens_labels.yaml"
TARGET = 0.85
"""The lower end of the 95% interval every kind shown by default must reach."""
_Z = 1.959964  # two-sided 95%
_LABEL_FIELDS = ("briefing", "kind", "flagged", "correct", "why")
REUTERS_ID = "reuters-"
_CONTEXT = 700  # characters of the story shown around an unlabelled flag


@dataclass(frozen=True)
class Raised:
    """One flag as the benchmark samples and labels it."""

    briefing_id: str
    kind: FlagCode
    flagged: str

    @property
    def key(self) -> tuple[str, str, str]:
        return self.briefing_id, self.kind.value, self.flagged


@dataclass(frozen=True)
class Label:
    briefing_id: str
    kind: FlagCode
    flagged: str
    correct: bool
    why: str

    @property
    def key(self) -> tuple[str, str, str]:
        return self.briefing_id, self.kind.value, self.flagged


def read_labels(text: str, name: str) -> list[Label]:
    """The labels file's entries; ParseError naming the file and the entry when one is malformed."""
    data = load_yaml(text)
    entries = data.get("labels") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ParseError(f"{name}: expected a mapping with a 'labels' list")
    return [_label(entry, f"{name}: label {number}") for number, entry in enumerate(entries, 1)]


def _label(entry: Any, where: str) -> Label:
    if not isinstance(entry, dict) or set(entry) != set(_LABEL_FIELDS):
        raise ParseError(f"{where}: expected exactly the fields {', '.join(_LABEL_FIELDS)}")
    texts = (entry["briefing"], entry["flagged"], entry["why"])
    if not all(isinstance(text, str) and text.strip() for text in texts):
        raise ParseError(f"{where}: briefing, flagged and why must be non-empty text")
    if not isinstance(entry["correct"], bool):
        raise ParseError(f"{where}: correct must be true or false")
    try:
        kind = FlagCode(entry["kind"])
    except ValueError:
        raise ParseError(f"{where}: unknown flag kind {entry['kind']!r}") from None
    return Label(entry["briefing"], kind, entry["flagged"], entry["correct"], entry["why"])


def population(stories: int = 0) -> list[Briefing]:
    """The first `stories` Reuters stories (0: all) and the seeds, parsed and prepared as ingest prepares
    them: dated, raw articles split into cards, mentions marked, analysed."""
    parsed: list[Briefing] = []
    for path in sorted(CORPUS.glob("reut2-*.sgm.gz")):
        with gzip.open(path, "rt", encoding="latin-1") as handle:
            text = handle.read()
        parsed += [item for item in parse_all(text, path.name) if isinstance(item, Briefing)]
        if 0 < stories <= len(parsed):
            parsed = parsed[:stories]
            break
    for path in sorted(SEEDS.glob("*.txt")):
        parsed += [item for item in parse_all(path.read_text(encoding="utf-8"), path.name)
                   if isinstance(item, Briefing)]
    gazetteer = bundled_gazetteer().merged(
        replace(entity, mentioned=False) for briefing in parsed for entity in briefing.entities)
    return [prepared(briefing, gazetteer) for briefing in parsed]


def raised(briefings: Iterable[Briefing]) -> dict[FlagCode, list[Raised]]:
    """Every distinct flag, by kind, in FlagCode order."""
    found: dict[FlagCode, dict[Raised, None]] = {code: {} for code in FlagCode}
    for briefing in briefings:
        for flag in briefing.flags:
            found[flag.code][Raised(briefing.id, flag.code, flag.reason)] = None
    return {code: list(flags) for code, flags in found.items() if flags}


def sample(flags: dict[FlagCode, list[Raised]], per_kind: int, seed: int) -> dict[FlagCode, list[Raised]]:
    """`per_kind` flags of each kind (all when fewer), those whose seeded hash ranks lowest."""
    def rank(flag: Raised) -> str:
        return hashlib.sha256("\x1f".join((str(seed), *flag.key)).encode()).hexdigest()

    return {code: sorted(members, key=rank)[:per_kind] for code, members in flags.items()}


def _meets(drawn: list[Raised], labels: dict[tuple[str, str, str], Label]) -> bool:
    return wilson(sum(labels[flag.key].correct for flag in drawn), len(drawn))[0] >= TARGET


def wilson(correct: int, total: int) -> tuple[float, float]:
    """The Wilson score 95% interval of a proportion; (0, 1) for an empty sample."""
    if total == 0:
        return 0.0, 1.0
    p = correct / total
    middle = p + _Z**2 / (2 * total)
    spread = _Z * math.sqrt(p * (1 - p) / total + _Z**2 / (4 * total**2))
    scale = 1 + _Z**2 / total
    return (middle - spread) / scale, (middle + spread) / scale


ENOUGH = next(n for n in range(1, 1000) if wilson(n, n)[0] >= TARGET)
"""Flags a kind must raise before its interval can reach TARGET at all: 22, every one of them right."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, default=0,
                        help="the first N Reuters stories (default all; 1000 is the issue's baseline)")
    parser.add_argument("--per-kind", type=int, default=30, help="flags sampled per kind")
    parser.add_argument("--seed", type=int, default=15, help="seeds the sample")
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--show", action="store_true", help="print the story around each unlabelled flag")
    args = parser.parse_args()
    try:
        labels = {label.key: label for label in read_labels(args.labels.read_text(encoding="utf-8"),
                                                            args.labels.name)}
    except (OSError, ParseError) as error:
        sys.exit(f"lens_bench: {error}")
    briefings = population(args.stories)
    flags = raised(briefings)
    drawn = sample(flags, args.per_kind, args.seed)
    kinds = list(drawn)
    unlabelled = [flag for code in kinds for flag in drawn[code] if flag.key not in labels]
    wire = sum(briefing.id.startswith(REUTERS_ID) for briefing in briefings)
    print(f"population: {wire:,} Reuters stories and {len(briefings) - wire} seeds, "
          f"{sum(map(len, flags.values())):,} flags on "
          f"{sum(1 for briefing in briefings if briefing.flags):,} of them; seed {args.seed}")
    if unlabelled:
        _list_unlabelled(unlabelled, {briefing.id: briefing for briefing in briefings}, args.show)
        sys.exit(1)
    print(_table(kinds, flags, drawn, labels, wire))
    short = [code.value for code in kinds
             if code not in HELD_BACK and not _meets(drawn[code], labels)]
    print(f"kinds shown by default below the target: {', '.join(short)}" if short
          else f"every kind shown by default reaches a lower bound of {TARGET}")


def _list_unlabelled(unlabelled: list[Raised], briefings: dict[str, Briefing], show: bool) -> None:
    print(f"{len(unlabelled)} sampled flags have no label in tests/data/lens_labels.yaml; "
          "no figures until they do:")
    for flag in unlabelled:
        print(f"\n- briefing: {flag.briefing_id}\n  kind: {flag.kind.value}\n  flagged: {flag.flagged!r}")
        if show:
            print(textwrap.indent(_story(briefings[flag.briefing_id], flag.flagged), "    | "))


def _story(briefing: Briefing, flagged: str) -> str:
    """The title and the card text around the first figure or name the flag quotes."""
    text = "\n\n".join(card.text for card in briefing.cards)
    anchor = next((text.find(word) for word in _quoted_words(flagged) if word in text), 0)
    start = max(0, anchor - _CONTEXT // 2)
    cut = text[start : start + _CONTEXT]
    return f"{briefing.title}\n{'…' if start else ''}{cut}{'…' if start + _CONTEXT < len(text) else ''}"


def _quoted_words(flagged: str) -> Iterator[str]:
    """Pieces of the reason likely to occur in the story: the figures first."""
    words = flagged.replace('"', " ").split()
    yield from (word for word in words if any(c.isdigit() for c in word))
    yield from (word for word in words if len(word) > 4)


def _table(kinds: list[FlagCode], flags: dict[FlagCode, list[Raised]], drawn: dict[FlagCode, list[Raised]],
           labels: dict[tuple[str, str, str], Label], stories: int) -> str:
    rows = ["| kind | flags | per 1,000 Reuters stories | labelled | precision | 95% interval | target |",
            "| --- | ---: | ---: | ---: | ---: | --- | --- |"]
    for code in kinds:
        verdicts = [labels[flag.key].correct for flag in drawn[code]]
        low, high = wilson(sum(verdicts), len(verdicts))
        met = "met" if low >= TARGET else f"too few to tell (under {ENOUGH})" if len(flags[code]) < ENOUGH \
            else "NOT met"
        hidden = " (shown on request)" if code in HELD_BACK else ""
        wire = sum(flag.briefing_id.startswith(REUTERS_ID) for flag in flags[code])
        rows.append(f"| {code.value}{hidden} | {len(flags[code])} | {1000 * wire / stories:.1f} | "
                    f"{len(verdicts)} | {sum(verdicts) / len(verdicts):.2f} | {low:.2f}–{high:.2f} | {met} |")
    return "\n".join(rows)


if __name__ == "__main__":
    main()
