"""`GET /api/records/{entity_id}/field-values/{field_id}`: page through a field's values.

Made for summarised relationships (API-NOTES §4): rows are the related records,
`{id, name, display_name}`, or for contacts `{id, first_name, last_name, full_name, email,
display_name}`, ordered by name (contacts: first name, last name), then id. `search` matches the
name (contacts: email, first and last name). Checkboxes, dynamic tags and files list their values
as `{id, name, display_name}` too [I]; other field types are 400.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kizen_tui.sandbox import values
from kizen_tui.sandbox.filterkinds import _like_escape
from kizen_tui.sandbox.http import bad_request, page_param, page_size_param
from kizen_tui.sandbox.records import find_field, load_visible, value_row
from kizen_tui.sandbox.schema import FieldDef, ObjectDef
from kizen_tui.sandbox.store import Store


async def field_values(request: Request) -> Response:
    """List the values of one field of one record, paginated."""
    store: Store = request.app.state.store
    obj, fd = find_field(str(request.path_params["field_id"]))
    size = page_size_param(request)
    with store.lock:
        row = load_visible(store, obj, str(request.path_params["entity_id"]))
        if fd.relation is not None:
            rows = _related(store, fd, row["rid"], request.query_params.get("search", ""))
        elif fd.is_multi:
            rows = _listed(store, obj, fd, row["rid"], request.query_params.get("search", ""))
        else:
            raise bad_request("Values are listed only for relationship and multi-value fields.")
    page = page_param(request, len(rows), size)
    return JSONResponse(page.envelope(request, rows[page.offset: page.offset + page.size]))


def _related(store: Store, fd: FieldDef, rid: int, search: str) -> list[dict[str, Any]]:
    rel = fd.relation
    assert rel is not None
    target = store.objects[rel.target]
    near, far = ("src", "dst") if rel.forward else ("dst", "src")
    searched = ["f_email", "f_first_name", "f_last_name"] if target.is_contacts else ["f_name"]
    where, params = "", [rel.link, rid]  # type: str, list[Any]
    for word in search.split():
        where += " AND (" + " OR ".join(f"t.{c} LIKE ? ESCAPE '\\'" for c in searched) + ")"
        params.extend([f"%{_like_escape(word)}%"] * len(searched))
    order = "t.f_first_name, t.f_last_name" if target.is_contacts else "t.f_name"
    found = store.query(
        f'SELECT t.* FROM "{target.table}" AS t JOIN links AS l ON l.{far} = t.rid '
        f"WHERE l.link = ? AND l.{near} = ? AND t.archived = 0 AND t.can_view = 1{where} "
        f"ORDER BY {order}, t.id", params)
    return [value_row(target, r) for r in found]


def _listed(store: Store, obj: ObjectDef, fd: FieldDef, rid: int,
            search: str) -> list[dict[str, Any]]:
    renderer = values.Renderer(store, obj)
    row = store.rows(obj, [rid])[rid]
    entry = renderer.render([row], [fd])[rid].get(fd.id, {})
    items = [{"id": v["id"], "name": v["name"], "display_name": v["name"]}
             for v in entry.get("value", [])]
    return [i for i in items if search.lower() in i["name"].lower()]
