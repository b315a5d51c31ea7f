"""What every briefing goes through before the library stores it, from ingest or from an upgrade:
its date inferred, a raw article split into cards, its entities' mentions marked, its analysis computed.

The first two need nothing but the briefing (`structured`); the last two read the entities the library
knows at the briefing's turn (`analysed`), so an ingest can structure a run of briefings ahead of their
analysis (`briefings.ingest.STRUCTURED_AHEAD`)."""

from __future__ import annotations

from briefings.analysis import analyse
from briefings.date_inference import with_inferred_date
from briefings.entities import Gazetteer, with_mentions
from briefings.model import Briefing
from briefings.splitting import split_article


def prepared(briefing: Briefing, gazetteer: Gazetteer, *, split: bool = True) -> Briefing:
    """`split` False keeps a raw article one body card (`briefing ingest --no-split`)."""
    return analysed(structured(briefing, split=split), gazetteer)


def structured(briefing: Briefing, *, split: bool = True) -> Briefing:
    """The date is inferred first: the split places background by it and the analysis resolves "last
    year" against it."""
    dated = with_inferred_date(briefing)
    return split_article(dated) if split else dated


def analysed(briefing: Briefing, gazetteer: Gazetteer) -> Briefing:
    return analyse(with_mentions(briefing, gazetteer), gazetteer)
