"""The two seeds parsed and analysed once per module (`page`, `article`), for the analysis tests."""

from __future__ import annotations

import pytest

from briefings.analysis import analyse
from briefings.formats import parse_text
from briefings.model import Briefing


@pytest.fixture(scope="module")
def page(seed_page_text: str) -> Briefing:
    return analyse(parse_text(seed_page_text, "page.txt"))


@pytest.fixture(scope="module")
def article(seed_article_text: str) -> Briefing:
    return analyse(parse_text(seed_article_text, "article.txt"))
