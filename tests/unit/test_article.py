"""The rewritten-article format: golden test on seed 000, small articles of our own, robustness."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.errors import ParseError
from briefings.formats import article, native_yaml
from briefings.model import Briefing, CardKind
from briefings.text import clean, make_id
from tests.unit.briefing_checks import assert_one_line_error, assert_well_formed


@pytest.fixture(scope="module")
def seed_article(seed_article_text: str) -> Briefing:
    return article.parse(seed_article_text, "000_8fa4dafbef7b3d9f.txt")


def test_seed_title_and_cards(seed_article: Briefing, seed_article_text: str) -> None:
    assert seed_article.title == seed_article_text.splitlines()[0]
    assert seed_article.id == make_id(seed_article.title)
    assert seed_article.source.format == "article"
    assert seed_article.entities == ()
    body, takeaways = seed_article.cards
    assert (body.kind, body.heading, body.citations, body.truncated) == (CardKind.BODY, "", (1, 2, 3), False)
    paragraphs = body.text.split("\n\n")
    assert len(paragraphs) == 6
    assert paragraphs[1].endswith("sharpening their military collaboration[1].")
    assert "[1][2]" in paragraphs[3]
    assert (takeaways.kind, takeaways.heading, takeaways.questions) == (CardKind.TAKEAWAYS, "", ())
    bullets = takeaways.text.split("\n")
    assert len(bullets) == 3 and all(line.startswith("- ") for line in bullets)
    assert "[1]" not in takeaways.text and "https://" not in body.text


def test_seed_references(seed_article: Briefing) -> None:
    refs = seed_article.references
    assert [(r.number, r.author, r.date, r.outlet) for r in refs] == [
        (1, "Smith, J.", dt.date(2025, 6, 25), "Reuters: World News"),
        (2, "Kim, J.", dt.date(2025, 6, 25), "The Korean Herald"),
        (3, "Park, J.", dt.date(2025, 10, 12), "Asia Times"),
    ]
    assert refs[0].title.startswith("Russia's security chief says North Korea will dispatch 6,000 troops")
    assert refs[1].title.startswith("Shoigu's return to Pyongyang")
    assert refs[2].title.startswith("South Korea must join U.S. in decoupling from China")
    assert refs[2].url.startswith("https://asiatimes.com/2025/10/") and refs[2].url.endswith("north-korea/")
    assert seed_article.reference(2) is refs[1]


def test_matches_seed_not_page(seed_article_text: str, seed_page_text: str) -> None:
    assert article.matches(seed_article_text, ".txt")
    assert not article.matches(seed_page_text, ".txt")


_OWN_ARTICLE = """\
Rail link opens between two valley towns
The new line cuts the journey to twenty minutes[1].
Officials expect ten thousand riders a week[2].
[1] Berg, L. (2024, February 9). Valley rail opens. The Valley Courier. https://example.org/rail
[2] Ode, P. (2024, February 10). Riders flock to new line. Hill News. https://example.org/riders
- Journeys are faster.
- Ridership is expected to be high.
"""


def test_own_article() -> None:
    briefing = article.parse(_OWN_ARTICLE, "rail.txt")
    assert briefing.title == "Rail link opens between two valley towns"
    assert [card.kind for card in briefing.cards] == [CardKind.BODY, CardKind.TAKEAWAYS]
    assert briefing.cards[0].citations == (1, 2)
    assert briefing.cards[1].text == "- Journeys are faster.\n- Ridership is expected to be high."
    assert [r.outlet for r in briefing.references] == ["The Valley Courier", "Hill News"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (_OWN_ARTICLE, True),
        ("Headline\nProse that cites a source[4] in passing.", True),
        ("Headline\nSome prose first.\n- then a point\n- and another", True),
        ("Headline\nJust prose.\nMore prose.", False),
        ("- a list\n- only", False),
        ("One line only[1]", False),
        ("", False),
    ],
)
def test_matches_needs_a_headline_prose_and_an_article_feature(text: str, expected: bool) -> None:
    assert article.matches(text, ".txt") is expected


_TABLE_ARTICLE = """\
Harbour fees rise at three northern ports
The port authority published its new schedule of fees per container[1]:
    Port          2024    2025
    Northgate     41.50   44.00
    Kellby        38.00   39.75
The changes take effect in March.
[1] Lund, K. (2025, January 8). Fees schedule. Port Notices. https://example.org/fees
"""


def test_a_table_in_an_article_stays_one_code_block_with_its_columns() -> None:
    briefing = article.parse(_TABLE_ARTICLE, "fees.txt")
    (body,) = briefing.cards
    assert body.text.split("\n\n") == [
        "The port authority published its new schedule of fees per container[1]:",
        "```\nPort          2024    2025\nNorthgate     41.50   44.00\nKellby        38.00   39.75\n```",
        "The changes take effect in March.",
    ]
    assert body.citations == (1,) and not body.truncated
    ending = article.parse(_TABLE_ARTICLE.replace("The changes take effect in March.\n", ""), "fees.txt")
    assert ending.cards[0].text.endswith("```") and not ending.cards[0].truncated  # a table is not cut prose


def test_cut_off_body_is_flagged() -> None:
    briefing = article.parse("Headline\nThe talks ended without a deal; they will meet ag", "x.txt")
    assert briefing.cards[0].truncated


@pytest.mark.parametrize("text", ["", "   \n\n", "Headline only"])
def test_nothing_to_read_is_a_parse_error(text: str) -> None:
    with pytest.raises(ParseError, match=r"empty\.txt"):
        article.parse(text, "empty.txt")


_PIECES = ["[1] Smith, J. (2025, June 25). T. O. https://x.org/", "- point", "Headline", "Prose[2].", "[3]",
           "  Wheat   2.55   2.40", "Corn  1.35  1.92"]
_REFERENCE_LINE = re.compile(r"^\[\d{1,4}\]\s+\S")
_FENCE = re.compile(r"`{3,}")


def _assert_article_properties(text: str) -> None:
    """Nothing is lost or invented: every line is the title, a reference, a body paragraph or a takeaway."""
    lines = [line.strip() for line in clean(text).split("\n") if line.strip()]
    try:
        briefing = article.parse(text, "x.txt")
    except ParseError as error:
        assert_one_line_error(error, "x.txt")
        assert not article.matches(text, ".txt")
        assert all(_REFERENCE_LINE.match(line) for line in lines[1:])  # nothing after the headline to read
        return
    assert_well_formed(briefing)
    assert article.parse(text, "x.txt") == briefing  # the same text always gives the same briefing and id
    assert briefing.id == make_id(briefing.title)
    assert briefing.title in (lines[0], "x")
    kinds = [card.kind for card in briefing.cards]
    assert kinds in ([CardKind.BODY], [CardKind.TAKEAWAYS], [CardKind.BODY, CardKind.TAKEAWAYS])
    cards = {card.kind: card.text for card in briefing.cards}
    # a table is one paragraph of several lines between fences: its lines are counted one by one
    paragraphs = [line.strip() for line in cards.get(CardKind.BODY, "").split("\n")
                  if line.strip() and not _FENCE.fullmatch(line.strip())]
    takeaways = cards[CardKind.TAKEAWAYS].split("\n") if CardKind.TAKEAWAYS in cards else []
    assert all(bullet.startswith("- ") for bullet in takeaways)
    rest = lines[1:] if briefing.title == lines[0] else lines
    read = [line for line in rest if not _REFERENCE_LINE.match(line)]
    assert sorted(paragraphs + takeaways) == sorted(
        line if index < len(read) - len(takeaways) else "- " + line[1:].lstrip()
        for index, line in enumerate(read)
        if index >= len(read) - len(takeaways) or not _FENCE.fullmatch(line)
    )


@settings(max_examples=200)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=60)), max_size=20))
def test_article_shaped_text_keeps_every_line(lines: list[str]) -> None:
    _assert_article_properties("\n".join(lines))


@settings(max_examples=150)
@given(st.text())
def test_any_text_keeps_every_line_or_is_refused_in_one_line(text: str) -> None:
    _assert_article_properties(text)


def test_seed_round_trips_through_the_native_yaml(seed_article: Briefing) -> None:
    assert native_yaml.parse(native_yaml.dump_briefing(seed_article), "x.yaml") == seed_article
