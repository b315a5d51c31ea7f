"""Raw articles split into cards by rule: small wire and article stories of our own, the seed article,
the full text kept byte for byte, structured briefings left alone."""

from __future__ import annotations

import datetime as dt
import gzip
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefings.analysis import analyse
from briefings.export import to_markdown
from briefings.formats import article, briefing_page, markdown_doc, parse_all
from briefings.model import Briefing, Card, CardKind, Reference, Source
from briefings.serialize import briefing_from_data, briefing_to_data
from briefings.splitting import split_article
from briefings.splitting.cards import DERIVED_KINDS, SHOWN_BY_DEFAULT, folded_by_default
from briefings.splitting.names import display_name
from briefings.splitting.speakers import attributions, same_speaker

_WIRE = (
    "JAKARTA, March 3 - Indonesian Energy Minister Subroto said the oil producers' group would keep its "
    "output ceiling unchanged at its June meeting.\n\n"
    "Subroto told reporters that all members were respecting their quotas.\n\n"
    "He denied reports that Indonesia had produced above its quota in February.\n\n"
    "\"We are producing well within our allocation,\" he said.\n\n"
    "He predicted that prices would recover again in the third and fourth quarters.\n\n"
    "The group agreed the present ceiling in December 1986.\n\n"
    "Indonesia first joined the group in 1962."
)


def _wire_story(body: str = _WIRE, date: dt.date | None = dt.date(1987, 3, 3)) -> Briefing:
    return Briefing(id="reuters-0", title="INDONESIA SEES OIL OUTPUT CEILING UNCHANGED",
                    cards=(Card(CardKind.BODY, "", body),), date=date, source=Source(format="reuters"))


def _card(briefing: Briefing, kind: CardKind) -> Card:
    return next(card for card in briefing.cards if card.kind is kind)


@pytest.fixture(scope="module")
def wire() -> Briefing:
    return split_article(_wire_story())


def test_wire_story_cards_in_the_seed_page_order(wire: Briefing) -> None:
    assert [card.kind for card in wire.cards] == [CardKind.SUMMARY, CardKind.STATEMENTS, CardKind.FORECAST,
                                                  CardKind.BACKGROUND, CardKind.BODY]
    assert [card.heading for card in wire.cards[:-1]] == [
        "What's happened", "Who says what", "Forecast and consequences", "How we got here"]
    assert CardKind.STATEMENTS.label == "Who says what"


def test_wire_lead_is_the_first_sentence_quoted_with_its_paragraph(wire: Briefing) -> None:
    summary = _card(wire, CardKind.SUMMARY)
    assert summary.text.startswith("JAKARTA, March 3 - Indonesian Energy Minister Subroto said")
    assert summary.text.endswith("at its June meeting. (¶1)")
    assert "Subroto told" not in summary.text


def test_wire_statements_grouped_under_the_minister_with_their_verbs(wire: Briefing) -> None:
    text = _card(wire, CardKind.STATEMENTS).text
    heading, _, items = text.partition("\n\n")
    assert heading == "**Subroto** — said, told, denied, predicted"
    lines = items.split("\n")
    assert len(lines) == 5
    assert lines[2] == ("- denied: He denied reports that Indonesia had produced above its quota in February."
                        " (¶3)")
    assert lines[3].startswith("- said (quote): \"We are producing")
    assert lines[4].startswith("- predicted: He predicted that prices") and lines[4].endswith("(¶5)")


def test_wire_forecast_names_who_makes_it(wire: Briefing) -> None:
    forecast = _card(wire, CardKind.FORECAST).text.split("\n")
    assert "- Subroto: He predicted that prices would recover again in the third and fourth quarters. (¶5)" \
        in forecast


def test_wire_background_in_date_order(wire: Briefing) -> None:
    background = _card(wire, CardKind.BACKGROUND)
    assert [(event.date, event.date_text) for event in background.events] == [
        (dt.date(1962, 1, 1), "1962"), (dt.date(1986, 12, 1), "December 1986")]
    assert background.events[0].text == "Indonesia first joined the group in 1962. (¶7)"


def test_forecast_card_gets_the_likelihood_word_from_the_lens() -> None:
    body = ("LONDON, May 4 - Prices rose sharply on Monday, traders said.\n\n"
            "Analysts said prices were likely to ease next month.")
    split = analyse(split_article(_wire_story(body, dt.date(1987, 5, 4))))
    forecast = split.cards.index(_card(split, CardKind.FORECAST))
    assert [(estimate.term, estimate.card) for estimate in split.estimates] == [("likely", forecast)]
    assert "Analysts: Analysts said prices were likely" in split.cards[forecast].text


def test_the_body_card_is_kept_unchanged_and_last(wire: Briefing) -> None:
    original = _wire_story()
    assert wire.cards[-1] is original.cards[0] or wire.cards[-1] == original.cards[0]
    assert wire.cards[-1].text == _WIRE


def test_pronouns_titles_and_surnames_resolve_to_the_named_speaker() -> None:
    said = attributions([
        "Maple Foods Inc said sales rose.",
        "It said margins held.",
        "Chairman and chief executive Ann Rowe said the plant would open.",
        "Rowe added that she was pleased.",
        "She said no more.",
        "The company said it was hiring.",
        "Prices fell, dealers said.",
        "The increase was approved, according to the finance ministry.",
        "Officials declined to say more.",
    ])
    assert [(a.speaker, a.verb) if a else None for a in said] == [
        ("Maple Foods Inc", "said"), ("Maple Foods Inc", "said"), ("Ann Rowe", "said"), ("Ann Rowe", "added"),
        ("Ann Rowe", "said"), ("Maple Foods Inc", "said"), ("dealers", "said"),
        ("the finance ministry", "according to"), None]


@pytest.mark.parametrize(("phrase", "name"), [
    ("Indonesian Energy Minister Subroto", "Subroto"),
    ("Undersecretary of Commerce Jan Brook", "Jan Brook"),
    ("Lena Holt of Northway Securities", "Lena Holt"),
    ("<Harbour Group Ltd>", "Harbour Group Ltd"),
    ("a company spokesman", "a company spokesman"),
])
def test_display_names_drop_titles(phrase: str, name: str) -> None:
    assert display_name(phrase) == name


def test_same_speaker_ignores_case_titles_and_suffixes() -> None:
    assert same_speaker("Subroto", "Indonesian Energy Minister Subroto")
    assert same_speaker("maple foods", "Maple Foods Inc")
    assert not same_speaker("Ann Rowe", "Maple Foods Inc")


def test_deal_terms_with_will_are_no_forecast() -> None:
    body = ("LONDON, June 2 - Harbour Group Ltd is issuing a 100 mln dlr bond due 1994, lead manager Quay "
            "Bank said.\n\nThe bond will be listed in Luxembourg.\n\nPayment date is June 30.")
    assert CardKind.FORECAST not in {card.kind for card in split_article(_wire_story(body)).cards}


def test_outlet_named_as_speaker_goes_to_the_papers() -> None:
    body = ("The harbour tunnel will open in May, the city said.\n\n"
            "Reuters reported that the tunnel cost twice its budget.")
    split = split_article(Briefing(id="x", title="Tunnel opens", cards=(Card(CardKind.BODY, "", body),),
                                   source=Source(format="plain")))
    papers = _card(split, CardKind.PAPERS)
    assert [(summary.outlets, summary.journalist) for summary in papers.outlets] == [(("Reuters",), "")]
    assert papers.outlets[0].text == "Reuters reported that the tunnel cost twice its budget. (¶2)"
    assert "Reuters" not in _card(split, CardKind.STATEMENTS).text


def test_cited_references_become_outlets_with_their_journalists() -> None:
    body = "The mayor opened the line in 2021[1]. Ridership doubled since[2]."
    references = (Reference(1, author="Lund, K.", outlet="Associated Press"),
                  Reference(2, author="Moe, T.", outlet="The Guardian: Cities"))
    split = split_article(Briefing(id="x", title="Line", cards=(Card(CardKind.BODY, "", body),),
                                   references=references, date=dt.date(2024, 5, 1)))
    outlets = _card(split, CardKind.PAPERS).outlets
    assert [(summary.outlets, summary.journalist) for summary in outlets] == [
        (("Associated Press",), "K. Lund"), (("The Guardian",), "T. Moe")]
    assert outlets[1].text == "Ridership doubled since[2]. (¶1)"


@pytest.fixture(scope="module")
def seed_split(seed_article_text: str) -> tuple[Briefing, Briefing]:
    parsed = article.parse(seed_article_text, "000_8fa4dafbef7b3d9f.txt")
    return parsed, split_article(parsed)


def test_seed_article_cards(seed_split: tuple[Briefing, Briefing]) -> None:
    parsed, split = seed_split
    assert [card.kind for card in split.cards] == [
        CardKind.SUMMARY, CardKind.STATEMENTS, CardKind.PAPERS, CardKind.BACKGROUND, CardKind.TAKEAWAYS,
        CardKind.BODY]
    assert split.cards[-2:] == parsed.cards[::-1]
    assert split.references == parsed.references


def test_seed_article_papers_name_the_three_outlets_and_journalists(
        seed_split: tuple[Briefing, Briefing]) -> None:
    papers = _card(seed_split[1], CardKind.PAPERS)
    assert [(summary.outlets, summary.journalist) for summary in papers.outlets] == [
        (("Reuters",), "J. Smith"), (("The Korea Herald",), "J. Kim"), (("Asia Times",), "J. Park")]
    for number, summary in enumerate(papers.outlets, 1):
        cited = re.findall(r"[^.]*\[\d\].*?\(¶\d\)", summary.text)
        assert cited and all(f"[{number}]" in sentence for sentence in cited)


def test_seed_article_background_has_2023_and_2024_events_in_date_order(
        seed_split: tuple[Briefing, Briefing]) -> None:
    events = _card(seed_split[1], CardKind.BACKGROUND).events
    dates = [event.date for event in events]
    assert dates == sorted(d for d in dates if d is not None)
    assert [event.date_text for event in events][:3] == ["September 2023", "June 2024", "October 2024"]
    assert "Vostochny cosmodrome" in events[0].text and events[0].text.endswith("(¶2)")


def test_structured_briefings_are_returned_unchanged(seed_page_text: str) -> None:
    page = briefing_page.parse(seed_page_text, "003_5360d7e2acb77506.txt")
    assert split_article(page) is page
    structured = Briefing(id="y", title="t", cards=(Card(CardKind.SUMMARY, "", "It happened."),
                                                    Card(CardKind.BODY, "", "He said it will rain.")))
    assert split_article(structured) is structured


def test_splitting_twice_changes_nothing(wire: Briefing) -> None:
    assert split_article(wire) is wire


def test_kinds_below_their_precision_come_folded(wire: Briefing) -> None:
    folded = {wire.cards[index].kind for index in folded_by_default(wire)}
    assert folded == {CardKind.FORECAST, CardKind.BODY} and SHOWN_BY_DEFAULT < DERIVED_KINDS
    assert folded_by_default(_wire_story()) == frozenset()  # nothing derived: nothing folded


def test_split_briefing_survives_serialisation(wire: Briefing) -> None:
    assert briefing_from_data(briefing_to_data(wire)) == wire


def test_a_split_briefing_exported_as_markdown_reads_back_with_the_same_card_kinds(wire: Briefing) -> None:
    again = markdown_doc.parse(to_markdown(wire), "wire.md")
    assert [card.kind for card in again.cards] == [card.kind for card in wire.cards]
    assert CardKind.STATEMENTS in {card.kind for card in again.cards}


_PROSE = st.text(alphabet=st.sampled_from(list("abcXYZ .,;:\"'\n-[]1¶<>said will he It")), max_size=400)


@given(body=_PROSE, title=st.text(max_size=40),
       date=st.none() | st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)))
def test_splitting_any_text_never_loses_a_character_nor_raises(body: str, title: str,
                                                               date: dt.date | None) -> None:
    original = Briefing(id="p", title=title, cards=(Card(CardKind.BODY, "", body),), date=date)
    split = split_article(original)
    assert split.cards[-1] == original.cards[0]
    assert [card for card in split.cards if card.kind is CardKind.BODY] == [original.cards[0]]


@pytest.mark.slow
def test_every_story_of_the_first_corpus_file_keeps_its_full_text(corpus_dir: Path) -> None:
    path = corpus_dir / "reuters21578" / "reut2-000.sgm.gz"
    with gzip.open(path, "rt", encoding="latin-1") as handle:
        stories = [item for item in parse_all(handle.read(), path.name) if isinstance(item, Briefing)]
    assert len(stories) == 1000
    for story in stories:
        split = split_article(story)
        bodies = [card for card in story.cards if card.kind is CardKind.BODY]
        assert [card for card in split.cards if card.kind is CardKind.BODY] == bodies, story.id
        if bodies:
            assert split.cards[-1].text == bodies[0].text, story.id
