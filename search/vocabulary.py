"""Words from the index's own vocabulary: completion while typing and "did you mean".

Both read the unstemmed spelling field Whoosh keeps beside the stemmed text
(`spelling=True`), so they offer words people wrote ("sanctions"), never stems ("sanction").
"""

from __future__ import annotations

import heapq
import re
from itertools import islice

from whoosh.searching import Searcher

SPELLING_FIELDS = ("spell_text", "spell_title")
SCAN_LIMIT = 4000
"""Completions looked at for one prefix; the lexicon is sorted, so a short prefix stops here."""


def completions(searcher: Searcher, prefix: str, limit: int) -> list[str]:
    """The most frequent words starting with `prefix`, most frequent first."""
    prefix = prefix.lower()
    if not prefix:
        return []
    reader = searcher.reader()
    counts: dict[str, int] = {}
    for field in SPELLING_FIELDS:
        for term, info in islice(reader.iter_prefix(field, prefix), SCAN_LIMIT):
            word = term.decode("utf-8") if isinstance(term, bytes) else term
            counts[word] = counts.get(word, 0) + info.doc_frequency()
    return [word for _, word in heapq.nlargest(limit, ((n, w) for w, n in counts.items()))]


def is_known(searcher: Searcher, word: str) -> bool:
    return any(searcher.doc_frequency(field, word.lower()) for field in SPELLING_FIELDS)


def correction(searcher: Searcher, word: str) -> str | None:
    """The most frequent known word one edit away, else two (for words of 5+ letters); None when known."""
    lowered = word.lower()
    if len(lowered) < 3 or lowered.isdigit() or is_known(searcher, lowered):
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


def corrected_text(searcher: Searcher, text: str, words: list[str]) -> str | None:
    """`text` with each unknown word replaced by its correction, or None when nothing changed."""
    fixed = text
    for word in dict.fromkeys(words):
        better = correction(searcher, word)
        if better:
            fixed = re.sub(rf"(?<![\w:]){re.escape(word)}(?!\w)", better, fixed)
    return fixed if fixed != text else None
