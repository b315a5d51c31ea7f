"""Command palette providers, one per domain: briefings by title, entities, reader actions.

Titles and names are shown as plain `Content` with our own match highlighting: the palette's
`Matcher.highlight` parses its argument as markup, which briefing text must never be.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from briefings.text import visible_controls
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
            score = matcher.match(title) or 0.01
            yield Hit(
                score,
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
                partial(screen.open_briefing, bookmark.briefing_id, bookmark.card_index),
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
    """The reader's key actions, so each can also be found by name."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        screen = _main_screen(self)
        if screen is None:
            return []
        app = screen.reader_app
        reader = screen.query_one(Reader)
        return [
            ("Toggle bookmark on this card", "b", screen.action_bookmark),
            ("Show bookmarks", "B", screen.action_bookmarks),
            ("Show figures side by side (where sources disagree)", "F", screen.action_figures),
            ("Toggle entity panel", "e", screen.action_toggle_entities),
            ("Filter search by facets", "f", screen.action_facets),
            ("Clear search", "escape", screen.action_clear_search),
            ("Focus search", "/", screen.action_focus_search),
            ("Next search hit in this briefing", "n", screen.action_next_hit),
            ("Show or hide unrelated Q&A", "u", reader.action_toggle_unrelated),
            ("Switch light/dark theme", "", app.action_toggle_theme),
            ("Show keys (help)", "?", app.action_help),
        ]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, key, command in self._commands():
            if score := matcher.match(name):
                yield Hit(
                    score, highlighted(matcher, name), command, text=name, help=f"Key: {key}" if key else None
                )

    async def discover(self) -> Hits:
        for name, key, command in self._commands():
            yield DiscoveryHit(name, command, help=f"Key: {key}" if key else None)
