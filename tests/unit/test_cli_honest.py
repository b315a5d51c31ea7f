"""The `briefing` command answers honestly: date sorts without sentinels, unknown filter values and pages
said so, ids that every command takes back, `--version`, and `remove`; real libraries and indexes."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.ingest import sample_paths
from briefings.library import SHORT_ID, Library, _short_ids
from briefings.serialize import SCHEMA_VERSION as BRIEFING_SCHEMA
from cli.main import main
from search import SearchIndex
from search.schema import SCHEMA_VERSION as INDEX_SCHEMA
from tests.conftest import ROOT

Run = tuple[int, str, str]
SHOWN_DATE = r"\d{4}-\d\d(?:-\d\d)?(?: \(inferred\))?|undated"
"""A hit's date as `search` prints it: as precise as known, marked when inferred."""


@pytest.fixture
def samples(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The bundled samples (all dated, two by inference) and an undated note (no date in its text)."""
    root = tmp_path / "library"
    undated = tmp_path / "undated-note.md"
    undated.write_text("---\ntitle: Harbour note\n---\n\n## Summary\n\nThe cranes moved again at the port.\n")
    assert main(["--library", str(root), "ingest", "--quiet", *map(str, sample_paths()), str(undated)]) == 0
    capsys.readouterr()
    return root


@pytest.fixture
def twins(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """Three briefings with one title on three days: their ids share the whole slug."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for day in (1, 2, 3):
        front = f"---\ntitle: Harbour strike ends\ndate: 2025-04-0{day}\n---\n\n"
        (inbox / f"strike-{day}.md").write_text(f"{front}## Summary\n\nCranes moved on day {day}.\n")
    root = tmp_path / "library"
    assert main(["--library", str(root), "ingest", "--quiet", str(inbox)]) == 0
    capsys.readouterr()
    return root


def run(capsys: pytest.CaptureFixture[str], library: Path, *args: str) -> Run:
    code = main(["--library", str(library), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def ids(capsys: pytest.CaptureFixture[str], library: Path) -> list[str]:
    return [entry["id"] for entry in json.loads(run(capsys, library, "list", "--json")[1])]


def hits(capsys: pytest.CaptureFixture[str], library: Path, *args: str) -> list[dict]:
    code, out, err = run(capsys, library, "search", "--json", *args)
    assert code == 0, err
    return json.loads(out)["hits"]


# -- --sort date ------------------------------------------------------------------------------------------

def test_date_sort_puts_undated_last_with_real_scores(capsys, samples) -> None:
    by_date = hits(capsys, samples, "--sort", "date", "--limit", "100", "the")
    dates = [hit["date"] for hit in by_date]
    dated = [d for d in dates if d is not None]
    assert dated and None in dates
    assert dates == sorted(dated, reverse=True) + [None] * (len(dates) - len(dated))
    relevance = {(h["briefing_id"], h["card_index"]): h["score"]
                 for h in hits(capsys, samples, "--limit", "100", "the")}
    assert {(h["briefing_id"], h["card_index"]): h["score"] for h in by_date} == relevance


def test_date_sort_prints_dates_and_scores_never_a_sentinel(capsys, samples) -> None:
    code, out, _ = run(capsys, samples, "search", "--sort", "date", "--limit", "100", "the")
    assert code == 0
    shown = re.findall(rf"  ({SHOWN_DATE})  \((\d+\.\d\d)\)$", out, re.MULTILINE)
    assert shown and max(float(score) for _date, score in shown) < 100
    dates = [date for date, _score in shown]
    assert "2025-08 (inferred)" in dates  # as `list` shows it, not the first of the month the index keeps
    first_undated = dates.index("undated")
    assert dates[:first_undated] == sorted(dates[:first_undated], reverse=True) and first_undated > 0
    assert set(dates[first_undated:]) == {"undated"}


# -- unknown filter values and pages ------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "line"), [
    ("outlet:reuter", "no briefing has outlet 'reuter' (nearest: reuters)"),
    ('outlet:"financial time"', "no briefing has outlet 'financial time' (nearest: \"financial times\")"),
    ("coffee topic:trad", "no briefing has topic 'trad' (nearest: trade)"),
    ("entity:germny", "no briefing has entity 'germny' (nearest: germany)"),
    ("journalist:lindgren", "no briefing has journalist 'lindgren' (nearest: \"lindgren p.\")"),
    ("outlet:zzqqxx", "no briefing has outlet 'zzqqxx' (no outlet is close to it)"),
    ("kind:forcast", "there is no card kind 'forcast' (nearest: forecast)"),
    ("quality:trunkated", "there is no quality flag 'trunkated' (nearest: truncated, unrelated)"),
    ("has:discrepency", "there is no has: value 'discrepency' (nearest: discrepancy)"),
])
def test_an_unknown_filter_value_is_one_line_with_the_nearest(capsys, samples, query, line) -> None:
    for args in (("search", query), ("search", "--json", query)):
        assert run(capsys, samples, *args) == (2, "", f"briefing: cannot search “{query}”: {line}\n")


def test_kind_option_is_checked_too_and_known_values_search(capsys, samples) -> None:
    code, out, err = run(capsys, samples, "search", "--kind", "forcast", "coffee")
    assert (code, out) == (2, "") and "no card kind 'forcast' (nearest: forecast)" in err
    assert hits(capsys, samples, "--kind", "forecast", "coffee")
    assert hits(capsys, samples, 'outlet:"financial times"')
    assert hits(capsys, samples, 'coffee "outlet:zzqqxx"') == []  # inside a phrase it is just words


def test_a_page_past_the_last_is_an_error(capsys, samples) -> None:
    pages = json.loads(run(capsys, samples, "search", "--json", "--limit", "5", "the")[1])["page_count"]
    assert pages >= 2
    assert run(capsys, samples, "search", "--limit", "5", "--page", str(pages), "the")[0] == 0
    expected = f"briefing: page 99 is past the last page ({pages})\n"
    assert run(capsys, samples, "search", "--limit", "5", "--page", "99", "the") == (2, "", expected)
    assert run(capsys, samples, "search", "--page", "0", "the") == (
        2, "", "briefing: --page and --limit count from 1\n")


# -- ids ---------------------------------------------------------------------------------------------------

def _listed_ids(out: str) -> list[str]:
    return re.findall(r"^(?:\d{4}-\d\d-\d\d|—)\s+(\S+)\s+\d+\s", out, re.MULTILINE)


def test_listed_ids_are_unique_prefixes_that_show_and_export_take(capsys, twins, tmp_path) -> None:
    full = ids(capsys, twins)
    code, out, _ = run(capsys, twins, "list")
    shown = _listed_ids(out)
    assert code == 0 and "…" not in out and len(shown) == len(full) == 3
    for short, whole in zip(shown, full, strict=True):
        assert whole.startswith(short) and len(short) > len("harbour-strike-ends-")
        assert sum(other.startswith(short) for other in full) == 1
        assert json.loads(run(capsys, twins, "show", "--json", short)[1])["id"] == whole
        code, _, err = run(capsys, twins, "export", short, "--format", "yaml", "-o", str(tmp_path / "out"))
        assert code == 0 and whole in err


def test_an_ambiguous_start_lists_candidates_in_one_line(capsys, twins) -> None:
    shown = _listed_ids(run(capsys, twins, "list")[1])
    for command in ("show", "export", "remove"):
        code, out, err = run(capsys, twins, command, "harbour")
        assert (code, out) == (2, "") and err.count("\n") == 1
        assert err.startswith("briefing: 'harbour' starts 3 ids: ")
        assert err.endswith("; type more of it\n")
        assert all(short in err for short in shown)
    assert len(ids(capsys, twins)) == 3


def test_search_and_timeline_ids_are_taken_back(capsys, tmp_path, seeds_dir) -> None:
    root = tmp_path / "library"
    seeds = sorted(seeds_dir.glob("*.txt"))
    assert main(["--library", str(root), "ingest", "--quiet", *map(str, seeds)]) == 0
    full = ids(capsys, root)
    code, out, _ = run(capsys, root, "timeline", "Kim Jong Un")
    timeline = set(re.findall(r"^\S+(?: \S+)*\s{2,}(\S+)  ", out, re.MULTILINE))  # the id after the date
    assert code == 0 and timeline and "…" not in out
    events = json.loads(run(capsys, root, "timeline", "--json", "Kim Jong Un")[1])
    assert len(out.splitlines()) == len(events)  # one line each, however long
    code, out, _ = run(capsys, root, "search", "missile")
    found = set(re.findall(rf"  (\S+)  (?:{SHOWN_DATE})  \(\d+\.\d\d\)$", out, re.MULTILINE))
    assert code == 0 and found
    for short in timeline | found:
        code, out, _ = run(capsys, root, "show", "--json", short)
        whole = json.loads(out)["id"]
        assert code == 0 and whole.startswith(short) and sum(i.startswith(short) for i in full) == 1


@settings(derandomize=True, max_examples=300)
@given(st.lists(st.text(alphabet="ab-.1", min_size=1, max_size=30), min_size=1, max_size=30, unique=True))
def test_short_ids_are_the_shortest_unique_prefixes_ending_a_word(candidates: list[str]) -> None:
    every = sorted(candidates)

    def unique(prefix: str) -> bool:
        return sum(other.startswith(prefix) for other in every) == 1

    for whole, prefix in _short_ids(every, every).items():
        assert whole.startswith(prefix) and len(prefix) >= min(SHORT_ID, len(whole))
        assert unique(prefix) or prefix == whole  # an id that starts another is given whole
        assert prefix == whole or whole[len(prefix)] in "-._"
        shorter_word_ends = [n for n in range(SHORT_ID, len(prefix)) if whole[n] in "-._"]
        assert not any(unique(whole[:n]) for n in shorter_word_ends)


# -- --version ---------------------------------------------------------------------------------------------

def test_version_names_the_program_and_its_schemas(capsys) -> None:
    assert main(["--version"]) == 0
    out = capsys.readouterr().out
    assert out == (f"briefing-reader {metadata.version('briefing-reader')} (briefing files and JSON: "
                   f"schema_version {BRIEFING_SCHEMA}; search index: schema {INDEX_SCHEMA})\n")


# -- remove ------------------------------------------------------------------------------------------------

def test_remove_by_start_then_search_and_list_no_longer_have_it(capsys, samples) -> None:
    root = samples
    coffee = next(i for i in ids(capsys, root) if i.startswith("arabica"))
    assert {h["briefing_id"] for h in hits(capsys, root, "coffee")} >= {coffee}
    code, out, err = run(capsys, root, "remove", "arabica")
    assert (code, err) == (0, "")
    assert out.startswith(f"removed   {coffee}  Arabica coffee") and out.count("\n") == 1
    assert coffee not in ids(capsys, root)
    assert coffee not in {h["briefing_id"] for h in hits(capsys, root, "coffee")}
    assert coffee not in run(capsys, root, "list")[1]
    assert not list(root.glob(f"briefings/*/{coffee}.yaml"))
    with SearchIndex.open(None, Library(root)) as index:
        assert index.messages == []  # remove took it out of the index itself


def test_remove_reports_unknown_ids_after_doing_the_others(capsys, samples) -> None:
    root = samples
    before = ids(capsys, root)
    code, out, err = run(capsys, root, "remove", "nosuch", before[0], "india", before[0], "zz")
    assert code == 1
    removed = out.splitlines()
    india = next(i for i in before if i.startswith("india"))
    assert [line.split()[:2] for line in removed] == [["removed", before[0]], ["removed", india]]
    assert err.splitlines() == ["briefing: no briefing with id 'nosuch' (see `briefing list`)",
                                "briefing: no briefing with id 'zz' (see `briefing list`)"]
    assert len(ids(capsys, root)) == len(before) - 2
    assert run(capsys, root, "remove", "nosuch")[0] == 2
    code, _, err = run(capsys, root, "remove")
    assert code == 2 and "or give --missing" in err
    assert len(ids(capsys, root)) == len(before) - 2


def test_remove_missing_after_a_file_is_deleted_by_hand(capsys, samples) -> None:
    root = samples
    before = ids(capsys, root)
    gone = before[1]
    next(root.glob(f"briefings/*/{gone}.yaml")).unlink()
    assert gone in ids(capsys, root)
    code, out, _ = run(capsys, root, "remove", "--missing")
    assert code == 0 and out.split()[:2] == ["removed", gone] and out.count("\n") == 1
    assert ids(capsys, root) == [i for i in before if i != gone]
    assert gone not in {h["briefing_id"] for h in hits(capsys, root, "the", "--limit", "200")}
    assert run(capsys, root, "remove", "--missing") == (0, "", "no briefing is missing its file\n")


_KILLED_REMOVE = """
import os, signal, sys
from pathlib import Path
unlink = Path.unlink
def unlink_then_die(self, missing_ok=False):  # killed right after the first briefing file goes
    unlink(self, missing_ok=missing_ok)
    if self.suffix == ".yaml":
        os.kill(os.getpid(), signal.SIGKILL)
Path.unlink = unlink_then_die
from cli.main import main
main(["--library", *sys.argv[1:]])
"""


def test_a_remove_killed_midway_is_completed_by_the_next_command(capsys, samples) -> None:
    root = samples
    before = ids(capsys, root)
    doomed = before[:3]
    child = subprocess.run([sys.executable, "-c", _KILLED_REMOVE, str(root), "remove", *doomed], cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
    assert child.returncode == -signal.SIGKILL and child.stdout == ""
    assert sum(1 for i in doomed if list(root.glob(f"briefings/*/{i}.yaml"))) == 2  # one file went
    assert ids(capsys, root) == before[3:]
    assert not {path.stem for path in root.glob("briefings/*/*.yaml")} & set(doomed)
    assert not {h["briefing_id"] for h in hits(capsys, root, "the", "--limit", "200")} & set(doomed)


def test_a_search_stopped_by_its_time_limit_says_so() -> None:
    from rich.console import Console

    from cli.printing import print_results
    from search.results import SearchResults

    console = Console(record=True, width=200)
    for partial in (False, True):
        print_results(console, SearchResults("oil", (), 159, 1, 8, partial=partial), [])
    first, second = console.export_text().splitlines()
    assert first == "159 matching cards, page 1 of 8"
    assert second.startswith("159 matching cards, page 1 of 8 (stopped after 2 s: at least this many")
