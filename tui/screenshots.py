"""Where a screenshot (ctrl+p "Save screenshot") goes: Textual's default, ~/Downloads, is missing on many
servers and fresh accounts, and saving there would fail."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_downloads_path

from briefings.library import Library


def screenshot_folder(library: Library) -> Path:
    """The downloads folder when there is one, else the library's (beside the reading state) when it can
    be written, else the current folder."""
    downloads = user_downloads_path()
    if downloads.is_dir():
        return downloads
    if not library.read_only and library.root.is_dir():
        return library.root
    return Path.cwd()
