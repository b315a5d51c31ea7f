"""The briefing list with stories folded in: a story is one row, its articles are reached from it.

A story's row stands where its newest article would (the list is newest first), so a story that
grows moves up; it reads "[2] HEADLINE │ 2 articles · 1 outlet": the short count first and then the
headline (the story's first article's: `Story` is named after it), so a list 30 columns wide still shows
which story it is; the whole count follows for wider lists. Choosing the row opens
the story (tui/screens/story.py); its articles are not rows of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from briefings.catalog import CatalogEntry
from briefings.grouping import Story
from briefings.story_briefing import count_line
from briefings.story_library import StoryShelf

SEPARATOR = " │ "


@dataclass(frozen=True)
class FoldedList:
    """The entries to list, and the story each story row (by its entry's id) opens."""

    entries: list[CatalogEntry]
    stories: dict[str, Story] = field(default_factory=dict)


def fold_stories(entries: Sequence[CatalogEntry], shelf: StoryShelf) -> FoldedList:
    """`entries` (newest first) with each story of `shelf` one row; other briefings stay as they are."""
    if not shelf.stories:
        return FoldedList(list(entries))
    titles = {entry.id: entry.title for entry in entries}
    shown: list[CatalogEntry] = []
    rows: dict[str, Story] = {}
    folded: set[str] = set()
    for entry in entries:
        story = shelf.story_of(entry.id)
        if story is None:
            shown.append(entry)
        elif story.id not in folded:
            folded.add(story.id)
            headline = titles.get(story.id, entry.title)
            title = f"[{len(story.briefing_ids)}] {headline}{SEPARATOR}{count_line(story, shelf.outlets)}"
            shown.append(replace(entry, title=title))
            rows[entry.id] = story
    return FoldedList(shown, rows)
