"""split_sentences: the sentence units the article-role labels and the card splitter share."""

from __future__ import annotations

import pytest

from briefings.sentences import first_sentence, split_sentences

TABLE = "```\nShr 1.10 dlrs vs 90 cts\n\nNet 5.2 mln vs 4.1 mln\n```"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Lawson met Dr. Pöhl. They talked.", ["Mr. Lawson met Dr. Pöhl.", "They talked."]),
        ("The U.S. trade gap widened. Exports fell.", ["The U.S. trade gap widened.", "Exports fell."]),
        ("J. R. Smith resigned. His deputy J.K. Lee took over.",
         ["J. R. Smith resigned.", "His deputy J.K. Lee took over."]),
        ("Will prices rise?! Nobody knows... Yet.", ["Will prices rise?!", "Nobody knows...", "Yet."]),
        ('He said, "We will not." They agreed.', ['He said, "We will not."', "They agreed."]),
        ("The bank (it said so.) Then nothing.", ["The bank (it said so.)", "Then nothing."]),
        ("ST. LOUIS, March 2 - Sales rose. Costs fell.", ["ST. LOUIS, March 2 - Sales rose.", "Costs fell."]),
        ("Exxon Co. said it agreed. So did Mobil.", ["Exxon Co. said it agreed.", "So did Mobil."]),
        ("It is commercial...\nthat holds. Next.", ["It is commercial...\nthat holds.", "Next."]),
    ],
)
def test_sentences_end_at_stops_not_at_abbreviations(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_a_paragraph_with_no_final_stop_is_not_joined_to_the_next() -> None:
    text = "NEW YORK, March 2 - Profits rose\n\nAnalysts were surprised. Shares gained"
    expected = ["NEW YORK, March 2 - Profits rose", "Analysts were surprised.", "Shares gained"]
    assert split_sentences(text) == expected


def test_a_fenced_table_is_one_unit_even_with_blank_lines_and_stops_inside() -> None:
    text = f"Results follow. Year ended Dec 31.\n\n{TABLE}\n\nThe company said so."
    assert split_sentences(text) == ["Results follow.", "Year ended Dec 31.", TABLE, "The company said so."]


def test_a_longer_fence_holds_shorter_backtick_runs() -> None:
    table = "````\nA ``` B\n````"
    assert split_sentences(f"Before.\n{table}\nAfter.") == ["Before.", table, "After."]


def test_sentences_are_stripped_and_empty_pieces_dropped() -> None:
    assert split_sentences("  One.   Two.  \n\n \n\n  ") == ["One.", "Two."]
    assert split_sentences("") == []


def test_lines_inside_a_paragraph_stay_in_one_sentence() -> None:
    assert split_sentences("Oil prices\nrose. Then fell.") == ["Oil prices\nrose.", "Then fell."]


def test_first_sentence_keeps_its_own_reading_of_a_quoted_stop() -> None:
    # first_sentence keeps its old reading: an end needs whitespace straight after the marks.
    assert first_sentence('He said "no." Then left. Later.') == 'He said "no." Then left.'


def test_a_month_abbreviated_before_its_day_ends_no_sentence() -> None:
    text = ("PARIS, Nov. 4 — The operator warned of cuts. A duty was set last Oct. 17. Sales fell in Nov. "
            "Prices rose. It was sold Jan. 1, 1986, to Mobay.")
    assert split_sentences(text) == [
        "PARIS, Nov. 4 — The operator warned of cuts.", "A duty was set last Oct. 17.", "Sales fell in Nov.",
        "Prices rose.", "It was sold Jan. 1, 1986, to Mobay."]
    assert first_sentence("LONDON, Sept. 30 - Shares fell. Then") == "LONDON, Sept. 30 - Shares fell."
