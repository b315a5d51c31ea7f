"""The sample the article-role labels cover: `python -m benchmarks.role_sample --show | --skeleton`.

Issue 16 splits raw articles by rule into cards (lead, who says what, forecast, background). Its
measure is a sample nobody tuned to: `n` Reuters-21578 stories drawn at random (seeded) among those
whose body holds at least MIN_SENTENCES prose sentences, plus the seed article. Every sentence of
each is labelled by hand in tests/data/article_roles.yaml with its role and speaker; this module
says which stories and which sentences those are, and `--show` prints them numbered for reading.
`--skeleton` prints the YAML entries (n, digest, starts) the labels are written into; `read_labels`
reads them back, checked.
The corpus and the seeds are read in place, never copied.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import hashlib
import itertools
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefings.errors import ParseError
from briefings.formats import parse_all
from briefings.model import Briefing, CardKind
from briefings.safe_yaml import load_yaml
from briefings.sentences import split_sentences
from briefings.splitting.roles import Role  # the labels file's header defines each role
from briefings.tables import is_fenced

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "reuters21578"
SEED_ARTICLE = ROOT.parent / "shared" / "seeds" / "000_8fa4dafbef7b3d9f.txt"
LABELS = ROOT / "tests" / "data" / "article_roles.yaml"
MIN_SENTENCES = 3
"""Prose sentences a story needs to be drawn: fewer is a brief, a title or a table, with no roles to tell."""
STARTS_WORDS = 5
"""Words of a sentence the labels file may quote, as a reading aid; never the whole sentence."""
_STORY_FIELDS = {"briefing", "date", "sentences"}
_SENTENCE_FIELDS = {"n", "digest", "starts", "role", "speaker"}
_DIGEST = re.compile(r"[0-9a-f]{8}")


@dataclass(frozen=True)
class SentenceLabel:
    n: int
    digest: str
    starts: str
    role: Role
    speaker: str | None
    why: str = ""


@dataclass(frozen=True)
class StoryLabels:
    briefing_id: str
    date: dt.date | None
    sentences: tuple[SentenceLabel, ...]


def sentences_of(briefing: Briefing) -> list[str]:
    """The sentences of the cards holding the article body (not takeaways or references), in order."""
    return [sentence for card in briefing.cards if card.kind is CardKind.BODY
            for sentence in split_sentences(card.text)]


def digest(sentence: str) -> str:
    """First 8 hex of the sha1 of the sentence with its whitespace collapsed: a changed split shows."""
    return hashlib.sha1(" ".join(sentence.split()).encode("utf-8")).hexdigest()[:8]


def starts(sentence: str) -> str:
    return " ".join(sentence.split()[:STARTS_WORDS])


def read_labels(text: str, name: str) -> list[StoryLabels]:
    """The labelled stories; ParseError naming the file and the entry when one is malformed."""
    data = load_yaml(text)
    stories = data.get("stories") if isinstance(data, dict) else None
    if not isinstance(stories, list):
        raise ParseError(f"{name}: expected a mapping with a 'stories' list")
    return [_story_labels(entry, f"{name}: story {number}") for number, entry in enumerate(stories, 1)]


def _story_labels(entry: Any, where: str) -> StoryLabels:
    if not isinstance(entry, dict) or set(entry) != _STORY_FIELDS:
        raise ParseError(f"{where}: expected exactly the fields {', '.join(sorted(_STORY_FIELDS))}")
    if not isinstance(entry["briefing"], str) or not entry["briefing"].strip():
        raise ParseError(f"{where}: briefing must be non-empty text")
    where = f"{where} ({entry['briefing']})"
    if not isinstance(entry["sentences"], list) or not entry["sentences"]:
        raise ParseError(f"{where}: sentences must be a non-empty list")
    sentences = tuple(_sentence_label(item, number, f"{where}: sentence {number}")
                      for number, item in enumerate(entry["sentences"]))
    return StoryLabels(entry["briefing"], _date(entry["date"], where), sentences)


def _date(value: Any, where: str) -> dt.date | None:
    try:
        return None if value is None else dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ParseError(f"{where}: date must be YYYY-MM-DD text or null, not {value!r}") from None


def _sentence_label(item: Any, number: int, where: str) -> SentenceLabel:
    if not isinstance(item, dict) or not _SENTENCE_FIELDS <= set(item) <= _SENTENCE_FIELDS | {"why"}:
        raise ParseError(f"{where}: expected the fields {', '.join(sorted(_SENTENCE_FIELDS))} and maybe why")
    hashed, opening, speaker, why = item["digest"], item["starts"], item["speaker"], item.get("why", "")
    if item["n"] != number or isinstance(item["n"], bool):
        raise ParseError(f"{where}: n is {item['n']!r}; sentences are numbered from 0 in order")
    if not isinstance(hashed, str) or not _DIGEST.fullmatch(hashed):
        raise ParseError(f"{where}: digest must be 8 lower-case hex digits, not {hashed!r}")
    if not isinstance(opening, str) or not 0 < len(opening.split()) <= STARTS_WORDS:
        raise ParseError(f"{where}: starts must be 1 to {STARTS_WORDS} words")
    if speaker is not None and not (isinstance(speaker, str) and speaker.strip()):
        raise ParseError(f"{where}: speaker must be a name or null")
    if not isinstance(why, str) or ("why" in item and not why.strip()):
        raise ParseError(f"{where}: why, when present, must be non-empty text")
    try:
        role = Role(item["role"])
    except ValueError:
        raise ParseError(f"{where}: unknown role {item['role']!r}; one of {', '.join(Role)}") from None
    return SentenceLabel(number, hashed, opening, role, speaker, why)


def sample_story_ids(seed: int = 16, n: int = 40) -> list[str]:
    """The ids of `n` Reuters stories drawn at random, the same ones for the same seed."""
    return [briefing.id for briefing in _draw(seed, n)]


def sample_briefings(seed: int = 16, n: int = 40) -> list[Briefing]:
    """The drawn Reuters stories, parsed, then the seed article."""
    article = [item for item in parse_all(SEED_ARTICLE.read_text(encoding="utf-8"), SEED_ARTICLE.name)
               if isinstance(item, Briefing)]
    return [*_draw(seed, n), *article]


def _draw(seed: int, n: int) -> list[Briefing]:
    """The first `n` stories with MIN_SENTENCES prose sentences, in an order shuffled by the seed.

    Shuffling every story and filtering afterwards keeps the sample stable: a change to the sentence
    split that moves one story across the threshold changes the draw only if that story was in it."""
    stories = _reuters_stories()
    order = random.Random(seed).sample(range(len(stories)), len(stories))
    eligible = (stories[index] for index in order if _prose_sentences(stories[index]) >= MIN_SENTENCES)
    return list(itertools.islice(eligible, n))


@functools.cache
def _reuters_stories() -> tuple[Briefing, ...]:
    """Every Reuters story, in archive order."""
    stories: list[Briefing] = []
    for path in sorted(CORPUS.glob("reut2-*.sgm.gz")):
        with gzip.open(path, "rt", encoding="latin-1") as handle:
            text = handle.read()
        stories += [item for item in parse_all(text, path.name) if isinstance(item, Briefing)]
    return tuple(stories)


def _prose_sentences(briefing: Briefing) -> int:
    """Sentences that are neither a table nor a dateline standing alone before one ("HOUSTON, Oct 19 -")."""
    return sum(not is_fenced(sentence) and not sentence.endswith(" -") for sentence in sentences_of(briefing))


def _show(briefing: Briefing) -> str:
    lines = [f"=== {briefing.id}  {briefing.date}  {briefing.title}"]
    lines += [f"[{number}] {sentence}" for number, sentence in enumerate(sentences_of(briefing))]
    return "\n".join(lines)


def _skeleton(briefing: Briefing) -> str:
    date = f'"{briefing.date.isoformat()}"' if briefing.date else "null"
    lines = [f"- briefing: {briefing.id}", f"  date: {date}", "  sentences:"]
    for number, sentence in enumerate(sentences_of(briefing)):
        quoted = starts(sentence).replace("\\", "\\\\").replace('"', '\\"')
        lines += [f'  - {{n: {number}, digest: "{digest(sentence)}", starts: "{quoted}",',
                  "     role: , speaker: null}"]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("-n", type=int, default=40, help="Reuters stories drawn")
    shown = parser.add_mutually_exclusive_group(required=True)
    shown.add_argument("--show", action="store_true", help="each story's sentences, numbered")
    shown.add_argument("--skeleton", action="store_true", help="YAML entries for the labels file")
    args = parser.parse_args()
    render = _show if args.show else _skeleton
    print("\n\n".join(render(briefing) for briefing in sample_briefings(args.seed, args.n)))


if __name__ == "__main__":
    main()
