"""What changed between two versions of a briefing, card by card, as an analyst following a story asks.

Cards are matched by card id (`Briefing.card_ids`). Within a card, sentences are compared in order
(difflib over the sentence lists): a sentence only in the new version is added, only in the old one
removed, and a removed and an added one that are a close match (difflib ratio of at least SIMILAR)
are one sentence changed. A timeline card is compared entry by entry instead, so a new entry is said
once. Figures (`Claim`s) of the same card, subject group and unit whose values differ have moved
(15 → 30 dead). References are matched by their link (else their citation as written), not their
number, which a new article can shift; citation numbers inside sentences are compared the same way.
Derived cards are left out: they quote the full text, whose changes are listed once, in its card.
`change_lines` says it all in words, the same for the command line and the reader.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from briefings.model import Briefing, Card, Claim, Reference, TimelineEvent
from briefings.sentences import split_sentences
from briefings.text import CITATION

SIMILAR = 0.6
"""difflib's ratio from which a removed and an added sentence are one sentence changed (as
`difflib.get_close_matches` takes a close match): "15 people were killed" → "30 people were killed"
is about 0.95, two unrelated sentences of a story well under 0.5."""
_BLOCKS = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*(?:[-*+]|\d{1,3}[.)])\s)")
_LIST_MARK = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s+|^>\s?")


class CardStatus(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True)
class SentenceChange:
    old: str
    new: str


@dataclass(frozen=True)
class FigureMove:
    """A figure of one card whose value changed: `before` and `after` are the values each version
    states about the subject (usually one each), `old_text` and `new_text` the words stating them."""

    group: str
    unit: str
    subject: str
    before: tuple[float, ...]
    after: tuple[float, ...]
    old_text: tuple[str, ...]
    new_text: tuple[str, ...]


@dataclass(frozen=True)
class CardChanges:
    card: str
    """The card's id ("summary", "papers-2")."""
    heading: str
    status: CardStatus
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[SentenceChange, ...] = ()
    events_added: tuple[TimelineEvent, ...] = ()
    events_removed: tuple[TimelineEvent, ...] = ()
    figures: tuple[FigureMove, ...] = ()


@dataclass(frozen=True)
class BriefingChanges:
    cards: tuple[CardChanges, ...] = ()
    """Cards that changed, in the new version's order, then those removed in the old one's."""
    references_added: tuple[Reference, ...] = ()
    references_dropped: tuple[Reference, ...] = ()
    outlets_added: tuple[str, ...] = ()
    outlets_dropped: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.cards or self.references_added or self.references_dropped or self.outlets_added
                    or self.outlets_dropped)


def changes(old: Briefing, new: Briefing) -> BriefingChanges:
    """What `new` says that `old` did not, and the reverse; empty for two versions saying the same."""
    old_cards, new_cards = _brought(old), _brought(new)
    cards = [_card_changes(card_id, old_cards.get(card_id), card, old, new)
             for card_id, card in new_cards.items()]
    cards += [_card_changes(card_id, card, None, old, new)
              for card_id, card in old_cards.items() if card_id not in new_cards]
    old_refs = {_reference_key(r): r for r in old.references}
    new_refs = {_reference_key(r): r for r in new.references}
    old_outlets, new_outlets = _outlets(old), _outlets(new)
    return BriefingChanges(
        cards=tuple(change for change in cards if change is not None),
        references_added=tuple(r for key, r in new_refs.items() if key not in old_refs),
        references_dropped=tuple(r for key, r in old_refs.items() if key not in new_refs),
        outlets_added=tuple(name for key, name in new_outlets.items() if key not in old_outlets),
        outlets_dropped=tuple(name for key, name in old_outlets.items() if key not in new_outlets),
    )


def _brought(briefing: Briefing) -> dict[str, tuple[Card, int]]:
    """Card id -> (card, position) of the cards the input brought."""
    ids = briefing.card_ids()
    return {ids[index]: (briefing.cards[index], index) for index in briefing.brought_cards()}


def _card_changes(card_id: str, old: tuple[Card, int] | None, new: tuple[Card, int] | None,
                  old_briefing: Briefing, new_briefing: Briefing) -> CardChanges | None:
    """None when the card says the same in both; `old` or `new` None for a card only the other has."""
    old_card, new_card = (old[0] if old else None), (new[0] if new else None)
    shown = new_card or old_card
    heading = (shown.heading or shown.kind.label) if shown else card_id
    status = CardStatus.CHANGED if old and new else CardStatus.ADDED if new else CardStatus.REMOVED
    if (old_card and old_card.events) or (new_card and new_card.events):
        before = old_card.events if old_card else ()
        after = new_card.events if new_card else ()
        found = CardChanges(card_id, heading, status,
                            events_added=_missing(after, before, new_briefing, old_briefing),
                            events_removed=_missing(before, after, old_briefing, new_briefing))
    else:
        added, removed, changed = _sentence_changes(
            _sentences(old_card, old_briefing), _sentences(new_card, new_briefing))
        found = CardChanges(card_id, heading, status, added, removed, changed)
    if old and new:
        moves = _figure_moves(_card_claims(old_briefing, old[1]), _card_claims(new_briefing, new[1]))
        found = replace(found, figures=moves)
    has_any = (found.added or found.removed or found.changed or found.events_added or found.events_removed
               or found.figures)
    return found if has_any or status is not CardStatus.CHANGED else None


Sentence = tuple[str, str]
"""A sentence as written, and as compared: its citations named by their reference, not their number."""


def _sentences(card: Card | None, briefing: Briefing) -> list[Sentence]:
    if card is None:
        return []
    found = []
    for block in _BLOCKS.split(card.text):
        for sentence in split_sentences(_LIST_MARK.sub("", block.strip())):
            found.append((sentence, _comparable(sentence, briefing)))
    return found


def _comparable(text: str, briefing: Briefing) -> str:
    def named(match: re.Match[str]) -> str:
        reference = briefing.reference(int(match[1]))
        return f"[{_reference_key(reference)}]" if reference else match[0]

    return CITATION.sub(named, " ".join(text.split()))


def _sentence_changes(old: list[Sentence], new: list[Sentence]
                      ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[SentenceChange, ...]]:
    added: list[str] = []
    removed: list[str] = []
    changed: list[SentenceChange] = []
    matcher = difflib.SequenceMatcher(None, [s[1] for s in old], [s[1] for s in new], autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            continue
        pairs = _close_pairs(old[old_start:old_end], new[new_start:new_end])
        paired_old = {o for o, _ in pairs}
        paired_new = {n: o for o, n in pairs}
        for offset, sentence in enumerate(new[new_start:new_end]):
            if offset in paired_new:
                changed.append(SentenceChange(old[old_start + paired_new[offset]][0], sentence[0]))
            else:
                added.append(sentence[0])
        removed += [s[0] for offset, s in enumerate(old[old_start:old_end]) if offset not in paired_old]
    return tuple(added), tuple(removed), tuple(changed)


def _close_pairs(old: list[Sentence], new: list[Sentence]) -> list[tuple[int, int]]:
    """(old offset, new offset) of the closest pairs at or above SIMILAR, each sentence in one pair."""
    scored = sorted(((difflib.SequenceMatcher(None, o[1], n[1], autojunk=False).ratio(), i, j)
                     for i, o in enumerate(old) for j, n in enumerate(new)), reverse=True)
    pairs: list[tuple[int, int]] = []
    for ratio, i, j in scored:
        if ratio < SIMILAR:
            break
        if all(i != a and j != b for a, b in pairs):
            pairs.append((i, j))
    return pairs


def _missing(events: Iterable[TimelineEvent], others: Iterable[TimelineEvent], briefing: Briefing,
             other: Briefing) -> tuple[TimelineEvent, ...]:
    """The events of `briefing` that `other` does not have (by their date's words and text)."""
    have = {(e.date_text, _comparable(e.text, other)) for e in others}
    return tuple(e for e in events if (e.date_text, _comparable(e.text, briefing)) not in have)


def _card_claims(briefing: Briefing, position: int) -> list[Claim]:
    return [claim for claim in briefing.claims if claim.card == position and not claim.denied
            and claim.unit != "×"]


def _figure_key(claim: Claim) -> tuple[str, str]:
    return claim.group or " ".join(claim.subject.casefold().split()), claim.unit


def _figure_moves(old: list[Claim], new: list[Claim]) -> tuple[FigureMove, ...]:
    before: dict[tuple[str, str], list[Claim]] = {}
    for claim in old:
        before.setdefault(_figure_key(claim), []).append(claim)
    after: dict[tuple[str, str], list[Claim]] = {}
    for claim in new:
        after.setdefault(_figure_key(claim), []).append(claim)
    moves = []
    for key, claims in after.items():
        was = before.get(key)
        old_values = tuple(sorted({c.value for c in was})) if was else ()
        new_values = tuple(sorted({c.value for c in claims}))
        if key[0] and was and old_values != new_values:
            moves.append(FigureMove(key[0], key[1], claims[0].subject, old_values, new_values,
                                    tuple(dict.fromkeys(c.text for c in was)),
                                    tuple(dict.fromkeys(c.text for c in claims))))
    return tuple(moves)


def _reference_key(reference: Reference) -> str:
    return reference.url or reference.raw or f"{reference.outlet}|{reference.title}|{reference.date}"


def _outlets(briefing: Briefing) -> dict[str, str]:
    """The outlets the references and the outlet paragraphs name, in order: folded name -> name."""
    names = [r.outlet for r in briefing.references]
    names += [outlet for card in briefing.cards for summary in card.outlets for outlet in summary.outlets]
    seen: dict[str, str] = {}
    for name in names:
        if name.strip():
            seen.setdefault(name.strip().casefold(), name.strip())
    return seen


# -- in words ------------------------------------------------------------------------------------------------

Line = tuple[str, str]
"""A line of changes in words, and its mark: "+" added, "-" removed, "~" and "→" a sentence as it was and
as it is, "=" a figure moved, "" a heading. The command line and the reader show the same lines."""


def change_lines(found: BriefingChanges) -> list[Line]:
    """The changes as lines, card by card, then the sources and the outlets."""
    lines: list[Line] = []
    for card in found.cards:
        lines += _card_lines(card)
    if found.references_added or found.references_dropped:
        lines.append(("Sources", ""))
        lines += [(_reference(r), "+") for r in found.references_added]
        lines += [(_reference(r), "-") for r in found.references_dropped]
    if found.outlets_added or found.outlets_dropped:
        lines.append(("Outlets", ""))
        lines += [(name, "+") for name in found.outlets_added]
        lines += [(name, "-") for name in found.outlets_dropped]
    return lines


def _card_lines(card: CardChanges) -> list[Line]:
    state = {CardStatus.ADDED: " (new card)", CardStatus.REMOVED: " (card removed)"}.get(card.status, "")
    lines: list[Line] = [(f"{card.heading} [{card.card}]{state}", "")]
    for change in card.changed:
        lines += [(change.old, "~"), (change.new, "→")]
    lines += [(sentence, "+") for sentence in card.added]
    lines += [(sentence, "-") for sentence in card.removed]
    lines += [(_event(event), "+") for event in card.events_added]
    lines += [(_event(event), "-") for event in card.events_removed]
    lines += [(_figure_move(move), "=") for move in card.figures]
    return lines


def _event(event: TimelineEvent) -> str:
    """As the timeline card writes an entry."""
    return f"{event.date_text}: {event.text}" if event.date_text else event.text


def _figure_move(move: FigureMove) -> str:
    def values(numbers: tuple[float, ...]) -> str:
        return ", ".join(f"{n:,.15g}%" if move.unit == "%" else f"{move.unit}{n:,.15g}" for n in numbers)

    return f"figure moved: {move.subject} {values(move.before)} → {values(move.after)}"


def _reference(reference: Reference) -> str:
    words = " — ".join(part for part in (reference.outlet, reference.title or reference.raw) if part)
    link = f" <{reference.url}>" if reference.url and reference.url != reference.raw else ""
    return f"[{reference.number}] {words}{link}"
