"""Search results by story (issue 21): one row per story, with its best card and the number of its
articles that matched, and the outlet facet counted per story rather than per card.

The counts are exact: every matching briefing (`SearchResults.matched`, read from the postings as the
total is) is put in its story, whatever the page. The rows are the page's: the hits come as the search
ranked them (best first, or newest first), and a story's row stands where its first hit stood, so rows
go by each story's best card. Paging by story follows the pages of hits: a page lists the stories whose
best card is on it, so a story is listed once, on the page of its best card (a page whose hits all
belong to stories listed before lists none). A briefing in no story is a row of its own. Which story a
briefing is in comes from the caller (`briefings.story_library.StoryShelf`), so this module reads nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from briefings.grouping import Story
from briefings.outlets import known_outlets
from search.facets import SHOWN, BriefingMatches
from search.results import Hit, SearchResults


@dataclass(frozen=True)
class StoryRow:
    """A story's best hit and its matching articles, best first; `story` None for a lone briefing."""

    best: Hit
    briefing_ids: tuple[str, ...]
    """Every matching article of the story: those with hits on the page first, in the ranking's order."""
    story: Story | None = None
    outlets: tuple[str, ...] = ()
    """The outlets of the row: each matching article's own (`StoryShelf.outlets`) and those its matching
    cards name, once each (compared as the index compares them), as the bundled list writes them, else as
    first written, else (named only by cards beyond the page) as the index keeps them."""
    hits: int = 1
    """Its matching cards."""

    @property
    def key(self) -> str:
        """The story's id, or the lone briefing's."""
        return self.story.id if self.story is not None else self.best.briefing_id

    @property
    def articles(self) -> int:
        return len(self.briefing_ids)


@dataclass(frozen=True)
class StoryResults:
    """The page's rows and what is counted over every match."""

    rows: tuple[StoryRow, ...]
    """The stories whose best card is on the page, best first."""
    stories: int
    """Stories (a lone briefing counts as one) with a match, on any page."""
    briefings: int
    """Matching briefings, on any page."""
    outlets: tuple[tuple[str, int], ...]
    """The outlet facet by story: each outlet (as the index keeps it) once per story that names it, most
    stories first, as the search's facets list their values (the SHOWN first)."""


def facet_value(outlet: str) -> str:
    """An outlet as the index keeps it (`outlet:` filters lowercase, spaces collapsed)."""
    return " ".join(outlet.lower().split())


def by_story(results: SearchResults, story_of: Callable[[str], Story | None],
             outlets_of: Mapping[str, str] | None = None) -> StoryResults:
    """The results by story; `outlets_of` names each grouped briefing's own outlet (`StoryShelf.outlets`).
    Counted from `results.matched`, or from the hits when the search did not count the matches."""
    matches = {**_hit_matches(results.hits), **(results.matched or {})}
    own = outlets_of or {}
    stories: dict[str, tuple[Story | None, list[str]]] = {}
    for briefing_id in matches:
        story = story_of(briefing_id)
        stories.setdefault(_key(story, briefing_id), (story, []))[1].append(briefing_id)
    outlets = {key: _outlet_values(members, matches, own) for key, (_story, members) in stories.items()}
    listed = {_key(story_of(briefing_id), briefing_id) for briefing_id in results.earlier}
    page: dict[str, list[Hit]] = {}
    for hit in results.hits:
        key = _key(story_of(hit.briefing_id), hit.briefing_id)
        if key not in listed:
            page.setdefault(key, []).append(hit)
    rows = tuple(_row(stories[key][0], hits, stories[key][1], matches, own, outlets[key])
                 for key, hits in page.items())
    counts = Counter(value for values in outlets.values() for value in values)
    return StoryResults(rows, len(stories), len(matches),
                        tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:SHOWN]))


def _hit_matches(hits: Iterable[Hit]) -> dict[str, BriefingMatches]:
    """What the hits alone say each briefing matched (a card per hit, its paragraph's outlets)."""
    cards: Counter[str] = Counter()
    outlets: dict[str, set[str]] = {}
    for hit in hits:
        cards[hit.briefing_id] += 1
        outlets.setdefault(hit.briefing_id, set()).update(facet_value(outlet) for outlet in hit.outlets)
    return {briefing_id: BriefingMatches(n, frozenset(outlets[briefing_id]))
            for briefing_id, n in cards.items()}


@cache
def _bundled() -> dict[str, str]:
    """The bundled list's outlets by index form, as it writes them: a row's outlets are spelled the same
    whichever page lists it."""
    return {facet_value(variant): " ".join(variant.split()) for variant in known_outlets()}


def _key(story: Story | None, briefing_id: str) -> str:
    return story.id if story is not None else briefing_id


def _outlet_values(members: Sequence[str], matches: Mapping[str, BriefingMatches],
                   own: Mapping[str, str]) -> frozenset[str]:
    named = {facet_value(own.get(briefing_id, "")) for briefing_id in members}
    named.update(value for briefing_id in members for value in matches[briefing_id].outlets)
    return frozenset(named - {""})


def _row(story: Story | None, hits: Sequence[Hit], members: Sequence[str],
         matches: Mapping[str, BriefingMatches], own: Mapping[str, str], values: frozenset[str]) -> StoryRow:
    """The row of a story (or lone briefing) whose best card is `hits[0]`."""
    in_story = story.briefing_ids if story is not None else ()
    ranked = dict.fromkeys(hit.briefing_id for hit in hits)
    rest = set(members) - ranked.keys()
    briefing_ids = (*ranked, *(bid for bid in in_story if bid in rest), *sorted(rest - set(in_story)))
    written = [own.get(briefing_id, "") for briefing_id in briefing_ids]
    written += [outlet for hit in hits for outlet in hit.outlets]
    spelled = {facet_value(outlet): outlet for outlet in reversed(written) if outlet.strip()}
    spelled.update((value, name) for value in values if (name := _bundled().get(value)) is not None)
    order = (*map(facet_value, written), *sorted(values))
    shown = tuple(dict.fromkeys(spelled.get(value, value) for value in order if value in values))
    return StoryRow(hits[0], briefing_ids, story, shown, sum(matches[bid].cards for bid in briefing_ids))
