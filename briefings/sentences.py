"""Where sentences end in news prose, where initials, "U.S." and "Mr." do not end them."""

from __future__ import annotations

import re

_ABBREVIATIONS = ("Jr", "Sr", "St", "No", "Mr", "Ms", "Mrs", "Dr", "Gen", "Col", "Lt", "Sgt", "Sen", "vs")
_NOT_AFTER = "".join(rf"(?<!\b{word})" for word in _ABBREVIATIONS)
# Starting only at the first mark of a run ("?!", "...") keeps the search linear.
SENTENCE_END = re.compile(rf"(?<![.?!…])(?<![A-Z]\.[A-Z])(?<!\b[A-Z]){_NOT_AFTER}[.?!…]++(?=\s+\S|\s*$)")


def first_sentence(text: str) -> str:
    """The opening sentence of `text` with its final punctuation, or all of it when none ends."""
    match = SENTENCE_END.search(text)
    return text[: match.end()].strip() if match else text.strip()
