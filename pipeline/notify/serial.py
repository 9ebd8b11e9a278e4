"""A document's result as plain JSON data and back, losslessly: the nightly state stores
results this way (never as pickles, which later code may be unable to read).

Generic over the dataclasses of `pipeline.model`: a field added to a class is stored and
read back without a change here.  Exact figures (`Decimal`) are strings of their value;
enums their value; tuples lists; dictionary keys strings (converted back by the field's type).
"""
from __future__ import annotations

import dataclasses
import enum
import types
import typing
from decimal import Decimal
from functools import cache

from pipeline import model
from pipeline.model import DocumentResult


def to_data(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_data(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot store a {type(value).__name__}")


@cache
def _hints(cls) -> dict:
    return typing.get_type_hints(cls, vars(model))


def from_data(kind, data):
    """`data` (from `to_data`) back into a value of type `kind`."""
    if data is None:
        return None
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        return from_data(options[0], data) if len(options) == 1 else data
    if dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        known = {f.name for f in dataclasses.fields(kind)}
        return kind(**{k: from_data(hints[k], v) for k, v in data.items() if k in known})
    if origin is list:
        return [from_data(args[0], v) for v in data] if args else list(data)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_data(args[0], v) for v in data)
        return tuple(from_data(a, v) for a, v in zip(args, data, strict=False)) if args else tuple(data)
    if origin is dict:
        key, val = args if args else (str, typing.Any)
        return {from_data(key, k): from_data(val, v) for k, v in data.items()}
    if kind is Decimal:
        return Decimal(data)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind(data)
    if kind is int and isinstance(data, str):
        return int(data)
    if kind is float and isinstance(data, (int, str)):
        return float(data)
    return data


def result_data(result: DocumentResult) -> dict:
    return to_data(result)


def result_from_data(data: dict) -> DocumentResult:
    return from_data(DocumentResult, data)
