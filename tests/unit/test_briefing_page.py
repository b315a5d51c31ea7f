"""The briefing page format: golden test on seed 003, small pages of our own, and robustness."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.entities import bundled_gazetteer, with_mentions
from briefings.errors import ParseError
from briefings.formats import briefing_page, native_yaml
from briefings.model import Briefing, CardKind, EntityKind
from briefings.outlets import known_outlets
from briefings.text import make_id
from tests.unit.briefing_checks import assert_one_line_error, assert_well_formed, input_lines


@pytest.fixture(scope="module")
def seed_page(seed_page_text: str) -> Briefing:
    return briefing_page.parse(seed_page_text, "003_5360d7e2acb77506.txt")


def test_seed_cards_in_order(seed_page: Briefing) -> None:
    assert [(card.kind, card.heading) for card in seed_page.cards] == [
        (CardKind.SUMMARY, "What's happened"),
        (CardKind.ANALYSIS, "Strategic Alliance Strengthening"),
        (CardKind.ANALYSIS, "Regional and Global Implications"),
        (CardKind.ANALYSIS, "Political Messaging and Propaganda"),
        (CardKind.FORECAST, "Forecast and Consequences"),
        (CardKind.IMPACT, "Impact on Readers"),
        (CardKind.PAPERS, "What the papers say"),
        (CardKind.BACKGROUND, "How we got here"),
        (CardKind.QUESTIONS, "Go deeper"),
        (CardKind.QA, "Common question"),
    ]
    summary = seed_page.cards[0]
    assert summary.text.startswith("As of July 2025, North Korea")
    assert "\n\n" not in summary.text  # one paragraph
    assert [card.truncated for card in seed_page.cards] == [False] * 6 + [True] + [False] * 3


def test_seed_title_id_and_metadata(seed_page: Briefing) -> None:
    assert seed_page.title == ("North Korea has significantly expanded its military support for Russia's war "
                               "in Ukraine")
    assert seed_page.date is None
    assert seed_page.id == make_id(seed_page.title, None)
    assert seed_page.topics == ()
    assert seed_page.source.format == "briefing-page"


def test_seed_papers(seed_page: Briefing) -> None:
    papers = seed_page.cards[6]
    assert [(s.outlets, s.journalist, s.truncated) for s in papers.outlets] == [
        (("Al Jazeera",), "Niko Vorobyov", False),
        (("New York Post",), "", False),
        (("Bloomberg", "The Japan Times", "South China Morning Post"), "Jon Herskovitz", False),
        (("Business Insider", "The Japan Times"), "", False),
        (("The Independent", "South China Morning Post"), "", False),
        ((), "", True),
    ]
    assert papers.outlets[-1].text.endswith("high-level dip")
    assert papers.text.split("\n\n") == [summary.text for summary in papers.outlets]


def test_seed_questions_and_common_questions(seed_page: Briefing) -> None:
    questions = seed_page.cards[8]
    assert questions.questions == (
        "How many troops has North Korea sent to support Russia in Ukraine?",
        "What military aid is North Korea providing to Russia?",
        "What are the regional security implications of the Russia-North Korea alliance?",
    )
    assert questions.text == "\n".join(f"- {q}" for q in questions.questions)
    qa = seed_page.cards[9].qa
    assert len(qa) == 15
    unrelated = [item.question for item in qa if not item.related]
    assert unrelated == [
        "What Caused the Severe Flooding in Southern China?",
        "Why is Brazil Shifting from Asbestos to Rare Earth Minerals?",
        "How Do Sports Events Like the FIFA Club World Cup Intersect with Global Politics?",
        "What Are the Biggest News Stories Today?",
    ]
    assert all(item.answer and "\n" not in item.answer and not item.truncated for item in qa)
    assert seed_page.cards[9].text.startswith(f"**{qa[0].question}**\n\n{qa[0].answer}\n\n**")


def test_seed_entities(seed_page: Briefing) -> None:
    entities = seed_page.entities
    assert [entity.name for entity in entities] == [
        "North Korea", "Russia", "Ukraine", "Sergey Lavrov", "Kim Jong-un", "South Korea", "Vladimir Putin",
        "Sergei Shoigu", "Olga Lyubimova", "Japan", "United States", "John Daniel Caine",
    ]
    truncated = {entity.name for entity in entities if entity.truncated}
    assert truncated == {"Russia", "Olga Lyubimova", "John Daniel Caine"}
    not_mentioned = {entity.name for entity in entities if not entity.mentioned}
    assert not_mentioned == {"Vladimir Putin", "Sergei Shoigu", "Olga Lyubimova", "John Daniel Caine"}
    lyubimova = entities[8]
    assert lyubimova.description.endswith("2020.\n\nPrior to her current appo")
    assert lyubimova.aliases == ("Olga Borisovna Lyubimova",)
    assert entities[0].kind is EntityKind.COUNTRY and entities[3].kind is EntityKind.PERSON
    assert entities[0].aliases == ("Democratic People's Republic of Korea",)


def test_matches_seed_but_not_the_article(seed_page_text: str, seed_article_text: str) -> None:
    assert briefing_page.matches(seed_page_text, ".txt")
    assert not briefing_page.matches(seed_article_text, ".txt")


_OWN_PAGE = """\
Harbour strike
Published: 4 March 2024
What’s happened
In March 2024, members of the Dockers' Guild in Port Vell walked out over pay. Ships queued offshore.
What's behind the headline?
A wage dispute years in the making.
Why Now
Inflation ate into a wage deal agreed two years earlier.
Outlook for Shipping
Carriers will likely reroute cargo while the strike lasts.
WHAT THE PAPERS SAY
The Coastal Ledger's Mara Quist notes that talks resumed on Friday.
Go deeper
- Who represents the dock workers?
Common questions
Who called the strike?
The Dockers' Guild called it after a ballot.
Will the World Cup go ahead?
Organisers say the tournament is unaffected.
More on these topics
Port Vell is a port city on the coast.
The Dockers' Guild is a trade union of port workers.
It was founded long ago.
"""


def test_own_page_with_title_date_and_subsections() -> None:
    briefing = briefing_page.parse(_OWN_PAGE, "harbour.txt")
    assert briefing.title == "Harbour strike"
    assert str(briefing.date) == "2024-03-04"
    assert [(card.kind, card.heading) for card in briefing.cards] == [
        (CardKind.SUMMARY, "What’s happened"),
        (CardKind.ANALYSIS, "What's behind the headline?"),
        (CardKind.ANALYSIS, "Why Now"),
        (CardKind.FORECAST, "Outlook for Shipping"),
        (CardKind.PAPERS, "WHAT THE PAPERS SAY"),
        (CardKind.QUESTIONS, "Go deeper"),
        (CardKind.QA, "Common questions"),
    ]
    papers = briefing.cards[4].outlets[0]
    assert (papers.outlets, papers.journalist) == (("The Coastal Ledger",), "Mara Quist")
    assert [(item.question, item.related) for item in briefing.cards[6].qa] == [
        ("Who called the strike?", True), ("Will the World Cup go ahead?", False)]
    assert [e.name for e in briefing.entities] == ["Port Vell", "Dockers' Guild"]
    assert briefing.entities[1].description.endswith("\n\nIt was founded long ago.")
    assert all(entity.mentioned for entity in briefing.entities)


# Our own page in the seed's layout: outlets of several words, places inside outlet names, a surname alone.
_OUTLETS_PAGE = """\
What's happened
As of May 2025, the port of Santa Brava in Marisol has reopened and Foreign Minister Dorn thanked its crews.
What's behind the headline?
Trade Flows Resume
Shipping lines returned within days, though insurers still charge a premium for calls at Santa Brava.
What the papers say
Tech in Asia reports that logistics start-ups lost a month of revenue during the strike.
Meanwhile Reuters reports that cargo volumes recovered by the end of May.
The Marisol Herald's Ana Costa writes that Dorn praised the restraint of the dock workers.
Rest of World and Voices of Lagos note that port automation was at the heart of the dispute.
Contrasting reports from The Times of Malta and Fintech in Africa suggest the settlement may not hold.
Coverage in Le Monde emphasises the cost to European importers.
Overall, the papers agree that the port is open again but that the dispute over automation is unresolved.
How we got here
Dock workers at Santa Brava struck in April 2025 over plans to automate two terminals.
More on these topics
-
Marisol is a country on the southern coast of the Amber Sea.
-
Asia is the largest continent by area and population.
-
Ilya Petrovich Dorn is a Marisolan diplomat who has served as Foreign Minister since 2021.
-
Malta is an island country in the Mediterranean Sea.
-
Africa is the second-largest continent by area.
"""


def test_a_page_keeps_every_outlets_full_name() -> None:
    briefing = briefing_page.parse(_OUTLETS_PAGE, "santa-brava.txt")
    papers = next(card for card in briefing.cards if card.kind is CardKind.PAPERS)
    assert [(summary.outlets, summary.journalist) for summary in papers.outlets] == [
        (("Tech in Asia",), ""),
        (("Reuters",), ""),
        (("The Marisol Herald",), "Ana Costa"),
        (("Rest of World", "Voices of Lagos"), ""),
        (("The Times of Malta", "Fintech in Africa"), ""),
        (("Le Monde",), ""),
        ((), ""),
    ]


def test_places_in_outlet_names_are_not_mentions_and_a_surname_alone_is_marked() -> None:
    briefing = with_mentions(briefing_page.parse(_OUTLETS_PAGE, "santa-brava.txt"), bundled_gazetteer())
    own = {entity.name: (entity.mentioned, entity.inferred) for entity in briefing.entities[:5]}
    assert own == {
        "Marisol": (True, ""),
        "Asia": (False, ""),  # only in "Tech in Asia", a listed outlet
        "Ilya Dorn": (True, 'surname "Dorn" alone'),
        "Malta": (False, ""),  # only in "The Times of Malta"
        "Africa": (False, ""),  # only in "Fintech in Africa", an outlet the page itself quotes
    }


def test_a_place_inside_an_outlets_name_does_not_make_questions_about_it_related() -> None:
    questions = ("Common question\n-\nWhy does Marisol depend on its port?\n"
                 "Santa Brava handles most of the grain Marisol sells abroad.\n-\n"
                 "What is driving growth in Africa?\nDemand for minerals keeps Africa busy.\n")
    briefing = briefing_page.parse(_OUTLETS_PAGE + questions, "santa-brava.txt")
    qa = next(card for card in briefing.cards if card.kind is CardKind.QA)
    assert [item.related for item in qa.qa] == [True, False]


def test_title_is_derived_when_the_page_has_none() -> None:
    page = ("What's happened\nOn 2 May 2023, the river authority opened all floodgates at the northern dam "
            "after a week of record rain, flooding farmland downstream and closing two roads.\n"
            "How we got here\nThe dam was built in 1961.\n")
    briefing = briefing_page.parse(page, "dam.txt")
    assert briefing.title == ("The river authority opened all floodgates at the northern dam after a week of "
                              "record rain")
    assert briefing.date is None


def test_text_that_is_not_a_page_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match=r"notes\.txt"):
        briefing_page.parse("Just some notes.\nNothing else.", "notes.txt")
    assert not briefing_page.matches("What's happened\nOnly one heading.", ".txt")


_HEADINGS = ["What's happened", "What’s behind the headline?", "What the papers say", "How we got here",
             "Go deeper", "Common question", "More on these topics", "-", "- A question?", "Short Heading"]
_LINE = st.one_of(st.sampled_from(_HEADINGS), st.text(max_size=60))


def _paragraphs_of(text: str) -> set[str]:
    return set(text.split("\n\n")) if text else set()


def _assert_page_properties(text: str) -> None:
    """Cards, outlet summaries, questions and blurbs are the page's own lines; outlets are real names."""
    try:
        briefing = briefing_page.parse(text, "x.txt")
    except ParseError as error:
        assert_one_line_error(error, "x.txt")
        assert not briefing_page.matches(text, ".txt") or "no text under them" in str(error)
        return
    assert_well_formed(briefing)
    assert briefing_page.parse(text, "x.txt") == briefing  # the same text gives the same briefing and id
    assert briefing.id == make_id(briefing.title, briefing.date)
    lines = input_lines(text)
    for card in briefing.cards:
        assert card.heading in lines | {""}
        if card.kind is CardKind.PAPERS:
            assert card.text == "\n\n".join(summary.text for summary in card.outlets)
            for summary in card.outlets:
                assert summary.text in lines
                assert all(name in _OUTLET_NAMES or name in summary.text for name in summary.outlets), summary
        elif card.kind is CardKind.QUESTIONS:
            assert card.text == "\n".join(f"- {question}" for question in card.questions)
            assert all(any(line.endswith(question) for line in lines) for question in card.questions)
        elif card.kind is CardKind.QA:
            assert all(item.question in lines and _paragraphs_of(item.answer) <= lines for item in card.qa)
        else:
            assert _paragraphs_of(card.text) <= lines, card
    assert all(_paragraphs_of(entity.description) <= lines for entity in briefing.entities)


_OUTLET_NAMES = frozenset(known_outlets().values())


@settings(max_examples=200)
@given(st.lists(_LINE, max_size=25))
def test_heading_shaped_text_is_read_from_its_own_lines(lines: list[str]) -> None:
    _assert_page_properties("\n".join(lines))


@settings(max_examples=150)
@given(st.text())
def test_any_text_is_read_from_its_own_lines_or_refused_in_one_line(text: str) -> None:
    _assert_page_properties(text)


def test_seed_round_trips_through_the_native_yaml(seed_page: Briefing) -> None:
    with_gazetteer = with_mentions(seed_page, bundled_gazetteer())
    assert native_yaml.parse(native_yaml.dump_briefing(with_gazetteer), "x.yaml") == with_gazetteer
