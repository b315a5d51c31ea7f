"""The analyst's lens: figures, quality flags, dated events and estimative language, computed at ingest.

`analyse` is deterministic and offline: rules over the briefing's own text and the gazetteer,
so the same briefing always gets the same analysis and it can be stored with it. Running it
again on an analysed briefing gives the same briefing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from briefings.analysis.claims import (
    Figure,
    FigureGroup,
    claims_in,
    figures_of,
    group,
    group_figures,
    normalise,
)
from briefings.analysis.estimative import estimates
from briefings.analysis.passages import passages
from briefings.analysis.quality import quality_flags
from briefings.analysis.timeline import EventFinder, anchor_date, anchor_precision, dates_in
from briefings.entities import Gazetteer, bundled_gazetteer
from briefings.model import Briefing, Claim, Flag, FlagCode
from briefings.wording import claim_card, claim_who

__all__ = ["Figure", "FigureGroup", "analyse", "dates_in", "describe_claim", "group", "group_figures",
           "normalise"]

def analyse(briefing: Briefing, gazetteer: Gazetteer | None = None) -> Briefing:
    """The briefing with `claims`, `flags`, `timeline` and `estimates` filled; nothing else changes.

    Names are matched with `gazetteer` (the bundled one by default) plus the briefing's own entities.
    """
    everyone = gazetteer or bundled_gazetteer()
    known = _known_entities(briefing, everyone)
    anchor = anchor_date(briefing)
    items = list(passages(briefing))
    claims = claims_in(briefing, items)
    likelihood, forecast_flags = estimates(briefing)
    flags = (*quality_flags(briefing, known, everyone, anchor), *_discrepancies(briefing, claims),
             *forecast_flags)
    timeline = tuple(EventFinder(known).events(items, anchor, anchor_precision(briefing)))
    return replace(briefing, claims=claims, flags=flags, timeline=timeline, estimates=likelihood)


def _known_entities(briefing: Briefing, everyone: Gazetteer) -> Gazetteer:
    """The briefing's entities and those of `everyone` its text names, the briefing's own reading first."""
    own = Gazetteer(briefing.entities)
    named = [entity for entity in everyone.mentions(briefing.plain_text())
             if not any(own.knows(name) for name in entity.names)]
    return own.merged(named) if named else own


def describe_claim(claim: Claim, briefing: Briefing | None = None) -> str:
    """"over 10,000 troops (the briefing, What's happened)": the figure, who states it and where."""
    card = claim_card(claim, briefing) if briefing is not None else ""
    where = f", {card}" if card else ""
    denied = " (denied)" if claim.denied else ""
    return f"{claim.text} {claim.subject}{denied} ({claim_who(claim, inline=True)}{where})"


def _discrepancies(briefing: Briefing, claims: tuple[Claim, ...]) -> Iterator[Flag]:
    for found in group(figures_of(replace(briefing, claims=claims))):
        if found.disagrees:
            first, second = found.conflicts[0]
            yield Flag(FlagCode.DISCREPANCY,
                       f"{found.group}: {describe_claim(found.figures[first].claim, briefing)} vs "
                       f"{describe_claim(found.figures[second].claim, briefing)}")
