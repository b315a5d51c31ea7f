"""A library that settles: a briefing's stored bytes survive a read and a rewrite unchanged, and the
index's digests are the library's own, so after a rebuild or a repair the next command does no index work."""

from __future__ import annotations

import datetime as dt
import gzip
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.analysis import analyse
from briefings.entities import bundled_gazetteer, with_mentions
from briefings.errors import ParseError
from briefings.formats import native_yaml
from briefings.ingest import _parse_file
from briefings.library import Library
from briefings.model import Briefing, Card, CardKind, Claim
from cli.main import main
from search import SearchIndex

INDEXED_LINE = "Indexed "
REBUILT_LINE = "Rebuilt the search index: 1 of 1 briefings"
STORIES = 300


def _settles(briefing: Briefing) -> bool:
    once = native_yaml.dump_briefing(briefing)
    return native_yaml.dump_briefing(native_yaml.parse(once, "x.yaml")) == once


def test_every_seed_and_every_story_of_the_first_reuters_file_settles(seeds_dir: Path,
                                                                      corpus_dir: Path) -> None:
    gazetteer = bundled_gazetteer()
    paths = [*sorted(seeds_dir.glob("*.txt")), corpus_dir / "reuters21578" / "reut2-000.sgm.gz"]
    unsettled, count = [], 0
    for path in paths:
        for parsed in _parse_file(path, 50_000_000):
            if isinstance(parsed, ParseError):
                continue
            count += 1
            if not _settles(analyse(with_mentions(parsed, gazetteer), gazetteer)):
                unsettled.append(parsed.id)
    assert count > 1000
    assert unsettled == []


_numbers = st.one_of(st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False))
_words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@st.composite
def _claims(draw: st.DrawFn) -> Claim:
    return Claim(text=draw(_words), value=draw(_numbers), low=draw(_numbers),
                 high=draw(st.none() | _numbers), subject=draw(_words), group=draw(_words),
                 card=draw(st.none() | st.integers(0, 5)), date=draw(st.none() | st.dates()))


@settings(derandomize=True, max_examples=200, deadline=None)
@given(claims=st.lists(_claims(), max_size=4), title=_words, text=_words)
def test_a_generated_briefing_settles_after_one_round_trip(claims: list[Claim], title: str,
                                                            text: str) -> None:
    briefing = Briefing(id="generated", title=title, cards=(Card(kind=CardKind.BODY, heading="", text=text),),
                        claims=tuple(claims))
    once = native_yaml.dump_briefing(briefing)
    again = native_yaml.parse(once, "x.yaml")
    assert again == briefing
    assert native_yaml.dump_briefing(again) == once


def test_a_whole_number_in_a_float_field_is_written_as_a_float() -> None:
    claim = Claim(text="hundreds of troops", value=100, low=100, high=1000, subject="troops", group="troops")
    text = native_yaml.dump_briefing(Briefing(id="b", title="B", cards=(), claims=(claim,)))
    assert re.search(r"^  value: 100\.0$", text, re.MULTILINE)
    assert re.search(r"^  high: 1000\.0$", text, re.MULTILINE)


def _first_stories(corpus_dir: Path, folder: Path, count: int) -> Path:
    """The first `count` stories of Reuters' first file, as an archive of their own."""
    text = gzip.decompress((corpus_dir / "reuters21578" / "reut2-000.sgm.gz").read_bytes()).decode("latin-1")
    stories = re.findall(r"<REUTERS.*?</REUTERS>", text, re.DOTALL)[:count]
    folder.mkdir(parents=True)
    path = folder / "first.sgm"
    path.write_text("\n".join(stories), encoding="latin-1")
    return path


def _hundreds(folder: Path) -> Path:
    """A briefing whose claims hold whole numbers ("hundreds" is 100 to 1,000), which never settled."""
    path = folder / "hundreds.md"
    path.write_text("---\ntitle: Border build-up\ndate: 2025-03-01\n---\n\n## Summary\n\n"
                    "Hundreds of soldiers crossed the border, and dozens of tanks followed.\n",
                    encoding="utf-8")
    return path


def _index_files(index_dir: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(index_dir)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(index_dir.rglob("*")) if p.is_file()}


def _run(capsys: pytest.CaptureFixture[str], library: Path, *args: str) -> str:
    assert main(["--library", str(library), *args]) == 0
    captured = capsys.readouterr()
    return captured.out + captured.err


def test_after_a_rebuild_the_next_commands_do_no_index_work(capsys, tmp_path, corpus_dir) -> None:
    inbox = tmp_path / "inbox"
    _first_stories(corpus_dir, inbox, STORIES)
    _hundreds(inbox)
    library = tmp_path / "library"
    _run(capsys, library, "ingest", "--quiet", str(inbox))
    with Library(library) as opened:
        assert len(opened) > STORIES * 0.9
        hundreds = next(e.id for e in opened.entries() if e.title == "Border build-up")
        assert any(isinstance(c.value, float) and c.value == 100 for c in opened.get(hundreds).claims)
    assert "rebuilt the index" in _run(capsys, library, "index", "--rebuild")
    before = _index_files(library / "index")
    for args in (("search", "oil"), ("list",), ("search", "soldiers"), ("index",)):
        assert INDEXED_LINE not in _run(capsys, library, *args)
    assert _index_files(library / "index") == before


def test_after_a_killed_ingest_is_repaired_the_next_open_does_no_index_work(tmp_path: Path) -> None:
    """A briefing saved but never indexed (the process died in between) is indexed once, then never again."""
    root = tmp_path / "library"
    with Library(root) as library:
        SearchIndex.open(None, library).close()
        claim = Claim(text="hundreds of troops", value=100, low=100, high=1000, subject="troops",
                      group="troops")
        library.save(Briefing(id="saved-only", title="Saved only", cards=(), date=dt.date(2025, 1, 2),
                              claims=(claim,)))
    with Library(root) as library, SearchIndex.open(None, library) as index:
        # the one briefing is all the library has: built afresh rather than patched (see search.store)
        assert any(message.startswith(REBUILT_LINE) for message in index.messages)
    before = _index_files(root / "index")
    with Library(root) as library, SearchIndex.open(None, library) as index:
        assert index.messages == []
        assert set(index.digests()) == {"saved-only"}
    assert _index_files(root / "index") == before


def test_a_rebuilt_catalog_agrees_with_the_index(tmp_path: Path) -> None:
    root = tmp_path / "library"
    claim = Claim(text="dozens of ships", value=24, low=24, high=144, subject="ships", group="ships")
    with Library(root) as library, SearchIndex.open(None, library) as index:
        briefing = Briefing(id="ships", title="Ships", cards=(), claims=(claim,))
        library.save(briefing)
        index.update([briefing])
    (root / "catalog.sqlite3").unlink()
    with Library(root) as library, SearchIndex.open(None, library) as index:
        assert len(library) == 1
        assert index.messages == []
