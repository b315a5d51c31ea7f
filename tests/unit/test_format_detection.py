"""Each input is read by the format it is written in, and anything else still becomes a briefing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefings.errors import ParseError
from briefings.formats import detect, parse_all, parse_text
from briefings.formats.plain import NOTE
from briefings.ingest import sample_paths
from briefings.model import CardKind

EXPECTED_SAMPLE_FORMATS = {
    "central-bank-rates-article.txt": "article",
    "chile-election-runoff.md": "markdown",
    "coffee-frost-briefing-page.txt": "briefing-page",
    "india-rice-export-curbs.yaml": "yaml",
    "red-sea-shipping-disruption.md": "markdown",
}


def test_samples_cover_every_format_and_are_detected() -> None:
    found = {path.name: detect(path.read_text(encoding="utf-8"), path.name).name for path in sample_paths()}
    assert found == EXPECTED_SAMPLE_FORMATS


def test_seeds_are_detected(seeds_dir: Path) -> None:
    page = (seeds_dir / "003_5360d7e2acb77506.txt").read_text(encoding="utf-8")
    article = (seeds_dir / "000_8fa4dafbef7b3d9f.txt").read_text(encoding="utf-8")
    assert detect(page, "003.txt").name == "briefing-page"
    assert detect(article, "000.txt").name == "article"


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("schema_version: 1\nid: x\n", "x.txt", "yaml"),
        ("# Notes\n\nsome text\n", "notes.md", "markdown"),
        ("Intro line\n\n## Section\n\ntext\n", "notes.txt", "markdown"),
        ("---\ntitle: T\n---\nBody\n", "t", "markdown"),
        ("key: value\nother: thing\n", "config.yaml", "plain"),
    ],
)
def test_content_and_suffix_choose_the_format(text: str, name: str, expected: str) -> None:
    assert detect(text, name).name == expected


def test_text_matching_no_format_is_one_body_card_with_a_note() -> None:
    briefing = parse_text("shopping list\neggs, milk and bread", "list.txt")
    assert briefing.notes == (NOTE,)
    assert briefing.title == "shopping list"
    assert [(c.kind, c.text) for c in briefing.cards] == [(CardKind.BODY, "eggs, milk and bread")]


def test_a_long_first_line_is_not_a_title() -> None:
    line = "word " * 40
    briefing = parse_text(line, "/in/long-memo.txt")
    assert briefing.title == "long-memo"
    assert briefing.cards[0].text == line.strip()


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ('[{"title": "T", "summary": "S", "talking_points": []}]', "feed.txt", "kagi"),
        ('{"cluster_number": 1, "title": "T"}', "cluster", "kagi"),
        ('{"anything": 1}', "data.json", "kagi"),
        ('{"anything": 1}', "data.txt", "plain"),
        ("[1] Smith, J. (2025). A reference line.", "refs.txt", "plain"),
        ('{"short_summary": "x"}', "page.html", "web-page"),
    ],
)
def test_json_is_read_as_kagi_by_its_fields_or_its_name(text: str, name: str, expected: str) -> None:
    assert detect(text, name).name == expected


def test_json_that_no_format_reads_is_an_error_not_a_single_article_body() -> None:
    (item,) = parse_all('[{"name": "a"}, {"name": "b"}]', "export.json")
    assert isinstance(item, ParseError) and "export.json: JSON, but not a Kagi News file" in str(item)


def test_plain_text_a_paragraph_a_line_is_read_as_paragraphs() -> None:
    from briefings.formats import plain

    text = ("Ferry strike goes on\nCrews stayed ashore on Tuesday.\n“We will sail when the rota is fair,” "
            "Bram Kessel said.\nTalks resume on Thursday, the company said.\nAbout 900 travellers wait")
    body = plain.parse(text, "ferry.txt").cards[0].text
    assert body.split("\n\n") == ["Crews stayed ashore on Tuesday.",
                                  "“We will sail when the rota is fair,” Bram Kessel said.",
                                  "Talks resume on Thursday, the company said.", "About 900 travellers wait"]


def test_hard_wrapped_text_and_tables_keep_their_lines() -> None:
    from briefings.formats import plain

    wrapped = ("Crews on the island ferries extended their strike on Tuesday,\n"
               "stranding about 900 travellers. Talks had broken down late on\n"
               "Monday, the union said, and would resume on Thursday.")
    assert plain.lines_as_paragraphs(wrapped) == wrapped
    wrapped_paragraphs = "Crews stayed ashore on\nTuesday, the union said.\n\nTalks resume on\nThursday."
    assert plain.lines_as_paragraphs(wrapped_paragraphs) == wrapped_paragraphs
    parted = "Crews stayed ashore.\n\nTalks resume on Thursday."
    assert plain.lines_as_paragraphs(parted) == parted
    lines = ["Crews stayed ashore.", "Talks resume on Thursday.", "About 900 wait.", "What next", "A vote."]
    mixed = "Ferry strike\n\n" + "\n".join(lines)
    assert plain.lines_as_paragraphs(mixed).split("\n\n") == ["Ferry strike", *lines]
    rows = "Route      Trips   Travellers\nNorth         12        900\nSouth          8        450"
    table = f"Crossings fell in March.\nThe council counted them.\n{rows}\nThe figures are provisional."
    assert plain.lines_as_paragraphs(table).split("\n\n") == [
        "Crossings fell in March.", "The council counted them.", rows, "The figures are provisional."]


def test_a_byline_and_a_date_under_the_title_are_the_briefing_s() -> None:
    from briefings.formats import plain

    dated = "Tuesday, May 13, 2025 10:30 BST\n"
    text = ("Central bank holds rates\nBy Laura Whitfield and Tom Ng, Harbour Wire\n" + dated +
            "\nThe bank kept its rate at 4.25% on Tuesday.\n\nThe bank last cut rates in November 2024.")
    briefing = plain.parse(text, "rates.txt")
    assert briefing.byline == "Laura Whitfield and Tom Ng, Harbour Wire"
    assert briefing.date == dt.date(2025, 5, 13)
    assert briefing.cards[0].text.startswith("The bank kept its rate")
    assert briefing.id == plain.parse(text.replace(dated, ""), "x.txt").id
    assert plain.parse("Fine\nBy Priya Shah, Environment correspondent\n\nA fine.", "f.txt").byline == (
        "Priya Shah, Environment correspondent")
    for prose in ("By Tuesday prices had fallen.\nThe bank waited.", "May 2025 was calm.\nThe bank waited.",
                  "By Laura Whitfield"):
        kept = plain.parse(f"Rates held\n{prose}", "r.txt")
        assert (kept.byline, kept.date) == ("", None), prose
        assert kept.cards[0].text.startswith(prose.partition("\n")[0]), prose
