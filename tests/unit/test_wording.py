"""The shared words: every surface names references, cards and a figure's source the same way."""

from __future__ import annotations

import datetime as dt

from briefings.export import to_markdown
from briefings.model import Briefing, Card, CardKind, Claim, ClaimSource, Reference
from briefings.wording import (
    card_title,
    claim_where,
    claim_who,
    extra_heading,
    reference_line,
    reference_text,
)

SPLIT = Reference(3, author="Smith, J.", date=dt.date(2025, 6, 25), title="Title", outlet="Outlet",
                  url="https://example.org/a")


def test_a_reference_is_its_raw_text_or_its_fields_in_citation_order() -> None:
    assert reference_text(Reference(1, title="ignored", raw="As written.")) == "As written."
    assert reference_line(SPLIT) == "[3] Smith, J. (2025-06-25). Title. Outlet. https://example.org/a"
    assert reference_text(Reference(2, date=dt.date(2024, 1, 2), url="u")) == "(2024-01-02). u"


def test_the_markdown_export_lists_references_as_the_reader_does() -> None:
    card = Card(CardKind.SUMMARY, "", "Text [3].")
    briefing = Briefing(id="b", title="T", cards=(card,), references=(SPLIT,))
    exported = to_markdown(briefing)
    assert reference_line(SPLIT) in exported.splitlines()
    assert "## What happened" in exported  # a card with no heading is called by its kind


def test_a_heading_is_extra_only_when_it_says_more_than_the_label() -> None:
    assert extra_heading(CardKind.SUMMARY, "What\u2019s happened") == ""
    assert extra_heading(CardKind.FORECAST, "Forecast and consequences") == "Forecast and consequences"
    assert extra_heading(CardKind.QA, "Common question") == ""  # the label is its plural
    assert card_title(CardKind.FORECAST, "") == "Forecast"


def _claim(card: int | None = None, kind: ClaimSource = ClaimSource.BRIEFING, source: str = "",
           reference: int | None = None) -> Claim:
    return Claim(text="6,000", value=6000, low=6000, high=6000, subject="troops", group="troops", card=card,
                 source_kind=kind, source=source, reference=reference)


def test_who_states_a_figure() -> None:
    question = _claim(kind=ClaimSource.QA, source="Why now?")
    assert claim_who(question) == "Q&A: Why now?"
    assert claim_who(question, inline=True) == 'Q&A "Why now?"'
    assert claim_who(_claim(kind=ClaimSource.REFERENCE, source="Reuters", reference=2)) == "[2] Reuters"
    assert claim_who(_claim()) == "the briefing"


def test_where_a_figure_is_names_the_other_briefing_but_not_the_home_one() -> None:
    briefing = Briefing(id="b", title="Troops", cards=(Card(CardKind.ANALYSIS, "Numbers", "6,000 troops."),))
    in_card, in_title = _claim(card=0), _claim()
    assert claim_where(in_card, briefing, home="b") == "Numbers"
    assert claim_where(in_title, briefing, home="b") == "title"
    assert claim_where(in_card, briefing, home="other") == "Troops › Numbers"
    assert claim_where(in_title, briefing, home="other") == "Troops"
    assert claim_where(in_card, None, home="b") == ""
