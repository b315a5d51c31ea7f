"""Figures in prose: what number, about what, how hedged, who says it; and where figures disagree.

The wording sets a figure's range: "over 10,000" allows 10,000 and up, "approximately 15,000"
ten per cent either side, "up to 40%" anything to 40, "millions" one million up to a hundred
million, and a bare "6,000" only itself. Two figures about the same subject disagree when
their ranges do not overlap. Denied figures ("denying plans to triple ... to 30,000") and
multipliers ("doubled") are listed with their group but never disagree with anything.

Subjects are grouped by a normaliser: possessives and capitalised adjectives go ("North
Korean"), plurals become singular, and a small synonym map joins words news uses for the same
thing (troops, soldiers, forces, military personnel).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import combinations

from briefings.analysis.passages import Passage, sentences
from briefings.analysis.timeline import dates_in
from briefings.model import Briefing, CardKind, Claim, ClaimSource
from briefings.text import CITATION

_SYNONYMS = {
    "troop": "troops", "soldier": "troops", "force": "troops", "personnel": "troops",
    "military personnel": "troops", "serviceman": "troops", "servicemen": "troops", "fighter": "troops",
    "army personnel": "troops", "combat troop": "troops",
    "shell": "shells", "artillery shell": "shells", "round": "shells", "artillery round": "shells",
    "civilian": "people", "person": "people", "resident": "people", "people": "people",
    "missile": "missiles", "ballistic missile": "missiles", "rocket": "missiles",
    "death": "deaths", "fatality": "deaths", "people killed": "deaths", "casualty": "casualties",
    "refugee": "displaced people", "displaced person": "displaced people",
    "displaced people": "displaced people",
}
_HEADS = frozenset(word for phrase in _SYNONYMS for word in phrase.split()[-1:])
_ADJECTIVES = frozenset({"additional", "more", "new", "further", "extra", "total", "estimated", "active",
                         "regular", "elite", "young", "modern", "fresh", "other"})
_IRREGULAR = {"people": "people", "men": "man", "women": "woman", "children": "child",
              "personnel": "personnel", "police": "police", "series": "series", "news": "news",
              "servicemen": "serviceman"}
_STOP = frozenset({
    "to", "in", "and", "or", "for", "from", "with", "by", "on", "at", "as", "that", "which", "who", "whom",
    "whose", "than", "the", "a", "an", "this", "these", "those", "its", "their", "his", "her", "our", "were",
    "was", "are", "is", "be", "been", "being", "will", "would", "has", "have", "had", "set", "said", "says",
    "according", "into", "onto", "over", "across", "per", "each", "while", "when", "where", "since", "after",
    "before", "during", "amid", "against", "toward", "towards", "vs", "versus",
})
# Words that measure rather than count: after "563 mln dlrs" or "2.16 mln tonnes" the thing measured is not
# named ("the 1986 extraordinary gain"), so such a figure has no group to compare under.
_MEASURES = frozenset({
    "dlr", "dollar", "ct", "cent", "stg", "sterling", "pound", "yen", "franc", "mark", "ecu", "guilder",
    "lira", "lire", "peseta", "peso", "ringgit", "rupee", "rand", "crown", "krona", "krone", "shilling",
    "baht", "won", "yuan", "riyal", "dinar", "tonne", "ton", "barrel", "bushel", "ounce", "acre", "bale",
    "bag", "lb", "kg", "kilo", "gallon", "litre", "liter", "hectare", "cwt", "point", "pct", "shr", "year",
    "month", "week", "day", "hour", "minute", "time", "basis",
})
_QUALIFIERS = (
    "more than", "less than", "fewer than", "greater than", "up to", "at least", "at most", "as many as",
    "no more than", "no fewer than", "upwards of", "in excess of", "well over", "just over", "just under",
    "close to", "an estimated", "estimated", "approximately", "approx.", "around", "roughly", "about",
    "nearly", "almost", "some", "over", "under", "above", "below", "exceeding", "circa", "~",
)
_LOWER_BOUND = frozenset({"more than", "greater than", "at least", "no fewer than", "upwards of",
                          "in excess of", "well over", "just over", "over", "above", "exceeding"})
_UPPER_BOUND = frozenset({"less than", "fewer than", "up to", "at most", "as many as", "no more than",
                          "under", "below"})
_JUST_BELOW = frozenset({"nearly", "almost", "just under"})
_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6, "billion": 1e9,
           "bn": 1e9, "bln": 1e9, "trillion": 1e12}
# (low, high) of vague amounts: "millions" is at least one million and short of "hundreds of millions".
_VAGUE = {
    "dozens": (24, 144), "hundreds": (100, 1e3), "thousands": (1e3, 1e5), "millions": (1e6, 1e8),
    "billions": (1e9, 1e11), "tens of thousands": (1e4, 1e5), "hundreds of thousands": (1e5, 1e6),
    "tens of millions": (1e7, 1e8), "hundreds of millions": (1e8, 1e9), "dozens of thousands": (1e4, 1e5),
}
_MULTIPLIERS = {"doubl": 2.0, "tripl": 3.0, "quadrupl": 4.0, "halv": 0.5}
_QUALIFIER_RE = "|".join(re.escape(q) for q in _QUALIFIERS)
_VAGUE_RE = "|".join(sorted(_VAGUE, key=len, reverse=True))
# The qualifier is looked for behind a figure, not scanned for everywhere: the alternation is slow.
_QUALIFIER_BEFORE = re.compile(rf"(?:^|(?<=\W))(?:{_QUALIFIER_RE})\s+$", re.IGNORECASE)
_FIGURE = re.compile(
    r"(?:(?<![\w.,/$€£-])(?P<currency>[$€£])?(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s*(?P<scale>thousand|million|billion|trillion|bn|bln|mn|mln|m|k)\b)?"
    r"(?:\s*(?P<percent>%|per\s?cent\b|percent\b|pct\b))?"
    rf"|\b(?P<vague>{_VAGUE_RE})(?=\s+of\s))"
    r"(?![\w-]|[.,]\d)",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_CHANGE_STEMS = ("doubl", "tripl", "quadrupl", "halv")
_CHANGE = re.compile(r"\b(?P<verb>doubl|tripl|quadrupl|halv)(?:e|es|ed|ing)\b", re.IGNORECASE)
_CHANGE_TARGET = re.compile(r"\s+(?P<object>(?:[\w'’-]+\s+){0,4}?)to\s+$", re.IGNORECASE)
_DENIAL = re.compile(r"\b(?:den(?:y|ies|ied|ying|ial)|reject\w*|refut\w*|dismiss\w*|disput\w*|no plans?)\b",
                     re.IGNORECASE)
_HEDGE = re.compile(r"\b(?:reported(?:ly)?|allegedly|alleged|may|might|could|possibly|perhaps|purportedly"
                    r"|unconfirmed|rumou?red|believed|thought to|said to)\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;:()]|\s[–—-]\s|\bwhile\b|\bbut\b|\bwhereas\b")
_WORD = re.compile(r"[A-Za-z][\w'’-]*|[^\sA-Za-z]")
_MONTH_NEAR = re.compile(r"(?:January|February|March|April|May|June|July|August|September|October|November"
                         r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s*$")
_MONTH_AFTER = re.compile(r"\s*(?:st|nd|rd|th)?\s+(?:January|February|March|April|May|June|July|August"
                          r"|September|October|November|December)\b")


def claims_in(briefing: Briefing, items: Iterable[Passage]) -> tuple[Claim, ...]:
    found: list[Claim] = []
    for passage in items:
        if passage.text.startswith("```"):
            continue  # a table kept as sent: its rows are columns of figures, not claims in prose
        for sentence in sentences(passage.text):
            if _may_have_figure(sentence):
                found.extend(_sentence_claims(sentence, passage, briefing))
    return tuple(found)


def _may_have_figure(sentence: str) -> bool:
    """A cheap test first: most sentences have no figure, and the full patterns are slow to scan."""
    if _DIGIT.search(sentence) or "s of " in sentence:
        return True
    lowered = sentence.lower()
    return any(stem in lowered for stem in _CHANGE_STEMS)


def _sentence_claims(sentence: str, passage: Passage, briefing: Briefing) -> Iterator[Claim]:
    source_kind, source, reference = passage.source_kind, passage.source, passage.reference
    date = passage.date
    cited = [int(n) for n in CITATION.findall(sentence)]
    if source_kind is ClaimSource.BRIEFING and cited:
        cited_reference = briefing.reference(cited[0])
        if cited_reference is not None:
            source_kind, reference = ClaimSource.REFERENCE, cited_reference.number
            source = cited_reference.outlet or cited_reference.author or f"[{cited_reference.number}]"
            date = cited_reference.date
    stated = dates_in(sentence, None) if _DIGIT.search(sentence) else []
    date = stated[0].date if stated else date or briefing.date
    plain = CITATION.sub("", sentence)
    targets: dict[int, tuple[str, str]] = {}  # number start -> (change verb, object phrase)
    for change in _CHANGE.finditer(plain):
        target = _change_target(plain, change)
        if target is not None:
            targets[target[0]] = (change.group("verb").lower() + "e", target[1])
        else:
            yield _multiplier(plain, change, passage, source_kind, source, reference, date)
    for figure in _FIGURE.finditer(plain):
        claim = _claim(plain, figure, targets.get(figure.start("number") if figure.group("number") else -1))
        if claim is not None:
            yield replace(claim, card=passage.card, source_kind=source_kind, source=source,
                          reference=reference, date=date)


def _change_target(text: str, change: re.Match[str]) -> tuple[int, str] | None:
    """"tripling North Korean forces to 30,000": (where 30,000 starts, "North Korean forces")."""
    window = text[change.end() : change.end() + 80]
    for figure in _FIGURE.finditer(window):
        if figure.group("number"):
            before = _CHANGE_TARGET.search(window[: figure.start()])
            if before is not None:
                return change.end() + figure.start("number"), before.group("object").strip()
            return None
    return None


def _multiplier(text: str, change: re.Match[str], passage: Passage, source_kind: ClaimSource, source: str,
                reference: int | None, date: dt.date | None) -> Claim:
    value = _MULTIPLIERS[change.group("verb").lower()]
    subject = _subject_after(text, change.end()) or _nearby_head(text, change.start(), change.end())
    return Claim(text=change.group(), value=value, low=value, high=value, subject=subject,
                 group=normalise(subject), unit="×", change=change.group("verb").lower() + "e",
                 denied=_in_clause(_DENIAL, text, change.start()),
                 hedged=_in_clause(_HEDGE, text, change.start()), card=passage.card, source_kind=source_kind,
                 source=source, reference=reference, date=date)


def _claim(text: str, figure: re.Match[str], change: tuple[str, str] | None) -> Claim | None:
    before = _QUALIFIER_BEFORE.search(text, max(0, figure.start() - 20), figure.start())
    qualifier = " ".join(before.group().lower().split()) if before else ""
    start = before.start() if before else figure.start()
    high: float | None
    if figure.group("vague"):
        vague = " ".join(figure.group("vague").lower().split())
        low, vague_high = _VAGUE[vague]
        value, high = low, vague_high
        unit = ""
    else:
        number = float(figure.group("number").replace(",", ""))
        scale = (figure.group("scale") or "").lower()
        percent = bool(figure.group("percent"))
        if not (scale or percent or figure.group("currency") or qualifier) and _is_date_part(text, figure):
            return None
        value = number * _SCALES.get(scale, 1.0)
        unit = "%" if percent else figure.group("currency") or ""
        low, high = _range(value, qualifier)
    subject = _subject_after(text, figure.end())
    if change is not None:
        subject = subject or change[1] or _nearby_head(text, figure.start(), figure.end())
    if not subject and unit != "%":
        return None
    bare = not (figure.group("vague") or figure.group("scale") or unit or qualifier)
    if bare and 1800 <= value <= 2100 and "," not in figure.group("number") \
            and normalise(subject) not in _HEAD_GROUPS:
        return None  # "2022 invasion": a year
    return Claim(text=" ".join(text[start : figure.end()].split()), value=value, low=low, high=high,
                 subject=subject, group=_group(subject), unit=unit, qualifier=qualifier,
                 change=change[0] if change else "", denied=_in_clause(_DENIAL, text, figure.start()),
                 hedged=_in_clause(_HEDGE, text, figure.start()))


_HEAD_GROUPS = frozenset(_SYNONYMS.values())


def _group(subject: str) -> str:
    """The subject's group; none for a measure ("563 mln dlrs", "11 years"), which names no thing counted."""
    measured = any(_lemma(word.lower()) in _MEASURES for word in subject.split()[:2])
    return normalise(subject) if subject and not measured else ""


def _range(value: float, qualifier: str) -> tuple[float, float | None]:
    if qualifier in _LOWER_BOUND:
        return value, None
    if qualifier in _UPPER_BOUND:
        return 0.0, value
    if qualifier in _JUST_BELOW:
        return value * 0.9, value
    if qualifier:
        return value * 0.9, value * 1.1
    return value, value


def _is_date_part(text: str, figure: re.Match[str]) -> bool:
    """"June 25", "25 June": a day of a month, not a figure."""
    before = _MONTH_NEAR.search(text, max(0, figure.start() - 12), figure.start())
    return bool(before or _MONTH_AFTER.match(text, figure.end()))


def _subject_after(text: str, end: int) -> str:
    """The noun phrase after a figure: up to four words, ending at the first known head noun."""
    words = _WORD.findall(text[end : end + 80])
    if words[:1] == ["of"]:
        words = words[1:]
    phrase: list[str] = []
    for word in words[:5]:
        if not word[0].isalpha() or (word.lower() in _STOP and phrase) or word.lower() in ("to", "the", "a"):
            break
        phrase.append(word)
        lemma = _lemma(word.lower())
        if lemma in _HEADS or (lemma != word.lower() and word.islower()):
            return " ".join(phrase)  # a known noun, or the first plural: counted things are plural
    while phrase and (phrase[-1].lower() in _STOP or phrase[-1].lower().endswith(("ing", "ed", "ly"))):
        phrase.pop()
    return " ".join(phrase[:3])


def _nearby_head(text: str, start: int, end: int) -> str:
    """The known head noun closest to a figure in its clause, for "tripling to 30,000"."""
    clause_start, clause_end = _clause(text, start)
    heads = [(abs(m.start() - start), m.group()) for m in _WORD.finditer(text, clause_start, clause_end)
             if _lemma(m.group().lower()) in _HEADS and not start <= m.start() < end]
    return min(heads)[1] if heads else ""


def _clause(text: str, position: int) -> tuple[int, int]:
    starts = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, position)]
    following = _CLAUSE_BREAK.search(text, position)
    return (starts[-1] if starts else 0), (following.start() if following else len(text))


def _in_clause(pattern: re.Pattern[str], text: str, position: int) -> bool:
    start, end = _clause(text, position)
    return pattern.search(text, start, end) is not None


def normalise(subject: str) -> str:
    """"North Korean troops" and "soldiers" both give "troops"; an unknown phrase its singular lower case."""
    words = [word for word in subject.replace("’", "'").split()
             if not word.endswith("'s") and not word[:1].isupper()] or subject.lower().split()[-1:]
    lemmas = [_lemma(word.lower().strip("'")) for word in words]
    for size in range(len(lemmas), 0, -1):
        phrase = " ".join(lemmas[-size:])
        if phrase in _SYNONYMS:
            return _SYNONYMS[phrase]
    kept = [lemma for lemma in lemmas if lemma not in _ADJECTIVES] or lemmas
    return " ".join(kept)


def _lemma(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@dataclass(frozen=True)
class Figure:
    """A claim and the briefing it is in, so groups can span a library."""

    briefing_id: str
    claim: Claim
    voice: int | None
    """The card whose writer states it (`figures_of`): its own card, or for a split article the body card,
    since the cards a split derived quote the one article."""


def figures_of(briefing: Briefing) -> Iterator[Figure]:
    """The briefing's claims as figures. A split article is one voice, as it is whole: the split only
    shows its sentences by role, so a figure in "What's happened" and another in "Who says what" are the
    article's, and disagree only where the article whole would."""
    cards = briefing.cards
    body = next((index for index, card in enumerate(cards) if card.kind is CardKind.BODY), None) \
        if any(card.derived for card in cards) else None
    for claim in briefing.claims:
        voice = claim.card
        if body is not None and voice is not None and voice < len(cards) \
                and (cards[voice].derived or voice == body):
            voice = body
        yield Figure(briefing.id, claim, voice)


@dataclass(frozen=True)
class FigureGroup:
    """Figures about one subject; `conflicts` holds index pairs into `figures` whose ranges do not overlap."""

    group: str
    figures: tuple[Figure, ...]
    conflicts: tuple[tuple[int, int], ...] = ()

    @property
    def disagrees(self) -> bool:
        return bool(self.conflicts)


def group_figures(briefings: Iterable[Briefing], minimum: int = 2) -> list[FigureGroup]:
    """Figures grouped by subject across `briefings` (one or a whole library)."""
    return group((figure for briefing in briefings for figure in figures_of(briefing)), minimum)


def group(figures: Iterable[Figure], minimum: int = 2) -> list[FigureGroup]:
    """Groups with at least `minimum` figures; disagreeing groups first, then the larger ones."""
    by_group: dict[str, list[Figure]] = {}
    for figure in figures:
        if figure.claim.group:
            by_group.setdefault(figure.claim.group, []).append(figure)
    groups = [FigureGroup(name, tuple(members), _conflicts(members))
              for name, members in by_group.items() if len(members) >= minimum]
    groups.sort(key=lambda g: (not g.disagrees, -len(g.figures), g.group))
    return groups


def _conflicts(figures: list[Figure]) -> tuple[tuple[int, int], ...]:
    """Pairs whose ranges cannot both hold, stated by different voices.

    One voice giving two counts of a thing is listing ("700 tanks destroyed ... 220 tanks seized",
    a year against the one before), not disagreeing with itself; sources disagree.
    """
    claims = [figure.claim for figure in figures]
    comparable = [i for i, claim in enumerate(claims) if not claim.denied and claim.unit != "×"]
    return tuple((a, b) for a, b in combinations(comparable, 2)
                 if claims[a].unit == claims[b].unit and _speaker(figures[a]) != _speaker(figures[b])
                 and _disjoint(claims[a], claims[b]))


def _speaker(figure: Figure) -> tuple[object, ...]:
    """Who states a figure, and where: a briefing's cards are written apart, so each is a voice of its own
    (but a split article's are one, `Figure.voice`)."""
    claim = figure.claim
    return figure.briefing_id, figure.voice, claim.source_kind, claim.source, claim.reference


def _disjoint(a: Claim, b: Claim) -> bool:
    return (a.high is not None and a.high < b.low) or (b.high is not None and b.high < a.low)
