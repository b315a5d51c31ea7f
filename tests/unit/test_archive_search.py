"""`briefing search --archived`: the archived briefings searched too, with exact totals and facets, each of
their hits marked (`[archived]` on a line, `{archived}` in a template, `"archived": true` in JSON); without
the flag they stay out. Our own Kagi fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.unit.test_archive import FLOODS
from tests.unit.test_cli import run
from tests.unit.test_saved_cli import two_stories

Capsys = pytest.CaptureFixture[str]


@pytest.fixture
def archived_floods(tmp_path: Path, capsys: Capsys) -> Path:
    root = two_stories(tmp_path, capsys)
    assert run(capsys, root, "archive", FLOODS)[0] == 0
    return root


def test_archived_briefings_are_searched_and_counted_with_the_flag(archived_floods: Path,
                                                                   capsys: Capsys) -> None:
    code, out, _ = run(capsys, archived_floods, "search", "kind:summary", "--json")
    without = json.loads(out)
    assert code == 0 and all(hit["briefing_id"] != FLOODS for hit in without["hits"])
    assert all("archived" not in hit for hit in without["hits"])  # the JSON as before when not asked
    code, out, _ = run(capsys, archived_floods, "search", "kind:summary", "--json", "--archived")
    every = json.loads(out)
    floods = [hit for hit in every["hits"] if hit["briefing_id"] == FLOODS]
    assert code == 0 and floods and every["total"] == without["total"] + len(floods)
    assert all(hit["archived"] is (hit["briefing_id"] == FLOODS) for hit in every["hits"])
    assert every["facets"]["kind"] == [{"value": "summary", "count": every["total"]}]


def test_archived_hits_are_marked_in_lines_templates_and_jsonl(archived_floods: Path, capsys: Capsys) -> None:
    code, out, _ = run(capsys, archived_floods, "search", "floods", "--archived")
    lines = [line for line in out.splitlines() if FLOODS[:12] in line]
    assert code == 0 and lines and all("[archived]" in line for line in lines)
    code, out, _ = run(capsys, archived_floods, "search", "kind:summary", "--archived",
                       "--format", "{full_id}\t{archived}")
    assert code == 0
    rows = dict(line.split("\t") for line in out.splitlines())
    assert rows[FLOODS] == "archived" and sorted(rows.values()) == ["", "archived"]
    code, out, _ = run(capsys, archived_floods, "search", "floods", "--archived", "--jsonl")
    assert code == 0 and {json.loads(line)["archived"] for line in out.splitlines()} == {True}
    code, out, _ = run(capsys, archived_floods, "search", "floods")
    assert code == 0 and "[archived]" not in out and FLOODS[:12] not in out
