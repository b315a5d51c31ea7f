"""Questions about briefings rather than cards: similar briefings, briefings naming an entity, completion."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping

from whoosh import query

from search import vocabulary
from search.results import NewestFirst
from search.schema import unpack_facets
from search.store import SearchIndex

KEY_TERMS = 12
"""Terms taken from a briefing to find similar ones: enough to be specific, few enough to be fast."""
CARDS_PER_BRIEFING = 8
"""Card hits fetched per briefing wanted, since several cards of one briefing often match."""


def complete(index: SearchIndex, prefix: str, limit: int = 8) -> list[str]:
    """Words of the library starting with `prefix`, most frequent first: the search interface's
    completion, for a completion popup (as-you-type search expands its last word the same way)."""
    return vocabulary.completions(index, prefix.strip(), limit)


def more_like_this(index: SearchIndex, briefing_id: str, limit: int = 10) -> list[tuple[str, str, float]]:
    """(id, title, score) of the briefings most similar to this one, best first: for grouping the
    briefings that tell one story; [] for an id the index lacks."""
    with index.reading() as searcher:
        own = query.Term("briefing", briefing_id)
        text = "\n".join(f"{d.get('title', '')}\n{d.get('heading', '')}\n{d.get('text', '')}"
                         for d in searcher.documents(briefing=briefing_id))
        if not text.strip():
            return []
        terms = searcher.key_terms_from_text("text", text, numterms=KEY_TERMS)
        similar = query.Or([query.Term("text", term, boost=weight) for term, weight in terms])
        best: dict[str, tuple[str, str, float]] = {}
        for hit in searcher.search(similar, limit=limit * CARDS_PER_BRIEFING, mask=own):
            best.setdefault(hit["briefing"], (hit["briefing"], hit.get("title", ""), float(hit.score or 0.0)))
        return list(best.values())[:limit]


def briefings_mentioning(index: SearchIndex, entity_name: str, *, exclude: str | None = None,
                         limit: int = 200) -> list[tuple[str, str, dt.date | None]]:
    """(id, title, date) of the briefings naming an entity (or one of its aliases), newest first."""
    name = " ".join(entity_name.lower().replace(",", " ").split())
    if not name:
        return []
    with index.reading() as searcher:
        wanted = query.And([query.Term("entity", name), query.Term("lead", True)])
        mask = query.Term("briefing", exclude) if exclude else None
        results = searcher.search(wanted, limit=limit, sortedby=NewestFirst(), mask=mask)
        found = []
        for hit in results:
            when = hit.get("date")
            found.append((hit["briefing"], hit.get("title", ""),
                          when.date() if isinstance(when, dt.datetime) else None))
        return found



ENTITY_FACET = "entity:"
"""How a packed facet value names an entity (`search.schema.pack_facets`)."""


def entity_counts(index: SearchIndex) -> list[tuple[str, int]]:
    """Every entity's main name with the number of briefings naming it, most first: read from the packed
    facets of each briefing's lead document, one column value per briefing."""
    counts: Counter[str] = Counter()
    with index.reading() as searcher:
        if searcher.doc_count() == 0:
            return []
        column = searcher.reader().column_reader("facets")
        for docnum in searcher.docs_for_query(query.Term("lead", True)):
            counts.update(unpack_facets(column[docnum])[2])
    return entity_tally(counts)


def entity_tally(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """The entities among briefing facet counts ("name:value" -> briefings), most first, ties by name:
    the order every engine gives `entity_counts` in."""
    entities = {key[len(ENTITY_FACET):]: n for key, n in counts.items() if key.startswith(ENTITY_FACET)}
    return sorted(entities.items(), key=lambda item: (-item[1], item[0]))
