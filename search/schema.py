"""What the index stores: one document per card, carrying its briefing's keywords.

One document per card lets a hit point at the card that matched. The briefing's title is on every
card (its words rank each card); the briefing-level filters (`BRIEFING_FIELDS`: entities, topics,
quality, has, date) are indexed on its lead document only, and a filter such as
`entity:"Kim Jong-un" sanctions` keeps every card of the briefings it matches (`search.matching`
resolves it per briefing). A split article has about three cards: copying these postings, and the
spelling words, onto each made 62,000 of the 121,000 postings splitting added to reut2-000.

A split article's full text counts only the sentences no derived card quotes (`briefings.counting`), and a
derived card's heading, the splitter's label, is not indexed in its text (`heading:` finds it).

A card of outlets' paragraphs ("What the papers say") is a document per paragraph instead
(`passages`), so `outlet:bloomberg` finds Bloomberg's words and a fragment shows only them; the
search keeps one hit per card and counts cards, never paragraphs (`search.results`, `search.facets`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from whoosh import analysis, columns, fields
from whoosh.lang import porter2

from briefings.counting import PARAGRAPH_MARK, collapsed, counted_texts
from briefings.formats import native_yaml
from briefings.model import Briefing, Card, CardKind, FlagCode
from briefings.outlets import outlet_name
from briefings.text import citations_in

SCHEMA_VERSION = 8
"""Bumped whenever a field is added, removed or analysed differently; an older index is rebuilt.
3: words stemmed by Porter2 ("shipping" is "ship"; the original Porter stem was "shipp").
4: each outlet's paragraph of a card a document of its own, with the paragraph it is (`part`).
5: the briefing-level filters, the spelling words and `lead` indexed once per briefing.
6: a derived card's heading (the splitter's label, "Forecast and consequences") is not in its text.
7: stored fields kept uncompressed (`search.storage`); `kind` has no column.
8: no unique `key` per document: `card` is indexed (its number), and a card is its briefing's term and
   that number (each unique term costs the index's flush a posting list of its own)."""

BRIEFING_FIELDS = ("entity", "topic", "quality", "has", "date")
"""Filters on the briefing, not the card: indexed on its lead document only (`indexed_documents`), and
matched per briefing (`search.matching.per_briefing`), so they keep all of its cards."""

KEYWORD_FIELDS = ("kind", "outlet", "entity", "topic", "journalist", "quality", "has")
"""The friendly filter names users type (`outlet:bloomberg`, `quality:truncated`, `has:discrepancy`)."""

TEXT_FIELDS = ("title", "text")
"""Fields plain words are looked up in: each more field multiplies the postings a query reads, so the
card's heading and its references' titles and outlets are indexed inside `text` (stored without them)."""


def _keywords() -> fields.KEYWORD:
    # Commas, not spaces, separate values so "Kim Jong-un" stays one case-insensitive keyword.
    return fields.KEYWORD(commas=True, lowercase=True, scorable=False)


def build_schema() -> fields.Schema:
    # No stop list: the default one drops "us", "it", "may", "will" ("US election" searched "elect").
    # Porter2 (Snowball English), not Whoosh's default Porter, which leaves doubled consonants: "shipping"
    # stemmed to "shipp" and never met "ship" or "ships" (likewise cutting, stopped, planning).
    stemmed = analysis.StemmingAnalyzer(stemfn=porter2.stem, stoplist=None)
    return fields.Schema(
        briefing=fields.ID(stored=True, sortable=True),
        # The card's number in its briefing: with `briefing`, what finds one card (a note's).
        card=_CardNumber(stored=True),
        # The outlet paragraph (index in `Card.outlets`) and its outlets, for a paragraph's document.
        part=fields.STORED(),
        part_outlets=fields.STORED(),
        lead=fields.BOOLEAN(),
        digest=fields.ID(sortable=True),
        # spelling=True keeps the unstemmed words (field "spell_text") for completion and "did you mean".
        title=_SpelledTitle(analyzer=stemmed, field_boost=2.0, stored=True, spelling=True),
        heading=_Remembered(analyzer=stemmed, stored=True),
        text=_SpelledOnce(analyzer=stemmed, stored=True, spelling=True),
        kind=fields.ID(stored=True),  # no column: nothing sorts by it, and a column costs every document
        outlet=_keywords(),
        journalist=_keywords(),
        entity=_keywords(),
        topic=_keywords(),
        # The briefing's quality flag codes (`quality:truncated`) and what it has worth finding
        # (`has:discrepancy`), on its lead document like the entities.
        quality=_keywords(),
        has=_keywords(),
        # Stored and in the sort column on every card; indexed on the lead document only.
        date=_BriefingDate(stored=True, sortable=True),
        # Facet values packed in one column: counting them per query from a cached table costs
        # milliseconds, where Whoosh's multi-valued facets re-read every posting of the field.
        facets=fields.COLUMN(columns.VarBytesColumn()),
    )


@dataclass(frozen=True)
class Repeated:
    """A briefing's date on a card document after its first: stored (and in the sort column) as on the
    first, for the hit and the date sort, but indexed on the first alone."""

    value: Any


@dataclass(frozen=True)
class Spelled:
    """A title or text indexed as usual, with the words its spelling field keeps given apart: a briefing's
    words are kept once, on its lead document (completion counts briefings, split or not)."""

    value: str
    spelling: str


class _Remembered(fields.TEXT):  # type: ignore[misc]
    """A text field whose last values' postings are kept: a briefing's title is indexed on each of its
    cards in a row, and split cards' headings are the same few labels, so most are analysed once."""

    _kept: ClassVar[dict[tuple[int, str], tuple[fields.FieldType, list[Any]]]] = {}
    """By the field's id (a field is unhashable) and the value; each entry holds its field too, so that
    id names no other field while the entry is kept."""
    _KEEP: ClassVar[int] = 64

    def index(self, value: Any, **kwargs: Any) -> Any:
        if kwargs or not isinstance(value, str):
            return super().index(value, **kwargs)
        key = (id(self), value)
        kept = self._kept.get(key)
        if kept is None:
            if len(self._kept) >= self._KEEP:
                self._kept.clear()
            kept = self._kept[key] = (self, list(super().index(value)))
        return kept[1]


class _SpelledOnce(fields.TEXT):  # type: ignore[misc]
    """Indexed from a `Spelled` value's text, its spelling words from its `spelling`."""

    def index(self, value: Any, **kwargs: Any) -> Any:
        return super().index(value.value if isinstance(value, Spelled) else value, **kwargs)

    def spellable_words(self, value: Any) -> Any:
        return super().spellable_words(value.spelling if isinstance(value, Spelled) else value)


class _SpelledTitle(_SpelledOnce, _Remembered):
    """The title: spelled once per briefing, its postings analysed once for all its cards."""


class _CardNumber(fields.ID):  # type: ignore[misc]
    """Stored as the number it is, indexed as its digits: a few terms for the whole index."""

    def index(self, value: Any, **kwargs: Any) -> Any:
        return super().index(str(value), **kwargs)


class _BriefingDate(fields.DATETIME):  # type: ignore[misc]
    """Indexed (eight range tiers) on the lead document only: a date filter is matched per briefing."""

    def index(self, value: Any, **kwargs: Any) -> Any:
        return () if isinstance(value, Repeated) else super().index(value, **kwargs)


def indexed_documents(briefing: Briefing) -> list[dict[str, Any]]:
    """`documents` as the Whoosh index takes them: the lead document carries the briefing-level fields,
    and the first with a word the spelling words of all its documents; each later one stores the title
    and the date as the lead does (for its hit and the date sort), without their postings, and has no
    `lead` posting. Empty keywords are left out."""
    found = list(documents(briefing))
    for document in found:  # an empty keyword indexes nothing, yet costs Whoosh a pass per document
        for name in KEYWORD_FIELDS:
            if document.get(name) == "":
                del document[name]
    if len(found) > 1:
        spelling = "\n".join(document["text"] for document in found)
        # Whoosh gives a spelling word the posting value of the field's last word (its positions), or,
        # when the field has no word, of the field before it (none): one posting list holding both
        # could not be read back to merge segments. So the first document with a word spells them all.
        speller = next((document for document in found if _WORD.search(document["text"])), found[0])
        for document in found:
            document["text"] = Spelled(document["text"], spelling if document is speller else "")
        for document in found[1:]:
            del document["lead"]
            for name in BRIEFING_FIELDS:
                value = document.pop(name, None)
                if name == "date" and value is not None:
                    document.update(date=Repeated(value), _stored_date=value)
            document.update(title=Spelled(document["title"], ""), _stored_title=document["title"])
    return found


_WORD = re.compile(r"\w")
"""What makes the analyser find a word (every `\\w` starts one of its tokenizer's)."""


def digest(briefing: Briefing) -> str:
    """The library catalog's digest of the same briefing (SHA-256 of its YAML), so an open can tell
    which documents are stale without reading a single briefing file; taken from the library's own
    stored text, never from a second serialisation."""
    return native_yaml.digest(briefing)


def documents(briefing: Briefing) -> Iterator[dict[str, Any]]:
    """The documents for one briefing; a briefing without cards still gets one, for its title.
    The first is the briefing's `lead`, which carries its digest."""
    shared: dict[str, Any] = {
        "briefing": briefing.id,
        "title": briefing.title,
        "entity": _join(name for entity in briefing.entities for name in entity.names),
        "topic": _join(briefing.topics),
        "quality": _join(flag.code.value for flag in briefing.flags),
        "has": _join(_has(briefing)),
    }
    if briefing.date is not None:
        shared["date"] = dt.datetime(briefing.date.year, briefing.date.month, briefing.date.day)
    briefing_facets = _briefing_facets(shared, _join(entity.name for entity in briefing.entities))
    cited = {n for card in briefing.cards for n in card.citations}
    uncited = tuple(ref.number for ref in briefing.references if ref.number not in cited)
    cards = briefing.cards or (Card(kind=CardKind.OTHER, heading="", text=""),)
    texts = counted_texts(briefing) or ("",)
    for index, (card, counted) in enumerate(zip(cards, texts, strict=True)):
        found = passages(briefing, card, counted, card.citations + (uncited if index == 0 else ()))
        several = len(found) > 1
        for number, passage in enumerate(found):
            document = {**shared, **_passage_fields(briefing, card, passage)}
            document.update(card=index, lead=index == 0 and number == 0)
            if passage.part is not None:
                document.update(part=passage.part, part_outlets=passage.outlets)
            document["facets"] = pack_facets(document, briefing_facets, several)
            if document["lead"]:
                document["digest"] = digest(briefing)
            yield document


@dataclass(frozen=True)
class Passage:
    """What one document holds of a card: all of it, or the paragraph of some outlets."""

    text: str
    """As the index counts it: each sentence once (`briefings.counting`), in one passage of its card."""
    citations: tuple[int, ...]
    outlets: tuple[str, ...] = ()
    journalists: tuple[str, ...] = ()
    part: int | None = None
    """The paragraph (index in `Card.outlets`) the reader shows it in; None: the card as a whole."""


def passages(briefing: Briefing, card: Card, counted: str, citations: tuple[int, ...]) -> list[Passage]:
    """The card whole, or a passage per outlet paragraph: each line of the counted text goes to the
    paragraphs that hold it (a sentence two papers share is one passage naming both, so it is counted
    once), lines none holds (an introduction) to the card as a whole. A paragraph none of whose
    sentences this card counts (a split article's lead, counted in its summary) still has a passage,
    so `outlet:` finds the card as it did.

    A line belongs to a paragraph when either holds the other, case and spacing aside: a paragraph
    may be quoted inside a labelled line ("- … (sources: BBC)"), or span lines of a wrapped one."""
    if not card.outlets:
        return [Passage(counted, citations)]
    wholes = [_comparable(PARAGRAPH_MARK.sub(" ", summary.text)) for summary in card.outlets]
    quotes = [[_comparable(quote) for quote in PARAGRAPH_MARK.sub("\n", summary.text).splitlines()
               if quote.strip()] for summary in card.outlets]
    lines: dict[tuple[int, ...], list[str]] = {}
    for line in counted.splitlines():
        seen = _comparable(line)
        if seen:
            owners = tuple(i for i, (whole, own) in enumerate(zip(wholes, quotes, strict=True))
                           if seen in whole or any(quote in seen for quote in own))
            lines.setdefault(owners, []).append(line)
    for i in range(len(card.outlets)):
        if not any(i in owners for owners in lines):
            lines[(i,)] = []
    texts = {owners: "\n".join(held) for owners, held in lines.items()}
    cited: dict[tuple[int, ...], list[int]] = {}
    for number in citations:
        cited.setdefault(_citing(briefing, card, texts, number), []).append(number)
    if () in cited and () not in texts:
        texts[()] = ""
    return [_passage(card, owners, text, tuple(cited.get(owners, ()))) for owners, text in texts.items()]


def _citing(briefing: Briefing, card: Card, texts: dict[tuple[int, ...], str],
            number: int) -> tuple[int, ...]:
    """The passage a reference goes with (its title and outlet are indexed there): the first whose text
    cites it, else the first of its outlet (its sentences counted in another card), else the card as a
    whole. Never another outlet's paragraph only because both cite it: `outlet:` would find that one."""
    paragraphs = [owners for owners in texts if owners]
    citing = next((owners for owners in paragraphs if number in citations_in(texts[owners])), None)
    reference = briefing.reference(number)
    if citing is not None or reference is None:
        return citing or ()
    names = {reference.outlet.casefold(), outlet_name(reference.outlet).casefold()}
    of_outlet = (owners for owners in paragraphs
                 if any(outlet.casefold() in names for i in owners for outlet in card.outlets[i].outlets))
    return next(of_outlet, ())


def _passage(card: Card, owners: tuple[int, ...], text: str, citations: tuple[int, ...]) -> Passage:
    summaries = [card.outlets[i] for i in owners]
    return Passage(text, citations, tuple(dict.fromkeys(o for s in summaries for o in s.outlets)),
                   tuple(s.journalist for s in summaries if s.journalist), owners[0] if owners else None)


def _comparable(text: str) -> str:
    return collapsed(text).casefold()


def _has(briefing: Briefing) -> Iterator[str]:
    if any(flag.code is FlagCode.DISCREPANCY for flag in briefing.flags):
        yield FlagCode.DISCREPANCY.value


def _passage_fields(briefing: Briefing, card: Card, passage: Passage) -> dict[str, Any]:
    references = [ref for ref in (briefing.reference(n) for n in passage.citations) if ref is not None]
    outlets = [*passage.outlets, *(r.outlet for r in references)]
    journalists = [*passage.journalists, *(r.author for r in references)]
    cited = "\n".join(f"{r.title} {r.outlet}" for r in references)
    return {
        "heading": card.heading,
        # A derived card's heading is the splitter's label: `kind:` and `heading:` find it, and in the
        # text every forecast card would match "forecast" and complete "happ…" to "happened".
        "text": f"{passage.text}\n{cited}" if card.derived else f"{card.heading}\n{passage.text}\n{cited}",
        "_stored_text": passage.text,  # what a fragment shows is what was indexed: no quote twice, no marks
        "kind": card.kind.value,
        "outlet": _join(outlets),
        "journalist": _join(journalists),
    }


GROUP, RECORD = "\x1d", "\x1e"
"""Separators in the packed facet column; control characters never occur in ids or keywords."""


def pack_facets(document: dict[str, Any], briefing_facets: str, shares_card: bool) -> bytes:
    """`briefing-id GS kind:forecast RS outlet:bloomberg GS entity:kim jong-un RS quality:truncated GS 3`.

    Values carry their facet name so counting needs two splits and no tuples. The briefing's
    group (`_briefing_facets`) is the same on each of its documents. The last group is the card's
    index when the card has several documents (`shares_card`), else empty.
    """
    card = [f"kind:{document['kind']}", *_prefixed("outlet", document["outlet"])]
    shared = str(document["card"]) if shares_card else ""
    groups = [document["briefing"], RECORD.join(card), briefing_facets, shared]
    return GROUP.join(groups).encode("utf-8")


def _briefing_facets(fields: dict[str, Any], entities: str) -> str:
    """The briefing's facet values, packed once for all its documents. Entities by their main name
    only: aliases match a filter but would crowd the facet list."""
    return RECORD.join([*_prefixed("entity", entities), *_prefixed("topic", fields["topic"]),
                        *_prefixed("quality", fields["quality"])])


def unpack_facets(packed: bytes) -> tuple[str, list[str], list[str], str]:
    """(briefing id, card facet values, briefing facet values, the card's index if it has several
    documents else ""), each value "name:value"."""
    briefing_id, card, briefing, shared = packed.decode("utf-8").split(GROUP)
    return briefing_id, card.split(RECORD), briefing.split(RECORD) if briefing else [], shared


def shared_card(packed: bytes) -> bytes | None:
    """For a document that shares its card with others, what names the card (its briefing's id and
    its index); None for a document that is its card."""
    head, _, card = packed.rpartition(_GROUP_BYTES)
    return head.partition(_GROUP_BYTES)[0] + _GROUP_BYTES + card if card else None


_GROUP_BYTES = GROUP.encode("ascii")


def _prefixed(name: str, joined: str) -> list[str]:
    return [f"{name}:{value.lower()}" for value in joined.split(",") if value]


def _join(values: Iterable[str]) -> str:
    """Comma-separated keywords, commas inside a value dropped, duplicates and blanks removed."""
    seen = dict.fromkeys(" ".join(v.replace(",", " ").split()) for v in values)
    return ",".join(v for v in seen if v)
