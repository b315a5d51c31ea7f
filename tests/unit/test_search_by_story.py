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
from search.by_story import StoryResults, by_story
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
    root = tmp_path / "library"
    ids = ingested(root, tmp_path / "in", ARTICLES)
    group_briefings(root, [ids[name] for name in FERRY_STORY])
    return root, ids


def ingested(root: Path, folder: Path, articles: dict[str, str]) -> dict[str, str]:
    """`articles` written as text files into `folder` and ingested into `root` and its index; the briefing
    id of each article by name."""
    folder.mkdir()
    for name, text in articles.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    with Library(root) as library:
        index = SearchIndex.open(None, library)
        try:
            return {outcome.path.stem: outcome.briefing_id for outcome in ingest(library, index, [folder])}
        finally:
            index.close()


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
    rows = by_story(results, shelf.story_of).rows
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
    found = by_story(results, shelf.story_of, shelf.outlets)
    assert ("reuters", 2) in results.facets["outlet"]  # by card: both Monday's and Tuesday's quote Reuters
    assert found.outlets == (("bloomberg", 1), ("reuters", 1))
    story_row = next(row for row in found.rows if row.story is not None)
    assert sorted(story_row.outlets) == ["Bloomberg", "Reuters"]  # as the articles write them, once each


def test_an_outlet_counts_once_however_its_articles_spell_it(searched: tuple[Path, SearchResults]) -> None:
    """A grouped article's own outlet (the shelf's) and the same outlet quoted by a card are one."""
    root, results = searched
    shelf = read_stories(root)
    story = next(iter(shelf.stories))
    own = {briefing_id: "REUTERS " for briefing_id in story.briefing_ids}
    found = by_story(results, shelf.story_of, own)
    story_row = next(row for row in found.rows if row.story is not None)
    assert [outlet.lower().strip() for outlet in story_row.outlets].count("reuters") == 1
    assert found.outlets == (("bloomberg", 1), ("reuters", 1))


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
    assert (by_story.pop("stories_total"), by_story.pop("briefings_total")) == (2, 4)
    outlets = {item["outlet"]: item["stories"] for item in by_story.pop("story_outlets")}
    assert outlets["bloomberg"] == 1 and outlets["reuters"] == 1  # the story names each once
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


# -- exact counts whatever the page (more matches than a page holds) ---------------------------------------

TOWNS = ("Corvel", "Dunmere", "Ashbury", "Penrith Vale", "Oldcastle", "Mirefield")
STORY_SIZE = 4
LONE = 6


def harbour_articles() -> dict[str, str]:
    """30 articles that all say "harbour": six stories of four (a town's harbour works over four days of
    one month; the third and fourth days' quote an outlet) and six lone notes years apart. How often "harbour"
    comes varies, so the ranking interleaves the stories."""
    articles: dict[str, str] = {}
    for story, town in enumerate(TOWNS):
        for day in range(1, STORY_SIZE + 1):
            busy = " The harbour was busy." * ((story * 3 + day * 5) % 4)
            quoted = ((f"\n\nBloomberg said the {town} harbour works cost more than planned."
                       if story % 2 else f"\n\nReuters reported that the {town} harbour crane was idle.")
                      if day >= 3 else "")
            articles[f"story{story}-day{day}"] = (
                f"{town} harbour works, day {day}\n\n{town.upper()}, June {day + 1} - Work on the {town} "
                f"harbour wall went on for day {day}, the port office of {town} said.{busy}{quoted}")
    for lone in range(LONE):
        articles[f"lone{lone}"] = (f"Harbour dues note {lone}\n\nKESTON, May {lone + 3} - Harbour dues at "
                                   f"Keston were reviewed by the council in year {lone}.")
    return articles


def harbour_library(root: Path, folder: Path) -> dict[str, str]:
    """The articles ingested into `root`, each town's four grouped into one story by the analyst (as the
    ferry ones are); the briefing id of each article by name."""
    ids = ingested(root, folder, harbour_articles())
    for story in range(len(TOWNS)):
        group_briefings(root, [ids[f"story{story}-day{day}"] for day in range(1, STORY_SIZE + 1)])
    return ids


@pytest.fixture(scope="module")
def harbour(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    tmp = tmp_path_factory.mktemp("harbour")
    return tmp / "library", harbour_library(tmp / "library", tmp / "in")


def _search(root: Path, query: str, limit: int) -> SearchResults:
    with Library(root) as library:
        index = SearchIndex.open(None, library)
        try:
            return WhooshEngine(index).search(query, limit=limit)
        finally:
            index.close()


def _pages(root: Path, limit: int) -> list[StoryResults]:
    """Every page of "harbour" by story, `limit` cards a page."""
    shelf = read_stories(root)
    with Library(root) as library:
        index = SearchIndex.open(None, library)
        try:
            engine = WhooshEngine(index)
            first = engine.search("harbour", limit=limit)
            pages = [first, *(engine.search("harbour", limit=limit, page=page)
                              for page in range(2, first.page_count + 1))]
        finally:
            index.close()
    return [by_story(results, shelf.story_of, shelf.outlets) for results in pages]


def test_stories_are_counted_over_every_match_whatever_the_page(harbour: tuple[Path, dict[str, str]]) -> None:
    root, ids = harbour
    whole = _pages(root, 200)
    assert len(whole) == 1
    everything = whole[0]
    # every article matches: six stories of four, six lone notes, each story counted once
    assert (everything.stories, everything.briefings) == (len(TOWNS) + LONE, len(ids))
    assert sorted(row.articles for row in everything.rows) == [1] * LONE + [STORY_SIZE] * len(TOWNS)
    # the outlet facet by story: three towns' stories quote Reuters, three Bloomberg (twice each: by card, 6)
    assert everything.outlets == (("bloomberg", 3), ("reuters", 3))
    assert ("reuters", 6) in _search(root, "harbour", 200).facets["outlet"]
    for limit in (1, 3, 5):
        pages = _pages(root, limit)
        assert len(pages) > 1  # more matches than a page holds
        for page in pages:  # the counts never depend on the page
            assert (page.stories, page.briefings, page.outlets) == (
                everything.stories, everything.briefings, everything.outlets)
        # each story listed once, on the page of its best card, in the same order, with the same counts
        listed = [(row.key, set(row.briefing_ids), row.hits, row.outlets, row.best.briefing_id)
                  for page in pages for row in page.rows]
        assert listed == [(row.key, set(row.briefing_ids), row.hits, row.outlets, row.best.briefing_id)
                          for row in everything.rows]


def test_a_story_beyond_the_page_still_counts_its_articles(harbour: tuple[Path, dict[str, str]]) -> None:
    """The first page of 5 cards lists the stories of those cards, each with its four articles although
    most of them rank beyond the page; while typing (the matches not counted) only the hits are known."""
    root, _ids = harbour
    shelf = read_stories(root)
    with Library(root) as library:
        index = SearchIndex.open(None, library)
        try:
            results = WhooshEngine(index).search("harbour", limit=5)
            typing = WhooshEngine(index).search("harbour", limit=5, as_you_type=True)
        finally:
            index.close()
    first = by_story(results, shelf.story_of, shelf.outlets)
    assert len(first.rows) <= 5 < first.stories
    story_rows = [row for row in first.rows if row.story is not None]
    assert story_rows and all(row.articles == STORY_SIZE for row in story_rows)
    on_page = {hit.briefing_id for hit in results.hits}
    assert any(set(row.briefing_ids) - on_page for row in story_rows)  # articles counted beyond the page
    # rows go by their best card's score
    scores = [row.best.score for row in first.rows]
    assert scores == sorted(scores, reverse=True) and scores[0] == results.hits[0].score
    assert typing.matched is None
    provisional = by_story(typing, shelf.story_of, shelf.outlets)
    assert provisional.briefings == len({hit.briefing_id for hit in typing.hits})
    assert sum(row.articles for row in provisional.rows) == provisional.briefings


def test_the_cli_counts_stories_the_same_whatever_the_limit(harbour: tuple[Path, dict[str, str]],
                                                            capsys: Capsys) -> None:
    root, _ids = harbour
    seen: dict[int, dict[str, tuple[int, int]]] = {}
    for limit in (1, 3, 50):
        code, out, _err = run(capsys, root, "search", "harbour", "--by-story", "--json",
                              "--limit", str(limit))
        assert code == 0
        data = json.loads(out)
        stories = data["stories"]
        assert stories and len(stories) <= limit
        assert data["stories_total"] == len(TOWNS) + LONE  # every match, whatever the page
        seen[limit] = {story["best"]["briefing_id"]: (story["matching_articles"], story["matching_cards"])
                       for story in stories}
    everything = seen[50]
    assert len(everything) == len(TOWNS) + LONE
    articles = sorted(articles for articles, _cards in everything.values())
    assert articles == [1] * LONE + [STORY_SIZE] * len(TOWNS)
    for limit in (1, 3):
        assert seen[limit] == {best: everything[best] for best in seen[limit]}
    # page 2 of 3 cards goes on where page 1 stopped: no story twice
    pages = [json.loads(run(capsys, root, "search", "harbour", "--by-story", "--json", "--limit", "3",
                            "--page", str(page))[1])["stories"] for page in (1, 2)]
    keys = [story["story_id"] or story["best"]["briefing_id"] for page in pages for story in page]
    assert len(keys) == len(set(keys)) and len(pages[1]) >= 1
    assert keys == [story["story_id"] or story["best"]["briefing_id"] for story in
                    json.loads(run(capsys, root, "search", "harbour", "--by-story", "--json",
                                   "--limit", "50")[1])["stories"]][: len(keys)]


# -- the order does not depend on the page size (Reuters, read in place) ---------------------------------

@pytest.fixture(scope="module")
def reuters_root(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first Reuters file ingested (grouped into stories as any ingest groups them) and indexed."""
    root = tmp_path_factory.mktemp("reuters") / "library"
    with Library(root) as library:
        index = SearchIndex.open(None, library)
        try:
            list(ingest(library, index, [corpus_dir / "reuters21578" / "reut2-000.sgm.gz"]))
        finally:
            index.close()
    return root


@pytest.mark.parametrize("query", ["crude oil output ceiling", "bank of japan rates", "saudi opec pact"])
def test_pages_of_three_go_as_one_page_of_sixty(reuters_root: Path, query: str) -> None:
    """Whoosh used to score a card by its query's best terms only once the top hits scored high enough,
    so the order (and which stories a page listed) changed with the page size."""
    shelf = read_stories(reuters_root)
    assert shelf.stories  # the file's re-sent and follow-up dispatches are stories
    with Library(reuters_root) as library:
        index = SearchIndex.open(None, library)
        try:
            engine = WhooshEngine(index)
            whole = engine.search(query, limit=60)
            pages = [engine.search(query, limit=3, page=page) for page in range(1, 21)]
        finally:
            index.close()
    assert whole.total > 60 and pages[-1].page == 20  # every page a page of its own, none past the last
    assert [hit for page in pages for hit in page.hits] == list(whole.hits)
    listed = [row for page in pages for row in by_story(page, shelf.story_of, shelf.outlets).rows]
    assert listed == list(by_story(whole, shelf.story_of, shelf.outlets).rows)
