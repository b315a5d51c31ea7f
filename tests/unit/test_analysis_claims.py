"""Figures: extraction, ranges, grouping and disagreement, on the seeds and on text of our own."""

from __future__ import annotations

import pytest

from briefings.analysis import analyse, group_figures, normalise
from briefings.formats import parse_text
from briefings.model import Briefing, Claim, ClaimSource, FlagCode


def _claims(text: str) -> tuple[Claim, ...]:
    return analyse(parse_text(f"# Harbour report\n\n## Summary\n\n{text}\n", "t.md")).claims


def test_seed_page_troop_figures_are_one_disagreeing_group_each_with_its_source(page: Briefing) -> None:
    troops = next(group for group in group_figures([page]) if group.group == "troops")
    assert troops.disagrees
    by_text = {figure.claim.text: figure.claim for figure in troops.figures}
    assert {"over 10,000", "approximately 15,000", "6,000", "30,000"} <= set(by_text)
    assert by_text["over 10,000"].low == 10_000 and by_text["over 10,000"].high is None
    assert by_text["approximately 15,000"].source_kind is ClaimSource.OUTLET
    assert by_text["approximately 15,000"].source == "Al Jazeera"
    assert by_text["6,000"].source_kind is ClaimSource.QA
    assert page.cards[by_text["6,000"].card or 0].kind.value == "qa"
    tripled = by_text["30,000"]
    assert tripled.denied and tripled.change == "triple"
    assert "Business Insider" in tripled.source and "The Japan Times" in tripled.source
    assert any(flag.code is FlagCode.DISCREPANCY and flag.reason.startswith("troops:") for flag in page.flags)


def test_seed_page_shell_figures_are_grouped(page: Briefing) -> None:
    shells = next(group for group in group_figures([page]) if group.group == "shells")
    assert {figure.claim.text for figure in shells.figures} == {"millions", "over 12 million"}
    assert not shells.disagrees  # "millions" and "over 12 million" can both be true


def test_reference_title_figure_joins_the_troops_group(page: Briefing, article: Briefing) -> None:
    troops = next(group for group in group_figures([page, article]) if group.group == "troops")
    from_article = [figure.claim for figure in troops.figures if figure.briefing_id == article.id]
    assert [(claim.text, claim.reference, claim.source_kind) for claim in from_article] == [
        ("6,000", 1, ClaimSource.REFERENCE)]
    assert from_article[0].card == 0  # the card citing [1], so the reader can jump there


@pytest.mark.parametrize(
    ("text", "value", "low", "high"),
    [
        ("The port hired more than 2,500 dockers.", 2500, 2500, None),
        ("About 400 dockers walked out.", 400, 360, 440),
        ("Up to 40% of cargo was delayed.", 40, 0, 40),
        ("Nearly 900 dockers came back.", 900, 810, 900),
        ("The strike cost 3.5 million dollars.", 3_500_000, 3_500_000, 3_500_000),
        ("Tens of thousands of containers waited.", 10_000, 10_000, 100_000),
    ],
)
def test_qualifiers_give_ranges(text: str, value: float, low: float, high: float | None) -> None:
    (claim,) = _claims(text)
    assert (claim.value, claim.low) == pytest.approx((value, low))
    assert claim.high == (pytest.approx(high) if high is not None else None)


def test_years_days_and_citations_are_not_figures() -> None:
    text = "Since 2019 the port has grown; on June 25, 2024 it reopened after the 2023 strike [1]."
    assert _claims(text) == ()


def test_hedged_and_denied_figures() -> None:
    text = "The union reportedly has 1,200 members. Officials denied that 300 dockers quit."
    hedged, denied = _claims(text)
    assert hedged.hedged and not hedged.denied
    assert denied.denied


def test_synonyms_and_normaliser() -> None:
    assert normalise("North Korean troops") == normalise("soldiers") == "troops"
    assert normalise("military personnel") == "troops"
    assert normalise("artillery shells") == normalise("rounds") == "shells"
    assert normalise("Moscow's ammunition needs") == "ammunition need"


def test_figures_that_do_not_overlap_disagree_and_denied_ones_never_do() -> None:
    briefing = analyse(parse_text(
        "# Harbour report\n\n## Summary\n\nAbout 500 dockers struck.\n\n## Analysis\n\n"
        "Over 2,000 workers struck, "
        "while the port denied that 9,000 dockers struck.\n", "t.md"))
    groups = {group.group: group for group in group_figures([briefing], minimum=1)}
    assert groups["docker"].disagrees is False  # 500 vs a denied 9,000
    assert groups["worker"].disagrees is False
