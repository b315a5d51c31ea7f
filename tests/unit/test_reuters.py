"""Reuters-21578 SGML: golden checks on real records, odd story types, and an ingest of one archive file."""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path

import pytest

from briefings.errors import ParseError
from briefings.formats import SkippedItem, detect, parse_all
from briefings.formats.reuters import BRIEF_NOTE, UNPROC_NOTE
from briefings.ingest import IngestStatus, ingest_paths
from briefings.library import Library
from briefings.model import Briefing, CardKind, EntityKind
from briefings.reading import read_text

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def archive(corpus_dir: Path, number: int) -> Path:
    return corpus_dir / "reuters21578" / f"reut2-{number:03d}.sgm.gz"


def read_archive(corpus_dir: Path, number: int) -> dict[str, Briefing | ParseError]:
    path = archive(corpus_dir, number)
    items = parse_all(read_text(path).text, path.name)
    return {item.id if isinstance(item, Briefing) else str(item): item for item in items}


@pytest.fixture(scope="module")
def first_file(corpus_dir: Path) -> dict[str, Briefing | ParseError]:
    return read_archive(corpus_dir, 0)


def story(stories: dict[str, Briefing | ParseError], new_id: int) -> Briefing:
    briefing = stories[f"reuters-{new_id}"]
    assert isinstance(briefing, Briefing)
    return briefing


def test_the_gzipped_archive_is_read_and_detected(corpus_dir: Path) -> None:
    path = archive(corpus_dir, 0)
    text = read_text(path).text
    assert detect(text, path.name).name == "reuters"
    assert detect(text[:5000], "anything.txt").name == "reuters"


def test_first_stories_golden(first_file: dict[str, Briefing | ParseError]) -> None:
    assert len(first_file) == 1000
    first = story(first_file, 1)
    assert first.title == "BAHIA COCOA REVIEW"
    assert str(first.date) == "1987-02-26"
    assert first.topics == ("cocoa",)
    assert [(e.name, e.kind) for e in first.entities] == [
        ("El Salvador", EntityKind.COUNTRY), ("United States", EntityKind.COUNTRY),
        ("Uruguay", EntityKind.COUNTRY)]
    (body,) = first.cards
    assert body.kind is CardKind.BODY
    assert body.text.startswith("SALVADOR, Feb 26 - ") and "Comissaria Smith" in body.text
    assert "\n\n" in body.text  # the wire's indented paragraphs
    assert not body.text.rstrip().endswith("Reuter")
    second = story(first_file, 2)
    assert second.title == "STANDARD OIL <SRD> TO FORM FINANCIAL UNIT"  # &lt; decoded
    assert second.topics == ()
    assert story(first_file, 5).topics == ("grain", "wheat", "corn", "barley", "oat", "sorghum")
    assert first.source.format == "reuters"


def test_control_characters_and_references_are_gone(first_file: dict[str, Briefing | ParseError]) -> None:
    for item in first_file.values():
        assert isinstance(item, Briefing)
        text = item.plain_text()
        assert not CONTROL.search(text), item.id
        assert "&#" not in text and "&lt;" not in text, item.id


def test_people_and_organisations_become_entities(first_file: dict[str, Briefing | ParseError]) -> None:
    entities = {(e.name, e.kind) for item in first_file.values() if isinstance(item, Briefing)
                for e in item.entities}
    assert ("OPEC", EntityKind.ORGANISATION) in entities
    assert any(kind is EntityKind.PERSON for _, kind in entities)


def test_brief_and_unproc_stories(first_file: dict[str, Briefing | ParseError]) -> None:
    brief = story(first_file, 30)
    assert brief.cards == () and brief.notes == (BRIEF_NOTE,)
    assert brief.title.startswith("ASSETS OF MONEY MARKET MUTUAL FUNDS")
    unproc = story(first_file, 99)
    assert unproc.title.startswith("FEDERAL RESERVE WEEKLY REPORT")
    assert unproc.notes == (UNPROC_NOTE,)
    assert unproc.cards[0].text.startswith("```\n") and "Bank borrowings" in unproc.cards[0].text


def fenced_blocks(text: str) -> list[list[str]]:
    return [block.split("\n") for block in re.findall(r"^```\n(.*?)\n```$", text, re.DOTALL | re.MULTILINE)]


def test_an_earnings_story_keeps_its_figure_rows_one_to_a_line(
        first_file: dict[str, Briefing | ParseError]) -> None:
    (body,) = story(first_file, 14).cards  # BROWN-FORMAN INC <BFD> 4TH QTR NET
    assert body.text.startswith("LOUISVILLE, Ky., Feb 26 -\n\n```\n")  # the dateline stands over the table
    (rows,) = fenced_blocks(body.text)
    assert rows == ["Shr one dlr vs 73 cts", "Net 12.6 mln vs 15.8 mln", "Revs 337.3 mln vs 315.2 mln",
                    "Nine mths", "Shr 3.07 dlrs vs 3.08 dlrs", "Net 66 mln vs 66.2 mln",
                    "Revs 1.59 billion vs 997.1 mln"]
    notes = story(first_file, 13).cards[0].text  # rows, then a note in prose joined as before
    assert "\n\nNOTE: Per shr calculated after payment of preferred dividends.\n\n" in notes
    assert fenced_blocks(notes)[0][:2] == ["Oper shr loss two cts vs profit seven cts",
                                           "Oper shr profit 442,000 vs profit 2,986,000"]


def test_a_trade_table_keeps_its_columns_aligned(first_file: dict[str, Briefing | ParseError]) -> None:
    (body,) = story(first_file, 105).cards  # SUGAR QUOTA IMPORTS DETAILED -- USDA
    assert body.text.startswith("WASHINGTON, Feb 26 - The U.S. Agriculture Department said cumulative sugar "
                                "imports from individual countries")  # the prose is still joined
    table = fenced_blocks(body.text)[0]
    assert table[:3] == ["           CUMULATIVE     QUOTA 1987",
                         "             IMPORTS     ALLOCATIONS",
                         "ARGENTINA        nil          39,130"]
    countries = [row for row in table if row.startswith(("ARGENTINA", "BRAZIL", "CANADA", "COLOMBIA"))]
    assert len(countries) == 4
    assert {row.index("nil") for row in countries if "nil" in row} == {table[2].index("nil")}
    assert {len(row) for row in countries} == {len(table[2])}  # the quota column ends in one place
    five = story(first_file, 5).cards[0].text  # NATIONAL AVERAGE PRICES FOR FARMER-OWNED RESERVE
    assert "Wheat   2.55   2.40       IV     4.65     --" in fenced_blocks(five)[0]
    assert "\n\nX - 1986 Rates.\n\n" in five and len(fenced_blocks(five)) == 2


def test_prose_with_figures_is_not_taken_for_a_table(first_file: dict[str, Briefing | ParseError]) -> None:
    for new_id in (1, 9, 12, 18):  # ordinary stories, some with figures on most lines
        assert "```" not in story(first_file, new_id).cards[0].text, new_id


def test_a_story_without_text_is_skipped_with_its_reason(corpus_dir: Path) -> None:
    stories = read_archive(corpus_dir, 12)
    skipped = [item for item in stories.values() if isinstance(item, SkippedItem)]
    assert [str(item) for item in skipped] == ["reut2-012.sgm.gz: story 12793: no title and no text; skipped"]


@pytest.mark.slow
def test_ingest_one_archive_file_into_a_fresh_library_and_index(corpus_dir: Path, tmp_path: Path) -> None:
    import search

    path = archive(corpus_dir, 0)
    started = time.perf_counter()
    with Library(tmp_path / "library") as library, \
            search.SearchIndex.open(tmp_path / "index", library) as index:
        outcomes = list(search.ingest(library, index, [path]))
        counts = Counter(outcome.status for outcome in outcomes)
        print(f"reut2-000: {counts[IngestStatus.ADDED]} ingested, {counts[IngestStatus.SKIPPED]} skipped, "
              f"{counts[IngestStatus.ERROR]} errors in {time.perf_counter() - started:.1f} s")
        assert counts == {IngestStatus.ADDED: 1000}
        with_body = {o.briefing_id for o in outcomes if o.briefing is not None and o.briefing.cards}
        assert len(with_body) > 900
        assert with_body <= set(index.digests())
        hits = search.search(index, "Bahia cocoa", limit=5).hits
        assert hits and hits[0].briefing_id == "reuters-1"
        # the same file again changes nothing
        assert {o.status for o in ingest_paths(library, [path])} == {IngestStatus.UNCHANGED}
