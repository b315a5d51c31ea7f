"""The plain-data form: every field survives a round trip, and bad data is refused with the field's name."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from briefings.errors import ParseError
from briefings.export import export_path, to_json
from briefings.model import (
    QA,
    Briefing,
    Card,
    CardKind,
    Entity,
    EntityKind,
    OutletSummary,
    Precision,
    Quote,
    Reference,
    Source,
    TimelineEvent,
)
from briefings.serialize import SCHEMA_VERSION, briefing_from_data, briefing_to_data


def full_briefing() -> Briefing:
    return Briefing(
        id="harbour-strike-1a2b3c4d",
        title="Dockworkers strike at a northern harbour",
        date=dt.date(2025, 3, 14),
        topics=("labour", "shipping"),
        cards=(
            Card(
                CardKind.SUMMARY, "What's happened", "Cranes stood idle for a second day [1].", citations=(1,)
            ),
            Card(
                CardKind.PAPERS,
                "What the papers say",
                "The Harbour Gazette's Ana Ruiz says it may last.",
                outlets=(
                    OutletSummary(("The Harbour Gazette",), "It may last a week", "Ana Ruiz", truncated=True),
                ),
                truncated=True,
            ),
            Card(CardKind.QA, "Common question", "**Why?**\n\nPay.", qa=(QA("Why?", "Pay.", related=False),)),
            Card(
                CardKind.TIMELINE,
                "Timeline",
                "- 2025-03-13: walkout",
                events=(TimelineEvent("13 March", "walkout", dt.date(2025, 3, 13)),),
            ),
            Card(CardKind.QUOTE, "", '"We wait."', quote=Quote("We wait.", "a union steward", "radio")),
            Card(CardKind.QUESTIONS, "Go deeper", "- Who pays?", questions=("Who pays?",)),
        ),
        references=(
            Reference(
                1,
                "Doe, A.",
                dt.date(2025, 3, 14),
                "Cranes idle",
                "Port Weekly",
                "https://x.test/a",
                raw="Doe, A. (2025, March 14). Cranes idle. Port Weekly. https://x.test/a",
            ),
        ),
        entities=(Entity("Ana Ruiz", ("A. Ruiz",), EntityKind.PERSON, "A reporter.", mentioned=True),),
        source=Source("/tmp/strike.md", "markdown", "cp1252", "ab" * 32),
        notes=("read as cp1252",),
    )


def test_round_trip_keeps_every_field() -> None:
    briefing = full_briefing()
    assert briefing_from_data(briefing_to_data(briefing)) == briefing


def test_json_uses_the_documented_names() -> None:
    data = json.loads(to_json(full_briefing()))
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["date"] == "2025-03-14"
    card = data["cards"][1]
    assert {"kind", "heading", "text", "citations", "truncated"} <= card.keys()
    assert card["outlets"][0]["outlet"] == "The Harbour Gazette"
    assert card["outlets"][0]["journalist"] == "Ana Ruiz"
    assert set(data["references"][0]) >= {"number", "author", "date", "title", "outlet", "url"}
    assert set(data["entities"][0]) >= {"name", "aliases", "kind", "description", "mentioned"}
    assert data["cards"][2]["qa"][0] == {
        "question": "Why?",
        "answer": "Pay.",
        "related": False,
        "truncated": False,
    }
    assert briefing_from_data(data) == full_briefing()  # JSON reads back too (dates as strings)


def test_a_library_file_leaves_out_a_cards_defaults_and_reads_back_the_same() -> None:
    briefing = full_briefing()
    terse = briefing_to_data(briefing, terse=True)
    assert terse["cards"][0] == {"kind": "summary", "heading": "What's happened",
                                 "text": "Cranes stood idle for a second day [1].", "citations": [1]}
    assert terse["cards"][4]["quote"] == {"text": "We wait.", "author": "a union steward", "source": "radio"}
    assert "derived" not in terse["cards"][4] and "truncated" in terse["cards"][1]
    assert terse["entities"] == briefing_to_data(briefing)["entities"]  # only cards are terse
    assert briefing_from_data(terse) == briefing


def test_exports_keep_every_card_field() -> None:
    card = json.loads(to_json(full_briefing()))["cards"][0]
    assert list(card) == [field.name for field in dataclasses.fields(Card)]
    assert card["quote"] is None and card["derived"] is False


def test_version_2_says_how_a_date_was_obtained() -> None:
    inferred = dataclasses.replace(full_briefing(), date=dt.date(2025, 3, 1), date_precision=Precision.MONTH,
                                   date_inferred='stated in the text: "As of March 2025"')
    data = json.loads(to_json(inferred))
    assert (data["schema_version"], data["date"], data["date_precision"]) == (2, "2025-03-01", "month")
    assert data["date_inferred"] == 'stated in the text: "As of March 2025"'
    assert briefing_from_data(data) == inferred


def test_a_version_1_briefing_reads_as_stated() -> None:
    """Release 0.1.0 wrote no date_precision nor date_inferred: its dates were the input's own."""
    data = briefing_to_data(full_briefing())
    for field in ("date_precision", "date_inferred"):
        del data[field]
    data["schema_version"] = 1
    read = briefing_from_data(data)
    assert read == full_briefing()
    assert (read.date_precision, read.date_inferred) == (Precision.DAY, "")


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(colour="red"), "unknown field 'colour'"),
        (lambda d: d.pop("title"), "missing field 'title'"),
        (lambda d: d["cards"][0].update(kind="horoscope"), "unknown value 'horoscope'"),
        (lambda d: d["cards"][0].update(citations="1"), "Briefing.cards[0].citations: expected a list"),
        (lambda d: d.update(date="last Tuesday"), "expected a date"),
        (lambda d: d["references"][0].update(number=True), "expected a whole number"),
        (lambda d: d.update(schema_version=99), "unsupported schema_version 99 .this version reads 1, 2."),
        (lambda d: d.update(schema_version=True), "unsupported schema_version True"),
    ],
)
def test_bad_data_names_the_field(mutate, message) -> None:
    data = briefing_to_data(full_briefing())
    mutate(data)
    with pytest.raises(ParseError, match=message.replace("[", r"\[").replace("]", r"\]")):
        briefing_from_data(data)


@pytest.mark.parametrize("hostile_id", ["../../x", "/etc/passwd", "..", "a/../../b", "\x1b]52;c;eA==\x07"])
def test_export_path_stays_in_the_folder(tmp_path, hostile_id) -> None:
    briefing = Briefing(id=hostile_id, title="t", cards=())
    target = export_path(tmp_path, briefing, "json")
    assert target.parent == tmp_path
    assert target.name.endswith(".json") and "/" not in target.name and not target.name.startswith(".")
