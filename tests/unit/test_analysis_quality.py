"""Quality flags on the seeds (each flag that applies) and on briefings of our own."""

from __future__ import annotations

from briefings.analysis import analyse
from briefings.formats import parse_text
from briefings.model import Briefing, Flag, FlagCode


def _flags(briefing: Briefing, code: FlagCode) -> list[Flag]:
    return [flag for flag in briefing.flags if flag.code is code]


def test_seed_page_truncation(page: Briefing) -> None:
    cut = _flags(page, FlagCode.TRUNCATED)
    papers = next(i for i, card in enumerate(page.cards) if card.kind.value == "papers")
    assert any(flag.card == papers and flag.reason.endswith('high-level dip"') for flag in cut)
    assert {flag.reason.split(" is cut off")[0] for flag in cut if flag.card is None} >= {
        "description of Russia", "description of Olga Lyubimova"}


def test_seed_page_unrelated_questions_and_unmentioned_entities(page: Briefing) -> None:
    off_topic = [flag.reason for flag in _flags(page, FlagCode.UNRELATED)]
    assert any("Flooding in Southern China" in reason for reason in off_topic)
    assert any("FIFA Club World Cup" in reason for reason in off_topic)
    assert not any("Lavrov" in reason for reason in off_topic)
    unmentioned = {flag.reason for flag in _flags(page, FlagCode.UNMENTIONED)}
    assert "Olga Lyubimova is described but never mentioned" in unmentioned
    assert not any(reason.startswith("Kim Jong-un") for reason in unmentioned)


def test_seed_article_headline_citation_and_slug(article: Briefing) -> None:
    assert [flag.reason for flag in _flags(article, FlagCode.HEADLINE)] == [
        "the headline names United States; no card does"]
    (late,) = _flags(article, FlagCode.LATE_CITATION)
    assert late.card == 0 and late.reason.startswith("[1] is dated 2025-06-25")
    assert "September 2023" in late.reason
    (slug,) = _flags(article, FlagCode.SLUG)
    assert '"war-and-conflicts"' in slug.reason and article.cards[slug.card or 0].kind.value == "takeaways"


def test_seeds_have_no_false_flags(page: Briefing, article: Briefing) -> None:
    assert not _flags(page, FlagCode.HEADLINE) and not _flags(page, FlagCode.SLUG)
    assert not _flags(article, FlagCode.TRUNCATED) and not _flags(article, FlagCode.OFF_TOPIC_CITATION)
    assert not _flags(page, FlagCode.DUPLICATE) and not _flags(article, FlagCode.DUPLICATE)


REFERENCES = ("[1] Rivera, A. (2025, March 30). Valparaiso dockers end strike. Puerto Diario. https://example.org/a"
              "[2] Ito, K. (2025, March 30). Tokyo opens a new fish market. Umi Shimbun. https://example.org/b")
ARTICLE = f"""Dockers return to work at the harbour of Valparaiso
Cranes at Valparaiso moved again in March 2025[1].
Crane drivers voted on the deal in Valparaiso, and the harbour company accepted it the same evening[2].
{REFERENCES}
- The strike at the harbour of Valparaiso ended in March 2025 when dockers returned to work after a week.
- The strike at the harbour of Valparaiso ended in March 2025 as the dockers returned to work after one week.
"""


def test_off_topic_citation_and_near_duplicate_bullets() -> None:
    briefing = analyse(parse_text(ARTICLE, "a.txt"))
    (off_topic,) = _flags(briefing, FlagCode.OFF_TOPIC_CITATION)
    assert off_topic.reason.startswith("[2]'s title names Tokyo")
    (duplicate,) = _flags(briefing, FlagCode.DUPLICATE)
    assert briefing.cards[duplicate.card or 0].kind.value == "takeaways"
    assert "in this card" in duplicate.reason
    assert not _flags(briefing, FlagCode.LATE_CITATION)


def test_topic_slug_in_prose_and_idioms_are_not_slugs() -> None:
    text = ("---\ntitle: T\ntopics: [labour-relations]\n---\n\n## Summary\n\n"
            "A hit-and-run stalled the labour-relations talks.\n")
    reasons = [flag.reason for flag in _flags(analyse(parse_text(text, "t.md")), FlagCode.SLUG)]
    assert reasons == ['category slug "labour-relations" in the prose']
