"""YAML as plain data only, fast, and safe against hostile files.

libyaml (the C loader) is ten times faster than PyYAML's own, which matters for a library
of 200,000 files, but it builds nested nodes by recursion in C and crashes the process on
deeply nested input. So the event stream (which libyaml parses with a heap stack) is
checked first for depth, alias counts and Python tags; only then is the text loaded.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from briefings.errors import ParseError

MAX_DEPTH = 64
MAX_ALIASES = 100
MAX_ALIAS_NODES = 100_000
"""Nodes that aliases may add once expanded: PyYAML shares an aliased node, but everything that walks
the loaded data (the model, the dumper) visits each copy, so 81 aliases can mean 387 million visits."""
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BaseDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
_TAGGED = (yaml.ScalarEvent, *_OPEN)
_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


_IMPLICIT: dict[str | None, list[tuple[str, re.Pattern[str]]]] = _BaseDumper.yaml_implicit_resolvers
"""By first character, the tags (null, bool, int, float, date) a plain scalar may be read as."""
_ONLY_IMPLICIT_TAGS = None not in _IMPLICIT and not _BaseDumper.yaml_path_resolvers
"""Whether a scalar's tag depends on its first character alone, as in PyYAML's safe resolver."""


class _Dumper(_BaseDumper):  # type: ignore[misc]
    """Writes every value out in full (no &anchors) and multi-line text as `|` blocks, for people to read.

    A split briefing is some 250 nodes, so the per-node work of PyYAML's Python half is much of what
    saving one costs: text, lists and mappings become nodes directly, and a scalar's tag is found by its
    first character as PyYAML's resolver finds it, without the path bookkeeping; the output is the same."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def represent_data(self, data: Any) -> Any:
        kind = type(data)
        if kind is str and self.default_style is None:
            return yaml.ScalarNode(_STR, data, style="|" if "\n" in data else None)
        if kind is dict and self.default_flow_style is False and not self.sort_keys:
            return yaml.MappingNode(_MAP, [(self.represent_data(key), self.represent_data(value))
                                           for key, value in data.items()], flow_style=False)
        if kind is list and self.default_flow_style is False:
            return yaml.SequenceNode(_SEQ, [self.represent_data(item) for item in data], flow_style=False)
        represent = self.yaml_representers.get(kind)
        return represent(self, data) if represent is not None else super().represent_data(data)

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is not yaml.ScalarNode or not _ONLY_IMPLICIT_TAGS:
            return str(super().resolve(kind, value, implicit))
        if implicit[0]:
            for tag, pattern in _IMPLICIT.get(value[:1], ()):
                if pattern.match(value):
                    return str(tag)
        return _STR


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    """The emitter falls back to quoting by itself when a block cannot hold the text exactly."""
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None)


_Dumper.add_representer(str, _represent_text)


def dump_yaml(data: Any) -> str:
    return str(yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True))


def load_yaml_file(path: Path, max_bytes: int) -> Any:
    """A small YAML file of the app's own (archive, saved searches, reader state) as plain data.
    FileNotFoundError when there is none; any other reason it cannot be used is a ParseError of one line
    without the file's name (too large, not UTF-8, unreadable, not YAML), for the caller to name it."""
    try:
        if path.stat().st_size > max_bytes:
            raise ParseError("it is too large")
        return load_yaml(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise
    except UnicodeDecodeError:
        raise ParseError("it is not UTF-8 text") from None
    except OSError as error:
        raise ParseError(error.strerror or str(error).splitlines()[0]) from None
    except ParseError as error:
        raise ParseError(str(error).splitlines()[0]) from None


def load_yaml(text: str, *, first_line: int = 1) -> Any:
    """Raises ParseError with a one-line message; `first_line` is where `text` starts in its file."""
    try:
        _check_events(text, first_line)
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        if "depth" in str(error.problem):  # libyaml's own (newer) depth guard fired before ours could
            raise _too_deep(error, first_line) from None
        raise ParseError(_describe(error, first_line)) from None
    except yaml.YAMLError as error:
        raise ParseError(str(error).splitlines()[0]) from None
    except RecursionError:
        raise ParseError("YAML is nested too deeply") from None
    except (ValueError, OverflowError) as error:  # a date such as 2025-13-45 that YAML's pattern accepts
        raise ParseError(f"impossible value in YAML: {error}") from None


def _check_events(text: str, first_line: int) -> None:
    """Bounds nesting, aliases and what aliases expand to, and refuses Python tags, before loading."""
    aliases = expanded = 0
    sizes: dict[str, int] = {}  # anchor -> nodes in its value, aliases expanded
    open_nodes: list[tuple[str | None, int]] = [(None, 0)]  # (anchor, nodes so far) per open collection
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, _TAGGED) and event.tag and event.tag.startswith("tag:yaml.org,2002:python/"):
            tag = "!!" + event.tag.removeprefix("tag:yaml.org,2002:")
            raise ParseError(f"YAML tag {tag} asks for a Python object; only plain data is read"
                             f"{_at(event, first_line)}")
        if isinstance(event, _OPEN):
            open_nodes.append((event.anchor, 1))
            if len(open_nodes) > MAX_DEPTH + 1:
                raise _too_deep(event, first_line)
            continue
        if isinstance(event, _CLOSE):
            anchor, size = open_nodes.pop()
        elif isinstance(event, yaml.ScalarEvent):
            anchor, size = event.anchor, 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            anchor, size = None, sizes.get(event.anchor or "", 1)
            expanded += size
            if aliases > MAX_ALIASES:
                raise ParseError(f"YAML has more than {MAX_ALIASES} aliases{_at(event, first_line)}")
            if expanded > MAX_ALIAS_NODES:
                raise ParseError(f"YAML aliases expand to more than {MAX_ALIAS_NODES:,} values "
                                 f"(an alias bomb){_at(event, first_line)}")
        else:
            continue
        if anchor:
            sizes[anchor] = size
        parent_anchor, parent_size = open_nodes[-1]
        open_nodes[-1] = (parent_anchor, parent_size + size)


def _too_deep(marked: yaml.Event | yaml.MarkedYAMLError, first_line: int) -> ParseError:
    return ParseError(f"YAML is nested more than {MAX_DEPTH} levels deep{_at(marked, first_line)}")


def _at(marked: yaml.Event | yaml.MarkedYAMLError, first_line: int) -> str:
    mark = marked.start_mark if isinstance(marked, yaml.Event) else marked.problem_mark or marked.context_mark
    return f" (line {mark.line + first_line}, column {mark.column + 1})" if mark else ""


def _describe(error: yaml.MarkedYAMLError, first_line: int) -> str:
    problem = error.problem or error.context or "malformed YAML"
    if problem.startswith("could not determine a constructor for the tag"):
        problem = f"unsupported YAML tag {problem.rpartition(' ')[2]}; only plain data is read"
    return f"{problem}{_at(error, first_line)}"
