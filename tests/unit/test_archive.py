"""`briefing archive|unarchive ID...` and `briefing list --archived`: archived briefings stay in the library
but leave its list and every search, with exact totals and facets; bad ids are one line each, as `remove`
says them; a hostile `archived.yaml` is one line naming it, never a traceback. Our own Kagi fixtures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from briefings import archive
from briefings.library import Library
from tests.unit.test_cli import run
from tests.unit.test_saved_cli import two_stories

Capsys = pytest.CaptureFixture[str]
KAGI = Path(__file__).parent.parent / "data" / "kagi"
FLOODS = "flash-floods-hit-the-merrow-valley-1d4370e9"


@pytest.fixture
def library(tmp_path: Path, capsys: Capsys) -> Path:
    return two_stories(tmp_path, capsys)


def listed_ids(capsys: Capsys, library: Path, *extra: str) -> list[str]:
    code, out, _ = run(capsys, library, "list", "--json", *extra)
    assert code == 0
    return [row["id"] for row in json.loads(out)]


def searched(capsys: Capsys, library: Path, query: str) -> dict[str, Any]:
    code, out, _ = run(capsys, library, "search", query, "--json")
    assert code == 0
    found: dict[str, Any] = json.loads(out)
    return found


def test_archived_briefing_leaves_the_list_and_comes_back(library: Path, capsys: Capsys) -> None:
    assert FLOODS in listed_ids(capsys, library)
    code, out, _ = run(capsys, library, "archive", "flash-floods")
    assert code == 0 and out.startswith("archived") and FLOODS in out
    assert FLOODS not in listed_ids(capsys, library)
    assert listed_ids(capsys, library, "--archived") == [FLOODS]
    assert Library(library).get(FLOODS).title  # still in the library, file and all
    code, out, _ = run(capsys, library, "unarchive", FLOODS)
    assert code == 0 and out.startswith("unarchived")
    assert FLOODS in listed_ids(capsys, library) and listed_ids(capsys, library, "--archived") == []


def test_searches_leave_archived_briefings_out_of_hits_totals_and_facets(library: Path,
                                                                          capsys: Capsys) -> None:
    before = searched(capsys, library, "floods")
    assert before["total"] and before["facets"]["outlet"]
    run(capsys, library, "archive", FLOODS)
    after = searched(capsys, library, "floods")
    assert after["hits"] == [] and after["total"] == 0
    assert all(counts == [] for counts in after["facets"].values())
    run(capsys, library, "unarchive", FLOODS)
    assert searched(capsys, library, "floods")["total"] == before["total"]


def test_archiving_one_briefing_leaves_the_others_counts_exact(library: Path, capsys: Capsys) -> None:
    every = searched(capsys, library, "kind:summary")
    floods_cards = sum(1 for hit in every["hits"] if hit["briefing_id"] == FLOODS)
    assert floods_cards and int(every["total"]) > floods_cards
    run(capsys, library, "archive", FLOODS)
    rest = searched(capsys, library, "kind:summary")
    assert rest["total"] == int(every["total"]) - floods_cards
    assert all(hit["briefing_id"] != FLOODS for hit in rest["hits"])
    assert rest["facets"]["kind"] == [{"value": "summary", "count": 1}]


def test_again_says_already_and_changes_nothing(library: Path, capsys: Capsys) -> None:
    run(capsys, library, "archive", FLOODS)
    code, out, _ = run(capsys, library, "archive", FLOODS)
    assert code == 0 and "(already)" in out
    assert archive.load(library).ids == {FLOODS}


def test_unknown_and_ambiguous_ids_are_one_line_each_the_others_still_done(library: Path,
                                                                            capsys: Capsys) -> None:
    code, out, err = run(capsys, library, "archive", "nothing-like-it", FLOODS)
    assert code == 1 and FLOODS in out
    assert err.strip() == "briefing: no briefing with id 'nothing-like-it' (see `briefing list`)"
    code, out, err = run(capsys, library, "unarchive", "nothing-like-it")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert archive.load(library).ids == {FLOODS}


def test_an_empty_library_says_how_to_add_briefings(tmp_path: Path, capsys: Capsys) -> None:
    code, _, err = run(capsys, tmp_path / "empty", "archive", "anything")
    assert code == 2 and "briefing ingest" in err and len(err.strip().splitlines()) == 1


def test_the_file_is_a_sorted_list_without_ids_the_library_lost(library: Path, capsys: Capsys) -> None:
    run(capsys, library, "archive", FLOODS)
    run(capsys, library, "remove", FLOODS)
    other = listed_ids(capsys, library)[0]
    run(capsys, library, "archive", other)
    assert archive.archive_path(library).read_text(encoding="utf-8") == f"archived:\n- {other}\n"


HOSTILE = [
    (b"\x00\xff\xfe binary", "not UTF-8"),
    (b"archived: [one, two", "archived.yaml"),
    (b"archived: {a: 1}\n", "no list of archived ids"),
    (b"- just\n- a list\n", "no list of archived ids"),
    (b"archived: !!python/object:os.system {}\n", "Python object"),
    (b"a: &a [x]\nb: [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n" * 20, "archived.yaml"),
]


@pytest.mark.parametrize(("content", "said"), HOSTILE)
def test_a_hostile_archive_file_is_one_line_and_nothing_is_archived(library: Path, capsys: Capsys,
                                                                     content: bytes, said: str) -> None:
    archive.archive_path(library).write_bytes(content)
    code, out, err = run(capsys, library, "list", "--json")
    assert code == 0 and len(json.loads(out)) == 2
    assert len(err.strip().splitlines()) == 1 and said in err and str(archive.archive_path(library)) in err
    assert searched(capsys, library, "floods")["total"]
    code, _, err = run(capsys, library, "archive", FLOODS)
    assert code == 2 and "fix or remove it first" in err and "Traceback" not in err
    assert archive.archive_path(library).read_bytes() == content  # left for a person to look at


def test_wrong_typed_entries_are_left_out_with_one_line(library: Path, capsys: Capsys) -> None:
    archive.archive_path(library).write_text(f"archived: [{FLOODS}, 42, null, {{a: b}}]\n", encoding="utf-8")
    found = archive.load(library)
    assert found.ids == {FLOODS} and found.readable
    assert found.problems == (f"{archive.archive_path(library)}: 3 entries are not briefing ids; left out",)
    assert FLOODS not in listed_ids(capsys, library)


def test_an_empty_or_missing_file_archives_nothing(library: Path) -> None:
    assert archive.load(library) == archive.Archive(frozenset())
    archive.archive_path(library).write_text("", encoding="utf-8")
    assert archive.load(library) == archive.Archive(frozenset())


def test_the_search_cache_follows_changes_to_the_file(library: Path) -> None:
    assert archive.archived_ids(library) == frozenset()
    archive.write(library, [FLOODS])
    assert archive.archived_ids(library) == {FLOODS}
    archive.archive_path(library).unlink()
    assert archive.archived_ids(library) == frozenset()
