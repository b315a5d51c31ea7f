"""Reading state on disk: round trip, tolerance of damaged or foreign files, atomic writes."""

from __future__ import annotations

from pathlib import Path

from tui.state import BACKUP_SUFFIX, STATE_FILE, Bookmark, ReaderState


def test_state_round_trips(tmp_path: Path) -> None:
    state, warning = ReaderState.load(tmp_path)
    assert warning is None and state.read == set()
    state.read |= {"a", "b"}
    assert state.toggle_bookmark(Bookmark("a", "forecast", "Title [x]", "Forecast"))
    state.last_briefing, state.last_card, state.theme = "b", "papers-2", "briefing-light"
    state.save()
    again, warning = ReaderState.load(tmp_path)
    assert warning is None
    assert (again.read, again.bookmarks, again.last_briefing, again.last_card, again.theme) == (
        {"a", "b"},
        [Bookmark("a", "forecast", "Title [x]", "Forecast")],
        "b",
        "papers-2",
        "briefing-light",
    )
    assert not again.toggle_bookmark(Bookmark("a", "forecast", "Title [x]", "Forecast"))
    assert again.bookmarks == []
    assert not list(tmp_path.glob(f".{STATE_FILE}.*"))


def test_odd_values_are_ignored_not_fatal(tmp_path: Path) -> None:
    (tmp_path / STATE_FILE).write_text(
        "read: [a, 3, null]\nbookmarks: [{briefing: x, card: -4}, 7, {card: 1}]\n"
        "last: {briefing: 5}\ntheme: [1]\n",
        encoding="utf-8",
    )
    state, warning = ReaderState.load(tmp_path)
    assert warning is None
    assert state.read == {"a"} and state.bookmarks == [Bookmark("x", "#0", "")]
    assert state.last_briefing is None and state.theme == ""


def test_hostile_or_damaged_files_start_afresh_and_are_kept(tmp_path: Path) -> None:
    bomb = "n0: &n0 [x, x]\n" + "".join(
        f"n{i}: &n{i} [*n{i - 1}, *n{i - 1}, *n{i - 1}]\n" for i in range(1, 60)
    )
    for text in ("read: [unclosed", "!!python/object:os.system {}", bomb, "- just\n- a list\n"):
        (tmp_path / STATE_FILE).write_text(text, encoding="utf-8")
        state, warning = ReaderState.load(tmp_path)
        assert warning is not None and "starting afresh" in warning and state.read == set()
        assert not (tmp_path / STATE_FILE).exists()
    assert len(list(tmp_path.glob(f"{STATE_FILE}.damaged-*"))) >= 1


def test_a_state_from_before_card_ids_keeps_its_positions_and_a_backup(tmp_path: Path) -> None:
    older = "version: 1\nlast: {briefing: b, card: 2}\nbookmarks: [{briefing: a, card: 1, title: T}]\n"
    (tmp_path / STATE_FILE).write_text(older, encoding="utf-8")
    state, warning = ReaderState.load(tmp_path)
    assert warning is None and state.last_card == "#2" and state.bookmarks == [Bookmark("a", "#1", "T")]
    state.save()
    backup = tmp_path / (STATE_FILE + BACKUP_SUFFIX)
    assert backup.read_text(encoding="utf-8") == older
    assert "version: 2" in (tmp_path / STATE_FILE).read_text(encoding="utf-8")
    backup.write_text("kept", encoding="utf-8")
    ReaderState.load(tmp_path)  # now version 2: the backup is made once and never overwritten
    assert backup.read_text(encoding="utf-8") == "kept"
