"""The analyst's marks laid out (tui/widgets/annotations.py) and the words copied (tui/clipboard.py), on
briefings written here: passages quoted verbatim, lit where the card shows them, notes placed by them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.style import Style

from briefings.model import Briefing, Card, CardKind, OutletSummary, Reference
from briefings.notes import Anchor, Note
from tests.tui.conftest import settle
from tests.tui.test_workbench import RED_SEA, open_from_list
from tui.app import BriefingApp
from tui.blocks import Palette
from tui.clipboard import citation, clipboard_path, copied_message, note_copy, passage_copy
from tui.page import Settings
from tui.widgets.annotations import Selection, annotated_page, card_sentences, selected_quote

HIGHLIGHT = Style(bgcolor="magenta")
SELECTION = Style(bgcolor="blue")
PALETTE = Palette.of({"highlight": HIGHLIGHT, "selection": SELECTION, "note": Style(italic=True)})
SETTINGS = Settings(PALETTE, False, 60)

PORT = Card(CardKind.SUMMARY, "What happened",
            "Tugboat crews walked out at dawn. The harbour master  closed the north basin!\n\n"
            "Ferries kept running [1].", citations=(1,))
PAPERS = Card(
    CardKind.PAPERS, "What the papers say",
    "The Coast Ledger counts forty idle ships. It blames the pay offer.\n\n"
    "The Quay Times says the strike ends Friday.",
    outlets=(OutletSummary(("Coast Ledger",),
                           "The Coast Ledger counts forty idle ships. It blames the pay offer.",
                           journalist="R. Amari"),
             OutletSummary(("Quay Times",), "The Quay Times says the strike ends Friday.")),
)
BRIEFING = Briefing(
    "tug-strike", "Tugboat strike shuts the north basin", (PORT, PAPERS), date=dt.date(2026, 3, 2),
    references=(Reference(1, author="Port Desk", title="Ferries unaffected", outlet="Coast Ledger",
                          url="https://example.org/ferries"),),
)


def _note(card: str, quote: str = "", text: str = "a note", *, orphaned: bool = False) -> Note:
    return Note(f"n-{abs(hash((card, quote))) % 10**8:08d}", Anchor(BRIEFING.id, card, quote), text,
                orphaned=orphaned, card_heading="Gone card")


def _lit(notes: list[Note], selection: Selection | None = None) -> tuple[list[str], list[str]]:
    """The page's lines, and the text of each span drawn in the highlight or selection style."""
    page = annotated_page(BRIEFING, SETTINGS, notes, selection)
    lines = [line.text.plain for line in page.lines]
    lit = [line.text.plain[span.start:span.end] for line in page.lines for span in line.text.spans
           if span.style in (HIGHLIGHT, SELECTION)]
    return lines, lit


def test_a_selection_quotes_the_card_verbatim_in_either_direction() -> None:
    assert [PORT.text[start:end] for start, end in card_sentences(PORT)] == [
        "Tugboat crews walked out at dawn.", "The harbour master  closed the north basin!",
        "Ferries kept running [1]."]
    assert selected_quote(PORT, Selection(0, 0, 1)) == (
        "Tugboat crews walked out at dawn. The harbour master  closed the north basin!")
    assert selected_quote(PORT, Selection(0, 2, 1)) == (
        "The harbour master  closed the north basin!\n\nFerries kept running [1].")


def test_a_passage_over_two_outlets_is_lit_in_both_and_its_note_follows_where_it_ends() -> None:
    quote = "It blames the pay offer.\n\nThe Quay Times says the strike ends Friday."
    lines, lit = _lit([_note("papers", quote, "Two papers agree")])
    assert " ".join(" ".join(lit).split()) == " ".join(quote.split())
    ends = next(number for number, line in enumerate(lines) if "strike ends Friday" in line)
    assert lines[ends + 2] == "✎ Two papers agree"
    about = " ".join(" ".join(lines[ends + 3:ends + 5]).split())
    assert about.startswith("quoting “It blames the pay offer. The Quay Times says the strike ends Friday.”")


def test_sentences_of_one_paragraph_are_lit_as_one_span_the_outlet_label_between_paragraphs_is_not() -> None:
    quote = ("The Coast Ledger counts forty idle ships. It blames the pay offer.\n\n"
             "The Quay Times says the strike")
    page = annotated_page(BRIEFING, Settings(PALETTE, False, 200), [_note("papers", quote)])
    lit = [line.text.plain[span.start:span.end] for line in page.lines for span in line.text.spans
           if span.style == HIGHLIGHT]
    assert lit == ["The Coast Ledger counts forty idle ships. It blames the pay offer.",
                   "The Quay Times says the strike"]


def test_the_selection_is_drawn_beside_a_noted_passage() -> None:
    _lines, lit = _lit([_note("summary", "Tugboat crews walked out at dawn.")], Selection(0, 2, 2))
    assert lit == ["Tugboat crews walked out at dawn.", "Ferries kept running [1]."]


def test_whole_card_orphaned_and_cardless_notes_each_have_their_place() -> None:
    notes = [_note("summary", text="On the whole card"),
             _note("summary", "A sentence no longer here.", "Lost passage", orphaned=True),
             _note("papers-9", "Anything.", "Card gone", orphaned=True),
             _note("", text="On the briefing")]
    lines, lit = _lit(notes)
    assert lit == []
    label = next(number for number, line in enumerate(lines) if "WHAT HAPPENED" in line)
    assert lines[label + 1: label + 3] == ["✎ On the whole card", "  the whole card"]
    lost = lines.index("✎ Lost passage")
    assert lines[lost + 1].startswith("  orphaned: the quoted text is no longer in the card")
    assert lost < next(number for number, line in enumerate(lines) if "WHAT THE PAPERS SAY" in line)
    other = " ".join(" ".join(lines[lines.index(" OTHER NOTES ") + 1:]).split())
    assert other == ("✎ Card gone orphaned: the quoted text is no longer in the card · on “Gone card”, a "
                     "card this version does not have · quoting “Anything.” ✎ On the briefing on the whole "
                     "briefing")


def test_a_briefing_without_notes_is_laid_out_as_before() -> None:
    from tui.page import prepare

    assert annotated_page(BRIEFING, SETTINGS).lines == prepare(BRIEFING, SETTINGS).lines


def test_citation_names_the_card_outlets_journalist_date_and_urls() -> None:
    assert citation(BRIEFING, 0) == (
        "What happened — Tugboat strike shuts the north basin\n"
        "Outlets: Coast Ledger\n"
        "Date: 2026-03-02\n"
        "[1] Port Desk. Ferries unaffected. Coast Ledger. https://example.org/ferries")
    assert "Journalists: R. Amari" in citation(BRIEFING, 1)
    copied = passage_copy(BRIEFING, 0, "Ferries kept\nrunning [1].")
    assert copied.startswith("“Ferries kept running [1].”\n\n— What happened")


def test_a_note_whose_briefing_is_gone_is_copied_with_the_titles_it_kept() -> None:
    note = Note("n-1", Anchor("gone", "summary", "Quoted."), "Mine", ("a", "b"), "high",
                briefing_title="Old title", card_heading="Old card")
    assert note_copy(note, None) == "Mine\n\ntags: a, b · grade: high\n\n“Quoted.”\n\nOld title — Old card"


@pytest.mark.parametrize(("headless", "failure", "said"), [
    (False, "", "Copied the card to the clipboard (OSC 52) and to /s/clipboard.txt (for terminals without "
                "OSC 52)"),
    (True, "", "No terminal to take the clipboard: the card written to /s/clipboard.txt"),
    (False, "Disk full", "Copied the card to the clipboard (OSC 52); could not write /s/clipboard.txt: "
                         "Disk full"),
    (True, "Disk full", "Copied the card nowhere: there is no terminal; could not write /s/clipboard.txt: "
                        "Disk full"),
])
def test_the_status_line_says_where_a_copy_went(headless: bool, failure: str, said: str) -> None:
    assert copied_message("the card", headless, Path("/s/clipboard.txt"), failure) == said


async def test_a_state_folder_that_cannot_be_written_is_said(
    make_app: Callable[[], BriefingApp]
) -> None:
    clipboard_path().mkdir(parents=True)  # a folder where the file should be: it cannot be written
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_from_list(pilot, app, RED_SEA)
        await pilot.press("Y")
        await settle(pilot)
        said = [str(toast.message) for toast in app._notifications]
        assert any("could not write" in line and "clipboard.txt" in line for line in said), said
        assert app.clipboard.startswith("What happened — Container lines reroute")
