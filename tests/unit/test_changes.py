"""What changed between two versions of a briefing (`briefings.changes`), on our own Kagi fixtures: a
developing story (tests/data/kagi/developing_story_v1.json) and its later version (…_v2.json) with an
extra source, a casualty count going from 15 to 30 and a new timeline entry, and variations of them."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from briefings.changes import (
    SIMILAR,
    BriefingChanges,
    CardChanges,
    CardStatus,
    FigureMove,
    SentenceChange,
    change_lines,
    changes,
)
from briefings.entities import bundled_gazetteer
from briefings.formats import parse_text
from briefings.model import Briefing, Reference, TimelineEvent
from briefings.preparing import prepared

KAGI = Path(__file__).parent.parent / "data" / "kagi"


def story(version: int) -> dict[str, Any]:
    path = KAGI / f"developing_story_v{version}.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def briefing(data: dict[str, Any]) -> Briefing:
    """As ingest would store it: parsed, then dated, split and analysed."""
    return prepared(parse_text(json.dumps(data), "story.json"), bundled_gazetteer())


def cluster(data: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = data["clusters"][0]
    return found


@pytest.fixture(scope="module")
def first() -> Briefing:
    return briefing(story(1))


@pytest.fixture(scope="module")
def second() -> Briefing:
    return briefing(story(2))


EMERGENCY = TimelineEvent("November 26, 2025",
                          "The government declares a state of emergency in the valley [3].",
                          dt.date(2025, 11, 26))
STATEWIRE = Reference(number=3, date=dt.date(2025, 11, 26), title="State of emergency declared in the valley",
                      outlet="statewire.example", url="https://statewire.example/emergency")
TOLL = "At least {} people were killed in the villages along the river [1]."


def test_the_later_cluster_lists_exactly_its_source_figure_and_timeline_entry(first: Briefing,
                                                                                second: Briefing) -> None:
    assert first.id == second.id
    assert changes(first, second) == BriefingChanges(
        cards=(
            CardChanges("summary", "What happened", CardStatus.CHANGED,
                        changed=(SentenceChange(TOLL.format(15), TOLL.format(30)),),
                        figures=(FigureMove("people", "", "people", (15.0,), (30.0,), ("At least 15",),
                                            ("At least 30",)),)),
            CardChanges("timeline", "Timeline", CardStatus.CHANGED, events_added=(EMERGENCY,)),
        ),
        references_added=(STATEWIRE,),
        outlets_added=("statewire.example",),
    )


def test_going_back_lists_the_same_changes_the_other_way(first: Briefing, second: Briefing) -> None:
    backwards = changes(second, first)
    summary, timeline = backwards.cards
    assert summary.changed == (SentenceChange(TOLL.format(30), TOLL.format(15)),)
    assert (summary.figures[0].before, summary.figures[0].after) == ((30.0,), (15.0,))
    assert (timeline.events_added, timeline.events_removed) == ((), (EMERGENCY,))
    assert (backwards.references_dropped, backwards.outlets_dropped) == ((STATEWIRE,), ("statewire.example",))
    assert (backwards.references_added, backwards.outlets_added) == ((), ())


def test_a_version_against_itself_has_no_changes(first: Briefing) -> None:
    found = changes(first, first)
    assert found == BriefingChanges()
    assert found.empty


def test_an_article_put_first_renumbers_citations_without_changing_any_sentence(first: Briefing) -> None:
    """Kite numbers articles in order, so a new first article shifts every [n]: the same sentences."""
    data = story(1)
    cluster(data)["articles"].insert(0, {"title": "Valley roads closed", "link": "https://roads.example/closed",
                                         "domain": "roads.example"})
    renumbered = briefing(data)
    assert renumbered.cards[0].text != first.cards[0].text  # [1] is now [2]
    found = changes(first, renumbered)
    assert found.cards == ()
    assert [r.outlet for r in found.references_added] == ["roads.example"]
    assert found.outlets_added == ("roads.example",)


def test_cards_added_and_removed_list_every_sentence(first: Briefing) -> None:
    data = story(1)
    del cluster(data)["future_outlook"]
    cluster(data)["did_you_know"] = "The valley flooded last in 1954. Its dikes date from then."
    found = changes(first, briefing(data))
    assert found.cards == (
        CardChanges("did_you_know", "Did you know", CardStatus.ADDED,
                    added=("The valley flooded last in 1954.", "Its dikes date from then.")),
        CardChanges("forecast", "Forecast", CardStatus.REMOVED,
                    removed=("Forecasters expect the rain to ease by the weekend.",)),
    )


def test_a_sentence_rewritten_beyond_a_close_match_is_removed_and_added(first: Briefing) -> None:
    data = story(1)
    old = "Rescue teams reached the upper villages by nightfall [valleypost.example#1]."
    new = "Army helicopters dropped food to farms cut off by landslides [valleypost.example#1]."
    cluster(data)["short_summary"] = cluster(data)["short_summary"].replace(old, new)
    (summary,) = changes(first, briefing(data)).cards
    assert summary.changed == ()
    assert summary.added == ("Army helicopters dropped food to farms cut off by landslides [2].",)
    assert summary.removed == ("Rescue teams reached the upper villages by nightfall [2].",)
    assert SIMILAR == 0.6


def test_bullets_are_sentences_of_their_own_and_an_edited_one_is_changed(first: Briefing) -> None:
    data = story(1)
    points = cluster(data)["talking_points"]
    points[0] = points[0].replace("their halls", "their gyms and halls")
    points.append("Power: 4,000 homes are without electricity")
    (takeaways,) = changes(first, briefing(data)).cards
    assert takeaways.card == "takeaways"
    assert takeaways.changed == (SentenceChange(
        "Shelters: schools in Lessen opened their halls to families who lost their homes [2].",
        "Shelters: schools in Lessen opened their gyms and halls to families who lost their homes [2]."),)
    assert takeaways.added == ("Power: 4,000 homes are without electricity",)
    assert takeaways.figures == ()  # a new figure has not moved


def test_an_edited_timeline_entry_is_one_removed_and_one_added(first: Briefing) -> None:
    data = story(1)
    entry = cluster(data)["timeline"][0]
    entry["content"] = "Heavy rain begins over the Merrow hills and the coast."
    (timeline,) = changes(first, briefing(data)).cards
    assert [e.text for e in timeline.events_added] == [entry["content"]]
    assert [e.text for e in timeline.events_removed] == ["Heavy rain begins over the Merrow hills."]
    assert (timeline.added, timeline.removed, timeline.changed) == ((), (), ())


def test_analysis_alone_is_no_change(first: Briefing) -> None:
    """What the library adds (claims, flags, notes, where the file was) is not the story."""
    bare = replace(first, claims=(), flags=(), timeline=(), notes=("a note",))
    assert changes(first, bare) == BriefingChanges()


def test_in_words_each_change_is_a_marked_line_under_its_card(first: Briefing, second: Briefing) -> None:
    assert change_lines(changes(first, second)) == [
        ("What happened [summary]", ""),
        (TOLL.format(15), "~"),
        (TOLL.format(30), "→"),
        ("figure moved: people 15 → 30", "="),
        ("Timeline [timeline]", ""),
        ("November 26, 2025: The government declares a state of emergency in the valley [3].", "+"),
        ("Sources", ""),
        ("[3] statewire.example — State of emergency declared in the valley "
         "<https://statewire.example/emergency>", "+"),
        ("Outlets", ""),
        ("statewire.example", "+"),
    ]


def test_figures_in_words_keep_their_unit_and_cards_say_when_they_are_new() -> None:
    moves = (FigureMove("inflation", "%", "inflation", (2.5,), (3.0,), ("2.5%",), ("3%",)),
             FigureMove("", "$", "aid", (1_500_000.0,), (2_000_000.0, 2_500_000.0), (), ()))
    found = BriefingChanges(cards=(CardChanges("economic", "Economic implications", CardStatus.ADDED,
                                               figures=moves),))
    assert change_lines(found) == [("Economic implications [economic] (new card)", ""),
                                   ("figure moved: inflation 2.5% → 3%", "="),
                                   ("figure moved: aid $1,500,000 → $2,000,000, $2,500,000", "=")]
