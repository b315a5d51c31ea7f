"""Citation lists, read from both ends so titles may contain full stops."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.references import looks_like_reference_list, parse_reference, parse_references

_SEED_REFERENCES = [
    (1, "Smith, J.", dt.date(2025, 6, 25),
     "Russia's security chief says North Korea will dispatch 6,000 troops for reconstruction",
     "Reuters: World News",
     "https://www.reuters.com/world/russia-security-chief-says-north-korea-will-dispatch-6000-troops-"
     "reconstruction-2025-06-25/"),
    (2, "Kim, J.", dt.date(2025, 6, 25),
     "Shoigu's return to Pyongyang signals solidified North Korea-Russia military cooperation",
     "The Korean Herald",
     "https://www.koreaherald.com/crush-genie/shoigu-s-return-to-pyongyang-signals-solidified-north-korea-"
     "russia-military-cooperation/"),
    (3, "Park, J.", dt.date(2025, 10, 12),
     "South Korea must join U.S. in decoupling from China, but stay open to China, Russia and North Korea",
     "Asia Times",
     "https://asiatimes.com/2025/10/south-korea-must-join-us-in-decoupling-from-china-but-stay-open-to-china-"
     "russia-and-north-korea/"),
]


def test_seed_article_reference_list_run_together_on_one_line(seed_article_text: str) -> None:
    line = next(line for line in seed_article_text.splitlines() if line.startswith("[1]"))
    references = parse_references(line)
    assert [(r.number, r.author, r.date, r.title, r.outlet, r.url) for r in references] == _SEED_REFERENCES
    assert references[0].raw.startswith("Smith, J. (2025, June 25).")
    assert references[0].raw.endswith("2025-06-25/")


def test_entries_on_separate_lines_and_an_outlet_with_an_abbreviation() -> None:
    text = (
        "[1] Doe, A., & Roe, B. (2024, March 3). Will the dam hold? U.S. News & World Report. https://example.org/dam\n"
        "[2] Lund, K. (3 April 2024). Harbour fees rise again. The Coastal Ledger. https://example.org/fees."
    )
    first, second = parse_references(text)
    assert first.author == "Doe, A., & Roe, B."
    assert first.title == "Will the dam hold?"
    assert first.outlet == "U.S. News & World Report"
    assert second.date == dt.date(2024, 4, 3)
    assert second.url == "https://example.org/fees"


def test_partial_entries_keep_what_was_found() -> None:
    (only_title,) = parse_references("[4] A report without an outlet")
    assert (only_title.number, only_title.title, only_title.outlet, only_title.url) == (
        4, "A report without an outlet", "", "")
    (year_only,) = parse_references("[1] Ames, T. (2023). Grain prices. Farm Weekly.")
    assert (year_only.author, year_only.date, year_only.outlet) == ("Ames, T.", None, "Farm Weekly")
    assert parse_reference(7, "").raw == ""


def test_a_lower_number_inside_an_entry_does_not_start_a_new_one() -> None:
    text = "[1] Lee, H. (2022, May 1). Notes on [1] and more. Daily Note.[2] Next entry."
    first, second = parse_references(text)
    assert first.title == "Notes on [1] and more"
    assert (second.number, second.title) == (2, "Next entry")


def test_reference_list_detection() -> None:
    assert looks_like_reference_list("Body text.\n[1] Smith, J. (2020). T. O.")
    assert not looks_like_reference_list("A sentence citing something[1] in the middle.")


def _assert_reference_properties(text: str) -> None:
    """Entries numbered upwards, each field taken from its entry, and written back out they read the same."""
    references = parse_references(text)
    numbers = [reference.number for reference in references]
    assert numbers == sorted(set(numbers))
    flat = " ".join(text.split())
    for reference in references:
        assert reference.raw == " ".join(reference.raw.split()) and reference.raw in flat
        assert all(part in reference.raw for part in (reference.author, reference.outlet, reference.url))
    rendered = "\n".join(f"[{reference.number}] {reference.raw}" for reference in references)
    assert parse_references(rendered) == references


@settings(max_examples=150)
@given(st.text())
def test_any_text_gives_references_that_read_back_the_same(text: str) -> None:
    _assert_reference_properties(text)


_PIECES = ["[1] ", "[2] ", "(2025, June 25). ", ". ", "https://x.org/a", "U.S. "]


@settings(max_examples=150)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=20)), max_size=12))
def test_citation_shaped_noise_gives_references_that_read_back_the_same(pieces: list[str]) -> None:
    _assert_reference_properties("".join(pieces))
