"""The analyst's lens in words: quality notes, likelihood words, figure rows and timeline dates.

Plain strings only (no Rich, no widgets), so the renderer, the Figures screen, the entity panel
and the facet filter all say the same thing the same way.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from briefings.analysis import FigureGroup
from briefings.model import Briefing, Claim, Estimate, FlagCode, Precision
from briefings.wording import claim_where, claim_who

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


def flag_words(code: str) -> str:
    try:
        return FLAG_WORDS[FlagCode(code)]
    except ValueError:
        return code


def quality_summary(briefing: Briefing) -> str:
    """ "5 quality notes: 2 cut off, 1 figures disagree, …"; empty when the briefing has none."""
    if not briefing.flags:
        return ""
    counts = Counter(flag.code for flag in briefing.flags)
    count = len(briefing.flags)
    kinds = " · ".join(f"{number} {FLAG_WORDS[code]}" for code, number in counts.most_common())
    return f"{count} quality note{'s' if count != 1 else ''}: {kinds}"


def briefing_reasons(briefing: Briefing) -> list[str]:
    """Reasons of the flags about the whole briefing, disagreeing figures first."""
    whole = [flag for flag in briefing.flags if flag.card is None]
    whole.sort(key=lambda flag: flag.code is not FlagCode.DISCREPANCY)
    return [
        flag.reason + (" (F lists the figures)" if flag.code is FlagCode.DISCREPANCY else "")
        for flag in whole
    ]


def card_reasons(briefing: Briefing, card: int) -> list[str]:
    return [
        flag.reason for flag in briefing.flags if flag.card == card and flag.code not in SHOWN_ON_CARD_ALREADY
    ]


def likelihood_words(estimates: Iterable[Estimate]) -> str:
    """ "likely (55–80%), possibly (a hedge off the ICD 203 scale)" for one forecast card."""
    words = []
    for estimate in dict.fromkeys(estimates):
        if estimate.level is None:
            words.append(f"{estimate.term} (a hedge off the ICD 203 scale)")
        else:
            low, high = estimate.level.percent
            same = estimate.term == estimate.level.value
            scale = "" if same else f"{estimate.level.value}, "
            words.append(f"{estimate.term} ({scale}{low}–{high}%)")
    return ", ".join(words) or "none (no word of the ICD 203 scale)"


def shown_date(date: dt.date, precision: Precision) -> str:
    """As precise as the text was: "2025", "Sep 2023", "2025-10-12"."""
    if precision is Precision.YEAR:
        return f"{date.year}"
    if precision is Precision.MONTH:
        return date.strftime("%b %Y")
    return date.isoformat()


@dataclass(frozen=True)
class FigureRow:
    """One figure as the Figures screen lists it; `conflicting` when its range excludes another's."""

    briefing_id: str
    card: int | None
    figure: str
    about: str
    qualifier: str
    who: str
    where: str
    when: str
    conflicting: bool


def group_heading(found: FigureGroup, briefings: int) -> str:
    """ "troops — figures disagree (4 pairs do not overlap)", in words so colour is not the only cue."""
    state = (
        f"figures DISAGREE ({len(found.conflicts)} pair{'s' if len(found.conflicts) != 1 else ''} "
        "do not overlap)"
        if found.disagrees
        else "figures agree"
    )
    spread = f", {briefings} briefings" if briefings > 1 else ""
    return f"{found.group} — {len(found.figures)} figures{spread}, {state}"


def figure_rows(found: FigureGroup, briefings: Mapping[str, Briefing], home: str) -> list[FigureRow]:
    """The group's figures; `where` names the briefing too when it is not the `home` one."""
    conflicting = {index for pair in found.conflicts for index in pair}
    rows = []
    for index, figure in enumerate(found.figures):
        claim = figure.claim
        briefing = briefings.get(figure.briefing_id)
        rows.append(
            FigureRow(
                briefing_id=figure.briefing_id,
                card=claim.card,
                figure=claim.text + (" (denied)" if claim.denied else ""),
                about=claim.subject,
                qualifier=_qualifier(claim),
                who=claim_who(claim),
                where=claim_where(claim, briefing, home),
                when=_when(claim.date),
                conflicting=index in conflicting,
            )
        )
    return rows


def _when(date: dt.date | None) -> str:
    """A claim keeps no precision: a first of the month is shown as the month ("As of July 2025")."""
    if date is None:
        return ""
    return date.strftime("%b %Y") if date.day == 1 else date.isoformat()


def _qualifier(claim: Claim) -> str:
    parts = [claim.qualifier] if claim.qualifier else []
    if claim.change:
        parts.append(f"{claim.change}d")
    if claim.hedged:
        parts.append("hedged")
    return ", ".join(parts) or "—"
