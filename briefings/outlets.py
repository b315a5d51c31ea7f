"""Who says what in "What the papers say": outlets and journalists named in a paragraph.

Known outlets come from the bundled list `data/outlets.yaml` and are reported under their
listed name, so the same paper gets the same name across briefings. Outlets the list lacks
are found by the shape of press-review prose: a capitalised name at the start of a clause
followed by a reporting verb ("Le Soir notes"), after "reports from", or before a possessive
naming a journalist ("Le Soir's Anne Martin writes"). The caller may pass names that are
known not to be outlets (the briefing's people and countries) so "Russia's Sergei Lavrov
says" does not make Russia a paper.

A name is taken whole: its capitalised words may be joined by "of", "in", "de", "della" or "&"
("Tech in Asia", "Rest of World", "Mail & Guardian"), words that open the clause are dropped
("Meanwhile Reuters reports" is Reuters), and a shorter name found inside a longer one is not a
second outlet ("Asia" in "Tech in Asia"). "X in Y" is one name when X is a single word ("Tech
in Asia"); after a longer name "in Y" is where the paper is ("Kyiv Post in Ukraine" is Kyiv Post).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from functools import cache
from importlib import resources

from briefings.model import OutletSummary
from briefings.safe_yaml import load_yaml
from briefings.text import looks_truncated

_VERB = (
    r"(?:report|note|detail|highlight|cite|say|said|write|wrote|argue|underscore|emphasi[sz]e|warn|claim"
    r"|suggest|describe|reveal|observe|cover|focus|stress|explain|examine|analy[sz]e|confirm|quote|add"
    r"|contend|assert|conclude|critici[sz]e|portray|frame|characteri[sz]e|offer|present|discuss|explore"
    r"|outline|document|caution|point|question|track|detail|echo|raise|flag|insist|contrast|link)\w{0,3}\b"
)
_WORD = r"[A-Z][\w&.\-]*"
_CONNECTOR = r"(?:(?:of|in|de|della)[ \t]+|&[ \t]+)"
# Bounded repeats keep matching linear on long runs of capitalised words.
_RUN = rf"{_WORD}(?:[ \t]+{_CONNECTOR}?{_WORD}){{0,5}}"
_RUN_LIST = rf"{_RUN}(?:(?:,[ \t]*|[ \t]+and[ \t]+|,[ \t]+and[ \t]+){_RUN}){{0,4}}"
_PERSON = r"[A-Z][\w'\-]+(?:[ \t]+[A-Z][\w'\-]+){1,2}"
_ROLE = r"(?:(?:chief|senior|foreign|political|defen[cs]e|diplomatic)[ \t]+)?" \
    r"(?:correspondent|columnist|reporter|editor|journalist|analyst|writer)[ \t]+"
_POSSESSIVE = re.compile(rf"(?P<outlet>{_RUN})['’]s[ \t]+(?:{_ROLE})?(?P<person>{_PERSON})[ \t]+{_VERB}")
# A clause start, or "in" after a lower-case word ("coverage in"; "Officials in Kyiv" is no outlet).
_CLAUSE_START = (
    r"(?:^|(?<=[.!?:;,])[ \t]+|\b(?:from|by|while|whereas|but)[ \t]+|\b[a-z][\w\-]*[ \t]+in[ \t]+)"
)
_BEFORE_VERB = re.compile(
    rf"{_CLAUSE_START}(?P<runs>{_RUN_LIST})(?:[ \t]+(?:both|all|also|each))?[ \t]+{_VERB}"
)
_AFTER_REPORTS = re.compile(
    r"\b(?:reports?|reporting|coverage|articles?|editorials?|columns?)[ \t]+(?:from|by|in)[ \t]+"
    rf"(?P<runs>{_RUN_LIST})"
)
_RUN_SPLIT = re.compile(r",[ \t]*and[ \t]+|,[ \t]*|[ \t]+and[ \t]+")
# Words that start a clause or name an office, never a newspaper.
_CLAUSE_OPENERS = (
    "a an this that these those it its they he she we both several other some many most all each overall "
    "meanwhile however also but and yet still further moreover likewise additionally conversely elsewhere "
    "separately while where when as in on at for with from by to according"
)
_OFFICES = (
    "president minister prime secretary general chancellor king queen prince leader chief head governor "
    "senator ambassador spokesman spokeswoman spokesperson commander director chairman foreign defense "
    "defence ministry intelligence army military government council officials analysts experts sources"
)
# Words naming what a paper publishes: "Coverage in The Guardian" is The Guardian.
_PRESS_NOUNS = (
    "coverage report reports reporting article articles analysis commentary editorial editorials "
    "column columns op-ed writing"
)
_NOT_NAME_WORDS = frozenset(f"{_CLAUSE_OPENERS} {_OFFICES} {_PRESS_NOUNS}".split())
_CONNECTORS = frozenset({"of", "in", "de", "della", "&"})
_BEFORE_NAME = frozenset(f"{_CLAUSE_OPENERS} {_PRESS_NOUNS}".split()) | _CONNECTORS


@cache
def known_outlets() -> dict[str, str]:
    """Every way the bundled list writes an outlet, mapped to the outlet's name."""
    text = resources.files("briefings").joinpath("data/outlets.yaml").read_text(encoding="utf-8")
    variants: dict[str, str] = {}
    for entry in load_yaml(text):
        name = entry["name"]
        for variant in (name, *entry.get("aliases", ())):
            variants[variant] = name
            if not variant.startswith("The "):
                variants.setdefault(f"The {variant}", name)
    return variants


def outlet_name(text: str) -> str:
    """The listed name of the outlet `text` writes ("Reuters: World News" is Reuters), or ""."""
    known = known_outlets()
    for candidate in (text, text.split(":")[0], text.removeprefix("the ").removeprefix("The ")):
        if candidate.strip() in known:
            return known[candidate.strip()]
    return ""


@cache
def _known_pattern() -> re.Pattern[str]:
    alternatives = "|".join(re.escape(v) for v in sorted(known_outlets(), key=len, reverse=True))
    # Not followed by another capitalised word: "The Atlantic Council" is not The Atlantic, nor
    # "The Times of Malta" The Times.
    return re.compile(rf"(?<![\w&])(?:{alternatives})(?![\w&])(?![ \t]+(?:of[ \t]+)?[A-Z][a-z])")


def outlet_summary(paragraph: str, not_outlets: Collection[str] = ()) -> OutletSummary:
    """One press-review paragraph: every outlet it names, in order, and the first journalist named."""
    excluded = {name.casefold() for name in not_outlets}
    known = [(match.start(), match.end(), known_outlets()[match.group()])
             for match in _known_pattern().finditer(paragraph)]
    unlisted = [(start, start + len(name), name) for start, name in _unlisted_outlets(paragraph)]
    found: list[tuple[int, int, str]] = []
    # Listed names first, then the longest: a name overlapping one already taken is part of it.
    for start, end, name in [*known, *sorted(unlisted, key=lambda item: item[0] - item[1])]:
        if not any(start < taken_end and taken_start < end for taken_start, taken_end, _ in found):
            found.append((start, end, name))
    listed = {name for _, _, name in known}
    outlets = tuple(dict.fromkeys(
        name for _, _, name in sorted(found) if name in listed or name.casefold() not in excluded
    ))
    return OutletSummary(
        outlets=outlets,
        text=paragraph,
        journalist=_journalist(paragraph, outlets),
        truncated=looks_truncated(paragraph),
    )


def _journalist(paragraph: str, outlets: tuple[str, ...]) -> str:
    outlet_names = set(outlets) | {v for v, name in known_outlets().items() if name in outlets}
    for match in _POSSESSIVE.finditer(paragraph):
        if _clean_run(match.group("outlet")) in outlet_names and _is_name(match.group("person")):
            return match.group("person")
    return ""


def _unlisted_outlets(paragraph: str) -> Iterator[tuple[int, str]]:
    """(offset, name) of outlet-shaped names the bundled list may not know."""
    for match in _POSSESSIVE.finditer(paragraph):
        if _is_name(match.group("person")):
            yield from _names_in(match, "outlet")
    for pattern in (_BEFORE_VERB, _AFTER_REPORTS):
        for match in pattern.finditer(paragraph):
            yield from _names_in(match, "runs")


def _names_in(match: re.Match[str], group: str) -> Iterator[tuple[int, str]]:
    offset = match.start(group)
    for piece in _RUN_SPLIT.split(match.group(group)):
        name = _clean_run(piece)
        if name and _is_name(name):
            yield offset + match.group(group).find(piece) + piece.find(name), name


def _clean_run(run: str) -> str:
    """Drop clause openers ("Meanwhile", "Contrasting", "Coverage in") before a name, keeping "The" of
    "The Hill", and a place after a longer name ("Kyiv Post in Ukraine"). Offices stay, so that "Foreign
    Minister Jan Novak" and "Officials in Kyiv" are not taken for names."""
    words = run.split()
    while words and (words[0].casefold() in _BEFORE_NAME or words[0].endswith(("ing", "ly"))):
        words.pop(0)
    if "in" in words[2:]:
        words = words[: words.index("in", 2)]
    return " ".join(words)


def _is_name(text: str) -> bool:
    words = text.split()
    named = [word for word in words if word not in _CONNECTORS]
    return bool(words) and not any(word.casefold() in _NOT_NAME_WORDS for word in named) and (
        words[0] != "The" or len(words) > 1
    )
