"""Plain-data form of the model, shared by the native YAML files and the JSON export.

The conversion is driven by the dataclass type hints, so a field added to the model
is written and read back without touching this module. The library's files leave out a card's fields
that hold their defaults (`briefing_to_data(terse=True)`); reading fills them in again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import types
import typing
from enum import Enum
from functools import cache
from typing import Any, TypeVar

from briefings.errors import ParseError
from briefings.model import Briefing, Card

SCHEMA_VERSION = 2
"""Bumped whenever a field changes meaning or is removed; adding a field keeps it.
2: `date` may be inferred from the text or the references (`date_inferred` says how, `date_precision` how
precisely); in 1 it was only ever the date the input stated."""
READABLE_VERSIONS = (1, SCHEMA_VERSION)
"""What `briefing_from_data` reads. A version-1 briefing reads as it is: its date was stated (the defaults
of the fields 2 added say so); the library's upgrade then infers the dates it lacks."""

T = TypeVar("T")


def to_data(value: Any) -> Any:
    """Dataclasses become dicts, tuples lists, enums their values; dates stay dates.

    A whole number in a float field is written as a float (100.0, not 100): it is read back as a
    float, so writing it the other way would change the file's bytes on every save of a loaded copy.
    """
    return _plain(value, _VERBOSE)


def briefing_to_data(briefing: Briefing, *, terse: bool = False) -> dict[str, Any]:
    """`terse`: as the library stores it, each card without the fields it leaves at their defaults. A
    split article has four to six cards, and a derived card fills three fields of eleven: writing the
    other eight was a sixth of what saving one cost. Exports and digests keep every field."""
    return {"schema_version": SCHEMA_VERSION, **_plain(briefing, _TERSE if terse else _VERBOSE)}


_VERBOSE: frozenset[type] = frozenset()
_TERSE: frozenset[type] = frozenset({Card})
"""The types whose fields at their defaults are left out of a library file."""
_NO_DEFAULTS: dict[str, Any] = {}
"""What a type written in full leaves out: nothing."""


def _plain(value: Any, terse: frozenset[type]) -> Any:
    kind: type = type(value)
    if kind is str:
        return value
    fields = _field_names(kind)
    if fields is not None:
        floats = _float_fields(kind)
        defaults = _defaults(kind) if kind in terse else _NO_DEFAULTS
        data = {}
        for name in fields:
            field_value = getattr(value, name)
            if name not in defaults or field_value != defaults[name]:
                data[name] = _plain(_as_declared(field_value, name in floats), terse)
        for name, prop in _derived_fields(kind):
            data[name] = prop.fget(value) if prop.fget else None
        return data
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [_plain(item, terse) for item in value]
    return value


@cache
def _defaults(cls: type) -> dict[str, Any]:
    """A dataclass's fields that have a default, with it."""
    found: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        if field.default is not dataclasses.MISSING:
            found[field.name] = field.default
        elif field.default_factory is not dataclasses.MISSING:
            found[field.name] = field.default_factory()
    return found


def briefing_from_data(data: Any) -> Briefing:
    if not isinstance(data, dict):
        raise ParseError("a briefing must be a mapping")
    version = data.get("schema_version", SCHEMA_VERSION)
    if version not in READABLE_VERSIONS or isinstance(version, bool):
        raise ParseError(f"unsupported schema_version {version!r} (this version reads "
                         f"{', '.join(map(str, READABLE_VERSIONS))})")
    return from_data(Briefing, data)


def from_data(cls: type[T], data: Any) -> T:
    """Build `cls` from plain data, raising ParseError naming the first field that does not fit."""
    try:
        return typing.cast(T, _convert(cls, data, cls.__name__))
    except RecursionError:
        raise ParseError("data is nested too deeply") from None


@cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """A dataclass's fields in order, None for any other type: found once per type, since a briefing
    is some 150 values to convert, a thousand of them per file ingested."""
    return tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@cache
def _float_fields(cls: type) -> frozenset[str]:
    """The fields declared `float` or `float | None`."""
    return frozenset(name for name, hint in _hints(cls).items()
                     if hint is float or (typing.get_origin(hint) in (typing.Union, types.UnionType)
                                          and float in typing.get_args(hint)))


def _as_declared(value: Any, is_float: bool) -> Any:
    if is_float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


@cache
def _derived_fields(cls: type) -> tuple[tuple[str, property], ...]:
    """Read-only properties exported for scripts (e.g. OutletSummary.outlet); ignored on load."""
    exported = {"OutletSummary": ("outlet",)}
    return tuple((name, getattr(cls, name)) for name in exported.get(cls.__name__, ()))


def _convert(tp: Any, data: Any, where: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(tp)
        if data is None and type(None) in options:
            return None
        (inner,) = [option for option in options if option is not type(None)]
        return _convert(inner, data, where)
    if origin is tuple:
        if not isinstance(data, list):
            raise ParseError(f"{where}: expected a list, got {type(data).__name__}")
        (item_type, _ellipsis) = typing.get_args(tp)
        return tuple(_convert(item_type, item, f"{where}[{i}]") for i, item in enumerate(data))
    if dataclasses.is_dataclass(tp):
        return _convert_dataclass(tp, data, where)
    if isinstance(tp, type) and issubclass(tp, Enum):
        try:
            return tp(data)
        except ValueError:
            raise ParseError(f"{where}: unknown value {data!r}") from None
    if tp is dt.date:
        return _convert_date(data, where)
    if tp is bool:
        if not isinstance(data, bool):
            raise ParseError(f"{where}: expected true or false, got {data!r}")
        return data
    if tp is int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise ParseError(f"{where}: expected a whole number, got {data!r}")
        return data
    if tp is float:
        if isinstance(data, bool) or not isinstance(data, (int, float)) or not math.isfinite(data):
            raise ParseError(f"{where}: expected a number, got {data!r}")
        return float(data)
    if tp is str:
        if not isinstance(data, str):
            raise ParseError(f"{where}: expected text, got {type(data).__name__}")
        return data
    raise TypeError(f"no conversion for {tp!r}")  # a model field of a type this module does not know


def _convert_dataclass(cls: Any, data: Any, where: str) -> Any:
    if not isinstance(data, dict):
        raise ParseError(f"{where}: expected a mapping, got {type(data).__name__}")
    hints = _hints(cls)
    derived = {name for name, _ in _derived_fields(cls)}
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = set(data) - names - derived - {"schema_version"}
    if unknown:
        raise ParseError(f"{where}: unknown field {sorted(map(str, unknown))[0]!r}")
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in data:
            kwargs[f.name] = _convert(hints[f.name], data[f.name], f"{where}.{f.name}")
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise ParseError(f"{where}: missing field {f.name!r}")
    return cls(**kwargs)


def _convert_date(data: Any, where: str) -> dt.date:
    if isinstance(data, dt.datetime):
        return data.date()
    if isinstance(data, dt.date):
        return data
    if isinstance(data, str):
        try:
            return dt.date.fromisoformat(data)
        except ValueError:
            pass
    raise ParseError(f"{where}: expected a date like 2025-07-01, got {data!r}")
