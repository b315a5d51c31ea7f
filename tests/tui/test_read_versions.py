"""A briefing the analyst read turns unread again when another process ingests a new version of it, while
the reader is open: the list shows its unread dot beside the ↻, and the state file says at which version
each mark was made. Our own Kagi fixtures (tests/data/kagi/developing_story_v*)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from rich.style import Style

from briefings.library import Library, user_state_dir
from briefings.read_marks import STATE_FILE
from briefings.safe_yaml import load_yaml
from cli.main import main
from tests.tui.conftest import settle
from tests.tui.test_library_updates import _until
from tests.tui.test_saved_searches import briefing_command, main_screen
from tui.app import BriefingApp
from tui.widgets.briefing_list import CatalogRows

KAGI = Path(__file__).parent.parent / "data" / "kagi"
STORY_ID = "flash-floods-hit-the-merrow-valley-1d4370e9"


def _row(app: BriefingApp, briefing_id: str) -> str:
    rows = main_screen(app).pane.listing.rows
    assert isinstance(rows, CatalogRows)
    index = rows.find(briefing_id)
    assert index is not None
    return rows.lines(index, 80, defaultdict(Style.null))[0].plain


@pytest.mark.slow
async def test_a_read_briefing_is_unread_again_when_its_new_version_arrives(tmp_path: Path) -> None:
    root = tmp_path / "library"
    assert main(["--library", str(root), "ingest", "--quiet", str(KAGI / "developing_story_v1.json"),
                 str(KAGI / "single_cluster.json")]) == 0
    with Library(root) as library:
        app = BriefingApp(library)
        async with app.run_test(size=(120, 32)) as pilot:
            await settle(pilot)
            screen = main_screen(app)
            screen.pane.listing.move_to(STORY_ID)
            await pilot.press("enter")
            await settle(pilot)
            assert STORY_ID in app.state.read and _row(app, STORY_ID).startswith("  ")
            other = next(entry.id for entry in screen.entries if entry.id != STORY_ID)
            app.state.mark_read(other)

            await briefing_command(root, "ingest", str(KAGI / "developing_story_v2.json"))
            await _until(pilot, lambda: STORY_ID not in app.state.read, "the new version made it unread")
            await settle(pilot)
            assert _row(app, STORY_ID).startswith("●↻ ") and other in app.state.read
            await _until(pilot, lambda: STORY_ID not in load_yaml(
                (user_state_dir(root) / STATE_FILE).read_text(encoding="utf-8"))["read"], "saved unread")

            screen.open_briefing(STORY_ID)  # read again, now at version 2
            await settle(pilot)
            assert app.state.read_versions[STORY_ID] == 2 and _row(app, STORY_ID).startswith(" ↻ ")
