"""Dossier exports: each card quoted with where it comes from and the reader's marks, the analyst's notes,
sources numbered across the dossier; and every piece of text in them is data, never markup."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from briefings.dossier_export import CSP, Compiled, compile_dossier, dossier_html, dossier_markdown
from briefings.dossiers import Dossier, DossierItem
from briefings.model import (
    Briefing,
    Card,
    CardKind,
    Entity,
    Flag,
    FlagCode,
    OutletSummary,
    Precision,
    Reference,
)
from briefings.notes import Anchor, Note
from briefings.wording import CUT_MARK

HOSTILE_TEXT = ('Officials said <script>alert("card")</script> and <img src="http://tracker.example/p.gif" '
                'onerror="alert(1)"> then [click](javascript:alert(2)) [2] and ![x](http://tracker.example/i.png).')
GAZETTE = "The Harbour Gazette's Ana Ruiz writes that fees rose faster than wages [1]."


def harbour() -> Briefing:
    return Briefing(
        id="harbour-fees-5e6f7a8b", title="Harbour fees <b>rise</b>", date=dt.date(2025, 7, 1),
        date_precision=Precision.MONTH, date_inferred='stated in the text: "As of July 2025"',
        byline="K. Lund",
        cards=(
            Card(CardKind.SUMMARY, "What happened",
                 "Fees at three ports rose and shippers said they would pass them o", truncated=True,
                 citations=(1,)),
            Card(CardKind.PAPERS, "What the papers say", GAZETTE, citations=(1,),
                 outlets=(OutletSummary(("The Harbour Gazette",), GAZETTE, "Ana Ruiz"),)),
            Card(CardKind.ANALYSIS, "Analysis", HOSTILE_TEXT, citations=(2,)),
        ),
        references=(
            Reference(1, "A. Writer", dt.date(2025, 6, 30), "Fees up again", "Harbour Gazette",
                      "https://gazette.example/fees?a=1&b=2"),
            Reference(2, raw="Leaflet javascript:alert(3) and data:text/html,<b>x</b>"),
        ),
        entities=(Entity("Kellby Council", mentioned=True, inferred='"the council" alone'),),
        flags=(Flag(FlagCode.TRUNCATED, "cut off mid-sentence", 0),
               Flag(FlagCode.DISCREPANCY, "fees: 44 (Schedule) vs 46 (Outlook)"),
               Flag(FlagCode.UNHEDGED, 'states "will rise" with no likelihood word', 2)),
    )


def ferry() -> Briefing:
    return Briefing(
        id="ferry-strike-1a2b3c4d", title="Ferry pilots strike", date=dt.date(2025, 8, 2),
        cards=(Card(CardKind.SUMMARY, "What happened", "Ferries stayed in port [1]. Talks resume [7].",
                    citations=(1, 7)),),
        references=(Reference(1, outlet="Island Radio", url="http://radio.example/strike"),),
    )


NOTE = Note("n-0a1b2c3d", Anchor("harbour-fees-5e6f7a8b", "papers", "fees rose faster than wages"),
            "Check the <i>port authority</i>'s own figures", ("fees", "ports"), "B2", "2026-01-01T00:00:00Z")
ELSEWHERE = Note("n-99999999", Anchor("harbour-fees-5e6f7a8b", "analysis"), "on a card not in the dossier")


def compiled(*items: DossierItem, notes: tuple[Note, ...] = (NOTE, ELSEWHERE)) -> Compiled:
    briefings = {b.id: b for b in (harbour(), ferry())}
    dossier = Dossier("Ports", items or (DossierItem("harbour-fees-5e6f7a8b", "papers"),
                                         DossierItem("ferry-strike-1a2b3c4d", "summary"),
                                         DossierItem("harbour-fees-5e6f7a8b", "analysis"),
                                         DossierItem("harbour-fees-5e6f7a8b", "summary")),
                      title="Harbours <em>this</em> summer")
    return compile_dossier(dossier, briefings.get, list(notes), dt.date(2026, 1, 2))


class _Page(HTMLParser):
    """What a browser would build: elements with their attributes, and the text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def test_sources_are_numbered_across_the_dossier_and_cards_cite_them_so() -> None:
    result = compiled()
    assert [(s.number, s.reference.number, s.briefing_title) for s in result.sources] == [
        (1, 1, "Harbour fees <b>rise</b>"), (2, 1, "Ferry pilots strike"), (3, 2, "Harbour fees <b>rise</b>")]
    markdown = dossier_markdown(result)
    assert "fees rose faster than wages [1]." in markdown
    assert "Ferries stayed in port [2]. Talks resume [source 7 not listed]." in markdown
    assert "javascript:alert(2)) [3]" in markdown
    sources = markdown.split("## Sources\n\n")[1].splitlines()
    assert sources[0].startswith("1\\. A. Writer (2025-06-30). Fees up again. Harbour Gazette. "
                                 "<https://gazette.example/fees?a=1&b=2>")
    assert sources[1].startswith("2\\. Island Radio. <http://radio.example/strike>")
    assert len(sources) == 3


def test_each_card_is_quoted_with_its_briefing_outlet_journalist_date_and_marks() -> None:
    markdown = dossier_markdown(compiled())
    first = markdown.split("\n## ")[1]
    assert first.startswith("1. What the papers say — Harbour fees \\<b\\>rise\\</b\\>")
    assert "Outlets: The Harbour Gazette, Harbour Gazette" in first
    assert "Journalists: Ana Ruiz" in first and "By: K. Lund" in first
    assert 'Date: 2025-07 (inferred: stated in the text: "As of July 2025")' in first
    assert "> **The Harbour Gazette — Ana Ruiz:** The Harbour Gazette's Ana Ruiz" in first
    assert "held back as not yet precise: fees: 44 (Schedule) vs 46 (Outlook)" in first  # disagreeing figures
    assert 'Kellby Council (≈ inferred: "the council" alone)' in first
    assert "no likelihood word" not in first  # a note on a card this item does not quote
    summary = markdown.split("\n## ")[4]
    assert "shippers said they would pass them o" + CUT_MARK in summary


def test_the_notes_on_a_card_come_with_it_and_an_item_can_name_one() -> None:
    markdown = dossier_markdown(compiled())
    first, third = markdown.split("\n## ")[1], markdown.split("\n## ")[3]
    assert "**Note n-0a1b2c3d · grade: B2 · tags: fees, ports**" in first
    assert "> fees rose faster than wages" in first
    assert "Check the \\<i\\>port authority\\</i\\>'s own figures" in first
    assert "on a card not in the dossier" in third and "n-0a1b2c3d" not in third
    chosen = dossier_markdown(compiled(DossierItem("harbour-fees-5e6f7a8b", "analysis", "n-0a1b2c3d")))
    assert "n-0a1b2c3d" in chosen and "n-99999999" not in chosen


def test_an_orphaned_note_and_a_vanished_briefing_are_still_written_out() -> None:
    orphan = Note("n-0000dead", Anchor("gone-briefing-00000000", "summary", "vanished words"), "keep me",
                  orphaned=True)
    result = compiled(DossierItem("gone-briefing-00000000", "summary"), DossierItem("ferry-strike-1a2b3c4d",
                                                                                     "forecast"),
                      notes=(orphan,))
    assert result.warnings == ["item 1: briefing gone-briefing-00000000 is no longer in the library",
                               "item 2: card 'forecast' is no longer in 'Ferry pilots strike'"]
    html = dossier_html(result)
    assert "keep me" in html and "orphaned: its passage is no longer in the briefing" in html
    assert "card &#x27;forecast&#x27; is no longer in" in html


def test_a_whole_briefing_quotes_every_card_its_input_brought() -> None:
    markdown = dossier_markdown(compiled(DossierItem("harbour-fees-5e6f7a8b", "")))
    assert markdown.count("\n> ") >= 3 and "## 1. Harbour fees" in markdown
    assert "on a card not in the dossier" in markdown


def test_the_html_page_escapes_every_text_and_links_only_http_sources() -> None:
    html = dossier_html(compiled())
    page = parsed(html)
    tags = [tag for tag, _ in page.tags]
    assert "script" not in tags and "img" not in tags and "iframe" not in tags
    assert not [attrs for _, attrs in page.tags if any(name.startswith("on") for name in attrs)]
    links = [attrs["href"] for tag, attrs in page.tags if tag == "a"]
    assert [href for href in links if not href.startswith("#")] == ["https://gazette.example/fees?a=1&b=2",
                                                                      "http://radio.example/strike"]
    assert {href for href in links if href.startswith("#")} == {"#source-1", "#source-2", "#source-3"}
    text = "".join(page.text)
    assert '<script>alert("card")</script>' in text and 'onerror="alert(1)"' in text
    assert "[click](javascript:alert(2))" in text and "![x](http://tracker.example/i.png)" in text
    assert "Leaflet javascript:alert(3) and data:text/html,<b>x</b>" in text
    assert "Harbours <em>this</em> summer" in text and "Check the <i>port authority</i>'s own figures" in text


def test_the_html_page_forbids_scripts_and_remote_loads_and_prints() -> None:
    html = dossier_html(compiled())
    policies = [attrs.get("content") for tag, attrs in parsed(html).tags
                if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"]
    assert policies == [CSP] and "default-src 'none'" in CSP and "script-src" not in CSP
    assert "@media print" in html and "@page" in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html.split("<body>")[0])  # nothing loaded from afar
    assert html.index("<h2 id=\"sources\">") > html.rindex("class=\"entry\"")  # the sources list ends it


def test_markdown_escapes_titles_notes_and_html_in_cards_but_not_in_code() -> None:
    card = Card(CardKind.BODY, "Data", "Before <b>bold</b>\n\n```\n<table> kept\n```")
    briefing = Briefing(id="code-00000000", title="T", cards=(card,))
    result = compile_dossier(Dossier("Code", (DossierItem(briefing.id, "body"),)),
                             {briefing.id: briefing}.get, [], dt.date(2026, 1, 2))
    markdown = dossier_markdown(result)
    assert "> Before \\<b>bold\\</b>" in markdown
    assert "> <table> kept" in markdown
    assert "<b>bold</b>" in dossier_html(result).replace("&lt;", "<").replace("&gt;", ">")


MARKUP = st.text(alphabet=st.sampled_from(list("<>\"'&[]()!:/=` \n#*_-.ajvscriptonerrorimgsrchttp1")),
                 max_size=120)
ALLOWED = {"html", "head", "meta", "title", "style", "body", "header", "main", "footer", "section", "aside",
           "div", "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote", "ul", "ol", "li", "a",
           "span", "cite", "strong", "em", "code", "pre"}


@given(text=MARKUP, title=MARKUP, note=MARKUP, url=MARKUP)
def test_no_text_ever_becomes_an_element_a_handler_or_a_link_elsewhere(text: str, title: str, note: str,
                                                                       url: str) -> None:
    briefing = Briefing(id="fuzz-00000000", title=title or "t", cards=(Card(CardKind.ANALYSIS, title, text),),
                        references=(Reference(1, raw=url, url=url),))
    dossier = Dossier(title or "d", (DossierItem(briefing.id, "analysis"),), title=title)
    html = dossier_html(compile_dossier(dossier, {briefing.id: briefing}.get,
                                        [Note("n-1", Anchor(briefing.id, "analysis", note), note)],
                                        dt.date(2026, 1, 2)))
    page = parsed(html)
    assert {tag for tag, _ in page.tags} <= ALLOWED
    assert not [name for _, attrs in page.tags for name in attrs if name.startswith("on")]
    hrefs = [attrs.get("href") or "" for tag, attrs in page.tags if tag == "a"]
    assert all(href.startswith(("#source-", "http://", "https://")) for href in hrefs)
