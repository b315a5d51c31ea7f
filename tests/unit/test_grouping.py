"""Story grouping: articles on one event become one story with a reason naming what they share, as they
arrive and whatever their order; the analyst's choices hold across a re-ingest; copies are marked.

Fixtures are our own words in the shape of wire stories; the Done-when test reads the Reuters corpus in
place and the labelled groups of tests/data/story_groups.yaml (never changed to fit the code)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefings.entities import bundled_gazetteer
from briefings.formats import reuters
from briefings.grouping import (
    CARRIED_OVER,
    DUPLICATE_SIMILARITY,
    FLASH_HELD,
    FLASH_HELD_LED,
    WINDOW_DAYS,
    GroupingError,
    Story,
    StoryIndex,
    group,
)
from briefings.model import Briefing, Card, CardKind, Entity, EntityKind
from briefings.preparing import prepared
from briefings.reading import read_input
from briefings.safe_yaml import load_yaml
from briefings.story_choices import choices_path, load_choices, save_choices

LABELS = Path(__file__).resolve().parents[1] / "data" / "story_groups.yaml"
DAY = dt.date(2026, 3, 2)

HARBOUR = (
    "VALMORE, March 2 - Dock workers at the port of Valmore walked out on Monday after the Valmore Harbour "
    "Board rejected a pay claim of 6.5 pct, union leader Ines Okafor said. \"The board left us no choice,\" "
    "Okafor told the Valmore Courier. Container traffic through the harbour, which handles 40,000 boxes a "
    "week, stopped at noon and ferries to the Tarrant islands were held at their berths."
)
HARBOUR_REWRITE = (
    "VALMORE, March 3 - Dock workers at the port of Valmore walked out after the Valmore Harbour Board "
    "rejected their pay claim of 6.5 pct, union leader Ines Okafor told the Valmore Courier. Ferries to "
    "the Tarrant islands were held at their berths."
)
HARBOUR_TALKS = (
    "VALMORE, March 9 - The Valmore Harbour Board and the dockers' union led by Ines Okafor agreed a pay "
    "rise of 4.8 pct after talks mediated by the labour ministry, ending a week-long strike at the port; "
    "container traffic of 40,000 boxes a week resumes on Tuesday."
)
BACKGROUND = (
    ("grain", "BRANDT, March 2 - Wheat farmers in the Brandt valley expect a record harvest after late "
              "rains, the regional grain board said, with exports to Lusan seen rising 12 pct."),
    ("bank", "LUSAN, March 2 - The Lusan central bank held its lending rate at 7.25 pct, saying inflation of "
             "3.1 pct was easing and the currency had steadied against the dollar."),
    ("mine", "ORREN, March 3 - Orren Copper Mines said output at its northern pit fell 9 pct in February "
             "after flooding, and it cut its annual forecast to 210,000 tonnes."),
    ("election", "TARRANT, March 3 - Voters in the Tarrant islands elect a new council on Sunday, with the "
                 "fishing quota and the ferry subsidy the main issues, polls show."),
    ("airline", "BRANDT, March 1 - Brandt Air will order twelve regional jets from Corvel Aerospace for 480 "
                "mln dlrs, its chairman Paulo Renn said, to replace its ageing turboprops."),
    ("telecom", "LUSAN, March 2 - Lusan Telecom raised its full-year dividend to 44 cents after profit rose "
                "18 pct on broadband subscriptions, the company said in a statement."),
)


def briefing(id_: str, title: str, text: str, day: dt.date | None = DAY, *entities: str) -> Briefing:
    return Briefing(id=id_, title=title, cards=(Card(CardKind.BODY, "", text),) if text else (), date=day,
                    entities=tuple(Entity(name, kind=EntityKind.ORGANISATION) for name in entities))


def background() -> list[Briefing]:
    return [briefing(f"bg-{name}", text.split(" - ")[1][:50].upper(), text) for name, text in BACKGROUND]


def strike() -> Briefing:
    return briefing("strike", "VALMORE DOCKERS STRIKE OVER PAY", HARBOUR, DAY, "Valmore Harbour Board")


def rewrite() -> Briefing:
    return briefing("strike-rewrite", "VALMORE DOCKERS WALKED OUT OVER PAY CLAIM", HARBOUR_REWRITE,
                    DAY + dt.timedelta(1), "Valmore Harbour Board")


def stories_as_sets(stories: tuple[Story, ...] | list[Story]) -> set[frozenset[str]]:
    return {frozenset(story.briefing_ids) for story in stories}


def test_a_rewrite_of_the_same_event_joins_its_story_with_a_reason_naming_what_they_share() -> None:
    index = StoryIndex()
    for item in (*background(), strike()):
        assert index.add(item).join is None
    placed = index.add(rewrite())
    assert placed.story_id == "strike" and placed.join is not None and placed.duplicate is None
    reason = placed.join.reason
    assert placed.join.matched == "strike"
    assert {"Ines Okafor", "Valmore Harbour Board"} <= set(reason.entities)
    assert reason.days_apart == 1 and 0.5 <= reason.similarity < DUPLICATE_SIMILARITY
    assert reason.line.startswith("same entities: ")
    assert reason.line.endswith(f"; 1 day apart; similarity {reason.similarity:.2f}")
    assert index.story_of("strike-rewrite").briefing_ids == ("strike", "strike-rewrite")


def test_a_later_event_with_the_same_people_outside_the_window_is_a_story_of_its_own() -> None:
    talks = briefing("talks", "VALMORE DOCKERS STRIKE ENDS WITH PAY DEAL", HARBOUR_TALKS,
                     DAY + dt.timedelta(WINDOW_DAYS + 4), "Valmore Harbour Board")
    copy_late = briefing("strike-late-copy", "VALMORE DOCKERS STRIKE OVER PAY", HARBOUR,
                         DAY + dt.timedelta(WINDOW_DAYS + 1))
    stories = group([*background(), strike(), rewrite(), talks, copy_late])
    assert {frozenset({"strike", "strike-rewrite"}), frozenset({"talks"}),
            frozenset({"strike-late-copy"})} <= stories_as_sets(stories)


def test_the_same_dispatch_sent_twice_is_marked_a_duplicate_of_the_first() -> None:
    index = StoryIndex()
    for item in (*background(), strike(), rewrite()):
        index.add(item)
    again = briefing("strike-again", "VALMORE DOCKERS STRIKE OVER PAY", HARBOUR, DAY, "Valmore Harbour Board")
    corrected = briefing("strike-corrected", "VALMORE DOCKERS STRIKE OVER PAY (CORRECTED)",
                         HARBOUR.replace("at noon", "at 11 a.m."), DAY, "Valmore Harbour Board")
    first, second = index.add(again), index.add(corrected)
    assert first.duplicate is not None and first.duplicate.of == "strike"
    assert first.duplicate.similarity >= DUPLICATE_SIMILARITY
    assert second.duplicate is not None and second.duplicate.of == "strike"
    story = index.story_of("strike")
    assert [(d.briefing_id, d.of) for d in story.duplicates] == [("strike-again", "strike"),
                                                                   ("strike-corrected", "strike")]
    assert story.briefing_ids == ("strike", "strike-rewrite", "strike-again", "strike-corrected")


def test_a_story_stating_other_figures_in_its_headline_is_another_event() -> None:
    index = StoryIndex()
    for item in background():
        index.add(item)
    retreat = "for the first time since May as Orren Copper Mines and Lusan Telecom led a broad retreat."
    monday = briefing("index-2100", "VALMORE SHARE INDEX FALLS BELOW 2,100",
                      f"VALMORE, March 2 - The Valmore share index fell below 2,100 {retreat}")
    tuesday = briefing("index-1800", "VALMORE SHARE INDEX FALLS BELOW 1,800",
                       f"VALMORE, March 3 - The Valmore share index fell below 1,800 {retreat}",
                       DAY + dt.timedelta(1))
    index.add(monday)
    assert index.add(tuesday).join is None


def test_a_correction_joins_the_story_it_corrects_even_with_another_headline_figure() -> None:
    index = StoryIndex()
    for item in background():
        index.add(item)
    retreat = "for the first time since May as Orren Copper Mines and Lusan Telecom led a broad retreat."
    index.add(briefing("index-2100", "VALMORE SHARE INDEX FALLS BELOW 2,100",
                       f"VALMORE, March 2 - The Valmore share index fell below 2,100 {retreat}"))
    corrected = index.add(briefing("index-2150", "CORRECTED - VALMORE SHARE INDEX FALLS BELOW 2,150",
                                   f"VALMORE, March 2 - The Valmore share index fell below 2,150 {retreat}"))
    assert corrected.story_id == "index-2100"


def test_two_alike_reports_whose_two_figures_both_differ_are_two_events() -> None:
    index = StoryIndex()
    for item in background():
        index.add(item)
    outlook = "Traders on the Valmore exchange expect {} futures to open {} to {} higher after Lusan prices."
    index.add(briefing("gold", "VALMORE FUTURES EXPECTED TO OPEN HIGHER",
                       f"VALMORE, March 2 - {outlook.format('gold', '1.50', '2.00')}"))
    silver = briefing("silver", "VALMORE FUTURES EXPECTED TO OPEN HIGHER",
                      f"VALMORE, March 2 - {outlook.format('silver', '15.0', '20.0')}")
    assert index.add(silver).join is None


FLASH = "ORREN COPPER MINES CUTS OUTPUT FORECAST TO 210,000 TONNES"


def test_a_headline_sent_without_a_story_joins_its_story_that_day_only() -> None:
    index = StoryIndex()
    for item in background():
        index.add(item)
    placed = index.add(briefing("flash", FLASH, ""))
    assert placed.story_id == "bg-mine" and placed.join is not None
    assert placed.join.reason.days_apart == 0 and placed.join.reason.similarity >= 0.75
    assert index.add(briefing("flash-later", FLASH, "", DAY + dt.timedelta(2))).join is None


def test_a_flash_whose_figure_the_text_does_not_state_stays_apart() -> None:
    index = StoryIndex()
    for item in background():
        index.add(item)
    flash = "ORREN COPPER MINES OUTPUT AT NORTHERN PIT FELL AFTER FLOODING, ANNUAL FORECAST CUT TO 190,000"
    assert index.add(briefing("flash-other-figure", flash, "")).join is None
    assert index.add(briefing("flash-same-figure", flash.replace("190,000", "210,000"), "")).join is not None


def test_a_flash_not_naming_who_leads_the_text_stays_apart() -> None:
    index = StoryIndex()
    for item in background():
        index.add(item)
    flash = "OUTPUT AT NORTHERN PIT FELL 9 PCT AFTER FLOODING, ANNUAL FORECAST CUT TO 210,000 TONNES"
    assert index.add(briefing("flash-no-actor", flash, "")).join is None
    assert index.add(briefing("flash-actor", f"ORREN {flash}", "")).join is not None


def test_a_flash_joins_a_table_without_a_lead_only_when_it_names_the_table_s_headline_actor() -> None:
    index = StoryIndex()
    for item in background():
        index.add(item)
    table = "VALMORE, March 2 -\n\n```\nLight crude 17.50 dlrs, up 50 cts\nSour crude 17.25 dlrs\n```"
    index.add(briefing("postings", "KELLA OIL RAISES CRUDE POSTINGS", table))
    other = "TARRANT OIL RAISES CRUDE POSTINGS 50 CTS, LIGHT TO 17.50 DLRS"
    assert index.add(briefing("flash-other", other, "")).join is None
    assert index.add(briefing("flash-kella", other.replace("TARRANT", "KELLA"), "")).story_id == "postings"


BID_REJECTED = ("TARRANT, March 2 - Quillon Bramwell Lines said its board turned down a 31 dlr a share offer "
                "from Corvel Holdings, an investor group led by Ada Corvel, saying the price undervalued its "
                "ferry fleet.")


def test_a_flash_opening_with_the_text_s_lead_and_saying_what_it_says_joins_on_less_of_its_weight() -> None:
    index = StoryIndex()
    for item in (*background(), briefing("bid", "QUILLON BRAMWELL <QBL> REJECTS 31 DLR OFFER", BID_REJECTED)):
        index.add(item)
    placed = index.add(briefing("flash", "QUILLON BRAMWELL LINES REJECTS 31 DLR OFFER AS INADEQUATE",
                                ""))
    assert placed.story_id == "bid" and placed.join is not None
    assert FLASH_HELD_LED <= placed.join.reason.similarity < FLASH_HELD


def test_a_flash_sharing_only_the_text_s_lead_stays_apart() -> None:
    index = StoryIndex()
    for item in (*background(), briefing("bid", "QUILLON BRAMWELL <QBL> REJECTS 31 DLR OFFER", BID_REJECTED)):
        index.add(item)
    other = briefing("flash-profit", "QUILLON BRAMWELL LINES FERRY PROFIT ROSE", "")
    assert index.add(other).join is None
    assert index._likeness(index._docs["flash-profit"], index._docs["bid"]) >= FLASH_HELD_LED


def test_a_flash_whose_words_the_text_s_headline_does_not_share_needs_the_full_weight_held() -> None:
    flash = "QUILLON BRAMWELL LINES SAYS 31 DLR OFFER UNDERVALUED FLEET, CALLS IT HOSTILE"
    placed = {}
    for headline in ("QUILLON BRAMWELL <QBL> TURNS DOWN CORVEL BID",
                     "QUILLON BRAMWELL <QBL> TURNS DOWN 31 DLR OFFER"):
        index = StoryIndex()
        for item in (*background(), briefing("bid", headline, BID_REJECTED)):
            index.add(item)
        placed[headline] = index.add(briefing("flash", flash, ""))
        assert FLASH_HELD_LED <= index._likeness(index._docs["flash"], index._docs["bid"]) < FLASH_HELD
    assert [placement.story_id for placement in placed.values()] == ["flash", "bid"]


AGROUND = ("ORREN, March 2 - The bulk carrier Kestrel Dawn, loaded with 30,000 tonnes of Orren copper "
           "concentrate, ran aground in the Brandt river estuary on Monday, the Orren port authority said. "
           "Tugs from Valmore were sent to free the ship and no oil had leaked, an authority spokesman said.")
AGROUND_RETOUCHED = (
    "ORREN, March 3 - The bulk carrier Kestrel Dawn, loaded with 30,000 tonnes of Orren copper "
    "concentrate, ran aground in the Brandt river estuary, the Orren port authority said. Tugs from Valmore "
    "were trying to pull the ship free, the authority's spokesman Ilse Varga said.")
AGROUND_HEADLINE = "ORREN COPPER SHIP KESTREL DAWN RUNS AGROUND"


def test_a_dispatch_sent_again_next_day_under_its_headline_joins_though_retouched() -> None:
    index = StoryIndex()
    for item in (*background(), briefing("aground", AGROUND_HEADLINE, AGROUND)):
        index.add(item)
    again = index.add(briefing("again", AGROUND_HEADLINE, AGROUND_RETOUCHED, DAY + dt.timedelta(1)))
    assert again.story_id == "aground" and again.join is not None
    assert again.join.reason.similarity < DUPLICATE_SIMILARITY
    assert index._carried_over(index._docs["again"], index._docs["aground"]) < CARRIED_OVER


def test_sent_again_after_a_weekend_joins_but_under_one_headline_days_later_it_must_carry_over_more() -> None:
    friday, monday, thursday = DAY - dt.timedelta(3), DAY, DAY + dt.timedelta(3)
    assert friday.weekday() == 4 and monday.weekday() == 0
    index = StoryIndex()
    for item in (*background(), briefing("aground", AGROUND_HEADLINE, AGROUND, friday)):
        index.add(item)
    assert index.add(briefing("monday", AGROUND_HEADLINE, AGROUND_RETOUCHED, monday)).story_id == "aground"
    index = StoryIndex()
    for item in (*background(), briefing("aground", AGROUND_HEADLINE, AGROUND)):
        index.add(item)
    assert index.add(briefing("thursday", AGROUND_HEADLINE, AGROUND_RETOUCHED, thursday)).join is None


def test_the_next_day_s_report_under_one_headline_stating_other_figures_stays_apart() -> None:
    index = StoryIndex()
    for item in (*background(), briefing("aground", AGROUND_HEADLINE, AGROUND)):
        index.add(item)
    other_cargo = AGROUND_RETOUCHED.replace("30,000 tonnes", "45,000 tonnes")
    assert index.add(briefing("other", AGROUND_HEADLINE, other_cargo, DAY + dt.timedelta(1))).join is None


def test_a_next_day_report_under_a_changed_headline_must_carry_over_more() -> None:
    index = StoryIndex()
    for item in (*background(), briefing("aground", AGROUND_HEADLINE, AGROUND)):
        index.add(item)
    refloated = briefing("refloated", "ORREN COPPER SHIP KESTREL DAWN REFLOATED", AGROUND_RETOUCHED,
                         DAY + dt.timedelta(1))
    assert index.add(refloated).join is None


def test_a_headline_seen_on_a_third_day_is_a_recurring_report_joined_only_by_a_copy() -> None:
    index = StoryIndex()
    for item in (*background(), briefing("aground", AGROUND_HEADLINE, AGROUND),
                 briefing("again", AGROUND_HEADLINE, AGROUND_RETOUCHED, DAY + dt.timedelta(1))):
        index.add(item)
    retouched_again = AGROUND_RETOUCHED.replace("Ilse Varga", "Ilse Vargas")
    third = index.add(briefing("third", AGROUND_HEADLINE, retouched_again, DAY + dt.timedelta(2)))
    assert third.join is None
    copy = index.add(briefing("copy", AGROUND_HEADLINE, AGROUND_RETOUCHED, DAY + dt.timedelta(2)))
    assert copy.story_id == "aground" and copy.duplicate is not None


def test_two_flashes_of_one_day_naming_different_actors_first_stay_apart() -> None:
    index = StoryIndex()
    for number in range(8):
        index.add(briefing(f"filler-{number}", "LUSAN AND TARRANT TALKS",
                           "LUSAN, May 2 - Lusan and Tarrant officials met again.", DAY + dt.timedelta(30)))
    rate = "BANK CUTS BASE LENDING RATE TO 10 PCT FROM 10.5 PCT, EFFECTIVE TOMORROW, BANK SAYS"
    first = index.add(briefing("flash-tarrant", f"TARRANT {rate}", ""))
    again = index.add(briefing("flash-tarrant-again", f"TARRANT {rate}", ""))
    other = index.add(briefing("flash-lusan", f"LUSAN {rate}", ""))
    assert first.join is None and again.story_id == "flash-tarrant"
    assert other.join is None


def test_a_misspelt_lead_is_still_the_same_actor() -> None:
    index = StoryIndex()
    for item in background():
        index.add(item)
    text = dict(BACKGROUND)["mine"].replace("Orren Copper Mines", "Oren Copper Mines")
    placed = index.add(briefing("mine-misspelt", "ORREN COPPER MINES SAID OUTPUT AT ITS NORTHERN PIT",
                                f"{text} Its chief executive spoke to reporters."))
    assert placed.story_id == "bg-mine"


def test_an_undated_briefing_starts_its_own_story() -> None:
    index = StoryIndex()
    for item in (*background(), strike()):
        index.add(item)
    placed = index.add(briefing("strike-undated", "VALMORE DOCKERS STRIKE OVER PAY", HARBOUR, None))
    assert placed.join is None and placed.story_id == "strike-undated"


def test_a_new_version_of_a_briefing_stays_in_its_story_once() -> None:
    index = StoryIndex()
    for item in (*background(), strike(), rewrite()):
        index.add(item)
    placed = index.add(rewrite())
    assert placed.story_id == "strike" and placed.join is None
    assert index.story_of("strike").briefing_ids == ("strike", "strike-rewrite")
    assert len(index) == len(BACKGROUND) + 2


def test_adding_one_at_a_time_in_several_calls_equals_grouping_them_at_once() -> None:
    items = [*background(), strike(), rewrite(),
             briefing("strike-again", "VALMORE DOCKERS STRIKE OVER PAY", HARBOUR, DAY)]
    index = StoryIndex()
    placements = [index.add(item) for item in items[:4]] + [index.add(item) for item in items[4:]]
    assert tuple(index.stories()) == group(items)
    assert [p.story_id for p in placements] == [index.story_of(item.id).id for item in items]


def test_forced_groups_and_separations_are_kept_by_a_later_reingest(tmp_path: Path) -> None:
    items = [*background(), strike(), rewrite()]
    index = StoryIndex()
    for item in items:
        index.add(item)
    merged = index.force_group(["bg-mine", "strike"])
    assert merged is not None and merged.id == "bg-mine"
    assert set(merged.briefing_ids) == {"bg-mine", "strike", "strike-rewrite"}
    assert any(join.reason.forced and join.reason.line == "grouped by the analyst" for join in merged.joins)
    alone = index.force_apart("bg-mine", "strike-rewrite")
    assert alone.briefing_ids == ("strike-rewrite",)
    assert set(index.story_of("strike").briefing_ids) == {"bg-mine", "strike"}

    path = choices_path(tmp_path)
    save_choices(path, index.choices)
    again = StoryIndex(load_choices(path).choices)
    for item in items:
        again.add(item)
    assert stories_as_sets(list(again.stories())) == stories_as_sets(list(index.stories()))
    later = briefing("strike-rewrite-2", "VALMORE DOCKERS WALKED OUT OVER PAY CLAIM", HARBOUR_REWRITE,
                     DAY + dt.timedelta(1))
    assert again.add(later).story_id in {"strike-rewrite", "bg-mine"}


def test_a_forced_group_waits_for_briefings_not_yet_added() -> None:
    index = StoryIndex()
    assert index.force_group(["bg-grain", "bg-airline"]) is None
    for item in background():
        index.add(item)
    assert index.story_of("bg-airline").briefing_ids == ("bg-grain", "bg-airline")


def test_choices_that_cannot_be_carried_out_are_one_line_errors() -> None:
    index = StoryIndex()
    index.add(strike())
    with pytest.raises(GroupingError, match="story 'strike' has no briefing 'nope'"):
        index.force_apart("strike", "nope")
    with pytest.raises(GroupingError, match="no briefing 'nope'"):
        index.story_of("nope")


ITEMS = [*background(), strike(), rewrite(),
         briefing("strike-again", "VALMORE DOCKERS STRIKE OVER PAY", HARBOUR, DAY),
         briefing("talks", "VALMORE DOCKERS STRIKE ENDS", HARBOUR_TALKS, DAY + dt.timedelta(2))]


@given(order=st.permutations(ITEMS),
       forced=st.lists(st.sampled_from([item.id for item in ITEMS]), max_size=3),
       apart=st.sampled_from([item.id for item in ITEMS]))
def test_in_any_order_every_briefing_is_in_exactly_one_story(order: list[Briefing], forced: list[str],
                                                             apart: str) -> None:
    index = StoryIndex()
    for number, item in enumerate(order):
        index.add(item)
        if number == len(order) // 2:
            index.force_group(forced)
            if apart in index:
                index.force_apart(index.story_of(apart).id, apart)
    members = [member for story in index.stories() for member in story.briefing_ids]
    assert sorted(members) == sorted(item.id for item in ITEMS)
    assert all(story.id == story.briefing_ids[0] for story in index.stories())


# -- the Done-when: the first three Reuters files ------------------------------------------------------

@pytest.fixture(scope="module")
def first_files(corpus_dir: Path) -> StoryIndex:
    """The first three files parsed and prepared as ingest does (its first pass learns their entities),
    grouped in NEWID order."""
    paths = sorted((corpus_dir / "reuters21578").glob("reut2-*.sgm.gz"))[:3]
    parsed = [item for path in paths for item in reuters.parse_many(read_input(path).text, path.name)
              if isinstance(item, Briefing)]
    gazetteer = bundled_gazetteer().merged([entity for item in parsed for entity in item.entities])
    index = StoryIndex()
    for item in sorted(parsed, key=lambda item: int(item.id.removeprefix("reuters-"))):
        index.add(prepared(item, gazetteer))
    return index


def _labels() -> tuple[dict[str, list[str]], list[list[str]]]:
    data = load_yaml(LABELS.read_text(encoding="utf-8"))
    groups = {entry["id"]: [f"reuters-{story}" for story in entry["stories"]] for entry in data["groups"]}
    return groups, [[f"reuters-{story}" for story in pair["stories"]] for pair in data["near_misses"]]


@pytest.mark.parametrize(("group_id", "shared"), [("g01", {"Kuwait", "OPEC"}), ("g02", {"OPEC"}),
                                                  ("g03", {"OPEC"})])
def test_the_early_march_opec_dispatches_are_grouped_with_reasons_naming_their_entities(
        first_files: StoryIndex, group_id: str, shared: set[str]) -> None:
    stories = _labels()[0][group_id]
    story = first_files.story_of(stories[0])
    assert set(stories) <= set(story.briefing_ids)
    joins = [join for join in story.joins if join.briefing_id in stories[1:]]
    assert joins and all(shared <= set(join.reason.entities) for join in joins)
    assert all(join.reason.line.startswith("same entities: ") for join in joins)


def test_different_opec_events_of_the_same_week_are_not_merged(first_files: StoryIndex) -> None:
    pairs = [pair for pair in _labels()[1] if all(story in first_files for story in pair)]
    assert len(pairs) >= 10
    merged = [pair for pair in pairs if first_files.story_of(pair[0]).id == first_files.story_of(pair[1]).id]
    assert merged == []
