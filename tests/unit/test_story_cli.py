"""`briefing stories`, `story`, `group`, `ungroup` and `regroup` as a person and a script use them: plain
lines into a pipe, `--json` one document, one line and status 2 for a bad id, and the analyst's
choices kept. Our own wire stories (`story_fixtures`), ingested by the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefings import story_library
from briefings.story_choices import CHOICES_FILE
from tests.unit.story_fixtures import (
    COPY,
    COPY_ID,
    OTHERS,
    REWRITE,
    REWRITE_ID,
    STRIKE,
    STRIKE_ID,
    TALKS,
    TALKS_ID,
    wire_file,
)
from tests.unit.test_cli import run
from tests.unit.test_cli_scripting import on_terminal

Capsys = pytest.CaptureFixture[str]


@pytest.fixture
def library(tmp_path: Path, capsys: Capsys) -> Path:
    root = tmp_path / "library"
    inbox = wire_file(tmp_path / "in" / "wire.sgm", *OTHERS, STRIKE, REWRITE, COPY, TALKS)
    assert run(capsys, root, "ingest", "--quiet", str(inbox))[0] == 0
    story_library.forget_kept()
    return root


def test_stories_lists_each_story_with_its_articles_outlets_dates_and_headline(capsys: Capsys,
                                                                               library: Path) -> None:
    code, out, _err = run(capsys, library, "stories")
    assert code == 0
    assert out.splitlines() == [
        f"{STRIKE_ID}\t3\tReuters\t1987-03-02 – 1987-03-03\tVALMORE DOCKERS STRIKE OVER PAY"]
    code, out, _err = run(capsys, library, "stories", "--json")
    assert json.loads(out) == {"stories": [{
        "id": STRIKE_ID, "articles": 3, "outlets": ["Reuters"],
        "headline": "VALMORE DOCKERS STRIKE OVER PAY", "first_date": "1987-03-02", "last_date": "1987-03-03",
        "briefings": [STRIKE_ID, REWRITE_ID, COPY_ID]}]}


def test_story_shows_its_articles_in_order_with_each_reason_and_the_copy_marked(capsys: Capsys,
                                                                                library: Path) -> None:
    code, out, _err = run(capsys, library, "story", COPY_ID)  # any of its articles names the story
    lines = out.splitlines()
    assert code == 0 and len(lines) == 6
    assert lines[0].startswith(f"{STRIKE_ID}  1987-03-02  Reuters  VALMORE DOCKERS STRIKE OVER PAY")
    assert lines[1] == "    first in the story"
    assert lines[3].startswith("    same entities: ") and "1 day apart" in lines[3]
    assert lines[5].endswith(f"; duplicate of {STRIKE_ID}")
    data = json.loads(run(capsys, library, "story", STRIKE_ID, "--json")[1])
    assert [(a["id"], a["matched"], a["duplicate_of"]) for a in data["articles"]] == [
        (STRIKE_ID, None, None), (REWRITE_ID, STRIKE_ID, None), (COPY_ID, STRIKE_ID, STRIKE_ID)]
    assert data["articles"][1]["reason"].startswith("same entities: ")


def test_group_and_ungroup_change_the_stories_and_keep_the_choice(capsys: Capsys, library: Path) -> None:
    code, _out, err = run(capsys, library, "ungroup", STRIKE_ID, REWRITE_ID)
    assert code == 0 and err.strip() == (f"{REWRITE_ID} taken out of story {STRIKE_ID}; it stands alone "
                                         "and stays apart")
    code, _out, err = run(capsys, library, "group", STRIKE_ID, TALKS_ID)
    assert code == 0 and err.strip() == f"story {STRIKE_ID}: 3 articles"
    rows = json.loads(run(capsys, library, "stories", "--json")[1])["stories"]
    assert [row["briefings"] for row in rows] == [[STRIKE_ID, COPY_ID, TALKS_ID]]
    assert "reuters-9002" in (library / CHOICES_FILE).read_text(encoding="utf-8")
    code, _out, err = run(capsys, library, "regroup")
    assert code == 0 and err.strip() == "10 briefings placed: 3 of them in 1 story"
    rows = json.loads(run(capsys, library, "stories", "--json")[1])["stories"]
    assert [row["briefings"] for row in rows] == [[STRIKE_ID, COPY_ID, TALKS_ID]]


@pytest.mark.parametrize(("args", "message"), [
    (("story", TALKS_ID), f"briefing: {TALKS_ID} is in no story: it stands alone"),
    (("story", "nothing"), "briefing: no briefing with id 'nothing' (see `briefing list`)"),
    (("group", STRIKE_ID), "briefing: a story needs at least two different briefings"),
    (("group", STRIKE_ID, "nothing"), "briefing: no briefing with id 'nothing' (see `briefing list`)"),
    (("ungroup", TALKS_ID, STRIKE_ID), f"briefing: {TALKS_ID} is in no story: it stands alone"),
    (("ungroup", STRIKE_ID, TALKS_ID), f"briefing: story '{STRIKE_ID}' has no briefing '{TALKS_ID}'"),
])
def test_a_bad_id_is_one_line_and_status_2(capsys: Capsys, library: Path, args: tuple[str, ...],
                                           message: str) -> None:
    code, out, err = run(capsys, library, *args)
    assert (code, out, err.strip()) == (2, "", message)


def test_an_empty_library_says_how_to_add_briefings(capsys: Capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, tmp_path / "empty", "stories")
    assert (code, out) == (0, "") and "briefing ingest PATH" in err
    assert json.loads(run(capsys, tmp_path / "empty", "stories", "--json")[1]) == {"stories": []}


def test_on_a_terminal_stories_is_a_table_with_short_ids(library: Path) -> None:
    shown = on_terminal(library, "stories")
    assert "articles" in shown and "outlets" in shown and STRIKE_ID in shown
    assert "VALMORE DOCKERS STRIKE OVER PAY" in shown
