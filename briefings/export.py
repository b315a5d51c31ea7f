"""Writing a briefing out for people (Markdown) and scripts (versioned JSON, native YAML)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import yaml

from briefings.errors import BriefingError
from briefings.formats.native_yaml import dump_briefing
from briefings.model import Briefing
from briefings.serialize import briefing_to_data
from briefings.text import slugify
from briefings.wording import card_title, reference_line

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
    """Markdown that the Markdown format reads back into the same cards, headings and references."""
    front: dict[str, Any] = {"id": briefing.id, "title": briefing.title}
    if briefing.date:
        front["date"] = briefing.date
    if briefing.topics:
        front["topics"] = list(briefing.topics)
    if briefing.entities:
        front["entities"] = [entity.name for entity in briefing.entities]
    parts = [
        "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True) + "---",
        f"# {briefing.title}",
    ]
    for card in briefing.cards:
        parts.append(f"## {card_title(card.kind, card.heading)}\n\n{card.text.strip()}")
    if briefing.references:
        parts.append("## References\n\n" + "\n".join(reference_line(r) for r in briefing.references))
    return "\n\n".join(parts) + "\n"


def export_path(folder: Path, briefing: Briefing, fmt: str) -> Path:
    """A file name made from the briefing, always directly inside `folder` whatever the title says."""
    suffix = EXPORT_FORMATS.get(fmt)
    if suffix is None:
        raise BriefingError(f"unknown export format {fmt!r} (choose from {', '.join(EXPORT_FORMATS)})")
    return folder / f"{slugify(briefing.id, limit=120)}{suffix}"
