"""Kagi News (Kite), every generation: category files, old `stories` files, single clusters, public
mirrors' lists, saved story pages; citations, odd fields, bad clusters.

The fixtures (here and in tests/data/kagi/) are our own invented news in the shapes of kite-public's
`src/lib/types.ts` and of the Kagi files and pages public projects keep.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import pytest

from briefings.date_inference import with_inferred_date
from briefings.errors import ParseError
from briefings.formats import SkippedItem, detect, parse_all, parse_text
from briefings.formats.kagi_sections import COMMON_KNOWLEDGE
from briefings.ingest import IngestStatus, ingest_paths
from briefings.library import Library
from briefings.model import Briefing, CardKind

ARTICLES = [
    {
        "title": "Ferry line resumes winter crossings",
        "link": "https://harbour.example/ferry",
        "domain": "harbour.example",
        "date": "2025-11-03T08:00:00Z",
    },
    {
        "title": "Port authority sets new timetable",
        "link": "https://coastnews.example/a",
        "domain": "coastnews.example",
        "date": "2025-11-04T09:30:00+00:00",
    },
    {
        "title": "Unions welcome restart",
        "link": "https://harbour.example/unions",
        "domain": "harbour.example",
        "date": "2025-11-05",
    },
]

FULL_CLUSTER: dict[str, Any] = {
    "cluster_number": 1,
    "unique_domains": 2,
    "category": "World",
    "title": "Island ferry service returns after storm repairs",
    "short_summary": "The island ferry sailed again on Monday [harbour.example#1], with a new timetable "
    "[coastnews.example#1] that unions backed [harbour.example#2].",
    "talking_points": [
        "Crossings: four a day until March [coastnews.example#1].",
        "Repairs: the pier was rebuilt in six weeks [common].",
    ],
    "quote": "We are glad to carry people home again.",
    "quote_author": "Mara Lind",
    "quote_attribution": "ferry captain",
    "quote_source_domain": "harbour.example",
    "perspectives": [
        {
            "text": "Port authority: the timetable balances cost and demand [coastnews.example#1].",
            "sources": [{"name": "Coast News", "url": "https://coastnews.example/a"}],
        },
        {"text": "Residents: the winter gap was too long.", "sources": []},
    ],
    "historical_background": "The ferry has linked the island to the mainland since 1952 [common].",
    "humanitarian_impact": "Patients could not reach the mainland clinic for six weeks.",
    "economic_implications": "Shops on the island lost most of their autumn trade.",
    "international_reactions": ["The neighbouring island council sent engineers."],
    "key_players": ["Mara Lind (ferry captain)", "Harbour Port Authority"],
    "technical_details": ["The new pier stands on 40 steel piles."],
    "timeline": [
        {"date": "October 2, 2025", "content": "A storm damages the pier [harbour.example#1]."},
        {"date": "November 3, 2025", "content": "Crossings resume."},
    ],
    "future_outlook": "A second pier may follow in 2027 if funding is found.",
    "suggested_qna": [
        {"question": "How often does the ferry sail?", "answer": "Four times a day [coastnews.example#1]."}
    ],
    "did_you_know": "The ferry is the oldest of its kind still in service.",
    "emoji": "⛴️",
    "primary_image": {"url": "https://img.example/p.jpg", "caption": "The pier"},
    "weather_note": "Gales are forecast for next week.",
    "local_voices": [{"name": "Ola", "said": "Finally."}],
    "articles": ARTICLES,
    "domains": [{"name": "harbour.example"}],
}
MINIMAL_CLUSTER = {
    "title": "Library opens late on Fridays",
    "short_summary": "The town library now opens until 9 pm.",
    "talking_points": None,
    "quote": "",
    "timeline": [],
    "articles": [],
}
BROKEN_CLUSTER = {"short_summary": "A cluster without its title.", "articles": []}


def category_file(tmp_path: Path, key: str = "clusters") -> Path:
    data = {
        "category": "World",
        "timestamp": 1762156800,
        "read": 3,
        key: [FULL_CLUSTER, BROKEN_CLUSTER, MINIMAL_CLUSTER],
    }
    path = tmp_path / "world.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def briefings_of(path: Path) -> list[Briefing | ParseError]:
    return list(parse_all(path.read_text(encoding="utf-8"), path.name))


def test_detected_by_content_not_name(tmp_path: Path) -> None:
    text = category_file(tmp_path).read_text()
    assert detect(text, "world.json").name == "kagi"
    assert detect(text, "download.txt").name == "kagi"
    assert detect('{"title": "not kagi"}', "x.txt").name != "kagi"


@pytest.mark.parametrize("key", ["clusters", "stories"])
def test_category_file_gives_one_briefing_per_cluster_and_an_error_for_the_broken_one(tmp_path, key) -> None:
    full, broken, minimal = briefings_of(category_file(tmp_path, key))
    assert isinstance(full, Briefing) and isinstance(minimal, Briefing)
    assert isinstance(broken, ParseError)
    assert "world.json: cluster 2" in str(broken) and "no title" in str(broken)
    assert full.title == FULL_CLUSTER["title"]
    assert full.topics == ("World",)
    assert str(full.date) == "2025-11-03"  # the category's timestamp
    assert [card.kind for card in minimal.cards] == [CardKind.SUMMARY]


def test_sections_become_cards_in_kite_order_and_unknown_fields_are_kept(tmp_path: Path) -> None:
    full = briefings_of(category_file(tmp_path))[0]
    assert isinstance(full, Briefing)
    kinds = [card.kind for card in full.cards]
    assert kinds == [
        CardKind.SUMMARY,
        CardKind.TAKEAWAYS,
        CardKind.QUOTE,
        CardKind.PERSPECTIVES,
        CardKind.BACKGROUND,
        CardKind.HUMANITARIAN,
        CardKind.ECONOMIC,
        CardKind.REACTIONS,
        CardKind.KEY_PLAYERS,
        CardKind.TECHNICAL,
        CardKind.TIMELINE,
        CardKind.FORECAST,
        CardKind.QA,
        CardKind.DID_YOU_KNOW,
        CardKind.OTHER,
        CardKind.OTHER,
    ]
    by_kind = {card.kind: card for card in full.cards}
    assert by_kind[CardKind.TAKEAWAYS].heading == "Highlights"
    quote = by_kind[CardKind.QUOTE].quote
    assert quote is not None and (quote.author, quote.source) == ("Mara Lind", "ferry captain")
    timeline = by_kind[CardKind.TIMELINE].events
    assert [(e.date_text, str(e.date)) for e in timeline] == [
        ("October 2, 2025", "2025-10-02"),
        ("November 3, 2025", "2025-11-03"),
    ]
    assert by_kind[CardKind.QA].qa[0].question == "How often does the ferry sail?"
    assert "(sources: Coast News)" in by_kind[CardKind.PERSPECTIVES].text
    others = [card for card in full.cards if card.kind is CardKind.OTHER]
    assert [card.heading for card in others] == ["Weather note", "Local voices"]
    assert "Gales are forecast" in others[0].text and "Ola" in others[1].text
    assert "img.example" not in full.plain_text()  # images point at the network


def test_articles_are_references_and_markers_are_rewritten_to_their_numbers(tmp_path: Path) -> None:
    full = briefings_of(category_file(tmp_path))[0]
    assert isinstance(full, Briefing)
    assert [(r.number, r.outlet, str(r.date)) for r in full.references[:3]] == [
        (1, "harbour.example", "2025-11-03"),
        (2, "coastnews.example", "2025-11-04"),
        (3, "harbour.example", "2025-11-05"),
    ]
    assert full.references[3].number == 4 and full.references[3].title == COMMON_KNOWLEDGE
    summary = full.cards[0]
    # harbour.example#2 is the third article: the second from that domain
    assert summary.text == (
        "The island ferry sailed again on Monday [1], with a new timetable [2] that unions backed [3]."
    )
    assert summary.citations == (1, 2, 3)
    assert full.cards[1].citations == (2, 4)
    assert "#" not in full.plain_text() and "[common]" not in full.plain_text()
    assert not full.notes


def test_a_marker_naming_no_article_is_dropped_with_a_note() -> None:
    cluster = {
        "title": "Bridge closes",
        "short_summary": "The bridge shut [nowhere.example#1] at noon [a.example#3].",
        "articles": [{"title": "A", "link": "https://a.example/1", "domain": "a.example", "date": ""}],
    }
    briefing = parse_text(json.dumps(cluster), "bridge.json")
    assert briefing.cards[0].text == "The bridge shut at noon."
    assert briefing.notes and "2 citation marker(s)" in briefing.notes[0]


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"short_summary": "x", "clusters": 5', "not valid JSON"),
        ('[{"title": {}, "short_summary": "x"}]', "no title"),
        ('{"clusters": [{"title": "T", "talking_points": []}]}', "no text in any section"),
        ('{"clusters": [7]}', "is a number, not a JSON object"),
        ("[" * 100_000 + '"short_summary"', "nested too deeply"),
    ],
)
def test_malformed_files_give_one_line_errors(text: str, message: str) -> None:
    (item,) = parse_all(text, "bad.json")
    assert isinstance(item, ParseError) and message in str(item)


def test_ingest_reports_each_cluster_with_its_title(tmp_path: Path) -> None:
    path = category_file(tmp_path)
    with Library(tmp_path / "library") as library:
        outcomes = list(ingest_paths(library, [path]))
        assert [o.status for o in outcomes] == [IngestStatus.ADDED, IngestStatus.ERROR, IngestStatus.ADDED]
        assert outcomes[0].title == FULL_CLUSTER["title"] and outcomes[0].path == path
        assert len(library) == 2
        assert {o.status for o in ingest_paths(library, [path]) if o.briefing_id} == {IngestStatus.UNCHANGED}


DATA = Path(__file__).parents[1] / "data" / "kagi"


def read_all(name: str, as_name: str = "") -> list[Briefing | ParseError]:
    return list(parse_all((DATA / name).read_text(encoding="utf-8"), as_name or name))


def only_briefings(items: list[Briefing | ParseError]) -> list[Briefing]:
    errors = [str(item) for item in items if isinstance(item, ParseError)]
    assert not errors, errors
    return [item for item in items if isinstance(item, Briefing)]


def headings(briefing: Briefing) -> list[tuple[CardKind, str]]:
    return [(card.kind, card.heading) for card in briefing.cards]


@pytest.mark.parametrize(
    "name, titles",
    [
        ("current_category.json",
         ["Valdmark opens the Sorrel Strait rail tunnel", "Lake Osmer dries to a record low"]),
        ("older_category.json", ["Harbour City reach the cup final after extra time"]),
        ("legacy_stories.json", ["Corner shops band together to buy wholesale"]),
        ("on_this_day.json", ["On this day, 1 December"]),
        ("single_cluster.json", ["Open-source map project reaches ten million edits"]),
        ("mirror_feed.json",
         ["Coastal towns vote to share one fire service", "Night trains return between two capitals"]),
    ],
)
def test_every_generation_gives_one_briefing_per_cluster(name: str, titles: list[str]) -> None:
    briefings = only_briefings(read_all(name))
    assert [b.title for b in briefings] == titles
    assert all(b.cards and b.source.format == "kagi" for b in briefings)
    assert all(with_inferred_date(b).date is not None for b in briefings)  # stated, else from its articles


def test_the_current_schema_reaches_a_card_for_every_section() -> None:
    tunnel = only_briefings(read_all("current_category.json"))[0]
    assert headings(tunnel) == [
        (CardKind.SUMMARY, "What happened"), (CardKind.TAKEAWAYS, "Highlights"), (CardKind.QUOTE, "Quote"),
        (CardKind.PERSPECTIVES, "Perspectives"), (CardKind.BACKGROUND, "Background"),
        (CardKind.ANALYSIS, "Geopolitical context"), (CardKind.ECONOMIC, "Economic implications"),
        (CardKind.ECONOMIC, "Business angle"), (CardKind.REACTIONS, "International reactions"),
        (CardKind.KEY_PLAYERS, "Key players"), (CardKind.TECHNICAL, "Technical details"),
        (CardKind.OTHER, "Location"), (CardKind.TIMELINE, "Timeline"), (CardKind.FORECAST, "Forecast"),
        (CardKind.OTHER, "Action items"), (CardKind.QA, "Common questions"),
        (CardKind.DID_YOU_KNOW, "Did you know"), (CardKind.OTHER, "Regional outlook"),
    ]
    assert "Commuters can buy season tickets" in tunnel.cards[14].text  # a {text} item, the newer shape
    assert tunnel.topics == ("World", "Infrastructure") and not tunnel.notes


def test_perspectives_are_attributed_to_the_outlets_they_cite() -> None:
    tunnel = only_briefings(read_all("current_category.json"))[0]
    card = next(c for c in tunnel.cards if c.kind is CardKind.PERSPECTIVES)
    assert [(s.outlets, s.text) for s in card.outlets] == [
        (("Vald Post",), "Government: the tunnel will pay for itself within 30 years [1]."),
        (("North Wire", "The Ledger"), "Ferry unions: 300 jobs are at risk [2]."),
    ]


def test_an_older_file_lands_whole_its_empty_text_lists_named_in_one_note() -> None:
    (final,) = only_briefings(read_all("older_category.json"))
    kinds = [kind for kind, _ in headings(final)]
    assert kinds == [CardKind.SUMMARY, CardKind.TAKEAWAYS, CardKind.QUOTE, CardKind.PERSPECTIVES,
                     CardKind.BACKGROUND, CardKind.IMPACT, CardKind.OTHER, CardKind.OTHER, CardKind.OTHER,
                     CardKind.TIMELINE, CardKind.DID_YOU_KNOW]
    (note,) = final.notes
    for field_name in ("technical_specifications", "technical_details", "international_reactions",
                       "user_action_items"):
        assert f"'{field_name}' (empty text where a list was expected)" in note
    assert final.references[1].url == "https://eastnews.example/heartbreak"  # padded link trimmed


def test_older_timeline_strings_become_dated_entries() -> None:
    (final,) = only_briefings(read_all("older_category.json"))
    (timeline,) = [c for c in final.cards if c.kind is CardKind.TIMELINE]
    assert [(e.date_text, str(e.date), e.text) for e in timeline.events] == [
        ("First leg", "None", "The sides drew 1-1 in Eastmoor"),
        ("May 6, 2025", "2025-05-06", "Harbour City win the second leg 3-2"),
        ("88th minute", "None", "Harbour City equalise"),
    ]
    assert "::" not in timeline.text


def test_a_mirror_list_reads_summary_published_and_further_sources() -> None:
    text = (DATA / "mirror_feed.json").read_text(encoding="utf-8")
    assert detect(text, "feed.txt").name == "kagi"
    fire, trains = only_briefings(read_all("mirror_feed.json"))
    assert fire.cards[0].text.startswith("Three coastal towns voted to merge their fire brigades [1].")
    assert (str(fire.date), str(trains.date)) == ("2025-12-04", "2025-12-03")  # unix `published`
    assert fire.topics == ("Local", "Public Services", "World")
    assert [(r.number, r.outlet, r.author) for r in fire.references] == [
        (1, "coastal.example", "Rune Voss"), (2, "gazette.example", ""), (3, "radio.example", "")]
    assert "isPaywalled" not in fire.plain_text() and "heading_level" not in fire.plain_text()


def test_each_field_of_an_unexpected_type_degrades_alone_and_is_named() -> None:
    bridge, number_summary = only_briefings(read_all("odd_types.json"))
    by_heading = {card.heading: card for card in bridge.cards}
    assert by_heading["Highlights"].text == "- Only one lane is open for now."
    assert by_heading["Technical details"].text == "- 42"
    assert by_heading["Background"].text == "- Built in 1934.\n- Widened in 1972."
    assert by_heading["Quote"].quote is not None and by_heading["Quote"].quote.text == "7"
    assert by_heading["Perspectives"].outlets[0].text == "Drivers: relieved after a month of detours."
    assert by_heading["Common questions"].qa[0].question == "Is the bridge tolled?"
    assert "1,200 rivets" in by_heading["Did you know"].text
    events = by_heading["Timeline"].events
    assert [(e.date_text, str(e.date)) for e in events] == [("2025-11-28", "2025-11-28")]
    assert [r.url for r in bridge.references] == ["https://bridge.example/reopen", ""]
    (note,) = bridge.notes
    for field_name in ("talking_points", "technical_details", "historical_background", "quote",
                       "perspectives", "suggested_qna", "did_you_know", "timeline", "articles",
                       "technical_specifications"):
        assert f"'{field_name}' (" in note
    assert number_summary.cards[0].text == "3.5" and "'short_summary' (a number" in number_summary.notes[0]


def test_the_legacy_stories_file_reads_its_older_field_names() -> None:
    (shops,) = only_briefings(read_all("legacy_stories.json"))
    assert headings(shops) == [(CardKind.SUMMARY, "What happened"), (CardKind.TAKEAWAYS, "Highlights"),
                               (CardKind.ECONOMIC, "Business angle"), (CardKind.TIMELINE, "Timeline")]
    assert shops.topics == ("Business", "Retail") and str(shops.date) == "2025-03-03"


def test_on_this_day_is_one_timeline_oldest_first() -> None:
    (day,) = only_briefings(read_all("on_this_day.json"))
    (card,) = day.cards
    assert card.kind is CardKind.TIMELINE and day.topics == ("On This Day",)
    assert [e.date_text for e in card.events] == ["44 BC", "1902", "1911"]


def test_a_file_with_no_stories_is_skipped_with_the_reason() -> None:
    (item,) = parse_all('{"category": "World", "timestamp": 1764590400, "clusters": []}', "empty.json")
    assert isinstance(item, SkippedItem) and "empty.json: the Kagi file holds no stories" in str(item)


def test_a_second_name_for_a_section_is_kept_as_its_own_card() -> None:
    cluster = {"title": "Two summaries", "short_summary": "The current one.", "summary": "The mirror's one."}
    briefing = parse_text(json.dumps(cluster), "two.json")
    assert [(c.kind, c.heading, c.text) for c in briefing.cards] == [
        (CardKind.SUMMARY, "What happened", "The current one."),
        (CardKind.OTHER, "Summary", "The mirror's one."),
    ]
    cluster = {"title": "An empty current name", "short_summary": "", "summary": "The mirror's one."}
    briefing = parse_text(json.dumps(cluster), "empty-current.json")
    assert [(c.kind, c.text) for c in briefing.cards] == [(CardKind.SUMMARY, "The mirror's one.")]


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"name": "reader settings", "theme": "dark"}', "not a Kagi News file: an object with name, theme"),
        ("[1, 2, 3]", "not a Kagi News file: a list of 3 item(s): a number"),
        ('{"timestamp": 1, "categories": [{"name": "World", "file": "world.json"}]}', "Kagi News index"),
    ],
)
def test_json_that_is_not_kagi_news_is_refused_in_one_line(text: str, message: str) -> None:
    (item,) = parse_all(text, "other.json")
    assert isinstance(item, ParseError) and message in str(item) and str(item).startswith("other.json: ")


def test_the_not_kagi_fixture_is_an_error_never_a_single_article(tmp_path: Path) -> None:
    with Library(tmp_path / "library") as library:
        (outcome,) = list(ingest_paths(library, [DATA / "not_kagi.json"]))
    assert outcome.status is IngestStatus.ERROR
    assert "not a Kagi News file" in outcome.message and "single article" not in outcome.message


def test_a_story_page_embedding_its_json_gives_the_clusters_cards() -> None:
    (page,) = only_briefings(read_all("story_page_with_json.html"))
    assert page.title == "Glassworks town wins heritage status"
    assert [kind for kind, _ in headings(page)] == [
        CardKind.SUMMARY, CardKind.TAKEAWAYS, CardKind.PERSPECTIVES, CardKind.BACKGROUND, CardKind.TIMELINE,
        CardKind.QA]
    assert page.cards[-1].qa[0].answer == "The national heritage fund & the county."  # only in the JSON
    assert [(r.number, r.title, r.author) for r in page.references] == [
        (1, "Brennvik joins heritage list", ""), (2, "Repair grants for old workshops", "Ada Brekke")]
    assert page.topics == ("Culture", "Heritage") and str(page.date) == "2025-11-18"
    assert page.source.format == "web-page"


def test_a_rendered_story_page_gives_a_card_per_section_and_its_footnotes_as_references() -> None:
    (page,) = only_briefings(read_all("story_page_rendered.html"))
    assert page.title == "Ferry fares frozen for islanders" and page.topics == ("Local",)
    assert headings(page) == [
        (CardKind.SUMMARY, "What happened"), (CardKind.TAKEAWAYS, "Highlights"), (CardKind.QUOTE, "Quote"),
        (CardKind.PERSPECTIVES, "Perspectives"), (CardKind.BACKGROUND, "Background"),
        (CardKind.ECONOMIC, "Business angle"), (CardKind.TIMELINE, "Timeline"),
        (CardKind.QA, "Common questions"), (CardKind.DID_YOU_KNOW, "Did you know"),
        (CardKind.OTHER, "Local voices"),
    ]
    by_kind = {card.kind: card for card in page.cards}
    assert by_kind[CardKind.SUMMARY].citations == (2, 5, 7)
    assert [(r.number, r.url) for r in page.references if r.url] == [
        (2, "https://islandnews.example/fares"), (5, "https://council.example/decision"),
        (7, "https://islandnews.example/visitors"), (9, "https://radio.example/ferry")]
    common = page.reference(8)
    assert common is not None and common.title == COMMON_KNOWLEDGE
    assert by_kind[CardKind.ECONOMIC].citations == (8,)
    assert [s.outlets for s in by_kind[CardKind.PERSPECTIVES].outlets] == [
        ("Council Bulletin", "Island News"), ("Island News",)]
    quote = by_kind[CardKind.QUOTE].quote
    assert quote is not None and quote.author == "Mette Holm, council leader"
    assert [(q.question, q.answer) for q in by_kind[CardKind.QA].qa] == [
        ("Who counts as a resident?", "Anyone registered on the islands for six months."),
        ("When do visitor fares rise?", "On January 1.")]
    assert [(e.date_text, str(e.date)) for e in by_kind[CardKind.TIMELINE].events] == [
        ("March 2019", "None"), ("November 20, 2025", "2025-11-20")]
    assert quote.text == "Islanders should not pay more to get to work."
    for boilerplate in ("Home", "Back to Feed", "Sources:", "Additional Sources"):
        assert boilerplate not in page.plain_text()


def test_a_saved_story_page_ingests_as_its_sections_not_one_article(tmp_path: Path) -> None:
    with Library(tmp_path / "library") as library:
        (outcome,) = list(ingest_paths(library, [DATA / "story_page_rendered.html"]))
    assert outcome.status is IngestStatus.ADDED and not outcome.message
    assert outcome.briefing is not None and CardKind.BODY not in {c.kind for c in outcome.briefing.cards}


def test_a_saved_page_embedding_a_whole_category_gives_every_story() -> None:
    clusters = [{"title": "Library extends hours", "short_summary": "It now opens until nine."},
                {"title": "Pool reopens", "short_summary": "The town pool reopened after repairs."}]
    page = ("<!DOCTYPE html><html><body><h1>Local</h1><details><summary>JSON</summary><pre><code>"
            f"{html.escape(json.dumps({'category': 'Local', 'clusters': clusters}))}</code></pre></details>"
            "</body></html>")
    items = list(parse_all(page, "local.html"))
    assert [item.title for item in only_briefings(items)] == ["Library extends hours", "Pool reopens"]
    assert {item.source.format for item in only_briefings(items)} == {"web-page"}
