"""Quality flags: what in a briefing cannot be trusted as written, each with a reason a person can check.

Every rule here reads only the briefing (and the gazetteer for names), so a flag can be
verified by looking at the card it points to.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from briefings.analysis.passages import paragraphs, sentences
from briefings.analysis.timeline import dates_in, period_end
from briefings.counting import counted_texts
from briefings.entities import Gazetteer
from briefings.model import Briefing, Card, Entity, EntityKind, Flag, FlagCode, Reference
from briefings.text import CITATION, looks_truncated
from briefings.wording import card_title

LATE_CITATION_DAYS = 365
"""A source published more than a year after the event it is cited for reports it second-hand at best."""
DUPLICATE_SIMILARITY = 0.6
"""Share of distinct content words two passages have in common (Jaccard) to count as near-duplicates."""
_DUPLICATE_LIMIT = 300  # passages compared pairwise; more only has exact repeats found
_SLUG = re.compile(r"(?<![\w/.-])[a-z]+(?:-[a-z]+)*-and-[a-z]+(?:-[a-z]+)*(?![\w/.-])")
_IDIOMS = frozenset({
    "hit-and-run", "rock-and-roll", "cut-and-dried", "black-and-white", "give-and-take", "back-and-forth",
    "wait-and-see", "up-and-coming", "cat-and-mouse", "bread-and-butter", "tried-and-tested",
    "tried-and-true",
    "touch-and-go", "stop-and-go", "command-and-control", "live-and-let-live", "cash-and-carry",
    "point-and-click", "pick-and-mix", "such-and-such", "rank-and-file", "up-and-running",
})
_NUMBER_WORDS = frozenset({
    "a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "twenty", "thirty", "forty", "fifty", "hundred", "thousand", "half", "quarter", "third",
})
_FUNCTION_WORDS = frozenset({"and", "or", "but", "nor", "in", "of", "on", "at", "to", "for", "by", "with",
                             "from", "as", "is", "are", "was", "were", "a", "an", "the"})
_NEXT_WORD = re.compile(r" ([a-z]+)\b")
_CONTENT_WORD = re.compile(r"[a-z][a-z'’-]{2,}")
_COMMON = frozenset({
    "the", "and", "for", "that", "with", "this", "from", "are", "was", "were", "has", "have", "had", "its",
    "their", "they", "them", "than", "then", "also", "but", "not", "which", "who", "what", "when", "where",
    "how", "why", "will", "would", "could", "should", "may", "might", "can", "into", "onto", "over", "about",
    "more", "most", "such", "these", "those", "there", "here", "been", "being", "our", "your", "his", "her",
})
_TAIL = 40
_NUMBER = re.compile(r"\d(?:[\d,.]*\d)?")
_FOOTNOTE = re.compile(r"notes?\s*(?:-|:)", re.IGNORECASE)
_SENTENCE_CLOSE = re.compile(r"[.!?…][\"'”’)\]]*$")


def quality_flags(briefing: Briefing, known: Gazetteer, everyone: Gazetteer,
                  anchor: dt.date | None) -> Iterator[Flag]:
    """`known` has the entities the briefing's text names; `everyone` all others, for reference titles."""
    yield from _truncated(briefing)
    yield from _unrelated(briefing)
    relations = _Relations(known, everyone)
    yield from _headline(briefing, relations)
    yield from _citations(briefing, relations, anchor)
    yield from _slugs(briefing)
    yield from _duplicates(briefing)


def _tail(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _TAIL else "…" + text[-_TAIL:]


def _truncated(briefing: Briefing) -> Iterator[Flag]:
    for index, card in enumerate(briefing.cards):
        if card.truncated:
            pieces = [*(f"{item.question}\n{item.answer}" for item in card.qa if item.truncated),
                      *(summary.text for summary in card.outlets if summary.truncated)]
            pieces = pieces or [p for p in paragraphs(card.text) if looks_truncated(p)] or [card.text]
            yield Flag(FlagCode.TRUNCATED, f'cut off mid-sentence: "{_tail(pieces[0])}"', index)
    for entity in briefing.entities:
        if entity.truncated and entity.description and not entity.inferred:  # a guess may be another's blurb
            yield Flag(FlagCode.TRUNCATED,
                       f'description of {entity.name} is cut off: "{_tail(entity.description)}"')


def _unrelated(briefing: Briefing) -> Iterator[Flag]:
    for index, card in enumerate(briefing.cards):
        for item in card.qa:
            if not item.related:
                yield Flag(FlagCode.UNRELATED, f'question about another story: "{item.question}"', index)
    for entity in briefing.entities:
        if entity.description and not entity.mentioned:
            yield Flag(FlagCode.UNMENTIONED, f"{entity.name} is described but never mentioned")


def _headline(briefing: Briefing, relations: _Relations) -> Iterator[Flag]:
    """Names in the headline the cards do not support; a headline-only story has nothing to check against."""
    if not briefing.cards:
        return
    body = _CODE_BLOCK.sub(" ", "\n\n".join(counted_texts(briefing)))
    if len(_DATELINE.sub("", body).split()) < _PROSE_WORDS:
        return  # a table under a headline ("U.S. DIVIDEND MEETINGS"): no prose to check against
    named = {entity.name for entity in relations.known.mentions(body)} | relations.widened(body)
    title = _TICKER.sub(" ", _COMPANY.sub(" ", briefing.title))
    capitals = title.upper() == title
    for entity in relations.known.mentions(title):
        if capitals and " " not in entity.name and entity.kind not in _PLACES:
            continue  # "TOKYO BOND MARKET", "JOINT VENTURE SET UP": in capitals a one-word name may be a word
        if entity.name not in named and not _implied(relations.described(entity), body):
            yield Flag(FlagCode.HEADLINE, f"the headline names {entity.name}; no card does")


_CODE_BLOCK = re.compile(r"```.*?(?:```|$)", re.DOTALL)
_DATELINE = re.compile(r"^[A-Z][\w .,'/-]{1,50}, [A-Z][a-z]{2,8}\.? \d{1,2} - ")  # "LONDON, March 2 - "
_PROSE_WORDS = 8
# Wire headlines name a company by its stock symbol: "U.S. INTEC INC <INTK> 4TH QTR NET" is about a company,
# and "CARBIDE <UK>" is Union Carbide's symbol, not the United Kingdom.
_COMPANY = re.compile(r"^[^<>\n]{0,40}<[^<>\n]{1,12}>")
_TICKER = re.compile(r"<[^<>\n]{1,12}>")
_PLACES = (EntityKind.COUNTRY, EntityKind.PLACE)
_CAPITAL = re.compile(r"\bcapital ([A-Z][\w'-]*(?: [A-Z][\w'-]*)*)")
_WORD = re.compile(r"\w+")
_ADJECTIVES = {"United States": "American", "United Kingdom": "British", "Netherlands": "Dutch",
               "France": "French", "Switzerland": "Swiss", "Spain": "Spanish", "Philippines": "Filipino"}
"""Adjectives that do not start like their country's name; "Japanese", "Canadian" and the like do."""


def _implied(entity: Entity, body: str) -> bool:
    """Whether the body names `entity` another way: an acronym spelled out ("New York Stock Exchange" for
    NYSE) or, for a place, its capital (a "TOKYO" dateline) or its adjective ("Canadian")."""
    if any(name.isupper() and _spelled_out(name, body) for name in entity.names):
        return True
    if entity.kind not in _PLACES:
        return False
    folded = body.casefold()
    capital = _CAPITAL.search(entity.description)
    if capital and re.search(rf"\b{re.escape(capital.group(1).casefold())}\b", folded):
        return True
    words = set(_WORD.findall(folded))
    stems = [name[: max(4, len(name) - 2)].casefold() for name in entity.names
             if " " not in name and len(name) >= 4]
    adjective = _ADJECTIVES.get(entity.name, "").casefold()
    return (adjective in words) or any(word.startswith(stem) for stem in stems for word in words)


def _spelled_out(acronym: str, text: str) -> bool:
    """"NYMEX" in "New York Mercantile Exchange": its letters start consecutive capitalised words."""
    letters = acronym.replace(".", "")
    for run in re.finditer(r"(?:[A-Z][a-z]+\s+)*[A-Z][a-z]+", text):
        words = run.group().split()
        if any(_starts_spell(letters, words[start:]) for start in range(len(words))):
            return True
    return False


def _starts_spell(letters: str, words: list[str]) -> bool:
    if not letters:
        return True
    if not words:
        return False
    word = words[0].upper()
    return any(_starts_spell(letters[size:], words[1:])
               for size in range(len(word), 0, -1) if letters.startswith(word[:size]))


class _Relations:
    """Entities a passage names, widened by one step through their descriptions.

    A passage naming Putin ("President of Russia") is about Russia too, and one naming
    Pyongyang ("Capital of North Korea") about North Korea.
    """

    def __init__(self, known: Gazetteer, everyone: Gazetteer) -> None:
        self.known = known
        self.everyone = everyone
        self._related: dict[str, set[str]] = {}

    def named(self, text: str) -> list[str]:
        """Names in a text outside the cards: the briefing's own reading first, then any known entity."""
        found = [*self.known.mentions(text), *self.everyone.mentions(text)]
        return list(dict.fromkeys(name for entity in found for name in entity.names[:1]))

    def described(self, entity: Entity) -> Entity:
        """The gazetteer's reading of an entity the briefing lists bare (Reuters' "United Kingdom" has no
        blurb), for its aliases and description."""
        fuller = [found for found in self.everyone.mentions(entity.name) if found.name == entity.name]
        return fuller[0] if fuller and not entity.description else entity

    def widened(self, text: str) -> set[str]:
        names: set[str] = set()
        for entity in self.known.mentions(text):
            if entity.name not in self._related:
                self._related[entity.name] = {entity.name, *self.named(entity.description[:300])}
            names |= self._related[entity.name]
        return names


@dataclass(frozen=True)
class _CitedSpan:
    card: int
    text: str
    numbers: tuple[int, ...]


def _cited_spans(card: Card, index: int) -> Iterator[_CitedSpan]:
    """A citation covers its sentence and the uncited sentences of its paragraph before it."""
    for paragraph in paragraphs(card.text):
        pending: list[str] = []
        for sentence in sentences(paragraph):
            pending.append(sentence)
            numbers = tuple(dict.fromkeys(int(n) for n in CITATION.findall(sentence)))
            if numbers:
                yield _CitedSpan(index, " ".join(pending), numbers)
                pending = []


def _citations(briefing: Briefing, relations: _Relations, anchor: dt.date | None) -> Iterator[Flag]:
    """Read in the cards the input brought, where a citation's paragraph is whole: a derived card quotes
    its sentences apart, so each span is judged once, in the full text."""
    for index, card in enumerate(briefing.cards):
        if not card.citations or card.derived:
            continue
        for span in _cited_spans(card, index):
            for number in span.numbers:
                reference = briefing.reference(number)
                if reference is not None:
                    yield from _citation_flags(span, reference, relations, anchor)


def _citation_flags(span: _CitedSpan, reference: Reference, relations: _Relations,
                    anchor: dt.date | None) -> Iterator[Flag]:
    text = CITATION.sub("", span.text)
    stated = dates_in(text, anchor)
    if reference.date and stated:
        latest = max(stated, key=lambda found: period_end(found.date, found.precision))
        gap = (reference.date - period_end(latest.date, latest.precision)).days
        if gap > LATE_CITATION_DAYS:
            yield Flag(FlagCode.LATE_CITATION,
                       f"[{reference.number}] is dated {reference.date.isoformat()}, {gap // 30} months "
                       f"after {latest.text}, the event it is cited for", span.card)
    title_names = relations.named(reference.title)
    if title_names and not set(title_names) & relations.widened(text):
        yield Flag(FlagCode.OFF_TOPIC_CITATION,
                   f"[{reference.number}]'s title names {', '.join(title_names)}; the passage citing it "
                   "names none of them", span.card)


def _slugs(briefing: Briefing) -> Iterator[Flag]:
    topic_slugs = [topic for topic in briefing.topics if "-" in topic]
    for index, text in enumerate(counted_texts(briefing)):
        found = [match.group() for match in _SLUG.finditer(text) if _looks_like_slug(match)] \
            if "-and-" in text else []
        found += [slug for slug in topic_slugs
                  if re.search(rf"(?<![\w-]){re.escape(slug)}(?![\w-])", text)]
        for slug in dict.fromkeys(found):
            yield Flag(FlagCode.SLUG, f'category slug "{slug}" in the prose', index)


def _looks_like_slug(match: re.Match[str]) -> bool:
    """"amid war-and-conflicts and politics": a category name standing as a noun. Not an idiom, a number
    ("three-and-a-half") or a compound before its noun ("a sex-and-spy scandal", "hoof-and-mouth disease")."""
    parts = match.group().split("-")
    if match.group() in _IDIOMS or any(part in _NUMBER_WORDS for part in parts):
        return False
    following = _NEXT_WORD.match(match.string, match.end())
    return following is None or following.group(1) in _FUNCTION_WORDS


def _duplicates(briefing: Briefing) -> Iterator[Flag]:
    """Prose passages that say nearly the same words with the same figures.

    Table rows and parallel sentences ("exports fell to 1.35 mln tonnes", "imports rose to 2.16 mln
    tonnes") share most words but not their figures: they are the wire's way of listing, not a repeat.

    A split article is read whole, in its body card's paragraphs, as before it was split: the cards the
    split derived only quote them, one sentence a line, and sentences compared alone are not the
    paragraphs an editor repeated (two glossary lines differing by a "not" are nearly the same words).
    """
    units = [(index, piece) for index, card in enumerate(briefing.cards) if not card.derived
             for piece in _units(card) if _is_prose(piece)]
    words = [frozenset(_CONTENT_WORD.findall(text.lower())) - _COMMON for _, text in units]
    figures = [frozenset(_NUMBER.findall(_DATELINE.sub("", text))) for _, text in units]
    reported: set[int] = set()
    seen: dict[frozenset[str], int] = {}
    for later, (card, text) in enumerate(units):
        if len(words[later]) < 5:
            continue
        candidates = range(later) if len(units) <= _DUPLICATE_LIMIT else [seen.get(words[later], later)]
        for earlier in candidates:
            if earlier != later and figures[earlier] == figures[later] \
                    and _similarity(words[earlier], words[later]) >= DUPLICATE_SIMILARITY:
                if later not in reported:
                    reported.add(later)
                    reason = _duplicate_reason(briefing, units[earlier], text, card)
                    yield Flag(FlagCode.DUPLICATE, reason, card)
                break
        seen.setdefault(words[later], later)


def _duplicate_reason(briefing: Briefing, earlier: tuple[int, str], text: str, card: int) -> str:
    other = briefing.cards[earlier[0]]
    where = "this card" if earlier[0] == card else f'"{card_title(other.kind, other.heading)}"'
    return f'"{_head(text)}" nearly repeats "{_head(earlier[1])}" in {where}'


def _units(card: Card) -> list[str]:
    if card.qa:
        return [item.answer for item in card.qa if item.related]
    if card.outlets:
        return [summary.text for summary in card.outlets]
    return paragraphs(card.text)


def _is_prose(text: str) -> bool:
    """A passage that ends as a sentence does: not a table, a table's heading, a code block, nor a table's
    footnote ("Note - Season begins June 1."), which the wire repeats under every table it applies to."""
    return not text.startswith("```") and not _FOOTNOTE.match(text) \
        and _SENTENCE_CLOSE.search(CITATION.sub("", text).rstrip()) is not None


def _similarity(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _head(text: str) -> str:
    words = text.split()
    return " ".join(words[:8]) + ("…" if len(words) > 8 else "")
