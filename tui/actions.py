"""Every key of the reader, in one registry: bindings, palette commands, the help screen and the footer
are generated from it, and a user's keymap (tui/keymap.py) remaps it by action id.

An action works in one context (a screen or a widget). Textual looks a key up along a chain of
contexts (the focused widget, its screen, the app; a modal dialog stops the chain, but for the keys
Textual gives every screen and its priority keys), so two actions
may not share a key anywhere in one chain: `clashes` finds them, for the defaults (a test) and for a
remapped keymap alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import Enum

from textual.binding import Binding, BindingType


class Context(Enum):
    """Where an action works; the value is its group title on the help screen."""

    APP = "Everywhere"
    MAIN = "Main screen"
    SEARCH = "Search box"
    LIST = "Briefing list and search hits"
    READER = "Reader"
    ENTITIES = "Entity panel"
    FIGURES = "Figures (F)"
    FACETS = "Filter (f)"
    BOOKMARKS = "Bookmarks (B)"
    NOTES = "Notes (A)"
    DOSSIER = "Dossiers (D)"
    CHANGES = "Changes (C)"
    SAVED = "Saved searches (s)"
    STORY = "Story (enter on a story's row)"
    STORY_ARTICLES = "A story's articles"
    FORM = "Note and dossier-name dialogs"
    HELP = "Help (?)"


CHAINS: tuple[tuple[Context, ...], ...] = (
    (Context.SEARCH, Context.MAIN, Context.APP),
    (Context.LIST, Context.MAIN, Context.APP),
    (Context.READER, Context.MAIN, Context.APP),
    (Context.ENTITIES, Context.MAIN, Context.APP),
    (Context.FIGURES,),
    (Context.FACETS,),
    (Context.BOOKMARKS,),
    (Context.NOTES,),
    (Context.DOSSIER,),
    (Context.CHANGES,),
    (Context.SAVED,),
    (Context.STORY_ARTICLES, Context.STORY, Context.APP),
    (Context.READER, Context.STORY, Context.APP),
    (Context.FORM,),
    (Context.HELP,),
)
"""The contexts Textual searches together for one key press: widget, screen, app; a dialog alone."""


@dataclass(frozen=True)
class Action:
    id: str
    """The binding id; a keymap remaps by it. Empty for keys Textual itself provides (not remappable)."""
    context: Context
    keys: tuple[str, ...]
    """Default keys, in Textual's names (`question_mark`, `ctrl+p`)."""
    action: str
    """The Textual action run in the context's widget or screen (`focus_search`, `cursor('down')`)."""
    label: str
    """Short words for the footer."""
    help: str = ""
    """What it does, for the help screen; the label when empty."""
    command: str = ""
    """Its name in the command palette; empty keeps it out of the palette."""
    footer: bool = False
    everywhere: bool = False
    """Textual looks it up on every screen, dialogs too (its priority and per-screen keys)."""
    shown: bool = True
    """Listed on the help screen; the keys Textual's widgets have beside ours are only kept free."""

    @property
    def description(self) -> str:
        return self.help or self.label

    def binding(self, keys: Iterable[str] | None = None) -> Binding:
        return Binding(
            ",".join(self.keys if keys is None else keys),
            self.action,
            self.label,
            show=self.footer,
            id=self.id,
            tooltip=self.help,
        )


SCROLL_KEYS = "up,down,pageup,pagedown,home,end"
SIDEWAYS_KEYS = "left,right,ctrl+pageup,ctrl+pagedown"
INPUT_KEYS = (
    "left,right,home,end,pageup,pagedown,ctrl+pageup,ctrl+pagedown,backspace,delete,alt+backspace,"
    "ctrl+backspace,super+backspace,ctrl+a,ctrl+shift+a,ctrl+d,ctrl+e,ctrl+k,ctrl+u,ctrl+w,ctrl+v,ctrl+x,"
    "ctrl+left,ctrl+right,ctrl+shift+left,ctrl+shift+right,shift+left,shift+right,shift+home,shift+end"
)
"""Keys the search box (a Textual `Input`) edits the query with (its `up` is ours: the previous hit)."""


def _dialog(context: Context, name: str, close_keys: tuple[str, ...]) -> list[Action]:
    """Close, and j/k beside the arrows, for a dialog (arrows, home/end and enter are its list's own)."""
    return [
        _textual(context, f"{SCROLL_KEYS},{SIDEWAYS_KEYS}", "Move", shown=False),
        Action(f"{name}.close", context, close_keys, "dismiss", "Close"),
        Action(f"{name}.down", context, ("j",), "cursor('down')", "Down", "Move down (also ↓)"),
        Action(f"{name}.up", context, ("k",), "cursor('up')", "Up", "Move up (also ↑)"),
    ]


def _filter_keys(context: Context, prefix: str) -> list[Action]:
    """Removing and pinning the search's filters, from the search box and from the list alike."""
    return [
        Action(f"{prefix}.remove_filter", context, ("ctrl+r",), "edit_filters('remove_last')",
               "Remove filter", "Remove the newest filter (the last chip above the list)"),
        Action(f"{prefix}.clear_filters", context, ("ctrl+l",), "edit_filters('clear')", "Clear filters",
               "Remove every filter, pinned ones too; the query stays"),
        Action(f"{prefix}.pin_filters", context, ("ctrl+t",), "edit_filters('pin')", "Pin filters",
               "Pin the filters so a new query keeps them (again to unpin)"),
    ]


def _textual(
    context: Context, keys: str, label: str, *, everywhere: bool = False, shown: bool = True
) -> Action:
    """A key Textual's own widgets provide: kept free of clashes, not remappable."""
    return Action("", context, tuple(keys.split(",")), "", label, everywhere=everywhere, shown=shown)


ACTIONS: tuple[Action, ...] = (
    Action("app.quit", Context.APP, ("q",), "quit", "Quit", footer=True),
    Action(
        "app.help", Context.APP, ("question_mark",), "help", "Help", "List every key (this screen)",
        command="Show keys (help)", footer=True,
    ),
    Action(
        "app.theme", Context.APP, ("T",), "toggle_theme", "Theme", "Switch between the light and dark theme",
        command="Switch light/dark theme",
    ),
    _textual(Context.APP, "ctrl+p", "Command palette", everywhere=True),
    _textual(Context.APP, "tab", "Next pane", everywhere=True),
    _textual(Context.APP, "shift+tab", "Previous pane", everywhere=True),
    _textual(Context.APP, "ctrl+q", "Quit at once", everywhere=True),
    _textual(Context.APP, "ctrl+c,super+c", "Copy selected text", everywhere=True),
    Action(
        "main.search", Context.MAIN, ("slash",), "focus_search", "Search", "Put the cursor in the search box",
        command="Focus search", footer=True,
    ),
    Action(
        "main.clear_search", Context.MAIN, ("escape",), "clear_search", "Clear search",
        "Clear the query; the filters stay until removed or a new query is typed",
        command="Clear search",
    ),
    Action(
        "main.next_hit", Context.MAIN, ("n",), "next_hit", "Next hit",
        "Next card of the open briefing that matches the search", command="Next search hit in this briefing",
    ),
    Action(
        "main.previous_hit", Context.MAIN, ("N",), "previous_hit", "Previous hit",
        "Previous card that matches the search", command="Previous search hit in this briefing",
    ),
    Action(
        "main.facets", Context.MAIN, ("f",), "facets", "Filter",
        "Filter results by kind, outlet, entity, topic, quality", command="Filter search by facets",
        footer=True,
    ),
    Action(
        "main.changes", Context.MAIN, ("C",), "changes", "Changes",
        "What changed since the briefing's previous version (a briefing that arrived again)",
        command="Show what changed between versions of this briefing",
    ),
    Action(
        "main.sort", Context.MAIN, ("S",), "toggle_sort", "Sort",
        "Sort results newest first, or best first again", command="Sort results by date or by relevance",
    ),
    Action(
        "main.by_story", Context.MAIN, ("Z",), "toggle_by_story", "By story",
        "Search results one row per story (its best card, matching articles, outlets), or by article again",
        command="Show search results by story or by article",
    ),
    Action(
        "main.archived", Context.MAIN, ("H",), "toggle_archived", "Archived",
        "List the archived briefings only, and include them (marked) in searches; again: hide them",
        command="Show archived briefings",
    ),
    Action(
        "main.figures", Context.MAIN, ("F",), "figures", "Figures",
        "Figures side by side, disagreeing ones first",
        command="Show figures side by side (where sources disagree)", footer=True,
    ),
    Action(
        "main.entities", Context.MAIN, ("e",), "toggle_entities", "Entities", "Show or hide the entity panel",
        command="Toggle entity panel", footer=True,
    ),
    Action(
        "main.bookmark", Context.MAIN, ("b",), "bookmark", "Bookmark",
        "Bookmark the current card (again to remove)", command="Toggle bookmark on this card", footer=True,
    ),
    Action(
        "main.bookmarks", Context.MAIN, ("B",), "bookmarks", "Bookmarks",
        "List bookmarks; enter opens one, d removes it", command="Show bookmarks",
    ),
    Action(
        "main.note", Context.MAIN, ("a",), "note", "Note",
        "Note the selected passage (v), else the whole current card: text, tags, grade",
        command="Note this card or the selected passage",
    ),
    Action(
        "main.notes", Context.MAIN, ("A",), "notes", "Notes",
        "List every note, filtered by tag or briefing; enter opens one, d removes it", command="Show notes",
    ),
    Action(
        "main.to_dossier", Context.MAIN, ("d",), "add_to_dossier", "To dossier",
        "Add the current card, with its newest note, to a dossier (asks which; the last used first)",
        command="Add this card to a dossier",
    ),
    Action(
        "main.dossiers", Context.MAIN, ("D",), "dossiers", "Dossiers",
        "Dossiers: reorder and remove cards, export as Markdown or HTML", command="Show dossiers",
    ),
    Action(
        "main.copy", Context.MAIN, ("y",), "copy", "Copy",
        "Copy the selected passage, else the current card's text (OSC 52, and a file in the state folder)",
        command="Copy this card or the selected passage",
    ),
    Action(
        "main.copy_citation", Context.MAIN, ("Y",), "copy_citation", "Copy citation",
        "Copy a citation of the current card: briefing, outlet, journalist, date, URLs",
        command="Copy a citation of this card",
    ),
    Action(
        "main.next_result", Context.MAIN, ("J",), "step_result(1)", "Next result",
        "Open the next search result at its card, staying in the reader",
        command="Next search result",
    ),
    Action(
        "main.prev_result", Context.MAIN, ("K",), "step_result(-1)", "Previous result",
        "Open the previous search result at its card", command="Previous search result",
    ),
    Action(
        "main.results", Context.MAIN, ("R",), "focus_results", "Results",
        "Put the cursor in the search results, on the hit being read", command="Go to the search results",
    ),
    Action(
        "main.back", Context.MAIN, ("less_than_sign",), "travel(-1)", "Back",
        "Back to the briefing, card and search seen before, as a browser's back",
        command="Go back (history)",
    ),
    Action(
        "main.forward", Context.MAIN, ("greater_than_sign",), "travel(1)", "Forward",
        "Forward again after going back", command="Go forward (history)",
    ),
    Action(
        "main.saved_searches", Context.MAIN, ("s",), "saved_searches", "Saved",
        "Saved searches with unread/total counts and queries; enter runs one, d forgets one",
        command="Show saved searches",
    ),
    Action(
        "main.saved_list", Context.MAIN, ("W",), "toggle_saved_list", "Saved list",
        "Show or hide the saved searches under the list (shown by default from 120 columns)",
        command="Toggle the saved searches list",
    ),
    Action(
        "main.save_search", Context.MAIN, ("ctrl+s",), "save_search", "Save search",
        "Save the current query and filters under a name (asks which)", command="Save this search",
    ),
    Action(
        "main.mark_read", Context.MAIN, ("M",), "mark_results_read", "Mark read",
        "Mark every briefing in the search results read", command="Mark all search results read",
    ),
    Action(
        "main.unread_only", Context.MAIN, ("U",), "toggle_unread_only", "Unread only",
        "Show only the unread briefings among the results (again: all)",
        command="Show only unread search results",
    ),
    Action(
        "main.next_unread", Context.MAIN, ("ctrl+n",), "step_unread(1)", "Next unread",
        "Open the next unread search result (n is the next hit in this briefing)",
        command="Next unread search result",
    ),
    Action(
        "main.previous_unread", Context.MAIN, ("ctrl+y",), "step_unread(-1)", "Previous unread",
        "Open the previous unread search result", command="Previous unread search result",
    ),
    _textual(Context.SEARCH, "enter", "Open the selected hit at its card (the top one unless moved)"),
    _textual(Context.SEARCH, INPUT_KEYS, "Edit the query", shown=False),
    Action("search.next", Context.SEARCH, ("down",), "select_hit(1)", "Next hit",
           "Select the next hit without leaving the box; enter opens it"),
    Action("search.previous", Context.SEARCH, ("up",), "select_hit(-1)", "Previous hit",
           "Select the previous hit without leaving the box"),
    *_filter_keys(Context.SEARCH, "search"),
    Action("list.down", Context.LIST, ("down", "j"), "cursor_down", "Down"),
    Action("list.up", Context.LIST, ("up", "k"), "cursor_up", "Up"),
    Action("list.page_down", Context.LIST, ("pagedown", "space"), "page_down", "Page down"),
    Action("list.page_up", Context.LIST, ("pageup",), "page_up", "Page up"),
    Action("list.first", Context.LIST, ("home", "g"), "first", "First"),
    Action("list.last", Context.LIST, ("end", "G"), "last", "Last"),
    Action("list.open", Context.LIST, ("enter",), "open", "Open", footer=True),
    *_filter_keys(Context.LIST, "list"),
    _textual(Context.LIST, SIDEWAYS_KEYS, "Scroll sideways", shown=False),
    _textual(Context.READER, SCROLL_KEYS, "Scroll"),
    _textual(Context.READER, SIDEWAYS_KEYS, "Scroll sideways", shown=False),
    Action("reader.down", Context.READER, ("j",), "scroll_down", "Down"),
    Action("reader.up", Context.READER, ("k",), "scroll_up", "Up"),
    Action("reader.page_down", Context.READER, ("space",), "page_down", "Page down", "Scroll a page down"),
    Action("reader.top", Context.READER, ("g",), "scroll_home", "Top", "Go to the top"),
    Action("reader.bottom", Context.READER, ("G",), "scroll_end", "Bottom", "Go to the end"),
    Action(
        "reader.next_card", Context.READER, ("right_square_bracket",), "next_card", "Next card",
        "Move to the next card", command="Next card", footer=True,
    ),
    Action(
        "reader.previous_card", Context.READER, ("left_square_bracket",), "previous_card", "Prev card",
        "Move to the previous card", command="Previous card", footer=True,
    ),
    Action(
        "reader.reference", Context.READER, ("r",), "follow_reference", "Refs",
        "Show the next reference this card cites", footer=True,
    ),
    Action(
        "reader.back", Context.READER, ("backspace",), "back_to_card", "Back to card",
        "Back from the references to the card",
    ),
    Action(
        "reader.fold", Context.READER, ("z",), "toggle_fold", "Fold",
        "Fold or unfold this card (a split article's full text comes folded)",
        command="Fold or unfold the current card", footer=True,
    ),
    Action(
        "reader.source", Context.READER, ("p",), "source_paragraph", "Source",
        "Go to the full-text paragraph this card's next quote comes from",
        command="Go to the paragraph a quote comes from",
    ),
    Action(
        "reader.unrelated", Context.READER, ("u",), "toggle_unrelated", "Unrelated Q&A",
        "Show or hide Q&A unrelated to the briefing", command="Show or hide unrelated Q&A",
    ),
    Action(
        "reader.all_notes", Context.READER, ("L",), "toggle_all_notes", "All notes",
        "Show or hide the lens notes held back as not yet precise",
        command="Show or hide lens notes held back as not yet precise",
    ),
    Action(
        "reader.select", Context.READER, ("v",), "select_passage", "Select",
        "Select a passage: from the first sentence of the card in view (again: drop it)",
        command="Select a passage sentence by sentence",
    ),
    Action("reader.extend", Context.READER, ("right_parenthesis",), "extend_selection(1)", "Sentence on",
           "Move the selection's end one sentence on"),
    Action("reader.shrink", Context.READER, ("left_parenthesis",), "extend_selection(-1)", "Sentence back",
           "Move the selection's end one sentence back"),
    Action("reader.other_end", Context.READER, ("o",), "swap_selection_ends", "Other end",
           "Move the selection's other end with ( and ) from now on"),
    _textual(Context.ENTITIES, "enter", "Show its timeline and the other briefings naming it / open one"),
    _textual(Context.ENTITIES, f"{SCROLL_KEYS},{SIDEWAYS_KEYS}", "Move", shown=False),
    Action("entities.down", Context.ENTITIES, ("j",), "cursor_down", "Down", "Move down (also ↓)"),
    Action("entities.up", Context.ENTITIES, ("k",), "cursor_up", "Up", "Move up (also ↑)"),
    _textual(Context.FIGURES, "enter", "Go to the figure's card"),
    *_dialog(Context.FIGURES, "figures", ("escape", "F")),
    Action(
        "figures.library", Context.FIGURES, ("a",), "toggle_library", "Other briefings",
        "Also list figures on the same subjects from briefings naming the same entities", footer=True,
    ),
    _textual(Context.FACETS, "enter", "Apply the filter, or remove it when ticked"),
    *_dialog(Context.FACETS, "facets", ("escape", "f")),
    _textual(Context.BOOKMARKS, "enter", "Open the bookmarked card"),
    *_dialog(Context.BOOKMARKS, "bookmarks", ("escape", "B")),
    Action("bookmarks.remove", Context.BOOKMARKS, ("d", "delete"), "remove", "Remove bookmark", footer=True),
    _textual(Context.NOTES, "enter", "Open the note's card"),
    *_dialog(Context.NOTES, "notes", ("escape", "A")),
    Action("notes.remove", Context.NOTES, ("d", "delete"), "remove", "Remove note", footer=True),
    Action("notes.tag", Context.NOTES, ("t",), "filter_tag", "Tag",
           "Show only the notes with a tag (asks which)", footer=True),
    Action("notes.briefing", Context.NOTES, ("b",), "filter_briefing", "Briefing",
           "Show only the notes on a briefing (asks which)", footer=True),
    Action("notes.copy", Context.NOTES, ("y",), "copy", "Copy", "Copy the note, with its quote and citation",
           footer=True),
    _textual(Context.DOSSIER, "enter", "Show a dossier's cards / open a card"),
    *_dialog(Context.DOSSIER, "dossier", ("escape", "D")),
    Action("dossier.move_up", Context.DOSSIER, ("K", "shift+up"), "move(-1)", "Move up",
           "Move the card up in the dossier", footer=True),
    Action("dossier.move_down", Context.DOSSIER, ("J", "shift+down"), "move(1)", "Move down",
           "Move the card down in the dossier", footer=True),
    Action("dossier.remove", Context.DOSSIER, ("d", "delete"), "remove", "Remove",
           "Remove the card from the dossier", footer=True),
    Action("dossier.markdown", Context.DOSSIER, ("m",), "export('md')", "Markdown",
           "Export the dossier as Markdown into the library's exports folder", footer=True),
    Action("dossier.html", Context.DOSSIER, ("h",), "export('html')", "HTML",
           "Export the dossier as one self-contained HTML page into the library's exports folder",
           footer=True),
    _textual(Context.FORM, "enter", "Save (from any field)"),
    _textual(Context.FORM, f"{INPUT_KEYS},up,down", "Edit the field", shown=False),
    Action("form.close", Context.FORM, ("escape",), "dismiss", "Cancel", "Close without saving"),
    *_dialog(Context.CHANGES, "changes", ("escape", "C")),
    Action("changes.older", Context.CHANGES, ("left_square_bracket",), "step(-1)", "Older",
           "The changes one version further back", footer=True),
    Action("changes.newer", Context.CHANGES, ("right_square_bracket",), "step(1)", "Newer",
           "The changes one version nearer the current one", footer=True),
    _textual(Context.SAVED, "enter", "Run the saved search"),
    *_dialog(Context.SAVED, "saved", ("escape", "s")),
    Action("saved.remove", Context.SAVED, ("d", "delete"), "remove", "Remove", "Forget the saved search",
           footer=True),
    *_dialog(Context.HELP, "help", ("escape", "question_mark", "q")),
    Action("story.close", Context.STORY, ("escape",), "close", "Back", "Back to the list", footer=True),
    Action("story.ungroup", Context.STORY, ("x",), "ungroup", "Ungroup",
           "Take the selected article out of the story, for good (the analyst's choice outlives re-ingests)",
           footer=True),
    _textual(Context.STORY_ARTICLES, "enter", "Open the article whole"),
    _textual(Context.STORY_ARTICLES, f"{SCROLL_KEYS},{SIDEWAYS_KEYS}", "Move", shown=False),
    Action("story_articles.down", Context.STORY_ARTICLES, ("j",), "cursor_down", "Down",
           "Move down (also ↓)"),
    Action("story_articles.up", Context.STORY_ARTICLES, ("k",), "cursor_up", "Up", "Move up (also ↑)"),
)
BY_ID: Mapping[str, Action] = {action.id: action for action in ACTIONS if action.id}

Keys = Mapping[str, tuple[str, ...]]
"""Action id → the keys it has now (defaults overlaid by a keymap)."""


def in_context(context: Context, *, shown_only: bool = False) -> list[Action]:
    return [action for action in ACTIONS if action.context is context and (action.shown or not shown_only)]


def bindings(context: Context) -> list[BindingType]:
    """The `BINDINGS` of the screen or widget that is `context`, with default keys (the app remaps by id)."""
    return [action.binding() for action in in_context(context) if action.id]


def keys_of(action: Action, remapped: Keys) -> tuple[str, ...]:
    return remapped.get(action.id, action.keys) if action.id else action.keys


def clashes(remapped: Keys) -> Iterator[tuple[Action, Action, str]]:
    """(first, second, key) for every two actions sharing a key in one chain, given the remaps."""
    seen: set[tuple[str, str, str]] = set()
    for chain in CHAINS:
        owner: dict[str, Action] = {}
        for action in (action for action in ACTIONS if action.context in chain or action.everywhere):
            for key in keys_of(action, remapped):
                first = owner.setdefault(key, action)
                pair = (first.id or first.label, action.id or action.label, key)
                if first is not action and pair not in seen:
                    seen.add(pair)
                    yield first, action, key
