"""The sentences of an article's full text, each with where it sits and what it does.

A derived card quotes sentences and says which paragraph of the full text each came from, so the
reader can go back to it; the paragraph is counted in the body card's text as it stands (paragraphs
are separated by blank lines, the first is 1).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from briefings.counting import collapsed, placed_in_paragraphs
from briefings.splitting.background import PastDate
from briefings.splitting.roles import Role, roles
from briefings.splitting.speakers import Attribution, attributions
from briefings.tables import is_fenced
from briefings.text import citations_in


@dataclass(frozen=True)
class Placed:
    text: str
    paragraph: int
    role: Role
    attribution: Attribution | None
    past: PastDate | None
    citations: tuple[int, ...]

    @property
    def located(self) -> str:
        """The sentence as a card quotes it: as written (its line breaks joined), then its paragraph
        ("… (¶3)")."""
        return f"{collapsed(self.text)} (¶{self.paragraph})"


def placed_sentences(body: str, title: str, story_date: dt.date | None) -> list[Placed]:
    """Every prose sentence of `body` in order; tables are left to the full text."""
    placed = placed_in_paragraphs(body)
    sentences = [sentence for sentence, _ in placed]
    story_roles = roles(sentences, title, story_date)
    said = attributions(sentences)
    return [Placed(sentence, paragraph, role, attribution, past, citations_in(sentence))
            for (sentence, paragraph), (role, past), attribution
            in zip(placed, story_roles, said, strict=True) if not is_fenced(sentence)]
