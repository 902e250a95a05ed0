"""Starlette endpoints of the nine Records operations plus unarchive and move.

The handlers are thin: parse the request, run the store work under its lock (writes in one
transaction), shape the response. Lookup of a record the user may not see is 403 (API-NOTES §6);
get of such a record is 404 (§5).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kizen_tui.sandbox import query
from kizen_tui.sandbox.entries import fields_list
from kizen_tui.sandbox.fieldvalues import field_values
from kizen_tui.sandbox.filterops import FilterError
from kizen_tui.sandbox.http import (
    ApiError,
    bad_request,
    forbidden,
    json_body,
    not_found,
    page_param,
    page_size_param,
    parse_bool,
)
from kizen_tui.sandbox.records import (
    all_fields,
    detail_json,
    load_visible,
    resolve_object,
    selected_fields,
)
from kizen_tui.sandbox.rowjson import envelope_json, rows_json
from kizen_tui.sandbox.schema import FieldDef, ObjectDef
from kizen_tui.sandbox.store import Store
from kizen_tui.sandbox.timeutil import now_us
from kizen_tui.sandbox.writes import ADD_MODES, Writer, _choice

Body = dict[str, Any]


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _obj(request: Request) -> ObjectDef:
    return resolve_object(request.path_params["obj"])


def _detail(store: Store, obj: ObjectDef, rid: int, fields: list[FieldDef], **extra: Any) -> Body:
    row = store.rows(obj, [rid])[rid]
    return {**detail_json(store, obj, row, fields), **extra}


def _written(obj: ObjectDef, written: list[FieldDef]) -> list[FieldDef]:
    """The fields a PATCH/upsert returns by default: those written, plus `updated`."""
    chosen = [*written, obj.by_name["updated"]]
    return sorted({fd for fd in chosen if fd.can_view}, key=lambda fd: fd.order)


async def search(request: Request) -> Response:
    """POST /api/records/{obj}/search."""
    store, obj = _store(request), _obj(request)
    body, size = await json_body(request), page_size_param(request)
    try:
        compiled = query.compile_search(store, obj, dict(request.query_params), body)
        fields = query.trimmed_fields(obj, body)
    except FilterError as exc:
        return JSONResponse({"count": 0, "next": None, "previous": None, "results": [],
                             "errors": [str(exc)]}, status_code=400)
    with store.lock:
        page = page_param(request, query.count(store, obj, compiled), size)
        rids = query.page_rids(store, obj, compiled, page.size, page.offset, page.count)
        rows = store.rows(obj, rids)
        results = rows_json(store, obj, [rows[r] for r in rids], fields)
    return Response(envelope_json(page.envelope(request, []), results),
                    media_type="application/json")


async def get_record(request: Request) -> Response:
    """GET /api/records/{obj}/{id}."""
    store, obj = _store(request), _obj(request)
    fields = selected_fields(obj, request, all_by_default=True, hidden_param=True)
    summary = parse_bool(request, "detail_summary", False)
    with store.lock:
        row = load_visible(store, obj, str(request.path_params["entity_id"]))
        return JSONResponse(detail_json(store, obj, row, fields, summary=summary))


async def lookup(request: Request) -> Response:
    """GET /api/records/{obj}/lookup?identifier=..."""
    store, obj = _store(request), _obj(request)
    identifier = request.query_params.get("identifier")
    if not identifier:
        raise bad_request("The identifier parameter is required.", "required")
    all_by_default = parse_bool(request, "all_fields", True)
    fields = selected_fields(obj, request, all_by_default=all_by_default, hidden_param=False)
    with store.lock:
        row = store.find_by_identifier(obj, identifier, archived=False, exact=True)
        if row is None:
            raise not_found()
        if not row["can_view"]:
            raise forbidden()
        return JSONResponse(detail_json(store, obj, row, fields))


async def add(request: Request) -> Response:
    """POST /api/records/{obj}/add."""
    store, obj, body = _store(request), _obj(request), await json_body(request)
    raw = fields_list(body, required=True)
    mode = _choice(body, "unarchive", ADD_MODES, "prompt")
    with store.transaction():
        rid, action, _ = Writer(store).create(obj, raw, mode, "unarchive", archived_exact=True)
        out = _detail(store, obj, rid, all_fields(obj), action=action)
    return JSONResponse(out)


async def update(request: Request) -> Response:
    """PATCH and PUT /api/records/{obj}/{id}."""
    store, obj, body = _store(request), _obj(request), await json_body(request)
    full = request.method == "PUT"
    raw = fields_list(body, required=full)
    overwrite = _choice(body, "archived_conflict", ("overwrite",), None) == "overwrite"
    every = full or parse_bool(request, "return_all_fields", False)
    with store.transaction():
        row = load_visible(store, obj, str(request.path_params["entity_id"]))
        parsed = Writer(store).update(obj, row, raw, full=full, overwrite=overwrite)
        fields = all_fields(obj) if every else _written(obj, parsed.written())
        out = _detail(store, obj, row["rid"], fields)
    return JSONResponse(out)


async def delete(request: Request) -> Response:
    """DELETE /api/records/{obj}/{id}: archive."""
    store, obj = _store(request), _obj(request)
    with store.transaction():
        row = load_visible(store, obj, str(request.path_params["entity_id"]))
        Writer(store).archive(obj, row)
    return Response(status_code=204)


async def upsert(request: Request) -> Response:
    """POST /api/records/{obj}/upsert."""
    store, obj, body = _store(request), _obj(request), await json_body(request)
    lookup_value = body.get("lookup_value")
    if not isinstance(lookup_value, str) or not lookup_value.strip():
        raise ApiError(400, {"non_field_errors": ["lookup_value: This field is required."],
                             "fields": [], "lookup_value": ["This field is required."]})
    raw = fields_list(body, required=False)
    oncreate = _choice(body, "oncreate_unarchive", ADD_MODES, "prompt")
    onupdate = _choice(body, "onupdate_archived_conflict", ("overwrite",), None)
    every = parse_bool(request, "return_all_fields", False)
    with store.transaction():
        writer = Writer(store)
        match = writer.holder(obj, lookup_value, archived=False, exact=False)
        if match is not None:
            if not match["can_view"]:
                raise forbidden()
            parsed = writer.update(obj, match, raw, full=False, overwrite=onupdate == "overwrite")
            rid, action, status = match["rid"], "updated", 200
        else:
            rid, action, parsed = writer.create(obj, raw, oncreate, "oncreate_unarchive",
                                                archived_exact=False, lookup=lookup_value)
            status = 201
        fields = all_fields(obj) if every else _written(obj, parsed.written())
        out = _detail(store, obj, rid, fields, action=action)
    return JSONResponse(out, status_code=status)


async def unarchive(request: Request) -> Response:
    """PATCH /api/records/{obj}/{id}/unarchive (no body)."""
    store, obj = _store(request), _obj(request)
    with store.transaction():
        row = store.find(obj, str(request.path_params["entity_id"]))
        Writer(store).unarchive(obj, row)
        assert row is not None
        out = _detail(store, obj, row["rid"], all_fields(obj))
    return JSONResponse(out)


async def move(request: Request) -> Response:
    """PATCH /api/records/{obj}/{id}/move {"stage_id"}."""
    store, obj, body = _store(request), _obj(request), await json_body(request)
    stage = obj.by_name.get("stage")
    if stage is None:
        raise bad_request("This object is not a pipeline; its records have no stage.")
    stage_id = body.get("stage_id")
    chosen = stage.option_by_id(stage_id) if isinstance(stage_id, str) else None
    if chosen is None:
        raise ApiError(400, {"stage_id": [f'Invalid pk "{stage_id}" - object does not exist.']})
    with store.transaction():
        row = load_visible(store, obj, str(request.path_params["entity_id"]))
        if not row["can_edit"]:
            raise forbidden()
        Writer(store).change_stage(obj, row["rid"], chosen.order, now_us())
        out = _detail(store, obj, row["rid"], all_fields(obj))
    return JSONResponse(out)


ID = "{entity_id:uuid}"
ROUTES = [
    Route("/api/records/{entity_id:uuid}/field-values/{field_id:uuid}", field_values,
          methods=["GET"]),
    Route("/api/records/{obj}/search", search, methods=["POST"]),
    Route("/api/records/{obj}/lookup", lookup, methods=["GET"]),
    Route("/api/records/{obj}/add", add, methods=["POST"]),
    Route("/api/records/{obj}/upsert", upsert, methods=["POST"]),
    Route(f"/api/records/{{obj}}/{ID}/unarchive", unarchive, methods=["PATCH"]),
    Route(f"/api/records/{{obj}}/{ID}/move", move, methods=["PATCH"]),
    Route(f"/api/records/{{obj}}/{ID}", get_record, methods=["GET"]),
    Route(f"/api/records/{{obj}}/{ID}", update, methods=["PATCH", "PUT"]),
    Route(f"/api/records/{{obj}}/{ID}", delete, methods=["DELETE"]),
]
