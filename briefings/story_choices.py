"""The analyst's story choices: briefings forced into one story and briefings kept out of one, kept in
one small YAML file (`<library>/stories.yaml`) so a later re-ingest regroups the same way.

The file is read as hostile input: one that cannot be read is one warning naming it and no choices;
an entry that is not what it should be is left out with a warning of its own, the others kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefings.errors import BriefingError
from briefings.files import write_atomic
from briefings.reading import read_text
from briefings.safe_yaml import dump_yaml, load_yaml

CHOICES_FILE = "stories.yaml"
VERSION = 1
MAX_CHOICES_BYTES = 10_000_000
"""A choices file larger than this was not written by us: the bound keeps a hostile one from filling
memory."""
MAX_ID_CHARS = 1_000


@dataclass(frozen=True)
class StoryChoices:
    """`groups`: sets of briefing ids the analyst put in one story; `apart`: pairs of briefing ids the
    analyst took out of one story, which grouping never puts together again on its own."""

    groups: tuple[frozenset[str], ...] = ()
    apart: frozenset[frozenset[str]] = frozenset()

    def grouped(self, ids: Iterable[str]) -> StoryChoices:
        """These briefings together: joined with any group they overlap, no longer kept apart."""
        merged = set(ids)
        kept = []
        for group in self.groups:
            if group & merged:
                merged |= group
            else:
                kept.append(group)
        apart = frozenset(pair for pair in self.apart if not pair <= merged)
        return StoryChoices((*kept, frozenset(merged)), apart)

    def separated(self, briefing_id: str, others: Iterable[str]) -> StoryChoices:
        """The briefing kept apart from each of `others`, and out of any group it was forced into."""
        groups = tuple(group - {briefing_id} for group in self.groups)
        pairs = {frozenset((briefing_id, other)) for other in others if other != briefing_id}
        return StoryChoices(tuple(group for group in groups if len(group) > 1), self.apart | pairs)


@dataclass(frozen=True)
class LoadedChoices:
    choices: StoryChoices
    warnings: tuple[str, ...] = field(default=())


def choices_path(library_root: Path) -> Path:
    return library_root / CHOICES_FILE


def load_choices(path: Path) -> LoadedChoices:
    """The choices the file holds; none (and why, in one line) when there is no usable file."""
    if not path.exists():
        return LoadedChoices(StoryChoices())
    try:
        data = load_yaml(read_text(path, MAX_CHOICES_BYTES).text)
    except (BriefingError, OSError) as error:
        return LoadedChoices(StoryChoices(), (f"{path.name}: {_one_line(error)}; no story choices used",))
    if not isinstance(data, dict):
        return LoadedChoices(StoryChoices(), (f"{path.name}: not a mapping of story choices; none used",))
    warnings: list[str] = []
    groups = tuple(group for number, entry in enumerate(_listed(data, "groups", path, warnings), 1)
                   if (group := _ids(entry, 2, None, f"{path.name}: groups entry {number}", warnings)))
    apart = frozenset(pair for number, entry in enumerate(_listed(data, "apart", path, warnings), 1)
                      if (pair := _ids(entry, 2, 2, f"{path.name}: apart entry {number}", warnings)))
    return LoadedChoices(StoryChoices(groups, apart), tuple(warnings))


def save_choices(path: Path, choices: StoryChoices) -> None:
    """Written atomically, ids sorted, so the file reads the same for the same choices."""
    data = {"version": VERSION,
            "groups": sorted(sorted(group) for group in choices.groups),
            "apart": sorted(sorted(pair) for pair in choices.apart)}
    write_atomic(path, dump_yaml(data))


def _listed(data: dict[Any, Any], key: str, path: Path, warnings: list[str]) -> list[Any]:
    value = data.get(key, [])
    if isinstance(value, list):
        return value
    warnings.append(f"{path.name}: '{key}' is not a list; left out")
    return []


def _ids(entry: Any, least: int, most: int | None, where: str, warnings: list[str]) -> frozenset[str]:
    """The entry's distinct briefing ids, or nothing (with a warning) when it is not a list of them."""
    if not isinstance(entry, list) or not all(isinstance(item, str) and 0 < len(item) <= MAX_ID_CHARS
                                               for item in entry):
        warnings.append(f"{where}: not a list of briefing ids; left out")
        return frozenset()
    ids = frozenset(entry)
    if len(ids) < least or (most is not None and len(ids) > most):
        wanted = f"{least}" if most == least else f"at least {least}"
        warnings.append(f"{where}: needs {wanted} different briefing ids; left out")
        return frozenset()
    return ids


def _one_line(error: Exception) -> str:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text.removeprefix(f"{CHOICES_FILE}: ")
