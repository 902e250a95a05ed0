"""Domain values to JSON and back, for autosaved drafts.

Plain JSON scalars stay as they are; the other domain types are tagged with a one-key object
(`{"$decimal": "1.50"}`), and dicts are wrapped too so a raw value that happens to look like a
tag can never be misread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from kizen_tui.domain.codecs.base import Ref


def dump_value(value: Any) -> Any:
    """A JSON-serialisable form of a domain value (see `load_value`)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return {"$float": repr(value)}  # NaN and infinities are not JSON
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, Ref):
        return {"$ref": [value.id, value.label]}
    if isinstance(value, list | tuple):
        return [dump_value(item) for item in value]
    if isinstance(value, dict):
        return {"$dict": {str(k): dump_value(v) for k, v in value.items()}}
    return {"$str": str(value)}


def load_value(data: Any) -> Any:
    """The domain value `dump_value` produced `data` from."""
    if isinstance(data, list):
        return [load_value(item) for item in data]
    if not isinstance(data, dict) or len(data) != 1:
        return data
    (tag, inner), = data.items()
    loaders: dict[str, Callable[[Any], Any]] = {
        "$float": float,
        "$decimal": Decimal,
        "$datetime": datetime.fromisoformat,
        "$date": date.fromisoformat,
        "$ref": lambda pair: Ref(pair[0], pair[1]),
        "$dict": lambda d: {k: load_value(v) for k, v in d.items()},
        "$str": str,
    }
    return loaders[tag](inner) if tag in loaders else data
