"""The story briefing: one story told by its articles in the seed page's shape, every sentence one of
theirs. Golden checks on the early-March 1987 OPEC dispatches (read in place from the Reuters corpus,
the groups of tests/data/story_groups.yaml), fixtures in our own words for the rest, and a property test
over any articles the parsers give."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.counting import collapsed
from briefings.entities import bundled_gazetteer
from briefings.formats import parse_all, reuters
from briefings.grouping import Duplicate, Story, group
from briefings.model import Briefing, CardKind
from briefings.preparing import prepared
from briefings.reading import read_input
from briefings.safe_yaml import load_yaml
from briefings.splitting.placement import placed_sentences
from briefings.story_briefing import STORY_ID_PREFIX, article_of, count_line, story_briefing

LABELS = Path(__file__).resolve().parents[1] / "data" / "story_groups.yaml"
OPEC_GROUPS = ("g01", "g02", "g03")


@pytest.fixture(scope="module")
def opec(corpus_dir: Path) -> dict[str, Briefing]:
    """The six dispatches of groups g01-g03, parsed by the Reuters parser and prepared (split, analysed)
    as ingest prepares them, with the entities of the whole first file known."""
    path = corpus_dir / "reuters21578" / "reut2-000.sgm.gz"
    parsed = [item for item in reuters.parse_many(read_input(path).text, path.name)
              if isinstance(item, Briefing)]
    gazetteer = bundled_gazetteer().merged([entity for item in parsed for entity in item.entities])
    wanted = {briefing_id for group_id in OPEC_GROUPS for briefing_id in _group_ids(group_id)}
    return {item.id: prepared(item, gazetteer) for item in parsed if item.id in wanted}


def _group_ids(group_id: str) -> list[str]:
    data = load_yaml(LABELS.read_text(encoding="utf-8"))
    entry = next(entry for entry in data["groups"] if entry["id"] == group_id)
    return [f"reuters-{story}" for story in entry["stories"]]


def _labelled_story(group_id: str, opec: dict[str, Briefing]) -> tuple[Story, list[Briefing]]:
    """The labelled group as one story; its near-copies as the grouping marks them (pairs it joins)."""
    ids = _group_ids(group_id)
    articles = [opec[briefing_id] for briefing_id in ids]
    grouped = [story for story in group(articles) if len(story.briefing_ids) == len(ids)]
    return (grouped[0] if grouped else Story(ids[0], tuple(ids))), articles


def _card(briefing: Briefing, kind: CardKind) -> str:
    return next(card.text for card in briefing.cards if card.kind is kind)


def test_the_kuwait_dispatches_tell_one_story_with_a_paragraph_per_dispatch(
        opec: dict[str, Briefing]) -> None:
    story, articles = _labelled_story("g01", opec)
    briefing = story_briefing(story, articles)
    assert briefing.id == STORY_ID_PREFIX + "reuters-236"
    assert briefing.title == "KUWAIT SAYS NO PLANS FOR EMERGENCY OPEC TALKS"
    assert briefing.date == dt.date(1987, 3, 2)
    assert [card.kind for card in briefing.cards] == [CardKind.SUMMARY, CardKind.PAPERS, CardKind.BACKGROUND]
    # The first dispatch's lead names the minister, the remarks and their purpose: the more complete one.
    assert _card(briefing, CardKind.SUMMARY).startswith(
        "KUWAIT, March 1 - Kuwait\"s Oil Minister, in remarks published today, said there were no plans")
    papers = briefing.cards[1]
    assert [(summary.outlets, summary.journalist) for summary in papers.outlets] == [
        (("Reuters",), "KUWAIT SAYS NO PLANS FOR EMERGENCY OPEC TALKS, 1987-03-01"),
        (("Reuters",), "KUWAIT MINISTER SAYS NO EMERGENCY OPEC TALKS SET, 1987-03-02"),
    ]
    assert papers.outlets[1].text == (
        "KUWAIT, March 2 - Kuwait's oil minister said in a newspaper interview that there were no plans for "
        "an emergency OPEC meeting after the recent weakness in world oil prices. Sheikh Ali al-Khalifa "
        "al-Sabah was quoted by the local daily al-Qabas as saying that \"none of the OPEC members has asked "
        "for such a meeting.\" He also denied that Kuwait was pumping above its OPEC quota of 948,000 "
        "barrels of crude daily (bpd).")
    assert papers.citations == (1, 2)
    background = _card(briefing, CardKind.BACKGROUND)
    assert background.startswith("- last week: Crude oil prices fell sharply last week")
    assert [(ref.number, ref.outlet, article_of(ref)) for ref in briefing.references] == [
        (1, "Reuters", "reuters-236"), (2, "Reuters", "reuters-353")]


def test_the_saudi_statement_keeps_both_days_in_order(opec: dict[str, Briefing]) -> None:
    story, articles = _labelled_story("g02", opec)
    briefing = story_briefing(story, list(reversed(articles)))  # the order given does not matter
    assert briefing == story_briefing(story, articles)
    labels = [summary.journalist for summary in briefing.cards[1].outlets]
    assert labels == ["SAUDI ARABIA REITERATES COMMITMENT TO OPEC PACT, 1987-03-01",
                      "SAUDI ARABIA REITERATES COMMITMENT TO OPEC ACCORD, 1987-03-02"]
    assert "(¶" not in briefing.cards[1].text


def test_the_subroto_dispatch_sent_twice_counts_once(opec: dict[str, Briefing]) -> None:
    story, articles = _labelled_story("g03", opec)
    assert story.duplicates == (Duplicate("reuters-952", "reuters-873", story.duplicates[0].similarity),)
    briefing = story_briefing(story, articles)
    papers = briefing.cards[1]
    assert len(papers.outlets) == 1
    assert papers.outlets[0].journalist == "sent again as [2], 1987-03-03"
    assert papers.citations == (1,)
    assert briefing.references[1].title.endswith("(a near-copy of [1], counted once)")
    assert [article_of(ref) for ref in briefing.references] == ["reuters-873", "reuters-952"]
    outlets = {"reuters-873": "Reuters", "reuters-952": "Reuters"}
    assert count_line(story, outlets) == "1 article + 1 copy · 1 outlet"


# -- fixtures in our own words --------------------------------------------------------------------------

def _article(id_: str, title: str, text: str, day: dt.date, fmt: str = "plain") -> Briefing:
    parsed = next(iter(parse_all(f"{title}\n\n{text}", f"{id_}.txt")))
    assert isinstance(parsed, Briefing)
    source = replace(parsed.source, format=fmt)
    return prepared(replace(parsed, id=id_, date=day, source=source), bundled_gazetteer())


FERRY_ONE = ("VALMORE, March 2 - The Valmore ferry company cancelled all sailings to the Tarrant islands on "
             "Monday because 300 crew members are on strike, its director Ines Okafor said.\n\n"
             "\"We regret the disruption,\" Okafor told reporters.\n\n"
             "In January 2026 the company raised fares twice.")
FERRY_TWO = ("VALMORE, March 3 - Sailings from Valmore to the Tarrant islands stayed cancelled on Tuesday as "
             "900 crew members are on strike, the crew union said.\n\n"
             "Union leader Paulo Renn said the strike would go on until pay talks resumed.\n\n"
             "In January 2026 the company raised fares twice.")


def test_outlets_each_get_a_paragraph_and_their_figures_are_compared() -> None:
    one = _article("ferry-1", "VALMORE FERRIES HALTED BY STRIKE", FERRY_ONE, dt.date(2026, 3, 2), "reuters")
    two = _article("ferry-2", "Ferry strike goes on", FERRY_TWO, dt.date(2026, 3, 3))
    story = Story("ferry-1", ("ferry-1", "ferry-2"))
    briefing = story_briefing(story, [one, two])
    papers = next(card for card in briefing.cards if card.kind is CardKind.PAPERS)
    # One dispatch each: Reuters is named alone, the article of unknown outlet by its headline and date.
    assert [(s.outlets, s.journalist) for s in papers.outlets] == [
        (("Reuters",), ""), (("Unnamed outlet",), "Ferry strike goes on, 2026-03-03")]
    figures = _card(briefing, CardKind.ANALYSIS)
    assert figures == "- crew member: 300 crew members [1] vs 900 crew members [2]"
    # The same earlier event, told by both, is listed once.
    assert _card(briefing, CardKind.BACKGROUND).count("raised fares twice") == 1
    assert count_line(story, {"ferry-1": "Reuters"}) == "2 articles · 2 outlets"


def test_a_story_without_its_articles_is_an_empty_briefing() -> None:
    briefing = story_briefing(Story("gone", ("gone",)), [])
    assert (briefing.id, briefing.cards, briefing.references) == (STORY_ID_PREFIX + "gone", (), ())


# -- property: any articles ----------------------------------------------------------------------------

WORDS = ("Valmore", "Okafor", "ferry", "said", "strike", "300", "crew", "\"We", "regret\"", "last", "year",
         "will", "expects", "told", "reporters", "March", "2", "-", "tonnes", "pct", "rose", "the", "union")
SENTENCE = st.lists(st.sampled_from(WORDS), min_size=1, max_size=14).map(lambda words: " ".join(words) + ".")
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=3).map(" ".join)
ARTICLE = st.tuples(st.text(st.sampled_from("ABCDEFG "), min_size=1, max_size=20).map(str.strip),
                    st.lists(PARAGRAPH, min_size=1, max_size=4).map("\n\n".join),
                    st.sampled_from(["reuters", "plain", "web-page"]),
                    st.one_of(st.none(), st.dates(dt.date(2026, 1, 1), dt.date(2026, 1, 9))))


def _tiles(text: str, known: Sequence[str]) -> Iterator[str]:
    """`text` read as sentences of `known` one after another; a part that is none of them is yielded as is."""
    rest = text
    while rest:
        found = max((s for s in known if rest.startswith(s)), key=len, default="")
        if not found:
            yield rest
            return
        yield found
        rest = rest[len(found):].lstrip()


@settings(max_examples=40)
@given(items=st.lists(ARTICLE, min_size=1, max_size=4), copies=st.sets(st.integers(1, 3)))
def test_any_articles_are_all_referenced_and_only_their_sentences_quoted(
        items: list[tuple[str, str, str, dt.date | None]], copies: set[int]) -> None:
    articles = [_article(f"a{n}", title or "T", text, day or dt.date(2026, 1, 1), fmt)
                for n, (title, text, fmt, day) in enumerate(items)]
    ids = tuple(article.id for article in articles)
    duplicates = tuple(Duplicate(ids[n], ids[0], 0.95) for n in sorted(copies) if n < len(ids))
    briefing = story_briefing(Story(ids[0], ids, duplicates=duplicates), articles)
    assert sorted(article_of(reference) for reference in briefing.references) == sorted(ids)
    bodies = [(article, card.text) for article in articles for card in article.cards
              if card.kind is CardKind.BODY]
    texts = [collapsed(text) for _, text in bodies]
    known = [collapsed(placed.text) for article, text in bodies
             for placed in placed_sentences(text, article.title, article.date)]
    quoted = [card.text for card in briefing.cards if card.kind is CardKind.SUMMARY]
    quoted += [summary.text for card in briefing.cards for summary in card.outlets]
    quoted += [event.text for card in briefing.cards for event in card.events]
    for text in quoted:
        for tile in _tiles(text, known):
            assert any(tile in body for body in texts), tile
