"""Lenient readers for the fields of one Kagi News cluster.

Kagi's schema has changed several times: older files hold `""` where a list is expected
(`"technical_specifications": ""`), newer ones `{text}` objects where strings were, and a field
of any type may turn up where another was meant. Each reader here takes the type kite-public's
`Story` gives the field, reads any other type as well as it can, and names the field in `odd`,
so one odd field is degraded (and said so) instead of costing the whole cluster.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from briefings.text import clean

MAX_DEPTH = 20
"""Deeper than this a value is cut: real Kagi fields nest two or three levels, and walking a hostile
one a thousand levels deep would exhaust Python's stack."""


def describe(value: Any) -> str:
    """What a JSON value is, in words, for a note."""
    if isinstance(value, str):
        return "text" if value.strip() else "empty text"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null"


def flat(value: Any, depth: int = 0) -> str:
    """Any JSON value as one line of text: objects as `key: value` pairs, lists joined with "; "."""
    if depth > MAX_DEPTH:
        return "(nested too deeply to show)"
    if isinstance(value, str):
        return " ".join(clean(value).split())
    if isinstance(value, dict):
        pairs = ((k, v) for k, v in value.items() if v not in (None, "", [], {}))
        return "; ".join(f"{k}: {flat(v, depth + 1)}" for k, v in pairs)
    if isinstance(value, list):
        return "; ".join(flat(item, depth + 1) for item in value if item not in (None, "", [], {}))
    return "" if value is None else json.dumps(value)


@dataclass
class Fields:
    """One cluster's fields, read by the type each should have; `odd` names those that had another."""

    cluster: dict[str, Any]
    odd: dict[str, str] = field(default_factory=dict)

    def flag(self, key: str, found: str, expected: str) -> None:
        self.odd.setdefault(key, f"{key!r} ({found} where {expected} was expected)")

    def text(self, key: str) -> str:
        """A text field; a list is read as bullets, anything else as its flat form."""
        value = self.cluster.get(key)
        if value is None:
            return ""
        if isinstance(value, str):
            return clean(value).strip()
        self.flag(key, describe(value), "text")
        if isinstance(value, list):
            return "\n".join(f"- {item}" for item in (flat(v) for v in value) if item)
        return flat(value)

    def items(self, key: str) -> list[str]:
        """A list of text; `{text}` objects (the newer shape) are read as their text, a lone value as
        a one-item list, empty text as an empty list."""
        value = self.cluster.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.flag(key, describe(value), "a list")
            value = [value] if isinstance(value, str) else [flat(value)]
        items = []
        for item in value:
            if isinstance(item, dict) and isinstance(item.get("text"), str):
                item = item["text"]
            elif not isinstance(item, str) and item is not None:
                self.flag(key, f"an item that is {describe(item)}", "text")
                item = flat(item)
            text = clean(item or "").strip()
            if text:
                items.append(text)
        return items

    def objects(self, key: str) -> list[Any]:
        """A list of objects, each left to the caller to read (an item may be text in older files);
        a lone object or text is read as a one-item list, empty text as an empty list."""
        value = self.cluster.get(key)
        if value is None:
            return []
        if isinstance(value, list):
            return [item for item in value if item not in (None, "", {})]
        self.flag(key, describe(value), "a list")
        empty = value == {} or (isinstance(value, str) and not value.strip())
        return [] if empty else [value]

    def note(self) -> str:
        """One line naming every odd field, or "" when there were none."""
        if not self.odd:
            return ""
        return "fields of an unexpected type were read as well as they could be: " + "; ".join(
            self.odd.values())


def domain_of(url: str) -> str:
    """The site a link points to, as Kagi names articles' domains: "www.bbc.co.uk/x" is "bbc.co.uk"."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:  # "http://[not an address": no site to name
        return ""
    return host.removeprefix("www.")


def item_text(item: Any, key: str = "text") -> str:
    """The text of one list item: a string as is, an object's `key`, anything else flattened."""
    if isinstance(item, str):
        return clean(item).strip()
    if isinstance(item, dict) and isinstance(item.get(key), str):
        return clean(item[key]).strip()
    return flat(item)
