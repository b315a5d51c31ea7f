"""`briefing search QUERY --by-story`: the hits one row per story, as the reader's results by story
(`search.by_story`): the story's id (a briefing in no story: its own), how many of its articles matched,
its outlets, its best card and its headline. Into a pipe one tab-separated line each, as
`briefing stories` writes them; on a terminal a table with the best card's fragment under the headline;
`--json` adds a `stories` list to the search's document, `--jsonl` prints the stories only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from briefings.library import Library
from briefings.story_library import read_stories
from briefings.wording import card_title
from cli.listing import one_line
from cli.output import console, print_json, safe_text, say, table, to_terminal

if TYPE_CHECKING:
    from search.by_story import StoryResults, StoryRow
    from search.results import SearchResults


Headed = tuple["StoryRow", str]
"""A row and its headline (its story's first article's title, as the reader names it)."""


def story_rows(library: Library, results: SearchResults) -> tuple[StoryResults, list[Headed]]:
    """The results by story, and the page's stories (those whose best card is on it) with their headlines,
    in the order of each row's best hit, each counted over every match; the library's stories read once
    (a damaged file is a line on standard error, and no stories)."""
    from search.by_story import by_story

    shelf = read_stories(library.root)
    for warning in shelf.warnings:
        say(warning)
    stories = by_story(results, shelf.story_of, shelf.outlets)
    entries = library.entries_for(row.key for row in stories.rows)
    return stories, [(row, entries[row.key].title if row.key in entries else row.best.briefing_title)
                     for row in stories.rows]


def stories_totals(stories: StoryResults) -> dict[str, Any]:
    """What is counted over every match, on any page: stories (a briefing in no story counts as one),
    matching briefings, and the outlet facet by story (each outlet once per story naming it)."""
    return {"stories_total": stories.stories, "briefings_total": stories.briefings,
            "story_outlets": [{"outlet": outlet, "stories": count} for outlet, count in stories.outlets]}


def stories_data(rows: list[Headed]) -> list[dict[str, Any]]:
    """The rows as JSON data (`story_id` null for a briefing in no story)."""
    return [{"story_id": row.story.id if row.story is not None else None, "headline": headline,
             "matching_articles": row.articles, "matching_cards": row.hits, "outlets": list(row.outlets),
             "briefing_ids": list(row.briefing_ids),
             "best": {"briefing_id": row.best.briefing_id, "card_index": row.best.card_index,
                      "card": card_title(row.best.card_kind, row.best.heading),
                      "card_kind": row.best.card_kind.value,
                      "fragment": "".join(text for text, _ in row.best.fragment)}}
            for row, headline in rows]


def print_stories(library: Library, rows: list[Headed], jsonl: bool) -> None:
    """The rows as `--jsonl`, plain lines or (on a terminal) a table."""
    if jsonl:
        for data in stories_data(rows):
            print_json(data)
        return
    short = library.short_ids(id_ for row, _ in rows for id_ in (row.key, row.best.briefing_id))
    cells = [(short[row.key], str(row.articles), ", ".join(row.outlets),
              f"{card_title(row.best.card_kind, row.best.heading)} ({short[row.best.briefing_id]})", headline)
             for row, headline in rows]
    if not to_terminal():
        for line in cells:
            print("\t".join(one_line(cell) for cell in line))
        return
    from cli.printing import fragment_text

    shown = table("id", "matching", "outlets", "best card", "headline", ids=short.values())
    for (row, _), line in zip(rows, cells, strict=True):
        told = safe_text(line[-1], "bold").append("\n").append_text(fragment_text(row.best.fragment))
        shown.add_row(*(safe_text(cell) for cell in line[:-1]), told)
    console().print(shown)
