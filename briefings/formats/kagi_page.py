"""Saved Kagi News story pages (`.html`): the cluster they embed, else the sections they render.

Pages that mirrors generate keep the cluster's JSON, HTML-escaped, in a collapsed "View full JSON"
block: that JSON is read as a Kagi file, so the page gives exactly the cards the cluster gives.
A page that only renders the story (a title, the summary, then a heading per section: Key Points,
Perspectives, Historical Background, Timeline, Q&A…) is read back into a cluster of the same
fields, heading by heading, and then read the same way; its `[n]` footnote links become
references n, pointing where the links point. The page is read with the standard library's
HTML parser, as data: nothing in it is fetched or run.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from briefings.formats import Parsed
from briefings.formats.html_blocks import Block, PageReader
from briefings.formats.kagi import clusters_of, holds_stories
from briefings.formats.kagi_fields import domain_of
from briefings.formats.kagi_sections import LIST_FIELDS, SECTION_KEYS
from briefings.model import Briefing

_LABEL = re.compile(r"^(additional sources|primary source|sources?|metadata|category)\s*:\s*", re.IGNORECASE)
_HEADING_ALIASES = {
    "summary": "short_summary", "key_points": "talking_points", "highlights": "talking_points",
    "business_angle": "business_angle_text", "action_items": "user_action_items", "q&a": "suggested_qna",
    "suggested_q&a": "suggested_qna", "questions_&_answers": "suggested_qna",
    "questions_and_answers": "suggested_qna", "did_you_know?": "did_you_know", "quotes": "quote",
    "sources": "source_urls", "additional_sources": "source_urls",
}
_SKIPPED_CLASSES = frozenset({"metadata", "back-link", "caption", "credit"})


def embedded_cluster(page: PageReader) -> Any | None:
    """The Kagi JSON (a cluster, a list of them or a category) a page keeps in a <pre> block, or None."""
    for block in page.blocks:
        if block.tag != "pre" or block.text[:1] not in ("{", "["):
            continue
        try:
            data = json.loads(block.text)
        except (ValueError, RecursionError):
            continue
        if holds_stories(data):
            return data
    return None


def section_key(heading: str) -> str:
    """The cluster field a page heading shows: "Historical Background" is `historical_background`."""
    key = re.sub(r"[^a-z0-9&?]+", "_", heading.casefold()).strip("_")
    key = _HEADING_ALIASES.get(key, key).rstrip("?")
    return _HEADING_ALIASES.get(key, key)


def is_story_page(html: str, page: PageReader) -> bool:
    """A page that embeds a cluster, or names Kagi and has two headings of Kagi's sections."""
    if embedded_cluster(page) is not None:
        return True
    headings = {section_key(b.text) for b in page.blocks if b.tag in ("h2", "h3")}
    return len(headings & SECTION_KEYS) >= 2 and "kagi" in html.casefold()


def stories(page: PageReader, name: str) -> Iterator[Parsed]:
    """Every cluster the page embeds (a saved page may keep a whole category), else the one it renders."""
    data = embedded_cluster(page)
    if data is not None:
        yield from clusters_of(data, name)
        return
    for item in clusters_of(_rendered_cluster(page), name):
        yield _without_gaps(item) if isinstance(item, Briefing) else item


def _without_gaps(briefing: Briefing) -> Briefing:
    """Footnote numbers need not run 1, 2, 3: the numbers no footnote used are no references."""
    return replace(briefing, references=tuple(r for r in briefing.references if r.url or r.title or r.raw))


def _rendered_cluster(page: PageReader) -> dict[str, Any]:
    """The cluster a rendered page shows, field by field, in the shapes the JSON would have."""
    cluster: dict[str, Any] = {"title": _title(page)}
    sections: dict[str, list[Block]] = defaultdict(list)
    headings: dict[str, str] = {}
    current = "short_summary"
    for block in page.blocks:
        label = _LABEL.match(block.text)
        if "category" in block.classes:
            cluster["category"] = _LABEL.sub("", block.text)
        elif block.tag in ("h1", "pre") or "details" in block.ancestors or _SKIPPED_CLASSES & block.classes:
            continue
        elif block.tag in ("h2", "h3") and block.perspective is None:
            current = section_key(block.text)
            headings.setdefault(current, block.text)
        elif label and not (current == "perspectives" and _names_outlets(block, sections[current])):
            current = _label_field(label.group(1).casefold(), block, cluster, current)
        elif current == "short_summary" and block.tag == "cite":
            cluster["quote_author"] = block.text.lstrip("—–- ").strip()
        elif current == "short_summary" and "blockquote" in block.ancestors:
            cluster["quote"] = f"{cluster.get('quote', '')} {block.text}".strip()
        elif current == "short_summary" and "did-you-know" in block.classes:
            cluster["did_you_know"] = re.sub(r"^did you know\??:?\s*", "", block.text, flags=re.IGNORECASE)
        elif current:
            sections[current].append(block)
    for key, blocks in sections.items():
        value = _value(key, blocks)
        known = key in SECTION_KEYS or key == "source_urls"
        cluster[key if known else headings.get(key, key)] = value  # an unknown section keeps its heading
    if page.footnotes:
        last = max(page.footnotes)
        cluster["articles"] = [_article(page.footnotes.get(number, "")) for number in range(1, last + 1)]
    return cluster


def _names_outlets(block: Block, perspectives: list[Block]) -> bool:
    """A "Sources:" line inside a perspective, or after one on a page that does not box them."""
    if not _LABEL.match(block.text) or not block.text.casefold().startswith("source"):
        return False
    return block.perspective is not None or all(b.perspective is None for b in perspectives)


def _title(page: PageReader) -> str:
    heading = next((b.text for b in page.blocks if b.tag == "h1"), "")
    return heading or re.split(r"\s+[-|–]\s+(?=[^-|–]*\b(?:kagi|kite)\b)", page.title, flags=re.IGNORECASE)[0]


def _label_field(label: str, block: Block, cluster: dict[str, Any], current: str) -> str:
    """What a "Label:" line says, and the section the blocks after it belong to: additional sources
    to the references; after "Sources:" or "Metadata:" (the page's own bookkeeping) none."""
    if label == "category":
        cluster["category"] = _LABEL.sub("", block.text)
        return current
    if label == "primary source":
        cluster["url"] = block.links[0][1] if block.links else ""
        return current
    return "source_urls" if label == "additional sources" else ""


def _value(key: str, blocks: list[Block]) -> Any:
    if key == "perspectives":
        return _perspectives(blocks)
    if key == "suggested_qna":
        return _questions(blocks)
    if key == "source_urls":
        return [href for block in blocks for _, href in block.links]
    texts = [block.text for block in blocks if block.tag != "cite"]
    if key in LIST_FIELDS:
        return texts
    if all(block.tag == "li" for block in blocks):
        return "\n".join(f"- {text}" for text in texts)
    return "\n\n".join(texts)


def _perspectives(blocks: list[Block]) -> list[dict[str, Any]]:
    """One perspective per `perspective` element, else per paragraph; a "Sources:" line names its outlets."""
    items: list[dict[str, Any]] = []
    owner: dict[int, dict[str, Any]] = {}
    for block in blocks:
        holder = block.perspective
        label = _LABEL.match(block.text)
        target = owner.get(holder) if holder is not None else (items[-1] if items and label else None)
        if label:
            names = [text for text, _ in block.links] or _LABEL.sub("", block.text).split(",")
            if target is not None:
                target["sources"] += [{"name": n.strip()} for n in names if n.strip()]
            continue
        if target is None:
            target = {"text": block.text, "sources": []}
            items.append(target)
            if holder is not None:
                owner[holder] = target
        else:
            target["text"] = f"{target['text']} {block.text}"
    return items


def _questions(blocks: list[Block]) -> list[dict[str, str]]:
    """Each line ending in "?" opens a question; the lines up to the next one answer it."""
    items: list[dict[str, str]] = []
    for block in blocks:
        if block.text.rstrip().endswith("?") or not items:
            items.append({"question": block.text, "answer": ""})
        else:
            items[-1]["answer"] = f"{items[-1]['answer']} {block.text}".strip()
    return items


def _article(url: str) -> dict[str, str]:
    """The article a footnote links to; a number no footnote uses holds an empty one, to keep the count."""
    return {"link": url, "domain": domain_of(url)}
