"""SVG snapshots of the Notes and Dossiers screens at 80x24 and 120x40, and of a noted passage in the reader;
update with `pytest --snapshot-update` after looking at them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from briefings.dossiers import DossierItem, Dossiers
from briefings.library import Library
from tests.tui.conftest import settle
from tests.tui.test_workbench import PAPERS, RED_SEA, SEED_PAGE, open_from_list
from tui.app import BriefingApp

MakeApp = Callable[[], BriefingApp]
RED_SEA_TITLE = "Container lines reroute around Africa as Red Sea attacks continue"
SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])

NOTE_FILE = """\
version: 1
id: {id}
briefing: {briefing}
card: {card}
quote: {quote}
text: {text}
tags: {tags}
grade: {grade}
created: '{created}'
orphaned: {orphaned}
briefing_title: {title}
card_heading: {heading}
"""
"""A note file as the library writes one, with a fixed id and time: the list's order is the same each run."""


def note_file(**fields: object) -> str:
    """The note's fields written as YAML scalars (JSON's quoting is YAML's)."""
    quoted = {key: value if key in ("id", "created", "orphaned") else json.dumps(value)
              for key, value in fields.items()}
    return NOTE_FILE.format(**quoted)


def _briefing_id(library_path: Path, title_start: str) -> str:
    with Library(library_path) as library:
        return next(entry.id for entry in library.entries() if entry.title.startswith(title_start))


def write_notes(library_path: Path) -> tuple[str, str]:
    """Three notes: a passage of the seed page's papers card, a whole card of the Red Sea sample, and one
    whose passage is gone. Returns the two briefings' ids."""
    seed, red_sea = _briefing_id(library_path, SEED_PAGE), _briefing_id(library_path, RED_SEA)
    folder = library_path / "notes"
    folder.mkdir()
    notes = [
        dict(id="n-00000001", briefing=seed, card="papers",
             quote="Al Jazeera's Niko Vorobyov details the deployment of approximately 15,000 North Korean "
                   "troops to Russia's Kursk region",
             text="Kursk figure: 15,000 troops; compare with the Ukrainian estimate",
             tags=["troops", "kursk"], grade="high", created="2026-01-05T09:00:00Z", orphaned="false",
             title="North Korea has significantly expanded its military support",
             heading="What the papers say"),
        dict(id="n-00000002", briefing=red_sea, card="summary", quote="",
             text="Premiums and diversions: the cost side of the story", tags=["insurance"], grade="medium",
             created="2026-01-06T09:00:00Z", orphaned="false",
             title=RED_SEA_TITLE, heading="What happened"),
        dict(id="n-00000003", briefing=red_sea, card="forecast",
             quote="A sentence the outlook no longer has.", text="Was this revised?", tags=[], grade="",
             created="2026-01-07T09:00:00Z", orphaned="true", title=RED_SEA_TITLE, heading="Outlook"),
    ]
    for note in notes:
        (folder / f"{note['id']}.yaml").write_text(note_file(**note), encoding="utf-8")
    return seed, red_sea


@SIZES
def test_notes_screen(snap_compare, make_app: MakeApp, library_path: Path,  # type: ignore[no-untyped-def]
                      size: tuple[int, int]) -> None:
    write_notes(library_path)
    app = make_app()

    async def open_notes(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_notes)


@SIZES
def test_dossier_screen(snap_compare, make_app: MakeApp, library_path: Path,  # type: ignore[no-untyped-def]
                        size: tuple[int, int]) -> None:
    seed, red_sea = write_notes(library_path)
    dossiers = Dossiers(library_path)
    dossiers.add("Korea file", [DossierItem(seed, "papers", "n-00000001"), DossierItem(red_sea, "summary")])
    dossiers.add("Shipping costs", [DossierItem(red_sea, "economic")])
    app = make_app()

    async def open_dossiers(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_dossiers)


@SIZES
def test_a_noted_passage_and_a_selection_in_the_reader(  # type: ignore[no-untyped-def]
    snap_compare, make_app: MakeApp, library_path: Path, size: tuple[int, int]
) -> None:
    """The seed page's papers card: the noted passage lit, its note under its paragraph, and the next
    outlet's first sentence selected."""
    write_notes(library_path)
    app = make_app()

    async def noted_and_selecting(pilot: Pilot[None]) -> None:
        await settle(pilot)
        reader = await open_from_list(pilot, app, SEED_PAGE)
        await pilot.press(*["right_square_bracket"] * PAPERS, "v", *["right_parenthesis"] * 2, "o",
                          *["right_parenthesis"] * 2)
        assert reader.selection is not None and (reader.selection.first, reader.selection.last) == (2, 2)
        app.clear_notifications()
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=noted_and_selecting)
