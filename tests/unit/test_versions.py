"""Versions in the library: a briefing that arrives again with new content keeps the file it replaces
(`<library>/versions/<id>/<n>.yaml`), is marked updated in the catalog, and every version reads back;
the same story written again (an upgrade, a re-analysis, a neighbour in its file changing) is no
version. Real files, real ingest, on our own Kagi fixtures (tests/data/kagi/developing_story_v*.json)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import briefings.library
from briefings.errors import BriefingError
from briefings.ingest import IngestStatus, ingest_paths
from briefings.library import CATALOG_FILE, Library
from briefings.model import Briefing, Source
from briefings.versions import VERSIONS_DIR

KAGI = Path(__file__).parent.parent / "data" / "kagi"
STORY = [KAGI / "developing_story_v1.json", KAGI / "developing_story_v2.json"]
LIBRARY_V1 = Path(__file__).parent.parent / "data" / "library_v1"


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return Library(tmp_path / "library")


def ingest(library: Library, path: Path) -> list[tuple[IngestStatus, str]]:
    return [(outcome.status, outcome.briefing_id) for outcome in ingest_paths(library, [path])]


def updated_story(library: Library) -> tuple[str, Briefing]:
    """The story ingested, then its later version; its id and the first version as the library had it."""
    ((status, briefing_id),) = ingest(library, STORY[0])
    assert status is IngestStatus.ADDED
    first = library.get(briefing_id)
    os.utime(library._file(briefing_id), (1_764_140_400, 1_764_140_400))  # saved 2025-11-26 07:00 UTC
    assert ingest(library, STORY[1]) == [(IngestStatus.UPDATED, briefing_id)]
    return briefing_id, first


def third_version(folder: Path) -> Path:
    """The story once more, its outlook changed: a file for a third version."""
    later = _story(2)
    later["clusters"][0]["future_outlook"] = "Forecasters now expect more rain on Sunday."
    path = folder / "v3.json"
    path.write_text(json.dumps(later), encoding="utf-8")
    return path


def version_file(library: Library, briefing_id: str, number: int) -> Path:
    return library.root / VERSIONS_DIR / briefing_id / f"{number}.yaml"


def test_a_changed_cluster_becomes_version_2_and_keeps_version_1(library: Library) -> None:
    briefing_id, first = updated_story(library)
    (entry,) = library.entries()
    assert (entry.id, entry.version, entry.updated) == (briefing_id, 2, True)
    assert library.is_updated(briefing_id)
    old, current = library.versions(briefing_id)
    assert (old.number, old.current, old.title, old.problem) == (1, False, first.title, "")
    assert old.saved_at is not None and old.saved_at.isoformat() == "2025-11-26T07:00:00+00:00"
    assert (current.number, current.current, current.digest) == (2, True, entry.digest)
    assert library.version(briefing_id, 1) == first
    assert library.version(briefing_id, 2) == library.get(briefing_id) != first
    assert version_file(library, briefing_id, 1).is_file()
    assert [p.name for p in (library.root / VERSIONS_DIR / briefing_id).iterdir()] == ["1.yaml"]


def test_a_third_version_is_numbered_3_and_lists_oldest_first(library: Library, tmp_path: Path) -> None:
    briefing_id, _ = updated_story(library)
    assert ingest(library, third_version(tmp_path)) == [(IngestStatus.UPDATED, briefing_id)]
    listed = [(v.number, v.current) for v in library.versions(briefing_id)]
    assert listed == [(1, False), (2, False), (3, True)]
    assert "more rain on Sunday" in library.version(briefing_id, 3).cards[-1].text
    assert "ease by the weekend" in library.version(briefing_id, 2).cards[-1].text


def test_the_same_input_again_is_no_version(library: Library) -> None:
    ((_, briefing_id),) = ingest(library, STORY[0])
    assert ingest(library, STORY[0]) == [(IngestStatus.UNCHANGED, briefing_id)]
    assert not library.is_updated(briefing_id)
    assert [v.number for v in library.versions(briefing_id)] == [1]
    assert not (library.root / VERSIONS_DIR).exists()


def test_the_same_story_written_again_is_updated_but_no_version(library: Library) -> None:
    """A newer analysis or the input file moved: the file is rewritten, the story is the same."""
    ((_, briefing_id),) = ingest(library, STORY[0])
    stored = library.get(briefing_id)
    rewritten = replace(stored, claims=(), flags=(), notes=("analysed again",),
                        source=Source(path="/elsewhere/story.json", format="kagi", sha256="0" * 64))
    assert library.save(rewritten).value == "updated"
    assert library.get(briefing_id) == rewritten
    assert [v.number for v in library.versions(briefing_id)] == [1]
    assert not library.is_updated(briefing_id)


def test_a_category_file_versions_only_the_cluster_that_changed(library: Library, tmp_path: Path) -> None:
    quiet = {"title": "Lessen library reopens after repairs", "short_summary": "The town library reopened.",
             "articles": [{"title": "Library reopens", "link": "https://valleypost.example/library",
                           "domain": "valleypost.example"}]}
    morning, evening = _story(1), _story(2)
    for data in (morning, evening):
        data["clusters"].append(quiet)
    path = tmp_path / "world.json"
    path.write_text(json.dumps(morning), encoding="utf-8")
    first = dict((bid, status) for status, bid in ingest(library, path))
    path.write_text(json.dumps(evening), encoding="utf-8")
    second = dict((bid, status) for status, bid in ingest(library, path))
    assert set(first.values()) == {IngestStatus.ADDED} and len(first) == 2
    updated = {bid for bid in second if library.is_updated(bid)}
    assert len(updated) == 1
    (unchanged,) = set(second) - updated
    assert library.get(unchanged).title == quiet["title"]
    assert [v.number for v in library.versions(unchanged)] == [1]


def test_removing_a_briefing_removes_its_versions_and_a_new_one_starts_at_1(library: Library) -> None:
    briefing_id, _ = updated_story(library)
    assert library.remove(briefing_id) == [briefing_id]
    assert not (library.root / VERSIONS_DIR / briefing_id).exists()
    ingest(library, STORY[1])
    assert [v.number for v in library.versions(briefing_id)] == [1]
    assert not library.is_updated(briefing_id)


def test_a_rebuilt_catalog_counts_the_versions_from_the_files(library: Library) -> None:
    briefing_id, _ = updated_story(library)
    library.close()
    (library.root / CATALOG_FILE).unlink()
    with Library(library.root) as reopened:
        assert [(e.id, e.version) for e in reopened.entries()] == [(briefing_id, 2)]
        assert ingest(reopened, STORY[1]) == [(IngestStatus.UNCHANGED, briefing_id)]
        assert ingest(reopened, STORY[0]) == [(IngestStatus.UPDATED, briefing_id)]  # back to the morning's
        assert [v.number for v in reopened.versions(briefing_id)] == [1, 2, 3]


def test_a_catalog_the_previous_release_wrote_is_rebuilt_with_versions(library: Library) -> None:
    """Release 0.2's catalog (schema 3) has no version or content columns: it is recreated from the files,
    which is how every catalog change migrates, and the kept versions are counted again."""
    briefing_id, first = updated_story(library)
    library.close()
    with sqlite3.connect(library.root / CATALOG_FILE) as db:
        db.execute("ALTER TABLE briefings DROP COLUMN version")
        db.execute("ALTER TABLE briefings DROP COLUMN content")
        db.execute("PRAGMA user_version = 3")
    db.close()
    with Library(library.root) as reopened:
        assert [(e.id, e.version, e.updated) for e in reopened.entries()] == [(briefing_id, 2, True)]
        assert reopened.version(briefing_id, 1) == first
        assert ingest(reopened, STORY[1]) == [(IngestStatus.UNCHANGED, briefing_id)]


def test_a_library_release_0_1_wrote_upgrades_without_making_versions(tmp_path: Path) -> None:
    root = tmp_path / "library"
    shutil.copytree(LIBRARY_V1, root)
    said: list[str] = []
    with Library(root, progress=said.append) as upgraded:
        entries = upgraded.entries()
        assert len(entries) == 5 and said[-1].startswith("Upgraded 5 briefings")
        assert {e.version for e in entries} == {1}
        assert not any(upgraded.is_updated(e.id) for e in entries)
    assert not (root / VERSIONS_DIR).exists()


def test_a_save_killed_after_keeping_the_version_keeps_it_once(library: Library,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    ((_, briefing_id),) = ingest(library, STORY[0])
    write = briefings.library.write_atomic

    def killed(path: Path, text: str, *, durable: bool = True) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(briefings.library, "write_atomic", killed)
    with pytest.raises(KeyboardInterrupt):
        list(ingest_paths(library, [STORY[1]]))
    assert version_file(library, briefing_id, 1).is_file()
    assert [v.number for v in library.versions(briefing_id)] == [1]  # the catalog still says version 1
    monkeypatch.setattr(briefings.library, "write_atomic", write)
    assert ingest(library, STORY[1]) == [(IngestStatus.UPDATED, briefing_id)]
    assert [v.number for v in library.versions(briefing_id)] == [1, 2]
    assert not version_file(library, briefing_id, 2).exists()


def test_asking_for_a_version_there_is_not_is_one_line(library: Library) -> None:
    briefing_id, _ = updated_story(library)
    for number in (0, 3, -1):
        with pytest.raises(BriefingError, match=rf"^{briefing_id} has no version {number} \(its versions: "
                                                r"1 to 2\)$"):
            library.version(briefing_id, number)
    with pytest.raises(KeyError):
        library.versions("no-such-briefing")
    with pytest.raises(KeyError):
        library.version("no-such-briefing", 1)


HOSTILE: dict[str, bytes] = {
    "binary": b"\x00\x01\x02schema_version: 2\n",
    "wrong encoding": "schema_version: 2\nid: caf\u00e9\n".encode("utf-16"),
    "truncated": b"schema_version: 2\nid: flash-floods\ntitle: \"Flash flo",
    "malformed YAML": b"schema_version: 2\nid: [unclosed\n  title: {\n",
    "wrong-typed fields": b"schema_version: 2\nid: 42\ntitle: [1, 2]\ncards: nope\n",
    "another briefing": b"",  # filled in below: a valid file of another id
    "empty": b"",
}


@pytest.mark.parametrize("problem", sorted(HOSTILE))
def test_a_damaged_version_file_is_one_line_and_the_others_still_read(library: Library, tmp_path: Path,
                                                                      problem: str) -> None:
    briefing_id, _ = updated_story(library)
    ingest(library, third_version(tmp_path))
    damaged = version_file(library, briefing_id, 1)
    content = HOSTILE[problem]
    if problem == "another briefing":
        content = damaged.read_bytes().replace(briefing_id.encode(), b"another-briefing-00000000")
    damaged.write_bytes(content)
    first, second, current = library.versions(briefing_id)
    assert first.problem.startswith(f"library file {VERSIONS_DIR}/{briefing_id}/1.yaml")
    assert "\n" not in first.problem and (first.title, first.digest) == ("", "")
    assert (second.problem, current.problem) == ("", "")
    assert second.title == current.title != ""
    with pytest.raises(BriefingError) as raised:
        library.version(briefing_id, 1)
    assert str(raised.value) == first.problem
    assert library.version(briefing_id, 2).id == briefing_id


def test_stray_files_in_a_versions_folder_are_no_versions(library: Library) -> None:
    briefing_id, _ = updated_story(library)
    folder = library.root / VERSIONS_DIR / briefing_id
    for name in ("notes.txt", "0.yaml", "01.yaml", "2.yaml.tmp", "x.yaml"):
        (folder / name).write_text("anything", encoding="utf-8")
    (folder / "7.yaml").mkdir()  # a folder is no version either, and cannot be read as one
    assert [v.number for v in library.versions(briefing_id)] == [1, 2]


def _story(version: int) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(STORY[version - 1].read_text(encoding="utf-8"))
    return data


def test_splitting_an_article_again_or_keeping_it_whole_is_no_version(library: Library,
                                                                      tmp_path: Path) -> None:
    from briefings.resplitting import resplit

    article = tmp_path / "levee.txt"
    article.write_text("Levee holds at Lessen\n\nLESSEN, Nov 26 - The levee at Lessen held overnight, "
                       "engineers said on Wednesday.\nThe river is expected to fall by Friday, the weather "
                       "office said.\n", encoding="utf-8")
    ((_, briefing_id),) = ingest(library, article)
    whole = list(resplit(library, split=False))
    again = list(resplit(library))
    assert [o.status for o in whole + again] == [IngestStatus.UPDATED] * 2
    assert [v.number for v in library.versions(briefing_id)] == [1]
    assert not (library.root / VERSIONS_DIR).exists()


def test_a_version_file_deleted_by_hand_is_left_out_and_said_so(library: Library, tmp_path: Path) -> None:
    briefing_id, _ = updated_story(library)
    ingest(library, third_version(tmp_path))
    version_file(library, briefing_id, 1).unlink()
    assert [v.number for v in library.versions(briefing_id)] == [2, 3]
    with pytest.raises(BriefingError, match=r"has no version 1 \(its versions: 2, 3\)$"):
        library.version(briefing_id, 1)
