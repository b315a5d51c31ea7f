"""The library's own file format: the model as plain YAML data, read back exactly as it was written."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict

from briefings.errors import ParseError
from briefings.formats import Format
from briefings.model import Briefing
from briefings.safe_yaml import dump_yaml, load_yaml
from briefings.serialize import briefing_from_data, briefing_to_data
from briefings.text import is_valid_id

_SCHEMA_KEY = re.compile(r"^schema_version:", re.MULTILINE)
_RECENT_LIMIT = 1024
_recent: OrderedDict[int, tuple[Briefing, str]] = OrderedDict()
_recent_lock = threading.Lock()


def dump_briefing(briefing: Briefing) -> str:
    """Remembers the last briefings dumped (by identity), since ingest dumps each twice: the library
    for its file and the index for the digest, and a dump costs ~4 ms."""
    with _recent_lock:
        hit = _recent.get(id(briefing))
    if hit is not None and hit[0] is briefing:
        return hit[1]
    text = dump_yaml(briefing_to_data(briefing))
    with _recent_lock:
        _recent[id(briefing)] = (briefing, text)
        if len(_recent) > _RECENT_LIMIT:
            _recent.popitem(last=False)
    return text


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
