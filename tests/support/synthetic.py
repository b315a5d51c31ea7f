"""A synthetic library: briefings with Zipf-distributed vocabulary, names, outlets, topics and dates.

Shared by tests and benchmarks (so it lives under tests/, which benchmarks may import and tests never
import benchmarks). Deterministic for a seed, so benchmark runs compare like with like. Words are made of
syllables (no real prose is copied); a few real place and people names are mixed in so
queries such as "lavrov" or "pyongyang" behave as they do on news.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from briefings.model import Briefing, Card, CardKind, Entity, EntityKind, OutletSummary, Reference
from briefings.text import make_id

SYLLABLES = ("ka", "lo", "mi", "ren", "sta", "vor", "dex", "pla", "tun", "gri", "zen", "bo", "quo", "sel",
             "mar", "tri", "ny", "ol", "fis", "ant", "cor", "lev", "pen", "sud", "wa", "hib", "jus", "ter")
# In order of frequency: function words first, as in news text.
NEWS_WORDS = ("the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "said", "will",
              "us", "it", "may", "by", "from", "at", "as", "new", "after", "over", "more", "president",
              "government", "minister", "military", "election", "talks", "economy", "prices", "energy",
              "oil", "gas", "border", "agreement", "sanctions", "forecast", "troops", "inflation", "summit",
              "parliament", "ceasefire", "treaty", "missile", "artillery", "shells")
PEOPLE = ("Sergei Lavrov", "Kim Jong-un", "Vladimir Putin", "Sergei Shoigu", "Volodymyr Zelensky",
          "Xi Jinping", "Emmanuel Macron", "Olaf Scholz", "Antonio Guterres", "Narendra Modi")
PLACES = ("Pyongyang", "Moscow", "Kyiv", "Beijing", "Brussels", "Washington", "Seoul", "Tokyo", "Kursk",
          "Vostochny")
OUTLETS = ("Bloomberg", "Reuters", "Al Jazeera", "BBC", "The Guardian", "Le Monde", "Der Spiegel",
           "NHK", "Yonhap", "Financial Times", "The New York Times", "Kommersant")
JOURNALISTS = ("Ana Ortega", "Ben Okafor", "Chen Lu", "Dana Weiss", "Emil Novak", "Farah Haddad")
TOPICS = ("war-and-conflicts", "diplomacy", "economy", "energy", "elections", "security", "trade",
          "climate", "technology", "health", "migration", "nuclear")
KINDS = (CardKind.SUMMARY, CardKind.ANALYSIS, CardKind.FORECAST, CardKind.PAPERS, CardKind.BACKGROUND,
         CardKind.IMPACT, CardKind.TAKEAWAYS, CardKind.QA)


@dataclass(frozen=True)
class Shape:
    cards: tuple[int, int] = (3, 8)
    words_per_card: tuple[int, int] = (40, 140)
    vocabulary: int = 30_000
    zipf_exponent: float = 1.07


class Generator:
    def __init__(self, seed: int = 7, shape: Shape = Shape()) -> None:
        self.rng = random.Random(seed)
        self.shape = shape
        made = sorted({self._made_word() for _ in range(shape.vocabulary * 2)} - set(NEWS_WORDS))
        self.rng.shuffle(made)
        self.words = [*NEWS_WORDS, *made][: shape.vocabulary]
        weights = [1.0 / rank**shape.zipf_exponent for rank in range(1, len(self.words) + 1)]
        self.cumulative = list(itertools.accumulate(weights))
        self.start = dt.date(2023, 1, 1)

    def _made_word(self) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 4)))

    def sentence(self, count: int) -> str:
        words = self.rng.choices(self.words, cum_weights=self.cumulative, k=count)
        if self.rng.random() < 0.5:
            words[self.rng.randrange(count)] = self.rng.choice((*PEOPLE, *PLACES))
        return " ".join(words).capitalize() + "."

    def text(self, count: int) -> str:
        sentences, left = [], count
        while left > 0:
            n = min(left, self.rng.randint(8, 20))
            sentences.append(self.sentence(n))
            left -= n
        return " ".join(sentences)

    def briefing(self, number: int) -> Briefing:
        rng = self.rng
        title = f"{self.sentence(rng.randint(4, 8))[:-1]} ({number})"
        date = self.start + dt.timedelta(days=rng.randrange(1000))
        references = tuple(Reference(number=i, author=rng.choice(JOURNALISTS), title=self.sentence(6)[:-1],
                                     outlet=rng.choice(OUTLETS), date=date)
                           for i in range(1, rng.randint(1, 4) + 1))
        cards = []
        for index in range(rng.randint(*self.shape.cards)):
            kind = KINDS[index % len(KINDS)] if index else CardKind.SUMMARY
            words = rng.randint(*self.shape.words_per_card)
            cite = (rng.choice(references).number,) if references and rng.random() < 0.5 else ()
            text = self.text(words) + "".join(f" [{n}]" for n in cite)
            outlets: tuple[OutletSummary, ...] = ()
            if kind is CardKind.PAPERS:
                outlets = tuple(OutletSummary(outlets=(o,), text=self.text(words // 3),
                                              journalist=rng.choice(JOURNALISTS))
                                for o in rng.sample(OUTLETS, 2))
                text = "\n\n".join(f"**{s.outlet}**: {s.text}" for s in outlets)
            cards.append(Card(kind=kind, heading=kind.label, text=text, citations=cite, outlets=outlets))
        people = rng.sample(PEOPLE, rng.randint(1, 3))
        places = rng.sample(PLACES, rng.randint(1, 2))
        entities = tuple([Entity(name=p, kind=EntityKind.PERSON, mentioned=True) for p in people]
                         + [Entity(name=p, kind=EntityKind.PLACE, mentioned=True) for p in places])
        return Briefing(id=make_id(title, date), title=title, cards=tuple(cards), date=date,
                        topics=tuple(rng.sample(TOPICS, rng.randint(1, 3))), references=references,
                        entities=entities)

    def briefings(self, count: int) -> Iterator[Briefing]:
        for number in range(count):
            yield self.briefing(number)


def markdown(briefing: Briefing) -> str:
    """The briefing as a Markdown file with front matter, the way analysts' notes arrive."""
    entities = ", ".join(e.name for e in briefing.entities)
    lines = ["---", f"title: {briefing.title}", f"date: {briefing.date.isoformat() if briefing.date else ''}",
             f"topics: [{', '.join(briefing.topics)}]", f"entities: [{entities}]", "---",
             f"# {briefing.title}", ""]
    for index, card in enumerate(briefing.cards):
        if index:
            lines += [f"## {card.heading}", ""]
        lines += [card.text.replace("**", ""), ""]
    return "\n".join(lines)


SMALL = Shape(cards=(2, 3), words_per_card=(10, 25), vocabulary=1_500)
"""Small briefings for tests that need many real files quickly."""


def write_inbox(folder: Path, count: int, seed: int, shape: Shape = SMALL) -> Path:
    """A new folder of `count` generated Markdown briefings, as an analyst's inbox would hold them."""
    folder.mkdir()
    for number, briefing in enumerate(Generator(seed, shape).briefings(count)):
        (folder / f"note-{number:04}.md").write_text(markdown(briefing), encoding="utf-8")
    return folder
