"""Entity blurbs, the gazetteer's matching rules, user gazetteer files and mention marking."""

from __future__ import annotations

import gzip
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.entities import (
    Gazetteer,
    bundled_gazetteer,
    entity_from_blurb,
    load_gazetteer_yaml,
    with_mentions,
)
from briefings.errors import ParseError
from briefings.formats import article, reuters
from briefings.model import Briefing, Card, CardKind, Entity, EntityKind, OutletSummary
from briefings.safe_yaml import dump_yaml
from briefings.serialize import from_data, to_data
from briefings.text import looks_truncated
from tests.unit.briefing_checks import assert_one_line_error


@pytest.mark.parametrize(
    ("blurb", "name", "aliases", "kind"),
    [
        ("Marta Ivanovna Petrova is a Russian economist who led a state bank.",
         "Marta Petrova", ("Marta Ivanovna Petrova",), EntityKind.PERSON),
        ("Freedonia, officially the Republic of Freedonia, is a country in a novel.",
         "Freedonia", ("Republic of Freedonia",), EntityKind.COUNTRY),
        ("Ruritania, or the Ruritanian Kingdom, is a landlocked country of central Europe.",
         "Ruritania", ("Ruritanian Kingdom",), EntityKind.COUNTRY),
        ("The United Provinces of the Plains, commonly known as the Plains or Plainland, is a country.",
         "Plains", ("United Provinces of the Plains", "Plainland"), EntityKind.COUNTRY),
        ("Anna Sergeyevna Orlova (Russian: Анна Орлова; born 2 May 1970) is a minister.",
         "Anna Orlova", ("Anna Sergeyevna Orlova",), EntityKind.PERSON),
        ('Robert "Bobby" Vance (born 1960) is an American admiral.',
         "Robert Vance", ("Bobby Vance",), EntityKind.PERSON),
        ("The Harbour League is an alliance of port cities.", "Harbour League", (), EntityKind.ORGANISATION),
        ("Lake Vostra is a lake in the north.", "Lake Vostra", (), EntityKind.PLACE),
        ("Zorbl is a thing people talk about.", "Zorbl", (), EntityKind.UNKNOWN),
    ],
)
def test_blurb_subject_becomes_the_name(
    blurb: str, name: str, aliases: tuple[str, ...], kind: EntityKind
) -> None:
    entity = entity_from_blurb(blurb)
    assert (entity.name, entity.aliases, entity.kind) == (name, aliases, kind)
    assert entity.description == blurb
    assert not entity.truncated


def test_cut_off_blurb_is_flagged_and_keeps_its_continuation() -> None:
    entity = entity_from_blurb("Ivan Ivanovich Kort is a general.\nBefore that he served in the nav")
    assert entity.name == "Ivan Kort"
    assert entity.description == "Ivan Ivanovich Kort is a general.\n\nBefore that he served in the nav"
    assert entity.truncated


def test_seed_blurbs(seed_page_text: str) -> None:
    blurbs = seed_page_text.split("More on these topics\n", 1)[1].split("\n-\n")
    entities = [entity_from_blurb(blurb.strip("-\n")) for blurb in blurbs if blurb.strip("-\n")]
    by_name = {entity.name: entity for entity in entities}
    assert by_name["North Korea"].aliases == ("Democratic People's Republic of Korea",)
    assert by_name["Russia"].aliases == ("Russian Federation",)
    assert by_name["Sergey Lavrov"].aliases == ("Sergey Viktorovich Lavrov",)
    assert by_name["United States"].aliases == ("United States of America", "America")
    assert by_name["Olga Lyubimova"].kind is EntityKind.PERSON
    assert by_name["John Daniel Caine"].truncated


def _gazetteer(*entities: Entity) -> Gazetteer:
    return Gazetteer(entities)


def test_mentions_ignore_case_hyphens_and_possessives() -> None:
    kim = Entity("Kim Jong-un", kind=EntityKind.PERSON)
    lavrov = Entity("Sergey Lavrov", ("Sergey Viktorovich Lavrov",), EntityKind.PERSON)
    gazetteer = _gazetteer(kim, lavrov)
    assert gazetteer.mentions("KIM JONG UN met officials. Lavrov's aide spoke.") == [kim, lavrov]
    assert gazetteer.mentions("kim jong-un") == []  # all lower case never starts a name


def test_acronyms_need_capitals_and_initialisms_are_derived() -> None:
    states = Entity("United States", ("United States of America",), EntityKind.COUNTRY)
    nations = Entity("United Nations", ("UN",), EntityKind.ORGANISATION)
    gazetteer = _gazetteer(states, nations)
    assert gazetteer.mentions("Tell us about the un vote") == []
    assert gazetteer.mentions("The U.S. told the UN, and the USA agreed.") == [states, nations]
    alliance = Entity("NATO", kind=EntityKind.ORGANISATION)
    assert _gazetteer(alliance).mentions("Nato met.") == [alliance]


def test_surnames_count_only_when_unambiguous() -> None:
    ann = Entity("Ann Marsh", kind=EntityKind.PERSON)
    bob = Entity("Bob Marsh", kind=EntityKind.PERSON)
    cy = Entity("Cy Tallow", kind=EntityKind.PERSON)
    gazetteer = _gazetteer(ann, bob, cy)
    assert gazetteer.mentions("Marsh and Tallow met.") == [cy]
    assert gazetteer.mentions("the tallow candle") == []


def test_longest_name_wins_and_stop_phrases_hide_places() -> None:
    korea = Entity("Korea", kind=EntityKind.PLACE)
    south = Entity("South Korea", kind=EntityKind.COUNTRY)
    gazetteer = Gazetteer([korea, south], stop_phrases=["Korea Courier"])
    assert gazetteer.mentions("South Korea said so, the Korea Courier wrote.") == [south]


_JAPAN = Entity("Japan", kind=EntityKind.COUNTRY)
_CHINA = Entity("China", kind=EntityKind.COUNTRY)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("The Japan Times reported the talks.", False),  # a listed outlet, in any gazetteer
        ("Japan Times and Japan Post agreed.", False),
        ("Shares of Japan Airlines Co Ltd rose.", False),  # a company word closes the name
        ("The Times of Japan said so.", False),  # a newspaper word and "of" before it
        ("Japan Airlines, Japan said, will fly.", True),  # named outside the company's name too
        ("JAPAN AIRLINES PROFIT RISES", True),  # a wire headline in capitals: no telling names apart
        ("Japan Post-war planning was slow.", True),  # "Post-war" is no paper
        ("The Bank of Japan raised rates.", True),  # a central bank is the state's (module docstring)
        ("Japan. Airlines cut fares.", True),  # a full stop ends a name
        ("Japan's Airlines Group said so.", True),  # so does a possessive
        ("A deal with the Japan Group General Electric unit.", True),  # the name goes on past "Group"
    ],
)
def test_places_inside_outlet_and_company_names_are_not_mentions(text: str, named: bool) -> None:
    assert (_gazetteer(_JAPAN).mentions(text) == [_JAPAN]) is named


def test_a_listed_outlet_ending_in_a_number_hides_nothing() -> None:
    france = Entity("France", kind=EntityKind.COUNTRY)
    assert _gazetteer(france).mentions("In France 24 people were hurt.") == [france]


def test_a_reuters_company_in_brackets_hides_its_place_also_where_written_short() -> None:
    text = ("Trading was suspended in <China Coastal Land Investment Co Ltd> and <Chinese Estates Ltd>. "
            "China Coastal lost five cents.")
    gazetteer = _gazetteer(_CHINA)
    assert gazetteer.mentions(text) == []
    assert gazetteer.mentions(text + " Exports to China rose.") == [_CHINA]


def test_names_passed_as_hiding_hide_the_places_in_them() -> None:
    asia = Entity("Asia", kind=EntityKind.PLACE)
    gazetteer = _gazetteer(asia)
    assert gazetteer.mentions("Tech Week in Asia reports a slump.") == [asia]
    assert gazetteer.mentions("Tech Week in Asia reports a slump.", hiding=["Tech Week in Asia"]) == []


def test_an_entity_named_as_the_whole_of_a_listed_name_still_counts() -> None:
    paper = Entity("South China Morning Post", kind=EntityKind.ORGANISATION)
    assert _gazetteer(paper, _CHINA).mentions("The South China Morning Post said so.") == [paper]


def test_a_surname_alone_or_derived_initials_are_marked_as_guesses() -> None:
    lavrov = Entity("Sergey Lavrov", kind=EntityKind.PERSON)
    freedonia = Entity("Democratic Republic of Freedonia", kind=EntityKind.COUNTRY)
    gazetteer = _gazetteer(lavrov, freedonia)
    assert gazetteer.mentions_with_reasons("Lavrov spoke to the DRF envoy.") == [
        (lavrov, 'surname "Lavrov" alone'), (freedonia, 'initials "DRF" alone')]
    assert gazetteer.mentions_with_reasons("Lavrov spoke. Later Sergey Lavrov left.") == [(lavrov, "")]
    listed = _gazetteer(Entity("Democratic Republic of Freedonia", ("DRF",), EntityKind.COUNTRY))
    assert listed.mentions_with_reasons("The DRF envoy spoke.") == [(listed.entities[0], "")]


def test_with_mentions_marks_inferred_entities_and_hides_the_briefings_own_outlets() -> None:
    own = (Entity("Ilya Dorn", kind=EntityKind.PERSON), Entity("Asia", kind=EntityKind.PLACE),
           Entity("Marisol", kind=EntityKind.COUNTRY))
    paragraph = "Tech Week in Asia reports that Dorn resigned."
    papers = Card(CardKind.PAPERS, "What the papers say", paragraph,
                  outlets=(OutletSummary(("Tech Week in Asia",), paragraph),))
    briefing = Briefing("b", "Marisol talks", (papers,), entities=own)
    extra = Gazetteer([Entity("Vera Holm", kind=EntityKind.PERSON, description="An envoy.")])
    marked = with_mentions(replace(briefing, title="Marisol talks: Holm and Dorn"), extra)
    assert [(e.name, e.mentioned, e.inferred) for e in marked.entities] == [
        ("Ilya Dorn", True, 'surname "Dorn" alone'), ("Asia", False, ""), ("Marisol", True, ""),
        ("Vera Holm", True, 'surname "Holm" alone')]
    assert with_mentions(marked, extra) == marked
    named = with_mentions(replace(briefing, title="Ilya Dorn in Marisol"), extra)
    assert named.entities[0].inferred == ""


def test_the_inference_reason_round_trips_and_old_data_reads_as_named() -> None:
    entity = Entity("Sergey Lavrov", kind=EntityKind.PERSON, mentioned=True,
                    inferred='surname "Lavrov" alone')
    data = to_data(entity)
    assert data["inferred"] == 'surname "Lavrov" alone'
    assert from_data(Entity, data) == entity
    del data["inferred"]
    assert from_data(Entity, data).inferred == ""


def test_real_reuters_stories_keep_company_places_out(corpus_dir: Path) -> None:
    """Story 960 names China only inside company names; 930 quotes the China Daily and names China."""
    archive = gzip.decompress((corpus_dir / "reuters21578" / "reut2-000.sgm.gz").read_bytes())
    wanted = {story.new_id: story for story in reuters.stories(archive.decode("latin-1"))
              if story.new_id in ("930", "960")}
    names = {}
    for new_id, story in wanted.items():
        parsed = reuters.briefing_from_story(story)
        assert parsed is not None
        names[new_id] = [entity.name for entity in with_mentions(parsed, bundled_gazetteer()).entities]
    assert "China Entertainment" in wanted["960"].body and "China" not in names["960"]
    assert "Hong Kong" in names["960"]
    assert "China" in names["930"]


def test_merged_adds_aliases_instead_of_duplicates() -> None:
    first = Entity("Russia", ("Russian Federation",), EntityKind.COUNTRY, "A country, cut o", truncated=True)
    later = Entity("Russian Federation", ("Rossiya",), description="Country in Eurasia.")
    merged = Gazetteer([first]).merged([later, Entity("Chile")])
    assert [e.name for e in merged.entities] == ["Russia", "Chile"]
    russia = merged.entities[0]
    assert russia.aliases == ("Russian Federation", "Rossiya")
    assert (russia.kind, russia.description) == (EntityKind.COUNTRY, "Country in Eurasia.")
    assert not russia.truncated
    assert merged.mentions("Rossiya") == [russia]


def test_user_gazetteer_yaml() -> None:
    text = "- name: Harbour League\n  aliases: [HL]\n  kind: organisation\n  description: Ports.\n"
    text += "- name: Zed\n"
    league, zed = load_gazetteer_yaml(text, "mine.yaml")
    assert (league.name, league.aliases, league.kind, league.description) == (
        "Harbour League", ("HL",), EntityKind.ORGANISATION, "Ports.")
    assert zed.kind is EntityKind.UNKNOWN
    assert load_gazetteer_yaml("", "empty.yaml") == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- name: [unclosed", "mine.yaml: "),
        ("name: Solo", "mine.yaml: a gazetteer must be a list"),
        ("- aliases: [x]", "mine.yaml: entity 1 needs a non-empty name"),
        ("- name: X\n  kind: planet", "kind must be one of"),
        ("- name: X\n  aliases: nope", "aliases must be a list"),
        ("- name: X\n  colour: red", "unknown field"),
        ("- !!python/object:os.system {}", "mine.yaml: "),
    ],
)
def test_bad_user_gazetteer_gives_one_line_error(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message) as error:
        load_gazetteer_yaml(text, "mine.yaml")
    assert "\n" not in str(error.value)


def test_bundled_gazetteer() -> None:
    gazetteer = bundled_gazetteer()
    kinds = [entity.kind for entity in gazetteer.entities]
    assert kinds.count(EntityKind.COUNTRY) >= 60
    assert kinds.count(EntityKind.PERSON) >= 30
    assert kinds.count(EntityKind.ORGANISATION) >= 20
    assert all(entity.description for entity in gazetteer.entities)
    assert gazetteer.mentions("The Japan Times covered the South China Morning Post story.") == []


def test_with_mentions_on_the_seed_article(seed_article_text: str) -> None:
    briefing = with_mentions(article.parse(seed_article_text, "000.txt"), bundled_gazetteer())
    names = [entity.name for entity in briefing.entities]
    for name in ("Vladimir Putin", "Kim Jong-un", "Sergei Shoigu", "Russia", "North Korea", "South Korea",
                 "Ukraine", "China", "United States"):
        assert name in names
    assert all(entity.mentioned for entity in briefing.entities)
    assert with_mentions(briefing, bundled_gazetteer()) == briefing


def test_with_mentions_marks_own_entities_and_links_through_gazetteer_aliases() -> None:
    own = (Entity("Plains", kind=EntityKind.COUNTRY), Entity("Olga Tern", kind=EntityKind.PERSON),
           Entity("Freedonia", kind=EntityKind.COUNTRY))
    briefing = Briefing("b", "Talks", (Card(CardKind.BODY, "", "Plains and the FR met in Tern's town."),),
                        entities=own)
    extra = Gazetteer([
        Entity("Freedonia", ("FR",), EntityKind.COUNTRY), Entity("Tern", kind=EntityKind.PLACE)
    ])
    marked = with_mentions(briefing, extra)
    assert [(e.name, e.mentioned) for e in marked.entities] == [
        ("Plains", True), ("Olga Tern", True), ("Freedonia", True)]
    nobody = with_mentions(briefing, Gazetteer())
    assert [e.mentioned for e in nobody.entities] == [True, True, False]


def test_mentions_scale_with_text_not_names() -> None:
    names = [Entity(f"Person{i} Surname{i}", kind=EntityKind.PERSON) for i in range(3000)]
    gazetteer = bundled_gazetteer().merged(names)
    text = "Person17 Surname17 met Kim Jong Un in Moscow. " * 400
    start = time.perf_counter()
    found = gazetteer.mentions(text)
    assert time.perf_counter() - start < 0.5
    assert [e.name for e in found] == ["Person17 Surname17", "Kim Jong-un", "Moscow"]


def _assert_blurb_properties(blurb: str) -> None:
    """The description is the blurb's own lines, the name a few words made of its letters, and reading it
    again changes nothing. (The name drops asides and nicknames: 'Robert "Bobby" Vance' is Robert Vance.)"""
    entity = entity_from_blurb(blurb)
    lines = {line.strip() for line in blurb.splitlines() if line.strip()}
    assert (set(entity.description.split("\n\n")) if entity.description else set()) <= lines
    assert "\n" not in entity.name and len(entity.name.split()) <= 8
    assert set("".join(entity.name.split())) <= set(blurb), entity.name
    assert entity.name not in entity.aliases and len(set(entity.aliases)) == len(entity.aliases)
    assert all(alias.strip() for alias in entity.aliases)
    assert entity.truncated == looks_truncated(entity.description)
    assert entity_from_blurb(entity.description) == entity


@settings(max_examples=200)
@given(st.text())
def test_any_blurb_gives_an_entity_made_of_its_words(text: str) -> None:
    _assert_blurb_properties(text)
    assert set(bundled_gazetteer().mentions(text)) <= set(bundled_gazetteer().entities)


@pytest.mark.parametrize("blurb", ["(born 1990) is a general.", '"Nick" is a diplomat.',
                                   ", officially a country."])
def test_a_blurb_without_a_subject_still_names_its_entity(blurb: str) -> None:
    assert entity_from_blurb(blurb).name


@settings(max_examples=150)
@given(st.lists(st.one_of(st.sampled_from([" is a ", ", officially ", " (born 1990) ", '"Nick" ', "The ",
                                           ", commonly known as ", " or ", "country", "-", "\n"]),
                          st.text(max_size=12)), max_size=12))
def test_blurb_shaped_noise_gives_an_entity_made_of_its_words(pieces: list[str]) -> None:
    _assert_blurb_properties("".join(pieces))


_BUNDLED_NAMES = sorted({name for entity in bundled_gazetteer().entities for name in entity.names})


@settings(max_examples=100)
@given(st.lists(st.sampled_from(_BUNDLED_NAMES), min_size=1, max_size=8),
       st.sampled_from([" met ", "; ", ". "]))
def test_every_name_written_is_a_mention_and_in_lower_case_none_is(names: list[str], separator: str) -> None:
    gazetteer = bundled_gazetteer()
    text = separator.join(names)
    owners = [next(e for e in gazetteer.entities if name in e.names) for name in names]
    assert gazetteer.mentions(text) == list(dict.fromkeys(owners))
    assert gazetteer.mentions(text.lower()) == []


@settings(max_examples=150)
@given(st.text())
def test_any_yaml_text_gives_named_entities_or_a_one_line_error(text: str) -> None:
    try:
        entities = load_gazetteer_yaml(text, "x.yaml")
    except ParseError as error:
        assert_one_line_error(error, "x.yaml")
        return
    assert all(entity.name and entity.name == entity.name.strip() for entity in entities)


_KINDS = [kind.value for kind in EntityKind]
_ENTITY_DATA = st.fixed_dictionaries(
    {"name": st.text(max_size=20)},
    optional={"aliases": st.lists(st.text(max_size=12), max_size=3),
              "kind": st.sampled_from([*_KINDS, "planet"]), "description": st.text(max_size=40)},
)


@settings(max_examples=150)
@given(st.lists(_ENTITY_DATA, max_size=5))
def test_a_written_gazetteer_reads_back_or_names_its_first_bad_entity(data: list[dict[str, Any]]) -> None:
    text = dump_yaml(data)
    bad = next((number for number, item in enumerate(data, start=1)
                if not item["name"].strip() or item.get("kind") == "planet"), None)
    if bad is not None:
        with pytest.raises(ParseError, match=rf"^x\.yaml: entity {bad} ") as error:
            load_gazetteer_yaml(text, "x.yaml")
        assert_one_line_error(error.value, "x.yaml")
        return
    entities = load_gazetteer_yaml(text, "x.yaml")
    assert [(e.name, e.aliases, e.kind.value, e.description) for e in entities] == [
        (item["name"].strip(), tuple(a.strip() for a in item.get("aliases", []) if a.strip()),
         item.get("kind", "unknown"), item.get("description", "").strip())
        for item in data
    ]


@pytest.mark.parametrize("name", ["0\\n", "0\\r", "Zed\\u2028"])
def test_an_error_quoting_a_name_with_a_line_break_is_still_one_line(name: str) -> None:
    with pytest.raises(ParseError, match=r"^x\.yaml: entity 1 ") as error:
        load_gazetteer_yaml(f'- name: "{name}"\n  kind: planet\n', "x.yaml")
    assert_one_line_error(error.value, "x.yaml")
