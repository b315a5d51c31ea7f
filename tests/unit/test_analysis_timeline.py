"""Dates in prose, resolved and attached to entities; the library timeline across the seeds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefings.analysis import analyse, dates_in
from briefings.formats import parse_text
from briefings.ingest import ingest_paths
from briefings.library import Library
from briefings.model import Precision

ANCHOR = dt.date(2025, 8, 10)


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("As of July 2025, talks went on.", dt.date(2025, 7, 1), Precision.MONTH),
        ("It opened on October 12, 2025.", dt.date(2025, 10, 12), Precision.DAY),
        ("It opened on 3 May 2021.", dt.date(2021, 5, 3), Precision.DAY),
        ("Prices fell in 2019.", dt.date(2019, 1, 1), Precision.YEAR),
        ("Rain came in October.", dt.date(2024, 10, 1), Precision.MONTH),  # no year: the last October
        ("Rain came on August 2.", dt.date(2025, 8, 2), Precision.DAY),
        ("Rain came last year.", dt.date(2024, 1, 1), Precision.YEAR),
    ],
)
def test_dates_resolve_against_the_anchor(text: str, date: dt.date, precision: Precision) -> None:
    (found,) = dates_in(text, ANCHOR)
    assert (found.date, found.precision) == (date, precision)


WIRE_ANCHOR = dt.date(1987, 3, 9)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("The dividend is payable April 15 to holders of record.", dt.date(1987, 4, 15)),
        ("Record May 22", dt.date(1987, 5, 22)),
        ("Shareholders will vote on the split at the April 23 annual meeting.", dt.date(1987, 4, 23)),
        ("The new guideline will go into effect on April 6, the bank said.", dt.date(1987, 4, 6)),
        ("Start-up of the data center is expected in late June, it said.", dt.date(1987, 6, 1)),
        ("The notes will be redeemed September 1 at par.", dt.date(1987, 9, 1)),
        ("The company plans to close the plant at the end of June, a spokesman said.", dt.date(1987, 6, 1)),
        ("It said it hopes to complete the acquisition in May.", dt.date(1987, 5, 1)),
        # nothing pointing ahead, or the date has passed: the latest such date, as before
        ("Sales rose sharply in May, the company said.", dt.date(1986, 5, 1)),
        ("The company missed the payment due on September 29.", dt.date(1986, 9, 29)),
        ("It cut the price it pays for crude oil, effective March 6.", dt.date(1987, 3, 6)),
        ("The notes will be redeemed October 1 at par.", dt.date(1986, 10, 1)),  # beyond six months ahead
    ],
)
def test_a_date_without_a_year_that_the_words_point_ahead_is_the_coming_one(text: str, date: dt.date) -> None:
    """Wire copy of early March: "payable April 15" is next month's, not last April's."""
    (found,) = dates_in(text, WIRE_ANCHOR)
    assert found.date == date


@pytest.mark.parametrize(
    ("text", "date", "words"),
    [
        ("Output has fallen since April of last year.", dt.date(1986, 4, 1), "since April of last year"),
        ("Imports were 2.57 billion in February last year.", dt.date(1986, 2, 1), "in February last year"),
        ("It enters service until March next year.", dt.date(1988, 3, 1), "until March next year"),
        ("On March 18 of last year, the USDA said so.", dt.date(1986, 3, 18), "March 18 of last year"),
        ("Easter falls late in April this year.", dt.date(1987, 4, 1), "in April this year"),
    ],
)
def test_a_month_with_a_year_said_relative_to_the_story_is_one_date(text: str, date: dt.date,
                                                                    words: str) -> None:
    """"in February last year" is February 1986 in a story of March 1987, not February 1987 and 1986."""
    (found,) = dates_in(text, WIRE_ANCHOR)
    assert (found.date, found.text) == (date, words)


@pytest.mark.parametrize(
    ("text", "date", "words"),
    [
        ("The bank met on Sunday.", dt.date(2025, 8, 10), "on Sunday"),  # the anchor is a Sunday
        ("The bank met on Thursday.", dt.date(2025, 8, 7), "on Thursday"),
        ("The bank met last Sunday.", dt.date(2025, 8, 3), "last Sunday"),
        ("On Friday the bank met.", dt.date(2025, 8, 8), "On Friday"),
        ("Prices rose today.", dt.date(2025, 8, 10), "today"),
    ],
)
def test_weekdays_and_today_are_the_latest_up_to_the_anchor(text: str, date: dt.date, words: str) -> None:
    (found,) = dates_in(text, ANCHOR)
    assert (found.date, found.precision, found.text) == (date, Precision.DAY, words)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prices rose today.", [(dt.date(2025, 7, 1), Precision.MONTH)]),
        ("The bank met on Thursday.", [(dt.date(2025, 7, 1), Precision.MONTH)]),
        ("Prices rose last month.", [(dt.date(2025, 6, 1), Precision.MONTH)]),
        ("Prices rose last year.", [(dt.date(2024, 1, 1), Precision.YEAR)]),
    ],
)
def test_relative_dates_are_no_more_precise_than_a_month_anchor(
        text: str, expected: list[tuple[dt.date, Precision]]) -> None:
    """ "As of July 2025": "today" is July 2025, not the first of July."""
    found = dates_in(text, dt.date(2025, 7, 1), Precision.MONTH)
    assert [(day.date, day.precision) for day in found] == expected


def test_a_month_counted_from_a_year_is_not_known() -> None:
    assert dates_in("Prices rose last month.", dt.date(2025, 1, 1), Precision.YEAR) == []
    (today,) = dates_in("It fell today.", dt.date(2025, 1, 1), Precision.YEAR)
    assert (today.date, today.precision) == (dt.date(2025, 1, 1), Precision.YEAR)


def test_an_inferred_date_anchors_the_timeline() -> None:
    """A page that says "As of July 2025" and has no date: its relative dates resolve against that."""
    from briefings.date_inference import with_inferred_date

    page = ("Ferry fares rise on the northern route\n"
            "As of July 2025, ferry operators on the northern route have raised fares twice. Talks with the "
            "unions stalled last month and resumed today.\n")
    parsed = parse_text(page, "ferries.md")
    events = {event.date_text: (event.date, event.precision)
              for event in analyse(with_inferred_date(parsed)).timeline}
    assert events == {"July 2025": (dt.date(2025, 7, 1), Precision.MONTH),
                      "last month": (dt.date(2025, 6, 1), Precision.MONTH),
                      "today": (dt.date(2025, 7, 1), Precision.MONTH)}
    assert [event.date_text for event in analyse(parsed).timeline] == ["July 2025"]


@pytest.mark.parametrize("text", ["He may 2 go.", "Theresa May spoke.", "COVID-19 spread.", "2,000 dockers",
                                  "the 2010s", "Rain came in October.", "It met on Tuesday.",
                                  "Prices rose last month."])
def test_not_dates_or_unanchored(text: str) -> None:
    assert dates_in(text, None) == []


def test_dated_sentences_name_their_entities(seed_article_text: str) -> None:
    briefing = analyse(parse_text(seed_article_text, "article.txt"))
    september = next(event for event in briefing.timeline if event.date_text == "September 2023")
    assert september.date == dt.date(2023, 9, 1) and september.precision is Precision.MONTH
    assert {"Vladimir Putin", "Kim Jong-un"} <= set(september.entities)
    assert "Vostochny" in september.sentence and september.card == 0


def test_seed_timelines_across_the_library(tmp_path: Path, seeds_dir: Path) -> None:
    with Library(tmp_path / "library") as library:
        for outcome in ingest_paths(library, sorted(seeds_dir.glob("*.txt"))):
            assert outcome.status.value == "added", outcome.message
        kim = library.timeline_for("Kim Jong Un")
        assert [row.date for row in kim] == sorted(row.date for row in kim)
        assert any("Vostochny" in row.sentence and row.date == dt.date(2023, 9, 1) for row in kim)
        assert any("treaty" in row.sentence and row.date == dt.date(2024, 6, 1) for row in kim)
        shoigu = library.timeline_for("Shoigu")
        assert any(row.date_text == "June 2025" and "trip" in row.sentence for row in shoigu)
        titles = {row.briefing_title for row in kim}
        assert len(titles) == 2
        library.rebuild_catalog()
        assert library.timeline_for("Kim Jong-un") == kim
        assert library.timeline_for("Nobody Atall") == []
