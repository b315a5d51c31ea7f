"""Hostile input: every attack ends in a briefing or a one-line error, in bounded time, and the rest lands.

Times are asserted generously (seconds, not a benchmark): the point is "bounded", not "fast".
"""

from __future__ import annotations

import json
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefings.entities import load_gazetteer_yaml
from briefings.errors import ParseError
from briefings.export import export_path
from briefings.formats import parse_all
from briefings.formats.front_matter import read_front_matter
from briefings.formats.native_yaml import parse as parse_native
from briefings.ingest import IngestStatus, ingest_paths
from briefings.library import Library
from briefings.model import Briefing
from briefings.safe_yaml import load_yaml
from briefings.text import is_valid_id
from tui.state import STATE_FILE, ReaderState

HostileIngest = tuple[Library, dict[str, Any], float]
BOUND_SECONDS = 10.0
BOUND_BYTES = 200_000_000
GOOD_MD = "---\ntitle: Harbour cranes idle\ndate: 2025-04-02\n---\n## Summary\nCranes stood still all week.\n"


@contextmanager
def bounded() -> Iterator[None]:
    """Fails when the block takes more than BOUND_SECONDS or allocates more than BOUND_BYTES at peak."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert elapsed < BOUND_SECONDS, f"took {elapsed:.1f} s"
    assert peak < BOUND_BYTES, f"peak {peak / 1e6:.0f} MB"


def _bomb(levels: int, width: int) -> str:
    """Billion laughs: each level lists the previous one `width` times (width ** levels leaves)."""
    lines = ["l0: &l0 [" + ", ".join(["lol"] * width) + "]"]
    lines += [f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * width) + "]" for n in range(1, levels)]
    return "\n".join(lines) + "\n"


BOMBS = {
    "many aliases": _bomb(21, 9),
    "few aliases, huge expansion": _bomb(9, 9),  # 81 aliases, 9**9 = 387 million leaves
    "deep nesting": "x: " + "[" * 50_000 + "]" * 50_000 + "\n",
    "deep mappings": "".join("  " * n + f"k{n}:\n" for n in range(500)) + "  " * 500 + "v\n",
}

YAML_ENTRY_POINTS: dict[str, Callable[[str], Any]] = {
    "load_yaml": load_yaml,
    "native briefing": lambda text: parse_native("schema_version: 1\n" + text, "bomb.yaml"),
    "front matter": read_front_matter,
    "gazetteer.yaml": lambda text: load_gazetteer_yaml(text, "gazetteer.yaml"),
}


def _one_line(error: BaseException) -> str:
    message = str(error)
    assert message and "\n" not in message and len(message) < 300, message
    return message


@pytest.mark.parametrize("bomb", BOMBS, ids=list(BOMBS))
@pytest.mark.parametrize("entry", YAML_ENTRY_POINTS, ids=list(YAML_ENTRY_POINTS))
def test_yaml_bombs_are_refused_in_bounded_time_and_memory(entry: str, bomb: str) -> None:
    with bounded(), pytest.raises(ParseError) as caught:
        YAML_ENTRY_POINTS[entry](BOMBS[bomb])
    _one_line(caught.value)


@pytest.mark.parametrize("bomb", BOMBS, ids=list(BOMBS))
def test_yaml_bombs_in_the_reader_state_start_afresh(tmp_path: Path, bomb: str) -> None:
    (tmp_path / STATE_FILE).write_text(BOMBS[bomb], encoding="utf-8")
    with bounded():
        state, warning = ReaderState.load(tmp_path)
    assert warning is not None and "starting afresh" in warning and "\n" not in warning
    assert state.read == set() and state.bookmarks == []


@pytest.mark.parametrize("bomb", BOMBS, ids=list(BOMBS))
def test_yaml_bombs_in_a_library_gazetteer_fail_ingest_in_one_line_and_the_library_still_reads(
        tmp_path: Path, bomb: str) -> None:
    """A damaged gazetteer stops new briefings from being matched against it, so ingest refuses them (the
    existing design: fix the file, ingest again); browsing what is there goes on."""
    library = Library(tmp_path / "library")
    (tmp_path / "good.md").write_text(GOOD_MD, encoding="utf-8")
    list(ingest_paths(library, [tmp_path / "good.md"]))
    (library.root / "gazetteer.yaml").write_text(BOMBS[bomb], encoding="utf-8")
    (tmp_path / "second.md").write_text(GOOD_MD.replace("Harbour", "River"), encoding="utf-8")
    with bounded():
        (outcome,) = ingest_paths(library, [tmp_path / "second.md"])
    assert outcome.status is IngestStatus.ERROR and "gazetteer.yaml" in _one_line(Exception(outcome.message))
    assert [entry.title for entry in library.entries()] == ["Harbour cranes idle"]


def _deep_json(depth: int) -> str:
    return '{"short_summary": "s", "title": "Deep", "other": ' + "[" * depth + "]" * depth + "}"


@pytest.mark.parametrize("depth", [500, 5_000, 200_000])
def test_deeply_nested_kagi_json_is_one_briefing_or_one_line_error(depth: int) -> None:
    with bounded():
        items = list(parse_all(_deep_json(depth), "deep.json"))
    assert len(items) == 1
    if isinstance(items[0], ParseError):
        assert "nested" in _one_line(items[0])


# -- files that are not what they claim, and odd characters ------------------------------------------


HOSTILE_FILES: dict[str, bytes] = {
    "markdown.yaml": b"# Not YAML at all\n\n## Summary\nJust prose: with a colon, and - a dash.\n",
    "text.json": b"This is plain prose that only claims to be JSON {\n",
    "broken.json": b'{"short_summary": "s", "clusters": [{"title": ',
    "binary.html": bytes(range(256)) * 40,
    "nul.txt": b"Headline\n\nBody text\x00 with a NUL in the middle.\n",
    "mixed-endings.md": b"## Summary\r\nFirst line.\rSecond line.\nThird line.\r\n\r\n## Outlook\nMore.\r",
    "bidi.md": ("## Summary\n\u202eevil\u202c text \u200b zero\u200dwidth \u2066isolate\u2069 and "
                "\u05e9\u05dc\u05d5\u05dd hebrew.\n").encode(),
    "long-line.txt": ("Headline\n\n" + "word " * 20_000 + "\n").encode(),
    "headings.md": "".join(f"## Heading {n}\nText {n}.\n" for n in range(10_000)).encode(),
    "references.txt": ("Long article\n\nA sentence citing [1] and [4999].\n\nReferences\n\n"
                       + "".join(f"[{n}] Author {n}, \"Title {n}\", Outlet, 2025-01-01. https://example.org/{n}\n"
                                 for n in range(1, 5001))).encode(),
}
REFUSED = {"binary.html", "nul.txt", "broken.json"}


@pytest.fixture(scope="module")
def hostile_ingest(tmp_path_factory: pytest.TempPathFactory) -> HostileIngest:
    folder = tmp_path_factory.mktemp("inbox")
    for name, data in HOSTILE_FILES.items():
        (folder / name).write_bytes(data)
    (folder / "zz-good.md").write_text(GOOD_MD, encoding="utf-8")
    library = Library(tmp_path_factory.mktemp("lib") / "library")
    started = time.perf_counter()
    outcomes = {o.path.name: o for o in ingest_paths(library, [folder])}
    return library, outcomes, time.perf_counter() - started


def test_every_hostile_file_gets_one_outcome_and_the_good_file_lands(
        hostile_ingest: HostileIngest) -> None:
    _, outcomes, elapsed = hostile_ingest
    assert set(outcomes) == {*HOSTILE_FILES, "zz-good.md"}
    assert outcomes["zz-good.md"].status is IngestStatus.ADDED
    assert elapsed < 6 * BOUND_SECONDS
    for name, outcome in outcomes.items():
        if outcome.message:
            _one_line(Exception(outcome.message))
        if name in REFUSED:
            assert outcome.status is IngestStatus.ERROR and outcome.message.startswith(name)
        else:
            assert outcome.status is IngestStatus.ADDED, (name, outcome.message)
            assert is_valid_id(outcome.briefing_id)


def _saved(hostile_ingest: HostileIngest, name: str) -> Briefing:
    library, outcomes, _ = hostile_ingest
    return library.get(outcomes[name].briefing_id)


def test_right_to_left_and_zero_width_characters_stay_text_but_not_in_ids(
        hostile_ingest: HostileIngest) -> None:
    briefing = _saved(hostile_ingest, "bidi.md")
    text = " ".join(card.text for card in briefing.cards)
    assert "\u202eevil" in text and "\u200b" in text and "\u05e9\u05dc\u05d5\u05dd" in text
    assert not any(ch in briefing.id for ch in "\u202e\u202c\u200b\u200d\u2066\u2069")


def test_mixed_line_endings_read_as_lines(hostile_ingest: HostileIngest) -> None:
    briefing = _saved(hostile_ingest, "mixed-endings.md")
    assert [card.heading for card in briefing.cards] == ["Summary", "Outlook"]
    assert "\r" not in " ".join(card.text for card in briefing.cards)


def test_big_structures_are_kept_whole(hostile_ingest: HostileIngest) -> None:
    assert len(_saved(hostile_ingest, "headings.md").cards) == 10_000
    assert len(_saved(hostile_ingest, "references.txt").references) == 5_000
    assert "word " * 100 in _saved(hostile_ingest, "long-line.txt").cards[0].text


def test_a_large_hostile_library_file_round_trips_through_the_index(
        hostile_ingest: HostileIngest, tmp_path: Path) -> None:
    from search import SearchIndex, search

    library, _, _ = hostile_ingest
    started = time.perf_counter()
    with SearchIndex.open(tmp_path / "index", library) as index:
        assert search(index, "cranes").total >= 1
        assert search(index, "\u202eevil").total >= 0
    assert time.perf_counter() - started < 6 * BOUND_SECONDS


def test_json_export_of_hostile_text_is_plain_data(hostile_ingest: HostileIngest) -> None:
    from briefings.export import to_json

    data = json.loads(to_json(_saved(hostile_ingest, "bidi.md")))
    assert "\u202e" in json.dumps(data, ensure_ascii=False)


# -- properties: the export path builder and the query box --------------------------------------------------


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_export_paths_stay_directly_in_the_folder(hostile_id: str) -> None:
    folder = Path("/exports/here")
    target = export_path(folder, Briefing(id=hostile_id, title=hostile_id, cards=()), "markdown")
    assert target.parent == folder and target.name not in ("", ".", "..") and not target.name.startswith(".")
    assert "/" not in target.name and "\x00" not in target.name


QUERY_PIECES = st.sampled_from(['"', "(", ")", "[", "]", "*", "~", "~9", "AND", "OR", "NOT", ":", "date:",
                                "entity:", "kind:", "has:", "\x1b]52;c;eA==\x07", "\\", "^2", "<", ">", "<=",
                                "date:[2025 to"])


@given(st.lists(st.one_of(QUERY_PIECES, st.text(max_size=12)),
                max_size=8).map(" ".join))
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_query_box_answers_in_one_line_and_within_its_limit(hostile_index: Any, query: str) -> None:
    from search import search

    for as_you_type in (False, True):
        results = search(hostile_index, query, limit=5, as_you_type=as_you_type)
        assert results.error is None or len(results.error.splitlines()) == 1
        assert len(results.hits) <= min(results.total, 5)


@pytest.mark.parametrize("query", ["<0", ">0", "<=x"])
def test_a_query_opening_with_a_comparison_is_answered(hostile_index: Any, query: str) -> None:
    from search import search

    results = search(hostile_index, query)
    assert results.error is not None and len(results.error.splitlines()) == 1


@pytest.mark.parametrize("query", ["date:[2025 to 000000 ]", "date:[2025 to 0000 ]", "date:[2025 to 000; ]",
                                   "date:[2025 to [ ]"])
def test_a_date_range_with_a_bad_end_is_a_query_problem(hostile_index: Any, query: str) -> None:
    from search import search

    results = search(hostile_index, query)
    assert results.error is not None and len(results.error.splitlines()) == 1


@pytest.fixture(scope="module")
def hostile_index(hostile_ingest: HostileIngest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from search import SearchIndex

    with SearchIndex.open(tmp_path_factory.mktemp("ix") / "index", hostile_ingest[0]) as index:
        yield index
