"""A story: its articles told as one briefing (`briefings.story_briefing`), the articles listed above it
with why each joined, enter opening one whole and `x` taking the selected one out of the story.

The articles are read and the briefing composed in a worker, and the ungrouping (`ungroup_briefing`,
which writes the stories file under its lock) runs in one too: the UI thread never waits for the disk.
Opening the story marks every article in it read: the story was read as one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from briefings.grouping import Story
from briefings.model import Briefing
from briefings.story_briefing import article_of, count_line, story_briefing
from briefings.wording import briefing_date
from tui.actions import Context, bindings
from tui.blocks import plain
from tui.jobs import Done, finish
from tui.page import Page, Settings, prepare
from tui.protocols import ReaderApp, reader_app
from tui.widgets.reader import Reader

FIRST_ARRIVED = "the first to arrive: the story is named after it"


@dataclass(frozen=True)
class StoryOutcome:
    """How the story was left: an article to open whole (or ""), and whether its stories changed."""

    article: str = ""
    changed: bool = False


@dataclass(frozen=True)
class ReadStory:
    """A story read and composed: its briefing, laid out, and its articles by id."""

    story: Story
    briefing: Briefing
    page: Page
    articles: dict[str, Briefing]


class ArticleList(OptionList):
    """The story's articles, numbered as the story briefing's references."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(Context.STORY_ARTICLES)


class StoryScreen(Screen[StoryOutcome]):
    BINDINGS: ClassVar[list[BindingType]] = bindings(Context.STORY)
    AUTO_FOCUS = "#story-articles"

    def __init__(self, story: Story, outlets: dict[str, str]) -> None:
        super().__init__()
        self.story = story
        self.outlets = outlets
        """Each grouped article's outlet (`StoryShelf.outlets`), for the count line."""
        self.changed = False
        self.shown: ReadStory | None = None

    @property
    def reader_app(self) -> ReaderApp:
        return reader_app(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="story-body"):
            yield Static(Text("Reading the story…", style="dim"), id="story-title", classes="pane-title")
            yield ArticleList(id="story-articles")
            yield Reader(id="story-reader")
            yield Static(Text("enter opens the article whole · x takes it out of the story · tab to the "
                              "briefing · escape back", style="dim"), id="story-keys")

    def on_mount(self) -> None:
        self.call_after_refresh(self._load)

    def _load(self) -> None:
        self._read(self.story, self.query_one(Reader).settings())

    @work(thread=True, exclusive=True, group="story", exit_on_error=False)
    def _read(self, story: Story, settings: Settings) -> Done:
        library = self.reader_app.library
        articles = {briefing_id: library.get(briefing_id) for briefing_id in story.briefing_ids
                    if briefing_id in library}
        briefing = story_briefing(story, list(articles.values()))
        return partial(self._show, ReadStory(story, briefing, prepare(briefing, settings), articles))

    def _show(self, read: ReadStory) -> None:
        self.shown = read
        story, briefing = read.story, read.briefing
        title = plain(briefing.title, "bold")
        title.append(f"  {count_line(story, self.outlets)}", "dim")
        self.query_one("#story-title", Static).update(title)
        listing = self.query_one(ArticleList)
        listing.set_options([_article_option(reference.number, read.articles[bid], story)
                             for reference in briefing.references
                             if (bid := article_of(reference)) in read.articles])
        listing.highlighted = 0 if listing.option_count else None
        self.query_one(Reader).show(briefing, 0, page=read.page)
        state = self.reader_app.state
        state.mark_read(*read.articles)
        self.reader_app.save_state()

    # Keys -----------------------------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(StoryOutcome(event.option.id, self.changed))

    def action_close(self) -> None:
        self.dismiss(StoryOutcome(changed=self.changed))

    def action_ungroup(self) -> None:
        listing = self.query_one(ArticleList)
        index = listing.highlighted
        if index is None or self.shown is None:
            return
        article = listing.get_option_at_index(index).id
        if article is not None:
            self._ungroup(self.shown.story, article)

    @work(thread=True, exclusive=True, group="ungroup", exit_on_error=False)
    def _ungroup(self, story: Story, article: str) -> Done:
        from briefings.story_library import read_stories, ungroup_briefing

        root = self.reader_app.library.root
        ungroup_briefing(root, story.id, article)
        shelf = read_stories(root)
        rest = next((found for member in story.briefing_ids
                     if member != article and (found := shelf.story_of(member)) is not None), None)
        return partial(self._ungrouped, article, rest, dict(shelf.outlets))

    def _ungrouped(self, article: str, rest: Story | None, outlets: dict[str, str]) -> None:
        """The article is a briefing of its own again; the story goes on while two articles are left."""
        self.changed = True
        taken = self.shown.articles.get(article) if self.shown else None
        title = taken.title if taken is not None else article
        self.notify(f"Took “{title}” out of the story.", markup=False)
        if rest is None:
            self.dismiss(StoryOutcome(changed=True))
            return
        self.story, self.outlets = rest, outlets
        self._load()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if (error := finish(event)) is not None:
            self.notify(error, title=_FAILURES.get(event.worker.group, ""), severity="error", markup=False)


_FAILURES = {"story": "Could not read the story", "ungroup": "Could not take the article out"}


def _article_option(number: int, article: Briefing, story: Story) -> Option:
    """ "[2] HEADLINE" over its date and why it is in the story."""
    prompt = plain(f"[{number}] ", "dim")
    prompt.append_text(plain(article.title, "bold"))
    prompt.append("\n    ")
    date = briefing_date(article.date, article.date_precision, bool(article.date_inferred), undated="undated")
    prompt.append_text(plain(f"{date} · {_why(article.id, story)}", "dim"))
    return Option(prompt, id=article.id)


def _why(briefing_id: str, story: Story) -> str:
    copy = next((d for d in story.duplicates if d.briefing_id == briefing_id), None)
    if copy is not None:
        return f"a near-copy of {copy.of} (similarity {copy.similarity:.2f}), counted once"
    join = next((j for j in story.joins if j.briefing_id == briefing_id), None)
    return join.reason.line if join is not None else FIRST_ARRIVED
