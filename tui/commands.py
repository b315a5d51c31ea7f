"""Command palette providers, one per domain: briefings by title, entities, reader actions.

Titles and names are shown as plain `Content` with our own match highlighting: the palette's
`Matcher.highlight` parses its argument as markup, which briefing text must never be.

Commands rank above briefing titles: the palette sorts every provider's hits by score, any fuzzy
match scores at least 1 (one matched letter), so titles are squeezed below 1 by `title_score`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen
from textual.style import Style
from textual.worker import WorkerFailed

from briefings.text import visible_controls
from tui.actions import ACTIONS, Action, Context
from tui.protocols import ReaderApp, reader_app
from tui.render import plural
from tui.widgets.reader import Reader

if TYPE_CHECKING:
    from tui.screens.main import MainScreen

MAX_TITLE_CANDIDATES = 300
"""Titles scored per keystroke: substring filtering first keeps the palette instant at 100,000 briefings."""
MAX_ENTITY_CANDIDATES = 100
"""Entity names scored per keystroke, of the tens of thousands a large library names."""


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


class LibraryEntity(NamedTuple):
    name: str
    briefings: int
    folded: str
    """`name` casefolded, matched against each keystroke."""


def library_entities(app: ReaderApp) -> list[LibraryEntity]:
    """Every entity the library names, most named first, under the names the gazetteer spells (the index
    keeps them lowercased): slow (a read of the index and the gazetteer), so only ever in a thread."""
    index = app.index
    if index is None:
        return []
    spelled = {name.lower(): name for entity in app.library.gazetteer().entities for name in entity.names}
    listed = []
    for indexed, briefings in index.entity_counts():
        name = spelled.get(indexed, indexed)
        listed.append(LibraryEntity(name, briefings, name.casefold()))
    return listed


def entity_candidates(entities: Sequence[LibraryEntity], query: str) -> list[LibraryEntity]:
    """The most named entities holding the query whole, then those holding its letters in order (the
    palette's own fuzzy rule, as one regular expression): at most MAX_ENTITY_CANDIDATES, since the
    palette's scoring is too slow for tens of thousands of names per keystroke."""
    whole = " ".join(query.casefold().split())
    if not whole:
        return []
    in_order = re.compile(".*?".join(re.escape(letter) for letter in whole.replace(" ", "")))
    holding: list[LibraryEntity] = []
    scattered: list[LibraryEntity] = []
    for entity in entities:
        if whole in entity.folded:
            holding.append(entity)
            if len(holding) == MAX_ENTITY_CANDIDATES:
                break
        elif len(scattered) < MAX_ENTITY_CANDIDATES and in_order.search(entity.folded):
            scattered.append(entity)
    return (holding + scattered)[:MAX_ENTITY_CANDIDATES]


class EntityCommands(Provider):
    """ "Go to entity: <name> (n briefings)" over every entity in the library, listed in a thread when the
    palette opens; before the search index has opened, the open briefing's entities."""

    def __init__(self, screen: Screen[Any], match_style: Style | None = None) -> None:
        super().__init__(screen, match_style)
        self._entities: list[LibraryEntity] = []

    async def startup(self) -> None:
        """Searches wait for this, so the list is complete before the first keystroke is matched."""
        app = reader_app(self.app)
        listing = self.app.run_worker(partial(library_entities, app), thread=True, exit_on_error=False)
        try:
            self._entities = await listing.wait()
        except WorkerFailed as failed:
            self.app.notify(str(failed.error), title="Could not list the entities", severity="error",
                            markup=False)
        if not self._entities:
            self._entities = [LibraryEntity(name, 0, name.casefold()) for name in self._open_briefing_names()]

    def _open_briefing_names(self) -> list[str]:
        screen = _main_screen(self)
        return [entity.name for entity in screen.briefing.entities] if screen and screen.briefing else []

    async def search(self, query: str) -> Hits:
        screen = _main_screen(self)
        if screen is None:
            return
        matcher = self.matcher(query)
        letters = len("".join(query.split()))
        for entity in entity_candidates(self._entities, query):
            if score := matcher.match(entity.name):
                # The palette's score ignores the name's length: "Russia" ranks above "Russian Navy" by
                # how much of the name the query covers.
                coverage = letters / max(1, len("".join(entity.name.split())))
                yield Hit(
                    score + coverage,
                    self._label(entity, highlighted(matcher, entity.name)),
                    partial(screen.go_to_entity, entity.name),
                    text=f"Go to entity: {entity.name}",
                    help="Its timeline and the briefings naming it",
                )

    async def discover(self) -> Hits:
        screen = _main_screen(self)
        if screen is None:
            return
        for name in self._open_briefing_names():
            yield DiscoveryHit(
                self._label(LibraryEntity(name, 0, ""), Content(visible_controls(name))),
                partial(screen.go_to_entity, name),
            )

    @staticmethod
    def _label(entity: LibraryEntity, name: Content) -> Content:
        counted = f" ({plural(entity.briefings, 'briefing')})" if entity.briefings else ""
        return Content("Go to entity: ") + name + Content(counted)


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
