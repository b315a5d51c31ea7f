"""The fuzzing harness itself runs (its random-mutation mode, a couple of seconds) and finds nothing."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from tests.conftest import ROOT


def test_the_parser_fuzzer_runs_clean_for_two_seconds() -> None:
    spec = importlib.util.spec_from_file_location("fuzz_parsers", Path(ROOT, "fuzz", "fuzz_parsers.py"))
    assert spec is not None and spec.loader is not None
    harness = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(harness)
    assert harness.run_random(2.0, seed=20261123) > 10
