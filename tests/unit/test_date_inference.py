"""A briefing without a date takes the one its lead states, its dateline's, or its newest reference's;
the date says it was inferred, the id never changes, and every surface writes dates one way."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefings.date_inference import LEAD_CHARACTERS, infer_date, with_inferred_date
from briefings.dates import parse_partial_date
from briefings.formats import parse_text
from briefings.ingest import ingest_paths, sample_paths
from briefings.library import Library
from briefings.model import Briefing, Card, CardKind, Precision, Reference, TimelineEvent
from briefings.text import make_id
from briefings.wording import briefing_date, date_label, event_date

LIBRARY_V1 = Path(__file__).parent.parent / "data" / "library_v1"


def _briefing(lead: str, *references: dt.date, date: dt.date | None = None) -> Briefing:
    return Briefing(id="x", title="Markets wait on the central bank", date=date,
                    cards=(Card(CardKind.BODY, "", lead),),
                    references=tuple(Reference(n, date=day) for n, day in enumerate(references, start=1)))


@pytest.mark.parametrize(
    ("lead", "references", "date", "precision", "reason"),
    [
        ("As of July 2025, talks went on.", (), dt.date(2025, 7, 1), Precision.MONTH,
         'stated in the text: "As of July 2025"'),
        ("As of 14 July 2025, talks went on.", (), dt.date(2025, 7, 14), Precision.DAY,
         'stated in the text: "As of 14 July 2025"'),
        ("Talks, as of July 14, 2025, went on.", (dt.date(2025, 7, 20),), dt.date(2025, 7, 14), Precision.DAY,
         'stated in the text: "as of July 14, 2025"'),
        ("LONDON, March 3 (Reuters) - Oil rose.", (dt.date(2025, 3, 4),), dt.date(2025, 3, 3), Precision.DAY,
         'dateline: "LONDON, March 3 (Reuters) -"'),
        ("NEW YORK, Jan 5, 2024 - Oil fell.", (), dt.date(2024, 1, 5), Precision.DAY,
         'dateline: "NEW YORK, Jan 5, 2024 -"'),
        ("Oil rose [1][2].", (dt.date(2025, 2, 1), dt.date(2025, 2, 12)), dt.date(2025, 2, 12), Precision.DAY,
         "newest reference (2025-02-12)"),
    ],
)
def test_the_date_a_briefing_implies(lead: str, references: tuple[dt.date, ...], date: dt.date,
                                     precision: Precision, reason: str) -> None:
    found = infer_date(_briefing(lead, *references))
    assert found is not None
    assert (found.date, found.precision, found.reason) == (date, precision, reason)


@pytest.mark.parametrize("lead", [
    "LONDON, March 3 (Reuters) - Oil rose.",  # a dateline without its year, and no reference to give one
    "Oil rose as traders waited.",
    "x" * LEAD_CHARACTERS + " As of July 2025, oil rose.",  # past the lead: about something else
    "As of Julember 2025, oil rose.",
])
def test_no_date_is_made_up(lead: str) -> None:
    assert infer_date(_briefing(lead)) is None
    assert with_inferred_date(_briefing(lead)).date is None


def test_a_stated_date_is_kept_and_not_marked() -> None:
    stated = _briefing("As of July 2025, talks went on.", date=dt.date(2025, 7, 20))
    kept = with_inferred_date(stated)
    assert (kept.date, kept.date_precision, kept.date_inferred) == (dt.date(2025, 7, 20), Precision.DAY, "")


def test_an_inferred_date_is_marked_with_its_precision() -> None:
    dated = with_inferred_date(_briefing("As of August 2025, prices climbed."))
    assert (dated.date, dated.date_precision) == (dt.date(2025, 8, 1), Precision.MONTH)
    assert dated.date_inferred == 'stated in the text: "As of August 2025"'
    assert dated.id == "x"


def test_timeline_card_words_resolve_against_the_briefing_date() -> None:
    events = (TimelineEvent("last month", "Talks began."), TimelineEvent("today", "Talks ended."),
              TimelineEvent("2025-07-02", "A pause.", dt.date(2025, 7, 2)), TimelineEvent("Soon", "More."))
    card = Card(CardKind.TIMELINE, "Timeline", "", events=events)
    dated = with_inferred_date(Briefing(id="x", title="T", cards=(card,), date=dt.date(2025, 7, 14)))
    resolved = [(event.date, event.precision) for event in dated.cards[0].events]
    assert resolved == [(dt.date(2025, 6, 1), Precision.MONTH), (dt.date(2025, 7, 14), Precision.DAY),
                        (dt.date(2025, 7, 2), Precision.DAY), (None, Precision.DAY)]
    shown = [event_date(event.date, event.precision, event.date_text) for event in dated.cards[0].events]
    assert shown == ["2025-06 (last month)", "2025-07-14 (today)", "2025-07-02", "Soon"]
    undated = with_inferred_date(Briefing(id="x", title="T", cards=(card,)))
    assert [event.date for event in undated.cards[0].events] == [None, None, dt.date(2025, 7, 2), None]


def test_the_samples_get_their_dates_and_keep_their_ids(tmp_path: Path) -> None:
    """Golden: the two bundled samples without a date, and the ids release 0.1.0 gave them."""
    old_ids = {path.stem for path in LIBRARY_V1.glob("briefings/*/*.yaml")}
    with Library(tmp_path / "library") as library:
        outcomes = list(ingest_paths(library, sample_paths()))
        assert {outcome.briefing_id for outcome in outcomes} == old_ids
        shown = {entry.title[:20]: briefing_date(entry.date, entry.date_precision, bool(entry.date_inferred))
                 for entry in library.entries()}
    assert shown == {"Runoff looms after c": "2025-11-17", "India eases rice exp": "2025-09-30",
                     "Arabica coffee futur": "2025-08 (inferred)",
                     "European Central Ban": "2025-07-24 (inferred)", "Container lines rero": "2025-02-14"}


def test_the_seed_page_is_dated_from_its_lead(seed_page_text: str) -> None:
    parsed = parse_text(seed_page_text, "page.txt")
    dated = with_inferred_date(parsed)
    assert parsed.date is None
    assert (dated.date, dated.date_precision) == (dt.date(2025, 7, 1), Precision.MONTH)
    assert dated.id == parsed.id == make_id(parsed.title)


@pytest.mark.parametrize(("text", "expected"), [
    ("July 2025", (dt.date(2025, 7, 1), Precision.MONTH)),
    ("Sept. 2024", (dt.date(2024, 9, 1), Precision.MONTH)),
    ("2025", (dt.date(2025, 1, 1), Precision.YEAR)),
    ("14 July 2025", (dt.date(2025, 7, 14), Precision.DAY)),
    ("July", None),
    ("Julember 2025", None),
])
def test_partial_dates(text: str, expected: tuple[dt.date, Precision] | None) -> None:
    assert parse_partial_date(text) == expected


def test_one_date_format() -> None:
    day = dt.date(2025, 7, 14)
    assert [date_label(day, precision) for precision in Precision] == ["2025-07-14", "2025-07", "2025"]
    assert briefing_date(day, Precision.MONTH, True) == "2025-07 (inferred)"
    assert briefing_date(day, Precision.MONTH, True, short=True) == "~2025-07"
    assert briefing_date(None) == "undated" and briefing_date(None, undated="") == ""
    assert event_date(dt.date(2024, 1, 1), Precision.YEAR, "last year") == "2024 (last year)"
    assert event_date(dt.date(2023, 9, 1), Precision.MONTH, "September 2023") == "2023-09"


def test_a_dateline_without_a_date_still_gives_the_place() -> None:
    from briefings.date_inference import dateline_place

    assert dateline_place("ROTTERDAM, Netherlands (AP) — Dockworkers stayed out.") == "Rotterdam, Netherlands"
    assert dateline_place("GENEVA (Reuters) - Talks resumed.") == "Geneva"
    assert dateline_place("SAO PAULO, Brazil, March 3 - Coffee rose.") == "Sao Paulo, Brazil"
    assert dateline_place("URGENT - The market closed.") == ""
    assert dateline_place("Prices - and output - rose.") == ""
