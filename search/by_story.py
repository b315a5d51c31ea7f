"""Search results by story (issue 21): one row per story, with its best card and the number of its
articles that matched, and the outlet facet counted per story rather than per card.

The hits come as the search ranked them (best first, or newest first); a story's row stands where
its first hit stood, so by-story keeps the ranking's order. A briefing in no story is a row of its
own. Which story a briefing is in comes from the caller (`briefings.story_library.StoryShelf`), so
this module reads nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from briefings.grouping import Story
from search.results import Hit


@dataclass(frozen=True)
class StoryRow:
    """A story's best hit and its matching articles, best first; `story` None for a lone briefing."""

    best: Hit
    briefing_ids: tuple[str, ...]
    story: Story | None = None
    outlets: tuple[str, ...] = ()
    """The outlets of the row: each matching article's own (`StoryShelf.outlets`) and those its matching
    cards quote, once each (compared as the index compares them), as first written."""
    hits: int = 1
    """Its matching cards."""

    @property
    def key(self) -> str:
        """The story's id, or the lone briefing's."""
        return self.story.id if self.story is not None else self.best.briefing_id

    @property
    def articles(self) -> int:
        return len(self.briefing_ids)


def facet_value(outlet: str) -> str:
    """An outlet as the index keeps it (`outlet:` filters lowercase, spaces collapsed)."""
    return " ".join(outlet.lower().split())


def group_by_story(hits: Iterable[Hit], story_of: Callable[[str], Story | None],
                   outlets_of: Mapping[str, str] | None = None) -> list[StoryRow]:
    """One row per story (or lone briefing), in the order of its first hit; `outlets_of` names each
    grouped briefing's own outlet (`StoryShelf.outlets`)."""
    rows: dict[str, tuple[Story | None, list[Hit]]] = {}
    for hit in hits:
        story = story_of(hit.briefing_id)
        key = story.id if story is not None else hit.briefing_id
        rows.setdefault(key, (story, []))[1].append(hit)
    return [_row(story, found, outlets_of or {}) for story, found in rows.values()]


def _row(story: Story | None, hits: Sequence[Hit], outlets_of: Mapping[str, str]) -> StoryRow:
    briefing_ids = tuple(dict.fromkeys(hit.briefing_id for hit in hits))
    named = [outlets_of.get(briefing_id, "") for briefing_id in briefing_ids]
    named += [outlet for hit in hits for outlet in hit.outlets]
    outlets = {facet_value(outlet): outlet for outlet in reversed(named) if outlet.strip()}
    shown = tuple(dict.fromkeys(outlets[facet_value(outlet)] for outlet in named if outlet.strip()))
    return StoryRow(hits[0], briefing_ids, story, shown, len(hits))


def story_outlets(rows: Sequence[StoryRow]) -> list[tuple[str, int]]:
    """The outlet facet by story: each outlet (as the index keeps it) once per row that names it, most
    stories first, as the search's facets list their values."""
    counts = Counter(facet_value(outlet) for row in rows for outlet in row.outlets)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
