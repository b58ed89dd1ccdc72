"""Frozen dataclasses to JSON and back, every value checked against its declared type.

For data kept in files that someone else may have written (the dashboard's snapshots of its
first screen): JSON cannot name code to run, as a pickle can, and :func:`decode` builds only
the dataclass asked for, from values of the declared types, refusing anything else with
:class:`ShapeError`. Supported types: dataclasses, enums, ``int``, ``float``, ``str``,
``bool``, ``None`` and unions with it, ``datetime.date`` and ``datetime``, ``tuple[X, ...]``
and fixed tuples, ``frozenset[X]``, ``Mapping[K, V]`` (written as a list of pairs, since keys
may be enums), and ``object`` (JSON scalars only).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import types
import typing
from collections.abc import Mapping
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


class ShapeError(ValueError):
    """The JSON does not have the shape of the dataclass asked for."""


def encode(value: Any) -> Any:
    """``value`` as plain JSON data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return [[encode(k), encode(v)] for k, v in value.items()]
    if isinstance(value, (tuple, list, frozenset, set)):
        return [encode(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"{type(value).__name__} cannot be written as JSON")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


_SCALARS = (str, int, float, bool, type(None))


def decode(hint: Any, data: Any, where: str = "$") -> Any:
    """``data`` (parsed JSON) as a value of type ``hint``; :class:`ShapeError` naming the
    place (``$.children[2].org.kind``) when it is not one."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(hint)
        if data is None and type(None) in args:
            return None
        for arg in args:
            if arg is type(None):
                continue
            try:
                return decode(arg, data, where)
            except ShapeError:
                continue
        raise ShapeError(f"{where}: {data!r} is none of {hint}")
    if hint is Any or hint is object:
        if isinstance(data, _SCALARS):
            return data
        raise ShapeError(f"{where}: {type(data).__name__} where a plain value belongs")
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if not isinstance(data, dict):
            raise ShapeError(f"{where}: {type(data).__name__} where {hint.__name__} belongs")
        fields = {f.name: f for f in dataclasses.fields(hint) if f.init}
        unknown = set(data) - set(fields)
        if unknown:
            raise ShapeError(f"{where}: unknown fields {sorted(map(str, unknown))} in {hint.__name__}")
        hints = _hints(hint)
        values = {}
        for name, f in fields.items():
            if name not in data:
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                    raise ShapeError(f"{where}: {hint.__name__} lacks {name}")
                continue
            values[name] = decode(hints[name], data[name], f"{where}.{name}")
        return hint(**values)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        try:
            return hint(data)
        except (ValueError, TypeError) as exc:
            raise ShapeError(f"{where}: {data!r} is not a {hint.__name__}") from exc
    if hint is dt.datetime or hint is dt.date:
        if not isinstance(data, str):
            raise ShapeError(f"{where}: {type(data).__name__} where a date belongs")
        try:
            value = dt.datetime.fromisoformat(data) if hint is dt.datetime else dt.date.fromisoformat(data)
        except ValueError as exc:
            raise ShapeError(f"{where}: {data!r} is not a date") from exc
        return value
    if hint is bool:
        if isinstance(data, bool):
            return data
        raise ShapeError(f"{where}: {data!r} is not a boolean")
    if hint is int:
        if isinstance(data, int) and not isinstance(data, bool):
            return data
        raise ShapeError(f"{where}: {data!r} is not an integer")
    if hint is float:
        if isinstance(data, (int, float)) and not isinstance(data, bool):
            return float(data)
        raise ShapeError(f"{where}: {data!r} is not a number")
    if hint is str:
        if isinstance(data, str):
            return data
        raise ShapeError(f"{where}: {data!r} is not a text")
    if origin is tuple:
        args = typing.get_args(hint)
        if not isinstance(data, list):
            raise ShapeError(f"{where}: {type(data).__name__} where a list belongs")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(decode(args[0], v, f"{where}[{i}]") for i, v in enumerate(data))
        if len(args) != len(data):
            raise ShapeError(f"{where}: {len(data)} items where {len(args)} belong")
        return tuple(decode(a, v, f"{where}[{i}]") for i, (a, v) in enumerate(zip(args, data, strict=True)))
    if origin in (frozenset, set):
        (arg,) = typing.get_args(hint)
        if not isinstance(data, list):
            raise ShapeError(f"{where}: {type(data).__name__} where a list belongs")
        return frozenset(decode(arg, v, f"{where}[{i}]") for i, v in enumerate(data))
    if origin in (Mapping, dict):
        key_hint, value_hint = typing.get_args(hint)
        if not isinstance(data, list) or not all(isinstance(p, list) and len(p) == 2 for p in data):
            raise ShapeError(f"{where}: not a list of pairs")
        return {decode(key_hint, k, f"{where}[{i}].key"): decode(value_hint, v, f"{where}[{i}]") for i, (k, v) in enumerate(data)}
    raise ShapeError(f"{where}: values of type {hint} are not read from JSON")


def load(cls: type[T], data: Any) -> T:
    """The ``cls`` that ``data`` (parsed JSON) describes, or :class:`ShapeError`."""
    return decode(cls, data)  # type: ignore[no-any-return]


__all__ = ["ShapeError", "decode", "encode", "load"]
