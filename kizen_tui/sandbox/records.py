"""Reading records: visibility, field selection and the record/row JSON shapes.

- A record that is archived or not visible to the demo user (`access.view` false) is 404.
- Get/lookup field selection: `field_ids` wins over `field_names`, which wins over
  `field_category`; a selector present but empty gives the default fields only (is_default).
  Hidden fields are left out unless `include_hidden_fields=true` (lookup has no such flag, so
  never shows them), even when named.
- `lead_source_types` is filled only with `detail_summary=true`.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from starlette.requests import Request

from kizen_tui.sandbox import values
from kizen_tui.sandbox.catalog import business, object_by_key
from kizen_tui.sandbox.http import not_found, parse_bool, split_csv
from kizen_tui.sandbox.schema import FieldDef, ObjectDef
from kizen_tui.sandbox.store import Store

LEAD_SOURCE_LABELS = {
    "organic_search": "Organic Search", "direct_traffic": "Direct Traffic",
    "site_referral": "Site Referral", "facebook_ads": "Facebook Ads", "google_ads": "Google Ads",
    "social": "Social", "paid_social": "Paid Social", "utm": "UTM", "custom": "Custom",
}


def resolve_object(key: str) -> ObjectDef:
    """An object by api name or UUID, or 404."""
    obj = object_by_key(key)
    if obj is None:
        raise not_found()
    return obj


def load_visible(store: Store, obj: ObjectDef, record_id: str) -> sqlite3.Row:
    """An active record the user can see, or 404."""
    row = store.find(obj, record_id)
    if row is None or row["archived"] or not row["can_view"]:
        raise not_found()
    return row


def access_json(row: sqlite3.Row) -> dict[str, bool]:
    """The record's access flags."""
    return {"view": bool(row["can_view"]), "edit": bool(row["can_edit"]),
            "remove": bool(row["can_remove"])}


def client_info(obj: ObjectDef, row: sqlite3.Row) -> dict[str, Any] | None:
    """`client_info` of a contact; None for other objects (API-NOTES §0)."""
    if not obj.is_contacts:
        return None
    return {"num_addresses_v2": row["n_addresses"], "display_name": values.display_name(obj, row),
            "email_on_suppression_list": bool(row["suppressed"])}


def list_json(store: Store, obj: ObjectDef, rows: list[sqlite3.Row],
              fields: list[FieldDef]) -> list[dict[str, Any]]:
    """Search rows: `{id, object_type, client_info, access, fields}`."""
    rendered = values.Renderer(store, obj).render(rows, fields)
    return [{"id": row["id"], "object_type": obj.object_type, "client_info": client_info(obj, row),
             "access": access_json(row), "fields": rendered[row["rid"]]} for row in rows]


def detail_json(store: Store, obj: ObjectDef, row: sqlite3.Row, fields: list[FieldDef], *,
                summary: bool = False) -> dict[str, Any]:
    """A full record (EntityRecordDetail) with the given fields."""
    body = list_json(store, obj, [row], fields)[0]
    sources = [s for s in (row["lead_sources"] or "").split(",") if s] if summary else []
    body.update({
        "display_name": values.display_name(obj, row),
        "num_upcoming_activities": row["n_activities"],
        "num_associated_team_members": row["n_team"],
        "lead_source_types": [{"value": s, "label": LEAD_SOURCE_LABELS[s]} for s in sources],
    })
    return body


def all_fields(obj: ObjectDef, *, hidden: bool = False) -> list[FieldDef]:
    """Every field the user can see (hidden ones only when asked)."""
    return [fd for fd in obj.visible_fields if hidden or not fd.is_hidden]


def selected_fields(obj: ObjectDef, request: Request, *, all_by_default: bool,
                    hidden_param: bool) -> list[FieldDef]:
    """The fields a get or lookup asks for (see the module docstring)."""
    qp = request.query_params
    hidden = hidden_param and parse_bool(request, "include_hidden_fields", False)
    ids, names = split_csv(qp.get("field_ids")), split_csv(qp.get("field_names"))
    cats = split_csv(qp.get("field_category"))
    pool = all_fields(obj, hidden=hidden)
    if ids is not None or names is not None:
        wanted = set(ids if ids is not None else names or [])
        key = "id" if ids is not None else "name"
        if not wanted:
            return [fd for fd in pool if fd.is_default]
        return [fd for fd in pool if getattr(fd, key) in wanted]
    if cats:
        keys = {c.key for c in obj.categories if c.id in cats}
        return [fd for fd in pool if fd.category in keys]
    if not all_by_default:
        return [fd for fd in pool if fd.is_default]
    return pool


def find_field(field_id: str) -> tuple[ObjectDef, FieldDef]:
    """A visible field by UUID across all objects, or 404."""
    for obj in business().values():
        fd = obj.by_id.get(field_id)
        if fd is not None and fd.can_view:
            return obj, fd
    raise not_found()


def value_row(obj: ObjectDef, row: sqlite3.Row) -> dict[str, Any]:
    """A field-values row: a record `{id, name, display_name}` or a contact typeahead row."""
    name = values.display_name(obj, row)
    if obj.is_contacts:
        first, last = row["f_first_name"] or "", row["f_last_name"] or ""
        return {"id": row["id"], "first_name": first, "last_name": last,
                "full_name": " ".join(p for p in (first, last) if p),
                "email": row["f_email"] or "", "display_name": name}
    return {"id": row["id"], "name": row["f_name"] or "", "display_name": name}
