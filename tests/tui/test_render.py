"""Cards to text: markup and escapes stay literal, kinds are named in words, cut text says so."""

from __future__ import annotations

from rich.console import Console
from rich.style import Style

from briefings.model import QA, Briefing, Card, CardKind, OutletSummary, Quote, Reference, TimelineEvent
from briefings.wording import extra_heading
from tui.blocks import Block, Palette, plain
from tui.markdown_blocks import _MARKDOWN, _Walker, markdown_blocks
from tui.render import reference_blocks, render_card
from tui.search_marks import fragment_text, match_words, words_pattern

PALETTE = Palette()


def _text(card: Card, show_unrelated: bool = False) -> str:
    return "\n".join(block.prefix + block.text.plain for block in render_card(card, PALETTE, show_unrelated))


def test_markup_is_text_and_control_characters_are_visible() -> None:
    shown = _text(Card(CardKind.ANALYSIS, "x", "A [bold red]x[/] and \x1b]52;c;aGk=\x07 and \x9b31m."))
    assert "[bold red]x[/]" in shown
    assert "␛]52;c;aGk=␇" in shown and "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown


def test_rendered_text_produces_no_escape_sequence_from_content() -> None:
    console = Console(file=None, width=60, force_terminal=True, color_system="truecolor", record=True)
    with console.capture() as capture:
        for block in render_card(
            Card(CardKind.SUMMARY, "", "Hi \x1b]52;c;aGk=\x07 [link=x]y[/link]"), PALETTE
        ):
            console.print(block.text)
    output = capture.get()
    assert "\x1b]" not in output and "\x07" not in output and "[link=x]y[/link]" in output


def test_the_label_names_the_kind_in_words_and_skips_a_heading_that_repeats_it() -> None:
    assert _text(Card(CardKind.FORECAST, "Outlook for 2026", "Soon.")).startswith(
        " FORECAST   Outlook for 2026"
    )
    assert _text(Card(CardKind.SUMMARY, "What’s happened", "Soon.")).startswith(" WHAT HAPPENED \n")
    assert extra_heading(CardKind.SUMMARY, "What's happened") == ""


def test_cut_off_text_is_marked_in_words() -> None:
    assert _text(Card(CardKind.BACKGROUND, "", "It stopped at a high-level di", truncated=True)).endswith(
        "high-level di … [cut off]"
    )


def test_papers_cards_label_each_outlet_and_journalist() -> None:
    card = Card(
        CardKind.PAPERS,
        "What the papers say",
        "...",
        outlets=(
            OutletSummary(("The Harbour Gazette",), "Cranes idle.", journalist="A. Writer"),
            OutletSummary(("Daily Tide", "Port Wire"), "Ships wait at anch", truncated=True),
        ),
    )
    shown = _text(card)
    assert "The Harbour Gazette — A. Writer\nCranes idle." in shown
    assert "Daily Tide & Port Wire\nShips wait at anch … [cut off]" in shown


def test_unrelated_questions_are_hidden_until_asked_for() -> None:
    card = Card(
        CardKind.QA,
        "Common questions",
        "",
        qa=(QA("Why now?", "Because wages lag."), QA("Best pizza?", "Taste.", related=False)),
    )
    assert "Best pizza?" not in _text(card) and "1 unrelated question hidden — press u to show" in _text(card)
    shown = _text(card, show_unrelated=True)
    assert "┆ Q Best pizza?" in shown and "not about this briefing" in shown


def test_markdown_lists_quotes_and_headings_keep_their_structure() -> None:
    blocks = markdown_blocks("### Sub\n\n- one\n- two\n  1. inner\n\n> said\n\n`code` *em*", PALETTE)
    lines = [(block.prefix, block.text.plain) for block in blocks]
    assert lines == [
        ("", "Sub"),
        ("• ", "one"),
        ("• ", "two"),
        ("  1. ", "inner"),
        ("│ ", "said"),
        ("", "code em"),
    ]


def test_timelines_quotes_and_references() -> None:
    timeline = _text(Card(CardKind.TIMELINE, "", "", events=(TimelineEvent("June 2024", "A pact."),)))
    assert "June 2024  A pact." in timeline
    quote = _text(Card(CardKind.QUOTE, "", "", quote=Quote("We wait.", author="A. Docker", source="radio")))
    assert "“We wait.”" in quote and "— A. Docker, radio" in quote
    briefing = Briefing(
        "b", "T", (), references=(Reference(3, author="Desk", title="Cranes", outlet="Wire"),)
    )
    anchors = {block.anchor: block.prefix + block.text.plain for block in reference_blocks(briefing, PALETTE)}
    assert anchors["ref:3"] == "[3] Desk. Cranes. Wire"


def test_fragments_and_highlight_words() -> None:
    text, first = fragment_text((("Ships  wait for ", False), ("cranes", True), (" today", False)), PALETTE)
    assert text.plain == "Ships wait for cranes today" and first == len("Ships wait for ")
    words = match_words([(("the ", False), ("Cranes", True))])
    assert words == frozenset({"cranes"})
    pattern = words_pattern(words)
    assert pattern is not None and pattern.search("Idle CRANES") and not pattern.search("cranesmith")


def test_fragments_drop_markdown_emphasis_markers_but_keep_snake_case() -> None:
    spans = (("**Why do", False), (" cranes", True), ("** stop? _Port_ said some_name ", False))
    text, _first = fragment_text(spans, PALETTE)
    assert text.plain == "Why do cranes stop? Port said some_name "


def test_closing_a_list_keeps_the_anchor_of_the_block_it_spaces() -> None:
    """Closing a list gives the block before it a blank line; it must keep its anchor (a jump target)."""
    anchored = Block(plain("Sources"), anchor="ref:1", spaced=False)
    walker = _Walker(PALETTE, Style.null(), blocks=[anchored])
    blocks = walker.walk(_MARKDOWN.parse("-"))  # an empty list: it adds no block, only closes
    assert [(b.anchor, b.spaced, b.text.plain) for b in blocks] == [("ref:1", True, "Sources")]


def test_spacing_the_last_reference_keeps_its_anchor() -> None:
    """The last reference is rebuilt to get its blank line; the reader still jumps to it by its anchor."""
    references = tuple(Reference(number=n, title=f"Wire {n}") for n in (1, 2))
    blocks = reference_blocks(Briefing(id="b", title="B", cards=(), references=references), PALETTE)
    assert [(b.anchor, b.spaced) for b in blocks] == [("", False), ("ref:1", False), ("ref:2", True)]
