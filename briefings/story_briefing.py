"""One story told by its articles, in the seed page's shape: what happened, what each paper says, where
their figures disagree, how we got here, and every article as a reference the reader opens whole.

Nothing is written anew: every sentence is one of an article's own, found by the rules that split a raw
article into cards (`briefings.splitting`), whitespace joined and its paragraph marker ("(¶3)") left
off, since it points into the article and not into the story. The lead is the most complete one: the
lead stating the most distinct words and figures (`_completeness`), the earliest on a tie. "What the
papers say" has a paragraph per outlet, or per dispatch when one outlet sent several (named by
headline and date); a near-copy (`Story.duplicates`) gets no paragraph of its own, its original's
label says it was sent again, and its reference says what it copies. Figures are compared with the
analyst's lens (`briefings.analysis.group_figures`) and only disagreements between two articles are
listed. Pure and deterministic: the same story and articles always give the same briefing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from briefings.analysis import Figure, group_figures
from briefings.analysis.timeline import anchor_date
from briefings.counting import collapsed
from briefings.grouping import Story
from briefings.model import Briefing, Card, CardKind, Entity, OutletSummary, Reference, TimelineEvent
from briefings.splitting.placement import Placed, placed_sentences
from briefings.splitting.roles import Role
from briefings.story_library import article_outlet
from briefings.story_terms import STOPWORDS
from briefings.wording import date_label

STORY_ID_PREFIX = "story:"
"""A story briefing's id: never a library id, so nothing the reader keeps per briefing lands on it."""
ARTICLE_URL = "briefing:"
"""A reference's url names the article it stands for (`article_of`)."""
STATEMENTS_PER_PARAGRAPH = 3
"""Attributed sentences quoted after an article's lead: the seed page's paragraphs run two to four."""
HEADINGS = {
    CardKind.SUMMARY: "What's happened",
    CardKind.PAPERS: "What the papers say",
    CardKind.ANALYSIS: "Where the figures disagree",
    CardKind.BACKGROUND: "How we got here",
}
_WORD = re.compile(r"[a-z][a-z'-]{2,}|\d[\d.,]*")
_LETTERS = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class _Account:
    """One article as the story quotes it: its sentences, where it came from, and what it copies."""

    briefing: Briefing
    number: int
    outlet: str
    sentences: tuple[Placed, ...]
    copy_of: str = ""

    @property
    def lead(self) -> tuple[str, ...]:
        return tuple(_quoted(s) for s in self.sentences if s.role is Role.LEAD)

    @property
    def dispatch(self) -> str:
        """ "KUWAIT SAYS NO PLANS FOR EMERGENCY OPEC TALKS, 1987-03-01": a dispatch named."""
        when = date_label(self.briefing.date, self.briefing.date_precision) if self.briefing.date else ""
        return ", ".join(filter(None, (self.briefing.title, when)))


def count_line(story: Story, outlets_of: Mapping[str, str]) -> str:
    """ "2 articles · 1 outlet" (copies counted once: "1 article + 1 copy · 1 outlet"), from each
    member's outlet (`StoryShelf.outlets`): an article of unknown outlet ("") counts as one of its own."""
    copies = len({duplicate.briefing_id for duplicate in story.duplicates})
    accounts = len(story.briefing_ids) - copies
    named = [outlets_of.get(briefing_id, "") for briefing_id in story.briefing_ids]
    outlets = len(set(named) - {""}) + named.count("")
    words = f"{accounts} article{'' if accounts == 1 else 's'}"
    if copies:
        words += f" + {copies} cop{'y' if copies == 1 else 'ies'}"
    return f"{words} · {outlets} outlet{'' if outlets == 1 else 's'}"


def article_of(reference: Reference) -> str:
    """The id of the article a story briefing's reference stands for; "" for any other reference."""
    return reference.url.removeprefix(ARTICLE_URL) if reference.url.startswith(ARTICLE_URL) else ""


def story_briefing(story: Story, articles: Sequence[Briefing]) -> Briefing:
    """The story as one briefing. `articles` are its members (any order; others are left out)."""
    accounts = _accounts(story, articles)
    if not accounts:
        return Briefing(STORY_ID_PREFIX + story.id, story.id, ())
    first = next((a for a in accounts if a.briefing.id == story.id), accounts[0])
    originals = [account for account in accounts if not account.copy_of]
    cards = [card for card in (_summary(originals), _papers(accounts), _figures(originals),
                               _background(originals)) if card is not None]
    dates = [account.briefing.date for account in accounts if account.briefing.date]
    return Briefing(
        id=STORY_ID_PREFIX + story.id,
        title=first.briefing.title,
        cards=tuple(cards),
        date=max(dates) if dates else None,
        topics=tuple(dict.fromkeys(topic for account in accounts for topic in account.briefing.topics)),
        references=tuple(_reference(account, accounts) for account in accounts),
        entities=_entities(accounts),
        place=first.briefing.place,
    )


def _accounts(story: Story, articles: Sequence[Briefing]) -> list[_Account]:
    """The members in date order (undated last, then as they joined), numbered as references."""
    order = {briefing_id: position for position, briefing_id in enumerate(story.briefing_ids)}
    members = {article.id: article for article in articles if article.id in order}
    ranked = sorted(members.values(), key=lambda b: (b.date is None, b.date or 0, order[b.id]))
    copies = {duplicate.briefing_id: duplicate.of for duplicate in story.duplicates}
    return [_Account(article, number, article_outlet(article), _sentences(article),
                     copies.get(article.id, "") if copies.get(article.id) in members else "")
            for number, article in enumerate(ranked, start=1)]


def _sentences(article: Briefing) -> tuple[Placed, ...]:
    """What the split found in the article's full text (its body card; a page's own cards otherwise)."""
    bodies = [card.text for card in article.cards if card.kind is CardKind.BODY]
    text = bodies[0] if bodies else "\n\n".join(card.text for card in article.cards if not card.derived)
    return tuple(placed_sentences(text, article.title, anchor_date(article)))


def _quoted(sentence: Placed) -> str:
    return collapsed(sentence.text)


def _completeness(account: _Account) -> int:
    """Distinct words and figures its lead states, stopwords aside: the lead telling most of the event."""
    words = _WORD.findall(" ".join(account.lead).casefold())
    return len({word for word in words if word not in STOPWORDS})


def _summary(originals: list[_Account]) -> Card | None:
    with_lead = [account for account in originals if account.lead]
    if not with_lead:
        return None
    best = max(with_lead, key=lambda account: (_completeness(account), -account.number))
    return Card(CardKind.SUMMARY, HEADINGS[CardKind.SUMMARY], " ".join(best.lead), (best.number,))


def _papers(accounts: list[_Account]) -> Card | None:
    originals = [account for account in accounts if not account.copy_of]
    sent = Counter(account.outlet for account in originals)
    summaries = []
    for account in originals:
        text = " ".join(_paragraph(account))
        if not text:
            continue
        again = [copy for copy in accounts if copy.copy_of == account.briefing.id]
        named = account.dispatch if sent[account.outlet] > 1 or not account.outlet else ""
        label = "; ".join(filter(None, (named, *(f"sent again {_when(copy)}" for copy in again))))
        summaries.append(OutletSummary((account.outlet or "Unnamed outlet",), text, label))
    if not summaries:
        return None
    text = "\n\n".join(summary.text for summary in summaries)
    return Card(CardKind.PAPERS, HEADINGS[CardKind.PAPERS], text,
                tuple(account.number for account in originals), outlets=tuple(summaries))


def _when(account: _Account) -> str:
    date = account.briefing.date
    return f"as [{account.number}], {date_label(date)}" if date else f"as [{account.number}]"


def _paragraph(account: _Account) -> Iterator[str]:
    """The lead, then the first attributed sentences that are not the lead."""
    lead = account.lead
    yield from lead
    said = [_quoted(s) for s in account.sentences if s.attribution is not None and _quoted(s) not in lead]
    yield from said[:STATEMENTS_PER_PARAGRAPH]


def _figures(originals: list[_Account]) -> Card | None:
    """Figures about one subject whose ranges cannot both hold, stated by two different articles."""
    by_id = {account.briefing.id: account for account in originals}
    lines = []
    for found in group_figures(account.briefing for account in originals):
        for one, other in found.conflicts:
            first, second = found.figures[one], found.figures[other]
            if first.briefing_id != second.briefing_id:
                lines.append(f"- {found.group}: {_figure(first, by_id)} vs {_figure(second, by_id)}")
    if not lines:
        return None
    unique = list(dict.fromkeys(lines))
    numbers = tuple(account.number for account in originals)
    return Card(CardKind.ANALYSIS, HEADINGS[CardKind.ANALYSIS], "\n".join(unique), numbers)


def _figure(figure: Figure, accounts: dict[str, _Account]) -> str:
    """ "300 crew members [1]": the figure as written, and the article stating it."""
    claim = figure.claim
    return f"{' '.join(filter(None, (claim.text, claim.subject)))} [{accounts[figure.briefing_id].number}]"


def _background(originals: list[_Account]) -> Card | None:
    """Every article's earlier events merged, oldest first (undated after them), each told once."""
    found = [(past.date, account.number, sentence.paragraph,
              TimelineEvent(past.text, _quoted(sentence), past.date, past.precision))
             for account in originals for sentence in account.sentences
             if (past := sentence.past) is not None]
    found.sort(key=lambda item: (item[0] is None, item[0].toordinal() if item[0] else 0, item[1], item[2]))
    seen: set[str] = set()
    events = []
    for *_, event in found:
        key = _LETTERS.sub(" ", event.text.casefold()).strip()
        if key not in seen:
            seen.add(key)
            events.append(event)
    if not events:
        return None
    text = "\n".join(f"- {event.date_text}: {event.text}" for event in events)
    return Card(CardKind.BACKGROUND, HEADINGS[CardKind.BACKGROUND], text, events=tuple(events))


def _reference(account: _Account, accounts: list[_Account]) -> Reference:
    title = account.briefing.title
    if account.copy_of:
        original = next(a for a in accounts if a.briefing.id == account.copy_of)
        title += f" (a near-copy of [{original.number}], counted once)"
    return Reference(account.number, account.briefing.byline, account.briefing.date, title,
                     account.outlet, ARTICLE_URL + account.briefing.id)


def _entities(accounts: list[_Account]) -> tuple[Entity, ...]:
    """Every article's entities, each once (as the first article to name it has it)."""
    found: dict[str, Entity] = {}
    for account in accounts:
        for entity in account.briefing.entities:
            found.setdefault(entity.name, entity)
    return tuple(found.values())
