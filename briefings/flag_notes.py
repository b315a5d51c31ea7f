"""The lens's quality notes in words, and which of them show by default.

Shared by the reader and the exports, so both say the same notes the same way. A flag kind shows by
default only when `benchmarks/lens_bench.py` measured it precise on labelled Reuters stories and the seeds
(the lower end of its 95% interval at 0.85 or more): a note that is usually wrong teaches the analyst to
ignore every note. The others are still raised, stored, exported and searchable (`quality:`); the reader
shows them on request.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from briefings.model import Briefing, Flag, FlagCode

FLAG_WORDS: Mapping[FlagCode, str] = {
    FlagCode.TRUNCATED: "cut off",
    FlagCode.UNRELATED: "unrelated Q&A",
    FlagCode.UNMENTIONED: "described but not named",
    FlagCode.HEADLINE: "headline not in the text",
    FlagCode.LATE_CITATION: "late citation",
    FlagCode.OFF_TOPIC_CITATION: "off-topic citation",
    FlagCode.SLUG: "category slug in prose",
    FlagCode.DUPLICATE: "near-duplicate",
    FlagCode.DISCREPANCY: "figures disagree",
    FlagCode.UNHEDGED: "forecast without likelihood",
    FlagCode.MIXED_CONFIDENCE: "confidence mixed with likelihood",
}
"""Short words for each flag code, for summaries and the quality facet."""

SHOWN_ON_CARD_ALREADY = frozenset({FlagCode.TRUNCATED, FlagCode.UNRELATED})
"""Cards say these themselves ("… [cut off]", "unrelated questions hidden"); a note would repeat it."""

_TOO_FEW = "raised too rarely on Reuters and the seeds for its precision to be shown at 0.85 or more"
HELD_BACK: Mapping[FlagCode, str] = {
    FlagCode.HEADLINE: "measured 0.03 precise: wire headlines name what the dateline, an adjective or an "
                       "institution implies (TOKYO, Canadian, the Bank of England)",
    FlagCode.DISCREPANCY: "measured 0 of 30 right before the wire-copy fixes; after them it is "
                          + _TOO_FEW,
    FlagCode.SLUG: "measured 1 of 29 right before the wire-copy fixes; after them it is " + _TOO_FEW,
    FlagCode.TRUNCATED: _TOO_FEW + " (cut-off text keeps its own mark on the card)",
    FlagCode.UNRELATED: _TOO_FEW + " (unrelated Q&A keeps its own mark on the card)",
    FlagCode.UNMENTIONED: _TOO_FEW,
    FlagCode.LATE_CITATION: _TOO_FEW,
    FlagCode.OFF_TOPIC_CITATION: _TOO_FEW,
    FlagCode.UNHEDGED: _TOO_FEW,
    FlagCode.MIXED_CONFIDENCE: _TOO_FEW,
}
"""Flag kinds shown only on request, each with why (from `make bench-lens`; README "Lens precision")."""

HELD_BACK_WORDS = "held back as not yet precise"


def flag_words(code: str) -> str:
    try:
        return FLAG_WORDS[FlagCode(code)]
    except ValueError:
        return code


def shown_flags(briefing: Briefing, every_kind: bool = False) -> list[Flag]:
    """The flags shown: those of kinds measured precise, or every one when the analyst asks."""
    return [flag for flag in briefing.flags if every_kind or flag.code not in HELD_BACK]


def held_back(briefing: Briefing) -> list[Flag]:
    return [flag for flag in briefing.flags if flag.code in HELD_BACK]


def quality_summary(briefing: Briefing, every_kind: bool = False) -> str:
    """ "5 quality notes: 2 cut off · 1 figures disagree", then how many are held back and of what kinds;
    empty when the briefing has none."""
    shown = shown_flags(briefing, every_kind)
    counts = Counter(flag.code for flag in shown)
    held = Counter(flag.code for flag in briefing.flags) - counts
    kinds = " · ".join(f"{number} {FLAG_WORDS[code]}" for code, number in counts.most_common())
    summary = f"{_notes(len(shown))}: {kinds}" if shown else ""
    if held:
        words = ", ".join(FLAG_WORDS[code] for code in held)
        count = f"{held.total()} more" if shown else _notes(held.total())
        summary += f"{' · ' if summary else ''}{count} {HELD_BACK_WORDS} ({words})"
    return summary


def _notes(count: int) -> str:
    return f"{count} quality note{'s' if count != 1 else ''}"


def briefing_flags(briefing: Briefing, every_kind: bool = False) -> list[Flag]:
    """The shown flags about the whole briefing, disagreeing figures first."""
    whole = [flag for flag in shown_flags(briefing, every_kind) if flag.card is None]
    return sorted(whole, key=lambda flag: flag.code is not FlagCode.DISCREPANCY)


def card_reasons(briefing: Briefing, card: int, every_kind: bool = False) -> list[str]:
    """Reasons of the shown flags on one card, leaving out what the card's own marks say."""
    return [
        flag.reason for flag in shown_flags(briefing, every_kind)
        if flag.card == card and flag.code not in SHOWN_ON_CARD_ALREADY
    ]
