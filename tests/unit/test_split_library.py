"""Split articles in a real library and index: ingest with and without the split, re-splitting,
counting each sentence once, card ids that survive a re-split, `kind:forecast` on wire copy."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

import search
from briefings.counting import counted_texts
from briefings.entities import bundled_gazetteer
from briefings.formats import parse_all
from briefings.ingest import IngestStatus, ingest_paths
from briefings.library import Library
from briefings.model import Briefing, Card, CardKind
from briefings.preparing import prepared
from briefings.reading import read_text
from briefings.splitting.cards import unsplit
from search import SearchIndex

SEED_ARTICLE = "000_8fa4dafbef7b3d9f.txt"


def _only(library: Library) -> Briefing:
    (entry,) = library.entries()
    return library.get(entry.id)


def test_no_split_ingest_then_resplit_keeps_bookmarked_cards(seeds_dir: Path, tmp_path: Path) -> None:
    with Library(tmp_path / "library") as library, \
            search.SearchIndex.open(tmp_path / "index", library) as index:
        assert [o.status for o in search.ingest(library, index, [seeds_dir / SEED_ARTICLE], split=False)] \
            == [IngestStatus.ADDED]
        whole = _only(library)
        assert [card.kind for card in whole.cards] == [CardKind.BODY, CardKind.TAKEAWAYS]
        assert whole.card_position("#0") == 0 and whole.card_ids() == ("body", "takeaways")

        outcomes = list(search.resplit(library, index))
        assert [o.status for o in outcomes] == [IngestStatus.UPDATED]
        split = _only(library)
        kinds = [card.kind for card in split.cards]
        assert kinds[0] is CardKind.SUMMARY and kinds[-2:] == [CardKind.TAKEAWAYS, CardKind.BODY]
        # a bookmark kept by id, or by position from a state written before card ids, finds its card
        assert split.card_position("body") == len(kinds) - 1 == split.card_position("#0")
        assert split.card_position("takeaways") == len(kinds) - 2 == split.card_position("#1")
        assert split.cards[-1] == whole.cards[0]  # the full text as it came

        assert [o.status for o in search.resplit(library, index)] == [IngestStatus.UNCHANGED]
        assert [o.status for o in search.resplit(library, index, split=False)] == [IngestStatus.UPDATED]
        assert _only(library) == whole


def test_each_sentence_is_counted_once_in_the_index_and_the_lens(seeds_dir: Path, tmp_path: Path) -> None:
    with Library(tmp_path / "library") as library, \
            search.SearchIndex.open(tmp_path / "index", library) as index:
        list(search.ingest(library, index, [seeds_dir / SEED_ARTICLE]))
        briefing = _only(library)
        # "Vostochny" is in one sentence, quoted by How we got here: one hit, there, not in the full text
        hits = search.search(index, "Vostochny").hits
        assert [hit.card_kind for hit in hits] == [CardKind.BACKGROUND]
        # the lead is quoted in What happened; the full text still counts what no card quotes
        texts = dict(zip(briefing.card_ids(), counted_texts(briefing), strict=True))
        assert "In a twist" in texts["summary"] and "In a twist" not in texts["body"]
        assert texts["body"].startswith("It's a dance of diplomacy")
        assert "(¶" not in "".join(texts.values())
        dated = Counter(event.sentence for event in briefing.timeline)
        assert dated and max(dated.values()) == 1


def test_the_seed_article_becomes_the_seed_page_s_cards(seeds_dir: Path) -> None:
    (parsed,) = parse_all(read_text(seeds_dir / SEED_ARTICLE).text, SEED_ARTICLE)
    assert isinstance(parsed, Briefing)
    briefing = prepared(parsed, bundled_gazetteer())
    by_kind = {card.kind: card for card in briefing.cards}
    assert by_kind[CardKind.SUMMARY].text.startswith("In a twist of international relations")
    papers = {summary.outlets[0]: summary for summary in by_kind[CardKind.PAPERS].outlets}
    assert {outlet: summary.journalist for outlet, summary in papers.items()} == {
        "Reuters": "J. Smith", "The Korea Herald": "J. Kim", "Asia Times": "J. Park"}
    assert all(f"[{n}]" in papers[outlet].text for n, outlet in
               ((1, "Reuters"), (2, "The Korea Herald"), (3, "Asia Times")))
    background = [event.date for event in by_kind[CardKind.BACKGROUND].events]
    assert background == sorted(background) and background[0].year == 2023
    assert {2023, 2024} <= {day.year for day in background if day is not None}
    assert [card.kind for card in briefing.cards][-2:] == [CardKind.TAKEAWAYS, CardKind.BODY]
    assert briefing.references and by_kind[CardKind.BODY] == parsed.cards[0]
    assert unsplit(briefing).cards == parsed.cards


@pytest.fixture(scope="module")
def reuters(corpus_dir: Path,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Library, SearchIndex]]:
    """The first corpus file ingested as `briefing ingest` does, split."""
    root = tmp_path_factory.mktemp("reuters")
    with Library(root / "library") as library, SearchIndex.open(root / "index", library) as index:
        list(search.ingest(library, index, [corpus_dir / "reuters21578" / "reut2-000.sgm.gz"]))
        yield library, index


@pytest.mark.slow
def test_kind_forecast_finds_the_forecasts_of_wire_copy(reuters: tuple[Library, SearchIndex],
                                                         corpus_dir: Path) -> None:
    library, index = reuters
    results = search.search(index, "kind:forecast prices", limit=50)
    assert len(results.hits) >= 20 and {hit.card_kind for hit in results.hits} == {CardKind.FORECAST}
    # ingesting the same file again with the split changes nothing
    assert {o.status for o in ingest_paths(library, [corpus_dir / "reuters21578" / "reut2-000.sgm.gz"])} \
        == {IngestStatus.UNCHANGED}


@pytest.mark.slow
def test_the_count_of_matching_cards_does_not_depend_on_the_page_size(
        reuters: tuple[Library, SearchIndex]) -> None:
    _, index = reuters
    for text in ("oil", "oil prices", "bank rates"):
        counts = {limit: search.search(index, text, limit=limit, facets=True) for limit in (1, 3, 10, 50)}
        assert len({results.total for results in counts.values()}) == 1, text
        assert len({str(results.facets) for results in counts.values()}) == 1, text
        assert counts[1].hits[0] == counts[50].hits[0] and counts[1].total > 50


def test_a_quote_is_counted_as_the_whole_sentence_it_is_not_a_shorter_one_it_ends_with() -> None:
    body = "Rates held. No.\n\nThe minister, asked about the cuts, said: No.\n\nMarkets were calm."
    briefing = Briefing(id="x", title="Rates held", cards=(
        Card(CardKind.STATEMENTS, "Who says what",
             "- said: The minister, asked about the cuts, said: No. (¶2)", derived=True),
        Card(CardKind.SUMMARY, "What happened", "Rates held. (¶1) No. (¶1)", derived=True),
        Card(CardKind.BODY, "", body)))
    statements, summary, rest = counted_texts(briefing)
    assert statements == "The minister, asked about the cuts, said: No."
    assert summary == "Rates held.\n\nNo."
    assert rest == "Markets were calm."


@pytest.mark.slow
def test_a_card_is_found_by_its_own_words_not_by_the_label_the_split_gave_it(
        reuters: tuple[Library, SearchIndex]) -> None:
    _, index = reuters
    labelled = search.search(index, 'heading:"what\'s happened"', limit=5)
    assert labelled.total > 800 and {hit.card_kind for hit in labelled.hits} == {CardKind.SUMMARY}
    assert search.search(index, "happened", limit=5).total < 50  # the label heads every summary card
