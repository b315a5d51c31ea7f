"""Choosing a card kind from the heading a page gives it, shared by every format with headings."""

from __future__ import annotations

import re

from briefings.model import CardKind

# First match wins, so the specific phrases come before the general words they contain.
_HEADING_RULES: tuple[tuple[str, CardKind], ...] = (
    (r"what the papers say|what the press says|press review|media coverage|coverage", CardKind.PAPERS),
    (r"what'?s happened|what happened|summary|overview|in brief|the news", CardKind.SUMMARY),
    (r"forecast|outlook|what next|what'?s next|future|prediction|scenario", CardKind.FORECAST),
    (r"humanitarian", CardKind.HUMANITARIAN),
    (r"economic|economy|market", CardKind.ECONOMIC),
    (r"impact|consequences for|what it means for", CardKind.IMPACT),
    (r"how we got here|background|context|history", CardKind.BACKGROUND),
    (r"timeline|chronology|key dates", CardKind.TIMELINE),
    (r"common questions?|q ?& ?a|faq|questions and answers", CardKind.QA),
    (r"go deeper|questions|further reading", CardKind.QUESTIONS),
    (r"takeaways?|highlights|key points|talking points|in short|bullets", CardKind.TAKEAWAYS),
    (r"quote|in their words", CardKind.QUOTE),
    (r"perspectives|viewpoints", CardKind.PERSPECTIVES),
    (r"who says what|statements|on the record", CardKind.STATEMENTS),
    (r"reactions?", CardKind.REACTIONS),
    (r"key players|who'?s who|actors", CardKind.KEY_PLAYERS),
    (r"technical", CardKind.TECHNICAL),
    (r"did you know", CardKind.DID_YOU_KNOW),
    (r"analysis|behind the headline|why it matters", CardKind.ANALYSIS),
    (r"article|body|story|report", CardKind.BODY),
)
_COMPILED = tuple(
    (re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE), kind) for pattern, kind in _HEADING_RULES
)


def kind_for_heading(heading: str, default: CardKind = CardKind.ANALYSIS) -> CardKind:
    """ "Forecast and Consequences" gives FORECAST, "Outlook" too; an unknown heading gives `default`."""
    normalized = heading.replace("\u2019", "'")
    for pattern, kind in _COMPILED:
        if pattern.search(normalized):
            return kind
    return default
