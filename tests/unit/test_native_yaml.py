"""The library's YAML files: every briefing round-trips exactly; hostile YAML is refused."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from briefings.errors import ParseError
from briefings.formats import parse_text
from briefings.formats.native_yaml import dump_briefing, parse
from briefings.ingest import sample_paths


def _assert_round_trips(text: str, name: str) -> None:
    briefing = parse_text(text, name)
    dumped = dump_briefing(briefing)
    assert parse(dumped, "x.yaml") == briefing
    assert dump_briefing(parse(dumped, "x.yaml")) == dumped


@pytest.mark.parametrize("path", sample_paths(), ids=lambda path: path.name)
def test_every_sample_round_trips(path: Path) -> None:
    _assert_round_trips(path.read_text(encoding="utf-8"), path.name)


def test_both_seeds_round_trip(seeds_dir: Path) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        _assert_round_trips(path.read_text(encoding="utf-8"), path.name)


def test_multi_line_text_is_written_as_readable_blocks() -> None:
    briefing = parse_text("# T\n\n## Analysis\n\nLine one\nline two.\n", "t.md")
    assert "text: |-\n    Line one\n    line two." in dump_briefing(briefing)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("schema_version: 1\nid: x\ncards: !!python/object:os.system {}\n", "asks for a Python object"),
        ("schema_version: 1\nid: !!python/object/apply:os.system ['true']\n",
         r"YAML tag !!python/object/apply:os.system asks for a Python object; only plain data is read "
         r"\(line 2"),
        ("schema_version: 1\ntitle: [a, b\ncards: []\n", r"\(line 3, column \d+\)"),
        ("schema_version: 1\nid: x\ntitle: T\ncards: []\n" + "nest: " + "[" * 5000 + "]" * 5000 + "\n",
         "nested more than 64 levels"),
        ("schema_version: 1\nid: x\ntitle: T\ncards: 3\n", "Briefing.cards: expected a list"),
        ("schema_version: 1\nid: ../../x\ntitle: T\ncards: []\n", "not a valid briefing id"),
        ("schema_version: 99\nid: x\ntitle: T\ncards: []\n", "unsupported schema_version 99"),
        ("schema_version: 1\nid: x\ntitle: T\ncards: []\nsecret: !custom 1\n", "unsupported YAML tag"),
    ],
)
def test_bad_files_are_one_line_parse_errors(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message) as caught:
        parse(text, "bad.yaml")
    assert "\n" not in str(caught.value)


def test_alias_bombs_are_refused_before_loading() -> None:
    names = [f"n{level}" for level in range(21)]
    lines = ["schema_version: 1", f"{names[0]}: &{names[0]} [{', '.join(['x'] * 9)}]"]
    for previous, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    with pytest.raises(ParseError, match=r"more than 100 aliases|an alias bomb"):
        parse("\n".join(lines) + "\n", "bomb.yaml")
