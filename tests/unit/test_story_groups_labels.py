"""The story-grouping labels (tests/data/story_groups.yaml): well-formed, consistent, and real NEWIDs.

Issue 21 measures its grouping on these labels; they were written by reading before the code, so
these tests guard only their shape and their consistency, never what any grouping code makes of them.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from briefings.formats import reuters
from briefings.reading import read_input
from briefings.safe_yaml import load_yaml

LABELS = Path(__file__).resolve().parents[1] / "data" / "story_groups.yaml"
KINDS = frozenset({"follow-up", "re-sent", "update", "same-event-other-angle"})
MAX_GROUP_DAYS = 7
"""A group reports one event, so its stories lie within a few days of each other."""
ISSUE_EXAMPLES = ({"236", "353"}, {"248", "352"}, {"873", "952"})
"""Issue 21's own pairs (Kuwait, Saudi Arabia, Subroto, early March 1987): each must be one event."""


@dataclass(frozen=True)
class StoryGroup:
    id: str
    event: str
    stories: tuple[str, ...]
    kinds: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class NearMiss:
    stories: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class Labels:
    definition: str
    groups: tuple[StoryGroup, ...]
    near_misses: tuple[NearMiss, ...]


@dataclass(frozen=True)
class CorpusStory:
    file: str
    date: dt.date | None


def _group(entry: dict[str, Any]) -> StoryGroup:
    return StoryGroup(str(entry["id"]), str(entry["event"]).strip(), tuple(map(str, entry["stories"])),
                      tuple(map(str, entry["kinds"])), str(entry["why"]).strip())


def _near_miss(entry: dict[str, Any]) -> NearMiss:
    return NearMiss(tuple(map(str, entry["stories"])), str(entry["why"]).strip())


def _read_labels() -> Labels:
    data = load_yaml(LABELS.read_text(encoding="utf-8"))
    return Labels(str(data["definition"]).strip(), tuple(map(_group, data["groups"])),
                  tuple(map(_near_miss, data["near_misses"])))


@pytest.fixture(scope="module")
def labels() -> Labels:
    return _read_labels()


@pytest.fixture(scope="module")
def corpus(corpus_dir: Path) -> dict[str, CorpusStory]:
    """Every story of the corpus by NEWID, read in place with the project's own reader."""
    found: dict[str, CorpusStory] = {}
    for path in sorted((corpus_dir / "reuters21578").glob("reut2-*.sgm.gz")):
        for story in reuters.stories(read_input(path).text):
            found[story.new_id] = CorpusStory(path.name.split(".")[0], story.date)
    return found


def _labelled_ids(labels: Labels) -> set[str]:
    return {*itertools.chain.from_iterable(group.stories for group in labels.groups),
            *itertools.chain.from_iterable(pair.stories for pair in labels.near_misses)}


def test_the_file_has_the_structure_the_issue_asks_for() -> None:
    data = load_yaml(LABELS.read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert set(data) == {"version", "definition", "groups", "near_misses"}
    assert all(set(entry) == {"id", "event", "stories", "kinds", "why"} for entry in data["groups"])
    assert all(set(entry) == {"stories", "why"} for entry in data["near_misses"])


def test_there_are_at_least_thirty_groups_and_forty_near_miss_pairs(labels: Labels) -> None:
    assert len(labels.groups) >= 30
    assert len(labels.near_misses) >= 40


def test_every_entry_says_why_and_the_definition_is_written_down(labels: Labels) -> None:
    assert "Same event" in labels.definition and "Different events" in labels.definition
    assert all(group.why and group.event for group in labels.groups)
    assert all(pair.why for pair in labels.near_misses)


def test_group_ids_are_unique_and_every_group_has_two_stories_and_known_kinds(labels: Labels) -> None:
    ids = [group.id for group in labels.groups]
    assert len(ids) == len(set(ids))
    for group in labels.groups:
        assert len(group.stories) >= 2 and len(set(group.stories)) == len(group.stories), group.id
        assert group.kinds and set(group.kinds) <= KINDS, group.id


def test_no_story_is_in_two_groups(labels: Labels) -> None:
    counts = Counter(story for group in labels.groups for story in group.stories)
    assert [story for story, count in counts.items() if count > 1] == []


def test_near_misses_are_distinct_pairs_never_inside_one_group(labels: Labels) -> None:
    pairs = [frozenset(pair.stories) for pair in labels.near_misses]
    assert all(len(pair.stories) == 2 and len(set(pair.stories)) == 2 for pair in labels.near_misses)
    assert len(pairs) == len(set(pairs))
    group_of = {story: group.id for group in labels.groups for story in group.stories}
    merged = [sorted(pair) for pair in pairs if len({group_of.get(story, story) for story in pair}) == 1]
    assert merged == []


def test_the_issues_own_examples_are_each_one_group(labels: Labels) -> None:
    groups = [set(group.stories) for group in labels.groups]
    assert all(any(example <= group for group in groups) for example in ISSUE_EXAMPLES)


def test_the_header_says_how_the_labels_were_made() -> None:
    header = LABELS.read_text(encoding="utf-8").split("\nversion:")[0]
    assert all(line.startswith("#") for line in header.splitlines())
    assert all(words in header for words in ("candidates", "by reading", "never changed to fit"))


def test_every_newid_is_a_story_of_the_corpus(labels: Labels, corpus: dict[str, CorpusStory]) -> None:
    assert sorted(_labelled_ids(labels) - corpus.keys(), key=int) == []


def test_the_groups_span_many_corpus_files(labels: Labels, corpus: dict[str, CorpusStory]) -> None:
    files = {corpus[story].file for group in labels.groups for story in group.stories}
    assert len(files) >= 8


def test_each_group_lies_within_a_few_days(labels: Labels, corpus: dict[str, CorpusStory]) -> None:
    for group in labels.groups:
        dates = [date for story in group.stories if (date := corpus[story].date) is not None]
        assert len(dates) == len(group.stories), group.id
        assert (max(dates) - min(dates)).days <= MAX_GROUP_DAYS, group.id
