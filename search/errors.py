"""The search layer's own errors, reported to the user as one line like every BriefingError."""

from __future__ import annotations

from briefings.errors import BriefingError


class SearchError(BriefingError):
    """The index could not be opened, written or rebuilt."""


class IndexLocked(SearchError):
    """Another process holds the index's write lock for longer than we are willing to wait."""
