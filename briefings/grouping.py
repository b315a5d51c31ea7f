"""Stories: the articles that report one event, grouped as they arrive, each grouping with its reason.

A `StoryIndex` takes briefings one at a time in arrival order; each joins the story of the most
similar briefing dated within WINDOW_DAYS of it, or starts a story of its own. Candidates come from an
inverted index of words and names by day, looked up with the new briefing's most distinctive terms
only, so placing one costs the same in a library of 200 or 200,000. Similarity is the cosine of
tf-idf vectors (log counts; idf over every briefing the index has seen, so the weights sharpen as it
grows). Alike is not enough: wire services send the same kind of report many times (prices at noon
and at the close, the Fed's operations each day, one company's dividend and then its results), so a
candidate must also pass `_same_event`'s checks (headline figures, editions, who acts, recurring
headlines, what a later day's report adds), measured on a sample of the merges it makes on Reuters.
A headline sent without a story (a flash) is compared by how much of it the other text holds, since
its story is far longer, and joins only on its day; a dispatch marked as a correction or repeat
("CORRECTED - ", "RPT-") may change a headline figure or come a day later.
The reason names the entities both share, the days between them and that similarity. A copy
of one text (the same dispatch sent twice, a correction of one figure) is marked a duplicate of the
first, so it is not counted as a second account. Grouping never merges two stories by itself: only
the analyst does (`force_group`), and a briefing the analyst took out of a story (`force_apart`) is
never put back with the briefings it left; both choices are `StoryChoices`, which the caller keeps
(`briefings.story_choices`) and hands to the next index, so a re-ingest groups the same way.
"""

from __future__ import annotations

import datetime as dt
import difflib
import heapq
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from briefings.errors import BriefingError
from briefings.model import Briefing
from briefings.story_choices import StoryChoices
from briefings.story_terms import NAME_PREFIX, STOPWORDS, StoryTerms, story_terms

WINDOW_DAYS = 3
"""Days either side of its date within which a briefing looks for its story: follow-ups, rewrites and
copies of a wire story come within a day or two; a week later it is most often another event."""
JOIN_SIMILARITY = 0.5
"""The least similarity at which a briefing joins a story."""
DUPLICATE_SIMILARITY = 0.9
DUPLICATE_LENGTH_RATIO = 0.8
"""A duplicate has this much of its words in common (cosine of their log counts, `_word_similarity`)
and is about as long: a shorter rewrite is a second account, not a copy."""
SIMILAR_ENOUGH = 0.8
"""Texts this similar are one event whatever their headlines say."""
TITLE_SIMILARITY = 0.5
"""Below SIMILAR_ENOUGH, the headlines must be this alike too (tf-idf cosine of their words)."""
FIGURES_SHARED = 0.5
FEWEST_FIGURES = 2
"""Texts that each state FEWEST_FIGURES figures or more and share less than FIGURES_SHARED of them
report two occurrences (another day's prices, another quarter's results)."""
QUERY_TERMS = 12
"""The new briefing's most distinctive terms used to find candidates."""
CANDIDATES = 25
"""Candidates, by the weight of the terms they share, compared in full."""
FLASH_HELD = 0.75
"""A headline sent without a story (a flash) is compared by how much of its tf-idf weight the other
text holds, not by cosine (its story is many times longer): it joins one holding this much."""
FLASH_HELD_LED = 0.6
"""Or this much when the flash's headline opens with who leads the text and says what the text and its
headline say (`_opens_with_lead`): a story rewords its flash, so a flash naming the story's actor
first and saying what the story says needs less of its weight held."""
SAME_NAME = 0.85
"""Words this alike (`difflib`'s ratio) are one word misspelt ("Minging", "Mining")."""
CARRIED_OVER = 0.85
"""A report dated another day joins only if it carries over this much of the shorter text
(`_carried_over`)..."""
CARRIED_OVER_SAME_HEADLINE = 0.7
"""... or, the next day, this much under the same headline (`_same_headline`) with the same figures: a
dispatch sent again a day later under its headline, retouched, is the same event; a new development
changes the headline, the next day's report its figures, and a report days later under one headline is
most often another of its kind (another raid, another day's forecast)."""
EDITIONS = frozenset({"opening", "closing", "close", "clsg", "midsession", "midday", "morning", "midmorning",
                      "afternoon", "midafternoon", "noon", "evening"})
"""Headline words naming one edition of a report issued several times a day."""
RARE_SHARE = 500
RARE_LEAST = 5
"""A word in at most one in RARE_SHARE briefings (or RARE_LEAST) is rare enough to name an actor."""
NORM_DRIFT = 1.05
LONGEST_POSTING = 3_000
"""A term and day with more briefings than this finds nothing distinctive, and is not read."""
REASON_NAMES = 4
FORCED = "grouped by the analyst"
NO_CHOICES = StoryChoices()


class GroupingError(BriefingError):
    """A choice about stories that cannot be carried out (an unknown story or briefing)."""


@dataclass(frozen=True)
class Reason:
    """Why a briefing joined a story: what it shares with the briefing it matched, or the analyst's choice."""

    entities: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    """Shared distinctive words, given when no entity is shared."""
    days_apart: int | None = None
    similarity: float = 0.0
    forced: bool = False

    @property
    def line(self) -> str:
        if self.forced:
            return FORCED
        parts = [f"same entities: {', '.join(self.entities)}"] if self.entities else []
        parts += [f"same words: {', '.join(self.terms)}"] if self.terms else []
        if self.days_apart is not None:
            parts.append(_days(self.days_apart))
        parts.append(f"similarity {self.similarity:.2f}")
        return "; ".join(parts)


@dataclass(frozen=True)
class Join:
    briefing_id: str
    matched: str
    """The briefing of the story it was found like (for a forced join, the story's first)."""
    reason: Reason


@dataclass(frozen=True)
class Duplicate:
    """`briefing_id` is a near-copy of `of`, the first of that text to arrive."""

    briefing_id: str
    of: str
    similarity: float


@dataclass(frozen=True)
class Story:
    """The briefings reporting one event, in the order they joined it; named after its first one."""

    id: str
    briefing_ids: tuple[str, ...]
    joins: tuple[Join, ...] = ()
    duplicates: tuple[Duplicate, ...] = ()


@dataclass(frozen=True)
class Placement:
    """Where one added briefing went: `join` None when it started a story."""

    briefing_id: str
    story_id: str
    join: Join | None = None
    duplicate: Duplicate | None = None


class PlacedSource(Protocol):
    """Where a lazily restored index reads the briefings placed before it, on demand
    (`briefings.story_store` keeps them): a placement needs only those of a few days."""

    def on_day(self, day: int) -> Iterable[tuple[StoryTerms, int | None]]:
        """The briefings of that day, in arrival order."""

    def of_ids(self, briefing_ids: list[str]) -> Iterable[tuple[StoryTerms, int | None]]:
        """These briefings, those kept."""

    def headline_days(self, headline: str, other_than: str) -> set[int]:
        """Up to three days on which briefings other than `other_than` have this `headline_key`."""


@dataclass
class _Doc:
    terms: StoryTerms
    day: int | None
    weights: dict[str, float]
    """1 + log(count) for each term; times the term's idf, its tf-idf weight."""
    story: str
    norm: float = 0.0
    norm_at: int = 0
    """How many briefings the index held when `norm` was computed (see NORM_DRIFT)."""


@dataclass
class _Story:
    members: list[str]
    joins: list[Join] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)

    def frozen(self) -> Story:
        return Story(self.members[0], tuple(self.members), tuple(self.joins), tuple(self.duplicates))


class StoryIndex:
    """Stories built incrementally; `choices` are the analyst's, respected as briefings arrive."""

    def __init__(self, choices: StoryChoices = NO_CHOICES) -> None:
        self._docs: dict[str, _Doc] = {}
        self._stories: dict[str, _Story] = {}
        self._postings: dict[tuple[str, int], list[str]] = {}
        self._df: dict[str, int] = {}
        self._df_changed: set[str] = set()
        self._headline_days: dict[frozenset[str], Counter[int]] = {}
        self._choices = choices
        self._arrival: dict[str, int] = {}
        """Every briefing's place in arrival order, read or not (stories are listed in this order)."""
        self._arrivals = 0
        self._source: PlacedSource | None = None
        """None: every briefing is read (`_docs`); else those of `_loaded_days` and any asked by id."""
        self._loaded_days: set[int] = set()
        self._owner: dict[str, str] = {}
        """The story of each grouped briefing not read yet, as restored."""

    @property
    def choices(self) -> StoryChoices:
        return self._choices

    def __len__(self) -> int:
        return len(self._arrival)

    def __contains__(self, briefing_id: object) -> bool:
        return briefing_id in self._arrival

    def add(self, briefing: Briefing) -> Placement:
        return self.add_terms(story_terms(briefing), briefing.date.toordinal() if briefing.date else None)

    def add_terms(self, terms: StoryTerms, day: int | None) -> Placement:
        """Places a briefing read with `story_terms`, dated by `day` (an ordinal; None: undated, which
        only the analyst groups). A briefing already here (a new version) is updated in its story."""
        self._load_window(day)
        self._fetch([terms.briefing_id])
        known = self._docs.get(terms.briefing_id)
        if known is not None:
            self._count(known.weights, -1)
            self._note_headline(known, -1)
        doc = self._enter(terms, day, known.story if known else "")
        if known is not None:
            return Placement(terms.briefing_id, known.story)
        return self._place(doc)

    @classmethod
    def restore(cls, placed: Iterable[tuple[StoryTerms, int | None]], stories: Iterable[Story],
                choices: StoryChoices = NO_CHOICES) -> StoryIndex:
        """An index holding `placed` (in arrival order) where they were placed before: in `stories`, or
        alone when in none. Nothing is placed again, so a restart costs reading what was kept, not the
        minutes placing a large library takes. A story's member missing from `placed` is left out of it."""
        index = cls(choices)
        for terms, day in placed:
            if terms.briefing_id not in index._docs:
                index._enter(terms, day, terms.briefing_id)
        index._keep(stories)
        for briefing_id, doc in index._docs.items():
            doc.story = index._owner.pop(briefing_id, briefing_id)
            if doc.story == briefing_id:
                index._stories.setdefault(briefing_id, _Story([briefing_id]))
        index._df_changed.clear()
        return index

    @classmethod
    def restore_lazily(cls, source: PlacedSource, arrival: Iterable[str], df: Mapping[str, int],
                       stories: Iterable[Story], choices: StoryChoices = NO_CHOICES) -> StoryIndex:
        """The index `restore` gives, reading a briefing's terms from `source` only when a placement
        needs them (the days of its window, the briefings a choice names): a new process costs the
        briefings' ids (in arrival order), the document frequencies `df` and the stories, not seconds
        per 10,000 briefings. `df` must count the terms of every briefing of `arrival`."""
        index = cls(choices)
        index._source = source
        index._arrival = {briefing_id: number for number, briefing_id in enumerate(arrival)}
        index._arrivals = len(index._arrival)
        index._df = dict(df)
        index._keep(stories)
        return index

    def attach(self, source: PlacedSource) -> None:
        """Reads from now on from `source` (the same store opened again)."""
        if self._source is not None:
            self._source = source

    def take_df_changes(self) -> dict[str, int]:
        """The document frequencies changed since the last call (0: the term is gone), to be kept."""
        changes = {term: self._df.get(term, 0) for term in self._df_changed}
        self._df_changed.clear()
        return changes

    def _keep(self, stories: Iterable[Story]) -> None:
        """The restored stories of two briefings or more, their members missing from the index left out;
        each member's story noted in `_owner`."""
        for story in stories:
            members = [bid for bid in dict.fromkeys(story.briefing_ids)
                       if bid in self and bid not in self._owner]
            if len(members) < 2:
                continue
            present = set(members)
            self._stories[members[0]] = _Story(
                members, [j for j in story.joins if j.briefing_id in present and j.briefing_id != members[0]],
                [d for d in story.duplicates if {d.briefing_id, d.of} <= present])
            self._owner.update(dict.fromkeys(members, members[0]))

    def _load_window(self, day: int | None) -> None:
        """The briefings of the days a briefing of `day` is compared with read and posted, in arrival
        order (those read already by id reused, as they may have changed story since)."""
        if self._source is None or day is None:
            return
        for each in range(day - WINDOW_DAYS, day + WINDOW_DAYS + 1):
            if each in self._loaded_days:
                continue
            self._loaded_days.add(each)
            for terms, on in self._source.on_day(each):
                doc = self._docs.get(terms.briefing_id) or self._read(terms, on)
                self._post(doc)

    def _fetch(self, briefing_ids: Iterable[str]) -> None:
        """These briefings read from the source, those not read yet (not posted: their days are not)."""
        wanted = [bid for bid in dict.fromkeys(briefing_ids)
                  if bid in self._arrival and bid not in self._docs]
        if self._source is not None and wanted:
            for terms, day in self._source.of_ids(wanted):
                if terms.briefing_id not in self._docs:
                    self._read(terms, day)

    def _read(self, terms: StoryTerms, day: int | None) -> _Doc:
        """A briefing read back from the source: in its restored story, its terms counted in `_df` already."""
        briefing_id = terms.briefing_id
        story = self._owner.pop(briefing_id, briefing_id)
        doc = _Doc(terms, day, _weights(terms), story)
        self._docs[briefing_id] = doc
        if story == briefing_id:
            self._stories.setdefault(briefing_id, _Story([briefing_id]))
        return doc

    def remove(self, briefing_id: str) -> None:
        """The briefing forgotten (it left the library): out of its story, which the next briefing names
        when it was the first; the others stay together. An id not here is ignored."""
        self._fetch([briefing_id])
        doc = self._docs.pop(briefing_id, None)
        if doc is None:
            return
        del self._arrival[briefing_id]
        self._count(doc.weights, -1)
        self._note_headline(doc, -1)
        if doc.day is not None:
            for term in doc.weights:
                posting = self._postings.get((term, doc.day))
                if posting is not None and briefing_id in posting:
                    posting.remove(briefing_id)
        story = self._stories[doc.story]
        self._fetch(story.members)
        story.members.remove(briefing_id)
        story.duplicates = [d for d in story.duplicates if briefing_id not in (d.briefing_id, d.of)]
        if not story.members:
            del self._stories[doc.story]
            return
        story.joins = [j for j in story.joins if j.briefing_id not in (briefing_id, story.members[0])]
        if doc.story == briefing_id:
            self._stories = {(story.members[0] if key == briefing_id else key): value
                             for key, value in self._stories.items()}
            for member in story.members:
                self._docs[member].story = story.members[0]

    def _enter(self, terms: StoryTerms, day: int | None, story: str) -> _Doc:
        """The briefing's terms counted and posted, in `story` (empty: not placed yet)."""
        doc = _Doc(terms, day, _weights(terms), story)
        self._count(doc.weights, 1)
        self._note_headline(doc, 1)
        self._docs[terms.briefing_id] = doc
        if terms.briefing_id not in self._arrival:
            self._arrival[terms.briefing_id] = self._arrivals
            self._arrivals += 1
        self._post(doc)
        return doc

    def _note_headline(self, doc: _Doc, change: int) -> None:
        """The days each headline was seen on, counted while every briefing is read (else the source
        says, `_recurring`)."""
        if doc.day is None or self._source is not None:
            return
        days = self._headline_days.setdefault(_headline(doc.terms), Counter())
        days[doc.day] += change
        if not days[doc.day]:
            del days[doc.day]

    def story_of(self, briefing_id: str) -> Story:
        self._fetch([briefing_id])
        doc = self._docs.get(briefing_id)
        if doc is None:
            raise GroupingError(f"no briefing '{briefing_id}' among the grouped ones")
        return self._stories[doc.story].frozen()

    def stories(self) -> Iterator[Story]:
        """Every story, in the order their first briefings arrived (of a lazily restored index, those of
        one briefing only when read)."""
        ordered = sorted(self._stories.values(), key=lambda story: self._arrival[story.members[0]])
        return (story.frozen() for story in ordered)

    def force_group(self, briefing_ids: Iterable[str]) -> Story | None:
        """The briefings' stories made one (those not added yet join it when they arrive), named after
        the first to have arrived; None while fewer than two of them are here."""
        ids = list(dict.fromkeys(briefing_ids))
        self._choices = self._choices.grouped(ids)
        self._fetch(ids)
        stories = list(dict.fromkeys(self._docs[bid].story for bid in ids if bid in self._docs))
        if not stories:
            return None
        stories.sort(key=self._arrival.__getitem__)
        target = self._stories[stories[0]]
        for story_id in stories[1:]:
            self._fetch(self._stories[story_id].members)
            merged = self._stories.pop(story_id)
            target.joins.append(Join(story_id, target.members[0], Reason(forced=True)))
            target.joins.extend(merged.joins)
            target.duplicates.extend(merged.duplicates)
            target.members.extend(merged.members)
            for member in merged.members:
                self._docs[member].story = stories[0]
        return target.frozen()

    def force_apart(self, story_id: str, briefing_id: str) -> Story:
        """The briefing taken out of the story into one of its own (returned), and kept from the others
        for good; the others stay together."""
        self._fetch([story_id])
        story = self._stories.get(story_id)
        if story is None or briefing_id not in story.members:
            raise GroupingError(f"story '{story_id}' has no briefing '{briefing_id}'")
        self._choices = self._choices.separated(briefing_id, story.members)
        if len(story.members) == 1:
            return story.frozen()
        self._fetch(story.members)
        rest = _Story([m for m in story.members if m != briefing_id],
                      [j for j in story.joins if briefing_id not in (j.briefing_id, j.matched)],
                      [d for d in story.duplicates if briefing_id not in (d.briefing_id, d.of)])
        del self._stories[story_id]
        self._stories[rest.members[0]] = rest
        self._stories[briefing_id] = _Story([briefing_id])
        for member in rest.members:
            self._docs[member].story = rest.members[0]
        self._docs[briefing_id].story = briefing_id
        return self._stories[briefing_id].frozen()

    # -- placing one briefing ------------------------------------------------------------------------

    def _place(self, doc: _Doc) -> Placement:
        briefing_id = doc.terms.briefing_id
        forced = self._forced_story(briefing_id)
        if forced is not None:
            join = Join(briefing_id, forced, Reason(forced=True))
            return self._joined(doc, self._docs[forced].story, join, None)
        best = self._best_match(doc)
        if best is None:
            doc.story = briefing_id
            self._stories[briefing_id] = _Story([briefing_id])
            return Placement(briefing_id, briefing_id)
        other, similarity = best
        join = Join(briefing_id, other.terms.briefing_id, self._reason(doc, other, similarity))
        duplicate = None
        copied = _word_similarity(doc.weights, other.weights)
        if copied >= DUPLICATE_SIMILARITY and _about_as_long(doc.terms, other.terms):
            story = self._stories[other.story]
            original = next((d.of for d in story.duplicates if d.briefing_id == other.terms.briefing_id),
                            other.terms.briefing_id)
            duplicate = Duplicate(briefing_id, original, round(copied, 3))
        return self._joined(doc, other.story, join, duplicate)

    def _joined(self, doc: _Doc, story_id: str, join: Join, duplicate: Duplicate | None) -> Placement:
        story = self._stories[story_id]
        story.members.append(join.briefing_id)
        story.joins.append(join)
        if duplicate is not None:
            story.duplicates.append(duplicate)
        doc.story = story_id
        return Placement(join.briefing_id, story_id, join, duplicate)

    def _forced_story(self, briefing_id: str) -> str | None:
        """A briefing the analyst grouped with one already here goes to that one's story."""
        for group in self._choices.groups:
            if briefing_id in group:
                self._fetch(group)
                return next((other for other in group if other != briefing_id and other in self._docs
                             and self._docs[other].story), None)
        return None

    def _best_match(self, doc: _Doc) -> tuple[_Doc, float] | None:
        """The most similar briefing of the window that passes JOIN_SIMILARITY, in a story the
        analyst did not take this briefing out of."""
        if doc.day is None:
            return None
        kept_from = {next(iter(pair - {doc.terms.briefing_id})) for pair in self._choices.apart
                     if doc.terms.briefing_id in pair}
        self._fetch(kept_from)
        barred = {self._docs[other].story for other in kept_from if other in self._docs}
        best: tuple[_Doc, float] | None = None
        for other in self._candidates(doc):
            if other.story in barred or not other.story:
                continue
            similarity = self._likeness(doc, other)
            if similarity >= JOIN_SIMILARITY and (best is None or similarity > best[1]) \
                    and self._same_event(doc, other, similarity):
                best = (other, similarity)
        return best

    def _same_event(self, doc: _Doc, other: _Doc, similarity: float) -> bool:
        """Alike texts that still report two events: headlines stating other figures ("index below
        2,100" and "below 1,800") or naming another edition of a report ("opening", "closing"), texts
        whose figures mostly differ (the same market report for another day), texts led by different
        actors, a recurring report, a report of another day adding much to what the first said (a new
        development), or headlines about other things with only the wording around them alike. A
        correction or repeat may change its headline's figures and come another day; flashes are
        judged by `_flash_refused`."""
        one, two = doc.terms, other.terms
        flash = one.has_text != two.has_text
        resent = one.resent or two.resent
        if not (one.has_text and two.has_text) and _flash_refused(one, two, doc.day == other.day, similarity):
            return False
        if not resent and one.title_figures and two.title_figures and one.title_figures != two.title_figures:
            return False
        if (one.title_terms ^ two.title_terms) & EDITIONS or _figures_differ(one.figures, two.figures):
            return False
        if _other_actor(one, two) or _other_actor(two, one):
            return False
        if not flash and (self._unmatched_headline(one, two) or self._unmatched_headline(two, one)):
            return False
        if self._recurring(doc, other) and (similarity < DUPLICATE_SIMILARITY
                                            or (doc.day != other.day and one.figures != two.figures)):
            return False
        if doc.day != other.day and not resent and not self._sent_again(doc, other):
            return False
        return flash or resent or similarity >= SIMILAR_ENOUGH \
            or self._title_similarity(one, two) >= TITLE_SIMILARITY

    def _sent_again(self, doc: _Doc, other: _Doc) -> bool:
        """A report of another day carries over CARRIED_OVER of the shorter text. Under the same
        headline it states every figure of the text stating fewer (a daily report under one headline,
        "GRAIN BELT WEATHER REPORT", states the next day's figures), and the next working day's needs
        carry over only CARRIED_OVER_SAME_HEADLINE."""
        assert doc.day is not None and other.day is not None
        if not _same_headline(doc.terms, other.terms):
            return self._carried_over(doc, other) >= CARRIED_OVER
        fewer, more = sorted((doc.terms.figures, other.terms.figures), key=len)
        least = CARRIED_OVER_SAME_HEADLINE if _working_days_between(doc.day, other.day) == 1 else CARRIED_OVER
        return fewer <= more and self._carried_over(doc, other) >= least

    def _likeness(self, doc: _Doc, other: _Doc) -> float:
        """The cosine of two texts (or two flashes); for a flash and a text, how much of the flash the
        text holds (FLASH_HELD)."""
        if doc.terms.has_text == other.terms.has_text:
            return self._similarity(doc, other)
        return self._carried_over(doc, other)

    def _unmatched_headline(self, flash: StoryTerms, other: StoryTerms) -> bool:
        """A headline sent without a story ("BARCLAYS CUTS BASE RATE TO 10.5 PCT") names its actor in
        its rare words; another report of the event names them too, one about someone else does not."""
        if flash.has_text:
            return False
        rare = max(RARE_LEAST, len(self) // RARE_SHARE)
        return any(self._df.get(word, 0) <= rare and not any(part in other.counts for part in
                                                              (word, *word.split("-")))
                   for word in flash.title_terms - flash.title_figures)

    def _carried_over(self, doc: _Doc, other: _Doc) -> float:
        """How much of the shorter text's tf-idf weight the longer holds: near 1 for a copy or a
        cut-down rewrite, lower for a report that adds what happened next."""
        shorter, longer = sorted((doc, other), key=lambda item: item.terms.words)
        size, df, log, held_by = len(self._arrival) + 1, self._df.get, math.log, longer.weights
        held = sum((weight * log(size / df(term, 1))) ** 2 for term, weight in shorter.weights.items()
                   if term in held_by)
        return held / self._norm(shorter) ** 2

    def _recurring(self, doc: _Doc, other: _Doc) -> bool:
        """The new briefing's headline, its figures aside, seen on another day ("LONDON COFFEE ROBUSTA
        - APR 7"): a recurring report, of which only a copy of the same text is the same event (on
        another day, a copy stating the very same figures: the next day's report differs in one at
        least). Seen besides only on the candidate's day, the next working day or its own, it may be the
        same dispatch sent again."""
        assert doc.day is not None and other.day is not None
        if self._source is None:
            days = set(self._headline_days.get(_headline(doc.terms), ()))
        else:
            days = self._source.headline_days(headline_key(doc.terms), doc.terms.briefing_id)
        sent_again = {other.day} if _working_days_between(doc.day, other.day) <= 1 else set()
        return bool(days - {doc.day} - sent_again)

    def _title_similarity(self, one: StoryTerms, other: StoryTerms) -> float:
        dot = sum(self._idf(term) ** 2 for term in one.title_terms & other.title_terms)
        if not dot:
            return 0.0
        norms = (math.sqrt(sum(self._idf(term) ** 2 for term in terms)) for terms in (one.title_terms,
                                                                                     other.title_terms))
        return dot / math.prod(norms)

    def _candidates(self, doc: _Doc) -> list[_Doc]:
        assert doc.day is not None
        size, counts, log = len(self._arrival) + 1, self._df, math.log
        weighted = sorted(((weight * log(size / count), term) for term, weight in doc.weights.items()
                           if (count := counts[term]) > 1), reverse=True)[:QUERY_TERMS]
        shared: dict[str, float] = {}
        days = range(doc.day - WINDOW_DAYS, doc.day + WINDOW_DAYS + 1)
        for weight, term in weighted:
            for day in days:
                posting = self._postings.get((term, day), ())
                if len(posting) > LONGEST_POSTING:
                    continue
                for other in posting:
                    shared[other] = shared.get(other, 0.0) + weight
        shared.pop(doc.terms.briefing_id, None)
        best = heapq.nlargest(CANDIDATES, shared.items(), key=lambda item: item[1])
        return [self._docs[other] for other, _ in best]

    def _similarity(self, doc: _Doc, other: _Doc) -> float:
        small, large = sorted((doc.weights, other.weights), key=len)
        # `_idf` written out: a placement makes thousands of comparisons, each over every shared term
        size, df, log = len(self._arrival) + 1, self._df.get, math.log
        dot = sum(weight * large[term] * log(size / df(term, 1)) ** 2 for term, weight in small.items()
                  if term in large)
        return dot / (self._norm(doc) * self._norm(other)) if dot else 0.0

    def _norm(self, doc: _Doc) -> float:
        """The length of the briefing's tf-idf vector, computed again once the index has grown by
        NORM_DRIFT since: idf moves slowly, and this is most of the cost of a comparison."""
        placed = len(self._arrival)
        if placed > doc.norm_at * NORM_DRIFT:
            size, df, log = placed + 1, self._df.get, math.log
            doc.norm = math.sqrt(sum((weight * log(size / df(term, 1))) ** 2
                                     for term, weight in doc.weights.items()))
            doc.norm_at = placed
        return doc.norm

    def _idf(self, term: str) -> float:
        return math.log((len(self._arrival) + 1) / self._df.get(term, 1))

    def _reason(self, doc: _Doc, other: _Doc, similarity: float) -> Reason:
        shared = sorted((term for term in doc.weights if term in other.weights),
                        key=lambda term: (-self._idf(term), term))
        names = [doc.terms.names[term[1:]] for term in shared if term.startswith(NAME_PREFIX)]
        names = [name for name in names if not any(_hides(other, name) for other in names)]
        words = [] if names else [term for term in shared if not term.startswith(NAME_PREFIX)]
        days = None if other.day is None or doc.day is None else abs(doc.day - other.day)
        return Reason(tuple(names[:REASON_NAMES]), tuple(words[:REASON_NAMES]), days, round(similarity, 2))

    def _count(self, weights: dict[str, float], change: int) -> None:
        for term in weights:
            self._df[term] = self._df.get(term, 0) + change
        self._df_changed.update(weights)

    def _post(self, doc: _Doc) -> None:
        if doc.day is None:
            return
        for term in doc.weights:
            posting = self._postings.setdefault((term, doc.day), [])
            if not posting or posting[-1] != doc.terms.briefing_id:
                posting.append(doc.terms.briefing_id)


def group(briefings: Iterable[Briefing], choices: StoryChoices = NO_CHOICES) -> tuple[Story, ...]:
    """The stories of these briefings taken in this order: what adding them one at a time makes."""
    index = StoryIndex(choices)
    for briefing in briefings:
        index.add(briefing)
    return tuple(index.stories())


def _figures_differ(one: frozenset[str], other: frozenset[str]) -> bool:
    """Both state FEWEST_FIGURES figures or more and share less than FIGURES_SHARED of the fewer."""
    fewer = min(len(one), len(other))
    return fewer >= FEWEST_FIGURES and len(one & other) < FIGURES_SHARED * fewer


def _other_actor(one: StoryTerms, other: StoryTerms) -> bool:
    """The first name one text writes (who acted, most often) is nowhere in the other, which names
    someone else first: "State Bank of South Australia issues..." is not "Commonwealth Bank of
    Australia issues..."."""
    if not one.lead or not other.lead or _same_name(one.lead, other.lead):
        return False
    return NAME_PREFIX + one.lead not in other.counts and not all(
        word in other.counts for word in one.lead.split() if word not in STOPWORDS)


def _same_name(one: str, other: str) -> bool:
    """One name is the other with words added ("Shamrock Capital LP") or with words misspelt, each
    alike (SAME_NAME)."""
    words, other_words = one.split(), other.split()
    if set(words) <= set(other_words) or set(other_words) <= set(words):
        return True
    return len(words) == len(other_words) and all(
        difflib.SequenceMatcher(None, word, other_word).ratio() >= SAME_NAME
        for word, other_word in zip(words, other_words, strict=True))


def _figures_stated(flash: StoryTerms, other: StoryTerms) -> bool:
    """A flash's headline figures (its dates aside) are all in the other text: its story states them,
    another event not."""
    return flash.has_text or flash.title_amounts <= other.counts.keys()


def _flash_refused(one: StoryTerms, two: StoryTerms, same_day: bool, likeness: float) -> bool:
    """A flash (a headline sent without a story) is followed by its story within hours, so it joins
    only on its day (a correction or repeat aside); two flashes must name the same actor first and be
    near-copies (a company's two flashes of one day are most often two items); a flash and a text must
    pass FLASH_HELD (FLASH_HELD_LED when the flash opens with the text's lead), the flash naming the
    text's lead and the text stating the flash's figures."""
    resent = one.resent or two.resent
    if not (same_day or resent):
        return True
    if not (one.has_text or two.has_text):
        return not (one.subject in two.counts and two.subject in one.counts
                    and (resent or likeness >= SIMILAR_ENOUGH))
    flash, text = (one, two) if two.has_text else (two, one)
    return likeness < (FLASH_HELD_LED if _opens_with_lead(flash, text) else FLASH_HELD) \
        or not _names_lead(flash, text) or not (resent or _figures_stated(flash, text))


def _opens_with_lead(flash: StoryTerms, text: StoryTerms) -> bool:
    """The flash's headline opens with who leads the text ("TAFT BROADCASTING REJECTS..." and "Taft
    Broadcasting Co said..."), and says what the text says: the text holds more than half of the
    flash's other words and its headline one of them at least (a text recalling the flash's event as
    background headlines its own news)."""
    lead = text.lead.split()
    if not flash.subject or flash.subject not in lead:
        return False
    said = [word for word in flash.title_terms if word not in lead]
    return 2 * sum(word in text.counts for word in said) > len(said) and not text.title_terms.isdisjoint(said)


def _names_lead(flash: StoryTerms, other: StoryTerms) -> bool:
    """A flash's headline names who leads the other text (or, for a text without a lead, its
    headline's subject): a report mentioning the flash's event as background ("the Senate leader
    said, after the House vote...") is led by someone else."""
    actor = other.lead or other.subject
    return flash.has_text or not actor or any(
        word in flash.title_terms for word in actor.split() if word not in STOPWORDS)


def _working_days_between(one: int, other: int) -> int:
    """Weekdays after the earlier day up to the later: a dispatch of Friday sent again on Monday
    comes one working day later."""
    later = range(min(one, other) + 1, max(one, other) + 1)
    return sum(dt.date.fromordinal(day).weekday() < 5 for day in later)


def _same_headline(one: StoryTerms, other: StoryTerms) -> bool:
    """The headlines have the same words, a plural or third person's "s" aside ("SEEKS", "TO SEEK")."""
    return bool(one.title_terms) and {word.removesuffix("s") for word in one.title_terms} == {
        word.removesuffix("s") for word in other.title_terms}


def _headline(terms: StoryTerms) -> frozenset[str]:
    return frozenset(term for term in terms.title_terms if term not in terms.title_figures)


def headline_key(terms: StoryTerms) -> str:
    """The headline, its figures aside, as one text: what a store looks recurring reports up by."""
    return " ".join(sorted(_headline(terms)))


def _weights(terms: StoryTerms) -> dict[str, float]:
    return {term: 1.0 + math.log(count) for term, count in terms.counts.items()}


def _word_similarity(one: dict[str, float], other: dict[str, float]) -> float:
    """The cosine of the word counts alone: how much of one text is the other's words, rare or common."""
    dot = sum(weight * other[term] for term, weight in one.items() if term in other)
    if not dot:
        return 0.0
    return dot / math.sqrt(sum(w * w for w in one.values()) * sum(w * w for w in other.values()))


def _hides(other: str, name: str) -> bool:
    """Whether the reason shows `other` rather than `name`: the end of a name without its titles
    ("Hisham Nazer" for "Oil Minister Hisham Nazer"), else the whole name ("Valmore Harbour Board",
    not "Valmore")."""
    if other == name:
        return False
    return name.endswith(f" {other}") or (f" {name} " in f" {other} " and not other.endswith(f" {name}"))


def _about_as_long(one: StoryTerms, other: StoryTerms) -> bool:
    return min(one.words, other.words) >= DUPLICATE_LENGTH_RATIO * max(one.words, other.words)


def _days(days: int) -> str:
    return "same day" if days == 0 else f"{days} day{'s' if days > 1 else ''} apart"

