"""Exports carry what the reader shows: the date and how it was inferred, quality notes with their reasons,
outlet headers, the cut-off and unrelated-Q&A marks and tables; and the Markdown reads back cleanly."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from briefings.entities import bundled_gazetteer
from briefings.export import UNRELATED_MARK, card_markdown, to_json, to_markdown
from briefings.flag_notes import SHOWN_ON_CARD_ALREADY
from briefings.formats import detect, markdown_doc, parse_items
from briefings.formats.markdown_doc import EXPORT_DETAILS
from briefings.ingest import sample_paths
from briefings.model import QA, Briefing, Card, CardKind, Flag, FlagCode, OutletSummary, Precision
from briefings.preparing import prepared
from briefings.wording import CUT_MARK, CUT_OFF

GAZETTE = "The Harbour Gazette's Ana Ruiz writes that the rise was expected."
WEEKLY = "Port Weekly reports that smaller lines may leave for the south and"
TABLE = "```\nPort          2024    2025\nNorthgate     41.50   44.00\nKellby        38.00   39.75\n```"


def harbour() -> Briefing:
    """A briefing with one of every mark, in our own words."""
    return Briefing(
        id="harbour-fees-5e6f7a8b",
        title="Harbour fees rise at northern ports",
        date=dt.date(2025, 7, 1),
        date_precision=Precision.MONTH,
        date_inferred='stated in the text: "As of July 2025"',
        byline="K. Lund",
        notes=("read as cp1252",),
        cards=(
            Card(CardKind.SUMMARY, "What's happened",
                 "As of July 2025, fees at three ports rose and shippers said they would pass them o",
                 truncated=True),
            Card(CardKind.BODY, "Schedule", f"The authority published its schedule:\n\n{TABLE}"),
            Card(CardKind.PAPERS, "What the papers say",
                 f"{GAZETTE}\n\n{WEEKLY}",
                 truncated=True,
                 outlets=(OutletSummary(("The Harbour Gazette",), GAZETTE, "Ana Ruiz"),
                          OutletSummary(("Port Weekly",), WEEKLY, truncated=True))),
            Card(CardKind.QA, "Common questions", "",
                 qa=(QA("Who sets the fees?", "The port authority, once a year."),
                     QA("Why did the river flood?", "Heavy rain upstream.", related=False))),
            Card(CardKind.FORECAST, "Outlook", "Fees will rise again next year."),
        ),
        flags=(
            Flag(FlagCode.TRUNCATED, 'cut off mid-sentence: "…would pass them o"', 0),
            Flag(FlagCode.UNRELATED, 'question about another story: "Why did the river flood?"', 3),
            Flag(FlagCode.UNHEDGED, 'states "will rise" with no likelihood word', 4),
            Flag(FlagCode.UNMENTIONED, "Kellby Council is described but never mentioned"),
            Flag(FlagCode.DISCREPANCY, "fees: 44.00 (Schedule) vs 46 (Outlook)"),
        ),
    )


def test_markdown_states_the_date_and_how_it_was_inferred() -> None:
    exported = to_markdown(harbour())
    assert 'Date: 2025-07 (inferred: stated in the text: "As of July 2025")' in exported.splitlines()
    assert "By: K. Lund" in exported and "Note: read as cp1252" in exported
    assert "\ndate:" not in exported.split("\n---\n")[0]  # not in the front matter: read back, it is inferred
    stated = to_markdown(Briefing(id="b", title="T", cards=(), date=dt.date(2025, 3, 14)))
    assert "date: 2025-03-14" in stated and "Date: 2025-03-14" in stated


def test_markdown_lists_the_quality_notes_with_their_reasons() -> None:
    exported = to_markdown(harbour())
    details = exported.split(f"## {EXPORT_DETAILS}\n\n")[1].split("\n## ")[0]
    kinds = ("cut off, unrelated Q&A, forecast without likelihood, described but not named, "
             "figures disagree")
    assert f"⚑ 5 quality notes held back as not yet precise ({kinds})" in details
    assert details.splitlines()[-3:] == [  # held back in the reader, listed here all the same
        "- held back as not yet precise: fees: 44.00 (Schedule) vs 46 (Outlook)",  # disagreeing figures first
        "- held back as not yet precise: Kellby Council is described but never mentioned",
        '- held back as not yet precise: Outlook: states "will rise" with no likelihood word',  # its card
    ]
    assert "cut off mid-sentence" not in details and "another story" not in details  # the cards say these


def test_markdown_marks_cut_off_text_outlets_and_unrelated_questions() -> None:
    briefing = harbour()
    summary, _, papers, questions, _ = (card_markdown(card) for card in briefing.cards)
    assert summary.endswith("pass them o" + CUT_MARK)
    assert papers.split("\n\n") == [
        f"**The Harbour Gazette — Ana Ruiz:** {GAZETTE}",
        f"**Port Weekly:** {WEEKLY}{CUT_MARK}",
    ]
    assert questions.split("\n\n") == [
        "### Who sets the fees?", "The port authority, once a year.",
        f"### Why did the river flood? {UNRELATED_MARK}", "Heavy rain upstream.",
    ]


def test_a_questions_section_keeps_its_introduction() -> None:
    text = "Readers asked us two things.\n\n### Who sets the fees?\n\nThe port authority."
    card = Card(CardKind.QA, "Common questions", text, qa=(QA("Who sets the fees?", "The port authority."),))
    assert card_markdown(card) == text


def test_tables_stay_fenced_with_their_columns() -> None:
    assert TABLE in to_markdown(harbour())
    cut = card_markdown(Card(CardKind.BODY, "", TABLE, truncated=True))
    assert cut == f"{TABLE}\n\n{CUT_OFF}"  # the mark never lands inside or on the fence


def test_json_carries_the_same_marks() -> None:
    data = json.loads(to_json(harbour()))
    assert data["date"] == "2025-07-01" and data["date_precision"] == "month"
    assert data["date_inferred"] == 'stated in the text: "As of July 2025"'
    unhedged = {"code": "unhedged", "reason": 'states "will rise" with no likelihood word', "card": 4}
    assert unhedged in data["flags"]
    assert {"code": "discrepancy", "reason": "fees: 44.00 (Schedule) vs 46 (Outlook)", "card": None} \
        in data["flags"]
    summary, body, papers, questions, _ = data["cards"]
    assert summary["truncated"] is True and TABLE in body["text"]
    assert [(o["outlet"], o["journalist"], o["truncated"]) for o in papers["outlets"]] == [
        ("The Harbour Gazette", "Ana Ruiz", False), ("Port Weekly", "", True)]
    assert [item["related"] for item in questions["qa"]] == [True, False]


def read_back(exported: str) -> Briefing:
    return prepared(markdown_doc.parse(exported, "export.md"), bundled_gazetteer())


def test_the_markdown_reads_back_without_cards_made_of_marks() -> None:
    briefing = harbour()
    again = read_back(to_markdown(briefing))
    assert [card.heading for card in again.cards] == [card.heading for card in briefing.cards]
    assert again.date == briefing.date and again.date_inferred  # inferred again from the text
    assert again.cards[3].qa[0].question == "Who sets the fees?"
    second = to_markdown(again)
    assert second.count("**The Harbour Gazette — Ana Ruiz:**") == 1  # marks are not added twice
    assert second.count(CUT_OFF) == 2 and second.count(f"## {EXPORT_DETAILS}") == 1


@pytest.mark.parametrize("path", sample_paths(), ids=lambda path: path.name)
def test_every_sample_exports_and_reads_back_card_for_card(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    (item,) = parse_items(detect(text, path.name), text, path.name)
    assert isinstance(item, Briefing)
    briefing = prepared(item, bundled_gazetteer())
    exported = to_markdown(briefing)
    again = read_back(exported)
    assert [card.heading or card.kind.label for card in again.cards] == [
        card.heading or card.kind.label for card in briefing.cards]
    assert len(again.references) == len(briefing.references)
    for card in briefing.cards:
        if card.truncated:
            assert re.search(re.escape(CUT_OFF) + r"$", card_markdown(card), re.MULTILINE), card.heading
    unrelated = [item for card in briefing.cards for item in card.qa if not item.related]
    assert exported.count(UNRELATED_MARK) == len(unrelated)
    listed = [flag for flag in briefing.flags if flag.card is None or flag.code not in SHOWN_ON_CARD_ALREADY]
    assert all(flag.reason.split('"')[0] in exported for flag in listed)  # the others are the marks above
