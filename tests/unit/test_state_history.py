"""The history of places in the reader state: how it moves, and how it is read back from a state file as
hostile input (wrong types, odd text, huge lists: left out with one line, never a traceback)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.history import MAX_PLACES, MAX_TEXT, History, Place
from tui.state import STATE_FILE, Bookmark, ReaderState


def _places(*names: str) -> list[Place]:
    return [Place(name, "summary", "") for name in names]


def test_visiting_after_going_back_drops_the_places_ahead() -> None:
    history = History(_places("a", "b", "c"))
    place, skipped = history.step(-1, lambda _id: True)
    assert (place, skipped) == (Place("b", "summary"), [])
    history.visit(Place("d", "forecast", "oil"))
    assert [place.briefing_id for place in history.places] == ["a", "b", "d"]
    assert history.step(1, lambda _id: True) == (None, [])
    assert history.current == Place("d", "forecast", "oil")


def test_the_same_card_again_is_one_place_and_the_current_follows_reading() -> None:
    history = History(_places("a"))
    history.visit(Place("a", "summary", "oil"))
    history.follow("papers-2")
    assert history.places == [Place("a", "papers-2", "oil")]


def test_only_the_newest_places_are_kept() -> None:
    history = History()
    for number in range(MAX_PLACES + 5):
        history.visit(Place(f"b{number}", "summary"))
    assert len(history.places) == MAX_PLACES and history.places[0].briefing_id == "b5"
    assert history.position == MAX_PLACES - 1


@pytest.mark.parametrize(("step", "expected", "position"), [(-1, "a", 0), (1, "e", 3)])
def test_stepping_leaves_out_places_whose_briefing_is_gone(step: int, expected: str, position: int) -> None:
    history = History(_places("a", "gone", "c", "gone", "e"), position=2)
    place, skipped = history.step(step, lambda briefing_id: briefing_id != "gone")
    assert place is not None and place.briefing_id == expected and skipped == _places("gone")
    assert history.position == position and history.current == place
    assert [p.briefing_id for p in history.places].count("gone") == 1


def test_keeping_only_known_briefings_keeps_the_current_place_where_it_can() -> None:
    history = History(_places("gone", "a", "gone", "b", "c"), position=3)
    assert history.keep_only(lambda briefing_id: briefing_id != "gone") == _places("gone", "gone")
    assert history.current == Place("b", "summary") and history.position == 1
    lost = History(_places("a", "gone"))
    lost.keep_only(lambda briefing_id: briefing_id != "gone")
    assert lost.current == Place("a", "summary")
    empty = History(_places("gone"))
    empty.keep_only(lambda briefing_id: briefing_id != "gone")
    assert (empty.current, empty.position) == (None, -1)


def test_the_history_round_trips_through_the_state_file(tmp_path: Path) -> None:
    state, _ = ReaderState.load(tmp_path)
    state.history = History([Place("a", "summary", "oil [bold]x[/]"), Place("b", "#3", "")], position=0)
    state.save()
    again, warning = ReaderState.load(tmp_path)
    assert warning is None
    assert again.history.places == state.history.places and again.history.position == 0


def test_a_state_from_before_the_history_still_loads(tmp_path: Path) -> None:
    (tmp_path / STATE_FILE).write_text(
        "version: 2\nlast: {briefing: b, card: forecast}\n"
        "bookmarks: [{briefing: a, card: summary, title: T}]\n",
        encoding="utf-8",
    )
    state, warning = ReaderState.load(tmp_path)
    assert warning is None and state.history.places == [] and state.history.current is None
    assert state.last_card == "forecast" and state.bookmarks == [Bookmark("a", "summary", "T")]


def _load_with_history(tmp_path: Path, history_yaml: str) -> tuple[ReaderState, str | None]:
    (tmp_path / STATE_FILE).write_text(f"read: [a]\ntheme: briefing-light\nhistory: {history_yaml}\n",
                                       encoding="utf-8")
    return ReaderState.load(tmp_path)


@pytest.mark.parametrize("history_yaml", ["5", "[a, b]", "text", "{places: 3}", "{places: {a: 1}}", "{}"])
def test_a_history_of_the_wrong_shape_is_left_out_in_one_line(tmp_path: Path, history_yaml: str) -> None:
    state, warning = _load_with_history(tmp_path, history_yaml)
    assert warning == f"Reading state in {STATE_FILE}: its history is not a list of places; left out."
    assert state.history.places == [] and state.read == {"a"} and state.theme == "briefing-light"
    assert (tmp_path / STATE_FILE).exists()  # the rest of the state is good: nothing set aside


def test_damaged_places_are_left_out_and_counted(tmp_path: Path) -> None:
    long_id = "x" * (MAX_TEXT + 1)
    entries = [
        "{briefing: a, card: summary, query: oil}",
        "7",
        "null",
        "[a, b]",
        "{card: summary}",
        "{briefing: '', card: summary}",
        "{briefing: 5, card: summary}",
        "{briefing: b, card: [1]}",
        "{briefing: b, card: summary, query: {a: 1}}",
        '{briefing: "b\\e]52;c;aGk=\\a", card: summary}',
        f"{{briefing: {long_id}, card: summary}}",
        "{briefing: c}",
    ]
    state, warning = _load_with_history(tmp_path, "{position: 0, places: [" + ", ".join(entries) + "]}")
    assert state.history.places == [Place("a", "summary", "oil"), Place("c", "", "")]
    assert state.history.current == Place("c", "", "")  # positions shift when entries go: the newest
    assert warning is not None and "\n" not in warning
    assert warning.endswith("10 of its 12 history places left out (damaged, or older than the last 100).")


def test_a_huge_history_is_cut_to_the_newest(tmp_path: Path) -> None:
    """How long it takes is not timed here (a loaded machine made a bound flaky): the file's size
    bound and the cut are what this checks."""
    count = 20_000
    places = ", ".join(f"{{briefing: b{number}}}" for number in range(count))
    state, warning = _load_with_history(tmp_path, f"{{position: 5, places: [{places}]}}")
    assert len(state.history.places) == MAX_PLACES
    assert state.history.places[-1].briefing_id == f"b{count - 1}"
    assert warning is not None
    assert f"{count - MAX_PLACES:,} of its {count:,} history places left out" in warning


@pytest.mark.parametrize("position", ["true", "'1'", "-1", "2", "1.0", "[0]"])
def test_a_position_that_is_not_a_place_makes_the_newest_current(tmp_path: Path, position: str) -> None:
    state, warning = _load_with_history(tmp_path, f"{{position: {position}, places: [{{briefing: a}}, "
                                                  "{briefing: b}]}")
    assert [place.briefing_id for place in state.history.places] == ["a", "b"]
    assert state.history.current == Place("b", "")
    assert warning == (f"Reading state in {STATE_FILE}: its history position is not one of its places; the "
                       "newest is current.")


_DATA = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(
        st.sampled_from(["briefing", "card", "query", "places", "position", "x"]), inner, max_size=4),
    max_leaves=30,
)


@settings(derandomize=True, max_examples=400)
@given(_DATA)
def test_any_data_gives_a_usable_history_and_at_most_one_line(data: object) -> None:
    history, note = History.from_data(data)
    assert note is None or (note.isprintable() and len(note) < 200)
    assert len(history.places) <= MAX_PLACES
    assert history.current is None or history.current in history.places
    assert all(place.briefing_id and place.briefing_id.isprintable() for place in history.places)
