"""Raw articles split by rule into briefing cards: what happened, who says what, forecast, background.

Everything here is a pure function of the briefing's own text: sentences get a role (`roles`) and an
attribution (`speakers`), and `cards.split_article` quotes them into cards, keeping the full text.
"""

from __future__ import annotations

from briefings.splitting.cards import split_article

__all__ = ["split_article"]
