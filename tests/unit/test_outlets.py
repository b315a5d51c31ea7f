"""Outlets and journalists named in "What the papers say" paragraphs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.outlets import known_outlets, outlet_summary
from briefings.text import looks_truncated


def test_possessive_names_outlet_and_journalist() -> None:
    summary = outlet_summary("Al Jazeera's Rana Haddad explains why the ceasefire talks stalled.")
    assert summary.outlets == ("Al Jazeera",)
    assert summary.outlet == "Al Jazeera"
    assert summary.journalist == "Rana Haddad"
    assert not summary.truncated


def test_every_outlet_in_order_with_the_journalist_of_the_first() -> None:
    summary = outlet_summary(
        "Bloomberg's Maria Santos stresses the cost of the tariffs. "
        "The Japan Times and South China Morning Post report on the trade talks in Osaka."
    )
    assert summary.outlets == ("Bloomberg", "The Japan Times", "South China Morning Post")
    assert summary.journalist == "Maria Santos"


def test_outlets_joined_by_and_after_reports_from() -> None:
    summary = outlet_summary("Contrasting reports from Business Insider UK and The Japan Times note a gap.")
    assert summary.outlets == ("Business Insider", "The Japan Times")
    assert summary.journalist == ""


def test_optional_leading_the_maps_to_the_listed_name() -> None:
    assert outlet_summary("The New York Post cites officials in Seoul.").outlets == ("New York Post",)
    assert outlet_summary("The Atlantic Council warns of escalation.").outlets == ()


def test_closing_summary_names_no_outlet_and_is_cut_off() -> None:
    summary = outlet_summary("Overall, the sources agree that the crisis is far from over, driven by high-le")
    assert summary.outlets == ()
    assert summary.truncated


def test_unlisted_outlets_found_by_shape() -> None:
    assert "Le Soir" not in known_outlets()
    summary = outlet_summary("Le Soir's Anne Martin writes that the talks stalled.")
    assert (summary.outlets, summary.journalist) == (("Le Soir",), "Anne Martin")
    both = outlet_summary("Meanwhile, Der Standard and Kathimerini report progress in the talks.")
    assert both.outlets == ("Der Standard", "Kathimerini")


def test_people_and_officials_are_not_outlets() -> None:
    text = ("The Independent quotes analysts, while Foreign Minister Jan Novak confirms the visit "
            "and intelligence chief Piet Smit says little.")
    assert outlet_summary(text).outlets == ("The Independent",)
    assert outlet_summary("Norway's Erik Berg says talks continue.", not_outlets=["Norway"]).outlets == ()


@pytest.mark.parametrize(
    ("paragraph", "outlets"),
    [
        ("Fintech in Africa reports that two lenders merged.", ("Fintech in Africa",)),
        ("Voices of Lagos writes that the port reopened.", ("Voices of Lagos",)),
        ("The Harbour Chronicle of Tallinn notes a fall in traffic.", ("The Harbour Chronicle of Tallinn",)),
        ("Kiosk & Courier says the strike is over.", ("Kiosk & Courier",)),
        ("Meanwhile Reuters reports a fall in volumes.", ("Reuters",)),
        ("Meanwhile, Fintech in Africa reports a fall.", ("Fintech in Africa",)),
        ("Bloomberg says prices rose, while Fintech in Africa reports a slump.",
         ("Bloomberg", "Fintech in Africa")),
        ("Reports from Fintech in Africa and Voices of Lagos suggest growth.",
         ("Fintech in Africa", "Voices of Lagos")),
        ("The Financial Times and Fintech in Africa both report the deal.",
         ("Financial Times", "Fintech in Africa")),
        ("The Tallinn Ledger in Estonia reports a strike.", ("The Tallinn Ledger",)),
        ("Coverage in The Guardian stresses the cost.", ("The Guardian",)),
        ("Reuters in Moscow reports calm.", ("Reuters",)),
        ("The Times of Malta reports a strike.", ("The Times of Malta",)),
        ("Tech in Asia reports that the deal is off.", ("Tech in Asia",)),
        ("Officials in Kyiv say the talks failed.", ()),
    ],
)
def test_multi_word_outlets_are_taken_whole(paragraph: str, outlets: tuple[str, ...]) -> None:
    assert outlet_summary(paragraph).outlets == outlets


def test_journalist_of_a_multi_word_outlet() -> None:
    summary = outlet_summary("Fintech in Africa's Ada Obi writes that lenders are cautious.")
    assert (summary.outlets, summary.journalist) == (("Fintech in Africa",), "Ada Obi")


def test_a_name_said_not_to_be_an_outlet_leaves_no_piece_of_itself() -> None:
    text = "Meanwhile, North Harbour Freight reports a slump."
    assert outlet_summary(text).outlets == ("North Harbour Freight",)
    assert outlet_summary(text, not_outlets=["North Harbour Freight"]).outlets == ()


def test_bundled_list_is_substantial() -> None:
    assert len(set(known_outlets().values())) >= 80


_LISTED = frozenset(known_outlets().values())


def _assert_summary_properties(text: str) -> None:
    """Outlets are listed names or words of the text, each once; names said not to be outlets never are."""
    summary = outlet_summary(text)
    assert summary.text == text
    assert len(set(summary.outlets)) == len(summary.outlets)
    assert all(name in _LISTED or name in text for name in summary.outlets), summary.outlets
    assert summary.outlet == (summary.outlets[0] if summary.outlets else "")
    assert not summary.journalist or (summary.journalist in text and summary.outlets)
    assert summary.truncated == looks_truncated(text)
    unlisted = [name for name in summary.outlets if name not in _LISTED]
    again = outlet_summary(text, not_outlets=unlisted)
    assert again.outlets == tuple(name for name in summary.outlets if name not in unlisted)


@settings(max_examples=200)
@given(st.text())
def test_any_text_gives_a_summary_of_its_own_words(text: str) -> None:
    _assert_summary_properties(text)


@settings(max_examples=150)
@given(st.lists(st.one_of(st.sampled_from(["Reuters", "'s ", "Jane Doe ", " reports", " and ", "The ", ", "]),
                          st.text(max_size=15)), max_size=12))
def test_outlet_shaped_noise_gives_a_summary_of_its_own_words(pieces: list[str]) -> None:
    _assert_summary_properties("".join(pieces))
