"""The rules that give a sentence its role: small sentences of our own, each showing what counts as a
forecast or as background and what does not."""

from __future__ import annotations

import datetime as dt

import pytest

from briefings.model import Precision
from briefings.splitting.background import PastDate, past_date
from briefings.splitting.forecast import is_forecast
from briefings.splitting.roles import Role, role_of, roles

_MARCH_1987 = dt.date(1987, 3, 18)  # a Wednesday
_JUNE_1987 = dt.date(1987, 6, 16)


@pytest.mark.parametrize("sentence", [
    "The company plans to open a second plant in Ohio.",
    "It plans a new warehouse near the port.",
    "The group proposed to issue new shares for cash.",
    "Output was expected to fall, the ministry said.",
    "The merger is to be completed by the end of May.",
    "He's not going to sign the bill, an aide said.",
    "Officials said a long dispute lies ahead.",
    "The rate cut is bound to lift bank shares.",
    "The plant would be sold to a rival, the company said.",
    "The minister announced that the levy would be halved.",
    "Spending rises to ten billion dlrs in 1989, the budget shows.",
    "The council meets again on March 24.",
    "The backlog includes orders that will lift earnings in 1988.",
    "He said that could take years.",
])
def test_forward_looking_statements_are_forecasts(sentence: str) -> None:
    assert is_forecast(sentence, _MARCH_1987)


@pytest.mark.parametrize("sentence", [
    "The notes will be listed in Luxembourg.",  # the terms of an issue
    "The annual yield of the new savings bonds will be indexed to inflation.",
    "Its 8 pct bonds due 1992 rose 1/4 point.",  # a maturity, not a forecast
    "The 1988 budget was tabled in parliament today.",  # a later year naming a thing
    "The aim of the pilot line is to try a new alloy.",  # a purpose
    "Steel stocks, likely to gain from the tariff, were sold.",  # an aside
    "The move is part of a wider plan to trim staff.",  # a plan named as a thing
    "It did not say how its plans to cut costs were going.",
    "The maker recalled heaters that could overheat.",  # what the parts are like
    "The central bank may have sold dollars yesterday.",  # a guess at the past
    "The bank may also have bought marks.",
    "Prices would be higher if rain fell, traders said.",  # a condition
    "Growers would prefer lower tariffs, they said.",
    "It is unclear when the rules would take effect, officials said.",
    "Trading slowed ahead of the meeting on March 24.",  # a date as a point of reference
    "Sales were higher than expected.",
])
def test_terms_asides_and_guesses_are_no_forecasts(sentence: str) -> None:
    assert not is_forecast(sentence, _MARCH_1987)


@pytest.mark.parametrize(("sentence", "text", "date", "precision"), [
    ("The firm was founded in 1950.", "1950", dt.date(1950, 1, 1), Precision.YEAR),
    ("The group agreed the present ceiling in December 1985.", "December 1985", dt.date(1985, 12, 1),
     Precision.MONTH),
    ("He said the alliance is growing, as set out in the treaty signed in June 1984.", "June 1984",
     dt.date(1984, 6, 1), Precision.MONTH),
    ("On February 6, the bidder raised its offer.", "February 6", dt.date(1987, 2, 6), Precision.DAY),
    ("The Senate voted yesterday to block the bill.", "yesterday", dt.date(1987, 3, 17), Precision.DAY),
    ("There were power cuts at two plants on Monday.", "on Monday", dt.date(1987, 3, 16), Precision.DAY),
    ("In 1984/85 the crop failed.", "1984", dt.date(1985, 1, 1), Precision.YEAR),
])
def test_an_earlier_date_that_times_the_statement_makes_background(
        sentence: str, text: str, date: dt.date, precision: Precision) -> None:
    assert past_date(sentence, _MARCH_1987) == PastDate(text, date, precision)


@pytest.mark.parametrize(("sentence", "text", "date"), [
    ("The minister last week met union leaders.", "last week", dt.date(1987, 3, 11)),
    ("Two years ago, such a strike would have closed the port.", "Two years ago", dt.date(1985, 1, 1)),
    ("The board approved the sale last May.", "last May", dt.date(1986, 5, 1)),
    ("He was previously treasurer of the bank.", "previously", None),
])
def test_a_past_phrase_in_the_main_clause_makes_background(sentence: str, text: str,
                                                           date: dt.date | None) -> None:
    past = past_date(sentence, _MARCH_1987)
    assert past is not None and (past.text, past.date) == (text, date)


@pytest.mark.parametrize("sentence", [
    "The 1985 farm bill cut support prices.",  # a year naming a thing
    "Smith, who joined the firm in 1975, said sales rose.",  # a relative clause
    "Jones, appointed in 1980, was moved to finance.",  # a participle aside
    "It ended the buyback program that began in 1980.",
    "Sales rose to five mln dlrs from four mln in 1985.",  # comparisons
    "It was the biggest fall since 1982.",
    "The deficit compared with 3 pct in December 1985.",
    "Output did not do as well as in 1984.",
    "Net profit rose in 1986 after a loss in 1984.",  # 1986 is the year a March 1987 story reports
    "Last year, demand was second only to 1984.",
    "Net income in the quarter ended March 31 rose 5 pct.",  # the label of a period
    "Assets were 25 mln dlrs as of December 31, 1986.",
    "Exports rose in January.",  # the month a report covers
    "The vote followed hearings held last Sunday in Rome.",  # a detail of a noun
    "The bid, launched on Monday, is at five dlrs a share.",
    "The union threatened to strike on Monday.",
    "Dealers said rumours that the bank sold dollars on Monday were false.",
    "The dispute goes to the court on Monday.",  # told in the present: next Monday
    "The company said on Monday that sales rose.",  # the day of the saying
    "It took over units previously owned by a rival.",
    "As previously reported, the plant will close.",
    "The index passed yesterday's record close.",
    "The February 6 accord is widely believed to include targets.",
    "The venture, set up in 1982, is owned by three banks.",
    "Imports are limited to 90 pct of what firms bought in 1985.",
    "January's rise, in 1980 prices, was led by farming.",
    "The fall exceeded the October 1929 crash.",
    "Holdings fell in the last March week.",  # the final week of March, not a past March
    "It met bankers last week and is seeking new loans this month.",  # and about now
])
def test_dates_of_details_comparisons_and_the_reported_period_are_no_background(sentence: str) -> None:
    assert past_date(sentence, _MARCH_1987) is None


def test_a_date_without_a_year_is_read_as_past_only_when_recent() -> None:
    assert past_date("The coupon falls due on July 9.", _JUNE_1987) is None  # next month, not last July
    assert past_date("Payment was made on May 29.", _JUNE_1987) == PastDate(
        "May 29", dt.date(1987, 5, 29), Precision.DAY)


def test_no_story_date_means_no_background() -> None:
    assert past_date("The firm was founded in 1950.", None) is None


def test_forecast_wins_over_background_and_notes_are_other() -> None:
    assert role_of("Last week the company said it would close the plant.", _MARCH_1987) == (
        Role.FORECAST, None)
    assert role_of("(Corrects date of the meeting in the second paragraph.)", _MARCH_1987) == (
        Role.OTHER, None)


def test_the_lead_comes_first_whatever_it_says() -> None:
    sentences = ["LONDON, March 18 - The firm, founded in 1950, will close its plant.",
                 "It was founded in 1950."]
    assert roles(sentences, "FIRM TO CLOSE PLANT", _MARCH_1987) == [
        (Role.LEAD, None), (Role.BACKGROUND, PastDate("1950", dt.date(1950, 1, 1), Precision.YEAR))]
