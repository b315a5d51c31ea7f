"""What every briefing goes through before the library stores it, from ingest or from an upgrade:
its date inferred, its entities' mentions marked, its analysis computed."""

from __future__ import annotations

from briefings.analysis import analyse
from briefings.date_inference import with_inferred_date
from briefings.entities import Gazetteer, with_mentions
from briefings.model import Briefing


def prepared(briefing: Briefing, gazetteer: Gazetteer) -> Briefing:
    """The date is inferred first: the analysis resolves "last year" against it."""
    return analyse(with_mentions(with_inferred_date(briefing), gazetteer), gazetteer)
