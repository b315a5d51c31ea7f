"""Properties every parsed briefing keeps, whatever text it came from, for the property tests."""

from __future__ import annotations

from briefings.errors import ParseError
from briefings.formats import native_yaml
from briefings.model import Briefing
from briefings.text import citations_in, clean, is_valid_id, strip_control


def input_lines(text: str) -> set[str]:
    """The stripped non-empty lines a line-based parser reads `text` as."""
    return {line.strip() for line in clean(text).split("\n") if line.strip()}


def assert_well_formed(briefing: Briefing) -> None:
    """A one-line title without control characters, a safe id, true citations and an exact YAML round trip."""
    assert briefing.title.strip() and "\n" not in briefing.title
    assert strip_control(briefing.title) == briefing.title
    assert is_valid_id(briefing.id), briefing.id
    for card in briefing.cards:
        assert card.citations == citations_in(card.text), card
    numbers = [reference.number for reference in briefing.references]
    assert numbers == sorted(set(numbers))
    assert native_yaml.parse(native_yaml.dump_briefing(briefing), "x.yaml") == briefing


def assert_one_line_error(error: ParseError, source_name: str = "") -> None:
    """A parse error is one line saying what is wrong, after the file's name when `source_name` is given.

    Parsers may leave the name out: ingest puts it in front of a message that does not start with it.
    """
    message = str(error)
    assert len(message.splitlines()) == 1, message  # no \n, \r, \v, \f, \x1c-\x1e, \x85, \u2028 or \u2029
    prefix = f"{source_name}: " if source_name else ""
    assert message.startswith(prefix) and message[len(prefix):].strip(), message
