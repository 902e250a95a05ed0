"""Field definitions for the filter tests, shaped like the Kizen API's (API-NOTES.md §3).

`DEALS` is a pipeline object as `GET /api/custom-objects/{id}/fields` returns it (no
`is_default`: default-ness comes from the api name); `CONTACTS` is the contacts object as
`fields/settings-search` returns it (with `is_default`). Between them they hold all 24 field
types plus stage, owner, timezone and email_status. Ids are UUIDs whose last digits say what
they are: fields `f1e1d000-…-0000000000NN`, options `0b710000-…-0000000000NN`.
"""

from __future__ import annotations

from typing import Any

from kizen_tui.api.models import TagOption


def fid(n: int) -> str:
    """The id of fixture field n."""
    return f"f1e1d000-0000-4000-8000-{n:012d}"


def oid(n: int) -> str:
    """The id of fixture option n."""
    return f"0b710000-0000-4000-8000-{n:012d}"


def rid(n: int) -> str:
    """The id of related record n (relationship values)."""
    return f"2ec00000-0000-4000-8000-{n:012d}"


def eid(n: int) -> str:
    """The id of team member n (team_selector and owner values)."""
    return f"e3900000-0000-4000-8000-{n:012d}"


def _opts(*pairs: tuple[int, str], codes: bool = False) -> list[dict[str, Any]]:
    return [{"id": oid(n), "name": name, "code": _code(name) if codes else None, "order": i}
            for i, (n, name) in enumerate(pairs)]


def _code(name: str) -> str:
    return "".join(c for c in name.lower().replace(" ", "_") if c.isalnum() or c == "_")


def _field(n: int, name: str, display: str, field_type: str, **extra: Any) -> dict[str, Any]:
    base = {
        "id": fid(n), "name": name, "display_name": display, "field_type": field_type,
        "category": "ca7e0000-0000-4000-8000-000000000001", "is_required": False,
        "is_read_only": False, "is_hidden": False, "is_deletable": True, "meta": {},
        "properties": {}, "access": {"view": True, "edit": True}, "ui_default_value": None,
        "allow_on_forms": True,
    }
    return base | extra


_TZ = [{"id": tz, "name": tz, "code": tz} for tz in
       ("America/Chicago", "Europe/Berlin", "Asia/Tokyo")]

DEALS: list[dict[str, Any]] = [
    _field(1, "name", "Name", "text", is_deletable=False),
    _field(2, "owner", "Owner", "team_selector", is_deletable=False),
    _field(3, "created", "Date Created", "datetime", is_read_only=True),
    _field(4, "updated", "Date Updated", "datetime", is_read_only=True),
    _field(5, "stage", "Stage", "dropdown",
           options=_opts((51, "Prospect"), (52, "Won"), (53, "Lost"))),
    _field(6, "entity_value", "Value", "money",
           money_options={"id": "m0", "currency": "USD", "symbol": "$"}),
    _field(7, "estimated_close_date", "Close Date", "date"),
    _field(8, "actual_close_date", "Actual Close Date", "date"),
    _field(9, "percentage_chance_to_close", "% Chance to Close", "decimal",
           decimal_options={"decimal_places": 2}),
    _field(10, "reasons_lost", "Reasons Lost", "checkboxes",
           options=_opts((61, "Price"), (62, "Timing"))),
    _field(11, "status", "Status", "dropdown",
           options=_opts((11, "Open"), (12, "Pending"), (13, "On Hold"), (14, "Won (Final)"),
                         codes=True)),
    _field(12, "amount", "Amount", "money",
           money_options={"id": "m1", "currency": "USD", "symbol": "$"}),
    _field(13, "description", "Description", "longtext"),
    _field(14, "notes", "Notes", "wysiwyg", meta={"is_markdown": True}),
    _field(15, "phone", "Phone", "phonenumber",
           phonenumber_options={"default_country": "US"}),
    _field(16, "is_vip", "VIP", "checkbox"),
    _field(17, "regions", "Regions", "checkboxes",
           options=_opts((21, "North"), (22, "South"), (23, "East & West"))),
    _field(18, "labels", "Labels", "dynamictags"),
    _field(19, "satisfaction", "Satisfaction", "rating", rating={"min_value": 1, "max_value": 5},
           options=_opts(*((70 + i, str(i)) for i in range(1, 6)))),
    _field(20, "timezone_pref", "Preferred Timezone", "timezone", options=_TZ),
    _field(21, "account_manager", "Account Manager", "team_selector"),
    _field(22, "company", "Company", "relationship", relation={
        "related_object": "0bc00000-0000-4000-8000-000000000001",
        "related_object_object_name": "companies", "related_object_name": "Companies",
        "related_entity_name": "Company", "related_field": fid(90), "related_name": "Deals",
        "related_category": None, "relation_type": "primary", "cardinality": "many_to_one"}),
    _field(23, "contacts", "Contacts", "relationship", relation={
        "related_object": "0bc00000-0000-4000-8000-000000000002",
        "related_object_object_name": "client_client", "related_object_name": "Contacts",
        "related_entity_name": "Contact", "related_field": fid(91), "related_name": "Deals",
        "related_category": None, "relation_type": "additional", "cardinality": "many_to_many"}),
    _field(24, "attachments", "Attachments", "files"),
    _field(25, "signed_on", "Signed On", "date"),
    _field(26, "last_contacted", "Last Contacted", "datetime"),
    _field(27, "priority", "Priority", "radio",
           options=_opts((31, "Low"), (32, "Medium"), (33, "High"))),
    _field(28, "approved", "Approved", "yesnomaybe",
           options=_opts((41, "Yes"), (42, "No"), (43, "Maybe"), codes=True)),
    _field(29, "seats", "Seats", "integer"),
    _field(30, "score", "Score", "decimal"),
    _field(31, "region_cn", "地区", "text"),
    _field(32, "billing_email", "Billing Email", "email"),
    _field(33, "segment", "Segment", "choices", options=_opts((81, "SMB"), (82, "Enterprise"))),
    _field(34, "picker", "Picker", "selector", options=_opts((84, "Alpha"), (85, "Beta"))),
    _field(35, "health", "Health", "status", options=_opts((86, "Green"), (87, "Red"))),
    _field(36, "in", "In", "text"),  # an api name that is a keyword of the query language
]

#: Tags of the deals' dynamictags field, as `GET .../fields/{id}/tags` rows.
DEAL_TAGS: dict[str, list[Any]] = {
    fid(18): [{"id": oid(91), "name": "vip"}, {"id": oid(92), "name": "churn-risk"},
              {"id": oid(93), "name": "Ünïcode ✓"}],
}


def _contact(n: int, name: str, display: str, field_type: str, default: bool = True,
             **extra: Any) -> dict[str, Any]:
    return _field(100 + n, name, display, field_type, is_default=default, **extra)


CONTACTS: list[dict[str, Any]] = [
    _contact(1, "email", "Email", "email"),
    _contact(2, "first_name", "First Name", "text"),
    _contact(3, "last_name", "Last Name", "text"),
    _contact(4, "mobile_phone", "Mobile Phone", "phonenumber"),
    _contact(5, "birthday", "Birthday", "date"),
    _contact(6, "timezone", "Timezone", "timezone", options=_TZ),
    _contact(7, "email_status", "Email Status", "dropdown",
             options=_opts((101, "Opted In"), (102, "Not Opted In"),
                           (103, "Unsubscribed From All"), (104, "Suppression List"))),
    _contact(8, "titles", "Titles", "dynamictags"),
    _contact(9, "tags", "Tags", "dynamictags"),
    _contact(10, "created", "Date Created", "datetime"),
    _contact(11, "owner", "Owner", "team_selector"),
    _contact(12, "lead_score", "Lead Score", "integer", default=False),
    _contact(13, "name", "Nickname", "text", default=False),  # is_default beats the name list
]

CONTACT_TAGS: dict[str, list[Any]] = {
    fid(109): [TagOption(id=oid(111), name="VIP"), TagOption(id=oid(112), name="Newsletter")],
}
