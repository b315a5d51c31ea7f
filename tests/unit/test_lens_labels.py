"""The lens labels (tests/data/lens_labels.yaml), the benchmark's arithmetic, the kinds the reader shows."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from benchmarks.lens_bench import ENOUGH, Raised, read_labels, sample, wilson
from briefings.errors import ParseError
from briefings.flag_notes import HELD_BACK, held_back, quality_summary, shown_flags
from briefings.model import Briefing, Flag, FlagCode
from tui.lens import briefing_reasons

LABELS = Path(__file__).resolve().parents[1] / "data" / "lens_labels.yaml"


def test_the_labels_file_is_well_formed_with_one_label_per_flag() -> None:
    labels = read_labels(LABELS.read_text(encoding="utf-8"), LABELS.name)
    keys = Counter(label.key for label in labels)
    assert len(labels) >= 100 and keys.most_common(1)[0][1] == 1
    assert {label.correct for label in labels} == {True, False}
    assert all(label.why.strip() and label.briefing_id.strip() for label in labels)


def test_the_labels_file_explains_its_fields_in_a_header() -> None:
    header = LABELS.read_text(encoding="utf-8").split("\nlabels:")[0]
    assert all(f"{field}:" in header for field in ("briefing", "kind", "flagged", "correct", "why"))


@pytest.mark.parametrize(("entry", "complaint"), [
    ("{briefing: b, kind: slug, flagged: x, correct: yes please, why: y}", "label 1: correct must be"),
    ("{briefing: b, kind: rumour, flagged: x, correct: true, why: y}", "unknown flag kind 'rumour'"),
    ("{briefing: b, kind: slug, flagged: x, correct: true}", "label 1: expected exactly the fields"),
    ("{briefing: b, kind: slug, flagged: '', correct: true, why: y}", "must be non-empty text"),
])
def test_a_bad_label_is_one_line_naming_the_file_and_the_label(entry: str, complaint: str) -> None:
    with pytest.raises(ParseError) as raised:
        read_labels(f"labels:\n- {entry}", "lens_labels.yaml")
    message = str(raised.value)
    assert message.startswith("lens_labels.yaml") and complaint in message and "\n" not in message


def test_a_labels_file_without_a_list_of_labels_says_so() -> None:
    with pytest.raises(ParseError, match=r"^lens_labels.yaml: expected a mapping with a 'labels' list$"):
        read_labels("labels: {}", "lens_labels.yaml")


def test_wilson_interval_and_the_smallest_sample_that_can_reach_the_target() -> None:
    low, high = wilson(30, 30)
    assert round(low, 3) == 0.886 and high == pytest.approx(1.0)
    assert round(wilson(29, 30)[0], 3) == 0.833  # one miss in 30 falls short of 0.85
    assert ENOUGH == 22 and wilson(0, 0) == (0.0, 1.0)


def test_a_sampled_flag_keeps_its_place_when_the_code_stops_raising_others() -> None:
    flags = [Raised(f"reuters-{n}", FlagCode.DUPLICATE, f"passage {n}") for n in range(100)]
    drawn = sample({FlagCode.DUPLICATE: flags}, 30, seed=15)[FlagCode.DUPLICATE]
    kept = [flag for flag in flags if flag in drawn[:10] or flag not in drawn]
    assert sample({FlagCode.DUPLICATE: kept}, 30, seed=15)[FlagCode.DUPLICATE][:10] == drawn[:10]
    assert sample({FlagCode.DUPLICATE: flags}, 30, seed=16)[FlagCode.DUPLICATE] != drawn


FLAGS = (Flag(FlagCode.HEADLINE, "the headline names United States; no card does"),
         Flag(FlagCode.DUPLICATE, '"Cranes moved again" nearly repeats "Cranes moved again" in this card', 0))


def test_kinds_not_yet_precise_are_held_back_until_asked_for() -> None:
    briefing = Briefing(id="b", title="T", cards=(), flags=FLAGS)
    assert FlagCode.HEADLINE in HELD_BACK and FlagCode.DUPLICATE not in HELD_BACK
    assert shown_flags(briefing) == [FLAGS[1]] and held_back(briefing) == [FLAGS[0]]
    assert quality_summary(briefing) == (
        "1 quality note: 1 near-duplicate · 1 more held back as not yet precise (headline not in the text)")
    assert briefing_reasons(briefing) == []
    assert shown_flags(briefing, every_kind=True) == list(FLAGS)
    assert briefing_reasons(briefing, every_kind=True) == ["the headline names United States; no card does"]
