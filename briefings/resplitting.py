"""Splitting a library's raw articles again, with today's rules, without reading their inputs again.

A split keeps the article's full text in its body card, so the cards can always be derived anew from
the library alone: after the rules improve, or to split articles ingested with `--no-split` (or keep
them whole again). Briefings that brought their own structure are left alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from briefings.errors import BriefingError
from briefings.ingest import IngestOutcome, IngestStatus, on_disk, reanchor_notes
from briefings.library import Library
from briefings.preparing import prepared
from briefings.splitting.cards import is_raw_article, unsplit


def resplit(library: Library, *, split: bool = True) -> Iterator[IngestOutcome]:
    """An outcome per raw article (`updated` or `unchanged`), each yielded once its file is on disk; a
    briefing that cannot be read or saved is reported and the others go on."""
    return reanchor_notes(library, on_disk(_resplit_each(library, split)))


def _resplit_each(library: Library, split: bool) -> Iterator[IngestOutcome]:
    for entry in library.entries():
        try:
            source = unsplit(library.get(entry.id))
            if not is_raw_article(source):
                continue
            briefing = prepared(source, library.gazetteer(), split=split)
            status = IngestStatus(library.save(briefing, durable=False))
        except (KeyError, BriefingError, OSError) as error:
            yield IngestOutcome(Path(entry.id), IngestStatus.ERROR, entry.id, f"{entry.id}: {error}")
            continue
        yield IngestOutcome(Path(briefing.source.path or entry.id), status, briefing.id, "", briefing,
                            briefing.title)
