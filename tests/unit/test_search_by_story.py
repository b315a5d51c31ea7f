"""Search results by story: a real index of articles in our own words, three of them one story (grouped
by the analyst, so the test does not hang on the grouping's thresholds), searched, then folded per story
with the number of matching articles, and the outlet facet counted once per story."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefings.library import Library
from briefings.story_library import group_briefings, read_stories
from search import SearchIndex, SearchResults, WhooshEngine, ingest
from search.by_story import group_by_story, story_outlets
from tests.unit.test_cli import run
from tests.unit.test_cli_scripting import on_terminal

ARTICLES = {
    "ferry-monday": "Valmore ferries halted by strike\n\nVALMORE, March 2 - Ferries from Valmore to the "
                    "Tarrant islands were cancelled on Monday after crew walked out over pay.\n\nReuters "
                    "reported that the ferry company would meet the union on Wednesday.",
    "ferry-tuesday": "Valmore ferry strike goes on\n\nVALMORE, March 3 - The ferry strike at Valmore went on "
                     "for a second day, stranding islanders.\n\nBloomberg said the ferry company lost trade "
                     "worth millions. Reuters reported the union wanted a pay rise.",
    "ferry-talks": "Valmore ferry talks set\n\nVALMORE, March 4 - The ferry company and the crew union will "
                   "meet on Wednesday to end the strike, the company said.",
    "grain": "Brandt wheat harvest seen at record\n\nBRANDT, March 2 - Wheat farmers in the Brandt valley "
             "expect a record harvest; ferry shipments of grain rise, the grain board said.",
}


FERRY_STORY = ("ferry-monday", "ferry-tuesday", "ferry-talks")


def ferry_library(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """ARTICLES ingested into `tmp_path/library` (and its index), the ferry ones grouped into one story by
    the analyst; the briefing id of each article by name."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    root = tmp_path / "library"
    with Library(root) as library:
        index = SearchIndex.open(None, library)
        try:
            ids = {outcome.path.stem: outcome.briefing_id for outcome in ingest(library, index, [folder])}
        finally:
            index.close()
    group_briefings(root, [ids[name] for name in FERRY_STORY])
    return root, ids


@pytest.fixture
def searched(tmp_path: Path) -> Iterator[tuple[Path, SearchResults]]:
    root, _ids = ferry_library(tmp_path)
    with Library(root) as library:
        index = SearchIndex.open(None, library)
        try:
            yield root, WhooshEngine(index).search("ferry", limit=50)
        finally:
            index.close()


def test_one_row_per_story_with_its_matching_articles(searched: tuple[Path, SearchResults]) -> None:
    root, results = searched
    shelf = read_stories(root)
    rows = group_by_story(results.hits, shelf.story_of)
    assert len({hit.briefing_id for hit in results.hits}) == 4
    assert len(rows) == 2
    story_row = next(row for row in rows if row.story is not None)
    assert story_row.articles == 3
    assert story_row.best == next(hit for hit in results.hits if hit.briefing_id in story_row.briefing_ids)
    lone = next(row for row in rows if row.story is None)
    assert lone.articles == 1 and lone.key == lone.best.briefing_id
    # The rows keep the ranking's order: each stands where its first hit stood.
    firsts = [next(i for i, hit in enumerate(results.hits) if hit.briefing_id in row.briefing_ids)
              for row in rows]
    assert firsts == sorted(firsts)


def test_the_outlet_facet_counts_a_story_once(searched: tuple[Path, SearchResults]) -> None:
    root, results = searched
    shelf = read_stories(root)
    rows = group_by_story(results.hits, shelf.story_of, shelf.outlets)
    assert ("reuters", 2) in results.facets["outlet"]  # by card: both Monday's and Tuesday's quote Reuters
    assert story_outlets(rows) == [("bloomberg", 1), ("reuters", 1)]
    story_row = next(row for row in rows if row.story is not None)
    assert sorted(story_row.outlets) == ["Bloomberg", "Reuters"]  # as the articles write them, once each


def test_an_outlet_counts_once_however_its_articles_spell_it(searched: tuple[Path, SearchResults]) -> None:
    """A grouped article's own outlet (the shelf's) and the same outlet quoted by a card are one."""
    root, results = searched
    shelf = read_stories(root)
    story = next(iter(shelf.stories))
    own = {briefing_id: "REUTERS " for briefing_id in story.briefing_ids}
    rows = group_by_story(results.hits, shelf.story_of, own)
    story_row = next(row for row in rows if row.story is not None)
    assert [outlet.lower().strip() for outlet in story_row.outlets].count("reuters") == 1
    assert story_outlets(rows) == [("bloomberg", 1), ("reuters", 1)]


# -- `briefing search QUERY --by-story` --------------------------------------------------------------------

Capsys = pytest.CaptureFixture[str]


def test_the_cli_prints_one_line_per_story(tmp_path: Path, capsys: Capsys) -> None:
    root, ids = ferry_library(tmp_path)
    code, out, _err = run(capsys, root, "search", "ferry", "--by-story")
    assert code == 0
    story, lone = (line.split("\t") for line in out.splitlines())
    # its id (short, as `briefing list` shows it), matching articles, outlets, best card, headline
    assert ids["ferry-monday"].startswith(story[0]) and story[1:3] == ["3", "Bloomberg, Reuters"]
    assert story[3].startswith("What the papers say (") and story[4] == "Valmore ferries halted by strike"
    assert ids["grain"].startswith(lone[0]) and lone[1:] == ["1", "", f"What's happened ({lone[0]})",
                                                              "Brandt wheat harvest seen at record"]


def test_the_cli_json_adds_the_stories_and_keeps_the_rest(tmp_path: Path, capsys: Capsys) -> None:
    root, ids = ferry_library(tmp_path)
    plain = json.loads(run(capsys, root, "search", "ferry", "--json")[1])
    code, out, _err = run(capsys, root, "search", "ferry", "--json", "--by-story")
    by_story = json.loads(out)
    assert code == 0 and "stories" not in plain
    stories = by_story.pop("stories")
    assert {**by_story, "elapsed_ms": 0} == {**plain, "elapsed_ms": 0}
    assert [(story["story_id"], story["matching_articles"], story["outlets"]) for story in stories] == [
        (ids["ferry-monday"], 3, ["Bloomberg", "Reuters"]), (None, 1, [])]
    assert set(stories[0]["briefing_ids"]) == {ids[name] for name in FERRY_STORY}
    assert stories[0]["best"] == {"briefing_id": ids["ferry-tuesday"], "card_index": 1,
                                  "card": "What the papers say", "card_kind": "papers",
                                  "fragment": "Bloomberg said the ferry company lost trade worth millions"}
    lines = run(capsys, root, "search", "ferry", "--jsonl", "--by-story")[1].splitlines()
    assert [json.loads(line) for line in lines] == stories


def test_the_cli_refuses_a_format_by_story(tmp_path: Path, capsys: Capsys) -> None:
    root, _ids = ferry_library(tmp_path)
    code, out, err = run(capsys, root, "search", "ferry", "--by-story", "--format", "{title}")
    assert code == 2 and out == "" and "--by-story" in err


def test_the_cli_on_a_terminal_shows_each_story_with_its_best_fragment(tmp_path: Path) -> None:
    root, _ids = ferry_library(tmp_path)
    shown = " ".join(on_terminal(root, "search", "ferry", "--by-story").split())
    # a table: the headline and, under it, the best card's fragment, wrapped within their column
    assert "Bloomberg said the ferry company lost trade worth millions" in shown
    assert "valmore-ferries 3 Bloomberg, Reuters What the papers say Valmore ferries halted" in shown
