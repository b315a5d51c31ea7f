"""What story grouping reads of a briefing: its words and the names it mentions, counted.

Grouping compares articles by the distinctive words and names of the event they report, so a
briefing is reduced once, when it arrives, to counts of its words (common English words left out,
the title's words counted more, since a headline names the event) and of its names: the entities
the briefing lists and the runs of capitalised words its text writes ("Sheikh Ali al-Khalifa
al-Sabah", "Saudi Press Agency"). A name run is also kept without its leading titles ("Oil Minister
Hisham Nazer" is Hisham Nazer too), so two reports naming one person in two ways still share him.
Names are counted under NAME_PREFIX + their folded form; `names` keeps a way each was written.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from sys import intern

from briefings.model import Briefing

NAME_PREFIX = "@"
TITLE_WEIGHT = 3
"""A headline word counts as this many mentions: the headline names the event."""
NAME_WEIGHT = 2
"""A name counts as this many mentions of a word."""
_WORD = re.compile(r"[a-z0-9]+(?:[.,'-][a-z0-9]+)*")
LEAD_CHARS = 300
_DATELINE = re.compile(r"^[^\n]{0,80}? -(?:\s|$)")
"""A wire story's dateline, followed by its text or, for a results table, by the table on the next line."""
NUMBER_WORDS = {"two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
                "nine": "9", "ten": "10"}
"""Numbers the wire writes in words, read as figures: "FOUR MONTHS" in a headline, "4 MONTHS" in its copy."""
_FRACTION = re.compile(r"\b(\d+)[- ](\d)/(\d\d?)\b")
"""A figure with a fraction ("41-1/2 cts"), read as a decimal: its copy may write "41.5"."""
_MARKER = re.compile(r"\(?\b(?:corrected|correction|rpt|repeat|repeated)\b\)?\s*-?", re.IGNORECASE)
"""A headline's mark that the dispatch corrects or repeats an earlier one ("CORRECTED - ", "RPT-")."""
_MONTH = (r"(?:january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug"
          r"|september|sept|sep|october|oct|november|nov|december|dec)")
_HEADLINE_DATE = re.compile(rf"\b({_MONTH})\.? (\d\d?)\b", re.IGNORECASE)
"""A day of a month in a headline ("BEFORE JUNE 25"), read as one term ("june-25"): when, not a figure
the event states, which its story may write otherwise ("late June") or not at all, so it is a headline
term (two dates, two events) but not a word of the text compared."""
_DATE_TERM = re.compile(rf"{_MONTH}-\d\d?")
_TICKER = re.compile(r"<[A-Z][A-Z.]{0,9}>")
"""A stock symbol in a headline ("<GM>"): one report of an event carries it, the next may not."""
_POSSESSIVE = re.compile(r"['’\"]s\b")
_FIGURE = re.compile(r"\d[\d.,:]*")
_CASED_WORD = re.compile(r"[A-Za-z][\w'-]*|[.!?;:]")
_PARTICLE = re.compile(r"(?:al|el|bin|ibn|de|di|du|van|von|der|le|la)(?:-[A-Z][\w'-]*)?$")
_SENTENCE_END = frozenset(".!?;:")
_FENCED = re.compile(r"```.*?```", re.DOTALL)
"""A table's column heads ("SHR", "NET") are no names."""
_NAME_TITLES = frozenset({
    "mr", "mrs", "ms", "dr", "sheikh", "prince", "king", "president", "vice", "prime", "minister",
    "secretary", "chairman", "governor", "deputy", "chief", "executive", "director", "spokesman",
    "oil", "finance", "foreign", "trade", "energy", "economy", "agriculture", "treasury", "general",
    "senator", "sen", "rep", "representative", "official", "officials", "analyst", "analysts",
})
STOPWORDS = frozenset({
    "a", "about", "above", "after", "again", "against", "all", "also", "although", "am", "among", "an",
    "and", "another", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below",
    "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each",
    "either", "else", "even", "ever", "every", "few", "for", "from", "further", "had", "has", "have",
    "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "however", "i", "if",
    "in", "into", "is", "it", "its", "itself", "just", "last", "least", "less", "like", "made", "make",
    "many", "may", "me", "might", "more", "most", "much", "must", "my", "near", "neither", "next", "no",
    "nor", "not", "now", "of", "off", "on", "once", "one", "only", "or", "other", "others", "our", "ours",
    "out", "over", "own", "per", "quite", "rather", "same", "say", "says", "said", "saying", "she",
    "should", "since", "so", "some", "still", "such", "than", "that", "the", "their", "theirs", "them",
    "themselves", "then", "there", "these", "they", "this", "those", "though", "through", "thus", "to",
    "too", "under", "until", "up", "upon", "us", "very", "via", "was", "we", "were", "what", "when",
    "where", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within",
    "without", "would", "yet", "you", "your", "new", "told", "reuter", "reuters", "today", "yesterday",
    "tomorrow", "week", "weeks", "month", "months", "year", "years", "day", "days", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
    "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mln", "billion", "pct", "dlrs", "dlr", "cts",
    "vs", "inc", "corp", "co", "ltd", "plc", "company", "added", "expected",
})
"""Words that say nothing about which event a text reports; numbers and names stay."""


@dataclass(frozen=True)
class StoryTerms:
    """A briefing as grouping sees it. `counts` maps a word, or NAME_PREFIX and a folded name, to its
    weighted count; `names` a folded name to a way the text writes it."""

    briefing_id: str
    title: str
    counts: Mapping[str, int]
    names: Mapping[str, str]
    words: int
    """How many words the text has, to tell a re-sent copy from a shorter rewrite."""
    has_text: bool = True
    """False for a headline sent without a story (a wire flash)."""
    title_terms: frozenset[str] = frozenset()
    """The headline's words, common ones aside."""
    lead: str = ""
    """The first name the text writes after its dateline, folded: most often who acted."""

    @property
    def figures(self) -> frozenset[str]:
        """The numbers the text states ("15.8", "948,000"): two reports of one event state the same ones."""
        return frozenset(term for term in self.counts if _FIGURE.fullmatch(term))

    @property
    def title_figures(self) -> frozenset[str]:
        """The headline's numbers, in figures or in words ("TWO BILLION DLR" states a figure), and its
        dates ("june-25"): another figure or date, another event."""
        return frozenset(term for term in self.title_terms
                         if _FIGURE.fullmatch(term) or _DATE_TERM.fullmatch(term) or term == "half")

    @property
    def title_amounts(self) -> frozenset[str]:
        """The headline's figures other than dates: what a report of its event states too."""
        return frozenset(term for term in self.title_figures if not _DATE_TERM.fullmatch(term))

    @property
    def subject(self) -> str:
        """The headline's first word, common ones aside: most often who acts ("BARCLAYS CUTS...")."""
        return next((word for word in _headline_words(self.title) if word not in STOPWORDS), "")

    @property
    def resent(self) -> bool:
        """The headline marks a correction or a repeat of an earlier dispatch, which reports the same
        event even where it changes a figure or a name."""
        return bool(_MARKER.search(self.title))


def story_terms(briefing: Briefing) -> StoryTerms:
    """The briefing's words and names; a derived card only quotes the text, so it is read once. A wire
    story's dateline ("VALMORE, March 3 -") is left out: its day differs between two reports of one event."""
    body = _DATELINE.sub("", "\n\n".join(card.text for card in briefing.cards if not card.derived), count=1)
    counts: Counter[str] = Counter()
    words = _words(body)
    counts.update(word for word in words if word not in STOPWORDS)
    headline = _headline_words(briefing.title)
    title_terms = frozenset(intern(word) for word in headline if word not in STOPWORDS)
    for word in title_terms:
        if not _DATE_TERM.fullmatch(word):
            counts[word] += TITLE_WEIGHT
    prose = _FENCED.sub(" ", body)
    lead = _names(prose[:LEAD_CHARS], (), first_is_name=True)
    names = _names(prose, (entity.name for entity in briefing.entities))
    for key in names:
        counts[NAME_PREFIX + key] += NAME_WEIGHT
    return StoryTerms(briefing.id, briefing.title, {intern(term): count for term, count in counts.items()},
                      names, len(words) + len(headline), bool(words), title_terms, next(iter(lead), ""))


def _headline_words(title: str) -> list[str]:
    """The headline's words, its stock symbols and its correction or repeat marks left out."""
    return _words(_HEADLINE_DATE.sub(r"\1-\2", _MARKER.sub(" ", _TICKER.sub(" ", title))))


def _words(text: str) -> list[str]:
    """Lower-cased words, a possessive's "'s" dropped (Kuwait's is Kuwait), numbers in words and
    fractions as figures."""
    text = _FRACTION.sub(_decimal, _POSSESSIVE.sub("", text.lower()))
    return [NUMBER_WORDS.get(word, word) for word in _WORD.findall(text)]


def _decimal(fraction: re.Match[str]) -> str:
    whole, numerator, denominator = (int(part) for part in fraction.groups())
    return f"{whole + numerator / denominator:g}" if denominator else fraction[0]


def _names(text: str, listed: Iterable[str], *, first_is_name: bool = False) -> dict[str, str]:
    """Folded name to its written form: the listed entities, then the name runs of the text. A
    capitalised word opening a sentence starts a name only if the text capitalises it elsewhere too,
    or (`first_is_name`) if it opens the text: a wire story's first words are most often its actor."""
    names: dict[str, str] = {}
    for name in listed:
        names.setdefault(_folded(name), name)
    tokens = _CASED_WORD.findall(_POSSESSIVE.sub("", text))
    starts = [*map(_starts_name, tokens), False]  # the closing "." below starts none
    capitalised_inside = {token for index, token in enumerate(tokens)
                          if index and tokens[index - 1] not in _SENTENCE_END and starts[index]}
    run: list[str] = []
    for index, token in enumerate([*tokens, "."]):
        sentence_start = index == 0 or tokens[index - 1] in _SENTENCE_END
        if starts[index] and (not sentence_start or token in capitalised_inside
                              or (first_is_name and index == 0)):
            run.append(token)
            continue
        if run and _PARTICLE.match(token) and index + 1 < len(tokens) and starts[index + 1]:
            run.append(token)
            continue
        if run:
            _add_run(run, names)
            run = []
    return names


@functools.lru_cache(maxsize=1 << 16)
def _starts_name(token: str) -> bool:
    """A capitalised word ("Nazer", "OPEC", "al-Qabas"), not a common word at a line's start."""
    if token[0].isupper():
        return 1 < len(token) <= 6 if token.isupper() else token.lower() not in STOPWORDS
    return bool(_PARTICLE.match(token)) and "-" in token


def _add_run(run: list[str], names: dict[str, str]) -> None:
    while run and _PARTICLE.match(run[-1]) and "-" not in run[-1]:
        run.pop()
    if not run or (len(run) == 1 and run[0].isupper() and len(run[0]) > 6):
        return
    names.setdefault(_folded(" ".join(run)), " ".join(run))
    untitled = list(run)
    while len(untitled) > 1 and untitled[0].lower() in _NAME_TITLES:
        untitled.pop(0)
    if len(untitled) < len(run):
        names.setdefault(_folded(" ".join(untitled)), " ".join(untitled))


def _folded(name: str) -> str:
    return intern(" ".join(_words(name)))
