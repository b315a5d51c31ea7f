"""The reference engines `engines_bench` measures ours against: SQLite FTS5 and (when installed) Tantivy.

Each indexes the same card documents as our index, configured as a user would without tuning: FTS5
with `porter unicode61` and prefix indexes for as-you-type, ranked by bm25; Tantivy with its `en_stem`
tokenizer and its default query parser over title and text. A hit is (briefing id, card index).
"""

from __future__ import annotations

import importlib
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CardKey = tuple[str, int]
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class CardDocument:
    """One card as our index holds it: its briefing's title and its counted text."""

    briefing_id: str
    card_index: int
    kind: str
    title: str
    text: str


class Fts5:
    """FTS5 as the SQLite documentation sets it up for as-you-type search."""

    def __init__(self, path: Path, documents: Iterable[CardDocument]) -> None:
        path.unlink(missing_ok=True)
        self.db = sqlite3.connect(path)
        self.db.execute("CREATE VIRTUAL TABLE cards USING fts5(title, text, briefing UNINDEXED, "
                        "card UNINDEXED, kind UNINDEXED, tokenize='porter unicode61', prefix='2 3 4')")
        with self.db:
            self.db.executemany("INSERT INTO cards VALUES (?, ?, ?, ?, ?)",
                                ((d.title, d.text, d.briefing_id, d.card_index, d.kind) for d in documents))

    def __len__(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM cards").fetchone()[0])

    def top(self, text: str, limit: int, *, typing: bool = False, any_word: bool = False) -> list[CardKey]:
        """Every word required (FTS5's implicit AND), or any of them with `any_word`; while typing, the
        last word as a prefix."""
        words = _WORD.findall(text.lower())
        if not words:
            return []
        match = (" OR " if any_word else " ").join(f'"{word}"' for word in words) + ("*" if typing else "")
        rows = self.db.execute("SELECT briefing, card FROM cards WHERE cards MATCH ? ORDER BY rank LIMIT ?",
                               (match, limit)).fetchall()
        return [(str(briefing), int(card)) for briefing, card in rows]

    def close(self) -> None:
        self.db.close()


class Tantivy:
    """Tantivy in memory, its query parser left at its defaults (words ORed, title and text)."""

    def __init__(self, module: Any, documents: Iterable[CardDocument]) -> None:
        builder = module.SchemaBuilder()
        builder.add_text_field("title", stored=False, tokenizer_name="en_stem")
        builder.add_text_field("text", stored=False, tokenizer_name="en_stem")
        builder.add_text_field("briefing", stored=True, tokenizer_name="raw", index_option="basic")
        builder.add_unsigned_field("card", stored=True)
        builder.add_text_field("kind", stored=True, tokenizer_name="raw", index_option="basic")
        self.index = module.Index(builder.build())
        writer = self.index.writer()
        for d in documents:
            writer.add_document(module.Document(title=d.title, text=d.text, briefing=d.briefing_id,
                                                card=d.card_index, kind=d.kind))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()

    def __len__(self) -> int:
        return int(self.searcher.num_docs)

    def top(self, text: str, limit: int) -> list[CardKey]:
        try:
            parsed = self.index.parse_query(text, ["title", "text"])
        except ValueError:  # as a user's query the parser rejects
            return []
        keys = []
        for _score, address in self.searcher.search(parsed, limit, count=False).hits:
            document = self.searcher.doc(address)
            keys.append((str(document["briefing"][0]), int(document["card"][0])))
        return keys


def tantivy_module() -> Any | None:
    """The `tantivy` package, or None: it is an optional reference, never a dependency of the project."""
    try:
        return importlib.import_module("tantivy")
    except ImportError:
        return None
