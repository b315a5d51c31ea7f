"""What grouping reads of a briefing (`briefings.story_terms`): words, names, figures and the lead actor."""

from __future__ import annotations

import datetime as dt

from briefings.model import Briefing, Card, CardKind, Entity, EntityKind
from briefings.story_terms import NAME_PREFIX, TITLE_WEIGHT, story_terms

TEXT = (
    "KELLA, March 4 - Kella\"s Energy Minister Sheikh Omar al-Rashid told the daily al-Watan that Kella "
    "would keep output at 410,000 barrels a day. Traders said prices held. Oil Minister Omar al-Rashid "
    "added that the Northern Producers Group had not asked for a meeting."
)


def briefing(title: str, text: str) -> Briefing:
    return Briefing(id="kella-output", title=title, cards=(Card(CardKind.BODY, "", text),) if text else (),
                    date=dt.date(2026, 3, 4), entities=(Entity("Kella", kind=EntityKind.COUNTRY),))


def test_names_are_the_capitalised_runs_with_and_without_their_titles() -> None:
    terms = story_terms(briefing("KELLA <KLA> TO KEEP OUTPUT STEADY", TEXT))
    assert {"omar al-rashid", "northern producers group", "al-watan", "kella"} <= set(terms.names)
    assert terms.names["omar al-rashid"] == "Omar al-Rashid"
    assert "traders" not in terms.names
    assert terms.counts[NAME_PREFIX + "omar al-rashid"] > 0


def test_the_lead_is_the_first_name_after_the_dateline_possessive_dropped() -> None:
    terms = story_terms(briefing("KELLA TO KEEP OUTPUT STEADY", TEXT))
    assert terms.lead == "kella energy minister sheikh omar al-rashid"
    assert "4" not in terms.counts and "march" not in terms.counts


def test_headline_words_weigh_more_and_stock_symbols_are_left_out() -> None:
    terms = story_terms(briefing("KELLA <KLA> TO KEEP OUTPUT AT 410,000 BPD", TEXT))
    assert terms.title_terms == {"kella", "keep", "output", "410,000", "bpd"}
    assert terms.title_figures == {"410,000"}
    assert terms.counts["bpd"] == TITLE_WEIGHT
    assert "410,000" in terms.figures and terms.has_text


def test_a_headline_without_a_story_is_marked_and_its_figures_in_words_read_as_digits() -> None:
    terms = story_terms(briefing("KELLA SETS TWO BILLION DLR BOND", ""))
    assert not terms.has_text and terms.words == 6
    assert terms.title_figures == {"2"}
    assert terms.subject == "kella"


def test_a_results_table_s_dateline_is_no_lead_and_fractions_read_as_decimals() -> None:
    table = "VALMORE, March 4 -\n\n```\nQtly div 41-1/2 cts vs 41-1/2 cts prior\nPay April 25\n```"
    terms = story_terms(briefing("ORREN MINES <ORM> QTLY DIVIDEND", table))
    assert terms.lead == ""
    assert {"41.5", "25"} <= terms.figures and "41-1" not in terms.counts


def test_a_correction_mark_is_left_out_of_the_headline_and_says_the_dispatch_is_resent() -> None:
    corrected = story_terms(briefing("CORRECTED-KELLA TO KEEP OUTPUT AT 410,000 BPD", TEXT))
    repeated = story_terms(briefing("(RPT) - KELLA TO KEEP OUTPUT AT 410,000 BPD", TEXT))
    plain = story_terms(briefing("KELLA TO KEEP OUTPUT AT 410,000 BPD", TEXT))
    assert corrected.title_terms == repeated.title_terms == plain.title_terms
    assert corrected.resent and repeated.resent and not plain.resent
    assert corrected.subject == plain.subject == "kella"


def test_a_headline_s_date_is_one_term_a_date_not_a_figure_to_state_nor_a_word_compared() -> None:
    terms = story_terms(briefing("KELLA SEES NO OUTPUT CHANGE BEFORE JUNE 25, TO KEEP 410,000 BPD", TEXT))
    assert {"june-25", "410,000"} <= terms.title_terms and "25" not in terms.title_terms
    assert terms.title_figures == {"june-25", "410,000"} and terms.title_amounts == {"410,000"}
    assert "june-25" not in terms.counts
    others = story_terms(briefing("MARATHON 50 CTS, G-7 TALKS, ALGERIA MAY RAISE 3 PCT", TEXT))
    assert {"marathon", "50", "g-7", "raise", "3"} <= others.title_terms
    assert others.title_figures == {"50", "3"} and others.counts["g-7"] > 0
