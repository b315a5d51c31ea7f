"""`briefing --watch FOLDER`: the reader ingests what arrives in the inbox and its list follows."""

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
