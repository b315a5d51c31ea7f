"""Small text rules shared by the parsers: ids, citations, cut-off detection, control characters."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata

CITATION = re.compile(r"\[(\d{1,4})\]")
_ID_SAFE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,127}$")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SENTENCE_END = tuple(".!?…:;\"'”’)]»")


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def strip_control(text: str) -> str:
    """Drop C0/C1 control characters (escape sequences start with one) but keep newlines and tabs."""
    return _CONTROL.sub("", text)


def clean(text: str) -> str:
    """The form every parser starts from: one newline style, no control characters, no BOM."""
    return strip_control(normalize_newlines(text)).lstrip("\ufeff")


def citations_in(text: str) -> tuple[int, ...]:
    """Citation numbers in order of first appearance, each once."""
    seen: dict[int, None] = {}
    for match in CITATION.finditer(text):
        seen.setdefault(int(match.group(1)), None)
    return tuple(seen)


def looks_truncated(text: str) -> bool:
    """True when prose stops mid-sentence or mid-word, as scraped pages often do."""
    stripped = text.rstrip()
    if not stripped:
        return False
    stripped = CITATION.sub("", stripped).rstrip()
    return not stripped.endswith(_SENTENCE_END)


def slugify(text: str, limit: int = 60) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "briefing"


def make_id(title: str, date: dt.date | None = None) -> str:
    """Same title and date give the same id: re-ingesting a briefing updates it instead of duplicating it.

    `date` is the date the input states. An inferred one never reaches this (parsers make the id, and the
    date is inferred after them), nor do the cards: a briefing keeps its id when either changes."""
    key = " ".join(title.lower().split()) + "|" + (date.isoformat() if date else "")
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    return f"{slugify(title)}-{digest}"


def is_valid_id(value: str) -> bool:
    """Ids name files in the library, so they may not contain path separators or start with a dot."""
    return bool(_ID_SAFE.match(value))


def paragraphs(text: str) -> list[str]:
    """Non-empty lines of a plain-text page, each a paragraph (the seeds put one paragraph per line)."""
    return [line.strip() for line in text.split("\n") if line.strip()]


_VISIBLE = {c: chr(0x2400 + c) for c in range(0x20) if c not in (0x09, 0x0A)}
_VISIBLE[0x7F] = "\u2421"
_VISIBLE.update({c: "\ufffd" for c in range(0x80, 0xA0)})


def visible_controls(text: str) -> str:
    """Show control characters as symbols (ESC as ␛) so text can neither drive a terminal nor hide."""
    return text.translate(_VISIBLE)
