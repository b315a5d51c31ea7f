"""Printing briefings and search results on a plain terminal, for `briefing show` and `briefing search`.

Briefing text reaches Rich only as `Text` built from plain strings or as Markdown with hyperlinks
off, after `visible_controls`, so neither markup nor escape sequences in it have any effect.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.markdown import Markdown
from rich.panel import Panel
from rich.text import Text

from briefings.model import Briefing, Card, CardKind
from briefings.text import visible_controls
from briefings.wording import (
    CUT_MARK,
    CUT_OFF,
    briefing_date,
    card_title,
    date_label,
    entity_inferred,
    extra_heading,
    outlet_label,
    reference_line,
)
from cli.output import safe_text

if TYPE_CHECKING:
    from briefings.catalog import CatalogEntry
    from search.results import SearchResults


def _markdown(value: str) -> Markdown:
    return Markdown(visible_controls(value), hyperlinks=False)


def print_briefing(console: Console, briefing: Briefing) -> None:
    heading = safe_text(briefing.title, "bold")
    byline = [f"by {briefing.byline}"] if briefing.byline else []
    date = briefing_date(briefing.date, briefing.date_precision, bool(briefing.date_inferred))
    details = [date, *byline, *briefing.topics, briefing.id]
    console.print(heading)
    console.print(safe_text(" · ".join(details), "dim"))
    for card in briefing.cards:
        console.print(_card_panel(card))
    if briefing.references:
        lines = [safe_text(reference_line(reference)) for reference in briefing.references]
        console.print(Panel(Group(*lines), title=safe_text("References"), title_align="left"))
    if briefing.entities:
        names = [
            safe_text(f"• {e.name}" + ("" if e.mentioned else "  (described, not mentioned)")
                      + (f"  ({entity_inferred(e)})" if e.inferred else ""))
            for e in briefing.entities
        ]
        console.print(Panel(Group(*names), title=safe_text("Entities"), title_align="left"))


def _card_panel(card: Card) -> Panel:
    title = safe_text(card.kind.label.upper(), "bold reverse")
    if heading := extra_heading(card.kind, card.heading):
        title.append(" ")
        title.append(visible_controls(heading), style="bold")
    return Panel(_card_body(card), title=title, title_align="left")


def _card_body(card: Card) -> RenderableType:
    if card.kind is CardKind.PAPERS and card.outlets:
        parts: list[RenderableType] = []
        for summary in card.outlets:
            parts.append(safe_text(outlet_label(summary), "bold underline"))
            parts.append(safe_text(summary.text + (CUT_MARK if summary.truncated else "")))
            parts.append(Text())
        return Group(*parts[:-1])
    if card.kind is CardKind.QA and card.qa:
        items: list[RenderableType] = []
        for qa in card.qa:
            style = "" if qa.related else "dim"
            question = safe_text(qa.question, f"bold {style}")
            if not qa.related:
                question.append("  (unrelated to this briefing)", style="italic dim")
            items.extend([question, safe_text(qa.answer + (CUT_MARK if qa.truncated else ""), style), Text()])
        return Group(*items[:-1])
    body: RenderableType = _markdown(card.text)
    if card.truncated:
        body = Group(body, safe_text(CUT_OFF, "italic"))
    return body


def fragment_text(fragment: Iterable[tuple[str, bool]]) -> Text:
    """A highlighted search fragment from (text, is_match) spans."""
    text = Text()
    for part, is_match in fragment:
        text.append(visible_controls(part), style="bold reverse" if is_match else "")
    return text


def print_results(console: Console, results: SearchResults, short_ids: dict[str, str],
                  entries: Mapping[str, CatalogEntry]) -> None:
    """Each hit: title — card (· outlets, for a hit in an outlet's paragraph), then its briefing's id (as
    `short_ids` gives it), date (as the catalog `entries` give it: precise as known, marked when
    inferred) and relevance."""
    if results.suggestion:
        console.print(safe_text(f"did you mean: {results.suggestion}", "yellow"))
    for hit in results.hits:
        line = safe_text(hit.briefing_title, "bold")
        line.append(visible_controls(f" — {card_title(hit.card_kind, hit.heading)}"))
        if hit.outlets:
            line.append(visible_controls(f" · {' & '.join(hit.outlets)}"))
        briefing_id = short_ids.get(hit.briefing_id, hit.briefing_id)
        entry = entries.get(hit.briefing_id)
        date = (briefing_date(entry.date, entry.date_precision, bool(entry.date_inferred)) if entry
                else date_label(hit.date) if hit.date else "undated")
        line.append(f"  {briefing_id}  {date}  ({hit.score:.2f})", style="dim")
        console.print(line)
        console.print(Text("    ").append_text(fragment_text(hit.fragment)))
    pages = f", page {results.page} of {results.page_count}" if results.total else ""
    from search.results import TIME_LIMIT  # search (and Whoosh) load only for the commands that search

    stopped = (f" (stopped after {TIME_LIMIT:.0f} s: at least this many; a narrower query counts them all)"
               if results.partial else "")
    console.print(safe_text(f"{results.total} matching cards{pages}{stopped}", "dim"))
    for facet, counts in results.facets.items():
        if counts:
            summary = ", ".join(f"{value} ({count})" for value, count in counts[:8])
            console.print(safe_text(f"{facet}: {summary}", "dim"))
