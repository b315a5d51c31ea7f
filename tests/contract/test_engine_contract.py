"""What any engine behind `search.engine.SearchEngine` must do, run against every engine in conftest.py:
the reader and `briefing search` rely on each of these and on nothing else an engine does."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from briefings.model import Briefing, Card, CardKind, Entity, EntityKind, Flag, FlagCode, OutletSummary
from search import SearchEngine, SearchResults
from tests.support.synthetic import SMALL, Generator

LAVROV = Entity("Sergei Lavrov", aliases=("Lavrov",), kind=EntityKind.PERSON)
TANKER = Briefing(
    id="tanker-seized-near-hormuz",
    title="Tanker seized near Hormuz",
    date=dt.date(2026, 3, 3),  # after every synthetic briefing's date
    topics=("energy", "security"),
    entities=(Entity("Abbas Araghchi", aliases=("Araghchi",), kind=EntityKind.PERSON), LAVROV),
    cards=(
        Card(CardKind.SUMMARY, "Summary", "Iranian forces seized an oil tanker. [bold]Sanctions[/bold] on "
                                          "shipping \x1b[31mtightened\x1b[0m overnight."),
        Card(CardKind.FORECAST, "Forecast", "Crude prices are likely to rise while the tanker is held."),
        Card(CardKind.PAPERS, "What the papers say",
             "**Bloomberg**: Exporters fear the sanctions.\n\n**Reuters**: Insurers fear the sanctions too.",
             outlets=(OutletSummary(("Bloomberg",), "Exporters fear the sanctions."),
                      OutletSummary(("Reuters",), "Insurers fear the sanctions too."))),
    ),
)
CAFE = Briefing(
    id="cafe-owners-in-zurich",
    title="Café owners in Zürich",
    date=dt.date(2024, 2, 10),
    topics=("economy",),
    entities=(LAVROV,),
    cards=(Card(CardKind.SUMMARY, "Summary", "The café in Zürich closed; 東京 traders watched the franc."),),
)
UNDATED = Briefing(
    id="undated-note-on-sanctions",
    title="Note on sanctions",
    entities=(LAVROV,),
    flags=(Flag(FlagCode.TRUNCATED, "the note stops mid-sentence"),),
    cards=(Card(CardKind.SUMMARY, "Summary", "Sanctions were discussed at length."),),
)
HARBOUR = Briefing(
    id="harbour-notes",
    title="Notes",
    date=dt.date(2025, 1, 2),
    cards=(Card(CardKind.SUMMARY, "Summary", "The harbour reopened."),
           Card(CardKind.ANALYSIS, "Analysis", "The harbour was busy."),
           Card(CardKind.BACKGROUND, "Background", "The harbour and the harvest.")),
)
MANY = 24
EVERYTHING = 1_000
"""A limit above any total here: the whole result in one page."""


def _library() -> list[Briefing]:
    return [TANKER, CAFE, UNDATED, *Generator(11, SMALL).briefings(MANY)]


def _cards(results: SearchResults) -> list[tuple[str, int]]:
    assert results.error is None, results.error
    return [(hit.briefing_id, hit.card_index) for hit in results.hits]


def test_an_indexed_card_is_found_by_a_word_it_holds(engine: SearchEngine) -> None:
    engine.index([TANKER, CAFE])
    results = engine.search("overnight")
    assert _cards(results) == [(TANKER.id, 0)] and results.total == 1
    hit = results.hits[0]
    assert (hit.briefing_title, hit.date, hit.card_kind, hit.heading) == (
        TANKER.title, TANKER.date, CardKind.SUMMARY, "Summary")
    assert _cards(engine.search("franc")) == [(CAFE.id, 0)]


def test_deleting_a_briefing_removes_every_card_of_it(engine: SearchEngine) -> None:
    engine.index([TANKER, CAFE])
    engine.delete([TANKER.id, "never-indexed"])
    assert engine.search("tanker").total == 0 and engine.search("sanctions").total == 0
    assert _cards(engine.search("franc")) == [(CAFE.id, 0)]


def test_a_briefing_indexed_again_is_one_set_of_cards(engine: SearchEngine) -> None:
    engine.index([TANKER])
    once = _cards(engine.search("hormuz", limit=EVERYTHING))
    engine.index([TANKER, TANKER])
    engine.index([TANKER])
    assert _cards(engine.search("hormuz", limit=EVERYTHING)) == once
    assert sorted(once) == [(TANKER.id, card) for card in range(len(TANKER.cards))]
    reworded = Card(CardKind.SUMMARY, "Summary", "Iranian forces seized an oil tanker at dawn.")
    engine.index([dataclasses.replace(TANKER, cards=(reworded, *TANKER.cards[1:]))])
    assert engine.search("overnight").total == 0
    assert _cards(engine.search("dawn")) == [(TANKER.id, 0)]


def test_a_card_is_one_hit_however_the_engine_stores_it(engine: SearchEngine) -> None:
    """Both outlets' paragraphs of the papers card say "fear": one card, one hit, counted once."""
    engine.index([TANKER])
    results = engine.search("fear", limit=EVERYTHING)
    assert _cards(results) == [(TANKER.id, 2)] and results.total == 1


@pytest.mark.parametrize("filters", [{"kind": "forecast"}, {"kind": "Forecast"}, {"outlet": "Bloomberg"},
                                     {"entity": "abbas araghchi"}, {"entity": "Araghchi"},
                                     {"topic": "energy"}])
def test_filters_narrow_the_hits(engine: SearchEngine, filters: dict[str, str]) -> None:
    engine.index(_library())
    every = engine.search("the OR sanctions OR tanker", limit=EVERYTHING)
    narrowed = engine.search("the OR sanctions OR tanker", filters=filters, limit=EVERYTHING)
    assert set(_cards(narrowed)) < set(_cards(every)) and narrowed.total == len(narrowed.hits) > 0
    if "kind" in filters:
        assert {hit.card_kind for hit in narrowed.hits} == {CardKind.FORECAST}
    if "entity" in filters:
        assert {hit.briefing_id for hit in narrowed.hits} == {TANKER.id}


def test_filters_alone_list_every_card_they_keep(engine: SearchEngine) -> None:
    engine.index(_library())
    forecasts = engine.search("", filters={"kind": "forecast"}, limit=EVERYTHING)
    assert forecasts.total == len(forecasts.hits) > 1
    assert {hit.card_kind for hit in forecasts.hits} == {CardKind.FORECAST}
    assert forecasts.total == engine.search("kind:forecast", limit=1).total


def test_a_date_in_the_query_keeps_the_cards_of_that_time(engine: SearchEngine) -> None:
    engine.index(_library())
    march = engine.search("sanctions date:2026-03", limit=EVERYTHING)
    assert set(_cards(march)) == {(TANKER.id, 0), (TANKER.id, 2)}
    assert set(_cards(engine.search("café date:<2024-03-01", limit=EVERYTHING))) == {(CAFE.id, 0)}
    assert engine.search("café date:2025", limit=EVERYTHING).total == 0


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_totals_are_exact_whatever_the_page_size(engine: SearchEngine, sort: str) -> None:
    engine.index(_library())
    for text in ("the", "sanctions", "oil OR gas", "entity:lavrov"):
        whole = engine.search(text, limit=EVERYTHING, sort=sort)
        assert whole.total == len(whole.hits) > 0, text
        totals = [engine.search(text, limit=limit, sort=sort).total for limit in (1, 7, 50)]
        assert totals == [whole.total] * 3, text


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_pages_follow_each_other_without_gaps_or_repeats(engine: SearchEngine, sort: str) -> None:
    engine.index(_library())
    whole = _cards(engine.search("the", limit=EVERYTHING, sort=sort))
    first = engine.search("the", limit=7, sort=sort)
    assert first.page_count == -(-len(whole) // 7) > 2
    paged = [card for page in range(1, first.page_count + 1)
             for card in _cards(engine.search("the", limit=7, page=page, sort=sort))]
    assert paged == whole
    past = engine.search("the", limit=7, page=first.page_count + 5, sort=sort)
    assert past.page == first.page_count and _cards(past) == whole[-len(past.hits):]


def test_sorted_by_date_newest_first_undated_last(engine: SearchEngine) -> None:
    engine.index(_library())
    dates = [hit.date for hit in engine.search("sanctions", sort="date", limit=EVERYTHING).hits]
    dated = [date for date in dates if date is not None]
    assert dates[0] == TANKER.date and dates[-1] is None and dates == [*dated, None]
    assert dated == sorted(dated, reverse=True)


def test_facets_are_the_counts_of_the_filtered_searches(engine: SearchEngine) -> None:
    """Kinds and outlets count cards; entities, topics and quality flags count briefings."""
    engine.index(_library())
    facets = engine.facets("sanctions")
    assert all(facets[name] for name in ("kind", "outlet", "entity", "topic", "quality")), facets
    for name in ("kind", "outlet"):
        for value, count in facets[name]:
            assert engine.search("sanctions", filters={name: value}, limit=1).total == count, (name, value)
    for name in ("entity", "topic", "quality"):
        for value, count in facets[name]:
            hits = engine.search("sanctions", filters={name: value}, limit=EVERYTHING).hits
            assert len({hit.briefing_id for hit in hits}) == count, (name, value)
    assert engine.search("sanctions", facets=True).facets == facets
    summaries = engine.search("sanctions", filters={"kind": "summary"}, limit=1).total
    assert engine.facets("sanctions", filters={"kind": "summary"})["kind"] == [("summary", summaries)]


def test_fragments_mark_the_query_word_as_plain_data(engine: SearchEngine) -> None:
    engine.index([TANKER])
    hit = next(hit for hit in engine.search("sanctions").hits if hit.card_index == 0)
    assert all(isinstance(text, str) and isinstance(marked, bool) for text, marked in hit.fragment)
    assert [text.lower() for text, marked in hit.fragment if marked] == ["sanctions"]
    shown = "".join(text for text, _ in hit.fragment)
    assert "[bold]" in shown and "\x1b[31m" in shown  # markup and escape codes are text, never obeyed


@pytest.mark.parametrize("text", ['"unclosed', "(oil", "oil)", "AND", "date:2025-13-40", "colour:red",
                                  "kind:weather", "sanctions\x00", "s*"])
def test_a_query_with_a_mistake_is_an_error_not_an_exception(engine: SearchEngine, text: str) -> None:
    engine.index([TANKER])
    results = engine.search(text)
    assert isinstance(results.error, str) and results.error and results.hits == () and results.total == 0
    assert engine.facets(text) == {}


def test_an_unknown_kind_filter_is_an_error(engine: SearchEngine) -> None:
    engine.index([TANKER])
    results = engine.search("sanctions", filters={"kind": "weather"})
    assert results.error is not None and "weather" in results.error and results.hits == ()


@pytest.mark.parametrize("word", ["café", "CAFÉ", "Zürich", "東京"])
def test_words_beyond_ascii_are_found_and_marked(engine: SearchEngine, word: str) -> None:
    engine.index([TANKER, CAFE])
    results = engine.search(word)
    assert _cards(results) == [(CAFE.id, 0)]
    assert word.casefold() in [text.casefold() for text, marked in results.hits[0].fragment if marked]


def test_an_unfinished_last_word_stands_for_its_completions(engine: SearchEngine) -> None:
    engine.index([TANKER, CAFE])
    assert _cards(engine.search("pric", complete_last=True)) == [(TANKER.id, 1)]
    assert engine.search("pric", complete_last=False).total == 0
    assert engine.search("pric ", complete_last=True).total == 0  # a space ends the word
    assert _cards(engine.search("tanker pric", complete_last=True))[0] == (TANKER.id, 1)


def test_completion_offers_the_library_words_most_frequent_first(engine: SearchEngine) -> None:
    engine.index([HARBOUR, CAFE])
    assert engine.complete("har") == ["harbour", "harvest"]
    assert engine.complete("HAR", limit=1) == ["harbour"]
    assert engine.complete("caf") == ["café"]
    assert engine.complete("") == [] and engine.complete("qqq") == []


def test_briefings_mentioning_an_entity_newest_first(engine: SearchEngine) -> None:
    engine.index([UNDATED, CAFE, TANKER, HARBOUR])
    assert engine.briefings_mentioning("Sergei Lavrov") == [(TANKER.id, TANKER.title, TANKER.date),
                                                            (CAFE.id, CAFE.title, CAFE.date),
                                                            (UNDATED.id, UNDATED.title, None)]
    others = engine.briefings_mentioning("LAVROV", exclude=TANKER.id)
    assert [found[0] for found in others] == [CAFE.id, UNDATED.id]
    assert [found[0] for found in engine.briefings_mentioning("lavrov", limit=1)] == [TANKER.id]
    assert engine.briefings_mentioning("Nobody Known") == [] and engine.briefings_mentioning(" ") == []


def test_entity_counts_list_every_entity_by_the_briefings_naming_it(engine: SearchEngine) -> None:
    assert engine.entity_counts() == []
    engine.index([UNDATED, CAFE, TANKER, HARBOUR])
    assert engine.entity_counts() == [("sergei lavrov", 3), ("abbas araghchi", 1)]
    engine.delete([CAFE.id])
    assert engine.entity_counts() == [("sergei lavrov", 2), ("abbas araghchi", 1)]
