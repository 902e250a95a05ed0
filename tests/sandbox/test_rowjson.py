"""Search rows encoded straight to JSON are the text JSONResponse renders of `list_json`."""

from __future__ import annotations

import json
import sqlite3

import pytest
from starlette.applications import Starlette
from starlette.responses import JSONResponse

from kizen_tui.sandbox.records import list_json
from kizen_tui.sandbox.rowjson import envelope_json, rows_json
from kizen_tui.sandbox.store import Store


def every_row(store: Store, table: str) -> list[sqlite3.Row]:
    return store.query(f'SELECT * FROM "{table}" ORDER BY rid')


@pytest.mark.parametrize("obj_name", ["companies", "client_client", "deals", "projects"])
def test_rows_encode_as_list_json_renders(shared_app: Starlette, obj_name: str) -> None:
    store: Store = shared_app.state.store
    obj = store.objects[obj_name]
    rows = every_row(store, obj.table)  # hostile names, long text, big relationships, blanks
    every = list(obj.fields)  # hidden and invisible ones too: the encoder must not care
    for fields in (every, every[::-1][:5], [obj.by_name[obj.identifier]], []):
        expected = JSONResponse(list_json(store, obj, rows, fields)).body
        got = ("[" + ",".join(rows_json(store, obj, rows, fields)) + "]").encode()
        assert got == expected


def test_odd_stored_values_encode_like_json(shared_app: Starlette) -> None:
    store: Store = shared_app.state.store
    obj = store.objects["companies"]
    rid = store.query('SELECT rid FROM "r_companies" ORDER BY rid LIMIT 1')[0][0]
    odd = {"f_score": 2.0, "f_employee_count": 10**18, "f_annual_revenue": 0.1 + 0.2,
           "f_website": 'quote " back \\ nl \n tab \t nul \x00 é 🚀', "f_credit_limit": -0.0}
    store.update(obj, rid, odd)
    try:
        rows = store.query('SELECT * FROM "r_companies" WHERE rid = ?', (rid,))
        expected = JSONResponse(list_json(store, obj, rows, list(obj.fields))).body
        assert ("[" + rows_json(store, obj, rows, list(obj.fields))[0] + "]").encode() == expected
    finally:
        store.update(obj, rid, dict.fromkeys(odd))


def test_envelope_holds_the_results_in_place() -> None:
    envelope = {"count": 2, "next": "http://x/?page=2&q=\u00e9", "previous": None,
                "results": [], "errors": None}
    body = envelope_json(envelope, ['{"a":1}', '{"b":"\u00e9"}'])
    assert body == JSONResponse({**envelope, "results": [{"a": 1}, {"b": "\u00e9"}]}).body
    assert json.loads(body)["results"] == [{"a": 1}, {"b": "\u00e9"}]
