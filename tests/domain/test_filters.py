"""The filter compiler: every field type and operator to the wire shapes of API-NOTES §2.3-2.5."""

from __future__ import annotations

import json
import shlex
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from kizen_tui.api.models import FieldDef
from kizen_tui.domain.filter_model import normalize
from kizen_tui.domain.filters import (
    Condition,
    FilterError,
    Group,
    compile_filter,
    from_spec,
    search_request_curl,
    search_request_json,
    search_request_path,
    to_spec,
    valid_ops,
)
from tests.domain.filter_fixtures import (
    CONTACT_TAGS,
    CONTACTS,
    DEAL_TAGS,
    DEALS,
    eid,
    fid,
    oid,
    rid,
)

_MISSING = object()


def one(field: str, op: str, value: Any = _MISSING, *, fields: list[dict[str, Any]] = DEALS,
        tags: Any = DEAL_TAGS) -> dict[str, Any]:
    """The single wire condition of `{"all": [{field, op, value}]}`."""
    cond: dict[str, Any] = {"field": field, "op": op}
    if value is not _MISSING:
        cond["value"] = value
    body = compile_filter({"all": [cond]}, fields, tags=tags)
    assert body["and"] is True
    assert [g["and"] for g in body["query"]] == [True]
    (wire,) = body["query"][0]["filters"]
    return wire


def custom(n: int, condition: str, value: Any) -> dict[str, Any]:
    return {"type": "fields_v2", "subtype": "custom", "field": f'"custom"::{fid(n)}',
            "condition": condition, "value": value}


def default(name: str, condition: str, value: Any) -> dict[str, Any]:
    return {"type": "fields", "subtype": "non_custom", "field": name, "condition": condition,
            "value": value}


# --- condition shapes, written out in full ---------------------------------------------------

def test_custom_field_shape() -> None:
    assert one("status", "=", "Open") == {
        "type": "fields_v2", "subtype": "custom",
        "field": '"custom"::f1e1d000-0000-4000-8000-000000000011',
        "condition": "=", "value": "0b710000-0000-4000-8000-000000000011"}


def test_default_field_shape() -> None:
    assert one("created", ">", "2024-12-01T06:00:00Z") == {
        "type": "fields", "subtype": "non_custom", "field": "created",
        "condition": ">", "value": "2024-12-01T06:00:00.000Z"}


def test_stage_shape_with_overwrite() -> None:
    assert one("stage", "is_any_of", ["Prospect", "won"]) == {
        "type": "fields_v2", "subtype": "non_custom", "field": "stage",
        "overwrite": {"type": "stage"}, "condition": "is_any_of",
        "value": ["0b710000-0000-4000-8000-000000000051", "0b710000-0000-4000-8000-000000000052"]}


def test_api_notes_example_body() -> None:
    spec = {"all": [{"field": "status", "op": "is_any_of", "value": ["Open", "Pending"]},
                    {"field": "created", "op": ">", "value": "2024-12-01T06:00:00.000Z"}]}
    assert compile_filter(spec, DEALS) == {"and": True, "query": [{"and": True, "filters": [
        {"type": "fields_v2", "subtype": "custom",
         "field": '"custom"::f1e1d000-0000-4000-8000-000000000011', "condition": "is_any_of",
         "value": ["0b710000-0000-4000-8000-000000000011",
                   "0b710000-0000-4000-8000-000000000012"]},
        {"type": "fields", "subtype": "non_custom", "field": "created", "condition": ">",
         "value": "2024-12-01T06:00:00.000Z"}]}]}


# --- every custom field type and operator -----------------------------------------------------

_UTC_MS = datetime(2024, 12, 1, 6, 0, 0, 123456, tzinfo=UTC)
_CHICAGO = timezone(timedelta(hours=-6))

CUSTOM_CASES: list[tuple[str, int, str, Any, str, Any]] = [
    # text, email
    ("region_cn", 31, "=", "東京", "=", "東京"),
    ("region_cn", 31, "!=", "x", "!=", "x"),
    ("region_cn", 31, "contains", "acme", "contains", "acme"),
    ("region_cn", 31, "not_contains", "acme", "!contains", "acme"),
    ("region_cn", 31, "starts_with", "ac", "starts_with", "ac"),
    ("region_cn", 31, "ends_with", "me", "ends_with", "me"),
    ("region_cn", 31, "not_starts_with", "ac", "!starts_with", "ac"),
    ("region_cn", 31, "not_ends_with", "me", "!ends_with", "me"),
    ("region_cn", 31, "is_blank", _MISSING, "is_blank", True),
    ("region_cn", 31, "not_blank", _MISSING, "is_blank", False),
    ("region_cn", 31, "=", 42, "=", "42"),
    ("region_cn", 31, "=", "", "=", ""),
    ("billing_email", 32, "=", "a@b.co", "=", "a@b.co"),
    ("billing_email", 32, "ends_with", "@b.co", "ends_with", "@b.co"),
    # longtext, wysiwyg: blank checks only
    ("description", 13, "is_blank", _MISSING, "is_blank", True),
    ("description", 13, "not_blank", _MISSING, "is_blank", False),
    ("notes", 14, "is_blank", _MISSING, "is_blank", True),
    # phonenumber
    ("phone", 15, "=", "+13125550100", "=", "+13125550100"),
    ("phone", 15, "contains", "555", "contains", "555"),
    ("phone", 15, "not_blank", _MISSING, "is_blank", False),
    # checkbox
    ("is_vip", 16, "is_checked", _MISSING, "=", True),
    ("is_vip", 16, "not_checked", _MISSING, "=", False),
    ("is_vip", 16, "=", True, "=", True),
    ("is_vip", 16, "=", "no", "=", False),
    # money, integer, decimal
    ("amount", 12, "=", 10000, "=", 10000),
    ("amount", 12, "!=", 5, "!=", 5),
    ("amount", 12, "<", 1.5, "<", 1.5),
    ("amount", 12, "<=", "2.5", "<=", 2.5),
    ("amount", 12, ">", "10000", ">", 10000),
    ("amount", 12, ">=", 0, ">=", 0),
    ("amount", 12, "between", [1, 2], "between", [1, 2]),
    ("amount", 12, "is_blank", _MISSING, "is_blank", True),
    ("amount", 12, "not_blank", _MISSING, "is_blank", False),
    ("seats", 29, "=", 3, "=", 3),
    ("seats", 29, "between", ["1", "10"], "between", [1, 10]),
    ("score", 30, ">", -0.5, ">", -0.5),
    # date
    ("signed_on", 25, "=", "2026-01-31", "=", "2026-01-31"),
    ("signed_on", 25, "<", date(2026, 1, 1), "<", "2026-01-01"),
    ("signed_on", 25, ">=", datetime(2026, 1, 1, 23, 0), ">=", "2026-01-01"),
    ("signed_on", 25, "between", ["2026-01-01", "2026-03-31"], "between",
     ["2026-01-01", "2026-03-31"]),
    ("signed_on", 25, "month_equals", 3, "month_equals", 3),
    ("signed_on", 25, "month_equals", "March", "month_equals", 3),
    ("signed_on", 25, "month_equals", "12", "month_equals", 12),
    ("signed_on", 25, "is_blank", _MISSING, "is_blank", True),
    # datetime
    ("last_contacted", 26, ">", "2024-12-01T06:00:00Z", ">", "2024-12-01T06:00:00.000Z"),
    ("last_contacted", 26, ">=", "2024-12-01", ">=", "2024-12-01T00:00:00.000Z"),
    ("last_contacted", 26, "<", "2024-12-01T00:00:00-06:00", "<", "2024-12-01T06:00:00.000Z"),
    ("last_contacted", 26, "<=", "2024-12-01T06:00", "<=", "2024-12-01T06:00:00.000Z"),
    ("last_contacted", 26, "=", _UTC_MS, "=", "2024-12-01T06:00:00.123Z"),
    ("last_contacted", 26, "!=", datetime(2024, 12, 1, tzinfo=_CHICAGO), "!=",
     "2024-12-01T06:00:00.000Z"),
    ("last_contacted", 26, "between", ["2024-12-01", "2024-12-31"], "between",
     ["2024-12-01", "2024-12-31"]),
    ("last_contacted", 26, "between", ["2024-12-01T06:00:00Z", date(2024, 12, 2)], "between",
     ["2024-12-01T06:00:00.000Z", "2024-12-02"]),
    ("last_contacted", 26, "month_equals", 12, "month_equals", 12),
    ("last_contacted", 26, "not_blank", _MISSING, "is_blank", False),
    # dropdown, radio, status, yesnomaybe, choices, selector: labels, codes and ids -> ids
    ("status", 11, "=", "Open", "=", oid(11)),
    ("status", 11, "=", "OPEN", "=", oid(11)),
    ("status", 11, "=", "on_hold", "=", oid(13)),
    ("status", 11, "=", oid(12), "=", oid(12)),
    ("status", 11, "=", {"id": oid(12)}, "=", oid(12)),
    ("status", 11, "!=", "Pending", "!=", oid(12)),
    ("status", 11, "is_any_of", ["Open", "On Hold"], "is_any_of", [oid(11), oid(13)]),
    ("status", 11, "not_any_of", ["Won (Final)"], "is_none_of", [oid(14)]),
    ("status", 11, "is_blank", _MISSING, "is_blank", True),
    ("priority", 27, "=", "High", "=", oid(33)),
    ("priority", 27, "is_any_of", ["low", "medium"], "is_any_of", [oid(31), oid(32)]),
    ("approved", 28, "=", "yes", "=", oid(41)),
    ("approved", 28, "not_any_of", ["No", "maybe"], "is_none_of", [oid(42), oid(43)]),
    ("health", 35, "=", "Green", "=", oid(86)),
    ("segment", 33, "=", "smb", "=", oid(81)),
    ("picker", 34, "!=", "Beta", "!=", oid(85)),
    # timezone: the IANA names are the ids
    ("timezone_pref", 20, "=", "America/Chicago", "=", "America/Chicago"),
    ("timezone_pref", 20, "!=", "europe/berlin", "!=", "Europe/Berlin"),
    ("timezone_pref", 20, "is_blank", _MISSING, "is_blank", True),
    # checkboxes: always lists of option ids
    ("regions", 17, "contains", "North", "has", [oid(21)]),
    ("regions", 17, "=", "south", "has", [oid(22)]),
    ("regions", 17, "contains", ["North"], "has", [oid(21)]),
    ("regions", 17, "not_contains", "East & West", "!has", [oid(23)]),
    ("regions", 17, "!=", "North", "!has", [oid(21)]),
    ("regions", 17, "is_any_of", ["North", "South"], "has_any", [oid(21), oid(22)]),
    ("regions", 17, "has_any", ["North"], "has_any", [oid(21)]),
    ("regions", 17, "not_any_of", ["North"], "!has_any", [oid(21)]),
    ("regions", 17, "has_none", ["North", "South"], "!has_any", [oid(21), oid(22)]),
    ("regions", 17, "has_all", ["North", "South"], "has_all", [oid(21), oid(22)]),
    ("regions", 17, "is_blank", _MISSING, "is_blank", True),
    # dynamictags: tags come from their own endpoint (the tags= argument)
    ("labels", 18, "contains", "vip", "has", [oid(91)]),
    ("labels", 18, "has_any", ["VIP", "churn-risk"], "has_any", [oid(91), oid(92)]),
    ("labels", 18, "not_contains", "ünïcode ✓", "!has", [oid(93)]),
    ("labels", 18, "=", oid(92), "has", [oid(92)]),
    ("labels", 18, "has_none", ["vip"], "!has_any", [oid(91)]),
    ("labels", 18, "not_blank", _MISSING, "is_blank", False),
    # rating: numbers as strings
    ("satisfaction", 19, "=", 3, "=", "3"),
    ("satisfaction", 19, "!=", "4", "!=", "4"),
    ("satisfaction", 19, "<", 5, "<", "5"),
    ("satisfaction", 19, "<=", 5, "<=", "5"),
    ("satisfaction", 19, ">", 1, ">", "1"),
    ("satisfaction", 19, ">=", 1, ">=", "1"),
    ("satisfaction", 19, "is_any_of", [4, 5], "is_any_of", ["4", "5"]),
    ("satisfaction", 19, "not_any_of", [1], "is_none_of", ["1"]),
    ("satisfaction", 19, "is_blank", _MISSING, "is_blank", True),
    # team_selector
    ("account_manager", 21, "=", eid(1), "=", eid(1)),
    ("account_manager", 21, "!=", eid(1), "!=", eid(1)),
    ("account_manager", 21, "is_any_of", [eid(1), eid(2)], "is_any_of", [eid(1), eid(2)]),
    ("account_manager", 21, "not_any_of", [eid(1)], "is_none_of", [eid(1)]),
    ("account_manager", 21, "is_me", _MISSING, "=", "is_me"),
    ("account_manager", 21, "is_blank", _MISSING, "is_blank", True),
    ("account_manager", 21, "not_blank", _MISSING, "is_blank", False),
    # relationship: always lists of record ids
    ("company", 22, "contains", rid(1), "contains", [rid(1)]),
    ("company", 22, "contains", {"id": rid(1)}, "contains", [rid(1)]),
    ("company", 22, "not_contains", [rid(1), rid(2)], "!contains", [rid(1), rid(2)]),
    ("company", 22, "is_any_of", [rid(1)], "is_any_of", [rid(1)]),
    ("company", 22, "not_any_of", [rid(1)], "is_none_of", [rid(1)]),
    ("company", 22, "is_blank", _MISSING, "is_blank", True),
    ("contacts", 23, "contains", rid(9), "contains", [rid(9)]),
    # files: counts
    ("attachments", 24, ">=", 1, ">=", 1),
    ("attachments", 24, ">", 2, ">", 2),
    ("attachments", 24, "<", "3", "<", 3),
    ("attachments", 24, "is_blank", _MISSING, "is_blank", True),
]


@pytest.mark.parametrize(("field", "n", "op", "value", "condition", "wire"), CUSTOM_CASES)
def test_custom_field_operators(field: str, n: int, op: str, value: Any, condition: str,
                                wire: Any) -> None:
    assert one(field, op, value) == custom(n, condition, wire)


def test_every_field_type_is_covered() -> None:
    type_of = {f["name"]: f["field_type"] for f in DEALS}
    assert len({type_of[case[0]] for case in CUSTOM_CASES}) == 24


# --- default fields ---------------------------------------------------------------------------

DEFAULT_CASES: list[tuple[str, str, Any, dict[str, Any]]] = [
    ("name", "=", "Acme", default("name", "=", "Acme")),
    ("name", "is_blank", _MISSING, default("name", "is_blank", True)),
    ("owner", "is_me", _MISSING, default("owner", "=", "is_me")),
    ("owner", "=", eid(1), default("owner", "=", eid(1))),
    ("owner", "is_any_of", [eid(1)], default("owner", "is_any_of", [eid(1)])),
    ("owner", "not_any_of", [eid(1)], default("owner", "is_none_of", [eid(1)])),
    ("created", "between", ["2024-01-01", "2024-02-01"],
     default("created", "between", ["2024-01-01", "2024-02-01"])),
    ("updated", "month_equals", 2, default("updated", "month_equals", 2)),
    ("entity_value", ">", 100, default("entity_value", ">", 100)),
    ("estimated_close_date", "<", "2026-03-31", default("estimated_close_date", "<", "2026-03-31")),
    ("actual_close_date", "is_blank", _MISSING, default("actual_close_date", "is_blank", True)),
    ("percentage_chance_to_close", ">=", 0.5, default("percentage_chance_to_close", ">=", 0.5)),
    ("reasons_lost", "contains", "Price", default("reasons_lost", "has", [oid(61)])),
    ("stage", "=", "Won", {"type": "fields_v2", "subtype": "non_custom", "field": "stage",
                           "overwrite": {"type": "stage"}, "condition": "=", "value": oid(52)}),
    ("stage", "!=", "lost", {"type": "fields_v2", "subtype": "non_custom", "field": "stage",
                             "overwrite": {"type": "stage"}, "condition": "!=",
                             "value": oid(53)}),
    ("stage", "not_any_of", ["Lost"], {"type": "fields_v2", "subtype": "non_custom",
                                       "field": "stage", "overwrite": {"type": "stage"},
                                       "condition": "is_none_of", "value": [oid(53)]}),
]


@pytest.mark.parametrize(("field", "op", "value", "wire"), DEFAULT_CASES)
def test_default_fields_by_api_name(field: str, op: str, value: Any,
                                    wire: dict[str, Any]) -> None:
    assert one(field, op, value) == wire


CONTACT_CASES: list[tuple[str, str, Any, dict[str, Any]]] = [
    ("email", "=", "a@b.co", default("email", "=", "a@b.co")),
    ("first_name", "starts_with", "Jo", default("first_name", "starts_with", "Jo")),
    ("mobile_phone", "contains", "312", default("mobile_phone", "contains", "312")),
    ("birthday", "month_equals", "feb", default("birthday", "month_equals", 2)),
    ("timezone", "=", "asia/tokyo", default("timezone", "=", "Asia/Tokyo")),
    ("email_status", "=", "Opted In", default("email_status", "=", "opted_in")),
    ("email_status", "!=", oid(102), default("email_status", "!=", "not_opted_in")),
    ("email_status", "is_any_of", ["unsubscribed from all", "suppression_list"],
     default("email_status", "is_any_of", ["unsubscribed_from_all", "suppression_list"])),
    ("email_status", "not_any_of", ["Opted In"],
     default("email_status", "is_none_of", ["opted_in"])),
    ("tags", "has_any", ["vip"], default("tags", "has_any", [oid(111)])),
    ("titles", "contains", oid(999), default("titles", "has", [oid(999)])),
    # A plain date bound means the whole day: "> Dec 1" starts at Dec 2, midnight UTC.
    ("created", ">", "2024-12-01", default("created", ">=", "2024-12-02T00:00:00.000Z")),
    ("created", "<=", "2024-12-01", default("created", "<", "2024-12-02T00:00:00.000Z")),
    ("owner", "is_me", _MISSING, default("owner", "=", "is_me")),
    ("lead_score", ">=", 50, {"type": "fields_v2", "subtype": "custom",
                              "field": f'"custom"::{fid(112)}', "condition": ">=", "value": 50}),
    # is_default: false wins over the default api-name list
    ("name", "=", "Jo", {"type": "fields_v2", "subtype": "custom",
                         "field": f'"custom"::{fid(113)}', "condition": "=", "value": "Jo"}),
]


@pytest.mark.parametrize(("field", "op", "value", "wire"), CONTACT_CASES)
def test_contact_fields_with_is_default(field: str, op: str, value: Any,
                                        wire: dict[str, Any]) -> None:
    assert one(field, op, value, fields=CONTACTS, tags=CONTACT_TAGS) == wire


def test_contacts_defaults_apply_only_to_contacts() -> None:
    fields = [{"id": "x1", "name": "email", "field_type": "email"}]
    spec = {"all": [{"field": "email", "op": "=", "value": "a@b.co"}]}
    custom_email = compile_filter(spec, fields)["query"][0]["filters"][0]
    assert custom_email["type"] == "fields_v2" and custom_email["field"] == '"custom"::x1'
    contact_email = compile_filter(spec, fields, contacts=True)["query"][0]["filters"][0]
    assert contact_email == default("email", "=", "a@b.co")


def test_fields_by_id_display_name_and_fielddef_list() -> None:
    wire = custom(11, "=", oid(11))
    assert one(fid(11), "=", "Open") == wire
    assert one("STATUS", "=", "Open") == wire
    assert one("地区", "=", "x") == custom(31, "=", "x")
    defs = [FieldDef.model_validate(f) for f in DEALS]
    spec = {"all": [{"field": "Status", "op": "=", "value": "open"}]}
    assert compile_filter(spec, defs) == compile_filter(spec, DEALS)


def test_wire_op_spellings_are_accepted_as_aliases() -> None:
    assert one("region_cn", "!contains", "a") == custom(31, "!contains", "a")
    assert one("status", "is_none_of", ["Open"]) == custom(11, "is_none_of", [oid(11)])


# --- groups -----------------------------------------------------------------------------------

A = {"field": "status", "op": "=", "value": "Open"}
B = {"field": "amount", "op": ">", "value": 5}
C = {"field": "name", "op": "contains", "value": "x"}
WA, WB, WC = custom(11, "=", oid(11)), custom(12, ">", 5), default("name", "contains", "x")


@pytest.mark.parametrize(("spec", "body"), [
    ({"all": [A, B]}, {"and": True, "query": [{"and": True, "filters": [WA, WB]}]}),
    ({"any": [A, B]}, {"and": False, "query": [{"and": False, "filters": [WA, WB]}]}),
    ({"any": [{"all": [A, B]}, {"all": [C]}]},
     {"and": False, "query": [{"and": True, "filters": [WA, WB]},
                              {"and": True, "filters": [WC]}]}),
    ({"all": [A, {"any": [B, C]}]},
     {"and": True, "query": [{"and": True, "filters": [WA]},
                             {"and": False, "filters": [WB, WC]}]}),
    ({"any": [A, {"all": [B, C]}, A]},
     {"and": False, "query": [{"and": False, "filters": [WA, WA]},
                              {"and": True, "filters": [WB, WC]}]}),
    (A, {"and": True, "query": [{"and": True, "filters": [WA]}]}),
    ({"all": []}, {"and": True, "query": []}),
])
def test_group_nesting(spec: dict[str, Any], body: dict[str, Any]) -> None:
    assert compile_filter(spec, DEALS) == body


def test_model_input_equals_spec_input() -> None:
    inner = Group("all", [Condition("amount", ">", 5), Condition("name", "is_blank")])
    group = Group("any", [Condition("status", "=", "Open"), inner])
    spec = {"any": [A, {"all": [B, {"field": "name", "op": "is_blank"}]}]}
    assert compile_filter(group, DEALS) == compile_filter(spec, DEALS)
    assert to_spec(group) == spec
    assert from_spec(spec) == group
    assert compile_filter(Condition("status", "=", "Open"), DEALS)["query"][0]["filters"] == [WA]


def test_normalize() -> None:
    a, b, c = (Condition("status", "=", "Open"), Condition("amount", ">", 5),
               Condition("name", "=", "x"))
    assert normalize(Group("all", [a, Group("all", [b, c])])) == Group("all", [a, b, c])
    assert normalize(Group("all", [a, Group("any", [b])])) == Group("all", [a, b])
    assert normalize(Group("any", [Group("all", [a, b])])) == Group("all", [a, b])
    assert normalize(Group("any", [a])) == Group("all", [a])
    mixed = Group("any", [a, Group("all", [b, c])])
    assert normalize(mixed) == mixed


# --- wire pass-through ------------------------------------------------------------------------

def test_wire_spec_is_passed_through() -> None:
    body = {"and": False, "query": [{"and": True, "id": "query-0", "filters": [WA, WB]}]}
    out = compile_filter(body, DEALS)
    assert out == body and out is not body
    minimal = {"query": [{"filters": [{"type": "fields_v2", "field": '"custom"::abc',
                                        "value": "Open", "condition": "="}]}]}
    assert compile_filter(minimal, []) == {"and": True, **minimal}


@pytest.mark.parametrize(("body", "message"), [
    ({"query": "x"}, 'a wire filter needs a "query" list of groups'),
    ({"query": [], "and": "yes"}, '"and" must be true or false'),
    ({"query": [{"and": True}]}, 'query[0]: a group must be an object with a "filters" list'),
    ({"query": [{"and": 1, "filters": []}]}, 'query[0]: "and" must be true or false'),
    ({"query": [{"filters": ["x"]}]}, "query[0].filters[0]: a filter must be an object"),
    ({"query": [{"filters": [WA, dict(WB, value=None)]}]},
     'query[0].filters[1]: "value" is null; the Kizen API rejects null values'),
    ({"query": [{"filters": [dict(WA, value=[oid(1), None])]}]},
     'query[0].filters[0]: "value" is null'),
])
def test_invalid_wire_specs(body: dict[str, Any], message: str) -> None:
    with pytest.raises(FilterError) as info:
        compile_filter(body, DEALS)
    assert str(info.value).startswith(message)


# --- invalid filters --------------------------------------------------------------------------

def cond(field: str, op: str, value: Any = _MISSING) -> dict[str, Any]:
    out: dict[str, Any] = {"field": field, "op": op}
    if value is not _MISSING:
        out["value"] = value
    return out


INVALID: list[tuple[Any, str]] = [
    ({"all": [A, cond("stauts", "=", "Open")]},
     "all[1]: unknown field 'stauts' (did you mean 'status'"),
    ({"all": [cond("zzzzzz", "=", 1)]}, "all[0]: unknown field 'zzzzzz'"),
    ({"all": [cond("amount", "contains", "5")]},
     "all[0]: operator 'contains' is not available for field 'amount' (money); valid operators:"
     " =, !=, <, <=, >, >=, between, is_blank, not_blank"),
    ({"all": [cond("region_cn", "is_checked")]},
     "all[0]: operator 'is_checked' is not available for field 'region_cn' (text)"),
    ({"all": [cond("description", "contains", "x")]},
     "all[0]: operator 'contains' is not available for field 'description' (longtext); "
     "valid operators: is_blank, not_blank"),
    ({"all": [cond("amount", "like", 5)]}, "all[0]: unknown op 'like'; valid ops: is_blank"),
    ({"all": [cond("status", "=", "Closed")]},
     "all[0]: unknown option 'Closed' for field 'status'; valid options: Open, Pending, "
     "On Hold, Won (Final)"),
    ({"any": [A, {"all": [B, cond("priority", "is_any_of", ["Urgent"])]}]},
     "any[1].all[1]: unknown option 'Urgent' for field 'priority'; valid options: Low, "
     "Medium, High"),
    ({"all": [cond("labels", "contains", "gold")]},
     "all[0]: unknown tag 'gold' for field 'labels'; valid tags: vip, churn-risk, Ünïcode ✓"),
    ({"all": [cond("stage", "=", "Negotiation")]},
     "all[0]: unknown option 'Negotiation' for field 'stage'; valid options: Prospect, Won, Lost"),
    ({"all": [cond("amount", "=", "abc")]}, "all[0]: expected a number, got 'abc'"),
    ({"all": [cond("amount", "=", True)]}, "all[0]: expected a number, got True"),
    ({"all": [cond("amount", "=", [1, 2])]}, "all[0]: expected a single value, got a list of 2"),
    ({"all": [cond("amount", "between", [5, 1])]}, "all[0]: between needs low <= high"),
    ({"all": [cond("amount", "between", [1])]},
     "all[0]: op 'between' needs exactly two values [low, high]"),
    ({"all": [cond("signed_on", "=", "31/01/2026")]},
     "all[0]: expected a date YYYY-MM-DD, got '31/01/2026'"),
    ({"all": [cond("signed_on", "=", "2026-02-30")]}, "all[0]: expected a date YYYY-MM-DD"),
    ({"all": [cond("signed_on", "between", ["2026-03-01", "2026-01-01"])]},
     "all[0]: between needs the earlier date first"),
    ({"all": [cond("last_contacted", "=", "yesterday")]},
     "all[0]: expected a date YYYY-MM-DD or a datetime"),
    ({"all": [cond("is_vip", "=", "maybe")]}, "all[0]: expected true or false, got 'maybe'"),
    ({"all": [cond("signed_on", "month_equals", 13)]},
     "all[0]: expected a month from 1 to 12, got 13"),
    ({"all": [cond("signed_on", "month_equals", "smarch")]},
     "all[0]: expected a month (1-12 or a month name)"),
    ({"all": [cond("satisfaction", "=", 11)]}, "all[0]: expected a rating from 0 to 10"),
    ({"all": [cond("attachments", ">=", -1)]}, "all[0]: expected a count"),
    ({"all": [cond("attachments", ">=", 1.5)]}, "all[0]: expected a count"),
    ({"all": [cond("region_cn", "=", {"a": 1})]}, "all[0]: expected text, got dict"),
    ({"all": [cond("status", "is_any_of", "Open")]}, "all[0]: op 'is_any_of' needs a list"),
    ({"all": [cond("status", "is_any_of", [])]},
     "all[0]: op 'is_any_of' needs at least one value"),
    ({"all": [cond("regions", "contains", ["North", "South"])]},
     "all[0]: 'contains' takes one value on checkboxes fields; use has_any"),
    ({"all": [cond("account_manager", "=", " ")]}, "all[0]: expected an employee id"),
    ({"all": [cond("company", "contains", [3.5])]}, "all[0]: expected a record id, got float"),
    ({"all": [cond("name", "=", None)]},
     "all[0]: the value of '=' is null; the Kizen API rejects null values"),
    ({"all": [cond("name", "=")]}, "all[0]: the value of '=' is missing"),
    ({"all": [cond("status", "is_any_of", ["Open", None])]},
     "all[0]: a list value must not contain null"),
    ({"all": [cond("name", "is_blank", True)]}, "all[0]: op 'is_blank' takes no value"),
    ({"all": [cond("created", "is_blank")]},
     "all[0]: Kizen offers no blank checks on the default field 'created'"),
    ({"all": [cond("updated", "not_blank")]},
     "all[0]: Kizen offers no blank checks on the default field 'updated'"),
    ({"all": [cond("owner", "is_blank")]},
     "all[0]: Kizen offers no blank checks on the default field 'owner'"),
    ({"all": [cond("stage", "is_blank")]},
     "all[0]: Kizen offers no blank checks on the default field 'stage'"),
    ({"all": [A, {"any": [B, {"all": [C]}]}]},
     "all[1].any[1]: groups nest only one level"),
    ({"all": [A, {"any": []}]}, "all[1]: an inner group needs at least one condition"),
    ("status = Open", "a filter spec must be a JSON object, not str"),
    ({"foo": 1}, 'a filter spec needs "all", "any" or "field" (got keys: foo)'),
    ({"all": [A], "any": [B]}, 'a group must be exactly {"all": [...]} or {"any": [...]}'),
    ({"all": A}, '"all" must be a list of conditions or groups'),
    ({"all": [A, 3]}, 'all[1]: expected a condition {"field", "op", "value"} or a group'),
    ({"all": [dict(A, extra=1)]}, "all[0]: unknown keys in condition: extra"),
    ({"all": [{"field": "", "op": "="}]}, 'all[0]: "field" must be a field api name'),
]


@pytest.mark.parametrize(("spec", "message"), INVALID)
def test_invalid_filters(spec: Any, message: str) -> None:
    with pytest.raises(FilterError) as info:
        compile_filter(spec, DEALS, tags=DEAL_TAGS)
    assert str(info.value).startswith(message), str(info.value)
    assert isinstance(info.value, ValueError)


# Relationship values are record ids and team member values ids (or is_me): a name would match
# nothing, so it is refused rather than sent (README "Filter syntax").
NOT_AN_ID: list[tuple[str, str, Any, str]] = [
    *[("company", op, value, "expected a record id (a UUID), got 'Birch Works Co'")
      for op, value in (("contains", "Birch Works Co"), ("contains", ["Birch Works Co"]),
                        ("not_contains", [rid(1), "Birch Works Co"]),
                        ("is_any_of", ["Birch Works Co"]), ("not_any_of", ["Birch Works Co"]))],
    ("contacts", "contains", {"id": "rec-1"}, "expected a record id (a UUID), got 'rec-1'"),
    *[(field, op, value, "expected a team member id (a UUID) or is_me, got 'Ravi'")
      for field in ("account_manager", "owner")
      for op, value in (("=", "Ravi"), ("!=", "Ravi"), ("is_any_of", [eid(1), "Ravi"]),
                        ("not_any_of", ["Ravi"]))],
]


@pytest.mark.parametrize(("field", "op", "value", "message"), NOT_AN_ID)
def test_relationship_and_team_member_values_must_be_ids(field: str, op: str, value: Any,
                                                         message: str) -> None:
    with pytest.raises(FilterError) as info:
        one(field, op, value)
    assert info.value.part == "value"
    assert info.value.reason.startswith(message), info.value.reason


def test_ids_are_sent_as_kizen_writes_them_and_is_me_is_a_team_member_value() -> None:
    assert one("company", "contains", rid(1).upper())["value"] == [rid(1)]
    assert one("company", "is_any_of", [rid(2).replace("-", "")])["value"] == [rid(2)]
    assert one("owner", "=", "IS_ME") == default("owner", "=", "is_me")
    assert one("account_manager", "is_any_of", ["is_me", eid(3)]) == custom(
        21, "is_any_of", ["is_me", eid(3)])


def test_whole_numbers_on_integer_fields_are_sent_as_integers() -> None:
    assert one("seats", ">=", 1e3)["value"] == 1000
    assert isinstance(one("seats", ">=", "1e3")["value"], int)
    assert one("seats", "between", ["1e1", 20.0])["value"] == [10, 20]
    assert one("seats", ">", 2.5)["value"] == 2.5  # a fraction still means something
    assert isinstance(one("amount", ">=", 1e3)["value"], float)  # money keeps its form


def test_error_attributes_locate_the_part() -> None:
    with pytest.raises(FilterError) as info:
        compile_filter({"any": [A, {"all": [B, cond("status", "=", "Nope")]}]}, DEALS)
    assert (info.value.path, info.value.part) == ("any[1].all[1]", "value")
    assert info.value.reason.startswith("unknown option 'Nope'")


def test_email_status_unknown_value_lists_labels() -> None:
    with pytest.raises(FilterError, match="unknown email status 'bogus'; valid values: "
                                          "Opted In, Not Opted In, Unsubscribed From All, "
                                          "Suppression List"):
        one("email_status", "=", "bogus", fields=CONTACTS)
    with pytest.raises(FilterError, match="no blank checks on the default field 'email_status'"):
        one("email_status", "is_blank", fields=CONTACTS)


def test_dynamic_tags_without_loaded_tags() -> None:
    with pytest.raises(FilterError, match="cannot resolve tag 'vip': the tags of field "
                                          "'labels' are not loaded; use tag ids"):
        one("labels", "contains", "vip", tags=None)
    assert one("labels", "contains", oid(91), tags=None) == custom(18, "has", [oid(91)])


def test_ambiguous_names_and_labels() -> None:
    fields: list[dict[str, Any]] = [
        {"id": "a", "name": "one", "display_name": "Dup", "field_type": "text"},
        {"id": "b", "name": "two", "display_name": "dup", "field_type": "text"},
        {"id": "c", "name": "pick", "field_type": "dropdown",
         "options": [{"id": "o1", "name": "Same"}, {"id": "o2", "name": "same"}]},
        {"id": "d", "name": "odd", "field_type": "hologram"}]
    with pytest.raises(FilterError, match="field name 'DUP' is ambiguous; use an api name: "
                                          "one, two"):
        compile_filter(cond("DUP", "=", "x"), fields)
    with pytest.raises(FilterError, match="option label 'same' is ambiguous in field 'pick'; "
                                          "use its id: o1, o2"):
        compile_filter(cond("pick", "=", "same"), fields)
    assert compile_filter(cond("pick", "=", "o2"), fields)["query"][0]["filters"][0][
        "value"] == "o2"
    with pytest.raises(FilterError, match="field 'odd' has type 'hologram', which kizen-tui "
                                          "cannot filter on"):
        compile_filter(cond("odd", "=", "x"), fields)


def test_invalid_field_definitions_are_reported() -> None:
    with pytest.raises(FilterError, match="field definition #1 is invalid"):
        compile_filter(A, [DEALS[0], {"name": "no id"}])


# --- valid_ops --------------------------------------------------------------------------------

def _def(name: str, fields: list[dict[str, Any]] = DEALS) -> FieldDef:
    return FieldDef.model_validate(next(f for f in fields if f["name"] == name))


@pytest.mark.parametrize(("name", "ops"), [
    ("region_cn", ["=", "!=", "contains", "not_contains", "starts_with", "ends_with",
                   "not_starts_with", "not_ends_with", "is_blank", "not_blank"]),
    ("description", ["is_blank", "not_blank"]),
    ("notes", ["is_blank", "not_blank"]),
    ("phone", ["=", "contains", "is_blank", "not_blank"]),
    ("is_vip", ["is_checked", "not_checked", "="]),
    ("amount", ["=", "!=", "<", "<=", ">", ">=", "between", "is_blank", "not_blank"]),
    ("signed_on", ["=", "!=", "<", "<=", ">", ">=", "between", "month_equals", "is_blank",
                   "not_blank"]),
    ("created", ["=", "!=", "<", "<=", ">", ">=", "between", "month_equals"]),
    ("status", ["=", "!=", "is_any_of", "not_any_of", "is_blank", "not_blank"]),
    ("timezone_pref", ["=", "!=", "is_blank", "not_blank"]),
    ("regions", ["contains", "not_contains", "has_any", "has_all", "has_none", "=", "!=",
                 "is_any_of", "not_any_of", "is_blank", "not_blank"]),
    ("satisfaction", ["=", "!=", "<", "<=", ">", ">=", "is_any_of", "not_any_of", "is_blank",
                      "not_blank"]),
    ("account_manager", ["is_me", "=", "!=", "is_any_of", "not_any_of", "is_blank",
                         "not_blank"]),
    ("owner", ["is_me", "=", "!=", "is_any_of", "not_any_of"]),
    ("company", ["contains", "not_contains", "is_any_of", "not_any_of", "is_blank",
                 "not_blank"]),
    ("attachments", [">", ">=", "<", "is_blank", "not_blank"]),
    ("stage", ["=", "!=", "is_any_of", "not_any_of"]),
])
def test_valid_ops(name: str, ops: list[str]) -> None:
    assert valid_ops(_def(name)) == ops


def test_valid_ops_special_cases() -> None:
    assert "is_blank" not in valid_ops(_def("email_status", CONTACTS))
    assert valid_ops(FieldDef(id="x", name="x", field_type="hologram")) == []
    custom_stage = FieldDef(id="s", name="stage", field_type="dropdown", is_default=False)
    assert "is_blank" in valid_ops(custom_stage)


# --- copy helpers -----------------------------------------------------------------------------

BODY = compile_filter({"all": [A, cond("name", "contains", "O'Brien 東京")]}, DEALS)


def test_search_request_json_is_the_exact_body() -> None:
    text = search_request_json("deals", BODY, search="acme", page=2)
    assert json.loads(text) == BODY
    assert text.startswith('{\n  "and": true,\n  "query": [')
    assert "O'Brien 東京" in text


def test_search_request_path() -> None:
    assert search_request_path("deals") == "/records/deals/search?page=1&page_size=100"
    assert search_request_path("my obj/x", search="acme & co", ordering="-created", page=3,
                               page_size=1000) == (
        "/records/my%20obj%2Fx/search?page=3&page_size=1000&ordering=-created&search=acme+%26+co")
    for page, size in ((0, 100), (1, 0), (1, 1001)):
        with pytest.raises(ValueError, match="page"):
            search_request_path("deals", page=page, page_size=size)


def test_search_request_curl() -> None:
    command = search_request_curl("https://app.go.kizen.com/api/", "deals", BODY,
                                  search="o'brien")
    lines = command.split(" \\\n  ")
    assert lines[0] == ("curl -sS -X POST 'https://app.go.kizen.com/api/records/deals/search"
                        "?page=1&page_size=100&search=o%27brien'")
    assert lines[1:4] == ['-H "X-API-KEY: $KIZEN_API_KEY"',
                          '-H "X-BUSINESS-ID: $KIZEN_BUSINESS_ID"',
                          '-H "X-USER-ID: $KIZEN_USER_ID"']
    argv = shlex.split(command.replace("\\\n", " "))
    assert argv[argv.index("--data-raw") + 1] == json.dumps(BODY, ensure_ascii=False,
                                                           separators=(",", ":"))
    assert json.loads(argv[-1]) == BODY
    assert "X-API-KEY: $KIZEN_API_KEY" in argv


def test_search_request_curl_adds_api_to_a_bare_host() -> None:
    command = search_request_curl("http://127.0.0.1:8765", "client_client", {"and": True,
                                                                            "query": []})
    assert "'http://127.0.0.1:8765/api/records/client_client/search?page=1&page_size=100'" in (
        command)
