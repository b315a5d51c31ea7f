"""Printing briefings and search results on a plain terminal, for `briefing show` and `briefing search`.

Briefing text reaches Rich only as `Text` built from plain strings or as Markdown with hyperlinks
off, after `visible_controls`, so neither markup nor escape sequences in it have any effect.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group, RenderableType
from rich.markdown import Markdown
from rich.panel import Panel
from rich.text import Text

from briefings.model import Briefing, Card, CardKind
from briefings.text import visible_controls

CUT_MARK = " … [cut off]"


def _text(value: str, style: str = "") -> Text:
    return Text(visible_controls(value), style=style)


def _markdown(value: str) -> Markdown:
    return Markdown(visible_controls(value), hyperlinks=False)


def print_briefing(console: Console, briefing: Briefing) -> None:
    heading = _text(briefing.title, "bold")
    byline = [f"by {briefing.byline}"] if briefing.byline else []
    date = briefing.date.isoformat() if briefing.date else "undated"
    details = [date, *byline, *briefing.topics, briefing.id]
    console.print(heading)
    console.print(_text(" · ".join(details), "dim"))
    for card in briefing.cards:
        console.print(_card_panel(card))
    if briefing.references:
        lines = [
            _text(f"[{r.number}] {r.raw or ' '.join(filter(None, (r.author, r.title, r.outlet, r.url)))}")
            for r in briefing.references
        ]
        console.print(Panel(Group(*lines), title=_text("References"), title_align="left"))
    if briefing.entities:
        names = [
            _text(f"• {e.name}" + ("" if e.mentioned else "  (described, not mentioned)"))
            for e in briefing.entities
        ]
        console.print(Panel(Group(*names), title=_text("Entities"), title_align="left"))


def _card_panel(card: Card) -> Panel:
    title = _text(card.kind.label.upper(), "bold reverse")
    if card.heading and card.heading.casefold() != card.kind.label.casefold():
        title.append(" ")
        title.append(visible_controls(card.heading), style="bold")
    return Panel(_card_body(card), title=title, title_align="left")


def _card_body(card: Card) -> RenderableType:
    if card.kind is CardKind.PAPERS and card.outlets:
        parts: list[RenderableType] = []
        for summary in card.outlets:
            label = " & ".join(summary.outlets) or "Overall"
            if summary.journalist:
                label += f" — {summary.journalist}"
            parts.append(_text(label, "bold underline"))
            parts.append(_text(summary.text + (CUT_MARK if summary.truncated else "")))
            parts.append(Text())
        return Group(*parts[:-1])
    if card.kind is CardKind.QA and card.qa:
        items: list[RenderableType] = []
        for qa in card.qa:
            style = "" if qa.related else "dim"
            question = _text(qa.question, f"bold {style}")
            if not qa.related:
                question.append("  (unrelated to this briefing)", style="italic dim")
            items.extend([question, _text(qa.answer + (CUT_MARK if qa.truncated else ""), style), Text()])
        return Group(*items[:-1])
    body: RenderableType = _markdown(card.text)
    if card.truncated:
        body = Group(body, _text(CUT_MARK.strip(), "italic"))
    return body


def fragment_text(fragment: Any) -> Text:
    """A highlighted search fragment from (text, is_match) spans."""
    text = Text()
    for part, is_match in fragment:
        text.append(visible_controls(part), style="bold reverse" if is_match else "")
    return text


def print_results(console: Console, results: Any, short_ids: dict[str, str]) -> None:
    """Each hit: title — card, then its briefing's id (as `short_ids` gives it), date and relevance."""
    if results.suggestion:
        console.print(_text(f"did you mean: {results.suggestion}", "yellow"))
    for hit in results.hits:
        line = _text(hit.briefing_title, "bold")
        line.append(visible_controls(f" — {hit.heading or hit.card_kind.label}"))
        briefing_id = short_ids.get(hit.briefing_id, hit.briefing_id)
        date = hit.date.isoformat() if hit.date else "undated"
        line.append(f"  {briefing_id}  {date}  ({hit.score:.2f})", style="dim")
        console.print(line)
        console.print(Text("    ").append_text(fragment_text(hit.fragment)))
    pages = f", page {results.page} of {results.page_count}" if results.total else ""
    console.print(_text(f"{results.total} matching cards{pages}", "dim"))
    for facet, counts in results.facets.items():
        if counts:
            summary = ", ".join(f"{value} ({count})" for value, count in counts[:8])
            console.print(_text(f"{facet}: {summary}", "dim"))
