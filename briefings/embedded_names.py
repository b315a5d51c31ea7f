"""Names inside longer proper names: "The Japan Times" and "Japan Airlines" do not mention Japan.

An outlet, company or newspaper named after a place is not a mention of that place, so the
gazetteer asks this module, for each name it finds, whether the name sits inside a longer one:

- a listed phrase around it: the bundled outlets, the names a briefing itself gives as outlets
  ("Tech in Asia"), and the companies a Reuters story marks in angle brackets ("<Chinese Estates
  Ltd>", also found later without the legal suffix or by its first two words: "China Entertainment");
- capitalised words after it ending in a word only a company or a paper takes as a name ("Japan
  Airlines", "China Steel Corp", "Kyiv Post");
- a newspaper word and "of" before it ("The Times of Malta").

Decided where the rule is open: "Bank of England" and "Bank of Japan" do mention the country (a
central bank is the state's institution), so "Bank" is not a company word; a company named after a
place with no company word in its name ("Japan Tobacco") is only hidden once listed or bracketed.
The words must be joined by spaces alone: a comma, full stop, line break or "'s" ends a name, and
the company words must be written as names are ("Airlines", not "AIRLINES" in a wire headline).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

Key = tuple[str, ...]

_LEGAL_SUFFIXES = frozenset({
    "Ltd", "Limited", "Inc", "Incorporated", "Corp", "Corporation", "Co", "Company",
    "Plc", "PLC", "LLC", "LLP", "GmbH", "Bhd", "Pty",
})
_NEWSPAPER_WORDS = frozenset({
    "Times", "Post", "Herald", "Tribune", "Gazette", "Chronicle", "Journal", "Courier",
    "Telegraph", "Inquirer",
})
_COMPANY_WORDS = _LEGAL_SUFFIXES | _NEWSPAPER_WORDS | {
    "Holdings", "Group", "Airlines", "Airways", "Estates", "Enterprises", "Industries",
    "Motors", "Telecom", "Petroleum",
}
_JOINED = re.compile(r"[ \t]+|[ \t]*&[ \t]*")
_LOOKAHEAD = 5  # company words this far after a name still make it part of the company's name
_BRACKETED = re.compile(r"<([A-Z][^<>\n]{2,100}?)>")


class Phrases:
    """Phrases found by looking up word n-grams, as the gazetteer finds names."""

    def __init__(self, keys: Iterable[Key] = ()) -> None:
        # Without a leading "the": "The South China Morning Post" is the whole of a paper of that name.
        stripped = (key[1:] if key[:1] == ("the",) else key for key in keys)
        self._keys = frozenset(key for key in stripped if len(key) > 1)
        self._longest: dict[str, int] = {}
        for key in self._keys:
            self._longest[key[0]] = max(self._longest.get(key[0], 0), len(key))

    def plus(self, keys: Iterable[Key]) -> Phrases:
        more = tuple(keys)
        return Phrases((*self._keys, *more)) if more else self

    def spans(self, folded: Sequence[str]) -> Iterator[tuple[int, int]]:
        """(start, end) word positions of every phrase in `folded`, the longest at each start."""
        longest = self._longest
        for position in [i for i, word in enumerate(folded) if word in longest] if longest else ():
            for length in range(min(longest[folded[position]], len(folded) - position), 1, -1):
                if tuple(folded[position : position + length]) in self._keys:
                    yield position, position + length
                    break


def bracketed_names(text: str) -> list[str]:
    """Companies a Reuters story marks as "<China Entertainment and Land Investment Co Ltd>", each with
    the short forms the story uses later: without the legal suffix, and its first two words."""
    names: list[str] = []
    for match in _BRACKETED.finditer(text):
        words = match.group(1).split()
        if len(words) < 2:
            continue  # a ticker such as <SHLH.HK>
        names.append(" ".join(words))
        while len(words) > 2 and words[-1].rstrip(".") in _LEGAL_SUFFIXES:
            words.pop()
        names.append(" ".join(words))
        if all(word[:1].isupper() for word in words[:2]):
            names.append(" ".join(words[:2]))
    return names


class Surroundings:
    """The words of a text with what separates them, to tell whether a name continues past a word."""

    def __init__(self, text: str, spans: Sequence[tuple[int, int]], written: Sequence[str]) -> None:
        self._text = text
        self._spans = spans
        self._written = written

    def _joined(self, left: int, right: int) -> bool:
        """Whether word `right` follows word `left` in the same name (only spaces or "&" between)."""
        gap = self._text[self._spans[left][1] : self._spans[right][0]]
        return _JOINED.fullmatch(gap) is not None

    def inside_company_name(self, start: int, end: int) -> bool:
        """Whether words start..end are followed, within the same name, by a company or paper word
        that ends the name or is followed by another ("Co Ltd"): in "the US Group General Electric"
        the name goes on, so "Group" describes rather than names."""
        for position in range(end, min(end + _LOOKAHEAD, len(self._written))):
            if not self._continues(position - 1, position):
                return False
            if self._written[position] in _COMPANY_WORDS and not self._hyphenated(position):
                following = position + 1
                if not self._continues(position, following) or self._written[following] in _COMPANY_WORDS:
                    return True
        return False

    def _hyphenated(self, position: int) -> bool:
        """ "Post-war" is not a paper."""
        return self._text.startswith("-", self._spans[position][1])

    def _continues(self, previous: int, position: int) -> bool:
        """Whether a capitalised word at `position` goes on the name that word `previous` is part of."""
        return (
            position < len(self._written)
            and self._written[position][:1].isupper()
            and self._joined(previous, position)
        )

    def after_newspaper_word(self, start: int) -> bool:
        """ "Times of Malta": a newspaper word and "of" just before the name."""
        return (
            start >= 2
            and self._written[start - 1] == "of"
            and self._written[start - 2] in _NEWSPAPER_WORDS
            and self._joined(start - 2, start - 1)
            and self._joined(start - 1, start)
        )
