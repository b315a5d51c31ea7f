"""The lens on wire copy: Reuters-shaped stories of our own, each a trap the rules used to fall into."""

from __future__ import annotations

import gzip
from pathlib import Path

from briefings.analysis import analyse, group_figures
from briefings.entities import bundled_gazetteer
from briefings.formats import parse_all, parse_text
from briefings.model import Briefing, Card, CardKind, Entity, EntityKind, FlagCode
from briefings.preparing import prepared


def _wire(title: str, dateline: str, *paragraphs: str, places: tuple[str, ...] = ("usa",),
          people: tuple[str, ...] = (), brief: bool = False) -> Briefing:
    """One story in the shape of a Reuters-21578 record (our own text), parsed and analysed."""
    return analyse(_story(title, dateline, *paragraphs, places=places, people=people, brief=brief))


def _story(title: str, dateline: str, *paragraphs: str, places: tuple[str, ...] = ("usa",),
           people: tuple[str, ...] = (), brief: bool = False) -> Briefing:
    def listed(codes: tuple[str, ...]) -> str:
        return "".join(f"<D>{code}</D>" for code in codes)

    body = "\n    ".join(paragraphs)
    kind = ' TYPE="BRIEF"' if brief else ""
    text = (f'<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="1" NEWID="9001">\n'
            f"<DATE>2-MAR-1987 10:00:00.00</DATE>\n<TOPICS><D>earn</D></TOPICS>\n"
            f"<PLACES>{listed(places)}</PLACES>\n<PEOPLE>{listed(people)}</PEOPLE>\n<ORGS></ORGS>\n"
            f"<EXCHANGES></EXCHANGES>\n<COMPANIES></COMPANIES>\n"
            f"<TEXT{kind}>&#2;\n<TITLE>{title}</TITLE>\n"
            f"<DATELINE>    {dateline} - </DATELINE><BODY>{body}\n Reuter\n&#3;</BODY></TEXT>\n</REUTERS>\n")
    return parse_text(text, "reut2-900.sgm")


def _codes(briefing: Briefing, code: FlagCode) -> list[str]:
    return [flag.reason for flag in briefing.flags if flag.code is code]


EARNINGS = ("Shr 41 cts vs 33 cts", "Net 2,140,000 vs 1,720,000", "Revs 51.3 mln vs 44.8 mln", "Year",
            "Shr 1.52 dlrs vs 1.19 dlrs", "Net 7,900,000 vs 6,150,000", "Revs 198.6 mln vs 170.2 mln")


def test_an_earnings_table_raises_no_discrepancy_and_groups_no_figures() -> None:
    story = _wire("HARBOUR FOODS INC <HBF> 4TH QTR NET", "DULUTH, Minn., March 2", *EARNINGS)
    assert not _codes(story, FlagCode.DISCREPANCY)
    assert not group_figures([story])


def test_wire_measures_are_figures_without_a_subject_to_compare() -> None:
    story = _wire("HARBOUR FOODS SEES GAIN", "DULUTH, Minn., March 2",
                  "The 1986 total excluded extraordinary gains of 563 mln dlrs, against 369 mln dlrs the "
                  "year before, and the company holds 83 pct of the cannery.")
    values = {claim.value: claim for claim in story.claims}
    assert values[563e6].group == "" and values[369e6].group == ""
    assert values[83].unit == "%"
    assert not _codes(story, FlagCode.DISCREPANCY)


def test_one_voice_listing_two_counts_does_not_disagree_with_itself() -> None:
    story = _wire("GULF OFFENSIVE ENDS", "NICOSIA, March 2",
                  "The statement said 640 tanks were destroyed and 180 tanks were captured intact.",
                  places=("iran",))
    (tanks,) = group_figures([story])
    assert tanks.group == "tank" and not tanks.disagrees
    assert not _codes(story, FlagCode.DISCREPANCY)


def test_two_cards_giving_counts_that_cannot_both_hold_still_disagree() -> None:
    text = ("# Offensive\n\n## Summary\n\nThe army says 640 tanks were destroyed.\n\n"
            "## Analysis\n\nObservers counted only 180 tanks destroyed.\n")
    briefing = analyse(parse_text(text, "t.md"))
    assert [reason.split(":")[0] for reason in _codes(briefing, FlagCode.DISCREPANCY)] == ["tank"]


def test_a_headline_only_flash_or_a_table_has_nothing_to_contradict_its_headline() -> None:
    flash = _wire("U.S. JOBLESS CLAIMS FELL 12,000 IN WEEK", "WASHINGTON, March 2", "Blah blah blah.",
                  brief=True)
    table = _wire("U.S. DIVIDEND MEETINGS - MARCH 3", "NEW YORK, March 3", "Harbour Foods", "Meridian Tools")
    assert not _codes(flash, FlagCode.HEADLINE) and not _codes(table, FlagCode.HEADLINE)


def test_a_country_implied_by_its_capital_or_adjective_supports_the_headline() -> None:
    capital = _wire("U.K. MONEY MARKET GIVEN 95 MLN STG HELP", "LONDON, March 4",
                    "The Bank of England said it gave the money market 95 mln stg of help in the morning, "
                    "against a shortage it put at 400 mln stg.", places=("uk",))
    adjective = _wire("CANADA SEES WIDER WHEAT SOWINGS", "REGINA, March 4",
                      "Canadian farmers will sow more spring wheat this year than last, a grain board "
                      "official told a farm meeting here.", places=("canada",))
    assert not _codes(capital, FlagCode.HEADLINE) and not _codes(adjective, FlagCode.HEADLINE)


def test_a_ticker_or_a_capitalised_word_is_not_a_name() -> None:
    ticker = _wire("MERIDIAN TOOLS <UK> RAISES PAYOUT", "CLEVELAND, March 4",
                   "Meridian Tools Inc said it raised its quarterly dividend to 12 cts a share from ten cts.",
                   places=("usa",))
    word = _wire("TOKYO BOND MARKET CLOSES HIGHER", "TOKYO, March 4",
                 "Cash prices closed higher in thin trade as dealers covered short positions before the "
                 "weekend, dealers said.", places=("japan",), people=("bond",))
    assert not _codes(ticker, FlagCode.HEADLINE) and not _codes(word, FlagCode.HEADLINE)


def test_an_acronym_the_body_spells_out_supports_the_headline_but_a_missing_name_does_not() -> None:
    spelled = _story("Harbour Foods to list shares on NYSE", "DULUTH, Minn., March 4",
                     "Harbour Foods Inc said its shares will begin trading on the New York Stock Exchange on "
                     "March 20, moving from the over-the-counter market.")
    missing = _story("Harbour Foods to list shares on NYSE", "DULUTH, Minn., March 4",
                     "Harbour Foods Inc said its shares will begin trading on a national exchange on "
                     "March 20, moving from the over-the-counter market.")
    exchanges = bundled_gazetteer().merged([Entity("NYSE", kind=EntityKind.ORGANISATION)])
    assert not _codes(analyse(spelled, exchanges), FlagCode.HEADLINE)
    assert _codes(analyse(missing, exchanges), FlagCode.HEADLINE) == ["the headline names NYSE; no card does"]


def test_table_rows_and_parallel_sentences_are_not_duplicates_but_a_repeated_paragraph_is() -> None:
    exports = ("Exports of malting barley rose to 1.2 mln tonnes from 0.9 mln in the season to date, "
               "the grain board said.")
    imports = ("Imports of malting barley rose to 0.4 mln tonnes from 0.3 mln in the season to date, "
               "the grain board said.")
    note = "Note - Prices are in dlrs per bushel and every season listed begins on June 1."
    parallel = _wire("BARLEY TRADE RISES", "OTTAWA, March 4", exports, imports, note, "Oats", note,
                     places=("canada",))
    repeated = _wire("BARLEY TRADE RISES", "OTTAWA, March 4", exports, imports, exports, places=("canada",))
    assert not _codes(parallel, FlagCode.DUPLICATE)
    assert [reason.split(" nearly")[0] for reason in _codes(repeated, FlagCode.DUPLICATE)] == [
        '"Exports of malting barley rose to 1.2 mln…"']


def test_numbers_idioms_and_compound_adjectives_are_not_category_slugs() -> None:
    prose = ("Shares rose for a three-and-a-half year run after the sex-and-spy scandal, and the plant is "
             "up-and-running; readers filed it under science-and-technology in the feed.")
    story = _wire("HARBOUR FOODS SHARES RISE", "DULUTH, Minn., March 4", prose)
    assert _codes(story, FlagCode.SLUG) == ['category slug "science-and-technology" in the prose']


def test_a_cut_off_blurb_of_an_entity_only_guessed_from_a_surname_is_not_this_briefings_fault() -> None:
    guessed = Entity("Daniel Example", kind=EntityKind.PERSON, description="A general who served at the Cen",
                     truncated=True, mentioned=True, inferred='surname "Example" alone')
    own = Entity("Ana Ruiz", kind=EntityKind.PERSON, description="A harbour pilot who trained in Valpa",
                 truncated=True, mentioned=True)
    card = Card(CardKind.BODY, "", "Example and Ana Ruiz spoke.")
    briefing = Briefing(id="b", title="Harbour", cards=(card,), entities=(guessed, own))
    cut = _codes(analyse(briefing), FlagCode.TRUNCATED)
    assert [reason.split(" is cut off")[0] for reason in cut] == ["description of Ana Ruiz"]


DIVIDEND = ("Harbour Foods Inc said its board approved a three-for-two stock split and a 35 pct increase "
            "in its quarterly cash dividend.",
            "The company said the split would be effective March 20.",
            "Harbour Foods also reported a 37 pct increase in third quarter profits to 12.4 mln dlrs, "
            "it said.")


def _split(*paragraphs: str) -> tuple[Briefing, Briefing]:
    """One story as ingest prepares it, split and whole (`--no-split`)."""
    story = _story("HARBOUR FOODS <HBF> SPLITS STOCK, UPS PAYOUT", "DULUTH, Minn., March 2", *paragraphs)
    split, whole = (prepared(story, bundled_gazetteer(), split=splitting) for splitting in (True, False))
    assert any(card.derived for card in split.cards) and not any(card.derived for card in whole.cards)
    return split, whole


def test_a_split_story_is_one_voice_and_its_cards_do_not_disagree_where_the_story_whole_does_not() -> None:
    split, whole = _split(*DIVIDEND)
    kinds = {split.cards[claim.card].kind for claim in split.claims if claim.card is not None}
    assert {CardKind.SUMMARY, CardKind.STATEMENTS} <= kinds  # the two increases sit in different cards
    assert not _codes(split, FlagCode.DISCREPANCY) and not _codes(whole, FlagCode.DISCREPANCY)
    assert not any(found.disagrees for found in group_figures([split]))


def test_a_split_storys_forecast_card_lists_its_speakers_likelihood_words_without_flagging_them() -> None:
    split, _ = _split("Harbour Foods Inc said it agreed to sell its cannery in Duluth to a local grower.",
                      "The company said the sale will close at the end of June.",
                      "Sales would probably recover in the fourth quarter, it added.")
    forecast = next(index for index, card in enumerate(split.cards) if card.kind is CardKind.FORECAST)
    assert [(estimate.term, estimate.card) for estimate in split.estimates] == [("probably", forecast)]
    assert not _codes(split, FlagCode.UNHEDGED)
    own = analyse(parse_text("# Cannery\n\n## Forecast\n\nThe cannery will close in June.\n", "c.md"))
    assert _codes(own, FlagCode.UNHEDGED) == ['states "will close" with no likelihood word']


def test_a_split_storys_repeated_paragraph_is_found_in_its_full_text_as_in_the_story_whole() -> None:
    exports = ("Exports of malting barley rose to 1.2 mln tonnes from 0.9 mln in the season to date, "
               "the grain board said.")
    split, whole = _split(exports, "Imports of malting barley rose to 0.4 mln tonnes from 0.3 mln in the "
                          "season to date, the grain board said.", exports)
    (flag,) = [flag for flag in split.flags if flag.code is FlagCode.DUPLICATE]
    assert flag.reason.endswith("in this card") and split.cards[flag.card or 0].kind is CardKind.BODY
    assert _codes(split, FlagCode.DUPLICATE) == _codes(whole, FlagCode.DUPLICATE)


def test_splitting_changes_no_quality_flag_of_a_corpus_file(corpus_dir: Path) -> None:
    """The lens reads a split article as it reads it whole: on 1,000 real stories, the same flags (the
    split once raised 59 figure discrepancies between its own cards and 403 unhedged forecasts)."""
    text = gzip.decompress((corpus_dir / "reuters21578" / "reut2-000.sgm.gz").read_bytes()).decode("latin-1")
    stories = [item for item in parse_all(text, "reut2-000.sgm") if isinstance(item, Briefing)]
    gazetteer = bundled_gazetteer()
    differing, split_cards = [], 0
    for story in stories:
        split, whole = (prepared(story, gazetteer, split=splitting) for splitting in (True, False))
        split_cards += sum(card.derived for card in split.cards)
        if sorted((f.code, f.reason) for f in split.flags) != sorted((f.code, f.reason) for f in whole.flags):
            differing.append(story.id)
    assert split_cards > 2000
    assert differing == []
