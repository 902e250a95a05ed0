"""Objects, field definitions, categories and dynamic tag options (API-NOTES §3, §2.4)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kizen_tui.sandbox.catalog import business
from kizen_tui.sandbox.filterkinds import _like_escape
from kizen_tui.sandbox.http import not_found, page_param, page_size_param, parse_bool
from kizen_tui.sandbox.records import resolve_object
from kizen_tui.sandbox.schema import FieldDef, ObjectDef, field_json, object_json
from kizen_tui.sandbox.store import Store


def _base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _matches(obj: ObjectDef, request: Request) -> bool:
    qp = request.query_params
    if parse_bool(request, "custom_only", True) and not obj.is_custom:
        return False
    checks = [
        ("name", lambda v: obj.name == v), ("object_name", lambda v: obj.object_name == v),
        ("object_type", lambda v: obj.object_type == v),
        ("search", lambda v: v.lower() in f"{obj.name} {obj.object_name} {obj.entity_name}"
         .lower()),
    ]
    if any(qp.get(key) and not test(qp[key]) for key, test in checks):
        return False
    return "is_custom" not in qp or parse_bool(request, "is_custom", True) == obj.is_custom


async def list_objects(request: Request) -> Response:
    """GET /api/custom-objects (custom_only defaults to true, hiding contacts)."""
    found = [obj for obj in business().values() if _matches(obj, request)]
    ordering = request.query_params.get("ordering") or "object_name"
    key = ordering.lstrip("-")
    if key in ("name", "object_name", "entity_name", "object_type"):
        found.sort(key=lambda o: (str(getattr(o, key)).lower(), o.id),
                   reverse=ordering.startswith("-"))
    size = page_size_param(request)
    page = page_param(request, len(found), size)
    items = [object_json(o, _base_url(request)) for o in found[page.offset: page.offset + size]]
    body = page.envelope(request, items)
    body["access"] = {"edit": True}
    return JSONResponse(body)


async def get_object(request: Request) -> Response:
    """GET /api/custom-objects/{uuid or api name}."""
    obj = resolve_object(request.path_params["obj"])
    return JSONResponse(object_json(obj, _base_url(request)))


async def list_fields(request: Request) -> Response:
    """GET /api/custom-objects/{id}/fields (and .../fields/settings-search): a bare array."""
    obj = resolve_object(request.path_params["obj"])
    objects = business()
    return JSONResponse([field_json(obj, fd, objects) for fd in obj.visible_fields])


async def list_categories(request: Request) -> Response:
    """GET /api/custom-objects/{id}/categories: a bare array of {id, name, order}."""
    obj = resolve_object(request.path_params["obj"])
    return JSONResponse([{"id": c.id, "name": c.name, "order": c.order} for c in obj.categories])


def _tag_field(obj: ObjectDef, field_id: str) -> FieldDef:
    fd = obj.get_field(field_id)
    if fd is None or fd.field_type != "dynamictags":
        raise not_found()
    return fd


async def _tags(request: Request, fd: FieldDef) -> Response:
    store: Store = request.app.state.store
    search = request.query_params.get("search", "")
    desc = request.query_params.get("ordering", "name").startswith("-")
    params: list[Any] = [fd.no, f"%{_like_escape(search)}%"]
    rows = store.query("SELECT id, name FROM tags WHERE fno = ? AND name LIKE ? ESCAPE '\\' "
                       f"ORDER BY name COLLATE NOCASE {'DESC' if desc else 'ASC'}, id", params)
    size = page_size_param(request)
    page = page_param(request, len(rows), size)
    items = [{"id": r[0], "name": r[1]} for r in rows[page.offset: page.offset + size]]
    return JSONResponse(page.envelope(request, items))


async def pipeline_tags(request: Request) -> Response:
    """GET /api/pipelines/{obj_uuid}/fields/{field_id}/tags (custom objects)."""
    obj = resolve_object(request.path_params["obj"])
    if obj.is_contacts:
        raise not_found()
    return await _tags(request, _tag_field(obj, request.path_params["field_id"]))


async def client_tags(request: Request) -> Response:
    """GET /api/client/fields/{field_id}/tags (contacts)."""
    obj = business()["client_client"]
    return await _tags(request, _tag_field(obj, request.path_params["field_id"]))


ROUTES = [
    Route("/api/custom-objects", list_objects, methods=["GET"]),
    Route("/api/custom-objects/{obj}", get_object, methods=["GET"]),
    Route("/api/custom-objects/{obj}/fields", list_fields, methods=["GET"]),
    Route("/api/custom-objects/{obj}/fields/settings-search", list_fields, methods=["GET"]),
    Route("/api/custom-objects/{obj}/categories", list_categories, methods=["GET"]),
    Route("/api/pipelines/{obj}/fields/{field_id}/tags", pipeline_tags, methods=["GET"]),
    Route("/api/client/fields/{field_id}/tags", client_tags, methods=["GET"]),
]
