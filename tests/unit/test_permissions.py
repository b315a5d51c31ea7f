"""Everything the reader writes (library, catalog, index, state, trust tokens) is readable by the user only,
even under a permissive umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import platformdirs
import pytest

from briefings.ingest import ingest_paths, sample_paths
from briefings.library import Library
from search import SearchIndex
from tui.state import Bookmark, ReaderState


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def _modes(folder: Path) -> dict[str, int]:
    return {str(path.relative_to(folder)): stat.S_IMODE(path.lstat().st_mode)
            for path in [folder, *folder.rglob("*")]}


def _assert_private(folder: Path) -> None:
    modes = _modes(folder)
    assert len(modes) > 1
    loose = {name: oct(mode) for name, mode in modes.items()
             if mode != (0o700 if (folder / name).is_dir() else 0o600)}
    assert not loose, f"not private: {loose}"


def test_library_catalog_index_and_state_are_private(tmp_path: Path) -> None:
    library = Library(tmp_path / "library")
    (library.root / "gazetteer.yaml").touch(mode=0o600)  # the user's own file: theirs to set
    with SearchIndex.open(None, library) as index:
        assert index.path == library.root / "index"
        outcomes = list(ingest_paths(library, sample_paths()))
        index.update(o.briefing for o in outcomes if o.briefing is not None)
        index.delete([outcomes[0].briefing_id])
        index.rebuild(library)
    state, _ = ReaderState.load(library.root)
    state.bookmarks.append(Bookmark(outcomes[1].briefing_id, 0, "title"))
    state.save()
    library.close()
    assert {"briefings", "catalog.sqlite3", "index", "reader-state.yaml"} <= set(os.listdir(library.root))
    assert len(os.listdir(library.root / "index")) > 3  # segments, table of contents, lock, token
    _assert_private(library.root)
    _assert_private(platformdirs.user_state_path("briefing-reader", appauthor=False) / "trusted-indexes")


def test_an_index_in_the_cache_folder_is_private(tmp_path: Path) -> None:
    library = Library(tmp_path / "library")
    list(ingest_paths(library, sample_paths()[:2]))
    cache_index = platformdirs.user_cache_path("briefing-reader", appauthor=False) / "indexes" / "one"
    with SearchIndex.open(cache_index, library) as index:
        assert len(index) == 2
    _assert_private(cache_index.parent)
