"""`briefing note` and `briefing dossier` end to end on a real library: the JSON scripts read, one line and
status 2 for a bad id, card, note or name, and notes surviving a re-ingest of an edited briefing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from briefings.ingest import sample_paths
from tests.unit.test_cli import run


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return tmp_path / "library"


KEPT = "Cranes at the north quay moved again on Monday"
DROPPED = "The union called the deal a surrender"
MOVING = "Shipping lines had diverted eleven vessels to Kellby"


def strike(kept: str = KEPT, dropped: str = DROPPED, moving_in_background: bool = False) -> str:
    background = f"\n\n## Background\n\nThe strike began in March. {MOVING}." if moving_in_background else ""
    moving = "" if moving_in_background else f" {MOVING}."
    return (f"---\ntitle: Harbour strike ends\ndate: 2025-04-02\n---\n\n## What happened\n\n{kept}, after "
            f"six weeks.{moving}\n\n## Analysis\n\n{dropped}, but most members voted for it.{background}\n")




def as_json(capsys: pytest.CaptureFixture[str], library: Path, *args: str) -> Any:
    code, out, err = run(capsys, library, *args, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def harbour(capsys: pytest.CaptureFixture[str], library: Path, tmp_path: Path) -> Path:
    path = tmp_path / "strike.md"
    path.write_text(strike(), encoding="utf-8")
    assert run(capsys, library, "ingest", str(path))[0] == 0
    return path


def test_a_note_on_a_passage_is_added_listed_and_removed_with_json(capsys, library, harbour) -> None:
    note = as_json(capsys, library, "note", "add", "harbour-strike:1", "Check the port's own figures",
                   "--quote", KEPT, "--tag", "ports", "-t", "labour", "--grade", "high")
    assert isinstance(note, dict)
    assert (note["card"], note["quote"], note["grade"]) == ("summary", KEPT, "high")
    assert note["tags"] == ["ports", "labour"]
    assert note["briefing"].startswith("harbour-strike-ends-") and note["card_heading"] == "What happened"
    assert note["orphaned"] is False and note["created"].endswith("Z")
    whole = as_json(capsys, library, "note", "add", "harbour-strike", "the whole story")
    assert isinstance(whole, dict) and whole["card"] == ""
    listed = as_json(capsys, library, "note", "list")
    assert [item["id"] for item in listed] == [note["id"], whole["id"]]
    tagged = as_json(capsys, library, "note", "list", "tag:LABOUR port")
    assert [item["id"] for item in tagged] == [note["id"]]
    out = run(capsys, library, "note", "list")[1]
    assert out.splitlines()[0].startswith(f"{note['id']}  ") and "[ports, labour]  (high)" in out
    assert as_json(capsys, library, "note", "remove", note["id"]) == {"removed": note["id"]}
    assert [item["id"] for item in as_json(capsys, library, "note", "list")] == [whole["id"]]


@pytest.mark.parametrize(("args", "message"), [
    (("note", "add", "nothing-like-it:1", "x"), "no briefing with id 'nothing-like-it'"),
    (("note", "add", "harbour-strike:9", "x"), "has no card '9' (cards 1 to 2"),
    (("note", "add", "harbour-strike:0", "x"), "has no card '0'"),
    (("note", "add", "harbour-strike:forecast", "x"), "has no card 'forecast'"),
    (("note", "add", "harbour-strike:1", "x", "--quote", "words the card never says"), "does not say"),
    (("note", "add", "harbour-strike", "x", "--quote", KEPT), "--quote needs a card"),
    (("note", "remove", "n-00000000"), "no note with id 'n-00000000'"),
    (("note", "remove", "../../etc/passwd"), "no note with id"),
    (("dossier", "show", "Nothing"), "no dossier named 'Nothing'"),
    (("dossier", "add", "Ports", "harbour-strike:1", "harbour-strike:7"), "has no card '7'"),
    (("dossier", "add", "Ports", "harbour-strike:1", "--note", "n-00000000"), "no note with id"),
    (("dossier", "export", "Nothing", "--format", "html"), "no dossier named 'Nothing'"),
])
def test_a_bad_id_card_note_or_name_is_one_line_and_status_2(capsys, library, harbour, args, message) -> None:
    code, out, err = run(capsys, library, *args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err
    assert run(capsys, library, "dossier", "list")[1] == ""  # a failed add made nothing


def test_a_dossier_is_built_ordered_and_exported_from_the_command_line(capsys, library, harbour,
                                                                      tmp_path) -> None:
    assert run(capsys, library, "ingest", *map(str, sample_paths()))[0] == 0
    note = as_json(capsys, library, "note", "add", "runoff-looms:papers", "The centre decides",
                   "--quote", "the centre will have to choose sides quickly")
    added = as_json(capsys, library, "dossier", "add", "Watch list", "runoff-looms:2", "india-eases-rice:1",
                    "harbour-strike:analysis", "--title", "What to watch")
    assert isinstance(added, dict) and added["title"] == "What to watch"
    assert [item["card"] for item in added["items"]] == ["papers", "summary", "analysis"]
    code, out, _ = run(capsys, library, "dossier", "add", "watch LIST", "runoff-looms:2")
    assert out.strip() == "dossier 'Watch list': 0 added, 1 already in it, 3 in all"
    assert as_json(capsys, library, "dossier", "list") == [{"name": "Watch list", "title": "What to watch",
                                                           "items": 3}]
    moved = as_json(capsys, library, "dossier", "move", "Watch list", "3", "1")
    assert [item["card"] for item in moved["items"]] == ["analysis", "papers", "summary"]
    shown = as_json(capsys, library, "dossier", "show", "Watch list")
    assert isinstance(shown, dict)
    assert [(row["number"], row["card_number"], row["card_title"]) for row in shown["items"]] == [
        (1, 2, "Analysis"), (2, 2, "What the papers say"), (3, 1, "What happened")]
    code, out, _ = run(capsys, library, "dossier", "show", "Watch list")
    assert out.splitlines() == ["Watch list: What to watch",
                                "1. Harbour strike ends › 2. Analysis",
                                "2. Runoff looms after close first round in Chile's presidential election › "
                                "2. What the papers say",
                                "3. India eases rice export curbs after a strong monsoon › 1. What happened"]
    code, markdown, _ = run(capsys, library, "dossier", "export", "Watch list", "--format", "md")
    assert markdown.startswith("# What to watch\n") and note["id"] in markdown
    assert markdown.index(DROPPED) < markdown.index("El Mercurio") < markdown.index("India has lifted")
    page = tmp_path / "out" / "watch.html"
    page.parent.mkdir()
    code, _, err = run(capsys, library, "dossier", "export", "Watch list", "--format", "html",
                       "-o", str(page))
    assert code == 0 and err.strip() == f"wrote {page}"
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "The centre decides" in html
    assert as_json(capsys, library, "dossier", "remove", "Watch list", "1")["items"][0]["card"] == "papers"
    assert run(capsys, library, "dossier", "remove", "Watch list", "5")[0] == 2
    assert as_json(capsys, library, "dossier", "delete", "watch list") == {"deleted": "Watch list"}
    assert as_json(capsys, library, "dossier", "list") == []


def test_reingesting_an_edited_briefing_keeps_moves_or_orphans_every_note(capsys, library, harbour) -> None:
    ids = {}
    for name, target, quote in (("kept", "harbour-strike:1", KEPT), ("dropped", "harbour-strike:2", DROPPED),
                                ("moving", "harbour-strike:1", MOVING), ("card", "harbour-strike:2", "")):
        extra = ("--quote", quote) if quote else ()
        ids[name] = as_json(capsys, library, "note", "add", target, f"note {name}", *extra)["id"]
    edited = strike(dropped="The union accepted the deal", moving_in_background=True)
    harbour.write_text(edited, encoding="utf-8")
    code, out, _ = run(capsys, library, "ingest", str(harbour))
    assert code == 0 and out.startswith("updated")
    notes = {note["id"]: note for note in as_json(capsys, library, "note", "list")}
    assert len(notes) == 4  # none lost
    assert (notes[ids["kept"]]["card"], notes[ids["kept"]]["orphaned"]) == ("summary", False)
    assert (notes[ids["dropped"]]["card"], notes[ids["dropped"]]["orphaned"]) == ("analysis", True)
    assert (notes[ids["moving"]]["card"], notes[ids["moving"]]["orphaned"]) == ("background", False)
    assert notes[ids["moving"]]["card_heading"] == "Background"
    assert notes[ids["card"]]["orphaned"] is False
    code, out, _ = run(capsys, library, "note", "list")
    assert "ORPHANED" in next(line for line in out.splitlines() if line.startswith(ids["dropped"]))
    harbour.write_text(strike(), encoding="utf-8")  # the passage comes back: the note is adopted again
    assert run(capsys, library, "ingest", str(harbour))[0] == 0
    assert all(note["orphaned"] is False for note in as_json(capsys, library, "note", "list"))


def test_a_damaged_note_file_is_one_line_and_the_others_list(capsys, library, harbour) -> None:
    note = as_json(capsys, library, "note", "add", "harbour-strike:1", "fine")
    (library / "notes" / "n-broken.yaml").write_bytes(b"briefing: [unclosed\n")
    code, out, err = run(capsys, library, "note", "list", "--json")
    assert code == 0 and [item["id"] for item in json.loads(out)] == [note["id"]]
    assert err.count("\n") == 1 and err.startswith("notes/n-broken.yaml: ")


def test_empty_lists_say_how_to_begin(capsys, library, harbour) -> None:
    assert "briefing note add ID[:CARD] TEXT" in run(capsys, library, "note", "list")[2]
    assert "briefing dossier add NAME ID[:CARD]" in run(capsys, library, "dossier", "list")[2]
    assert as_json(capsys, library, "note", "list") == []


def test_a_split_card_s_note_follows_its_passage_into_the_whole_article(capsys, library, seeds_dir) -> None:
    assert run(capsys, library, "ingest", str(seeds_dir / "000_8fa4dafbef7b3d9f.txt"))[0] == 0
    (entry,) = as_json(capsys, library, "list")
    shown = as_json(capsys, library, "show", entry["id"])
    summary = next(card for card in shown["cards"] if card["derived"] and card["kind"] == "summary")
    passage = " ".join(summary["text"].split()[:8])
    note = as_json(capsys, library, "note", "add", f"{entry['id']}:summary", "the lead", "--quote", passage)
    assert run(capsys, library, "resplit", "--whole")[0] == 0
    (moved,) = as_json(capsys, library, "note", "list")
    assert moved["id"] == note["id"] and (moved["card"], moved["orphaned"]) == ("body", False)
    assert run(capsys, library, "resplit")[0] == 0
    (back,) = as_json(capsys, library, "note", "list")
    assert (back["card"], back["orphaned"]) == ("body", False)  # still there: a note moves only when it must
