"""Each outlet's paragraph of "What the papers say" is findable on its own, on a real index on disk.

A papers card is a document per paragraph: `outlet:bloomberg` shows Bloomberg's words, a word of another
outlet's paragraph does not match under Bloomberg's name, and a card still counts once however many of
its paragraphs match (in the total, the pages and the facets).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

import search
from briefings.counting import counted_texts
from briefings.entities import bundled_gazetteer
from briefings.formats import parse_text
from briefings.ingest import sample_paths
from briefings.library import Library
from briefings.model import Briefing, Card, CardKind, OutletSummary, Reference
from briefings.preparing import prepared
from cli.main import main
from search import SearchIndex
from search.schema import passages

REUTERS = "Reuters's Ana Ortega reports that frost damage delayed shipments from Santos by a week."
BLOOMBERG = "Bloomberg's Ben Okafor notes that hedge funds bet on frost lifting arabica prices further."
TIMES = "The Financial Times says roasters are shrinking packs as frost costs rise."
PAPERS = 1
"""Where the papers card is in the coffee briefing."""

COFFEE = Briefing(
    id="coffee-frost-test",
    title="Coffee prices climb to a yearly high",
    date=dt.date(2025, 8, 1),
    cards=(
        Card(CardKind.SUMMARY, "What happened", "A frost in Brazil lifted coffee prices to a yearly high."),
        Card(CardKind.PAPERS, "What the papers say", "\n\n".join([REUTERS, BLOOMBERG, TIMES]),
             citations=(1,),
             outlets=(OutletSummary(("Reuters",), REUTERS, "Ana Ortega"),
                      OutletSummary(("Bloomberg",), BLOOMBERG, "Ben Okafor"),
                      OutletSummary(("Financial Times",), TIMES))),
        Card(CardKind.ANALYSIS, "Analysis", "Growers lack insurance against bad weather."),
    ),
    references=(Reference(1, author="Ortega, A.", title="Santos exporters wait", outlet="Reuters"),),
)
HARBOUR = Briefing(
    id="harbour-strike-test",
    title="Harbour strike ends",
    date=dt.date(2025, 7, 1),
    cards=(Card(CardKind.PAPERS, "What the papers say", "Bloomberg says the cranes moved again.",
                outlets=(OutletSummary(("Bloomberg",), "Bloomberg says the cranes moved again."),)),),
)


def _library(root: Path) -> Library:
    library = Library(root)
    for briefing in (COFFEE, HARBOUR):
        library.save(briefing)
    return library


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    with _library(tmp_path_factory.mktemp("library")) as library, SearchIndex.open(None, library) as opened:
        yield opened


def _fragment(hit: search.Hit) -> str:
    return "".join(text for text, _ in hit.fragment)


def test_an_outlet_filter_shows_that_outlets_paragraph_and_only_its_words(index: SearchIndex) -> None:
    results = search.search(index, "outlet:bloomberg frost")
    assert results.total == 1
    (hit,) = results.hits
    assert (hit.briefing_id, hit.card_index, hit.part, hit.outlets) == (COFFEE.id, PAPERS, 1, ("Bloomberg",))
    fragment = _fragment(hit)
    assert "hedge funds" in fragment and fragment.strip(" …") in BLOOMBERG
    assert [text for text, matched in hit.fragment if matched] == ["frost"]


def test_a_word_of_another_outlets_paragraph_is_not_found_under_this_outlet(index: SearchIndex) -> None:
    assert search.search(index, "outlet:reuters santos").total == 1
    for query in ("outlet:bloomberg santos", "outlet:reuters roasters", 'outlet:"financial times" hedge'):
        results = search.search(index, query)
        assert (results.total, results.hits) == (0, ()), query


def test_a_card_counts_once_however_many_of_its_paragraphs_match(index: SearchIndex) -> None:
    for sort in ("relevance", "date"):
        results = search.search(index, "frost", sort=sort)
        cards = [(hit.briefing_id, hit.card_index) for hit in results.hits]
        assert sorted(cards) == [(COFFEE.id, 0), (COFFEE.id, PAPERS)], sort
        assert results.total == 2
    pages = [search.search(index, "frost", limit=1, page=page) for page in (1, 2)]
    assert [(p.total, p.page_count) for p in pages] == [(2, 2), (2, 2)]
    assert {p.hits[0].card_index for p in pages} == {0, PAPERS}
    typing = search.search(index, "frost", as_you_type=True)
    assert len(typing.hits) == 2 and typing.total >= 2


def test_the_best_paragraph_of_a_card_is_its_hit(index: SearchIndex) -> None:
    """Every paragraph holds "frost"; Bloomberg's alone holds "hedge" too, so it is the card's hit."""
    (hit,) = [h for h in search.search(index, "frost OR hedge").hits if h.card_index == PAPERS]
    assert hit.outlets == ("Bloomberg",) and "hedge" in _fragment(hit)


def test_facets_count_cards_and_agree_with_the_filter_they_offer(index: SearchIndex) -> None:
    results = search.search(index, "frost")
    kinds, outlets = dict(results.facets["kind"]), dict(results.facets["outlet"])
    assert kinds == {"summary": 1, "papers": 1}
    assert outlets == {"reuters": 1, "bloomberg": 1, "financial times": 1}
    for outlet, count in outlets.items():
        assert search.search(index, f'frost outlet:"{outlet}"').total == count, outlet
    assert dict(search.search(index, "outlet:bloomberg").facets["outlet"]) == {"bloomberg": 2}


def test_json_says_which_paragraph_matched(index: SearchIndex) -> None:
    data = search.results_to_data(search.search(index, "outlet:bloomberg arabica"))
    assert [(h["card_index"], h["part"], h["outlets"]) for h in data["hits"]] == [(PAPERS, 1, ["Bloomberg"])]
    whole = search.results_to_data(search.search(index, "insurance"))["hits"][0]
    assert (whole["part"], whole["outlets"]) == (None, [])


def test_cli_names_the_outlet_of_a_paragraph_hit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _library(tmp_path / "library").close()
    assert main(["--library", str(tmp_path / "library"), "search", "hedge funds"]) == 0
    out = capsys.readouterr().out
    assert "What the papers say · Bloomberg" in out and "1 matching cards" in out


def test_a_reference_is_indexed_with_the_paragraph_citing_it(index: SearchIndex) -> None:
    """Reference [1] (Reuters) is cited by the card, not by a paragraph: it goes with Reuters's paragraph."""
    (hit,) = search.search(index, "exporters").hits
    assert (hit.card_index, hit.outlets) == (PAPERS, ("Reuters",))


def test_a_sentence_two_outlets_share_is_counted_once_under_both() -> None:
    """A split article's papers card quotes a sentence under each outlet it cites."""
    first, shared, last = "Rates held steady [1].", "The bank will wait [1][2].", "Bonds barely moved [2]."
    card = Card(CardKind.PAPERS, "What the papers say", "", derived=True, outlets=(
        OutletSummary(("Daily",), f"{first} (¶1) {shared} (¶2)"),
        OutletSummary(("Wire",), f"{shared} (¶2) {last} (¶3)"),
    ))
    references = (Reference(1, outlet="Daily"), Reference(2, outlet="Wire"))
    briefing = Briefing("b", "T", (card,), references=references)
    found = passages(briefing, card, f"{first}\n\n{shared}\n\n{last}", (1, 2))
    assert [(p.part, p.outlets, p.text) for p in found] == [
        (0, ("Daily",), first), (0, ("Daily", "Wire"), shared), (1, ("Wire",), last)]
    assert [p.citations for p in found] == [(1,), (2,), ()]
    alone = passages(briefing, card, last, (1, 2))  # the others counted in an earlier card
    assert [(p.part, p.text, p.citations) for p in alone] == [(1, last, (2,)), (0, "", (1,))]


def test_passages_hold_each_counted_line_once_in_the_samples() -> None:
    """The counting rule (each sentence once) kept across the papers cards the parsers and the splitter
    make: their passages hold the card's counted lines, each once, and no other."""
    checked = 0
    for path in sample_paths():
        briefing = prepared(parse_text(path.read_text(encoding="utf-8"), path.name), bundled_gazetteer())
        for card, counted in zip(briefing.cards, counted_texts(briefing), strict=True):
            if card.outlets:
                held = [line for p in passages(briefing, card, counted, card.citations)
                        for line in p.text.splitlines()]
                assert sorted(held) == sorted(line for line in counted.splitlines() if line.strip())
                checked += 1
    assert checked >= 3


def test_a_paragraph_search_is_exact_on_the_bundled_samples(tmp_path: Path) -> None:
    with Library(tmp_path / "library") as library, SearchIndex.open(None, library) as index:
        list(search.ingest(library, index, sample_paths()))
        results = search.search(index, "outlet:bloomberg")
        hit = next(h for h in results.hits if h.card_kind is CardKind.PAPERS)
        assert hit.outlets == ("Bloomberg",) and _fragment(hit).startswith("Bloomberg's")
