"""The registry in the running app: a remapped key works and the old one does not, a clash is said,
the palette puts commands above titles, any theme survives a restart, dialogs move with j/k."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.command import CommandList
from textual.widgets import OptionList
from textual.widgets._footer import FooterKey

from tests.tui.conftest import SIZE, entry_index, facets_of, settle, type_in_palette
from tui.app import BriefingApp
from tui.keymap import CONFIG_ENV, KEYMAP_FILE
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.widgets.briefing_list import BriefingList
from tui.widgets.entity_panel import EntityPanel

MakeApp = Callable[[], BriefingApp]
SEED_PAGE = "North Korea has significantly"


@pytest.fixture
def keymap_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    folder.mkdir()
    monkeypatch.setenv(CONFIG_ENV, str(folder))
    return folder / KEYMAP_FILE


def _messages(app: BriefingApp) -> list[str]:
    return [notification.message for notification in app._notifications]


async def _open_seed_page(pilot, app: BriefingApp) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    app.screen.query_one(BriefingList).focus()
    await pilot.press("home", *["j"] * entry_index(app, SEED_PAGE), "enter")
    await settle(pilot)


async def test_a_remapped_key_works_and_the_old_one_does_not(make_app: MakeApp, keymap_file: Path) -> None:
    keymap_file.write_text('[keymap]\nmain.entities = "ctrl+o"\n', encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_seed_page(pilot, app)
        panel = app.screen.query_one(EntityPanel)
        assert panel.display
        footer = {key.description: key.key_display for key in app.screen.query(FooterKey)}
        assert footer["Entities"] == "^o"
        await pilot.press("e")
        assert panel.display
        await pilot.press("ctrl+o")
        assert not panel.display
        await pilot.press("ctrl+o")
        assert panel.display
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {description: keys for _title, rows in app.screen.sections() for keys, description in rows}
        assert rows["Show or hide the entity panel"] == "^o"
        assert _messages(app) == []


async def test_a_clash_is_said_in_the_app_and_the_rest_applies(make_app: MakeApp, keymap_file: Path) -> None:
    keymap_file.write_text('[keymap]\nmain.bookmark = "f"\nmain.entities = "ctrl+o"\n', encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_seed_page(pilot, app)
        assert _messages(app) == [
            f'{keymap_file}: main.bookmark = "f" clashes with main.facets (key f, main screen); not applied.'
        ]
        panel = app.screen.query_one(EntityPanel)
        await pilot.press("ctrl+o")
        assert not panel.display
        await pilot.press("b")
        assert app.state.bookmarks


async def test_a_hostile_keymap_is_one_note_and_the_app_runs(make_app: MakeApp, keymap_file: Path) -> None:
    keymap_file.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        expected = f"{keymap_file}: it is a binary file, not TOML text; using the default keys."
        assert _messages(app) == [expected]
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)


async def test_the_palette_ranks_commands_above_briefing_titles(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_in_palette(pilot, app, "rice")
        await app.workers.wait_for_complete()
        await pilot.pause()
        hits = [option.hit for option in app.screen.query_one(CommandList).options]  # type: ignore[attr-defined]
        titles = [hit.text.startswith("Open ") for hit in hits]
        assert any(titles) and not all(titles), [hit.text for hit in hits]
        assert titles == sorted(titles), [hit.text for hit in hits]


async def test_a_palette_command_runs_its_action(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_in_palette(pilot, app, "show keys")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


@pytest.mark.parametrize("theme", ["nord", "gruvbox", "briefing-light"])
async def test_any_theme_survives_a_restart(make_app: MakeApp, theme: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.theme = theme
        await pilot.press("q")
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == theme


async def test_a_theme_that_no_longer_exists_falls_back_to_ours(make_app: MakeApp) -> None:
    app = make_app()
    app.state.theme = "no-such-theme"
    app.state.save()
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == "briefing-dark"


async def test_the_facet_dialog_moves_with_j_k_and_arrows(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        options = await facets_of(pilot, app, "troops")
        start = options.highlighted
        assert start is not None
        await pilot.press("j")
        after_j = options.highlighted
        assert after_j is not None and after_j > start
        await pilot.press("down")
        assert options.highlighted is not None and options.highlighted > after_j
        await pilot.press("k")
        assert options.highlighted == after_j
        await pilot.press("up")
        assert options.highlighted == start


async def test_the_bookmarks_and_help_dialogs_move_with_j_k(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_seed_page(pilot, app)
        await pilot.press("b", "right_square_bracket", "b", "B")
        await pilot.pause()
        listing = app.screen.query_one(OptionList)
        assert listing.highlighted == 0 and listing.option_count == 2
        await pilot.press("j")
        assert listing.highlighted == 1
        await pilot.press("k")
        assert listing.highlighted == 0
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        body = app.screen.query_one("#help-body")
        assert body.scroll_y == 0
        await pilot.press("j", "j")
        await pilot.pause()
        assert body.scroll_y > 0
        scrolled = body.scroll_y
        await pilot.press("k")
        await pilot.pause()
        assert body.scroll_y < scrolled
