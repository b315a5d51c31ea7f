"""The article-role labels (tests/data/article_roles.yaml): well-formed, complete, and tied to the split."""

from __future__ import annotations

import pytest

from benchmarks.role_sample import (
    CORPUS,
    LABELS,
    SEED_ARTICLE,
    Role,
    StoryLabels,
    digest,
    read_labels,
    sample_briefings,
    sample_story_ids,
    sentences_of,
    starts,
)
from briefings.errors import ParseError
from briefings.model import Briefing, Card, CardKind

REUTERS = "reuters-"


def _labels() -> list[StoryLabels]:
    return read_labels(LABELS.read_text(encoding="utf-8"), LABELS.name)


def test_the_labels_cover_forty_reuters_stories_and_the_seed_article_once_each() -> None:
    ids = [story.briefing_id for story in _labels()]
    assert len(ids) == len(set(ids)) == 41
    assert sum(not story_id.startswith(REUTERS) for story_id in ids) == 1


def test_every_role_is_used_and_attributed_sentences_are_labelled() -> None:
    sentences = [sentence for story in _labels() for sentence in story.sentences]
    assert {sentence.role for sentence in sentences} == set(Role)
    assert sum(sentence.speaker is not None for sentence in sentences) >= 100
    assert sum(sentence.role is Role.LEAD for sentence in sentences) >= 41


def test_every_reuters_story_has_its_date_and_one_lead_at_the_top() -> None:
    for story in _labels():
        assert story.date is not None or not story.briefing_id.startswith(REUTERS), story.briefing_id
        leads = [sentence.n for sentence in story.sentences if sentence.role is Role.LEAD]
        assert leads == list(range(leads[0], leads[0] + len(leads))), story.briefing_id
        assert leads[0] <= 1, story.briefing_id


def test_the_header_explains_the_fields_and_the_roles() -> None:
    header = LABELS.read_text(encoding="utf-8").split("\nstories:")[0]
    assert all(f"{word} " in header for word in ("briefing", "date", "digest", "starts", "speaker", "why"))
    assert all(f"#   {role.value} " in header for role in Role)


def _with(**changes: str) -> str:
    """A sentence label in flow style: the good one with some fields changed (an empty value drops one)."""
    fields = {"n": "0", "digest": "0123abcd", "starts": "Oil", "role": "lead", "speaker": "null", **changes}
    return "{" + ", ".join(f"{key}: {value}" for key, value in fields.items() if value) + "}"


@pytest.mark.parametrize(("sentence", "complaint"), [
    (_with(role="rumour"), "unknown role 'rumour'"),
    (_with(n="1"), "n is 1; sentences are numbered"),
    (_with(digest="0123ABCD"), "digest must be 8 lower-case"),
    (_with(starts="a b c d e f"), "starts must be 1 to 5 words"),
    (_with(speaker="''"), "speaker must be a name or null"),
    (_with(speaker=""), "expected the fields"),
    (_with(why="' '"), "why, when present"),
])
def test_a_bad_sentence_label_is_one_line_naming_its_sentence(sentence: str, complaint: str) -> None:
    text = f"stories:\n- {{briefing: reuters-1, date: '1987-03-02', sentences: [{sentence}]}}"
    with pytest.raises(ParseError) as raised:
        read_labels(text, "article_roles.yaml")
    message = str(raised.value)
    assert message.startswith("article_roles.yaml: story 1 (reuters-1): sentence 0: ")
    assert complaint in message and "\n" not in message


@pytest.mark.parametrize(("text", "complaint"), [
    ("- just a list", "expected a mapping with a 'stories' list"),
    (f"stories:\n- {{briefing: r, date: March, sentences: [{_with()}]}}", "story 1 (r): date must be"),
    ("stories:\n- {briefing: r, date: null, sentences: []}", "story 1 (r): sentences must be a non-empty"),
    ("stories:\n- {briefing: r, sentences: []}", "story 1: expected exactly the fields"),
])
def test_a_bad_story_entry_is_one_line_naming_the_file_and_the_story(text: str, complaint: str) -> None:
    with pytest.raises(ParseError) as raised:
        read_labels(text, "article_roles.yaml")
    assert str(raised.value).startswith("article_roles.yaml: ") and complaint in str(raised.value)


def test_a_good_entry_reads_back_with_its_role_and_speaker() -> None:
    text = ("stories:\n- briefing: reuters-1\n  date: '1987-03-02'\n  sentences:\n"
            f"  - {_with(role='forecast', speaker='OPEC', why='it says will')}")
    (story,) = read_labels(text, "article_roles.yaml")
    (sentence,) = story.sentences
    assert (story.date.isoformat() if story.date else None, sentence.role, sentence.speaker) == (
        "1987-03-02", Role.FORECAST, "OPEC")


def test_sentences_of_reads_only_the_body_cards() -> None:
    briefing = Briefing(id="b", title="t", cards=(
        Card(CardKind.BODY, "", "Oil rose. Gold fell."),
        Card(CardKind.TAKEAWAYS, "", "- Oil rose."),
    ))
    assert sentences_of(briefing) == ["Oil rose.", "Gold fell."]


def test_the_digest_ignores_how_whitespace_falls_and_starts_keeps_five_words() -> None:
    assert digest("Oil  rose\n sharply.") == digest("Oil rose sharply.") != digest("Oil rose.")
    assert starts("One two three four five six seven.") == "One two three four five"


def _check_story(labels: StoryLabels, briefing: Briefing) -> None:
    sentences = sentences_of(briefing)
    assert [label.digest for label in labels.sentences] == [digest(s) for s in sentences], briefing.id
    assert [label.starts for label in labels.sentences] == [starts(s) for s in sentences], briefing.id
    assert labels.date == briefing.date, briefing.id


@pytest.mark.skipif(not CORPUS.is_dir() or not SEED_ARTICLE.is_file(),
                    reason=f"the Reuters corpus ({CORPUS}) or the seed article is not on this machine")
@pytest.mark.slow
def test_the_labels_are_the_sample_and_match_its_sentences() -> None:
    labels = _labels()
    wire = [story.briefing_id for story in labels if story.briefing_id.startswith(REUTERS)]
    assert wire == sample_story_ids()
    briefings = {briefing.id: briefing for briefing in sample_briefings()}
    assert [story.briefing_id for story in labels] == list(briefings)
    for story in labels:
        _check_story(story, briefings[story.briefing_id])
