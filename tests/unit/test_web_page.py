"""Saved web pages: briefing pages give their text version's cards; articles their title, byline, date."""

from __future__ import annotations

import html
import socket

import pytest

from briefings.errors import ParseError
from briefings.formats import detect, parse_text
from briefings.model import CardKind

SECTION_HEADINGS = {"What's happened", "What's behind the headline?", "What the papers say",
                    "How we got here", "Go deeper", "Common question", "More on these topics"}

OWN_PAGE_TEXT = """What's happened
Dock workers in the port of Lindholm ended a nine-day strike on Tuesday after a wage deal.
What's behind the headline?
Why the deal held
Both sides faced losses as ships queued outside the harbour for a week.
Forecast and Consequences
Talks on pensions are likely to resume in the spring.
What the papers say
The Harbour Gazette's Ines Varga says the deal came after mediators doubled their offer.
Coast Daily argues the strike showed how fragile the supply chain remains.
How we got here
The last strike at the port, in 2019, lasted three days.
Go deeper
- Who mediated the talks?
- What happens to the ship queue now?
Common question
-
How long did the strike last?
Nine days, the longest in the port's history.
-
Will prices rise?
Some shops expect short delays, not higher prices.
More on these topics
-
Lindholm is a port city on the northern coast.
-
Ines Varga is a journalist who covers shipping.
"""


def as_html(text: str, title: str = "", head: str = "") -> str:
    """The page as a browser would save it: headings, paragraphs, list items, and boilerplate around."""
    parts = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        if line in SECTION_HEADINGS:
            parts.append(f"<h2>{html.escape(line)}</h2>")
        elif line.startswith("- "):
            parts.append(f"<ul><li>{html.escape(line[2:])}</li></ul>")
        else:
            parts.append(f"<p>{html.escape(line)}</p>")
    return (f"<!DOCTYPE html><html><head><title>{html.escape(title)}</title>{head}</head><body>"
            "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<main><article>{''.join(parts)}</article></main>"
            "<footer><p>Subscribe to our newsletter for more.</p></footer></body></html>")


def test_detected_by_suffix_or_content() -> None:
    page = as_html("Some text in a paragraph that is long enough to count.")
    assert detect(page, "saved.htm").name == "web-page"
    assert detect(page, "saved.txt").name == "web-page"
    assert detect("<p>just a fragment</p>", "note.html").name == "web-page"
    assert detect("<p>just a fragment</p>", "note.txt").name != "web-page"


def test_own_briefing_page_as_html_gives_the_cards_of_the_text_version() -> None:
    from_text = parse_text(OWN_PAGE_TEXT, "lindholm.txt")
    from_html = parse_text(as_html(OWN_PAGE_TEXT, "Lindholm dock strike ends"), "lindholm.html")
    assert from_html.source.format == "web-page"
    assert from_html.title == "Lindholm dock strike ends"
    assert from_html.cards == from_text.cards
    assert from_html.entities == from_text.entities
    kinds = [card.kind for card in from_html.cards]
    assert CardKind.PAPERS in kinds and CardKind.QA in kinds and CardKind.FORECAST in kinds
    assert "newsletter" not in from_html.plain_text() and "Home" not in from_html.plain_text()


def test_the_seed_page_rendered_as_html_gives_the_cards_of_the_seed_text(seed_page_text: str) -> None:
    from_text = parse_text(seed_page_text, "seed.txt")
    from_html = parse_text(as_html(seed_page_text, "Seed page"), "seed.html")
    assert len(from_html.cards) == len(from_text.cards) >= 8
    assert from_html.cards == from_text.cards
    assert from_html.entities == from_text.entities


def test_article_page_gives_title_byline_date_and_body_without_boilerplate() -> None:
    body = ("Lindholm council votes to rebuild the old fish market\n"
            "The council voted seven to two on Monday to rebuild the market hall, closed since a fire [1].\n"
            "Work is due to start in May and to take a year [2].\n"
            "[1] Varga, I. (2025, March 3). Council vote. Harbour Gazette. https://gazette.example/1"
            "[2] Berg, T. (2025, March 4). Market plans. Coast Daily. https://coast.example/2")
    head = ("<meta name='author' content='Ines Varga'>"
            "<meta property='article:published_time' content='2025-03-03T10:00:00+00:00'>")
    title = "Lindholm council votes to rebuild the old fish market"
    briefing = parse_text(as_html(body, title, head), "m.html")
    assert briefing.title == title
    assert str(briefing.date) == "2025-03-03"
    assert briefing.byline == "Ines Varga"
    assert briefing.cards[0].kind is CardKind.BODY and briefing.cards[0].citations == (1, 2)
    assert [r.outlet for r in briefing.references] == ["Harbour Gazette", "Coast Daily"]
    assert "Subscribe" not in briefing.plain_text()


def test_reading_a_page_opens_no_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a web page parser tried to open a socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    page = as_html(OWN_PAGE_TEXT, "Offline", "<link rel='canonical' href='https://example.org/x'>"
                                             "<img src='https://example.org/a.png'>")
    assert parse_text(page, "offline.html").cards


def test_a_page_without_article_text_is_a_parse_error() -> None:
    page = "<!DOCTYPE html><html><head><title>Nothing</title></head><body></body></html>"
    with pytest.raises(ParseError, match=r"empty\.html: no article text"):
        parse_text(page, "empty.html")


def test_a_page_that_is_neither_briefing_nor_article_is_one_card_without_the_no_format_note() -> None:
    from briefings.formats.plain import NOTE

    text = ("Opening hours\nThe harbour museum opens from ten until four on weekdays.\n"
            "On Sundays it opens at noon, and entry is free for children.")
    briefing = parse_text(as_html(text, "Harbour museum"), "museum.html")
    assert briefing.source.format == "web-page" and NOTE not in briefing.notes
    assert [card.kind for card in briefing.cards] == [CardKind.BODY]
    assert "entry is free for children" in briefing.cards[0].text


@pytest.mark.parametrize(
    "preamble",
    ["<!-- saved from url=(0035)https://news.example/a-story-here -->\n", "\ufeff<?xml version='1.0'?>\n",
     "  \n<!-- one -->\n<!-- two -->"],
)
def test_a_saved_page_is_known_by_its_start_after_comments_and_declarations(preamble: str) -> None:
    assert detect(preamble + as_html("A paragraph of text."), "download").name == "web-page"


def test_every_html_file_goes_through_the_page_reader_whatever_it_holds() -> None:
    assert detect('{"short_summary": "x", "clusters": []}', "story.html").name == "web-page"
    assert detect("schema_version: 1\nid: x\n", "page.htm").name == "web-page"
    assert detect("<REUTERS NEWID='1'>", "wire.HTML").name == "web-page"


def test_a_kagi_story_page_is_recognised_before_the_article_reader() -> None:
    body = ("<h1>Bridge tolls scrapped</h1><div class='summary'><p>The bridge is free from May "
            "<a class='footnote-ref' href='https://tolls.example/a'>[1]</a>.</p></div>"
            "<h2>Key Points</h2><ul><li>Drivers save 3 a day <a href='https://tolls.example/a'>[1]</a>.</li></ul>"
            "<h2>Historical Background</h2><p>The toll paid for the bridge by 2020.</p>")
    head = "<head><title>Bridge tolls scrapped - Kagi News</title></head>"
    page = f"<!DOCTYPE html><html>{head}<body>{body}</body></html>"
    briefing = parse_text(page, "tolls.html")
    assert [(c.kind, c.citations) for c in briefing.cards] == [
        (CardKind.SUMMARY, (1,)), (CardKind.TAKEAWAYS, (1,)), (CardKind.BACKGROUND, ())]
    assert [(r.number, r.outlet) for r in briefing.references] == [(1, "tolls.example")]
    assert briefing.source.format == "web-page"
    plain_page = page.replace("Kagi News", "Town Gazette")
    assert CardKind.BACKGROUND not in {c.kind for c in parse_text(plain_page, "tolls.html").cards}


WIRE_PAGE_TEXT = "\n".join([
    "Ferry strike halts crossings to Lindholm for a second day",
    "LINDHOLM (Harbour Wire) — Crews on the island ferries extended their strike on Tuesday, stranding about "
    "900 travellers on the mainland.",
    "“We will sail when the rota is fair,” union organiser Bram Kessel told reporters at the quay. He said "
    "talks had broken down late on Monday.",
    "The ferry company said in a statement that it would return to mediation on Thursday.",
    "According to the island council, about 1.2 million passengers crossed last year.",
    "The dispute began in March 2024, when the company cut two night crossings.",
])


def test_an_article_page_is_split_with_each_quote_from_its_own_paragraph() -> None:
    """A page's text comes out a paragraph a line; the full text keeps them apart, so a derived card's
    quote names the paragraph it stands in and the reader shows the paragraphs apart."""
    from briefings.splitting import split_article

    head = "<meta property='article:published_time' content='2025-05-13T09:30:00+00:00'>"
    briefing = parse_text(as_html(WIRE_PAGE_TEXT, WIRE_PAGE_TEXT.splitlines()[0], head), "ferry.html")
    body = briefing.cards[-1]
    assert body.kind is CardKind.BODY and len(body.text.split("\n\n")) == 5
    split = {card.kind: card.text for card in split_article(briefing).cards}
    assert split[CardKind.SUMMARY].endswith("(¶1)")
    statements = split[CardKind.STATEMENTS]
    assert "union organiser Bram Kessel told reporters at the quay. (¶2)" in statements
    assert "He said talks had broken down late on Monday. (¶2)" in statements
    assert "return to mediation on Thursday. (¶3)" in statements
    assert "**the island council** — according to" in statements and "crossed last year. (¶4)" in statements
    assert split[CardKind.BACKGROUND].splitlines() == [
        "- March 2024: The dispute began in March 2024, when the company cut two night crossings. (¶5)",
        "- on Monday: He said talks had broken down late on Monday. (¶2)"]
