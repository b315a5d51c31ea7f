"""The shortcuts that make splitting and saving cheaper give exactly what the plain way gives.

The YAML dumper builds nodes and resolves tags itself instead of through PyYAML's generic code, and
some patterns of the split skip positions by a lookahead on their words' first letters: each is checked
against the plain way on hostile values and on real Reuters sentences."""

from __future__ import annotations

import datetime as dt
import gzip
import math
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.analysis import estimative
from briefings.counting import placed_in_paragraphs
from briefings.formats import parse_all
from briefings.model import Briefing, Precision
from briefings.safe_yaml import _represent_text, dump_yaml
from briefings.splitting import clauses, forecast


class _PlainDumper(yaml.CSafeDumper):  # type: ignore[misc]
    """PyYAML's own C dumper with the same two choices as ours: no aliases, multi-line text as blocks."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_PlainDumper.add_representer(str, _represent_text)


def plain_dump(data: Any) -> str:
    return str(yaml.dump(data, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True))


# Text a resolver could read as something else: booleans, nulls, numbers, dates, empty, markup.
_TRICKY = st.sampled_from([
    "", "~", "null", "Null", "NULL", "yes", "No", "on", "OFF", "true", "False", "y", "n", "1", "-1", "+1",
    "0x1F", "0o17", "017", "1_000", "1.5", ".5", "1e17", "-.inf", ".NaN", "2026-12-06", "2026-12-06 10:00:00",
    "1:20", "=", "<<", "!tag", "&anchor", "*alias", "- item", "key: value", "# comment", "a\nb", "a\n",
    "  indented\nlines", "tab\there", "quote\"s 'and' “curly”", "emoji 🙂", "\x85next line", "\ufeffbom",
])
_SCALARS = st.one_of(
    _TRICKY, st.text(max_size=40), st.integers(), st.booleans(), st.none(),
    st.floats(allow_nan=True, allow_infinity=True), st.dates(),
    st.sampled_from([100.0, 1e17, -0.0, 1e-7, math.pi]),
)
_DATA = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=5),
                            st.dictionaries(st.one_of(_TRICKY, st.text(max_size=10)), inner, max_size=5)),
    max_leaves=40,
)


@settings(max_examples=300)
@given(_DATA)
def test_the_yaml_dumper_writes_what_pyyamls_own_writes(data: Any) -> None:
    assert dump_yaml(data) == plain_dump(data)


def test_the_yaml_dumper_writes_a_whole_briefing_as_pyyamls_own(seed_article_text: str) -> None:
    from briefings.analysis import analyse
    from briefings.date_inference import with_inferred_date
    from briefings.entities import bundled_gazetteer, with_mentions
    from briefings.serialize import briefing_to_data
    from briefings.splitting import split_article

    gazetteer = bundled_gazetteer()
    briefings = [item for item in parse_all(seed_article_text, "seed.txt") if isinstance(item, Briefing)]
    prepared = [analyse(with_mentions(split_article(with_inferred_date(b)), gazetteer), gazetteer)
                for b in briefings]
    assert prepared and any(card.derived for card in prepared[0].cards)
    for briefing in prepared:
        data = briefing_to_data(briefing)
        assert dump_yaml(data) == plain_dump(data)


def test_the_yaml_dumper_still_refuses_what_safe_yaml_cannot_write() -> None:
    with pytest.raises(yaml.representer.RepresenterError):
        dump_yaml({"value": object()})


_FIRST_LETTERS = re.compile(r"^\(\?=\[[\w']+\]\)")


def _without_lookahead(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern as it was before the lookahead on its words' first letters was put in front."""
    assert _FIRST_LETTERS.match(pattern.pattern), pattern.pattern[:40]
    return re.compile(_FIRST_LETTERS.sub("", pattern.pattern), pattern.flags)


@pytest.fixture(scope="module")
def reuters_sentences(corpus_dir: Path) -> list[str]:
    """Every sentence of the first two Reuters files (about 10,000)."""
    sentences: list[str] = []
    for name in ("reut2-000.sgm.gz", "reut2-001.sgm.gz"):
        text = (gzip.decompress((corpus_dir / "reuters21578" / name).read_bytes())).decode("latin-1")
        for briefing in parse_all(text, name):
            if isinstance(briefing, Briefing):
                sentences += [sentence for card in briefing.cards
                              for sentence, _ in placed_in_paragraphs(card.text)]
    return sentences


def _found(pattern: re.Pattern[str], text: str, end: int) -> list[tuple[tuple[int, int], str]]:
    return [(match.span(), match.group()) for match in pattern.finditer(text, 0, end)]


@pytest.mark.parametrize("pattern", [forecast._FORWARD, forecast._DEAL_TERMS, clauses._COMPARED,
                                     estimative._TERM, estimative._CERTAINTY, estimative._CONFIDENCE,
                                     clauses._MAY_BE_DATED],
                         ids=["forward", "deal", "compared", "likelihood", "certainty", "confidence",
                              "dated"])
def test_a_first_letter_lookahead_changes_no_match(pattern: re.Pattern[str], reuters_sentences: list[str]
                                                   ) -> None:
    plain = _without_lookahead(pattern)
    hostile = ["", "'ll", "Will", "WILL be", "than expected", "LIKELY", "Unlikely.", "base", "x" * 500,
               "IS GOING TO rise", "Shall not stop", "High-confidence", "we are CONFIDENTLY"]
    checked = 0
    for text in [*hostile, *reuters_sentences]:
        for end in (len(text), len(text) // 2):  # `compared` searches up to a date's start
            assert _found(pattern, text, end) == _found(plain, text, end), text
        checked += bool(plain.search(text))
    assert checked > 10  # the sentences hold matches to compare, not only misses (13 say "confident")


@pytest.mark.parametrize("hints", [forecast._FORWARD_HINTS, forecast._NO_FORECAST_HINTS])
def test_a_cue_is_never_missed_by_the_quick_test(hints: tuple[str, ...],
                                                 reuters_sentences: list[str]) -> None:
    """Every forward (and every no-forecast) cue contains a hint word, so the quick test never skips one."""
    pattern = forecast._FORWARD if hints is forecast._FORWARD_HINTS else forecast._NO_FORECAST
    cued = [text for text in reuters_sentences if pattern.search(text)]
    assert cued
    assert all(forecast._contains_any(text, hints) for text in cued)


def test_dates_and_nested_values_round_trip_after_the_shortcut() -> None:
    data = {"day": dt.date(1987, 3, 9), "nested": [{"a": [1, 2.5, None]}, [], {}], "text": "two\nlines"}
    assert yaml.safe_load(dump_yaml(data)) == data


def test_the_quick_date_test_skips_no_sentence_stating_a_date(reuters_sentences: list[str]) -> None:
    """Every date the date search finds holds a year, a month or a day word, so a sentence the quick test
    skips states none (a figure alone, "up 4.5 pct", is no date)."""
    from briefings.analysis.timeline import dates_in

    anchor = dt.date(1987, 3, 9)
    hostile = ["On Monday it rose.", "Yesterday shares fell.", "Today.", "due 12 June", "2026-01-05",
               "in mid-March", "Last month sales rose", "by 1990", "4.5 pct", "1,987 tonnes", "Sept 3",
               "this year", "Sunday", "It fell 12 points on the 3rd."]
    dated = 0
    for text in [*hostile, *reuters_sentences]:
        for sentence in (text, text[:1].lower() + text[1:]):
            if dates_in(sentence, anchor):
                dated += 1
                assert clauses._MAY_BE_DATED.search(sentence), sentence
    assert dated > 1000
    assert not clauses.stated_dates("Output rose 4.5 pct to 1,987 tonnes.", anchor)


def test_a_sentence_without_a_dash_has_no_dateline_to_strip(reuters_sentences: list[str]) -> None:
    from briefings.splitting import speakers

    stripped = 0
    for text in ["NEW YORK, March 9 - Dart said", "LONDON - It fell", "Tokyo - x", "no dash here", "", "-",
                 *reuters_sentences]:
        assert speakers.strip_dateline(text) == speakers._DATELINE.sub("", text, count=1), text
        stripped += speakers.strip_dateline(text) != text
    assert stripped > 500


def test_dates_kept_for_the_timeline_are_the_dates_found_afresh(reuters_sentences: list[str]) -> None:
    """The split and the timeline share the dates a sentence states (`timeline._dates_in` is cached):
    each call gets its own list, equal to what a fresh search finds."""
    from briefings.analysis import timeline

    anchor = dt.date(1987, 3, 9)
    dated = [sentence for sentence in reuters_sentences[:3000] if timeline.dates_in(sentence, anchor)]
    assert len(dated) > 300
    for sentence in dated:
        first = timeline.dates_in(sentence, anchor)
        first.clear()
        again = timeline.dates_in(sentence, anchor)
        assert again == list(timeline._dates_in.__wrapped__(sentence, anchor, Precision.DAY)) != []


def test_the_timeline_reads_a_split_article_s_dates_from_its_split() -> None:
    """A split article's sentences are searched for dates once: the split's search serves the timeline."""
    from briefings.analysis import analyse, timeline
    from briefings.formats import parse_text
    from briefings.splitting import split_article

    text = ("JAPAN EXPORTS RISE\n\nTOKYO, March 9 - The ministry said exports rose in February.\n\n"
            "The plan was first proposed in June 1985, an official said.\n\n"
            "Talks began on January 12, 1986, he said.\n")
    story = replace(parse_text(text, "story.txt"), date=dt.date(1987, 3, 9))
    timeline._dates_in.cache_clear()
    split = split_article(story)
    searched = timeline._dates_in.cache_info().misses
    assert searched >= 2 and split.timeline == ()
    analysed = analyse(split)
    assert {event.date for event in analysed.timeline} >= {dt.date(1985, 6, 1), dt.date(1986, 1, 12)}
    assert timeline._dates_in.cache_info().hits >= 2
