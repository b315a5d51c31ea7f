"""ICD 203 likelihood words in forecasts; flags for unhedged certainty and mixed confidence."""

from __future__ import annotations

from briefings.analysis import analyse
from briefings.formats import parse_text
from briefings.model import FlagCode, Likelihood

FORECAST = """# Harbour outlook

## Summary

The strike ended.

## Forecast

Freight rates will very likely fall by spring. A new strike is unlikely before the autumn.
Shipping lines will return to the port. We assess with high confidence that volumes are probably back by May.
"""


def test_likelihood_words_and_forecast_flags() -> None:
    briefing = analyse(parse_text(FORECAST, "outlook.md"))
    forecast = next(i for i, card in enumerate(briefing.cards) if card.kind.value == "forecast")
    assert [(e.term, e.level) for e in briefing.estimates] == [
        ("very likely", Likelihood.VERY_LIKELY), ("unlikely", Likelihood.UNLIKELY),
        ("probably", Likelihood.LIKELY)]
    assert {e.card for e in briefing.estimates} == {forecast}
    codes = {(flag.code, flag.card) for flag in briefing.flags}
    assert (FlagCode.UNHEDGED, forecast) in codes
    assert (FlagCode.MIXED_CONFIDENCE, forecast) in codes
    unhedged = next(flag for flag in briefing.flags if flag.code is FlagCode.UNHEDGED)
    assert unhedged.reason == 'states "will return" with no likelihood word'
    assert Likelihood.VERY_LIKELY.percent == (80, 95)


def test_seed_forecast(seed_page_text: str) -> None:
    briefing = analyse(parse_text(seed_page_text, "page.txt"))
    assert [e.term for e in briefing.estimates] == ["likely", "possibly"]
    assert [flag.reason for flag in briefing.flags if flag.code is FlagCode.UNHEDGED] == [
        'states "will intensify" with no likelihood word']
