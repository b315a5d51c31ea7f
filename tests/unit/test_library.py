"""The library on disk and ingest, on real files in temporary folders."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import stat
from pathlib import Path

import pytest

from briefings.errors import ParseError
from briefings.formats.native_yaml import dump_briefing
from briefings.ingest import IngestStatus, ingest_paths, sample_paths
from briefings.library import Library, Saved, default_library_path
from briefings.model import Briefing, Card, CardKind

NOTE_MD = "---\ntitle: Port strike\ndate: 2025-03-01\n---\nDockers walked out in Rotterdam.\n"


def _briefing(briefing_id: str, title: str, date: dt.date | None) -> Briefing:
    return Briefing(id=briefing_id, title=title, date=date,
                    cards=(Card(kind=CardKind.BODY, heading="Article", text=f"About {title}."),))


def _statuses(library: Library, *paths: Path) -> dict[str, str]:
    return {o.path.name: o.status.value for o in ingest_paths(library, list(paths))}


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return Library(tmp_path / "library")


def test_ingesting_the_samples_twice_adds_then_changes_nothing(library: Library, tmp_path: Path) -> None:
    first = list(ingest_paths(library, sample_paths()))
    assert {o.status for o in first} == {IngestStatus.ADDED}, [o.message for o in first]
    assert len(library) == len(sample_paths())
    second = list(ingest_paths(library, sample_paths()))
    assert {o.status for o in second} == {IngestStatus.UNCHANGED}
    assert len(library) == len(sample_paths())
    files = list((library.root / "briefings").glob("*/*.yaml"))
    assert len(files) == len(sample_paths())


def test_changed_content_updates_the_same_briefing(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "strike.md"
    path.write_text(NOTE_MD, encoding="utf-8")
    (added,) = ingest_paths(library, [path])
    path.write_text(NOTE_MD + "\n## Outlook\n\nTalks resume on Monday.\n", encoding="utf-8")
    (updated,) = ingest_paths(library, [path])
    assert (added.status, updated.status) == (IngestStatus.ADDED, IngestStatus.UPDATED)
    assert added.briefing_id == updated.briefing_id
    assert len(library) == 1
    stored = library.get(updated.briefing_id)
    assert [c.heading for c in stored.cards] == ["What happened", "Outlook"]
    assert stored.source.path == str(path) and stored.source.format == "markdown"
    assert stored == updated.briefing


def test_a_folder_with_good_and_bad_files(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.md").write_text(NOTE_MD, encoding="utf-8")
    (folder / "sub" / "notes.txt").write_text("A memo\nnothing structured here", encoding="utf-8")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.md").write_text("---\ntitle: [oops\n---\nBody\n", encoding="utf-8")
    (folder / "evil.yaml").write_text("schema_version: 1\nid: !!python/object/apply:os.system [ls]\n")
    (folder / "bad-id.yaml").write_text(
        "schema_version: 1\nid: ../../escape\ntitle: T\ncards: []\n", encoding="utf-8")
    (folder / ".hidden.md").write_text(NOTE_MD, encoding="utf-8")
    os.mkfifo(folder / "pipe")
    outside = tmp_path / "outside.md"
    outside.write_text("# Outside\n", encoding="utf-8")
    (folder / "link.md").symlink_to(outside)

    outcomes = {o.path.name: o for o in ingest_paths(library, [folder])}
    assert {name: o.status.value for name, o in outcomes.items()} == {
        "bad-id.yaml": "error", "broken.md": "error", "empty.txt": "error", "evil.yaml": "error",
        "good.md": "added", "image.png": "error", "link.md": "error", "notes.txt": "added", "pipe": "error",
    }
    for outcome in outcomes.values():
        assert "\n" not in outcome.message
        if outcome.status is IngestStatus.ERROR:
            assert outcome.message.startswith(outcome.path.name + ": ")
    assert "front matter:" in outcomes["broken.md"].message
    assert "Python object" in outcomes["evil.yaml"].message
    assert "not a valid briefing id" in outcomes["bad-id.yaml"].message
    assert "outside the folder" in outcomes["link.md"].message
    assert "no known format matched" in outcomes["notes.txt"].message
    assert len(library) == 2
    assert not (tmp_path / "escape.yaml").exists()


def test_a_file_without_its_catalog_row_is_repaired_by_reingest(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "strike.md"
    path.write_text(NOTE_MD, encoding="utf-8")
    (outcome,) = ingest_paths(library, [path])
    library._catalog.delete(outcome.briefing_id)  # as if killed after the file was written
    library._catalog._db.commit()
    assert outcome.briefing_id not in library and len(library) == 0
    (again,) = ingest_paths(library, [path])
    assert again.status is IngestStatus.ADDED
    assert library.get(outcome.briefing_id) == outcome.briefing


def test_the_catalog_is_rebuilt_from_the_files(tmp_path: Path) -> None:
    root = tmp_path / "library"
    with Library(root) as library:
        list(ingest_paths(library, sample_paths()))
        entries = library.entries()
    (root / "catalog.sqlite3").write_bytes(b"this is not a database")
    with Library(root) as reopened:
        assert reopened.entries() == entries
        assert reopened.rebuild_catalog() == len(entries)


def test_entries_are_newest_first_then_undated_then_by_title(library: Library) -> None:
    for briefing in (
        _briefing("b", "Beta", None), _briefing("old", "Old", dt.date(2024, 1, 1)),
        _briefing("new", "New", dt.date(2025, 6, 1)), _briefing("a", "alpha", None),
        _briefing("same-day", "Another", dt.date(2025, 6, 1)),
    ):
        assert library.save(briefing) is Saved.ADDED
    assert [e.id for e in library.entries()] == ["same-day", "new", "old", "a", "b"]
    assert [b.id for b in library.iter_briefings()] == ["a", "b", "new", "old", "same-day"]


def test_get_remove_and_membership(library: Library) -> None:
    briefing = _briefing("x1", "X", None)
    library.save(briefing)
    assert "x1" in library and library.get("x1") == briefing
    assert library.save(briefing) is Saved.UNCHANGED
    assert library.save(dataclasses.replace(briefing, title="Y")) is Saved.UPDATED
    assert library.remove("x1") and not library.remove("x1")
    with pytest.raises(KeyError):
        library.get("x1")
    with pytest.raises(KeyError):
        library.get("../../etc/passwd")
    with pytest.raises(ParseError, match="not a valid briefing id"):
        library.save(_briefing("../escape", "E", None))


def test_a_damaged_briefing_file_is_a_parse_error_and_skipped_when_iterating(library: Library) -> None:
    library.save(_briefing("good", "Good", None))
    library.save(_briefing("hurt", "Hurt", None))
    next((library.root / "briefings").glob("*/hurt.yaml")).write_text("schema_version: 1\ncards: [\n")
    with pytest.raises(ParseError, match=r"library file hurt\.yaml"):
        library.get("hurt")
    assert [b.id for b in library.iter_briefings()] == ["good"]


def test_folders_and_files_are_private(library: Library) -> None:
    library.save(_briefing("p", "P", None))
    (path,) = (library.root / "briefings").glob("*/p.yaml")
    for folder in (library.root, path.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for file in (path, library.root / "catalog.sqlite3"):
        assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert path.read_text(encoding="utf-8") == dump_briefing(_briefing("p", "P", None))


def test_the_gazetteer_learns_blurbs_and_reads_the_users_file(library: Library, tmp_path: Path) -> None:
    list(ingest_paths(library, sample_paths()))
    names = {e.name for e in library.gazetteer().entities}
    assert {"Minas Gerais", "Intercontinental Exchange"} <= names
    (library.root / "gazetteer.yaml").write_text("- name: Harbour Board\n  kind: organisation\n")
    assert "Harbour Board" in {e.name for e in library.gazetteer().entities}
    note = tmp_path / "note.md"
    note.write_text("# Pay talks\n\nThe Harbour Board met growers from Minas Gerais.\n", encoding="utf-8")
    (outcome,) = ingest_paths(library, [note])
    assert outcome.briefing is not None
    assert {"Harbour Board", "Minas Gerais"} <= {e.name for e in outcome.briefing.entities if e.mentioned}
    (library.root / "gazetteer.yaml").write_text("- [not, a, mapping]\n")
    (failed,) = ingest_paths(library, [note])
    assert failed.status is IngestStatus.ERROR and "gazetteer.yaml" in failed.message


def test_blurbs_in_a_later_file_reach_earlier_files(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text("# Harvest\n\nGrowers in Minas Gerais counted the losses.\n")
    (folder / "b.txt").write_text(next(p for p in sample_paths() if "coffee" in p.name).read_text())
    (a_outcome, _) = ingest_paths(library, [folder])
    assert a_outcome.briefing is not None
    assert "Minas Gerais" in {e.name for e in a_outcome.briefing.entities}


def test_the_library_inside_an_ingested_folder_is_not_ingested(tmp_path: Path) -> None:
    library = Library(tmp_path / "library")
    (tmp_path / "note.md").write_text(NOTE_MD, encoding="utf-8")
    assert _statuses(library, tmp_path) == {"note.md": "added"}
    assert _statuses(library, tmp_path) == {"note.md": "unchanged"}


def test_default_library_path_honours_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert default_library_path().parts[-2:] == ("briefing-reader", "library")
    monkeypatch.setenv("BRIEFING_LIBRARY", str(tmp_path / "mine"))
    assert default_library_path() == tmp_path / "mine"
