"""What every briefing goes through before the library stores it, from ingest or from an upgrade:
its date inferred, a raw article split into cards, its entities' mentions marked, its analysis computed."""

from __future__ import annotations

from briefings.analysis import analyse
from briefings.date_inference import with_inferred_date
from briefings.entities import Gazetteer, with_mentions
from briefings.model import Briefing
from briefings.splitting import split_article


def prepared(briefing: Briefing, gazetteer: Gazetteer, *, split: bool = True) -> Briefing:
    """The date is inferred first: the split places background by it and the analysis resolves "last
    year" against it. `split` False keeps a raw article one body card (`briefing ingest --no-split`)."""
    dated = with_inferred_date(briefing)
    return analyse(with_mentions(split_article(dated) if split else dated, gazetteer), gazetteer)
