"""Estimative language in forecasts, on the scale of ICD 203 (US Intelligence Community Directive 203).

The directive asks for one of seven likelihood expressions (or its listed synonym) wherever a
judgement is uncertain, and for confidence ("we assess with high confidence") to be stated
apart from likelihood, never in the same sentence. A forecast saying "will persist" with no
likelihood word states a certainty it cannot have.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from briefings.analysis.passages import paragraphs, sentences
from briefings.model import Briefing, CardKind, Estimate, Flag, FlagCode, Likelihood

# Longest first, so "very unlikely" is not read as "unlikely" nor "highly likely" as "likely".
_TERMS: tuple[tuple[str, Likelihood | None], ...] = (
    ("almost no chance", Likelihood.ALMOST_NO_CHANCE), ("remote chance", Likelihood.ALMOST_NO_CHANCE),
    ("remote possibility", Likelihood.ALMOST_NO_CHANCE),
    ("very unlikely", Likelihood.VERY_UNLIKELY), ("highly unlikely", Likelihood.VERY_UNLIKELY),
    ("highly improbable", Likelihood.VERY_UNLIKELY), ("very improbable", Likelihood.VERY_UNLIKELY),
    ("unlikely", Likelihood.UNLIKELY), ("improbable", Likelihood.UNLIKELY),
    ("improbably", Likelihood.UNLIKELY),
    ("roughly even chance", Likelihood.ROUGHLY_EVEN), ("roughly even odds", Likelihood.ROUGHLY_EVEN),
    ("even chance", Likelihood.ROUGHLY_EVEN), ("fifty-fifty", Likelihood.ROUGHLY_EVEN),
    ("very likely", Likelihood.VERY_LIKELY), ("highly likely", Likelihood.VERY_LIKELY),
    ("highly probable", Likelihood.VERY_LIKELY), ("very probably", Likelihood.VERY_LIKELY),
    ("almost certainly", Likelihood.ALMOST_CERTAIN), ("almost certain", Likelihood.ALMOST_CERTAIN),
    ("nearly certain", Likelihood.ALMOST_CERTAIN), ("virtually certain", Likelihood.ALMOST_CERTAIN),
    ("likely", Likelihood.LIKELY), ("probable", Likelihood.LIKELY), ("probably", Likelihood.LIKELY),
    # Hedges the scale does not define: noted, so a reader sees how vague a forecast is.
    ("possibly", None), ("possible", None), ("perhaps", None), ("may", None), ("might", None),
    ("could", None), ("potentially", None),
)
_LEVELS = dict(_TERMS)
# The lookahead skips positions no term starts at before the alternatives are tried (twice as fast).
_TERM = re.compile("(?=[" + "".join(sorted({term[0] for term, _ in _TERMS})) + r"])\b(?:"
                   + "|".join(re.escape(term) for term, _ in _TERMS) + r")\b", re.IGNORECASE)
# These two likewise, on their words' first letters (each forecast sentence is searched for both; the
# certainty words' search took twice as long without it).
_CONFIDENCE = re.compile(r"(?=[chlm])\b(?:(?:high|moderate|medium|low)[\s-]+confidence|confident(?:ly)?)\b",
                         re.IGNORECASE)
_CERTAINTY = re.compile(r"(?=[aisw])\b(?:will|won't|shall|is going to|are going to|is set to|are set to"
                        r"|is certain to|are certain to|is bound to|are bound to)"
                        r"\s+(?:\w+ly\s+)?(?:not\s+)?\w+",
                        re.IGNORECASE)


def estimates(briefing: Briefing) -> tuple[tuple[Estimate, ...], tuple[Flag, ...]]:
    """The likelihood words of every forecast card, and flags for unhedged or mixed sentences in the
    forecasts a briefing makes itself. A split article's forecast card quotes what its speakers expect
    ("the company said it will close the plant"): the directive is for the writer's own judgements, so
    its likelihood words are listed and its sentences not flagged, as the article whole is not."""
    found: list[Estimate] = []
    flags: list[Flag] = []
    for index, card in enumerate(briefing.cards):
        if card.kind is CardKind.FORECAST:
            for sentence in (s for paragraph in paragraphs(card.text) for s in sentences(paragraph)):
                terms = [match.group() for match in _TERM.finditer(sentence)
                         if match.group() != "May" or match.start() == 0]  # "by May" is a month
                found.extend(Estimate(term.lower(), index, _LEVELS[term.lower()]) for term in terms)
                if not card.derived:
                    flags.extend(_sentence_flags(sentence, terms, index))
    return tuple(found), tuple(flags)


def _sentence_flags(sentence: str, terms: list[str], card: int) -> Iterator[Flag]:
    certainty = _CERTAINTY.search(sentence)
    if certainty and not terms:
        yield Flag(FlagCode.UNHEDGED, f'states "{certainty.group()}" with no likelihood word', card)
    confidence = _CONFIDENCE.search(sentence)
    scaled = [term for term in terms if _LEVELS[term.lower()] is not None]
    if confidence and scaled:
        yield Flag(FlagCode.MIXED_CONFIDENCE, f'mixes confidence ("{confidence.group()}") with likelihood '
                   f'("{scaled[0]}") in one sentence', card)
