"""Notes on cards: one readable YAML file each, never lost to a concurrent writer or a re-ingest, and read
back as hostile input (a bad file is one line naming it; an odd field costs that field only)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from briefings.model import Briefing, Card, CardKind
from briefings.notes import (
    MAX_NOTE_BYTES,
    NOTES_DIR,
    Anchor,
    NoteBook,
    NoteError,
    contains,
    find_anchor,
    matching,
)

ROOT = Path(__file__).resolve().parents[2]
PASSAGE = "the pilots' union rejected the offer late on Tuesday"


def ferry(*cards: Card) -> Briefing:
    return Briefing(id="ferry-strike-1a2b3c4d", title="Ferry pilots strike at the northern ports",
                    cards=cards or (
        Card(CardKind.SUMMARY, "What happened", f"Ferries stayed in port after {PASSAGE}."),
        Card(CardKind.ANALYSIS, "Analysis", "The strike costs the islands their only link."),
    ))


def test_a_note_is_one_readable_yaml_file_named_by_its_id(tmp_path: Path) -> None:
    book = NoteBook(tmp_path)
    note = book.add(Anchor("ferry-strike-1a2b3c4d", "summary", PASSAGE), "Check the union's own statement",
                    tags=["labour", " Labour ", "ports"], grade="B2", briefing_title="Ferry pilots strike",
                    card_heading="What happened")
    path = tmp_path / NOTES_DIR / f"{note.id}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert note.id.startswith("n-") and len(note.id) == 10
    assert (data["briefing"], data["card"], data["quote"]) == ("ferry-strike-1a2b3c4d", "summary", PASSAGE)
    assert data["tags"] == ["labour", "ports"] and data["grade"] == "B2"
    assert note.created.endswith("Z") and data["created"] == note.created
    assert book.notes() == ([note], [])


def test_notes_are_listed_oldest_first_and_by_briefing(tmp_path: Path) -> None:
    book = NoteBook(tmp_path)
    first = book.add(Anchor("a", "summary"), "one")
    second = book.add(Anchor("b", "summary"), "two")
    path = tmp_path / NOTES_DIR / f"{first.id}.yaml"
    path.write_text(path.read_text().replace(first.created, "2020-01-01T00:00:00Z"))
    assert [note.text for note in book.notes()[0]] == ["one", "two"]
    assert [note.id for note in book.for_briefing("b")] == [second.id]


def test_remove_takes_one_note_and_refuses_what_is_not_a_note_id(tmp_path: Path) -> None:
    book = NoteBook(tmp_path)
    kept, gone = book.add(Anchor("a", "summary"), "kept"), book.add(Anchor("a", "summary"), "gone")
    (tmp_path / "outside.yaml").write_text("id: not a note\n")
    assert book.remove(gone.id) is True
    assert book.remove(gone.id) is False
    assert book.remove("../outside") is False and (tmp_path / "outside.yaml").exists()
    assert [note.id for note in book.notes()[0]] == [kept.id]


def test_a_note_too_long_to_read_back_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NoteError, match="too long"):
        NoteBook(tmp_path).add(Anchor("a", "summary"), "x" * (MAX_NOTE_BYTES // 5))
    with pytest.raises(NoteError, match="needs a briefing"):
        NoteBook(tmp_path).add(Anchor("", "summary"), "orphan from birth")


ADDER = """
import sys
from pathlib import Path
from briefings.notes import Anchor, NoteBook
book = NoteBook(Path(sys.argv[1]))
for number in range(int(sys.argv[3])):
    book.add(Anchor("ferry-strike-1a2b3c4d", "summary"), f"{sys.argv[2]} {number}")
"""


def test_two_processes_adding_notes_at_once_lose_none(tmp_path: Path) -> None:
    writers = [subprocess.Popen([sys.executable, "-c", ADDER, str(tmp_path), name, "40"], cwd=ROOT)
               for name in ("alice", "bob")]
    assert [writer.wait(timeout=120) for writer in writers] == [0, 0]
    notes, warnings = NoteBook(tmp_path).notes()
    assert warnings == []
    assert sorted(note.text for note in notes) == sorted(f"{name} {n}" for name in ("alice", "bob")
                                                         for n in range(40))


@given(text=st.text(max_size=300), tags=st.lists(st.text(max_size=20), max_size=4),
       quote=st.text(max_size=80))
def test_any_text_reads_back_as_it_was_written(tmp_path_factory: pytest.TempPathFactory, text: str,
                                               tags: list[str], quote: str) -> None:
    book = NoteBook(tmp_path_factory.mktemp("lib"))
    note = book.add(Anchor("a", "summary", quote), text, tags=tags, grade=text[:5])
    assert book.notes() == ([note], [])


# Hostile files ------------------------------------------------------------------------------------------

HOSTILE = {
    "binary": b"\x00\x01\x02\x03 briefing: a\n",
    "utf16": "briefing: a\ncard: summary\n".encode("utf-16"),
    "empty": b"",
    "truncated": b"briefing: a\ncard: summary\ntext: \"an unfinished quo",
    "malformed": b"briefing: [a, b\ncard: {\n",
    "not-a-mapping": b"- just\n- a list\n",
    "no-briefing": b"card: summary\ntext: whose?\n",
    "python-tag": b"briefing: !!python/object/apply:os.system ['true']\n",
    "huge": b"briefing: a\ntext: " + b"x" * (MAX_NOTE_BYTES + 10) + b"\n",
    "alias-bomb": b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                  b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                  b"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                  b"briefing: a\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_note_file_is_one_line_naming_it_and_the_others_still_load(tmp_path: Path,
                                                                            name: str) -> None:
    book = NoteBook(tmp_path)
    good = book.add(Anchor("a", "summary"), "still here")
    (tmp_path / NOTES_DIR / f"n-{name}.yaml").write_bytes(HOSTILE[name])
    notes, warnings = book.notes()
    assert notes == [good]
    assert len(warnings) == 1 and warnings[0].startswith(f"notes/n-{name}.yaml: ")
    assert "\n" not in warnings[0] and "Traceback" not in warnings[0]


def test_cp1252_text_reads_as_text(tmp_path: Path) -> None:
    (tmp_path / NOTES_DIR).mkdir()
    legacy = "briefing: a\ntext: caf\xe9 cr\xe8me\n".encode("cp1252")
    (tmp_path / NOTES_DIR / "n-legacy.yaml").write_bytes(legacy)
    notes, warnings = NoteBook(tmp_path).notes()
    assert [note.text for note in notes] == ["café crème"] and warnings == []


def test_an_odd_field_costs_that_field_only(tmp_path: Path) -> None:
    (tmp_path / NOTES_DIR).mkdir()
    (tmp_path / NOTES_DIR / "n-odd.yaml").write_text(
        "briefing: a\ncard: summary\ntext: {nested: mapping}\ntags: [ports, [deeper]]\ngrade: 3\n"
        "orphaned: maybe\ncreated: 2026-01-02\nquote: the passage\n", encoding="utf-8")
    notes, warnings = NoteBook(tmp_path).notes()
    assert len(notes) == 1
    note = notes[0]
    assert (note.text, note.tags, note.grade, note.orphaned) == ("", (), "3", False)
    assert (note.anchor.quote, note.created) == ("the passage", "2026-01-02")
    assert sorted(warnings) == ["notes/n-odd.yaml: field 'orphaned' is not true or false; left out",
                                "notes/n-odd.yaml: field 'tags' is not a list of words; left out",
                                "notes/n-odd.yaml: field 'text' is not text; left out"]


def test_get_names_the_problem_with_an_unreadable_note(tmp_path: Path) -> None:
    book = NoteBook(tmp_path)
    (tmp_path / NOTES_DIR).mkdir()
    (tmp_path / NOTES_DIR / "n-bad.yaml").write_bytes(b"\x00\x00")
    with pytest.raises(NoteError, match=r"^notes/n-bad.yaml: binary file"):
        book.get("n-bad")
    with pytest.raises(NoteError, match="no note with id"):
        book.get("../n-bad")


# Re-anchoring -------------------------------------------------------------------------------------------


def test_a_quote_still_in_its_card_keeps_its_note_even_rewrapped(tmp_path: Path) -> None:
    book = NoteBook(tmp_path)
    book.add(Anchor("ferry-strike-1a2b3c4d", "summary", PASSAGE), "noted", card_heading="What happened",
             briefing_title=ferry().title)
    rewrapped = ferry(Card(CardKind.SUMMARY, "What happened",
                           "New first line.\n\nFerries stayed in port after the pilots' union\nrejected the "
                           "offer  late on Tuesday."))
    assert book.reanchor(rewrapped) == []
    assert book.notes()[0][0].orphaned is False


def test_a_quote_that_moved_to_another_card_follows_it(tmp_path: Path) -> None:
    book = NoteBook(tmp_path)
    note = book.add(Anchor("ferry-strike-1a2b3c4d", "summary", PASSAGE), "noted")
    moved = ferry(Card(CardKind.SUMMARY, "What happened", "Ferries stayed in port."),
                  Card(CardKind.BACKGROUND, "How we got here", f"Talks broke down when {PASSAGE}."))
    changed = book.reanchor(moved)
    assert [n.id for n in changed] == [note.id]
    saved = book.get(note.id)
    assert (saved.anchor.card_id, saved.card_heading) == ("background", "How we got here")
    assert saved.orphaned is False


def test_a_quote_that_is_gone_orphans_its_note_and_its_return_adopts_it_again(tmp_path: Path) -> None:
    book = NoteBook(tmp_path)
    note = book.add(Anchor("ferry-strike-1a2b3c4d", "summary", PASSAGE), "noted", tags=["labour"])
    edited = ferry(Card(CardKind.SUMMARY, "What happened", "Ferries sailed again on Wednesday."))
    assert [n.orphaned for n in book.reanchor(edited)] == [True]
    orphan = book.get(note.id)
    assert orphan.orphaned and orphan.text == "noted" and orphan.tags == ("labour",)
    assert orphan.anchor.card_id == "summary"  # where it was, for the analyst to look
    assert [n.orphaned for n in book.reanchor(ferry())] == [False]


def test_a_whole_card_note_follows_its_card_and_a_whole_briefing_note_never_orphans(tmp_path: Path) -> None:
    briefing = ferry()
    book = NoteBook(tmp_path)
    on_card = book.add(Anchor(briefing.id, "analysis"), "the link", card_heading="Analysis",
                       briefing_title=briefing.title)
    on_briefing = book.add(Anchor(briefing.id, ""), "whole story")
    assert find_anchor(briefing, on_card) == on_card
    renamed = ferry(Card(CardKind.OTHER, "Analysis", "Moved under another kind."))
    assert find_anchor(renamed, on_card).anchor.card_id == "other"
    assert find_anchor(ferry(Card(CardKind.SUMMARY, "Only", "x")), on_card).orphaned is True
    assert find_anchor(ferry(Card(CardKind.SUMMARY, "Only", "x")), on_briefing).orphaned is False


def test_reanchor_leaves_other_briefings_and_removed_notes_alone(tmp_path: Path) -> None:
    book = NoteBook(tmp_path)
    other = book.add(Anchor("another-briefing", "summary", PASSAGE), "elsewhere")
    gone = book.add(Anchor("ferry-strike-1a2b3c4d", "summary", "words that are not there"), "x")
    book.reanchor(ferry())  # the map of whose notes are where is made here
    book.remove(gone.id)
    assert book.reanchor(ferry()) == []
    assert [note.id for note in book.notes()[0]] == [other.id]


def test_contains_ignores_spacing_and_line_breaks_only() -> None:
    assert contains("a  b\nc", "a b c")
    assert not contains("a b c", "A b c")


def test_notes_are_found_by_words_phrases_tags_and_fields(tmp_path: Path) -> None:
    book = NoteBook(tmp_path)
    union = book.add(Anchor("ferry-strike-1a2b3c4d", "summary", PASSAGE), "Ask the union for its figures",
                     tags=["Labour"], grade="B2", briefing_title="Ferry pilots strike",
                     card_heading="What happened")
    islands = book.add(Anchor("ferry-strike-1a2b3c4d", "analysis"), "Islands cut off", tags=["transport"])
    lost = book.add(Anchor("rice-exports-5e6f7a8b", "papers", "gone"), "no longer there", tags=["labour"])
    book.reanchor(Briefing(id="rice-exports-5e6f7a8b", title="Rice", cards=()))
    notes = book.notes()[0]

    def ids(query: str) -> list[str]:
        return [note.id for note in matching(notes, query)]

    assert ids("tag:labour") == [union.id, lost.id]
    assert ids("TAG:Labour union") == [union.id]  # every term must match
    assert ids("pilots") == [union.id]  # the briefing's title
    assert ids('"rejected the offer"') == [union.id]  # a phrase of the highlighted passage
    assert ids("note:islands") == [islands.id] and ids("note:pilots") == []
    assert ids("grade:b2") == [union.id] and ids("is:orphaned") == [lost.id]
    assert ids('"unclosed quote') == []
    assert ids("") == [union.id, islands.id, lost.id]
