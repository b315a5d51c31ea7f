"""The analyst's lens in words: quality notes, likelihood words, figure rows and timeline dates.

Plain strings only (no Rich, no widgets), so the renderer, the Figures screen, the entity panel
and the facet filter all say the same thing the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from briefings.analysis import FigureGroup
from briefings.flag_notes import briefing_flags
from briefings.model import Briefing, Claim, Estimate, FlagCode, Precision
from briefings.wording import claim_where, claim_who, date_label


def briefing_reasons(briefing: Briefing, every_kind: bool = False) -> list[str]:
    """Reasons of the shown flags about the whole briefing, disagreeing figures first (F lists them)."""
    return [
        flag.reason + (" (F lists the figures)" if flag.code is FlagCode.DISCREPANCY else "")
        for flag in briefing_flags(briefing, every_kind)
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
    return date_label(date, Precision.MONTH if date.day == 1 else Precision.DAY)


def _qualifier(claim: Claim) -> str:
    parts = [claim.qualifier] if claim.qualifier else []
    if claim.change:
        parts.append(f"{claim.change}d")
    if claim.hedged:
        parts.append("hedged")
    return ", ".join(parts) or "—"
