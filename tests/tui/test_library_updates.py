"""The list follows the library: the inbox of `briefing --watch`, and large libraries loaded in two steps."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

import tui.screens.main
from briefings.library import Library
from tui.app import BriefingApp
from tui.screens.main import MainScreen


async def test_a_file_dropped_in_the_inbox_appears_in_the_list(
    library_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tui.screens.main, "WATCH_INTERVAL", 0.1)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with Library(library_path) as library:
        app = BriefingApp(library, watch_folder=inbox)
        async with app.run_test(size=(120, 32)) as pilot:
            screen = app.screen
            assert isinstance(screen, MainScreen)
            before = len(screen.entries)
            (inbox / "harbour.md").write_text(
                "---\ntitle: Harbour reopens after the storm\ndate: 2031-01-02\n---\n\n"
                "## Summary\n\nThe harbour reopened on Tuesday.\n",
                encoding="utf-8",
            )
            for _ in range(100):
                await asyncio.sleep(0.05)
                await pilot.pause()
                if len(screen.entries) > before:
                    break
            assert len(screen.entries) == before + 1
            assert screen.entries[0].title == "Harbour reopens after the storm"  # newest first
            assert screen.sub_title == f"{before + 1:,} briefings"
            await pilot.press("q")


async def test_a_large_library_shows_its_newest_first_then_the_whole_list(
    library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tui.screens.main, "FIRST_SCREEN_ENTRIES", 3)
    with Library(library_path) as library:
        everything = library.entries()
        assert library.newest_entries(3) == everything[:3]  # the same order, read through the date index
        app = BriefingApp(library)
        async with app.run_test(size=(120, 32)) as pilot:
            screen = app.screen
            assert isinstance(screen, MainScreen)
            assert screen.sub_title == f"{len(everything):,} briefings"
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert screen.entries == everything
