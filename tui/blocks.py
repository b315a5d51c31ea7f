"""The reader's drawing vocabulary: a palette of styles by role, paragraph-like Blocks, and plain text.

Every string that comes from a briefing becomes a Text through `plain`, appended after `visible_controls`
and never parsed as markup, so `[bold red]` shows as written and escape sequences cannot reach the terminal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from rich.style import Style
from rich.text import Text

from briefings.text import visible_controls

ROLES = (
    "title",
    "heading",
    "subheading",
    "label",
    "citation",
    "cut",
    "code",
    "link",
    "muted",
    "quote",
    "match",
    "reference",
    "flag",
)
"""Text roles the reader styles from its component classes (`reader--<role>`)."""


@dataclass(frozen=True)
class Palette:
    """Styles for text roles and kind families; hashable so rendered cards can be cached per theme."""

    styles: tuple[tuple[str, Style], ...] = ()

    def __getitem__(self, role: str) -> Style:
        return self._by_role.get(role, Style.null())

    @cached_property
    def _by_role(self) -> dict[str, Style]:
        return dict(self.styles)

    @classmethod
    def of(cls, styles: Mapping[str, Style]) -> Palette:
        return cls(tuple(sorted(styles.items())))


@dataclass(frozen=True)
class Block:
    """A paragraph-like unit; the reader wraps `text` and puts `prefix` before its first line,
    `continuation` before the others (bullets, quote bars, reference numbers)."""

    text: Text
    prefix: str = ""
    continuation: str = ""
    anchor: str = ""
    spaced: bool = True
    """Followed by a blank line (False inside tight lists)."""


BLANK = Block(Text(""), spaced=False)


def plain(value: str, style: Style | str = "") -> Text:
    """Briefing text as a Text that can neither style itself nor drive the terminal.

    The style is a span, not the Text's base style, so text appended later does not inherit it."""
    text = Text(end="")
    text.append(visible_controls(value), style)
    return text
