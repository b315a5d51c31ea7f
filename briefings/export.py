"""Writing a briefing out for people (Markdown) and scripts (versioned JSON, native YAML)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Container
from pathlib import Path
from typing import Any

import yaml

from briefings.errors import BriefingError
from briefings.flag_notes import (
    HELD_BACK,
    HELD_BACK_WORDS,
    SHOWN_ON_CARD_ALREADY,
    briefing_flags,
    quality_summary,
)
from briefings.formats.markdown_doc import EXPORT_DETAILS
from briefings.formats.native_yaml import dump_briefing
from briefings.model import QA, Briefing, Card, CardKind, Flag, OutletSummary
from briefings.serialize import briefing_to_data
from briefings.text import slugify
from briefings.wording import CUT_MARK, CUT_OFF, card_title, date_label, outlet_label, reference_line

EXPORT_FORMATS = {"yaml": ".yaml", "markdown": ".md", "json": ".json"}


def export(briefing: Briefing, fmt: str) -> str:
    if fmt == "yaml":
        return dump_briefing(briefing)
    if fmt == "markdown":
        return to_markdown(briefing)
    if fmt == "json":
        return to_json(briefing)
    raise BriefingError(f"unknown export format {fmt!r} (choose from {', '.join(EXPORT_FORMATS)})")


def to_json(briefing: Briefing) -> str:
    return json.dumps(briefing_to_data(briefing), ensure_ascii=False, indent=2, default=_json_default) + "\n"


def _json_default(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON data")


def to_markdown(briefing: Briefing) -> str:
    """Markdown that the Markdown format reads back into the same cards, headings and references,
    carrying what the reader shows: the date and how it was inferred, quality notes with their reasons,
    outlet headers, the cut-off and unrelated-Q&A marks, and tables as code blocks.

    Read back, the details section is left out (ingest works it out again) and the marks stay in the
    text without being added a second time by the next export."""
    front: dict[str, Any] = {"id": briefing.id, "title": briefing.title}
    if briefing.date and not briefing.date_inferred:
        front["date"] = briefing.date  # an inferred date is worked out again when the file is read back
    if briefing.topics:
        front["topics"] = list(briefing.topics)
    if briefing.entities:
        front["entities"] = [entity.name for entity in briefing.entities]
    parts = [
        "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True) + "---",
        f"# {briefing.title}",
    ]
    if details := _details(briefing):
        parts.append(f"## {EXPORT_DETAILS}\n\n" + "\n\n".join(details))
    for card in briefing.cards:
        parts.append(f"## {card_title(card.kind, card.heading)}\n\n{card_markdown(card)}")
    if briefing.references:
        parts.append("## References\n\n" + "\n".join(reference_line(r) for r in briefing.references))
    return "\n\n".join(parts) + "\n"


UNRELATED_MARK = "*(unrelated to this briefing)*"


def _details(briefing: Briefing) -> list[str]:
    """What the reader shows under the title: date, byline, the parser's notes, the quality notes."""
    lines = []
    if briefing.date:
        shown = date_label(briefing.date, briefing.date_precision)
        inferred = f" (inferred: {briefing.date_inferred})" if briefing.date_inferred else ""
        lines.append(plain_markdown(f"Date: {shown}{inferred}"))
    if briefing.byline:
        lines.append(plain_markdown(f"By: {briefing.byline}"))
    lines += [plain_markdown(f"Note: {note}") for note in briefing.notes]
    if briefing.flags:
        lines.append(plain_markdown(f"⚑ {quality_summary(briefing)}"))
        lines.append("\n".join(f"- {plain_markdown(reason)}" for reason in quality_reasons(briefing)))
    return [line for line in lines if line]


def quality_reasons(briefing: Briefing, cards: Container[int] | None = None) -> list[str]:
    """The reader's notes: about the whole briefing (disagreeing figures first), then each card's, named
    by its card (cut-off and unrelated left to the card's own marks); then those held back, none lost.
    `cards` keeps the card notes to those cards (a dossier quotes only some)."""
    ordered = [*briefing_flags(briefing, every_kind=True),
               *(flag for flag in briefing.flags
                 if flag.card is not None and flag.code not in SHOWN_ON_CARD_ALREADY
                 and (cards is None or flag.card in cards))]
    shown = [_named(briefing, flag) for flag in ordered if flag.code not in HELD_BACK]
    held = [f"{HELD_BACK_WORDS}: {_named(briefing, flag)}" for flag in ordered if flag.code in HELD_BACK]
    return shown + held


def _named(briefing: Briefing, flag: Flag) -> str:
    if flag.card is None or not 0 <= flag.card < len(briefing.cards):
        return flag.reason
    card = briefing.cards[flag.card]
    return f"{card_title(card.kind, card.heading)}: {flag.reason}"


def card_markdown(card: Card) -> str:
    """The card's Markdown with the reader's marks: outlets headed by outlet and journalist, unrelated
    questions marked, cut-off text ending in the cut-off mark."""
    if card.kind is CardKind.PAPERS and card.outlets:
        text, cut = _papers(card), False
    elif card.qa:
        text = "\n\n".join([*_qa_lead(card), *(_question(item) for item in card.qa)])
        cut = card.truncated and not any(item.truncated for item in card.qa)
    else:
        text, cut = card.text.strip(), card.truncated
    return _cut(text) if cut else text


def _papers(card: Card) -> str:
    """Each paragraph an outlet summary says, under its outlet's name; the card's other paragraphs as
    they are. When the summaries are not the card's paragraphs, the summaries alone, as the reader."""
    paragraphs = [part.strip() for part in card.text.split("\n\n") if part.strip()]
    by_words = {" ".join(summary.text.split()): summary for summary in card.outlets}
    if not any(" ".join(part.split()) in by_words for part in paragraphs):
        paragraphs = [summary.text for summary in card.outlets]
    return "\n\n".join(_outlet_paragraph(part, by_words.get(" ".join(part.split()))) for part in paragraphs)


def _outlet_paragraph(text: str, summary: OutletSummary | None) -> str:
    if summary is None:
        return text
    if not _HEADED.match(text):
        text = f"**{plain_markdown(outlet_label(summary))}:** {text}"
    return _cut(text) if summary.truncated else text


def _qa_lead(card: Card) -> list[str]:
    """What the card's text says before its first question (a Markdown section's introduction)."""
    start = card.text.find(card.qa[0].question)
    lead = card.text[:start].rstrip("#* \n") if start > 0 else ""
    return [lead] if lead else []


_HEADED = re.compile(r"\*\*[^*\n]+:\*\* ")
"""A paragraph that starts with a bold "Outlet — Journalist:" header, as an export read back does."""


def _question(item: QA) -> str:
    heading = f"### {plain_markdown(item.question)}" + ("" if item.related else f" {UNRELATED_MARK}")
    answer = _cut(item.answer.strip()) if item.truncated else item.answer.strip()
    return f"{heading}\n\n{answer}" if answer else heading


def _cut(text: str) -> str:
    """The cut-off mark after the last words; on a line of its own after a code block."""
    if not text or text.rsplit("\n", 1)[-1].startswith(("```", "~~~")):
        return f"{text}\n\n{CUT_OFF}".lstrip()
    return text + CUT_MARK


_MARKUP = re.compile(r"([\\`*_\[\]<>])")


def plain_markdown(text: str) -> str:
    """Words that are not Markdown (a reason, an outlet's name) written so that they show as they are."""
    return _MARKUP.sub(r"\\\1", " ".join(text.split()))


def export_path(folder: Path, briefing: Briefing, fmt: str) -> Path:
    """A file name made from the briefing, always directly inside `folder` whatever the title says."""
    suffix = EXPORT_FORMATS.get(fmt)
    if suffix is None:
        raise BriefingError(f"unknown export format {fmt!r} (choose from {', '.join(EXPORT_FORMATS)})")
    return folder / f"{slugify(briefing.id, limit=120)}{suffix}"
