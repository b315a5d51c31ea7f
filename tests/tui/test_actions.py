"""The action registry owns every key: bindings come from it, no two actions share a key where Textual
looks both up, every action names a method that exists, and README's key table lists every key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.keys import KEY_DISPLAY_ALIASES, format_key
from textual.widgets import Input, OptionList

from tui.actions import ACTIONS, BY_ID, CHAINS, Context, clashes, in_context
from tui.app import BriefingApp
from tui.screens.bookmarks import BookmarksScreen
from tui.screens.changes import ChangesScreen
from tui.screens.dossier import DossierScreen
from tui.screens.facets import FacetScreen
from tui.screens.figures import FiguresScreen
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.note_dialog import AskDialog, NoteDialog
from tui.screens.notes import NotesScreen
from tui.screens.saved_searches import SavedSearchesScreen
from tui.screens.story import ArticleList, StoryScreen
from tui.widgets.briefing_list import BriefingList
from tui.widgets.entity_panel import EntityPanel
from tui.widgets.reader import Reader
from tui.widgets.search_pane import SearchBox

README = Path(__file__).resolve().parents[2] / "README.md"
OWNERS: dict[Context, type[DOMNode]] = {
    Context.APP: BriefingApp,
    Context.MAIN: MainScreen,
    Context.SEARCH: SearchBox,
    Context.LIST: BriefingList,
    Context.READER: Reader,
    Context.ENTITIES: EntityPanel,
    Context.FIGURES: FiguresScreen,
    Context.FACETS: FacetScreen,
    Context.BOOKMARKS: BookmarksScreen,
    Context.NOTES: NotesScreen,
    Context.DOSSIER: DossierScreen,
    Context.CHANGES: ChangesScreen,
    Context.SAVED: SavedSearchesScreen,
    Context.STORY: StoryScreen,
    Context.STORY_ARTICLES: ArticleList,
    Context.FORM: NoteDialog,
    Context.HELP: HelpScreen,
}
README_CONTEXTS = (Context.APP, Context.MAIN, Context.SEARCH, Context.LIST, Context.READER, Context.ENTITIES)


def test_no_two_actions_share_a_key_where_textual_looks_both_up() -> None:
    found = [(first.id or first.label, second.id or second.label, key) for first, second, key in clashes({})]
    assert found == []


def test_a_clash_across_a_widget_and_its_screen_is_found() -> None:
    """The check follows Textual's chain: a reader key is also looked up on the main screen and the app."""
    found = {(first.id, second.id, key) for first, second, key in clashes({"reader.down": ("n",)})}
    assert found == {("main.next_hit", "reader.down", "n")}
    assert list(clashes({"facets.close": ("n",)})) == []


def test_both_forms_have_the_form_keys() -> None:
    assert AskDialog.BINDINGS == NoteDialog.BINDINGS


def test_every_context_is_in_a_chain_and_ids_are_unique() -> None:
    assert {context for chain in CHAINS for context in chain} == set(Context)
    ids = [action.id for action in ACTIONS if action.id]
    assert len(ids) == len(set(ids)) == len(BY_ID)
    assert all(action_id.split(".")[0] for action_id in ids)


@pytest.mark.parametrize("context", list(Context))
def test_bindings_are_the_registry(context: Context) -> None:
    owner = OWNERS[context]
    bound = {binding.id: binding for binding in owner.BINDINGS if isinstance(binding, Binding)}
    expected = {action.id: action for action in in_context(context) if action.id}
    assert set(bound) == set(expected)
    for action_id, action in expected.items():
        assert bound[action_id].key.split(",") == list(action.keys)
        name = action.action.split("(")[0]
        if "." not in name:
            assert callable(getattr(owner, f"action_{name}", None)), f"{owner.__name__} lacks action_{name}"


FOCUSED_INSIDE: dict[Context, type[DOMNode]] = {
    Context.ENTITIES: OptionList,
    Context.FIGURES: OptionList,
    Context.FACETS: OptionList,
    Context.BOOKMARKS: OptionList,
    Context.NOTES: OptionList,
    Context.DOSSIER: OptionList,
    Context.SAVED: OptionList,
    Context.FORM: Input,
    Context.CHANGES: VerticalScroll,
    Context.HELP: VerticalScroll,
}
"""The Textual widget that has the focus inside a context, whose own keys are in the same chain."""


@pytest.mark.parametrize("context", list(Context))
def test_every_key_textual_binds_in_a_context_is_in_the_registry(context: Context) -> None:
    """So a remap onto a key a Textual widget already uses is found as a clash, not silently shadowed."""
    known = {
        key
        for chain in CHAINS
        if context in chain
        for action in ACTIONS
        if action.context in chain or action.everywhere
        for key in action.keys
    }
    for owner in (OWNERS[context], FOCUSED_INSIDE.get(context)):
        merged = owner._merged_bindings if owner is not None else None
        unknown = set(merged.key_to_bindings) - known if merged is not None else set()
        assert unknown == set(), owner


def _shown(key: str) -> str:
    """As README writes it: `/` for slash, `]` for right_square_bracket, but `escape` and `up` by name."""
    return key if key in KEY_DISPLAY_ALIASES else format_key(key)


def test_readme_key_table_lists_every_key_of_the_main_contexts() -> None:
    text = README.read_text(encoding="utf-8")
    table = text[text.index("| key | action |") :]
    table = table[: table.index("\n\n")]
    listed = set(re.findall(r"`([^`]+)`", table))
    missing = {
        (action.id or action.label, key)
        for context in README_CONTEXTS
        for action in in_context(context, shown_only=True)
        for key in action.keys
        if _shown(key) not in listed
    }
    assert missing == set()
