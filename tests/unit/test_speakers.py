"""Speaker attribution (briefings.splitting.speakers and the modules it reads: quotations, tags, names,
resolution), each rule shown in sentences of our own."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from briefings.splitting.names import display_name
from briefings.splitting.speakers import attributions
from briefings.splitting.tags import is_speaker_phrase


def _speakers(sentences: Sequence[str]) -> list[str | None]:
    return [found.speaker if found else None for found in attributions(sentences)]


def test_a_pronoun_means_the_latest_speaker_it_fits() -> None:
    assert _speakers([
        "Harbour Bank chairman Ole Lund said rates would hold.",
        "A Quay Bank economist said they would fall.",
        "He said the central bank would wait.",
        "Lund said he disagreed.",
        "He added that the krone was strong.",
    ]) == ["Ole Lund", "a Quay Bank economist", "a Quay Bank economist", "Ole Lund", "Ole Lund"]


def test_it_is_an_organisation_and_they_are_several() -> None:
    assert _speakers([
        "Fjord Mining Corp said output rose.",
        "Traders said prices fell.",
        "It said the mine would reopen.",
        "They said demand was weak.",
    ]) == ["Fjord Mining Corp", "Traders", "Fjord Mining Corp", "Traders"]


def test_a_surname_is_the_person_named_before_even_when_not_speaking() -> None:
    assert _speakers([
        "Finance Minister Kari Dahl met the bankers on Monday.",
        "Dahl said the talks went well.",
        "She added that rates would hold.",
    ]) == [None, "Kari Dahl", "Kari Dahl"]


def test_a_family_name_first_is_found_too() -> None:
    assert _speakers([
        "The plan was approved by Trade Minister Park Sun-ho.",
        "Park said exports would rise.",
    ]) == [None, "Park Sun-ho"]


def test_the_company_is_the_latest_company_not_a_ministry() -> None:
    assert _speakers([
        "Maple Foods Inc said sales rose.",
        "The Agriculture Ministry said it approved the plant.",
        "The company said it was hiring.",
    ]) == ["Maple Foods Inc", "Agriculture Ministry", "Maple Foods Inc"]


def test_the_company_is_the_one_the_story_names_when_none_spoke() -> None:
    assert _speakers([
        "Harbour Shipping Ltd is selling two tankers.",
        "The company said buyers had been found.",
    ]) == [None, "Harbour Shipping Ltd"]


def test_a_company_spokesman_speaks_for_the_company_or_stays_a_phrase() -> None:
    assert _speakers(["Prices were cut, a company spokesman said."]) == ["a company spokesman"]
    assert _speakers([
        "Maple Foods Inc said sales rose.",
        "A company spokesman said prices were cut.",
        "The spokesman said no jobs would go.",
        "He added that the plant would stay open.",
    ]) == ["Maple Foods Inc", *["a spokesman for Maple Foods Inc"] * 3]


def test_a_spokeswoman_for_the_parent_company_names_it() -> None:
    assert _speakers([
        "Quay Bancorp will close two branches, a spokeswoman in Bergen for the parent company said.",
    ]) == ["a spokeswoman in Bergen for Quay Bancorp"]


@pytest.mark.parametrize(("sentence", "speaker"), [
    ("Harbour Group, the shipping concern based in Tromso, Norway, said it would merge.", "Harbour Group"),
    ("Ole Lund, Harbour Bank's chief economist, said rates would hold.", "Ole Lund"),
    ("Kari Dahl, president of Fjord Mining Corp, said output rose.", "Kari Dahl"),
    ("The state news agency, Nortid, said the talks ended.", "Nortid"),
    ("Fjord Air Ltd, a unit of Fjord Group, a Quay Holdings affiliate, said it flew.", "Fjord Air Ltd"),
    ("Fjord Group, which owns two airlines, said it would sell one.", "Fjord Group"),
])
def test_an_appositive_describes_the_speaker_before_it(sentence: str, speaker: str) -> None:
    assert _speakers([sentence]) == [speaker]


def test_what_a_quotation_says_never_speaks() -> None:
    assert _speakers(['"The one thing we watch is the krone," said Ole Lund of Quay Bank.']) == ["Ole Lund"]
    assert _speakers(['"We said so last year," the minister added.']) == ["the minister"]


def test_a_quotation_over_several_sentences_is_its_speakers_throughout() -> None:
    assert _speakers([
        "Fjord Bank economist Ole Lund was cautious.",
        '"Rates will hold.',
        'We see no reason to move," Lund said.',
        '"Next year is different."',
    ]) == [None, "Ole Lund", "Ole Lund", "Ole Lund"]


def test_a_closing_mark_left_out_before_the_tag_still_ends_the_quotation() -> None:
    assert _speakers(['"Rates will hold this year, Ole Lund said.', "Prices rose."]) == ["Ole Lund", None]


def test_an_apostrophe_written_as_a_quotation_mark_opens_nothing() -> None:
    assert _speakers(['Norway"s exports rose, traders said.', 'Buyers said the members" quotas held.']) \
        == ["traders", "Buyers"]


def test_first_person_outside_a_quotation_is_no_tag() -> None:
    assert _speakers(["We expected prices to rise but they fell, Lund added."]) == ["Lund"]


def test_initials_in_brackets_name_the_speaker_and_mean_it_later() -> None:
    assert _speakers([
        "Exports fell, the Nordic Shipping Council (NSC) said.",
        "The NSC said imports rose.",
        "Fares rose, the Nordic Rail Board said.",
        "The NRB added that fares would hold.",
    ]) == ["Nordic Shipping Council", "Nordic Shipping Council", "Nordic Rail Board", "Nordic Rail Board"]


def test_the_one_quoted_as_saying_is_the_speaker() -> None:
    assert _speakers(["The newspaper quoted Ole Lund as saying rates would hold."]) == ["Ole Lund"]
    assert _speakers(["Soymeal was quoted at eight dlrs over, dealers said."]) == ["dealers"]


def test_a_surname_with_the_firm_is_the_person_named_before() -> None:
    assert _speakers([
        '"Rates will hold," said Kari Dahl of Fjord Bank.',
        '"The krone is strong," added Fjord Bank\'s Dahl.',
        "Dahl of Fjord Bank said no more.",
    ]) == ["Kari Dahl"] * 3


def test_a_document_speaks_for_the_body_that_issued_it() -> None:
    assert _speakers([
        "A Harbour Board statement said fees would rise.",
        "Oslo said nothing.",
        "The Tromso statement said the port would close.",
        "It said ships would be diverted.",
    ]) == ["Harbour Board", "Oslo", "Harbour Board", "Harbour Board"]


def test_a_definite_spokesman_with_the_firm_is_the_spokesman_named_before() -> None:
    assert _speakers([
        "Fjord Mining Corp said output rose.",
        "A company spokesman said no jobs would go.",
        "The Fjord spokesman said the mine would reopen.",
    ]) == ["Fjord Mining Corp", *["a spokesman for Fjord Mining Corp"] * 2]


@pytest.mark.parametrize(("sentence", "speaker"), [
    ("Prices will hold, predicted one trader at a big Bergen bank.", "one trader at a big Bergen bank"),
    ("Rates held, said sole manager Quay, Fjord and Co.", "Quay, Fjord and Co"),
    ("Rates held, said sources familiar with the talks.", "sources"),
    ("Rates held, said the Norwegian news agency NTB.", "NTB"),
])
def test_a_speaker_after_the_verb(sentence: str, speaker: str) -> None:
    assert _speakers([sentence]) == [speaker]


def test_a_name_after_its_office_however_described() -> None:
    assert _speakers(["Rates held, EC external trade chief Willy de Berg said."]) == ["Willy de Berg"]
    assert _speakers(["But, Norwegian central bank governor Berg said, rates would hold."]) == ["Berg"]


def test_a_noun_that_says_nothing_is_no_speaker() -> None:
    assert _speakers(["Bankers, echoing the minister, said the expansion seen over the years ended."]) \
        == ["Bankers"]
    assert _speakers(["Rates fell, said the expansion seen over two years would end."]) == [None]
    assert is_speaker_phrase("the Oslo broker") and not is_speaker_phrase("prices were higher")


@pytest.mark.parametrize(("phrase", "name"), [
    ("Chancellor of the Exchequer Ola Berg", "Ola Berg"),
    ("Dow Mining Co's Fjord Minerals Inc unit", "Fjord Minerals Inc"),
    ("a broker at Quay Securities Co", "a broker at Quay Securities Co"),
    ("A close aide to Lund", "a close aide to Lund"),
    ("The State Department", "State Department"),
    ("The Bank", "the Bank"),
    ("A High Command communique", "High Command"),
    ("the annual report of the Nordic Shipping Council", "Nordic Shipping Council"),
])
def test_display_names(phrase: str, name: str) -> None:
    assert display_name(phrase) == name


def test_according_to_opens_a_sentence_too() -> None:
    assert _speakers(["According to the island council, about 1.2 million passengers crossed last year.",
                      "Prices rose, according to Coast Daily.",
                      "The figure was revised, according to the council's own count."]) == [
        "the island council", "Coast Daily", "the council's own count"]


def test_the_newspaper_is_the_outlet_the_story_named_last() -> None:
    assert _speakers(["Economists polled by the Financial Times expected the decision.",
                      "Most now see a cut in September, the newspaper reported.",
                      "\"Demand is weak,\" the paper said."]) == [None, "Financial Times", "Financial Times"]
    assert _speakers(["Prices fell sharply in March.", "Demand will recover, the newspaper said."]) == [
        None, "the newspaper"]


def test_courts_police_and_campaigners_speak_too() -> None:
    assert _speakers(["Two men were arrested on Monday, police said.",
                      "\"This was not an accident but a choice,\" said the judge.",
                      "Campaigners said the fine was too small.",
                      "Federal regulators said the bank had agreed to a censure."]) == [
        "police", "the judge", "Campaigners", "Federal regulators"]


def test_a_person_of_a_body_named_with_its_kind_is_the_person() -> None:
    assert display_name("Tom Reed of the group Clean Rivers") == "Tom Reed"
    assert display_name("Ana Ruiz of the consultancy Wood Mackenzie") == "Ana Ruiz"
    assert display_name("the official newspaper El Peruano") == "El Peruano"
    assert _speakers(["\"It is a rounding error,\" said Tom Reed of the group Clean Rivers."]) == ["Tom Reed"]


def test_single_quotation_marks_quote_and_tag_their_speaker() -> None:
    found = attributions(["‘This was not an accident but a choice,’ said Judge Harlow.",
                          "The council’s plan was approved, the mayor said."])
    assert [(item.speaker, item.quoted) if item else None for item in found] == [
        ("Judge Harlow", True), ("the mayor", False)]


def test_a_dateline_with_any_dash_is_where_not_who() -> None:
    from briefings.splitting.speakers import strip_dateline

    assert strip_dateline("ROTTERDAM, Netherlands (AP) — Crews stayed out.") == "Crews stayed out."
    assert strip_dateline("PARIS, Nov. 4 – The operator warned.") == "The operator warned."
    assert _speakers(["PARIS, Nov. 4 — France's grid operator said on Monday that cuts could come, and urged "
                      "households to save power."]) == ["France's grid operator"]
    assert _speakers(["Italy's budget ministry said GDP rose.", "Japan's trade surplus said little."]) == [
        "Italy's budget ministry", None]
