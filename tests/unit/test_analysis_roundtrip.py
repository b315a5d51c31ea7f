"""Analysed briefings round-trip through the native YAML and analyse again to themselves; floats load."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefings.analysis import analyse
from briefings.errors import ParseError
from briefings.formats import parse_text
from briefings.formats.native_yaml import dump_briefing, parse
from briefings.ingest import sample_paths
from briefings.model import Claim
from briefings.serialize import from_data, to_data
from tests.unit.briefing_checks import assert_one_line_error, assert_well_formed


def _paths(seeds_dir: Path) -> list[Path]:
    return [*sorted(seeds_dir.glob("*.txt")), *sample_paths()]


def test_analysed_seeds_and_samples_round_trip(seeds_dir: Path) -> None:
    for path in _paths(seeds_dir):
        briefing = analyse(parse_text(path.read_text(encoding="utf-8"), path.name))
        dumped = dump_briefing(briefing)
        assert parse(dumped, "x.yaml") == briefing, path.name
        assert dump_briefing(parse(dumped, "x.yaml")) == dumped
        assert analyse(briefing) == briefing  # analysing again changes nothing


def test_floats_load_and_bad_numbers_are_refused() -> None:
    claim = Claim(text="about 2.5%", value=2.5, low=2.25, high=2.75, subject="", group="", unit="%")
    assert from_data(Claim, to_data(claim)) == claim
    assert from_data(Claim, {**to_data(claim), "low": 2}).low == 2.0
    for bad in ("2.5", True, float("inf")):
        with pytest.raises(ParseError, match=r"Claim\.value: expected a number"):
            from_data(Claim, {**to_data(claim), "value": bad})


MARKERS = ["What's happened", "What the papers say", "Common question", "More on these topics", "-", "- ",
           "Forecast and Consequences", "over 10,000 troops", "June 2024", "on June 31", "[1]", "[2] x",
           "denying plans to triple forces to 30,000", "war-and-conflicts", "will persist",
           "with high confidence", "millions of", "9" * 400,
           "[1] Smith, J. (2025, June 25). Title 6,000 troops. Outlet. https://x.example"]
LINES = st.lists(st.one_of(st.sampled_from(MARKERS), st.text(max_size=60)), max_size=25).map("\n".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=LINES, name=st.sampled_from(["a.txt", "a.md", "a"]))
def test_analysed_text_is_well_formed_and_analysing_again_changes_nothing(text: str, name: str) -> None:
    try:
        briefing = parse_text(text, name)
    except ParseError as error:
        assert_one_line_error(error)
        return
    analysed = analyse(briefing)
    assert_well_formed(analysed)
    assert analyse(analysed) == analysed  # analysing again changes nothing
