"""Tantivy behind `SearchEngine`: the same card documents and the same query language on another engine.

An optional extra (`pip install 'briefing-reader[engines]'`), imported only by whoever asks for it (the
contract suite, a team's own setup), never by the app. Documents are `search.schema.documents`, the ones
the Whoosh index holds (a card's outlet paragraphs joined back into one). Queries are read by our own
parser (`search.query.parse`: the same syntax, checks and messages as the reader), and the query tree it
returns is rebuilt from Tantivy queries; words go through Tantivy's own analysers, registered here under
our names, so a query's terms are the terms Tantivy indexed. Facet counts and completion come from
Tantivy itself (aggregations, term dictionary).

What it lacks beside the Whoosh index: no "did you mean" suggestion, no message naming an unknown
filter value (such a filter finds nothing), no time limit (totals are always exact), one fragment per
hit, and a date sort orders cards of the same day by Tantivy's order rather than by relevance.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from itertools import chain, groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

from whoosh import analysis, fields
from whoosh import query as whoosh_query

from briefings.model import Briefing, CardKind
from search.engine import EntityCount, Facets, Mention
from search.errors import SearchError
from search.facets import tally
from search.query import UNEXPECTED, kind_value, no_kind, parse
from search.related import entity_tally
from search.results import (
    COMPLETIONS_FOR_PREFIX,
    COMPLETIONS_WHILE_TYPING,
    FRAGMENT_CHARS,
    LAST_WORD,
    Hit,
    SearchResults,
    Span,
    ms_since,
    opening,
)
from search.schema import KEYWORD_FIELDS, build_schema, documents, unpack_facets

try:
    import tantivy
except ImportError as missing:
    raise ImportError("the Tantivy engine is an optional extra: pip install 'briefing-reader[engines]'"
                      ) from missing

STEMMED, KEYWORD, WORDS = "briefing-stemmed", "briefing-keyword", "briefing-words"
"""Our analysers' names in Tantivy: stemmed English words, whole lowercased values, unstemmed words."""
ANALYSED_FIELDS = ("title", "heading", "text")
FRAGMENT_FIELDS = ("text", "heading", "title")
"""Where a fragment is looked for, as in the Whoosh index (while typing, in the text only)."""
LISTED_FIELDS = tuple(name for name in KEYWORD_FIELDS if name != "kind")
"""Keyword fields holding several values per card (the Whoosh schema joins them with commas)."""
FACET_BUCKETS = 65_000
"""Tantivy's limit on the buckets of one aggregation: facet counts are exact while a query matches no
more distinct briefings (and a facet has no more distinct values) than this."""
WRITER_HEAP = 50_000_000
"""Bytes a writer buffers before it writes a segment (Tantivy's least is 15 MB)."""

Must, Should, MustNot = tantivy.Occur.Must, tantivy.Occur.Should, tantivy.Occur.MustNot
Clause = tuple[tantivy.Occur, tantivy.Query]
Found = list[tuple[Any, tantivy.DocAddress]]
"""Tantivy's hits: (score, or the date when sorted by it; the document's address)."""


class _Mistake(Exception):
    """A query that is not run; its message says why, in the reader's words."""


def _analysers() -> dict[str, tantivy.TextAnalyzer]:
    def words() -> tantivy.TextAnalyzerBuilder:
        return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.remove_long(40))
                .filter(tantivy.Filter.lowercase()))

    whole = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.raw()).filter(tantivy.Filter.lowercase())
    return {STEMMED: words().filter(tantivy.Filter.stemmer("english")).build(), KEYWORD: whole.build(),
            WORDS: words().build()}


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("briefing", stored=True, fast=True, tokenizer_name="raw", index_option="basic")
    builder.add_unsigned_field("card", stored=True)
    builder.add_boolean_field("lead", indexed=True)
    for name in ANALYSED_FIELDS:  # the card's text is stored apart, as `shown` (what a fragment shows)
        builder.add_text_field(name, stored=name != "text", tokenizer_name=STEMMED)
    builder.add_bytes_field("shown", stored=True)
    builder.add_text_field("words", tokenizer_name=WORDS, index_option="basic")  # completion reads these
    builder.add_text_field("kind", stored=True, tokenizer_name="raw", index_option="basic")
    for name in LISTED_FIELDS:
        builder.add_text_field(name, tokenizer_name=KEYWORD, index_option="basic")
    builder.add_date_field("date", stored=True, indexed=True, fast=True)
    # The values the facets count, as the Whoosh index packs them ("outlet:bloomberg"): per card, and
    # per briefing (counted on the briefing's lead card, once per briefing).
    builder.add_text_field("card_facets", fast=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("briefing_facets", fast=True, tokenizer_name="raw", index_option="basic")
    return builder.build()


def _parsing_schema() -> fields.Schema:
    """Our schema with words kept as typed (lowercased): Tantivy's analyser stems them, not Whoosh's.
    Field boosts stay, and are applied to Tantivy's queries."""
    schema = build_schema()
    for name in ANALYSED_FIELDS:
        boost = schema[name].format.field_boost
        schema.remove(name)
        schema.add(name, fields.TEXT(analyzer=analysis.RegexTokenizer() | analysis.LowercaseFilter(),
                                     field_boost=boost))
    return schema


class TantivyEngine:
    """A Tantivy index in `folder` (made, or opened again), or in memory without one."""

    def __init__(self, folder: Path | None = None) -> None:
        self._schema = _schema()
        try:
            if folder is not None:
                folder.mkdir(parents=True, exist_ok=True)
            self._index = tantivy.Index(self._schema, path=None if folder is None else str(folder))
        except (OSError, ValueError) as error:
            raise SearchError(f"could not open the Tantivy index {folder}: {error}") from error
        self._analysers = _analysers()
        for name, analyser in self._analysers.items():
            self._index.register_tokenizer(name, analyser)
        self._folder = folder
        self._parsing = _parsing_schema()
        self._writing = threading.Lock()

    @property
    def pending(self) -> int:
        """Always 0: `index` returns once its commit is searchable."""
        return 0

    # Writing -----------------------------------------------------------------------------------

    def index(self, briefings: Iterable[Briefing]) -> None:
        latest = {briefing.id: briefing for briefing in briefings}

        def add(writer: tantivy.IndexWriter) -> None:
            for briefing in latest.values():
                writer.delete_documents_by_term("briefing", briefing.id)
                for _card, parts in groupby(documents(briefing), key=itemgetter("card")):
                    writer.add_document(self._document(list(parts)))

        if latest:
            self._commit(add)

    def delete(self, ids: Iterable[str]) -> None:
        def remove(writer: tantivy.IndexWriter) -> None:
            for briefing_id in ids:
                writer.delete_documents_by_term("briefing", briefing_id)

        self._commit(remove)

    def _commit(self, change: Callable[[tantivy.IndexWriter], None]) -> None:
        """All of `change` or none of it, searchable when this returns."""
        with self._writing:
            try:
                writer = self._index.writer(heap_size=WRITER_HEAP, num_threads=1)
                try:
                    change(writer)
                    writer.commit()
                except BaseException:
                    writer.rollback()
                    raise
                writer.wait_merging_threads()
            except (OSError, ValueError) as error:
                raise SearchError(f"could not write the Tantivy index {self._folder or '(in memory)'}: "
                                  f"{error}") from error
            self._index.reload()

    def _document(self, parts: list[dict[str, Any]]) -> tantivy.Document:
        """One card's documents of `search.schema.documents` as one Tantivy document: a card the Whoosh
        index holds as a document per outlet paragraph is joined back, so that hits, totals and facets
        count cards without a pass over every match (an `outlet:` filter then keeps the whole card)."""
        first = parts[0]
        facets = [unpack_facets(part["facets"]) for part in parts]
        values: dict[str, Any] = {
            "briefing": first["briefing"], "card": first["card"], "lead": first["lead"],
            "title": first["title"], "heading": first["heading"], "kind": first["kind"],
            "text": "\n".join(part["text"] for part in parts),
            "shown": "\n".join(filter(None, (part["_stored_text"] for part in parts))).encode("utf-8"),
            "words": [first["title"], *(part["text"] for part in parts)],
            "card_facets": _union(unpacked[1] for unpacked in facets), "briefing_facets": facets[0][2],
            **{name: _union(part[name].split(",") for part in parts) for name in LISTED_FIELDS},
        }
        if "date" in first:
            values["date"] = first["date"]
        return tantivy.Document.from_dict(values, self._schema)

    # Searching ---------------------------------------------------------------------------------

    def search(self, text: str, *, filters: Mapping[str, str] | None = None, limit: int = 20, page: int = 1,
               sort: str = "relevance", as_you_type: bool = False, facets: bool | None = None,
               complete_last: bool | None = None, archived: bool = False) -> SearchResults:
        """`archived` is accepted for the protocol: this adapter never leaves archived briefings out."""
        started = time.perf_counter()
        completing = (as_you_type if complete_last is None else complete_last) and not text[-1:].isspace()
        typed = " ".join(text.split())
        searcher = self._index.searcher()
        try:
            wanted = self._query(searcher, typed, filters or {}, completing)
            found, total, page = self._page(searcher, wanted, limit, page, sort)
            with_facets = not as_you_type if facets is None else facets
            counts = self._facet_counts(searcher, wanted) if with_facets else {}
            hits = self._hits(searcher, wanted, found, sorted_by_date=sort == "date",
                              fields_tried=FRAGMENT_FIELDS[:1] if as_you_type else FRAGMENT_FIELDS)
        except _Mistake as mistake:
            return SearchResults(typed, (), 0, 1, 0, error=str(mistake), elapsed_ms=ms_since(started))
        except ValueError:  # Tantivy failing on a query our checks let through
            return SearchResults(typed, (), 0, 1, 0, error=UNEXPECTED, elapsed_ms=ms_since(started))
        page_count = math.ceil(total / limit) if limit else 0
        return SearchResults(typed, hits, total, page, page_count, facets=counts,
                             elapsed_ms=ms_since(started))

    def facets(self, text: str, *, filters: Mapping[str, str] | None = None) -> Facets:
        searcher = self._index.searcher()
        try:
            return self._facet_counts(searcher, self._query(searcher, " ".join(text.split()), filters or {},
                                                            completing=False))
        except (_Mistake, ValueError):
            return {}

    def complete(self, prefix: str, limit: int = 8) -> list[str]:
        return self._vocabulary(self._index.searcher(), prefix.strip().lower())[:limit]

    def briefings_mentioning(self, entity_name: str, *, exclude: str | None = None,
                             limit: int = 200) -> list[Mention]:
        name = " ".join(entity_name.lower().replace(",", " ").split())
        if not name:
            return []
        clauses = [(Must, self._term("entity", name)), (Must, self._term("lead", True))]
        if exclude:
            clauses.append((MustNot, self._term("briefing", exclude)))
        searcher = self._index.searcher()
        found = searcher.search(tantivy.Query.boolean_query(clauses), limit, order_by_field="date",
                                order=tantivy.Order.Desc)
        mentions = []
        for _key, address in found.hits:
            document = searcher.doc(address)
            when = document.get_first("date")
            mentions.append((str(document.get_first("briefing")), str(document.get_first("title") or ""),
                             when.date() if when is not None else None))
        return mentions

    def entity_counts(self) -> list[EntityCount]:
        """Exact while the library has no more than FACET_BUCKETS distinct entities, topics and flags."""
        searcher = self._index.searcher()
        leads = searcher.aggregate(self._term("lead", True), {"values": _terms("briefing_facets")})
        return entity_tally(_bucket_counts(leads["values"]))

    def close(self) -> None:
        """Nothing to release: every writer is closed after its commit, and the index goes with the object."""

    # Queries -----------------------------------------------------------------------------------

    def _query(self, searcher: tantivy.Searcher, typed: str, filters: Mapping[str, str],
               completing: bool) -> tantivy.Query:
        """`filters` as exact terms (as the Whoosh index takes them), AND the text as our parser reads it."""
        clauses = [(Must, self._filter(name, value))
                   for name, value in filters.items() if name in KEYWORD_FIELDS]
        if typed or not clauses:
            parsed = parse(self._parsing, typed, share=partial(self._share, searcher))
            if parsed.error is not None:
                raise _Mistake(parsed.error)
            # The unfinished last word (a bare word ending the text as understood) ends at `last`.
            last = len(parsed.text) if completing and LAST_WORD.search(parsed.text) else None
            clauses.append((Must, self._translate(searcher, parsed.query, last=last)))
        return _boolean(clauses)

    def _share(self, searcher: tantivy.Searcher, word: str) -> float:
        """The share of cards holding a word, by which our parser tells common words from the rest."""
        held = min((searcher.doc_freq("text", stem) for stem in self._stems(word)), default=0)
        return held / max(searcher.num_docs, 1)

    def _filter(self, name: str, value: str) -> tantivy.Query:
        if name != "kind":
            return self._term(name, " ".join(value.lower().split()))
        kind = kind_value(value)
        if kind is None:
            raise _Mistake(no_kind(value))
        return self._term("kind", kind.value)

    def _translate(self, searcher: tantivy.Searcher, node: whoosh_query.Query, *, last: int | None
                   ) -> tantivy.Query:
        """Tantivy's form of one node of the Whoosh query tree our parser made, weighed as it is."""
        translated = self._translate_node(searcher, node, last=last)
        return translated if node.boost == 1 else tantivy.Query.boost_query(translated, node.boost)

    def _translate_node(self, searcher: tantivy.Searcher, node: whoosh_query.Query, *, last: int | None
                        ) -> tantivy.Query:
        again = partial(self._translate, searcher, last=last)
        if isinstance(node, whoosh_query.And):
            return _boolean([(MustNot, again(child.query)) if isinstance(child, whoosh_query.Not)
                             else (Must, again(child)) for child in node.subqueries])
        if isinstance(node, whoosh_query.Or):
            return _boolean([(Should, again(child)) for child in node.subqueries])
        if isinstance(node, whoosh_query.Not):
            return _boolean([(MustNot, again(node.query))])
        if isinstance(node, whoosh_query.AndNot):
            return _boolean([(Must, again(node.a)), (MustNot, again(node.b))])
        if isinstance(node, whoosh_query.AndMaybe):
            return _boolean([(Must, again(node.a)), (Should, again(node.b))])
        if isinstance(node, whoosh_query.DateRange):
            return tantivy.Query.range_query(self._schema, "date", tantivy.FieldType.Date, node.startdate,
                                             node.enddate, include_lower=not node.startexcl,
                                             include_upper=not node.endexcl)
        if isinstance(node, whoosh_query.Phrase):
            return self._words(node.fieldname, [w for word in node.words for w in self._stems(word)],
                               slop=max(node.slop - 1, 0))
        if isinstance(node, whoosh_query.Prefix):  # `sanc*`: its most frequent completions, as in Whoosh
            completions = self._vocabulary(searcher, node.text)[:COMPLETIONS_FOR_PREFIX]
            return self._any_word(node.fieldname, completions)
        if isinstance(node, whoosh_query.FuzzyTerm):
            stems = self._stems(node.text)
            if len(stems) != 1:
                return self._words(node.fieldname, stems)
            return self._boosted(node.fieldname, tantivy.Query.fuzzy_term_query(
                self._schema, node.fieldname, stems[0], distance=min(node.maxdist, 2)))
        if isinstance(node, whoosh_query.Term):
            if node.fieldname not in ANALYSED_FIELDS:
                return self._term(node.fieldname, node.text)
            if last is not None and node.endchar == last:
                return self._any_word(node.fieldname, self._completed(searcher, node.text))
            return self._words(node.fieldname, self._stems(node.text))
        raise _Mistake(UNEXPECTED)

    def _completed(self, searcher: tantivy.Searcher, word: str) -> list[str]:
        """An unfinished word: its most frequent completions, itself first when it is a word already."""
        known = self._vocabulary(searcher, word)
        options = known[:COMPLETIONS_WHILE_TYPING]
        if word not in options and word in known:
            options = [word, *options[:-1]]
        return options or [word]

    def _vocabulary(self, searcher: tantivy.Searcher, prefix: str) -> list[str]:
        """The words starting with `prefix`, most frequent first, counted in the cards not deleted (the
        term dictionary's own counts keep deleted cards until their segments merge)."""
        if not prefix:
            return []
        counted = searcher.terms_with_prefix("words", prefix, filter_query=tantivy.Query.all_query())
        return [word for _count, word in sorted((-count, word) for word, count in counted)]

    def _any_word(self, field: str, words: Sequence[str]) -> tantivy.Query:
        return _boolean([(Should, self._words(field, self._stems(word))) for word in words])

    def _words(self, field: str, stems: Sequence[str], slop: int = 0) -> tantivy.Query:
        """One stem, or stems in a row (a phrase, or a word Tantivy splits, such as "u.s")."""
        if not stems:  # nothing Tantivy indexes (a word over 40 letters)
            return tantivy.Query.empty_query()
        if len(stems) == 1:
            return self._boosted(field, tantivy.Query.term_query(self._schema, field, stems[0]))
        return self._boosted(field, tantivy.Query.phrase_query(self._schema, field, list(stems), slop=slop))

    def _boosted(self, field: str, query: tantivy.Query) -> tantivy.Query:
        """Weighed by the field's boost in our schema (titles count double), as Whoosh scores it."""
        boost = self._parsing[field].format.field_boost
        return query if boost == 1 else tantivy.Query.boost_query(query, boost)

    def _stems(self, word: str) -> list[str]:
        return self._analysers[STEMMED].analyze(word)

    def _term(self, field: str, value: str | bool) -> tantivy.Query:
        return tantivy.Query.term_query(self._schema, field, value)

    # Results -----------------------------------------------------------------------------------

    def _page(self, searcher: tantivy.Searcher, wanted: tantivy.Query, limit: int, page: int, sort: str
              ) -> tuple[Found, int, int]:
        """(the page's hits, the exact total, the page shown: a page past the end shows the last)."""
        by_date = "date" if sort == "date" else None
        page = max(page, 1)
        found = searcher.search(wanted, limit, offset=(page - 1) * limit, order_by_field=by_date,
                                order=tantivy.Order.Desc)
        last = max(math.ceil(_total(found) / limit), 1) if limit else 1
        if page > last:
            page = last
            found = searcher.search(wanted, limit, offset=(page - 1) * limit, order_by_field=by_date,
                                    order=tantivy.Order.Desc)
        return found.hits, _total(found), page

    def _hits(self, searcher: tantivy.Searcher, wanted: tantivy.Query, found: Found, *, sorted_by_date: bool,
              fields_tried: Sequence[str]) -> tuple[Hit, ...]:
        generators = {}
        for name in fields_tried:
            generators[name] = tantivy.SnippetGenerator.create(searcher, wanted, self._schema, name)
            generators[name].set_max_num_chars(FRAGMENT_CHARS)
        hits = []
        for key, address in found:
            document = searcher.doc(address)
            shown = bytes(document.get_first("shown") or b"").decode("utf-8")
            stored = {"text": shown, "heading": document.get_first("heading") or "",
                      "title": document.get_first("title") or ""}
            fragment: tuple[Span, ...] = ()
            for name, generator in generators.items():
                fragment = _spans(generator.snippet_from_doc(tantivy.Document(**{name: stored[name]})))
                if fragment:
                    break
            if not fragment and shown:  # the match is in no stored text (a cited title): the card's start
                fragment = ((opening(shown), False),)
            when = document.get_first("date")
            # Sorted by date, Tantivy gives the date as the key; relevance is still the score a hit shows.
            score = (float(json.loads(wanted.explain(searcher, address).to_json())["value"]) if sorted_by_date
                     else float(key))
            hits.append(Hit(
                briefing_id=str(document["briefing"][0]), briefing_title=stored["title"],
                date=when.date() if when is not None else None, card_index=int(document["card"][0]),
                card_kind=CardKind(document["kind"][0]), heading=stored["heading"], score=score,
                fragment=fragment))
        return tuple(hits)

    def _facet_counts(self, searcher: tantivy.Searcher, wanted: tantivy.Query) -> Facets:
        """Card facets counted over the matches; briefing facets over the lead cards of the briefings
        matched, so that each briefing counts once. Ordered as the Whoosh index orders them."""
        matched = searcher.aggregate(wanted, {"cards": _terms("card_facets"), "ids": _terms("briefing")})
        counts = _bucket_counts(matched["cards"])
        ids = list(_bucket_counts(matched["ids"]))
        if ids:
            leads = _boolean([(Must, self._term("lead", True)),
                              (Must, tantivy.Query.term_set_query(self._schema, "briefing", ids))])
            per_briefing = searcher.aggregate(leads, {"values": _terms("briefing_facets")})
            counts.update(_bucket_counts(per_briefing["values"]))
        return tally(counts)


def _boolean(clauses: list[Clause]) -> tantivy.Query:
    """Tantivy matches nothing with only MustNot clauses; Whoosh's NOT means "every card but"."""
    if clauses and all(occur == MustNot for occur, _query in clauses):
        clauses = [(Must, tantivy.Query.all_query()), *clauses]
    return tantivy.Query.boolean_query(clauses)


def _terms(field: str) -> dict[str, Any]:
    return {"terms": {"field": field, "size": FACET_BUCKETS, "segment_size": FACET_BUCKETS}}


def _union(lists: Iterable[Iterable[str]]) -> list[str]:
    return [value for value in dict.fromkeys(chain.from_iterable(lists)) if value]


def _bucket_counts(aggregation: dict[str, Any]) -> Counter[str]:
    return Counter({bucket["key"]: bucket["doc_count"] for bucket in aggregation["buckets"]})


def _total(found: tantivy.SearchResult) -> int:
    """Every match, counted exactly (the package's type stubs leave the attribute out)."""
    return int(found.count)  # type: ignore[attr-defined, unused-ignore]


def _spans(snippet: tantivy.Snippet) -> tuple[Span, ...]:
    """Tantivy marks matches by byte ranges of the fragment; spans are text."""
    fragment = snippet.fragment().encode("utf-8")
    spans: list[Span] = []
    position = 0
    for marked in sorted(snippet.highlighted(), key=lambda r: r.start):
        if marked.start < position:
            continue
        if marked.start > position:
            spans.append((fragment[position: marked.start].decode("utf-8"), False))
        spans.append((fragment[marked.start: marked.end].decode("utf-8"), True))
        position = marked.end
    if spans and position < len(fragment):
        spans.append((fragment[position:].decode("utf-8"), False))
    return tuple(spans)

