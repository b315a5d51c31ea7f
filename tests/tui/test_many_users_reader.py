"""The reader on a library another user (another HOME) writes to: an open search takes in what they
ingest, though their ingest wrote only their own index; the reading state goes to the user's folder."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

import tui.library_service
from briefings.library import Library, user_state_dir
from tests.tui.conftest import settle
from tests.tui.test_library_updates import _until
from tui.app import BriefingApp
from tui.state import STATE_FILE
from tui.widgets.briefing_list import BriefingList, HitRows

ROOT = Path(__file__).resolve().parents[2]
XDG = (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache"),
       ("XDG_STATE_HOME", "state"))
TANKERS = ("---\ntitle: Tanker insurers raise war-risk premiums\ndate: 2031-02-03\n---\n\n## Summary\n\n"
           "Insurers of tankers crossing the strait raised their war-risk premiums again.\n")


@pytest.fixture(autouse=True)
def quick_looks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tui.library_service, "POLL_INTERVAL", 0.2)


async def _as_another_user(home: Path, library: Path, *args: str) -> None:
    """The `briefing` command run by someone else: another HOME, so other cache and state folders."""
    env = {**os.environ, "HOME": str(home), **{var: str(home / sub) for var, sub in XDG}}
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "cli.main", "--library", str(library), *args, cwd=ROOT, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    _, err = await child.communicate()
    assert child.returncode == 0, err


@pytest.mark.slow
async def test_an_open_search_takes_in_what_another_user_ingests(library_path: Path, tmp_path: Path) -> None:
    note = tmp_path / "tankers.md"
    note.write_text(TANKERS, encoding="utf-8")
    ben = tmp_path / "ben"
    with Library(library_path) as library:
        app = BriefingApp(library)
        async with app.run_test(size=(120, 32)) as pilot:
            await settle(pilot)
            await _as_another_user(ben, library_path, "search", "tankers")  # ben builds his own index
            listing = app.screen.query_one(BriefingList)
            await pilot.press("slash", *"tankers", "enter")
            await settle(pilot)

            def titles() -> list[str]:
                assert isinstance(listing.rows, HitRows)
                return [row.title for row in listing.rows.rows if row.title]

            assert "Tanker insurers raise war-risk premiums" not in titles()
            index = app.index
            assert index is not None and index.store.path == library_path / "index"
            mine = (library_path / "index").stat().st_ino
            await _as_another_user(ben, library_path, "ingest", str(note))
            await _until(pilot, lambda: "Tanker insurers raise war-risk premiums" in titles(), "the new hit")
            assert (library_path / "index").stat().st_ino == mine  # caught up, never rebuilt
            assert [n.message for n in app._notifications if n.severity != "information"] == []
            app.save_state(wait=True)
    assert (user_state_dir(library_path) / STATE_FILE).is_file()  # the reading state is this user's own
    assert not (library_path / STATE_FILE).exists()
