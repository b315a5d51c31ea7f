"""A library release 0.1.0 wrote (tests/data/library_v1, copied) opens after the upgrade with its ids, read
state and bookmarks; it is backed up first, upgraded once, and an upgrade killed midway is finished later."""

from __future__ import annotations

import filecmp
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

import briefings.preparing
import briefings.upgrade
from briefings.formats import native_yaml
from briefings.ingest import ingest_paths, sample_paths
from briefings.library import Library
from briefings.model import Briefing, Precision, Source
from briefings.serialize import SCHEMA_VERSION
from briefings.upgrade import VERSION_FILE
from cli.main import main
from search import SearchIndex, search
from tui.state import ReaderState

LIBRARY_V1 = Path(__file__).parent.parent / "data" / "library_v1"
OLD_IDS = sorted(path.stem for path in LIBRARY_V1.glob("briefings/*/*.yaml"))
COFFEE = "arabica-coffee-futures-in-new-york-have-climbed-to-their-hig-544a2931"
CENTRAL_BANK = "european-central-bank-holds-interest-rates-steady-as-inflati-4cfdef3e"


@pytest.fixture
def old_library(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    shutil.copytree(LIBRARY_V1, root)
    return root


def _open(root: Path) -> tuple[Library, list[str]]:
    said: list[str] = []
    return Library(root, progress=said.append), said


def _old(briefing_id: str) -> Briefing:
    (path,) = LIBRARY_V1.glob(f"briefings/*/{briefing_id}.yaml")
    return native_yaml.parse(path.read_text(encoding="utf-8"))


def _backups(root: Path) -> list[Path]:
    return sorted(root.glob("backup-v1-*"))


def test_the_previous_release_library_opens_with_ids_read_state_and_bookmarks(old_library: Path) -> None:
    state_before, _ = ReaderState.load(old_library)
    library, said = _open(old_library)
    with library:
        assert sorted(entry.id for entry in library.entries()) == OLD_IDS
        state, warning = ReaderState.load(old_library)
        assert warning is None
        assert state.read == state_before.read and len(state.read) == 2
        assert state.bookmarks == state_before.bookmarks and len(state.bookmarks) == 2
        assert state.last_briefing == state_before.last_briefing and state.last_briefing in library
        assert all(briefing_id in library for briefing_id in state.read)
        for bookmark in state.bookmarks:  # the bookmarked card ("#3": the state predates card ids) stands
            now, then = library.get(bookmark.briefing_id), _old(bookmark.briefing_id)
            assert bookmark.card.startswith("#")
            position = int(bookmark.card[1:])
            assert now.card_position(bookmark.card) == position
            assert now.cards[position] == then.cards[position]
        coffee, bank = library.get(COFFEE), library.get(CENTRAL_BANK)
    assert (str(coffee.date), coffee.date_precision) == ("2025-08-01", Precision.MONTH)
    assert coffee.date_inferred == 'stated in the text: "As of August 2025"'
    assert (str(bank.date), bank.date_inferred) == ("2025-07-24", "newest reference (2025-07-24)")
    assert said[0].startswith(f"Upgrading the library {old_library} from briefing schema 1 to "
                              f"{SCHEMA_VERSION}:")
    assert said[-1].startswith("Upgraded 5 briefings")
    assert json.loads((old_library / VERSION_FILE).read_text()) == {"schema_version": SCHEMA_VERSION}


def test_the_backup_holds_the_files_as_they_were(old_library: Path) -> None:
    _open(old_library)[0].close()
    (backup,) = _backups(old_library)
    names = [str(path.relative_to(LIBRARY_V1)) for path in sorted(LIBRARY_V1.glob("briefings/*/*.yaml"))]
    names += ["catalog.sqlite3", "reader-state.yaml"]
    match, mismatch, errors = filecmp.cmpfiles(LIBRARY_V1, backup, names, shallow=False)
    assert (sorted(match), mismatch, errors) == (sorted(names), [], [])
    assert {path.stat().st_mode & 0o777 for path in backup.rglob("*")} == {0o700, 0o600}
    rewritten = next(old_library.glob(f"briefings/*/{COFFEE}.yaml")).read_text(encoding="utf-8")
    assert rewritten.startswith(f"schema_version: {SCHEMA_VERSION}\n")


def test_a_second_open_does_not_upgrade_again(old_library: Path) -> None:
    _open(old_library)[0].close()
    files = {path: path.read_bytes() for path in old_library.glob("briefings/*/*.yaml")}
    library, said = _open(old_library)
    library.close()
    assert said == []
    assert len(_backups(old_library)) == 1
    assert {path: path.read_bytes() for path in old_library.glob("briefings/*/*.yaml")} == files


def test_an_upgrade_killed_midway_is_finished_by_the_next_open(old_library: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    prepare = briefings.preparing.prepared
    done: list[str] = []

    def killed_after_two(briefing: Briefing, gazetteer: object) -> Briefing:
        if len(done) == 2:
            raise KeyboardInterrupt
        done.append(briefing.id)
        return prepare(briefing, gazetteer)  # type: ignore[arg-type]

    monkeypatch.setattr(briefings.preparing, "prepared", killed_after_two)
    with pytest.raises(KeyboardInterrupt):
        _open(old_library)
    assert not (old_library / VERSION_FILE).exists()
    headers = [path.read_text(encoding="utf-8").split("\n", 1)[0]
               for path in sorted(old_library.glob("briefings/*/*.yaml"))]
    assert sorted(headers) == ["schema_version: 1"] * 3 + [f"schema_version: {SCHEMA_VERSION}"] * 2
    (backup,) = _backups(old_library)

    monkeypatch.setattr(briefings.preparing, "prepared", prepare)
    library, said = _open(old_library)
    with library:
        assert sorted(entry.id for entry in library.entries()) == OLD_IDS
        assert library.get(COFFEE).date_inferred
    assert _backups(old_library) == [backup]  # the complete backup is not made twice
    assert said[-1].startswith("Upgraded 3 briefings")
    assert filecmp.cmp(next(LIBRARY_V1.glob(f"briefings/*/{done[0]}.yaml")),
                       next(backup.glob(f"briefings/*/{done[0]}.yaml")), shallow=False)


def test_a_backup_interrupted_midway_is_made_again(old_library: Path) -> None:
    partial = old_library / "backup-v1-20250101-000000.partial"
    (partial / "briefings").mkdir(parents=True)
    _open(old_library)[0].close()
    assert not partial.exists()
    (backup,) = _backups(old_library)
    assert len(list(backup.glob("briefings/*/*.yaml"))) == len(OLD_IDS)


def test_a_newer_release_library_is_left_alone(old_library: Path) -> None:
    (old_library / VERSION_FILE).write_text(json.dumps({"schema_version": SCHEMA_VERSION + 1}))
    library, said = _open(old_library)
    library.close()
    assert said == [] and _backups(old_library) == []
    assert all(path.read_text(encoding="utf-8").startswith("schema_version: 1\n")
               for path in old_library.glob("briefings/*/*.yaml"))


def test_a_new_library_is_current_without_an_upgrade(tmp_path: Path) -> None:
    library, said = _open(tmp_path / "library")
    library.close()
    assert said == [] and _backups(tmp_path / "library") == []
    assert json.loads((tmp_path / "library" / VERSION_FILE).read_text())["schema_version"] == SCHEMA_VERSION


def test_the_upgraded_library_is_searched_and_listed_with_its_dates(
        old_library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--library", str(old_library), "list"]) == 0
    out, err = capsys.readouterr()
    assert "Upgrading the library" in err and "Backed up the library's files to" in err
    assert "2025-08 (inferred)" in out and "2025-07-24 (inferred)" in out
    with Library(old_library) as library, SearchIndex.open(None, library) as index:
        hits = search(index, "arabica frost").hits
        assert hits and hits[0].briefing_id == COFFEE
        assert str(hits[0].date) == "2025-08-01"


def test_an_upgraded_briefing_is_what_ingest_makes_today(old_library: Path, tmp_path: Path) -> None:
    """The same date inference and analysis as a fresh ingest of the samples (only their paths differ)."""
    with Library(tmp_path / "fresh") as fresh:
        made = {o.briefing_id: o.briefing for o in ingest_paths(fresh, sample_paths())}
    library, _ = _open(old_library)
    with library:
        for briefing_id, briefing in made.items():
            assert briefing is not None
            assert replace(library.get(briefing_id), source=Source()) == replace(briefing, source=Source())


def test_a_large_upgrade_says_how_far_it_has_got(old_library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(briefings.upgrade, "PROGRESS_SECONDS", 0.0)
    library, said = _open(old_library)
    library.close()
    assert said[3:-1] == [f"Upgraded {n} of 5 briefings…" for n in range(1, 6)]


@pytest.mark.parametrize("content", [b"\x00\xff garbage", b"[1, 2]", b'{"schema_version": "2"}',
                                     b'{"schema_version": true}', b"{" * 5000, b"", "folder"])
@pytest.mark.parametrize("upgraded", [False, True])
def test_a_damaged_library_json_never_stops_the_library_opening(
    old_library: Path, content: bytes | str, upgraded: bool
) -> None:
    """library.json is read as hostile input: whatever it holds, the library opens and ends up current."""
    if upgraded:
        Library(old_library, progress=lambda line: None).close()
    target = old_library / VERSION_FILE
    if target.exists():
        target.unlink()
    if content == "folder":
        target.mkdir()
    else:
        assert isinstance(content, bytes)
        target.write_bytes(content)
    library, said = _open(old_library)
    with library:
        assert len(library) == 5
    if content == "folder":
        expected = f"Could not record the library's schema in {target}: Is a directory"
        assert f"{expected}; its briefings are current all the same." in said
    else:
        assert json.loads(target.read_text())["schema_version"] == SCHEMA_VERSION
