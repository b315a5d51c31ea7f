"""Markdown briefings: front matter, `##` sections as cards, and the structure inside them."""

from __future__ import annotations

import datetime as dt

import pytest

from briefings.errors import ParseError
from briefings.formats.markdown_doc import parse
from briefings.model import CardKind, EntityKind

DOCUMENT = """---
title: Grain corridor reopens
date: 2025-05-02
topics: [grain, shipping]
entities:
  - Odesa
  - name: Black Sea
    kind: place
    description: An inland sea between Europe and Asia.
sources:
  - "Ivanova, M. (2025, May 1). Ships queue at Odesa. Harbour News. https://example.org/a"
---
# A heading the front matter overrides

Freighters left Odesa on Friday [1] after a month of closures.

## Outlook

Exports should recover over the summer, though insurers remain wary and

## Timeline

- 2025-04-01: Ports close after strikes
- **2 May 2025** — First convoy sails
- Talks continue

## Go deeper

- Who guarantees the *corridor*?
- How much grain is waiting?

## Common questions

### Is the corridor safe?

Safer than in April [2].

### Who pays for insurance?

Shippers, mostly.

## References

[2] Brandt, K. (2025, May 2). Convoy sails at dawn. Sea Lanes. https://example.org/b
"""


def test_front_matter_fields_become_the_briefing_fields() -> None:
    briefing = parse(DOCUMENT, "grain.md")
    assert briefing.title == "Grain corridor reopens"
    assert briefing.date == dt.date(2025, 5, 2)
    assert briefing.topics == ("grain", "shipping")
    assert [e.name for e in briefing.entities] == ["Odesa", "Black Sea"]
    assert briefing.entities[1].kind is EntityKind.PLACE
    assert [(r.number, r.author, r.outlet, r.url) for r in briefing.references] == [
        (1, "Ivanova, M.", "Harbour News", "https://example.org/a"),
        (2, "Brandt, K.", "Sea Lanes", "https://example.org/b"),
    ]


def test_sections_become_cards_in_order_with_kinds_from_headings() -> None:
    briefing = parse(DOCUMENT, "grain.md")
    assert [(c.kind, c.heading) for c in briefing.cards] == [
        (CardKind.SUMMARY, "What happened"),
        (CardKind.FORECAST, "Outlook"),
        (CardKind.TIMELINE, "Timeline"),
        (CardKind.QUESTIONS, "Go deeper"),
        (CardKind.QA, "Common questions"),
    ]
    summary, outlook = briefing.cards[:2]
    assert summary.text == "Freighters left Odesa on Friday [1] after a month of closures."
    assert summary.citations == (1,) and not summary.truncated
    assert outlook.truncated


def test_card_text_is_the_sections_markdown_source() -> None:
    questions = parse(DOCUMENT, "grain.md").cards[3]
    assert questions.text == "- Who guarantees the *corridor*?\n- How much grain is waiting?"
    assert questions.questions == ("Who guarantees the corridor?", "How much grain is waiting?")


def test_timeline_items_and_questions_with_answers() -> None:
    timeline, _, common = parse(DOCUMENT, "grain.md").cards[2:]
    assert [(e.date_text, e.text, e.date) for e in timeline.events] == [
        ("2025-04-01", "Ports close after strikes", dt.date(2025, 4, 1)),
        ("2 May 2025", "First convoy sails", dt.date(2025, 5, 2)),
        ("", "Talks continue", None),
    ]
    assert [(qa.question, qa.answer) for qa in common.qa] == [
        ("Is the corridor safe?", "Safer than in April [2]."),
        ("Who pays for insurance?", "Shippers, mostly."),
    ]
    assert common.citations == (2,)


def test_without_front_matter_the_h1_is_the_title_and_numbered_references_are_read() -> None:
    text = "# Port strike ends\n\nDockers return.\n\n## Sources\n\n1. Lee, A. (2025, June 3). Deal. Daily. https://x.example\n"
    briefing = parse(text, "strike.md")
    assert briefing.title == "Port strike ends"
    assert briefing.date is None
    assert [(r.number, r.title) for r in briefing.references] == [(1, "Deal")]
    assert [c.heading for c in briefing.cards] == ["What happened"]


def test_text_without_sections_is_one_body_card_titled_by_file_name() -> None:
    briefing = parse("Just a paragraph of notes.\n", "field notes.md")
    assert briefing.title == "field notes"
    assert [(c.kind, c.text) for c in briefing.cards] == [(CardKind.BODY, "Just a paragraph of notes.")]


def test_unknown_front_matter_fields_are_noted_not_fatal() -> None:
    briefing = parse("---\ntitle: T\nauthor: me\n---\nBody.\n", "t.md")
    assert briefing.notes == ("front matter: ignored unknown field 'author'",)


def test_same_document_gives_the_same_id() -> None:
    assert parse(DOCUMENT, "a.md").id == parse(DOCUMENT, "b.md").id


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("title: [unclosed\n", r"front matter: .*\(line 3, column 1\)"),
        ("- just\n- a list\n", "front matter: expected fields such as"),
        ("date: next week\n", "front matter: date: expected a date like 2025-07-01"),
        ("entities: [{name: X, kind: planet}]\n", r"front matter: entities\[0\]: Entity.kind: unknown value"),
        ("id: ../../etc/passwd\n", "front matter: id '../../etc/passwd' is not a valid briefing id"),
        ("title: !!python/object/apply:os.system [ls]\n", "front matter: YAML tag !!python/object/apply"),
    ],
)
def test_malformed_front_matter_is_one_line_parse_error(front: str, message: str) -> None:
    with pytest.raises(ParseError, match=message) as caught:
        parse(f"---\n{front}---\n# T\n", "bad.md")
    assert "\n" not in str(caught.value)


def test_unclosed_front_matter_is_reported() -> None:
    with pytest.raises(ParseError, match="front matter: no closing '---' line"):
        parse("---\ntitle: T\n\nBody\n", "bad.md")
