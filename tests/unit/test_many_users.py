"""One library, many users (issue 18, item 7): each user (here: each HOME, as two accounts would be) searches
through an index they built, the library's own or one in their cache, kept up to date from the library;
no one rebuilds an index someone else uses; what is one person's (read marks, bookmarks, history,
position) lives in that user's state folder, copied once from the library folder where an earlier
release kept it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefings.ingest import IngestStatus, ingest_paths, sample_paths
from briefings.library import LIBRARY_NAME_FILE, Library, user_library_dir, user_state_dir
from search import SearchIndex, default_index_dir
from search.trust import TOKEN_FILE
from tests.unit.test_foreign_library import read_only_library  # noqa: F401 (a fixture)
from tui.history import Place
from tui.state import FROM_LIBRARY_SUFFIX, STATE_FILE, Bookmark, ReaderState

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "cli.main"]
XDG = (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache"),
       ("XDG_STATE_HOME", "state"))
LIBRARY_V1 = ROOT / "tests" / "data" / "library_v1"
NOTE = "---\ntitle: Tanker insurers raise war-risk premiums\n---\n\n## Summary\n\nInsurers of oil tankers " \
       "crossing the strait raised their war-risk premiums for the third week running.\n"


@dataclass(frozen=True)
class User:
    """Another HOME: its own data, config, cache and state folders, as platformdirs finds them."""

    home: Path

    @property
    def env(self) -> dict[str, str]:
        return {"HOME": str(self.home), **{var: str(self.home / sub) for var, sub in XDG}}

    def index_for(self, library_root: Path) -> Path:
        """Where this user's own index of a library goes when the library's is someone else's."""
        return user_library_dir(self.home / "cache" / "briefing-reader", library_root) / "index"


def _run(user: User, library_root: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([*CLI, "--library", str(library_root), *arguments], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, **user.env}, timeout=120)
    assert done.returncode == 0, done.stderr
    return done


@dataclass(frozen=True)
class Built:
    """What tells one build of an index from the next: a rebuild swaps in a new folder with a new token."""

    inode: int
    token: str

    @classmethod
    def of(cls, folder: Path) -> Built:
        return cls(folder.stat().st_ino, (folder / TOKEN_FILE).read_text(encoding="ascii"))


Become = Callable[[User], None]


@pytest.fixture
def become(monkeypatch: pytest.MonkeyPatch) -> Become:
    """Switches this process to a user's folders (platformdirs reads the environment at each call)."""

    def switch(user: User) -> None:
        for var, value in user.env.items():
            monkeypatch.setenv(var, value)

    return switch


# -- the index ---------------------------------------------------------------------------------------


@pytest.mark.slow
def test_two_users_alternating_on_one_library_rebuild_nothing_after_the_first(tmp_path: Path) -> None:
    ann, ben = User(tmp_path / "ann"), User(tmp_path / "ben")
    library = tmp_path / "shared"
    _run(ann, library, "samples")
    own, bens = library / "index", ben.index_for(library)
    first = _run(ben, library, "search", "oil").stderr
    assert "not built on this machine by this user" in first and str(bens) in first
    built = {own: Built.of(own), bens: Built.of(bens)}
    said = []
    for _turn in range(2):
        for user in (ann, ben, ann, ben):
            for command in (("search", "oil"), ("list",)):
                said.append(_run(user, library, *command).stderr)
                assert {folder: Built.of(folder) for folder in built} == built
    assert said == [""] * 16  # no "built" or "rebuilt" line: nothing was
    assert not ann.index_for(library).exists()  # ann's is the library's own

    note = tmp_path / "note.md"
    note.write_text(NOTE, encoding="utf-8")
    _run(ann, library, "ingest", str(note))
    found = _run(ben, library, "search", "tanker", "--jsonl")
    assert "Tanker insurers" in found.stdout  # ann's ingest reaches ben's index...
    assert found.stderr.strip() == "Indexed 1 briefings the search index was missing or had out of date."
    assert {folder: Built.of(folder) for folder in built} == built  # ...by catching up, not rebuilding


def test_the_index_of_someone_else_is_neither_opened_nor_rebuilt(tmp_path: Path, become: Become) -> None:
    ann, ben = User(tmp_path / "ann"), User(tmp_path / "ben")
    become(ann)
    library = Library(tmp_path / "shared")
    assert {o.status for o in ingest_paths(library, sample_paths())} == {IngestStatus.ADDED}
    with SearchIndex.open(None, library) as index:
        assert index.path == library.root / "index"
        assert index.messages[0].startswith("Search index is missing")
    anns = Built.of(library.root / "index")
    become(ben)
    assert default_index_dir(library) == ben.index_for(library.root)
    with SearchIndex.open(None, library) as index:
        assert index.path == ben.index_for(library.root) and len(index) == len(library)
    assert (index.path.parent / LIBRARY_NAME_FILE).read_text(encoding="utf-8") == f"{library.root}\n"
    with SearchIndex.open(None, library) as index:
        assert index.messages == []
    become(ann)
    assert default_index_dir(library) == library.root / "index"
    with SearchIndex.open(None, library) as index:
        assert index.messages == [] and Built.of(index.path) == anns


OPENER = textwrap.dedent("""
    import sys
    from briefings.library import Library
    from search import SearchIndex

    with Library(sys.argv[1]) as library, SearchIndex.open(None, library, lock_timeout=60) as index:
        print(index.path, index.messages, len(index), sep="\\n", flush=True)
""")


def _open_during_a_build(library_root: Path, builder: User, opener: User, become: Become) -> list[str]:
    """`builder` builds the library's index in a thread, held midway while `opener`, in another process,
    opens the library; what that process printed (its index's folder, its messages, its size)."""
    started, go_on = threading.Event(), threading.Event()

    def held(done: int, total: int) -> None:
        started.set()
        go_on.wait(30)

    become(builder)
    library = Library(library_root)
    thread = threading.Thread(target=lambda: SearchIndex.open(None, library, on_progress=held).close())
    thread.start()
    try:
        assert started.wait(30)
        child = subprocess.Popen([sys.executable, "-c", OPENER, str(library_root)], cwd=ROOT, text=True,
                                 env={**os.environ, **opener.env}, stdout=subprocess.PIPE)
        with pytest.raises(subprocess.TimeoutExpired):
            child.wait(timeout=1.5)  # waiting for the build to finish
    finally:
        go_on.set()
        thread.join(30)
    out, _ = child.communicate(timeout=60)
    library.close()
    return out.splitlines()


@pytest.mark.slow
def test_a_second_process_opening_during_a_build_waits_and_does_not_rebuild(tmp_path: Path,
                                                                             become: Become) -> None:
    ann = User(tmp_path / "ann")
    library = _unindexed(tmp_path / "shared", ann, become)
    folder, messages, size = _open_during_a_build(library, ann, ann, become)
    assert (folder, messages, int(size)) == (str(library / "index"), "[]", len(sample_paths()))


@pytest.mark.slow
def test_another_user_opening_during_a_build_gets_an_index_of_their_own(tmp_path: Path,
                                                                        become: Become) -> None:
    ann, ben = User(tmp_path / "ann"), User(tmp_path / "ben")
    library = _unindexed(tmp_path / "shared", ann, become)
    folder, messages, size = _open_during_a_build(library, ann, ben, become)
    assert folder == str(ben.index_for(library)) and int(size) == len(sample_paths())
    assert "not built on this machine by this user" in messages
    become(ann)
    with Library(library) as again, SearchIndex.open(None, again) as index:
        assert index.path == library / "index" and index.messages == []  # ann's build stands


def _unindexed(root: Path, user: User, become: Become) -> Path:
    become(user)
    with Library(root) as library:
        assert {o.status for o in ingest_paths(library, sample_paths())} == {IngestStatus.ADDED}
    return root


@pytest.mark.slow
def test_two_users_of_a_read_only_library_each_index_it_once_and_keep_their_state(
        read_only_library: Path, tmp_path: Path, become: Become) -> None:  # noqa: F811 (the fixture)
    ann, ben = User(tmp_path / "ann"), User(tmp_path / "ben")
    before = sorted(os.listdir(read_only_library))
    said = [_run(user, read_only_library, "search", "oil").stderr for user in (ann, ben)]
    assert all("Search index is missing: built it" in line for line in said)
    built = {folder: Built.of(folder) for folder in (ann.index_for(read_only_library),
                                                     ben.index_for(read_only_library))}
    for user in (ann, ben, ann, ben):
        assert _run(user, read_only_library, "search", "oil").stderr == ""
    assert {folder: Built.of(folder) for folder in built} == built
    for user in (ann, ben):
        become(user)
        state, warning = ReaderState.for_library(read_only_library)
        assert warning is None and state.read == set()
        state.read.add(str(user.home))
        state.save()  # the state no longer goes to the library: read-only media keep it too
    become(ann)
    assert ReaderState.for_library(read_only_library)[0].read == {str(ann.home)}
    assert sorted(os.listdir(read_only_library)) == before


def test_an_index_folder_another_account_owns_is_not_trusted(tmp_path: Path) -> None:
    """Where the library's folder is writable by a group, another account could put its own folder, with
    a copy of our token, in place of our index: its owner tells."""
    library = Library(tmp_path / "shared")
    SearchIndex.open(None, library).close()
    folder = library.root / "index"
    assert default_index_dir(library) == folder
    os.chown(folder, os.getuid() + 1, -1)  # the tests run as root, who may give a folder away
    try:
        assert default_index_dir(library) == library.cache_dir / "index"
    finally:
        os.chown(folder, os.getuid(), -1)
    assert default_index_dir(library) == folder


def test_an_index_folder_without_a_token_is_no_one_s_and_rebuilt_in_place(tmp_path: Path) -> None:
    library = Library(tmp_path / "shared")
    assert {o.status for o in ingest_paths(library, sample_paths())} == {IngestStatus.ADDED}
    folder = library.root / "index"
    folder.mkdir()
    (folder / "_MAIN_1.toc").write_bytes(b"half made")
    assert default_index_dir(library) == folder
    with SearchIndex.open(None, library) as index:
        assert index.path == folder and len(index) == len(library)
        assert index.messages == [f"Search index is damaged: rebuilt it from the library's {len(library)} "
                                  "briefings."]
    assert not library.cache_dir.exists()


# -- the reading state ---------------------------------------------------------------------------------


def test_each_user_keeps_their_own_reading_state(tmp_path: Path, become: Become) -> None:
    library = tmp_path / "shared"
    library.mkdir()
    ann, ben = User(tmp_path / "ann"), User(tmp_path / "ben")
    become(ann)
    state, _ = ReaderState.for_library(library)
    state.read.add("a")
    assert state.toggle_bookmark(Bookmark("a", "summary", "A"))
    state.save()
    become(ben)
    state, warning = ReaderState.for_library(library)
    assert warning is None and state.read == set() and state.bookmarks == []
    state.read.add("b")
    state.save()
    become(ann)
    state, warning = ReaderState.for_library(library)
    assert warning is None and state.read == {"a"} and state.bookmarks == [Bookmark("a", "summary", "A")]
    assert state.path == user_state_dir(library) / STATE_FILE and str(ann.home) in str(state.path)
    assert os.listdir(library) == []


def test_a_previous_release_s_state_moves_to_the_user_once_and_stays_in_the_library(tmp_path: Path) -> None:
    root = tmp_path / "library"
    shutil.copytree(LIBRARY_V1, root)
    old = root / STATE_FILE
    india, arabica = _id(root, "india"), _id(root, "arabica")
    history = (f"history:\n  position: 1\n  places:\n  - {{briefing: {india}, card: summary}}\n"
               f"  - {{briefing: {arabica}, card: '#3', query: coffee}}\n")
    old.write_text(old.read_text(encoding="utf-8") + history, encoding="utf-8")
    text = old.read_text(encoding="utf-8")

    with Library(root, progress=lambda line: None) as library:
        state, warning = ReaderState.for_library(library.root)
        assert warning is None
        assert state.read == {_id(root, "arabica"), _id(root, "india")} and len(state.bookmarks) == 2
        assert state.bookmarks[0] == Bookmark(_id(root, "arabica"), "#3", state.bookmarks[0].title)
        assert (state.last_briefing, state.last_card, state.theme) == (_id(root, "container"), "#2",
                                                                       "briefing-light")
        assert state.history.places == [Place(_id(root, "india"), "summary"),
                                        Place(_id(root, "arabica"), "#3", "coffee")]
        assert state.history.position == 1 and all(p.briefing_id in library for p in state.history.places)
    folder = user_state_dir(root)
    assert (folder / (STATE_FILE + FROM_LIBRARY_SUFFIX)).read_text(encoding="utf-8") == text  # the backup
    assert old.read_text(encoding="utf-8") == text  # left where it was, as it was

    state.read.clear()
    state.save()
    old.write_text("read: [changed-later-by-an-older-release]\n", encoding="utf-8")
    again, warning = ReaderState.for_library(root)
    assert warning is None and again.read == set()  # copied once: the user's own state is read from now on
    assert (folder / (STATE_FILE + FROM_LIBRARY_SUFFIX)).read_text(encoding="utf-8") == text


def _id(root: Path, start: str) -> str:
    (path,) = root.glob(f"briefings/*/{start}*.yaml")
    return path.stem


def test_a_state_removed_by_its_user_is_not_copied_again(tmp_path: Path) -> None:
    (tmp_path / STATE_FILE).write_text("read: [a]\n", encoding="utf-8")
    state, _ = ReaderState.for_library(tmp_path)
    assert state.read == {"a"}
    state.path.unlink()
    again, warning = ReaderState.for_library(tmp_path)
    assert warning is None and again.read == set()


@pytest.mark.parametrize(("content", "said"), [
    (b"\x00\x01\xff\xfe binary", "it is not UTF-8 text"),
    ("read: [caf\u00e9]\n".encode("latin-1"), "it is not UTF-8 text"),
    (b"read: [a, b\nbookmarks: [{briefing: x", "starting afresh"),
    (b"read: !!python/object/apply:os.system ['true']\n", "starting afresh"),
    (b"- a list\n- not a mapping\n", "it is not a mapping"),
])
def test_a_hostile_state_in_the_library_folder_is_one_line_and_left_alone(tmp_path: Path, content: bytes,
                                                                         said: str) -> None:
    (tmp_path / STATE_FILE).write_bytes(content)
    state, warning = ReaderState.for_library(tmp_path)
    assert warning is not None and said in warning and "\n" not in warning and "starting afresh" in warning
    assert state.read == set() and state.bookmarks == []
    assert (tmp_path / STATE_FILE).read_bytes() == content
    state.read.add("a")
    state.save()
    again, warning = ReaderState.for_library(tmp_path)
    assert warning is None and again.to_data() == state.to_data()


def test_wrong_typed_fields_in_the_library_s_state_are_left_out(tmp_path: Path) -> None:
    (tmp_path / STATE_FILE).write_text("read: [a, 3, {x: 1}]\nbookmarks: 7\nlast: [b]\ntheme: 4\n",
                                       encoding="utf-8")
    state, warning = ReaderState.for_library(tmp_path)
    assert warning is None and state.read == {"a"} and state.bookmarks == [] and state.last_briefing is None


def test_a_state_too_large_or_not_a_file_is_not_copied(tmp_path: Path) -> None:
    large, folder = tmp_path / "large", tmp_path / "folder"
    large.mkdir()
    with (large / STATE_FILE).open("wb") as handle:
        handle.truncate(20_000_001)
    state, warning = ReaderState.for_library(large)
    assert warning is not None and "it is too large" in warning and state.read == set()
    (folder / STATE_FILE).mkdir(parents=True)
    state, warning = ReaderState.for_library(folder)
    assert warning is None and state.to_data() == ReaderState(state.path).to_data()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_another_user_s_unreadable_state_in_the_library_is_said_once(tmp_path: Path) -> None:
    (tmp_path / STATE_FILE).write_text("read: [theirs]\n", encoding="utf-8")
    (tmp_path / STATE_FILE).chmod(0)
    state, warning = ReaderState.for_library(tmp_path)
    assert warning is not None and "Permission denied" in warning and state.read == set()
    assert ReaderState.for_library(tmp_path)[1] is None


def test_the_state_folder_says_which_library_it_belongs_to(tmp_path: Path) -> None:
    library = tmp_path / "shared"
    library.mkdir()
    ReaderState.for_library(library / ".." / "shared")
    assert (user_state_dir(library) / LIBRARY_NAME_FILE).read_text(encoding="utf-8") == f"{library}\n"
