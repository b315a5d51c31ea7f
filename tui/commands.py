"""Command palette providers, one per domain: briefings by title, entities, reader actions.

Titles and names are shown as plain `Content` with our own match highlighting: the palette's
`Matcher.highlight` parses its argument as markup, which briefing text must never be.

Commands rank above briefing titles: the palette sorts every provider's hits by score, any fuzzy
match scores at least 1 (one matched letter), so titles are squeezed below 1 by `title_score`.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.dom import DOMNode

from briefings.text import visible_controls
from tui.actions import ACTIONS, Action, Context
from tui.protocols import reader_app
from tui.widgets.reader import Reader

if TYPE_CHECKING:
    from tui.screens.main import MainScreen

MAX_TITLE_CANDIDATES = 300
"""Titles scored per keystroke: substring filtering first keeps the palette instant at 100,000 briefings."""


def highlighted(matcher: Matcher, text: str) -> Content:
    safe = visible_controls(text)
    content = Content(safe)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, safe)
    for offset in offsets:
        content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def title_score(score: float) -> float:
    """A title's fuzzy score, kept in order but below 1, so every matching command ranks above it."""
    return score / (score + 1)


def _main_screen(provider: Provider) -> MainScreen | None:
    from tui.screens.main import MainScreen

    screen = provider.screen
    return screen if isinstance(screen, MainScreen) else None


class BriefingCommands(Provider):
    """ "Open briefing: <title>" over every briefing in the library."""

    def _candidates(self, query: str) -> Iterator[tuple[str, str]]:
        screen = _main_screen(self)
        if screen is None:
            return
        words = query.casefold().split()
        found = 0
        for entry in screen.entries:
            folded = entry.title.casefold()
            if all(word in folded for word in words):
                yield entry.id, entry.title
                found += 1
                if found >= MAX_TITLE_CANDIDATES:
                    return

    async def search(self, query: str) -> Hits:
        screen = _main_screen(self)
        if screen is None or not query.strip():
            return
        matcher = self.matcher(query)
        for briefing_id, title in self._candidates(query):
            yield Hit(
                title_score(matcher.match(title)) or 0.01,
                highlighted(matcher, title),
                partial(screen.open_briefing, briefing_id),
                text=f"Open {title}",
                help="Open this briefing",
            )

    async def discover(self) -> Hits:
        screen = _main_screen(self)
        if screen is None:
            return
        for bookmark in screen.reader_app.state.bookmarks[:10]:
            yield DiscoveryHit(
                Content(visible_controls(f"Bookmark: {bookmark.title} — {bookmark.heading}")),
                partial(screen.open_briefing, bookmark.briefing_id, bookmark.card),
                help="Open this bookmarked card",
            )


class EntityCommands(Provider):
    """ "Go to entity: <name>" for the entities of the open briefing."""

    def _names(self) -> list[str]:
        screen = _main_screen(self)
        return [entity.name for entity in screen.briefing.entities] if screen and screen.briefing else []

    async def search(self, query: str) -> Hits:
        screen = _main_screen(self)
        if screen is None:
            return
        matcher = self.matcher(query)
        for name in self._names():
            label = f"Go to entity: {name}"
            if score := matcher.match(label):
                yield Hit(
                    score,
                    highlighted(matcher, label),
                    partial(screen.go_to_entity, name),
                    text=label,
                    help="Show it in the entity panel with the other briefings naming it",
                )

    async def discover(self) -> Hits:
        screen = _main_screen(self)
        if screen is None:
            return
        for name in self._names():
            yield DiscoveryHit(
                Content(visible_controls(f"Go to entity: {name}")), partial(screen.go_to_entity, name)
            )


class ReaderCommands(Provider):
    """The actions the registry names for the palette, each with the key it has now."""

    def _commands(self) -> list[tuple[Action, DOMNode]]:
        screen = _main_screen(self)
        if screen is None:
            return []
        where: dict[Context, DOMNode] = {
            Context.APP: screen.app,
            Context.MAIN: screen,
            Context.READER: screen.query_one(Reader),
        }
        return [(action, where[action.context]) for action in ACTIONS if action.command]

    def _hit_help(self, action: Action) -> str:
        keys = reader_app(self.app).key_display(action)
        return f"Key: {keys}" if keys else action.description

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for action, node in self._commands():
            if score := matcher.match(action.command):
                yield Hit(
                    score,
                    highlighted(matcher, action.command),
                    partial(self.app.run_action, action.action, node),
                    text=action.command,
                    help=self._hit_help(action),
                )

    async def discover(self) -> Hits:
        for action, node in self._commands():
            yield DiscoveryHit(
                action.command, partial(self.app.run_action, action.action, node), help=self._hit_help(action)
            )
