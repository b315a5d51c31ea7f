"""The entity panel's "other briefings naming it" list: newest first, undated ones last."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import search
from briefings.library import Library
from briefings.model import Briefing, Card, CardKind, Entity, EntityKind
from search import SearchIndex

OPEC = Entity("OPEC", kind=EntityKind.ORGANISATION, mentioned=True)


def _briefing(bid: str, date: dt.date | None) -> Briefing:
    text = "OPEC ministers met to discuss output."
    return Briefing(id=bid, title=f"OPEC story {bid}", date=date,
                    cards=(Card(CardKind.SUMMARY, "What happened", text),), entities=(OPEC,))


def test_undated_briefings_come_after_dated_ones(tmp_path: Path) -> None:
    library = Library(tmp_path / "library")
    for briefing in (_briefing("undated-story", None), _briefing("old-story", dt.date(1987, 3, 1)),
                     _briefing("new-story", dt.date(1987, 3, 9))):
        library.save(briefing)
    with SearchIndex.open(None, library) as index:
        found = search.briefings_mentioning(index, "opec")
    assert [bid for bid, _title, _date in found] == ["new-story", "old-story", "undated-story"]
    assert found[-1][2] is None
