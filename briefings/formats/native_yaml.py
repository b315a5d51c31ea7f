"""The library's own file format: the model as plain YAML data, read back exactly as it was written."""

from __future__ import annotations

import hashlib
import re
import weakref

from briefings.errors import ParseError
from briefings.formats import Format
from briefings.model import Briefing
from briefings.safe_yaml import dump_yaml, load_yaml
from briefings.serialize import briefing_from_data, briefing_to_data
from briefings.text import is_valid_id

_SCHEMA_KEY = re.compile(r"^schema_version:", re.MULTILINE)
_digests: dict[int, tuple[weakref.ref[Briefing], str]] = {}
"""id(briefing) -> (the briefing, SHA-256 of its stored text), while the briefing object lives."""


def dump_briefing(briefing: Briefing) -> str:
    return dump_yaml(briefing_to_data(briefing, terse=True))


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def remember_digest(briefing: Briefing, digest: str) -> None:
    """Records the digest of the text the library stored or read for this briefing object, so the
    index takes exactly that digest rather than serialising the briefing a second time."""
    key = id(briefing)

    def forget(ref: weakref.ref[Briefing]) -> None:
        if _digests.get(key, (None, ""))[0] is ref:
            _digests.pop(key, None)

    _digests[key] = (weakref.ref(briefing, forget), digest)


def digest(briefing: Briefing) -> str:
    """The digest the library gave this briefing object; a briefing it never held is serialised."""
    known = _digests.get(id(briefing))
    if known is not None and known[0]() is briefing:
        return known[1]
    return text_digest(dump_briefing(briefing))


def parse(text: str, name: str = "") -> Briefing:
    data = load_yaml(text.lstrip("\ufeff"))
    briefing = briefing_from_data(data)
    if not is_valid_id(briefing.id):
        raise ParseError(f"id {briefing.id[:80]!r} is not a valid briefing id "
                         "(lower-case letters, digits, '.', '_' and '-', at most 128)")
    return briefing


def _matches(text: str, suffix: str) -> bool:
    if text.lstrip("\ufeff").startswith("schema_version:"):
        return True
    return suffix in FORMAT.suffixes and _SCHEMA_KEY.search(text) is not None


FORMAT = Format(name="yaml", suffixes=(".yaml", ".yml"), matches=_matches, parse=parse)
