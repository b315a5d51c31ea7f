"""The analyst's workbench in the reader, driven with keys only: select a passage sentence by sentence,
note it, add cards from two briefings to a dossier, export it; the Notes and Dossiers screens; copying;
and notes whose text attacks the screen shown as text."""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from briefings.dossiers import DossierItem, Dossiers
from briefings.library import Library
from briefings.notes import Anchor, NoteBook
from briefings.sentences import split_sentences
from tests.browser.test_dossier_in_chromium import Dom, browse
from tests.tui.conftest import HOSTILE_ID, MARKUP, OSC52, entry_index, settle
from tui.app import BriefingApp
from tui.clipboard import clipboard_path
from tui.screens.dossier import DossierScreen
from tui.screens.main import MainScreen
from tui.screens.note_dialog import AskDialog, NoteDialog
from tui.screens.notes import NotesScreen
from tui.widgets.reader import Reader

MakeApp = Callable[[], BriefingApp]
SEED_PAGE = "North Korea has"
RED_SEA = "Container lines reroute"
PAPERS = 6
"""The seed page's "What the papers say" card."""
FLOW_SIZE = (120, 40)


async def open_from_list(pilot: Pilot[None], app: BriefingApp, title_start: str) -> Reader:
    """From anywhere on the main screen, with keys: the list (R), its first row (g), down to the briefing,
    enter."""
    await pilot.press("R", "g", *["down"] * entry_index(app, title_start), "enter")
    await settle(pilot)
    reader = app.screen.query_one(Reader)
    assert reader.briefing is not None and reader.briefing.title.startswith(title_start)
    return reader


async def answer(pilot: Pilot[None], *fields: str) -> None:
    """Type into a form's fields in turn (tab between them), then enter saves."""
    for number, value in enumerate(fields):
        if number:
            await pilot.press("tab")
        await pilot.press(*value)
    await pilot.press("enter")
    await settle(pilot)


def rendered(page: Path, profile: Path) -> Dom:
    """The page as headless Chromium builds its DOM (with the browser tests' own helpers)."""
    chromium = shutil.which("chromium")
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs it (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return Dom(browse(chromium, page, profile, "--dump-dom"))


@pytest.mark.slow
async def test_keys_only_a_passage_noted_two_cards_in_a_dossier_exported_as_html(
    make_app: MakeApp, library_path: Path, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=FLOW_SIZE) as pilot:
        await settle(pilot)
        reader = await open_from_list(pilot, app, SEED_PAGE)
        await pilot.press(*["right_square_bracket"] * PAPERS)
        assert reader.briefing is not None
        papers = reader.briefing.cards[reader.cursor_card]
        assert papers.heading == "What the papers say"

        await pilot.press("v", "right_parenthesis")
        selected = reader.selected_passage()
        assert selected is not None
        first_two = split_sentences(papers.text)[:2]
        assert selected == (PAPERS, " ".join(first_two))
        lit = [line for line in reader.plain_lines() if "Niko Vorobyov details" in line]
        assert lit, "the selection's first sentence is on screen"

        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        await answer(pilot, "Kursk figure: 15,000 troops", "troops, kursk", "high")
        assert isinstance(app.screen, MainScreen)
        notes, warnings = NoteBook(library_path).notes()
        assert warnings == [] and len(notes) == 1
        note = notes[0]
        assert (note.anchor.card_id, note.anchor.quote) == ("papers", " ".join(first_two))
        assert note.text == "Kursk figure: 15,000 troops"
        assert (note.tags, note.grade) == (("troops", "kursk"), "high")
        assert reader.selection is None
        shown = "\n".join(reader.plain_lines())
        assert "✎ Kursk figure: 15,000 troops" in shown
        assert "tags: troops, kursk · grade: high" in shown

        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, AskDialog)
        await answer(pilot, "Korea file")
        reader = await open_from_list(pilot, app, RED_SEA)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, AskDialog)
        assert app.screen.query_one(Input).value == "Korea file", "the last dossier used is offered"
        await pilot.press("enter")
        await settle(pilot)
        dossier = Dossiers(library_path).get("Korea file")
        assert [(item.card_id, bool(item.note_id)) for item in dossier.items] == [("papers", True),
                                                                                  ("summary", False)]

        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, DossierScreen)
        await pilot.press("h")
        await settle(pilot)
        exported = library_path / "exports" / "dossier-korea-file.html"
        status = str(app.screen.query_one("#dossier-status").render())
        assert str(exported) in status

    page = exported.read_text(encoding="utf-8")
    assert re.search(r'<li[^>]*>.*href="https://example\.org/freight-ledger/cape-diversions"', page)
    dom = rendered(exported, tmp_path / "profile")
    words = dom.words
    assert "1. What the papers say — North Korea has significantly expanded" in words
    assert "2. What happened — Container lines reroute around Africa" in words
    assert "Kursk figure: 15,000 troops" in words and " ".join(first_two) in words
    assert "Al Jazeera" in words and "Niko Vorobyov" in words and "Freight Ledger" in words
    assert "Europe [1]" in words, "the card's citation, numbered as the dossier's sources"
    assert "Sources Lindgren, P. (2025, February 12)" in words
    links = {attrs.get("href") for tag, attrs in dom.elements if tag == "a"}
    assert {"#source-1", "#source-2", "https://example.org/freight-ledger/cape-diversions"} <= links


async def test_the_selection_moves_by_sentence_within_its_card_and_v_drops_it(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=FLOW_SIZE) as pilot:
        await settle(pilot)
        reader = await open_from_list(pilot, app, SEED_PAGE)
        await pilot.press(*["right_square_bracket"] * PAPERS)
        await pilot.press("v", "left_parenthesis")
        assert reader.selection is not None and (reader.selection.start, reader.selection.end) == (0, 0)
        await pilot.press("right_parenthesis", "right_parenthesis", "o", "right_parenthesis")
        assert (reader.selection.start, reader.selection.end) == (2, 1)
        assert reader.selection.first == 1 and reader.selection.last == 2
        await pilot.press(*["right_parenthesis"] * 40)
        assert reader.briefing is not None
        sentences = split_sentences(reader.briefing.cards[PAPERS].text)
        assert reader.selection.end == len(sentences) - 1, "the end stops at the card's last sentence"
        await pilot.press("v")
        assert reader.selection is None and reader.selected_passage() is None


async def test_a_note_on_the_whole_card_goes_under_its_label(make_app: MakeApp, library_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=FLOW_SIZE) as pilot:
        await settle(pilot)
        reader = await open_from_list(pilot, app, RED_SEA)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        await answer(pilot, "Watch the insurers")
        notes = NoteBook(library_path).notes()[0]
        assert [(note.anchor.card_id, note.anchor.quote) for note in notes] == [("summary", "")]
        lines = reader.plain_lines()
        label = next(number for number, line in enumerate(lines) if "WHAT HAPPENED" in line)
        assert lines[label + 1] == "✎ Watch the insurers"
        assert "the whole card" in lines[label + 2]


async def test_escape_cancels_the_note_and_keeps_the_selection(make_app: MakeApp, library_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=FLOW_SIZE) as pilot:
        await settle(pilot)
        reader = await open_from_list(pilot, app, SEED_PAGE)
        await pilot.press("v", "a", *"not kept", "escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert reader.selection is not None
        assert NoteBook(library_path).notes() == ([], [])


def _seed_id(library_path: Path, title_start: str) -> str:
    with Library(library_path) as library:
        return next(entry.id for entry in library.entries() if entry.title.startswith(title_start))


async def test_notes_screen_filters_opens_and_removes(make_app: MakeApp, library_path: Path) -> None:
    book = NoteBook(library_path)
    seed = _seed_id(library_path, SEED_PAGE)
    red_sea = _seed_id(library_path, RED_SEA)
    treaty = "The report emphasizes the strategic partnership formalized in June 2024"
    book.add(Anchor(seed, "papers", treaty), "Treaty date to check", tags=("treaty",), grade="medium",
             briefing_title="North Korea has…", card_heading="What the papers say")
    time.sleep(0.002)  # notes keep their time to the millisecond: the second is the newer
    book.add(Anchor(red_sea, "summary"), "Premiums up", tags=("insurance",),
             briefing_title="Container lines…", card_heading="What happened")
    app = make_app()
    async with app.run_test(size=FLOW_SIZE) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, NotesScreen)
        assert [note.text for note in screen.shown] == ["Premiums up", "Treaty date to check"]
        await pilot.press("t")
        await pilot.pause()
        await answer(pilot, "TREATY")
        assert [note.text for note in screen.shown] == ["Treaty date to check"]
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("ctrl+u", "enter")  # empty: every tag again
        await pilot.press("b")
        await pilot.pause()
        await answer(pilot, "container")
        assert [note.text for note in screen.shown] == ["Premiums up"]
        await pilot.press("d")
        await settle(pilot)
        assert [note.text for note in book.notes()[0]] == ["Treaty date to check"]
        assert "No note matches" in str(screen.query_one(OptionList).get_option_at_index(0).prompt)
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("ctrl+u", "enter")
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        assert reader.briefing is not None and reader.briefing.id == seed
        assert reader.cursor_card == PAPERS


async def test_an_orphaned_note_is_marked_in_the_list_and_in_its_card(
    make_app: MakeApp, library_path: Path
) -> None:
    seed = _seed_id(library_path, SEED_PAGE)
    note = NoteBook(library_path).add(Anchor(seed, "papers", "A sentence no outlet wrote."), "Gone")
    path = library_path / "notes" / f"{note.id}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("orphaned: false", "orphaned: true"),
                    encoding="utf-8")
    app = make_app()
    async with app.run_test(size=FLOW_SIZE) as pilot:
        await settle(pilot)
        reader = await open_from_list(pilot, app, SEED_PAGE)
        assert any(line.startswith("  orphaned: the quoted text is no longer in the card")
                   for line in reader.plain_lines())
        await pilot.press("A")
        await settle(pilot)
        prompt = app.screen.query_one(OptionList).get_option_at_index(0).prompt
        assert "orphaned ·" in str(prompt)


async def test_dossier_screen_reorders_and_removes_with_keys(make_app: MakeApp, library_path: Path) -> None:
    seed = _seed_id(library_path, SEED_PAGE)
    red_sea = _seed_id(library_path, RED_SEA)
    dossiers = Dossiers(library_path)
    dossiers.add("Shipping", [DossierItem(red_sea, "summary"), DossierItem(seed, "papers"),
                              DossierItem(red_sea, "forecast")])
    dossiers.add("Another", [DossierItem(seed, "summary")])
    app = make_app()
    async with app.run_test(size=FLOW_SIZE) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DossierScreen)
        assert screen.current == "Another", "the first by name when none was used yet"
        await pilot.press("shift+tab", "down")  # to the names, the next dossier
        await settle(pilot)
        assert screen.current == "Shipping"
        await pilot.press("enter", "down", "K")
        await settle(pilot)
        assert [item.card_id for item in dossiers.get("Shipping").items] == ["papers", "summary", "forecast"]
        await pilot.press("J", "J")  # the cursor goes with the card it moves
        await settle(pilot)
        assert [item.card_id for item in dossiers.get("Shipping").items] == ["summary", "forecast", "papers"]
        await pilot.press("d")
        await settle(pilot)
        assert [item.card_id for item in dossiers.get("Shipping").items] == ["summary", "forecast"]
        await pilot.press("m")
        await settle(pilot)
        markdown = (library_path / "exports" / "dossier-shipping.md").read_text(encoding="utf-8")
        assert "What the papers say" not in markdown
        assert markdown.index("What happened") < markdown.index("Outlook")
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        assert reader.briefing is not None and reader.briefing.id == red_sea
        assert reader.briefing.card_ids()[reader.cursor_card] == "forecast"


async def test_copy_writes_the_clipboard_file_and_says_so(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=FLOW_SIZE) as pilot:
        await settle(pilot)
        reader = await open_from_list(pilot, app, RED_SEA)
        await pilot.press("Y")
        await settle(pilot)
        citation = clipboard_path().read_text(encoding="utf-8")
        assert citation.startswith("What happened — Container lines reroute")
        assert "https://example.org/freight-ledger/cape-diversions" in citation
        assert app.clipboard == citation.rstrip("\n")
        assert any(str(clipboard_path()) in str(toast.message) for toast in app._notifications)
        await pilot.press("v", "y")
        await settle(pilot)
        passage = clipboard_path().read_text(encoding="utf-8")
        selected = reader.selected_passage()
        assert selected is not None and passage.startswith(f"“{' '.join(selected[1].split())}”")
        await pilot.press("v", "y")
        await settle(pilot)
        assert "Freight Ledger" in clipboard_path().read_text(encoding="utf-8")


async def test_hostile_note_text_is_shown_as_text(make_app: MakeApp, library_path: Path) -> None:
    """Markup and escape sequences in a note, its tags and grade: literal in the card and the Notes screen,
    and never sent to the terminal by a copy."""
    hostile = f"Look {MARKUP} here {OSC52} and \x1b[31mred\x1b[0m"
    NoteBook(library_path).add(Anchor(HOSTILE_ID, "summary", "Dock workers stopped the cranes"), hostile,
                               tags=("[i]tag[/i]",), grade="\x1b[1mA1", briefing_title=f"Cranes {MARKUP}")
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:  # the reader at its widest: no note line wraps
        await settle(pilot)
        reader = await open_from_list(pilot, app, "Harbour cranes idle")
        shown = "\n".join(reader.plain_lines())
        assert f"✎ Look {MARKUP} here ␛]52;c;aGVsbG8=␇ and ␛[31mred␛[0m" in shown
        assert "tags: [i]tag[/i] · grade: ␛[1mA1" in shown
        await pilot.press("A")
        await settle(pilot)
        prompt = app.screen.query_one(OptionList).get_option_at_index(0).prompt
        assert f"Look {MARKUP} here ␛]52" in str(prompt)
        assert f"Cranes {MARKUP}" in str(prompt)
        await pilot.press("y")
        await settle(pilot)
        copied = clipboard_path().read_text(encoding="utf-8")
        assert f"Look {MARKUP} here ]52;c;aGVsbG8= and [31mred[0m" in copied
        assert "\x1b" not in copied and "\x07" not in copied


async def test_damaged_note_and_dossier_files_are_one_line_each_and_the_rest_is_listed(
    make_app: MakeApp, library_path: Path
) -> None:
    seed = _seed_id(library_path, SEED_PAGE)
    NoteBook(library_path).add(Anchor(seed, "papers"), "Still here")
    notes = library_path / "notes"
    (notes / "n-binary.yaml").write_bytes(b"\x00\x01\x02\xff binary")
    (notes / "n-broken.yaml").write_text("briefing: [unclosed\n", encoding="utf-8")
    (notes / "n-truncated.yaml").write_text("briefing: x\ntext: 'cut off mid", encoding="utf-8")
    (notes / "n-list.yaml").write_text("- not\n- a note\n", encoding="utf-8")
    Dossiers(library_path).add("Kept", [DossierItem(seed, "papers")])
    (library_path / "dossiers" / "broken.yaml").write_text("name: [\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=FLOW_SIZE) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        assert [note.text for note in app.screen.shown] == ["Still here"]
        said = [str(toast.message) for toast in app._notifications]
        for name in ("n-binary.yaml", "n-broken.yaml", "n-list.yaml"):
            assert sum(f"notes/{name}" in line for line in said) == 1, (name, said)
        assert all("\n" not in line for line in said)
        assert "1 more problem in a note file." in said
        await pilot.press("escape", "D")
        await settle(pilot)
        assert isinstance(app.screen, DossierScreen)
        assert [dossier.name for dossier in app.screen.dossiers] == ["Kept"]
        said = [str(toast.message) for toast in app._notifications]
        assert any("broken.yaml" in line for line in said), said
