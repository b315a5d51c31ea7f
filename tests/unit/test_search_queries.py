"""Queries over one real on-disk index: our own briefings, the two seeds and the bundled samples."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

import search
from briefings.ingest import IngestStatus, sample_paths
from briefings.library import Library
from briefings.model import Briefing, Card, CardKind, Entity, EntityKind, OutletSummary, Reference
from search import SearchIndex
from search.query import parse
from search.schema import build_schema
from search.vocabulary import vocabulary

KIM = Entity("Kim Jong-un", aliases=("Kim",), kind=EntityKind.PERSON, mentioned=True)
LAVROV = Entity("Sergei Lavrov", kind=EntityKind.PERSON, mentioned=True)
VISIT, SANCTIONS = "lavrov-visits-pyongyang-for-talks-test", "new-sanctions-hit-oil-exports-test"


def _briefing(title: str, date: dt.date, cards: tuple[Card, ...], **more: object) -> Briefing:
    slug = title.lower().replace(" ", "-").replace("'", "")[:40]
    return Briefing(id=f"{slug}-test", title=title, date=date, cards=cards, **more)  # type: ignore[arg-type]


OURS = (
    _briefing("Lavrov visits Pyongyang for talks", dt.date(2025, 7, 12), (
        Card(CardKind.SUMMARY, "What happened", "Russia's foreign minister Sergei Lavrov flew to Pyongyang "
             "and held long talks with Kim Jong-un about closer military ties."),
        Card(CardKind.FORECAST, "Forecast", "Observers expect further visits; forecasts of a new supply "
             "deal circulated in Seoul. It may take months."),
        Card(CardKind.PAPERS, "What the papers say", "Bloomberg says the visit was planned for weeks.",
             outlets=(OutletSummary(("Bloomberg",), "Planned for weeks.", journalist="Ida Marsh"),),
             citations=(1,)),
    ), entities=(LAVROV, KIM), topics=("diplomacy",),
        references=(Reference(1, author="Ida Marsh", title="Envoy lands in the north", outlet="Bloomberg"),)),
    _briefing("US election forecasts tighten", dt.date(2025, 6, 20), (
        Card(CardKind.SUMMARY, "What happened", "Polls before the US election narrowed, and forecasters "
             "now call the race a toss-up."),
        Card(CardKind.ANALYSIS, "Analysis", "Inflation worries will decide the vote in swing states."),
    ), topics=("elections",)),
    _briefing("New sanctions hit oil exports", dt.date(2025, 5, 2), (
        Card(CardKind.SUMMARY, "What happened", "The bloc agreed new sanctions on shipping; tankers that "
             "carried sanctioned oil lost their insurance."),
        Card(CardKind.BACKGROUND, "How we got here", "Earlier sanction rounds targeted banks."),
    ), topics=("economy", "energy"), entities=(Entity("European Union", kind=EntityKind.ORGANISATION),)),
    _briefing("Kim inspects a missile factory", dt.date(2024, 9, 1), (
        Card(CardKind.SUMMARY, "What happened", "Kim Jong-un toured a factory making missile parts."),
    ), entities=(KIM,), topics=("security",)),
)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[SearchIndex]:
    library = Library(tmp_path_factory.mktemp("library"))
    for briefing in OURS:
        library.save(briefing)
    opened = SearchIndex.open(None, library)
    outcomes = list(search.ingest(library, opened, [seeds_dir, *sample_paths()]))
    assert all(o.status is IngestStatus.ADDED for o in outcomes if o.path.suffix == ".txt"), outcomes
    yield opened
    opened.close()


def _ids(results: search.SearchResults) -> set[str]:
    return {hit.briefing_id for hit in results.hits}


def _ours(results: search.SearchResults) -> set[str]:
    """Our own briefings among the hits (the seeds and samples match some queries too)."""
    return {bid for bid in _ids(results) if bid.endswith("-test")}


def test_stemming_finds_other_forms_and_keeps_short_words(index: SearchIndex) -> None:
    assert "us-election-forecasts-tighten-test" in _ids(search.search(index, "forecast"))
    assert "new-sanctions-hit-oil-exports-test" in _ids(search.search(index, "sanctioned"))
    us_vote = search.search(index, "US election")  # no stop list: "us" is not dropped
    assert us_vote.hits[0].briefing_id == "us-election-forecasts-tighten-test"
    assert "us-election-forecasts-tighten-test" in _ids(search.search(index, "will decide"))
    # Porter2 undoubles consonants: "ships" and "shipped" meet "shipping" (Porter left "shipp")
    for form in ("ships", "shipped", "ship"):
        assert "new-sanctions-hit-oil-exports-test" in _ids(search.search(index, form)), form


def test_phrase_needs_the_words_together(index: SearchIndex) -> None:
    assert _ours(search.search(index, '"military ties"')) == {"lavrov-visits-pyongyang-for-talks-test"}
    assert not search.search(index, '"ties military"').hits


def test_prefix_matches_completions(index: SearchIndex) -> None:
    results = search.search(index, "sanction*")
    assert "new-sanctions-hit-oil-exports-test" in _ids(results)
    assert results.error is None


def test_hit_points_at_the_matching_card_with_spans(index: SearchIndex) -> None:
    hit = search.search(index, "toss-up race").hits[0]
    assert (hit.briefing_id, hit.card_index, hit.card_kind) == ("us-election-forecasts-tighten-test", 0,
                                                                 CardKind.SUMMARY)
    assert hit.briefing_title == "US election forecasts tighten" and hit.date == dt.date(2025, 6, 20)
    assert "race" in [text.lower() for text, matched in hit.fragment if matched]
    assert all(isinstance(text, str) and isinstance(matched, bool) for text, matched in hit.fragment)


@pytest.mark.parametrize(("query", "expected"), [
    ('entity:"Kim Jong-un"', {VISIT, "kim-inspects-a-missile-factory-test"}),
    ("entity:kim talks", {"lavrov-visits-pyongyang-for-talks-test"}),  # an alias
    ("outlet:bloomberg visit", {"lavrov-visits-pyongyang-for-talks-test"}),
    ('journalist:"ida marsh"', {"lavrov-visits-pyongyang-for-talks-test"}),
    ("topic:energy", {"new-sanctions-hit-oil-exports-test"}),
    ("kind:forecast supply", {"lavrov-visits-pyongyang-for-talks-test"}),
    ('kind:"What the papers say" weeks', {"lavrov-visits-pyongyang-for-talks-test"}),
    ("title:missile", {"kim-inspects-a-missile-factory-test"}),
])
def test_field_filters(index: SearchIndex, query: str, expected: set[str]) -> None:
    results = search.search(index, query, limit=100)
    assert results.error is None
    assert _ours(results) == expected


def test_kind_filter_matches_only_that_kind(index: SearchIndex) -> None:
    results = search.search(index, "kind:forecast", limit=50)
    assert results.hits and {hit.card_kind for hit in results.hits} == {CardKind.FORECAST}
    given = search.search(index, "visit", filters={"kind": "What the papers say"})
    assert {hit.card_kind for hit in given.hits} == {CardKind.PAPERS}


@pytest.mark.parametrize(("query", "expected"), [
    ("date:2025-07", {"lavrov-visits-pyongyang-for-talks-test"}),
    ("date:2025-06-20", {"us-election-forecasts-tighten-test"}),
    ("date:>2025-06-20", {"lavrov-visits-pyongyang-for-talks-test"}),
    ("date:>=2025-06-20", {"lavrov-visits-pyongyang-for-talks-test", "us-election-forecasts-tighten-test"}),
    ("date:<2025-01-01", {"kim-inspects-a-missile-factory-test"}),
    ("date:[2025-05 to 2025-06]", {"us-election-forecasts-tighten-test", SANCTIONS}),
    ("date:2024..2024-12", {"kim-inspects-a-missile-factory-test"}),
])
def test_date_filters(index: SearchIndex, query: str, expected: set[str]) -> None:
    results = search.search(index, query, limit=100)
    assert results.error is None
    assert _ours(results) == expected


@pytest.mark.parametrize(("typo", "fixed"), [("pyongyan", "pyongyang"), ("lavorv", "lavrov")])
def test_did_you_mean_comes_from_the_vocabulary(index: SearchIndex, typo: str, fixed: str) -> None:
    results = search.search(index, f"{typo} talks")
    assert results.suggestion == f"{fixed} talks"
    assert search.search(index, results.suggestion).hits


def test_no_suggestion_for_known_words(index: SearchIndex) -> None:
    assert search.search(index, "factory").suggestion is None


def test_facets_count_kinds_outlets_entities_topics(index: SearchIndex) -> None:
    facets = search.search(index, "visit OR missile OR sanctions").facets
    assert set(facets) == {"kind", "outlet", "entity", "topic", "quality"}
    assert dict(facets["outlet"])["bloomberg"] >= 1
    assert dict(facets["entity"])["kim jong-un"] >= 2  # counted per briefing, by its main name only
    assert "kim" not in dict(facets["entity"])
    assert dict(facets["kind"])["summary"] >= 2


def test_grouping_keeps_the_best_card_first(index: SearchIndex) -> None:
    results = search.search(index, "pyongyang OR visit OR visits", limit=50)
    groups = search.group_by_briefing(results.hits)
    assert len({bid for bid, _ in groups}) == len(groups)
    for _bid, hits in groups:
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_sorting_by_date_and_paging(index: SearchIndex) -> None:
    dated = search.search(index, "kim OR sanctions OR election", sort="date", limit=50)
    dates = [hit.date for hit in dated.hits if hit.date]
    assert dates == sorted(dates, reverse=True)
    first, second = (search.search(index, "the", limit=3, page=n) for n in (1, 2))
    assert first.page_count >= 2 and second.page == 2
    assert not {(h.briefing_id, h.card_index) for h in first.hits} & {(h.briefing_id, h.card_index)
                                                                          for h in second.hits}


def test_more_like_this_finds_the_related_briefing(index: SearchIndex) -> None:
    kim = "kim-inspects-a-missile-factory-test"
    similar = search.more_like_this(index, kim, limit=5)
    assert similar[0][:2] == (VISIT, "Lavrov visits Pyongyang for talks")  # both about Kim Jong-un
    assert kim not in {bid for bid, _title, _score in similar}
    assert len({bid for bid, _t, _s in similar}) == len(similar) == 5
    scores = [score for _bid, _title, score in similar]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0
    assert search.more_like_this(index, kim, limit=2) == similar[:2]
    assert search.more_like_this(index, "no-such-briefing") == []


def test_briefings_mentioning_newest_first(index: SearchIndex) -> None:
    found = search.briefings_mentioning(index, "kim jong-un")
    ours = [bid for bid, _title, _date in found if bid.endswith("-test")]
    assert ours == ["lavrov-visits-pyongyang-for-talks-test", "kim-inspects-a-missile-factory-test"]
    dates = [when for _bid, _title, when in found if when]
    assert dates == sorted(dates, reverse=True)
    excluded = search.briefings_mentioning(index, "Kim Jong-un", exclude=VISIT)
    assert VISIT not in {bid for bid, _t, _d in excluded}


@pytest.mark.parametrize(("query", "problem"), [
    ('"unbalanced quote', "quotation mark"),
    ("stray )", "closing parenthesis"),
    ("(stray", "parenthesis is not closed"),
    ("colour:red missile", "no field 'colour'"),
    ("AND", "AND needs"),
    ("missile OR", "OR needs"),
    ("NOT", "NOT needs"),
    ("*", "'*' goes at the end of a word"),
    ("mi*", "at least 3"),
    ("kind:weather", "no card kind"),
    ("date:2025-13 missile", "no date '2025-13'"),
    ("<0", "'<' compares dates only"),
    ("(>5 missile)", "'>' compares dates only"),
    ("date:<0", "no date '0'"),
    ("date:>abc", "no date 'abc'"),
    ("kind:", "kind: needs a value"),
    ("date:[2025-07 to 2025-01]", "ends before it starts"),
    ("[a to b]", "only for date ranges"),
    ("missile\x1b[2J", "control character (U+001B)"),
    ("x" * 5000, "5,000 characters"),
    ("(" * 11 + "a" + ")" * 11, "nest more than 10"),
])
def test_a_query_with_a_mistake_is_not_run_and_says_why(index: SearchIndex, query: str, problem: str) -> None:
    for as_you_type in (False, True):
        results = search.search(index, query, as_you_type=as_you_type)
        assert results.error is not None and problem in results.error
        assert not results.hits and results.total == 0
        assert results.error_line is not None and "\n" not in results.error_line
        assert results.error_line.startswith(f"cannot search “{' '.join(query.split())[:60]}")


def test_english_dates_still_parse(index: SearchIndex) -> None:
    for text in ("date:today", "date:>yesterday", "date:june missile"):
        assert search.search(index, text).error is None, text


def test_the_query_shown_is_the_query_typed_not_its_rewrite(index: SearchIndex) -> None:
    fuzzy = search.search(index, "factroy~3")
    assert fuzzy.query == "factroy~3" and fuzzy.error is None
    typed = search.search(index, "sanction* pyongy", as_you_type=True)  # both words are expanded
    assert typed.query == "sanction* pyongy" and typed.hits
    assert search.search(index, "  missile \n factory ").query == "missile factory"


def test_fuzzy_is_limited_to_one_edit() -> None:
    assert parse(build_schema(), "factroy~3").text == "factroy~1"


def test_as_you_type_completes_the_last_word(index: SearchIndex) -> None:
    typed = search.search(index, "lavr", as_you_type=True)
    assert "lavrov-visits-pyongyang-for-talks-test" in _ids(typed)
    assert not search.search(index, "lavr").hits  # a finished search takes words as written
    assert VISIT in _ids(search.search(index, "talks pyongy", as_you_type=True))


def test_complete_offers_frequent_words(index: SearchIndex) -> None:
    assert search.complete(index, "pyo") == ["pyongyang"]
    assert search.complete(index, "  PYO ") == ["pyongyang"]  # as typed: spaces and capitals
    assert {"sanctions", "sanctioned"} <= set(search.complete(index, "sanct"))
    offered = search.complete(index, "s", limit=4)
    assert len(offered) == 4 and all(word.startswith("s") for word in offered)
    table = vocabulary(index)
    uses = [table.counts[table.words.index(word)] for word in search.complete(index, "s", limit=50)]
    assert uses == sorted(uses, reverse=True) and len(uses) == 50  # most used first
    assert search.complete(index, "") == search.complete(index, "   ") == []
    assert search.complete(index, "zzqx") == []


def test_results_to_data_is_plain(index: SearchIndex) -> None:
    import json

    data = search.results_to_data(search.search(index, "missile"))
    assert json.loads(json.dumps(data))["hits"][0]["card_kind"] == "summary"


def test_the_unfinished_last_word_completes_when_asked_and_a_space_finishes_it(index: SearchIndex) -> None:
    sanctions = "new-sanctions-hit-oil-exports-test"
    assert sanctions in _ids(search.search(index, "sanct", complete_last=True))
    assert sanctions not in _ids(search.search(index, "sanct"))  # as written: no word "sanct"
    assert sanctions not in _ids(search.search(index, "sanct ", complete_last=True))
    typed = search.search(index, "oil sanct", as_you_type=True)  # typing completes unless told not to
    assert sanctions in _ids(typed) and typed.query == "oil sanct"
    assert search.search(index, "oil sanct", complete_last=True).suggestion is None


@pytest.mark.parametrize(("text", "first_day"), [
    ("date:last7days", dt.date(2025, 3, 25)),
    ("date:last1day", dt.date(2025, 3, 31)),
    ("date:Last2Weeks", dt.date(2025, 3, 18)),
    ("date:last1month", dt.date(2025, 3, 1)),  # no 31 February: from the day after its last day
    ("date:last2months", dt.date(2025, 2, 1)),
    ("date:last1year", dt.date(2024, 4, 1)),
])
def test_relative_dates_run_back_from_today_included(text: str, first_day: dt.date) -> None:
    now = dt.datetime(2025, 3, 31, 15, 0)
    parsed = parse(build_schema(), f"{text} missile", now=now)
    assert parsed.error is None
    ranges = [q for q in parsed.query.leaves() if q.__class__.__name__ == "DateRange"]
    assert len(ranges) == 1
    assert ranges[0].startdate == dt.datetime.combine(first_day, dt.time())
    assert ranges[0].enddate == dt.datetime(2025, 3, 31, 23, 59, 59, 999999)


@pytest.mark.parametrize(("text", "problem"), [
    ("date:last0days", "at least 1"), ("date:lastweek", "no date 'lastweek'"), ("date:last7", "no date"),
])
def test_relative_dates_that_say_too_little_are_one_line(text: str, problem: str) -> None:
    parsed = parse(build_schema(), text, now=dt.datetime(2025, 3, 31))
    assert parsed.error is not None and problem in parsed.error


def test_the_last_seven_days_find_what_is_dated_in_them(index: SearchIndex) -> None:
    days = (dt.date(2025, 7, 12) - dt.date.today()).days  # the visit, counted back from today
    found = search.search(index, f"date:last{max(1, -days + 1)}days", limit=100)
    assert found.error is None and VISIT in _ours(found) and SANCTIONS not in _ours(found)
