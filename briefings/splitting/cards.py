"""A raw article as briefing cards, in the seed page's order, with its full text kept last.

What's happened (the lead), Who says what (statements grouped by speaker, each with its verb, quotes
marked), What the papers say (per outlet, with the journalist), Forecast and consequences, How we got
here (earlier events in date order), the article's own takeaways, then the body card exactly as the
parser gave it. Derived cards quote sentences as written and end each with its paragraph ("(¶3)"). A
kind no sentence fills is left out. A briefing that brings its own structure (any card besides one
body card and its takeaways) is returned as it is, so splitting twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

from briefings.analysis.timeline import anchor_date
from briefings.date_inference import dateline_place
from briefings.model import Briefing, Card, CardKind, OutletSummary, TimelineEvent
from briefings.splitting.papers import outlet_summaries, speaks_for_outlet
from briefings.splitting.placement import Placed, placed_sentences
from briefings.splitting.roles import Role
from briefings.splitting.speakers import Attribution
from briefings.text import citations_in

HEADINGS = {
    CardKind.SUMMARY: "What's happened",
    CardKind.STATEMENTS: "Who says what",
    CardKind.PAPERS: "What the papers say",
    CardKind.FORECAST: "Forecast and consequences",
    CardKind.BACKGROUND: "How we got here",
}
DERIVED_KINDS = frozenset(HEADINGS)
"""Every kind `split_article` can build."""
SHOWN_BY_DEFAULT = frozenset({CardKind.SUMMARY, CardKind.STATEMENTS, CardKind.PAPERS, CardKind.BACKGROUND})
"""The derived kinds precise enough (>= 0.9 on the labelled sample, `python -m benchmarks.split_bench`) for
the reader to show unasked. FORECAST reaches 0.9 on the sample too, but about 0.85 on stories read outside
it (deal terms written with "will", "is to" stating a position), so it is built, indexed and searchable, and
shown on request."""
_KEPT_BESIDE_BODY = frozenset({CardKind.TAKEAWAYS})


def split_article(briefing: Briefing) -> Briefing:
    """The briefing with cards derived from its one body card, the body card unchanged and last."""
    if not is_raw_article(briefing):
        return briefing
    body = next(card for card in briefing.cards if card.kind is CardKind.BODY)
    sentences = placed_sentences(body.text, briefing.title, anchor_date(briefing))
    kept = [card for card in briefing.cards if card.kind is not CardKind.BODY]
    place = briefing.place or dateline_place(body.text)
    return replace(briefing, cards=(*_derived(sentences, briefing), *kept, body), place=place)


def unsplit(briefing: Briefing) -> Briefing:
    """The briefing as its input brought it: the cards a split derived taken out, for splitting again."""
    if not any(card.derived for card in briefing.cards):
        return briefing
    return replace(briefing, cards=tuple(briefing.cards[index] for index in briefing.brought_cards()))


def folded_by_default(briefing: Briefing) -> frozenset[int]:
    """The cards a reader shows folded until asked: a split article's full text, which its cards quote
    (a short wire story is not read twice), and derived kinds not precise enough to show unasked."""
    if not any(card.derived for card in briefing.cards):
        return frozenset()
    return frozenset(index for index, card in enumerate(briefing.cards)
                     if card.kind is CardKind.BODY or (card.derived and card.kind not in SHOWN_BY_DEFAULT))


def is_raw_article(briefing: Briefing) -> bool:
    """One body card and nothing beside it but takeaways: what the article, Reuters and plain parsers give."""
    bodies = [card for card in briefing.cards if card.kind is CardKind.BODY]
    others = [card for card in briefing.cards if card.kind is not CardKind.BODY]
    return len(bodies) == 1 and len(others) <= 1 and all(card.kind in _KEPT_BESIDE_BODY for card in others)


def _derived(sentences: Sequence[Placed], briefing: Briefing) -> Iterator[Card]:
    lead = [sentence.located for sentence in sentences if sentence.role is Role.LEAD]
    if lead:
        yield _card(CardKind.SUMMARY, " ".join(lead))
    statements = [sentence for sentence in sentences
                  if sentence.attribution is not None and not speaks_for_outlet(sentence)]
    if statements:
        yield _card(CardKind.STATEMENTS, _statements_text(statements))
    outlets = outlet_summaries(sentences, briefing.references)
    if outlets:
        yield _card(CardKind.PAPERS, "\n\n".join(summary.text for summary in outlets), outlets=outlets)
    forecasts = [sentence for sentence in sentences if sentence.role is Role.FORECAST]
    if forecasts:
        lines = (f"- {_who(sentence)}{sentence.located}" for sentence in forecasts)
        yield _card(CardKind.FORECAST, "\n".join(lines))
    background = sorted((sentence for sentence in sentences if sentence.past is not None), key=_date_order)
    if background:
        yield _background(background)


def _card(kind: CardKind, text: str, *, outlets: tuple[OutletSummary, ...] = (),
          events: tuple[TimelineEvent, ...] = ()) -> Card:
    """A derived card built whole, not copied by `replace` to mark it derived or add outlets or events."""
    return Card(kind, HEADINGS[kind], text, citations_in(text), outlets=outlets, events=events, derived=True)


def _statements_text(statements: Sequence[Placed]) -> str:
    """Per speaker, in order of first appearance: their name and verbs, then each statement."""
    groups: dict[str, list[tuple[Attribution, Placed]]] = {}
    for sentence in statements:
        if sentence.attribution is not None:
            groups.setdefault(sentence.attribution.speaker, []).append((sentence.attribution, sentence))
    blocks = []
    for speaker, said in groups.items():
        verbs = dict.fromkeys(attribution.verb for attribution, _ in said)
        lines = [f"- {_verb(attribution)}: {sentence.located}" for attribution, sentence in said]
        blocks.append(f"**{speaker}** — {', '.join(verbs)}\n\n" + "\n".join(lines))
    return "\n\n".join(blocks)


def _verb(attribution: Attribution) -> str:
    return f"{attribution.verb} (quote)" if attribution.quoted else attribution.verb


def _who(sentence: Placed) -> str:
    return f"{sentence.attribution.speaker}: " if sentence.attribution else ""


def _date_order(sentence: Placed) -> tuple[bool, str, int]:
    """Dated first, oldest first; undated ("previously") after them in the order the story tells them."""
    day = sentence.past.date if sentence.past else None
    return day is None, day.isoformat() if day else "", sentence.paragraph


def _background(sentences: Sequence[Placed]) -> Card:
    events = tuple(
        TimelineEvent(sentence.past.text, sentence.located, sentence.past.date, sentence.past.precision)
        for sentence in sentences if sentence.past is not None
    )
    text = "\n".join(f"- {event.date_text}: {event.text}" for event in events)
    return _card(CardKind.BACKGROUND, text, events=events)
