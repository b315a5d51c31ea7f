"""A dossier written out for someone else: Markdown, or one self-contained HTML page to read or print.

Both quote each card with where it comes from (briefing, outlets, journalist, date, inferred or not), keep
the reader's marks (cut-off text, quality notes with their reasons, disagreeing figures first, inferred
entities), give the analyst's notes under the card they are on, and number the cited sources across the
whole dossier, listed at the end. Every piece of text in them is data: in the HTML it is escaped, only
http(s) reference URLs become links, and a Content-Security-Policy forbids scripts and every remote load.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from briefings.dossiers import Dossier, DossierItem
from briefings.errors import BriefingError
from briefings.export import card_markdown, plain_markdown, quality_reasons
from briefings.library import Library
from briefings.model import Briefing, Reference
from briefings.notes import Note
from briefings.text import CITATION, citations_in
from briefings.wording import card_title, date_label, entity_inferred, reference_text

BriefingLookup = Callable[[str], Briefing | None]
"""The briefing with an id, None when the library no longer has it."""

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
ORPHANED = "orphaned: its passage is no longer in the briefing"
_URL = re.compile(r"https?://[^\s<>\"'`]+")
_URL_END = ".,;:!?)]}'\""


@dataclass(frozen=True)
class Source:
    """A reference a quoted card cites, under its number in the dossier."""

    number: int
    reference: Reference
    briefing_title: str


@dataclass(frozen=True)
class Entry:
    """One item of the dossier as it will be written: `cards` empty when the briefing or the card is gone
    (`missing` says which), so the notes on it are still written out."""

    number: int
    item: DossierItem
    briefing: Briefing | None
    cards: tuple[int, ...]
    notes: tuple[Note, ...]
    missing: str = ""


@dataclass(frozen=True)
class Compiled:
    dossier: Dossier
    entries: tuple[Entry, ...]
    sources: tuple[Source, ...]
    numbers: dict[tuple[str, int], int]
    """(briefing id, its reference number) -> the source's number in the dossier."""
    exported: dt.date

    @property
    def warnings(self) -> list[str]:
        return [f"item {entry.number}: {entry.missing}" for entry in self.entries if entry.missing]


def compile_dossier(dossier: Dossier, lookup: BriefingLookup, notes: Sequence[Note],
                    exported: dt.date | None = None) -> Compiled:
    """Resolves each item to its briefing and cards and the notes to show with it, and numbers the sources
    in the order the quoted cards first cite them. An item naming a note shows that note alone; otherwise
    every note on its card (or, for a whole briefing, every note on the briefing), and the first item of
    a briefing the notes on the briefing as a whole too."""
    by_id = {note.id: note for note in notes}
    entries = []
    briefings_seen: set[str] = set()
    sources: list[Source] = []
    numbers: dict[tuple[str, int], int] = {}
    for number, item in enumerate(dossier.items, start=1):
        briefing = lookup(item.briefing_id)
        first = item.briefing_id not in briefings_seen
        briefings_seen.add(item.briefing_id)
        picked = (by_id[item.note_id],) if item.note_id in by_id else _notes_on(item, notes, first)
        if briefing is None:
            entries.append(Entry(number, item, None, (), picked,
                                 f"briefing {item.briefing_id} is no longer in the library"))
            continue
        cards = _cards(briefing, item)
        missing = "" if cards else f"card {item.card_id!r} is no longer in {briefing.title!r}"
        entries.append(Entry(number, item, briefing, cards, picked, missing))
        for index in cards:
            card = briefing.cards[index]
            for cited in dict.fromkeys((*citations_in(card_markdown(card)), *card.citations)):
                reference = briefing.reference(cited)
                if reference is not None and (briefing.id, cited) not in numbers:
                    numbers[(briefing.id, cited)] = len(sources) + 1
                    sources.append(Source(len(sources) + 1, reference, briefing.title))
    return Compiled(dossier, tuple(entries), tuple(sources), numbers,
                    exported or dt.datetime.now(dt.UTC).date())


def library_lookup(library: Library) -> BriefingLookup:
    """Briefings from the library; one that is gone or whose file cannot be read is None."""
    def lookup(briefing_id: str) -> Briefing | None:
        try:
            return library.get(briefing_id)
        except (KeyError, BriefingError):
            return None
    return lookup


def _notes_on(item: DossierItem, notes: Sequence[Note], first: bool) -> tuple[Note, ...]:
    return tuple(note for note in notes if note.anchor.briefing_id == item.briefing_id and (
        not item.card_id or note.anchor.card_id == item.card_id or (first and not note.anchor.card_id)))


def _cards(briefing: Briefing, item: DossierItem) -> tuple[int, ...]:
    """The card the item names, or for the briefing as a whole every card its input brought."""
    if not item.card_id:
        return tuple(briefing.brought_cards())
    position = briefing.card_position(item.card_id)
    return () if position is None else (position,)


# What every format says the same way ---------------------------------------------------------------


def entry_heading(entry: Entry) -> str:
    if entry.briefing is None:
        return f"{entry.number}. (a briefing no longer in the library)"
    if len(entry.cards) == 1:
        card = entry.briefing.cards[entry.cards[0]]
        return f"{entry.number}. {card_title(card.kind, card.heading)} — {entry.briefing.title}"
    return f"{entry.number}. {entry.briefing.title}"


def provenance(entry: Entry) -> list[str]:
    """Where the quoted text comes from: the briefing, its outlets and journalists, its date."""
    briefing = entry.briefing
    if briefing is None:
        return [entry.missing]
    cards = [briefing.cards[index] for index in entry.cards]
    outlets = dict.fromkeys(
        [*(outlet for card in cards for summary in card.outlets for outlet in summary.outlets),
         *(reference.outlet for card in cards for number in card.citations
           if (reference := briefing.reference(number)) is not None and reference.outlet)])
    people = dict.fromkeys(summary.journalist for card in cards for summary in card.outlets
                           if summary.journalist)
    date = date_label(briefing.date, briefing.date_precision) if briefing.date else "undated"
    if briefing.date_inferred:
        date += f" (inferred: {briefing.date_inferred})"
    lines = [f"Briefing: {briefing.title} ({briefing.id})"]
    if outlets:
        lines.append(f"Outlets: {', '.join(outlets)}")
    if people:
        lines.append(f"Journalists: {', '.join(people)}")
    if briefing.byline:
        lines.append(f"By: {briefing.byline}")
    lines.append(f"Date: {date}")
    if entry.missing:
        lines.append(entry.missing)
    return lines


def marks(entry: Entry) -> list[str]:
    """The reader's quality notes on what is quoted (about the whole briefing, disagreeing figures first,
    then the quoted cards') and the entities it names by a guess, with the guess."""
    if entry.briefing is None:
        return []
    guessed = [f"{entity.name} ({entity_inferred(entity)})" for entity in entry.briefing.entities
               if entity.mentioned and entity.inferred]
    return [*quality_reasons(entry.briefing, entry.cards), *guessed]


def note_label(note: Note) -> str:
    """ "Note n-1a2b3c4d · grade: high · tags: ports, fees · orphaned: …" """
    parts = [f"Note {note.id}"]
    if note.grade:
        parts.append(f"grade: {note.grade}")
    if note.tags:
        parts.append(f"tags: {', '.join(note.tags)}")
    if note.orphaned:
        parts.append(ORPHANED)
    return " · ".join(parts)


def card_text(compiled: Compiled, briefing: Briefing, index: int) -> str:
    """The card's Markdown with the reader's marks, its citations renumbered as the dossier's sources."""
    def renumber(match: re.Match[str]) -> str:
        number = compiled.numbers.get((briefing.id, int(match.group(1))))
        return f"[{number}]" if number else f"[source {match.group(1)} not listed]"
    return CITATION.sub(renumber, card_markdown(briefing.cards[index]))


def reference_parts(reference: Reference) -> list[tuple[str, bool]]:
    """The reference's words in pieces, each True when it is an http(s) URL to be made a link."""
    text = reference_text(reference)
    parts: list[tuple[str, bool]] = []
    start = 0
    for match in _URL.finditer(text):
        url = match.group().rstrip(_URL_END)
        if not urlsplit(url).hostname:
            continue
        parts += [(text[start:match.start()], False), (url, True)]
        start = match.start() + len(url)
    parts.append((text[start:], False))
    return [part for part in parts if part[0]]


def _summary(compiled: Compiled) -> str:
    briefings = {entry.item.briefing_id for entry in compiled.entries}
    items = len(compiled.entries)
    return (f"Dossier “{compiled.dossier.name}” · {items} item{'s' if items != 1 else ''} from "
            f"{len(briefings)} briefing{'s' if len(briefings) != 1 else ''} · exported "
            f"{compiled.exported.isoformat()}")


# Markdown ------------------------------------------------------------------------------------------


def dossier_markdown(compiled: Compiled) -> str:
    parts = [f"# {plain_markdown(compiled.dossier.heading)}", f"*{plain_markdown(_summary(compiled))}*"]
    for entry in compiled.entries:
        parts.append(f"## {plain_markdown(entry_heading(entry))}")
        parts.append("  \n".join(plain_markdown(line) for line in provenance(entry)))
        if entry.briefing is not None:
            for index in entry.cards:
                parts.append(_quoted(_no_html(card_text(compiled, entry.briefing, index))))
        parts += [_note_markdown(note) for note in entry.notes]
        if found := marks(entry):
            parts.append("Reader's marks:\n\n" + "\n".join(f"- {plain_markdown(line)}" for line in found))
    if compiled.sources:
        parts.append("## Sources\n\n" + "\n".join(_source_markdown(source) for source in compiled.sources))
    return "\n\n".join(parts) + "\n"


def _note_markdown(note: Note) -> str:
    lines = [f"**{plain_markdown(note_label(note))}**"]
    if note.anchor.quote:
        lines.append(_quoted(_plain_lines(note.anchor.quote)))
    if note.text:
        lines.append(_plain_lines(note.text))
    return "\n\n".join(lines)


def _source_markdown(source: Source) -> str:
    words = " ".join(f"<{text}>" if is_url else plain_markdown(text) for text, is_url in
                     reference_parts(source.reference))
    return f"{source.number}\\. {words} — from *{plain_markdown(source.briefing_title)}*"


def _quoted(text: str) -> str:
    return "\n".join(f"> {line}".rstrip() for line in text.splitlines())


def _plain_lines(text: str) -> str:
    """The analyst's own words shown as written, line breaks kept, nothing in them read as Markdown."""
    return "  \n".join(plain_markdown(line) for line in text.splitlines() if line.strip())


_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def _no_html(markdown: str) -> str:
    """Card Markdown with every "<" outside code blocks escaped, so that no HTML in it is HTML once the
    Markdown is rendered (a code block shows "<" as it is already)."""
    lines, fenced = [], False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        lines.append(line if fenced or _FENCE.match(line) else line.replace("<", "\\<"))
    return "\n".join(lines)


# HTML ----------------------------------------------------------------------------------------------


def dossier_html(compiled: Compiled) -> str:
    title = escape(compiled.dossier.heading)
    body = [f"<header><h1>{title}</h1><p class=\"summary\">{escape(_summary(compiled))}</p></header>",
            "<main>", *(_entry_html(compiled, entry) for entry in compiled.entries), "</main>"]
    if compiled.sources:
        items = "\n".join(_source_html(source) for source in compiled.sources)
        body.append(f"<footer><h2 id=\"sources\">Sources</h2>\n<ol class=\"sources\">\n{items}\n</ol>"
                    "</footer>")
    return _PAGE.format(csp=escape(CSP), title=title, style=_STYLE, body="\n".join(body))


def _entry_html(compiled: Compiled, entry: Entry) -> str:
    parts = [f"<section class=\"entry\" id=\"item-{entry.number}\">",
             f"<h2>{escape(entry_heading(entry))}</h2>",
             "<p class=\"provenance\">" + "<br>".join(escape(line) for line in provenance(entry)) + "</p>"]
    if entry.briefing is not None:
        for index in entry.cards:
            html = _markdown().render(card_text(compiled, entry.briefing, index),
                                      {"sources": len(compiled.sources)})
            parts.append(f"<blockquote class=\"card\">\n{html}</blockquote>")
    parts += [_note_html(note) for note in entry.notes]
    if found := marks(entry):
        items = "".join(f"<li>{escape(line)}</li>" for line in found)
        parts.append(f"<div class=\"marks\"><h3>Reader's marks</h3><ul>{items}</ul></div>")
    parts.append("</section>")
    return "\n".join(parts)


def _note_html(note: Note) -> str:
    state = " orphaned" if note.orphaned else ""
    parts = [f"<aside class=\"note{state}\" id=\"{escape(note.id, quote=True)}\">",
             f"<p class=\"note-label\">{escape(note_label(note))}</p>"]
    if note.anchor.quote:
        parts.append(f"<blockquote class=\"passage\">{_lines_html(note.anchor.quote)}</blockquote>")
    if note.text:
        parts.append(f"<p class=\"note-text\">{_lines_html(note.text)}</p>")
    parts.append("</aside>")
    return "\n".join(parts)


def _source_html(source: Source) -> str:
    words = "".join(f"<a href=\"{escape(text, quote=True)}\">{escape(text)}</a>" if is_url else escape(text)
                    for text, is_url in reference_parts(source.reference))
    return (f"<li id=\"source-{source.number}\" value=\"{source.number}\">{words} "
            f"<span class=\"from\">— from <cite>{escape(source.briefing_title)}</cite></span></li>")


def _lines_html(text: str) -> str:
    return "<br>".join(escape(line) for line in text.splitlines())


def _markdown() -> MarkdownIt:
    """CommonMark without HTML, links or images (a card's text never loads or points anywhere), with
    "[3]" read as a citation of the dossier's source 3."""
    parser = MarkdownIt("commonmark", {"html": False})
    parser.disable(["link", "image", "autolink", "reference", "html_inline", "html_block"])
    parser.inline.ruler.before("link", "citation", _citation)
    parser.add_render_rule("citation", _render_citation)
    return parser


_CITED = re.compile(r"\[(\d{1,4})\]")


def _citation(state: StateInline, silent: bool) -> bool:
    match = _CITED.match(state.src, state.pos)
    if match is None or not 1 <= int(match.group(1)) <= state.env.get("sources", 0):
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"number": int(match.group(1))}
    state.pos = match.end()
    return True


def _render_citation(self: RendererHTML, tokens: Sequence[Token], index: int, options: OptionsDict,
                     env: EnvType) -> str:
    number = int(tokens[index].meta["number"])
    return f"<a class=\"cite\" href=\"#source-{number}\">[{number}]</a>"


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
{body}
</body>
</html>
"""

_STYLE = """
body { font: 16px/1.5 Georgia, "Times New Roman", serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem;
       color: #1b1b1b; background: #fff; }
h1 { font-size: 1.8rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.25rem; margin-top: 2.2rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1rem; margin: 0.8rem 0 0.2rem; }
.summary, .provenance, .from { color: #555; font-size: 0.9rem; }
blockquote { margin: 0.8rem 0; padding: 0.1rem 1rem; border-left: 4px solid #8a8a8a; background: #f6f6f4; }
blockquote.card pre { white-space: pre-wrap; }
.note { margin: 0.8rem 0 0.8rem 1.5rem; padding: 0.4rem 0.8rem; border: 1px solid #c9b458;
        background: #fffbe6; }
.note.orphaned { border-style: dashed; }
.note-label { font-weight: bold; font-size: 0.9rem; margin: 0; }
.passage { background: #fff3a8; border-left-color: #c9b458; }
.marks { font-size: 0.9rem; color: #6b3d00; }
.sources li { margin-bottom: 0.3rem; overflow-wrap: anywhere; }
a.cite { text-decoration: none; }
@media print {
  @page { margin: 2cm; }
  body { font-size: 11pt; max-width: none; margin: 0; color: #000; }
  h2, h3 { break-after: avoid; }
  .note, .marks, .sources li { break-inside: avoid; }
  blockquote, .note { background: none; }
  a { color: #000; }
}
"""
