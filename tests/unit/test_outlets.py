"""Outlets and journalists named in "What the papers say" paragraphs."""

from __future__ import annotations

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
