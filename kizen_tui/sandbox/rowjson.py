"""Search rows encoded straight to JSON text, as `records.list_json` shapes them.

A page of 100 companies is ~470 KB of JSON: ~3,000 field entries of which only the value
varies. Building the dicts and encoding them took ~8 ms; here each field's constant part
(`"<uuid>":{"id":...,"display_name":...,"value":`) is encoded once, option-like values once per
option, and a page is joined from those pieces (~3 ms). The text is the same, byte for byte,
as Starlette's JSONResponse renders `list_json` (tests/sandbox/test_rowjson.py holds it there).
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any

from kizen_tui.sandbox import timeutil
from kizen_tui.sandbox.records import access_json, client_info
from kizen_tui.sandbox.schema import OPTION_TYPES, FieldDef, ObjectDef
from kizen_tui.sandbox.store import Store
from kizen_tui.sandbox.values import Renderer, scalar_value

Encode = Callable[[Any], str]

#: Field types with few values, each encoded once (ordinal → JSON text).
_ORDINAL_TYPES = OPTION_TYPES | {"rating", "timezone", "team_selector"}


#: Starlette's JSONResponse settings; one encoder (json.dumps with options builds one per call).
dumps: Callable[[Any], str] = json.JSONEncoder(
    ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode
"""JSON text as Starlette's JSONResponse renders it."""


def _number(raw: Any) -> str:
    kind = type(raw)
    if kind is int:
        return int.__repr__(raw)
    if kind is float and math.isfinite(raw):
        return float.__repr__(raw)
    return dumps(raw)  # rejects NaN and infinities, as JSONResponse does


def _value_encoder(fd: FieldDef) -> Encode:
    """A function from a stored (non-blank) column value to the JSON text of the read value."""
    kind = fd.field_type
    if kind in _ORDINAL_TYPES:
        cache: dict[Any, str] = {}

        def ordinal(raw: Any) -> str:
            text = cache.get(raw)
            if text is None:
                text = cache[raw] = dumps(scalar_value(fd, raw))
            return text
        return ordinal
    if kind == "datetime":
        return lambda raw: encode_basestring(timeutil.render(raw))
    if kind == "checkbox":
        return lambda raw: "true" if raw else "false"
    if kind == "money":
        head = dumps({"currency": fd.currency, "symbol": "$", "amount": 0})[:-2]
        return lambda raw: f"{head}{_number(raw)}}}"

    def plain(raw: Any) -> str:
        if isinstance(raw, str):
            return encode_basestring(raw)
        return _number(raw) if isinstance(raw, int | float) else dumps(scalar_value(fd, raw))
    return plain


class _FieldCodec:
    """The constant JSON pieces of one field's entries."""

    def __init__(self, fd: FieldDef) -> None:
        head = dumps({"id": fd.id, "name": fd.name, "field_type": fd.field_type,
                      "display_name": fd.display_name})[:-1]
        self.key = f"{encode_basestring(fd.id)}:{head}"
        self.encode = _value_encoder(fd) if fd.column else dumps


_CODECS: dict[int, _FieldCodec] = {}


def _codec(fd: FieldDef) -> _FieldCodec:
    codec = _CODECS.get(id(fd))
    if codec is None:  # field definitions live as long as the process (static catalog)
        codec = _CODECS[id(fd)] = _FieldCodec(fd)
    return codec


def _column_entries(fd: FieldDef, rows: list[sqlite3.Row], out: dict[int, list[str]]) -> None:
    assert fd.column is not None
    codec = _codec(fd)
    index = rows[0].keys().index(fd.column)  # sqlite3.Row name lookup is a linear search
    prefix, encode = f'{codec.key},"value":', codec.encode
    for row in rows:
        raw = row[index]
        if raw is not None and raw != "":
            out[row[0]].append(f"{prefix}{encode(raw)}}}")


def fields_json(store: Store, obj: ObjectDef, rows: list[sqlite3.Row],
                fields: list[FieldDef]) -> dict[int, str]:
    """`{rid: JSON text of the row's fields map}`, entries in `fields` order."""
    out: dict[int, list[str]] = {row["rid"]: [] for row in rows}
    if not rows:
        return {}
    assert rows[0].keys()[0] == "rid"
    renderer = Renderer(store, obj)
    rids = list(out)
    for fd in fields:
        if fd.column:
            _column_entries(fd, rows, out)
            continue
        key = _codec(fd).key
        for rid, entry in renderer.values(fd, rows, rids).items():
            (name, value), = entry.items()
            out[rid].append(f'{key},"{name}":{dumps(value)}}}')
    return {rid: "{" + ",".join(parts) + "}" for rid, parts in out.items()}


def rows_json(store: Store, obj: ObjectDef, rows: list[sqlite3.Row],
              fields: list[FieldDef]) -> list[str]:
    """The JSON text of each search row (`records.list_json`'s shape), in order."""
    rendered = fields_json(store, obj, rows, fields)
    object_type = encode_basestring(obj.object_type)
    access: dict[tuple[Any, ...], str] = {}
    out = []
    for row in rows:
        flags = (row["can_view"], row["can_edit"], row["can_remove"])
        if flags not in access:
            access[flags] = dumps(access_json(row))
        info = client_info(obj, row)
        out.append(f'{{"id":{encode_basestring(row["id"])},"object_type":{object_type},'
                   f'"client_info":{"null" if info is None else dumps(info)},'
                   f'"access":{access[flags]},"fields":{rendered[row["rid"]]}}}')
    return out


def envelope_json(envelope: dict[str, Any], results: list[str]) -> bytes:
    """A list envelope (`Page.envelope` with no results) holding pre-encoded results."""
    parts = [f"{encode_basestring(key)}:" + ("[" + ",".join(results) + "]" if key == "results"
                                            else dumps(value))
             for key, value in envelope.items()]
    return ("{" + ",".join(parts) + "}").encode("utf-8")
