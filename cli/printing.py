"""Printing briefings and search results, for `briefing show` and `briefing search`: on a terminal with
Rich (panels, bold, wrapping), into a pipe or a file as plain lines of the same words.

Both are drawn from one description of what is shown (`Section`s of `Line`s of styled spans), so the
two cannot drift apart. Briefing text reaches Rich only as `Text` built from plain strings or as Markdown
with hyperlinks off, after `visible_controls`, so neither markup nor escape sequences in it have any
effect; plain lines carry the same text as written, control characters shown.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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
    entity_inferred,
    extra_heading,
    outlet_label,
    reference_line,
)
from cli.listing import Row, one_line
from cli.output import safe_text

if TYPE_CHECKING:
    from search.results import SearchResults

Line = Sequence[tuple[str, str]]
"""One line as (text, Rich style) spans; the plain form joins the texts."""


@dataclass(frozen=True)
class CardText:
    """Card text, which a terminal renders as Markdown and a pipe gets as written."""

    text: str


@dataclass(frozen=True)
class Section:
    """A panel on a terminal; in a pipe, its title on a line of its own above its lines."""

    title: Line
    body: Sequence[Line | CardText]


def print_briefing(console: Console, briefing: Briefing) -> None:
    head, sections = _briefing_view(briefing)
    for line in head:
        console.print(_text(line))
    for section in sections:
        body = Group(*(_markdown(part.text) if isinstance(part, CardText) else _text(part)
                       for part in section.body))
        console.print(Panel(body, title=_text(section.title), title_align="left"))


def write_briefing(briefing: Briefing) -> None:
    """The briefing as plain lines: heading, details, then each section after a blank line."""
    head, sections = _briefing_view(briefing)
    lines = [_plain(line) for line in head]
    for section in sections:
        lines += ["", _plain(section.title)]
        lines += [visible_controls(part.text) if isinstance(part, CardText) else _plain(part)
                  for part in section.body]
    sys.stdout.write("\n".join(lines) + "\n")


def _briefing_view(briefing: Briefing) -> tuple[list[Line], list[Section]]:
    byline = [f"by {briefing.byline}"] if briefing.byline else []
    date = briefing_date(briefing.date, briefing.date_precision, bool(briefing.date_inferred))
    details = [date, *byline, *briefing.topics, briefing.id]
    head: list[Line] = [[(briefing.title, "bold")], [(" · ".join(details), "dim")]]
    sections = [_card_section(card) for card in briefing.cards]
    if briefing.references:
        sections.append(Section([("References", "")],
                                [[(reference_line(reference), "")] for reference in briefing.references]))
    if briefing.entities:
        names: list[Line] = [
            [(f"• {e.name}" + ("" if e.mentioned else "  (described, not mentioned)")
              + (f"  ({entity_inferred(e)})" if e.inferred else ""), "")]
            for e in briefing.entities
        ]
        sections.append(Section([("Entities", "")], names))
    return head, sections


def _card_section(card: Card) -> Section:
    title = [(card.kind.label.upper(), "bold reverse")]
    if heading := extra_heading(card.kind, card.heading):
        title += [(" ", ""), (heading, "bold")]
    return Section(title, _card_body(card))


def _card_body(card: Card) -> list[Line | CardText]:
    if card.kind is CardKind.PAPERS and card.outlets:
        papers: list[Line] = []
        for summary in card.outlets:
            papers += [[(outlet_label(summary), "bold underline")],
                       [(summary.text + (CUT_MARK if summary.truncated else ""), "")], []]
        return list(papers[:-1])
    if card.kind is CardKind.QA and card.qa:
        items: list[Line] = []
        for qa in card.qa:
            style = "" if qa.related else "dim"
            question = [(qa.question, f"bold {style}")]
            if not qa.related:
                question.append(("  (unrelated to this briefing)", "italic dim"))
            items += [question, [(qa.answer + (CUT_MARK if qa.truncated else ""), style)], []]
        return list(items[:-1])
    body: list[Line | CardText] = [CardText(card.text)]
    return [*body, [(CUT_OFF, "italic")]] if card.truncated else body


def _text(line: Line) -> Text:
    text = Text()
    for part, style in line:
        text.append_text(safe_text(part, style))
    return text


def _plain(line: Line) -> str:
    return visible_controls("".join(part for part, _ in line))


def _markdown(value: str) -> RenderableType:
    return Markdown(visible_controls(value), hyperlinks=False)


def fragment_text(fragment: Iterable[tuple[str, bool]]) -> Text:
    """A highlighted search fragment from (text, is_match) spans."""
    text = Text()
    for part, is_match in fragment:
        text.append(visible_controls(part), style="bold reverse" if is_match else "")
    return text


def _hit_line(row: Row) -> Line:
    """Title — card (· outlets, for a hit in an outlet's paragraph), then the briefing's id, date and
    relevance."""
    line = [(str(row["title"]), "bold"), (f" — {row['card']}", "")]
    if row["outlets"]:
        line.append((f" · {row['outlets']}", ""))
    if row.get("archived"):
        line.append(("  [archived]", "yellow"))
    return [*line, (f"  {row['id']}  {row['date']}  ({row['score']:.2f})", "dim")]


def print_results(console: Console, results: SearchResults, rows: Sequence[Row]) -> None:
    """Each hit (`rows`, one per hit in order) on a line and its highlighted fragment indented below,
    then how many cards matched and the facets."""
    if results.suggestion:
        console.print(safe_text(f"did you mean: {results.suggestion}", "yellow"))
    for hit, row in zip(results.hits, rows, strict=True):
        console.print(_text(_hit_line(row)))
        console.print(Text("    ").append_text(fragment_text(hit.fragment)))
    console.print(safe_text(results_summary(results), "dim"))
    for facet, counts in results.facets.items():
        if counts:
            summary = ", ".join(f"{value} ({count})" for value, count in counts[:8])
            console.print(safe_text(f"{facet}: {summary}", "dim"))


def write_results(results: SearchResults, rows: Iterable[Row]) -> None:
    """A plain line per hit (the terminal's first line of each, without its fragment), then the suggestion
    and the count; the facets are in `--json`."""
    for row in rows:
        sys.stdout.write(one_line(_plain(_hit_line(row))) + "\n")
    if results.suggestion:
        sys.stdout.write(one_line(f"did you mean: {results.suggestion}") + "\n")
    sys.stdout.write(results_summary(results) + "\n")


def results_summary(results: SearchResults) -> str:
    from search.results import TIME_LIMIT  # search (and Whoosh) load only for the commands that search

    pages = f", page {results.page} of {results.page_count}" if results.total else ""
    stopped = (f" (stopped after {TIME_LIMIT:.0f} s: at least this many; a narrower query counts them all)"
               if results.partial else "")
    return f"{results.total} matching cards{pages}{stopped}"
