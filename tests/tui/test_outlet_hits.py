"""Opening a search hit in an outlet's paragraph of "What the papers say" shows that paragraph."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from briefings.model import Briefing, Card, CardKind, OutletSummary
from tests.tui.conftest import searched
from tui.widgets.reader import Reader

FILLER = ("The desk weighs the harvest, the shipping queues, the currency and the weather in turn, and finds "
          "each of them pulling the same way for the third week running, which few traders expected.")
PAPERS = 1
OUTLETS = ("Reuters", "Le Monde", "Der Spiegel", "NHK", "Yonhap", "The Guardian", "Kommersant")
BLOOMBERG = "Bloomberg's Ben Okafor notes that hedge funds hold their largest arabica position in years."
LABEL = "Bloomberg — Ben Okafor"
PARAGRAPHS = [f"{outlet} says: {FILLER}" for outlet in OUTLETS] + [BLOOMBERG]
COFFEE = Briefing(
    id="coffee-papers-test",
    title="Coffee prices climb to a yearly high",
    date=dt.date(2025, 8, 1),
    cards=(
        Card(CardKind.SUMMARY, "What happened", "Coffee futures rose for a third week."),
        Card(CardKind.PAPERS, "What the papers say", "\n\n".join(PARAGRAPHS), outlets=(
            *(OutletSummary((outlet,), text) for outlet, text in zip(OUTLETS, PARAGRAPHS, strict=False)),
            OutletSummary(("Bloomberg",), BLOOMBERG, "Ben Okafor"),
        )),
    ),
)


async def test_opening_a_paragraph_hit_scrolls_that_outlets_paragraph_into_view(tmp_path: Path) -> None:
    async with searched(tmp_path, COFFEE, "outlet:bloomberg arabica") as (app, pilot):
        reader = app.screen.query_one(Reader)
        assert reader.briefing is not None and reader.briefing.id == COFFEE.id
        assert reader.cursor_card == PAPERS
        lines = reader.plain_lines()
        label = next(n for n, text in enumerate(lines) if LABEL in text)
        card_start = next(n for n, text in enumerate(lines) if "WHAT THE PAPERS SAY" in text)
        top, height = round(reader.scroll_y), reader.scrollable_content_region.height
        assert top <= label < top + height  # Bloomberg's paragraph is in view...
        assert card_start < top  # ...which the card's top alone would not have brought
        await pilot.press("backspace")  # back to the card, as from a quoted paragraph (`p`)
        assert reader.cursor_card == PAPERS and round(reader.scroll_y) == card_start - 1
