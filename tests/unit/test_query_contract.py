"""Every query string is answered: `briefing search TEXT` prints results and exits 0, or prints one line
on standard error naming the query and what is wrong with it and exits 2. Never a traceback."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefings.text import visible_controls
from cli.main import main

LONG = "sanctions " * 499 + "oil tanker"
"""5,000 characters."""


@pytest.fixture(scope="module", autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Like the suite's fresh home per test, but one for the module: the index the library builds once
    stays trusted (its token lives in the state folder) instead of being rebuilt for every query."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            patch.setenv(var, str(home / var.lower()))
        patch.delenv("BRIEFING_LIBRARY", raising=False)
        yield home


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, isolated_home: Path) -> Path:
    root = tmp_path_factory.mktemp("contract") / "library"
    code, _, _ = _run(root, "samples")
    assert code == 0
    assert _run(root, "search", "coffee")[0] == 0  # opened once, so later runs print no index messages
    return root


def _run(library: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--library", str(library), *args])
    return code, out.getvalue(), err.getvalue()


def _search(library: Path, text: str) -> tuple[int, str, str]:
    """`--` so that a query starting with "-" is a query, not an option argparse refuses."""
    code, out, err = _run(library, "search", "--", text)
    assert "Traceback" not in out + err
    if code == 0:
        assert out.strip() and not err, (text, err)
        return code, out, err
    assert (code, out) == (2, ""), (text, code, err)
    lines = err.splitlines()
    assert len(lines) == 1 and err.endswith("\n"), (text, err)
    start = visible_controls(" ".join(text.split())[:60])
    assert lines[0].startswith(f"briefing: cannot search “{start}"), (text, lines[0])
    return code, out, err


SYMBOLS = [*'<>()[]{}":*~^?\\-+=.,;!&|/', "<=", ">=", "=>", "..", "\x00", "\x1b", "\x7f", "\x9b", "\t"]
WORDS = ["coffee", "frost", "the", "and", "of", "AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO", "to", "0",
         "5", "2025", "2025-07", "2025-13-40", "today", "june", "abc", "sanc", "~2", "NOT(", "x" * 120,
         "é", "日本"]
FIELDS = ["date:", "kind:", "title:", "heading:", "entity:", "topic:", "outlet:", "journalist:", "quality:",
          "has:", "colour:", "KIND:", "Date:"]
PIECES = st.sampled_from(SYMBOLS + WORDS + FIELDS)
QUERIES = st.one_of(
    st.text(max_size=60),  # any characters, control characters included
    st.lists(PIECES, max_size=14).map("".join),
    st.lists(PIECES, max_size=14).map(" ".join),
    st.text(alphabet=st.sampled_from("ab <>():\"*"), min_size=900, max_size=1_200),
)


@settings(max_examples=150, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=QUERIES)
@example(text="<0")
@example(text=">5")
@example(text="(<0)")
@example(text="date:<0")
@example(text="date:>abc")
@example(text="(")
@example(text=")")
@example(text='"abc')
@example(text='coffee "frost')
@example(text="kind:")
@example(text="title:")
@example(text=LONG)
@example(text="\x00")
@example(text="\x1b[31mcoffee")
@example(text="\x7f")
@example(text="the and of")
@example(text="AND")
@example(text="OR")
@example(text="NOT")
@example(text="coffee AND")
@example(text="")
@example(text="-")
def test_every_query_gets_results_or_one_line(library: Path, text: str) -> None:
    code, out, err = _search(library, text)
    assert (code == 0 and "matching cards" in out) or (code == 2 and "cannot search" in err)


ODD_QUERIES = [
    # (query, None for "answered with results", else words of the one-line message)
    ("<0", "'<' compares dates only"),
    (">5", "'>' compares dates only"),
    ("(<0)", "'<' compares dates only"),
    ("<=3 coffee", "'<=' compares dates only"),
    ("coffee >", "'>' compares dates only"),
    ("title:<b", "'<' compares dates only"),
    ("date:<0", "there is no date '0'"),
    ("date:>abc", "there is no date 'abc'"),
    ("date:2025-02-30", "there is no date '2025-02-30'"),
    ("date:2025-13", "there is no date '2025-13'"),
    ("date:<", "date: needs a date after it"),
    ("date:", "date: needs a value after the colon"),
    ("date:[2025-07 to 2025-01]", "the date range ends before it starts"),
    ("date:[last week to today]", "brackets [ ] and { } are only for date ranges"),
    ("[a to b]", "brackets [ ] and { } are only for date ranges"),
    ("coffee ]", "brackets [ ] and { } are only for date ranges"),
    ("(", "a parenthesis is not closed"),
    (")", "a closing parenthesis has no opening one"),
    ("coffee) (frost", "a closing parenthesis has no opening one"),
    ("((((((((((((coffee))))))))))))", "parentheses nest more than 10 deep"),
    ('"abc', "a quotation mark is not closed"),
    ('coffee "frost" "', "a quotation mark is not closed"),
    ("kind:", "kind: needs a value after the colon"),
    ("title: coffee", "title: needs a value after the colon"),
    ("entity:", "entity: needs a value after the colon"),
    ("kind:weather", "there is no card kind 'weather'"),
    ("colour:red", "there is no field 'colour'"),
    ("field:", "there is no field 'field'"),
    ("a:b:c", "there is no field 'a'"),
    ("AND", "AND needs a word on both sides"),
    ("OR coffee", "OR needs a word on both sides"),
    ("coffee ANDMAYBE", "ANDMAYBE needs a word on both sides"),
    ("NOT", "NOT needs a word on its right"),
    ("coffee NOT", "NOT needs a word on its right"),
    ("*", "'*' goes at the end of a word"),
    ("*offee", "'*' goes at the end of a word"),
    ("co*", "a prefix needs at least 3 letters"),
    ("\x00", "a control character (U+0000) cannot be searched"),
    ("coffee\x1b[2J", "a control character (U+001B) cannot be searched"),
    ("\x7f", "a control character (U+007F) cannot be searched"),
    (LONG, "the query is 5,000 characters long"),
    ("", "nothing to search for"),
    ("   ", "nothing to search for"),
    ('""', "nothing to search for"),
    ("?", "nothing to search for"),
    ("😀", "nothing to search for"),
    ("the and of", None),  # no stop list: "the", "and" and "of" are words like any other
    ("coffee~3", None),  # fuzzy matching is held to one edit
    ("date:today", None),
    ("KIND:summary coffee", None),
    ("coff*", None),
    ('"coffee prices"', None),
    ("NOT(coffee)", None),
    ("a^2", None),
]


@pytest.mark.parametrize(("text", "problem"), ODD_QUERIES, ids=[repr(text[:30]) for text, _ in ODD_QUERIES])
def test_odd_queries_get_results_or_say_what_is_wrong(library: Path, text: str, problem: str | None) -> None:
    code, out, err = _search(library, text)
    if problem is None:
        assert code == 0 and "matching cards" in out
    else:
        assert code == 2 and problem in err


def test_an_unanswered_query_prints_no_json_either(library: Path) -> None:
    code, out, err = _run(library, "search", "--json", "<0")
    assert (code, out) == (2, "")
    assert err == "briefing: cannot search “<0”: '<' compares dates only, as in date:<2025-01-01\n"


def test_an_unknown_kind_option_is_named_too(library: Path) -> None:
    code, out, err = _run(library, "search", "--kind", "zzzz", "coffee")
    assert (code, out) == (2, "")
    assert err.startswith("briefing: cannot search “coffee”: there is no card kind 'zzzz' (kinds: summary, ")


def test_a_long_query_is_named_by_its_start(library: Path) -> None:
    _code, _out, err = _search(library, LONG)
    assert f"“{LONG[:60]}…”" in err and len(err) < 200


def test_an_unknown_kind_is_worded_alike_in_the_query_and_as_an_option(library: Path) -> None:
    in_text = _run(library, "search", "coffee kind:zzzz")[2]
    as_option = _run(library, "search", "--kind", "zzzz", "coffee")[2]
    problem = "there is no card kind 'zzzz' (kinds: summary, "
    assert problem in in_text and problem in as_option
