"""Words from the index's own vocabulary: completion while typing and "did you mean".

Both read the unstemmed spelling field Whoosh keeps beside the stemmed text
(`spelling=True`), so they offer words people wrote ("sanctions"), never stems ("sanction").
Each segment's word counts are kept on disk beside the index (written by whoever writes the index),
so a reader starting on a large library reads them instead of scanning every segment's lexicon.
"""

from __future__ import annotations

import bisect
import heapq
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh.searching import Searcher

from briefings.files import make_private_dir, write_atomic
from search.store import SEGMENT_TABLE_WRITERS, SearchIndex, leaf_readers, segment_key

SPELLING_FIELDS = ("spell_text", "spell_title")


@dataclass(frozen=True)
class Vocabulary:
    """Every word of the library, sorted, with the number of briefings using it (`schema.indexed_documents`
    keeps a briefing's spelling words once, split or not): a prefix is a slice.

    Scanning Whoosh's lexicon for a prefix costs ~0.1 ms a word on a multi-segment index
    (160 ms for "bo" on 20,000 briefings); bisecting this table costs microseconds.
    """

    words: list[str]
    counts: list[int]

    def completions(self, prefix: str, limit: int) -> list[str]:
        start = bisect.bisect_left(self.words, prefix)
        end = bisect.bisect_left(self.words, prefix + "\U0010ffff", start)
        best = heapq.nlargest(limit, range(start, end), key=self.counts.__getitem__)
        return [self.words[i] for i in best]

    def __contains__(self, word: object) -> bool:
        i = bisect.bisect_left(self.words, word) if isinstance(word, str) else len(self.words)
        return i < len(self.words) and self.words[i] == word


def vocabulary(index: SearchIndex) -> Vocabulary:
    """Built on first use after a change, from per-segment counts kept across commits (~0.3 s for
    20,000 briefings, then only new segments are read); `SearchIndex.warm` builds it ahead."""
    return index.cached("vocabulary", lambda searcher: _build(index, searcher))  # type: ignore[no-any-return]


TABLES = "vocabulary"
"""The folder, inside the index's, of one JSON file of word counts per segment."""
MAX_TABLE_BYTES = 64_000_000
"""A table larger than this is not one this program wrote: it is recounted from the segment instead."""


def _build(index: SearchIndex, searcher: Searcher) -> Vocabulary:
    memo: dict[str, dict[str, int]] = index.memo.setdefault("vocabulary-segments", {})
    merged: dict[str, int] = {}
    current = set()
    for reader in leaf_readers(searcher):
        key = segment_key(reader)
        current.add(key)
        if key not in memo:
            memo[key] = _read_table(index.path, key) or _segment_counts(reader)
        for word, count in memo[key].items():
            merged[word] = merged.get(word, 0) + count
    for stale in set(memo) - current:
        del memo[stale]
    words = sorted(merged)
    return Vocabulary(words, [merged[w] for w in words])


def _segment_counts(reader: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for field in SPELLING_FIELDS:
        if field in reader.schema:
            for term, info in reader.iter_field(field):
                word = term.decode("utf-8") if isinstance(term, bytes) else term
                counts[word] = counts.get(word, 0) + info.doc_frequency()
    return counts


def _table(folder: Path, key: str) -> Path:
    return folder / TABLES / (key.replace(":", "-") + ".json")


def _read_table(folder: Path, key: str) -> dict[str, int] | None:
    """The segment's counts as written beside it; None when missing, too large or not what we write
    (the segment is then read instead, and a reader never writes: the next commit rewrites it)."""
    path = _table(folder, key)
    try:
        if path.stat().st_size > MAX_TABLE_BYTES:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or not all(type(count) is int for count in data.values()):
        return None
    return data


def _write_tables(folder: Path, searcher: Searcher) -> None:
    """After a commit or a build: a table for each segment that has none, and none for segments gone."""
    tables = folder / TABLES
    make_private_dir(tables)
    wanted = set()
    for reader in leaf_readers(searcher):
        path = _table(folder, segment_key(reader))
        wanted.add(path.name)
        if not path.is_file():
            write_atomic(path, json.dumps(_segment_counts(reader), ensure_ascii=False, separators=(",", ":")),
                         durable=False)
    for stale in tables.glob("*.json"):
        if stale.name not in wanted:
            stale.unlink(missing_ok=True)


SEGMENT_TABLE_WRITERS.append(_write_tables)


def completions(index: SearchIndex, prefix: str, limit: int) -> list[str]:
    """The most frequent words starting with `prefix`, most frequent first."""
    prefix = prefix.lower()
    return vocabulary(index).completions(prefix, limit) if prefix else []


def is_known(index: SearchIndex, word: str) -> bool:
    return word.lower() in vocabulary(index)


def correction(index: SearchIndex, searcher: Searcher, word: str) -> str | None:
    """The most frequent known word one edit away, else two (for words of 5+ letters); None when known."""
    lowered = word.lower()
    if len(lowered) < 3 or lowered.isdigit() or is_known(index, lowered):
        return None
    reader = searcher.reader()
    for distance in (1, 2) if len(lowered) >= 5 else (1,):
        candidates = {c for field in SPELLING_FIELDS
                      for c in reader.terms_within(field, lowered, distance, prefix=1)}
        if candidates:
            best: str = max(sorted(candidates),
                            key=lambda c: sum(searcher.doc_frequency(f, c) for f in SPELLING_FIELDS))
            return best
    return None


def corrected_text(index: SearchIndex, searcher: Searcher, text: str, words: list[str]) -> str | None:
    """`text` with each unknown word replaced by its correction, or None when nothing changed."""
    fixed = text
    for word in dict.fromkeys(words):
        better = correction(index, searcher, word)
        if better:
            fixed = re.sub(rf"(?<![\w:]){re.escape(word)}(?!\w)", better, fixed)
    return fixed if fixed != text else None
