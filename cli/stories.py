"""`briefing stories`, `story`, `group`, `ungroup` and `regroup`: the articles grouped into stories at
ingest (`briefings.story_library`), each join with its reason, and the analyst's corrections.

A story is named by its first article's id; `story` and `ungroup` take any of its articles' ids (or
their starts) for it. A bad id is one line and exit status 2 (`BriefingError`, as everywhere).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from typing import Any

from briefings.catalog import CatalogEntry
from briefings.errors import BriefingError
from briefings.grouping import Story
from briefings.library import Library
from briefings.story_library import StoryShelf, grouping_of, read_stories
from cli.listing import one_line
from cli.output import console, print_json, safe_text, say, say_if_empty, table, to_terminal

Handler = Callable[[Library, argparse.Namespace], int]
STORY_HELP = "a story's id, or the id (or its start) of any of its articles"


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The story commands, into the `briefing` command's subcommands."""
    listing = _command(commands, "stories", run_stories,
                       "the stories: articles on one event grouped at ingest, with their outlets and dates")
    listing.add_argument("--json", action="store_true", help="one JSON document")
    story = _command(commands, "story", run_story,
                     "a story's articles in order, each with why it joined and whether it is a copy")
    story.add_argument("id", metavar="ID", help=STORY_HELP)
    story.add_argument("--json", action="store_true", help="one JSON document")
    group = _command(commands, "group", run_group,
                     "put briefings in one story (kept across re-ingests and `regroup`)")
    group.add_argument("ids", nargs="+", metavar="ID", help="two briefing ids or more (or their starts)")
    ungroup = _command(commands, "ungroup", run_ungroup,
                       "take a briefing out of its story for good (kept across re-ingests and `regroup`)")
    ungroup.add_argument("story", metavar="STORY", help=STORY_HELP)
    ungroup.add_argument("id", metavar="ID", help="the article to take out (its id or its start)")
    regroup = _command(commands, "regroup", run_regroup,
                       "group the whole library again from scratch, keeping your group/ungroup choices")
    regroup.add_argument("--quiet", "-q", action="store_true", help="no progress bar")


def _command(commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str, handler: Handler,
             help_text: str) -> argparse.ArgumentParser:
    sub = commands.add_parser(name, help=help_text, description=help_text)
    sub.set_defaults(command=name, handler=handler)
    return sub


def run_stories(library: Library, args: argparse.Namespace) -> int:
    shelf = _shelf(library)
    entries = library.entries_for(bid for story in shelf.stories for bid in story.briefing_ids)
    rows = [row for story in shelf.stories if (row := _story_row(story, shelf, entries)) is not None]
    if args.json:
        print_json({"stories": rows})
        return 0
    if not rows:
        if not say_if_empty(library):
            say("no stories yet: articles on one event are grouped as they are ingested")
        return 0
    short = library.short_ids(row["id"] for row in rows)
    if not to_terminal():
        for row in rows:
            print("\t".join([short[row["id"]], str(row["articles"]), ", ".join(row["outlets"]),
                             _dates(row), one_line(row["headline"])]))
        return 0
    shown = table("id", "articles", "outlets", "dates", "headline", ids=short.values())
    for row in rows:
        cells = (short[row["id"]], str(row["articles"]), ", ".join(row["outlets"]), _dates(row),
                 row["headline"])
        shown.add_row(*(safe_text(text) for text in cells))
    console().print(shown)
    return 0


def run_story(library: Library, args: argparse.Namespace) -> int:
    shelf = _shelf(library)
    story = _story_named(library, shelf, args.id)
    entries = library.entries_for(story.briefing_ids)
    articles = [_article_row(bid, story, shelf, entries) for bid in story.briefing_ids if bid in entries]
    if args.json:
        print_json({"id": story.id, "articles": articles})
        return 0
    short = library.short_ids([*story.briefing_ids, *(a["duplicate_of"] or "" for a in articles)])
    out = console()
    for article in articles:
        head = "  ".join(text for text in (short[article["id"]], article["date"] or "undated",
                                           article["outlet"], one_line(article["title"])) if text)
        out.print(safe_text(head), soft_wrap=True)
        why = article["reason"] or ("first in the story" if article["id"] == story.id
                                    else "joined through an article since taken out")
        if article["duplicate_of"]:
            why += f"; duplicate of {short.get(article['duplicate_of'], article['duplicate_of'])}"
        out.print(safe_text(f"    {why}"), soft_wrap=True)
    return 0


def run_group(library: Library, args: argparse.Namespace) -> int:
    ids = [library.resolve(text) for text in args.ids]
    with grouping_of(library) as grouping:
        _say_warnings(grouping.warnings)
        story = grouping.group(ids)
    say(f"story {library.short_ids([story.id])[story.id]}: {len(story.briefing_ids)} articles")
    return 0


def run_ungroup(library: Library, args: argparse.Namespace) -> int:
    named, briefing_id = library.resolve(args.story), library.resolve(args.id)
    with grouping_of(library) as grouping:
        _say_warnings(grouping.warnings)
        story = grouping.index.story_of(named) if named in grouping.index else None
        if story is None or len(story.briefing_ids) < 2:
            raise BriefingError(f"{named} is in no story: it stands alone")
        grouping.ungroup(story.id, briefing_id)
    short = library.short_ids([briefing_id, story.id])
    say(f"{short[briefing_id]} taken out of story {short[story.id]}; it stands alone and stays apart")
    return 0


def run_regroup(library: Library, args: argparse.Namespace) -> int:
    if say_if_empty(library):
        return 0
    with grouping_of(library, catch_up=False) as grouping:
        _say_warnings(grouping.warnings)
        placements = grouping.regroup()
        for _ in placements if args.quiet or not to_terminal() else _with_bar(placements, len(library)):
            pass
        grouping.commit()
        stories = [story for story in grouping.index.stories() if len(story.briefing_ids) > 1]
    grouped = sum(len(story.briefing_ids) for story in stories)
    say(f"{len(grouping.index):,} briefings placed: {grouped:,} of them in {len(stories):,} "
        f"{'story' if len(stories) == 1 else 'stories'}")
    return 0


def _shelf(library: Library) -> StoryShelf:
    shelf = read_stories(library.root)
    _say_warnings(shelf.warnings)
    return shelf


def _say_warnings(lines: Iterable[str]) -> None:
    for line in lines:
        say(line)


def _story_named(library: Library, shelf: StoryShelf, text: str) -> Story:
    briefing_id = library.resolve(text)
    story = shelf.story_of(briefing_id)
    if story is None:
        raise BriefingError(f"{briefing_id} is in no story: it stands alone")
    return story


def _story_row(story: Story, shelf: StoryShelf, entries: dict[str, CatalogEntry]) -> dict[str, Any] | None:
    """A story as `stories` lists it; None when fewer than two of its articles are still in the library."""
    present = [bid for bid in story.briefing_ids if bid in entries]
    if len(present) < 2:
        return None
    dates = sorted(entry.date for bid in present if (entry := entries[bid]).date)
    outlets = list(dict.fromkeys(outlet for bid in present if (outlet := shelf.outlets.get(bid, ""))))
    return {"id": story.id, "articles": len(present), "outlets": outlets,
            "headline": entries[present[0]].title, "first_date": dates[0].isoformat() if dates else None,
            "last_date": dates[-1].isoformat() if dates else None, "briefings": present}


def _article_row(briefing_id: str, story: Story, shelf: StoryShelf,
                 entries: dict[str, CatalogEntry]) -> dict[str, Any]:
    entry = entries[briefing_id]
    join = next((join for join in story.joins if join.briefing_id == briefing_id), None)
    duplicate = next((dup for dup in story.duplicates if dup.briefing_id == briefing_id), None)
    return {"id": briefing_id, "title": entry.title, "date": entry.date.isoformat() if entry.date else None,
            "outlet": shelf.outlets.get(briefing_id, ""), "reason": join.reason.line if join else None,
            "matched": join.matched if join else None, "duplicate_of": duplicate.of if duplicate else None}


def _dates(row: dict[str, Any]) -> str:
    first, last = row["first_date"], row["last_date"]
    return "undated" if first is None else first if first == last else f"{first} – {last}"


def _with_bar(items: Iterable[Any], total: int) -> Iterable[Any]:
    """The items, unchanged, while a bar on standard error counts them (numbers only, never a title)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("regroup"), BarColumn(), MofNCompleteColumn(), TextColumn("briefings ·"),
               TimeRemainingColumn(), TextColumn("left"))
    with Progress(*columns, console=console(stderr=True), transient=True) as progress:
        task = progress.add_task("regroup", total=total)
        for item in items:
            progress.advance(task)
            yield item
