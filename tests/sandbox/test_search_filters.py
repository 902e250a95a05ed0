"""Every filter condition of every field type returns exactly the matching records.

Expectations are computed in Python (tests/sandbox/predicates.py) from all records fetched
without filters, for values picked from the seeded data so results are neither trivially empty
nor everything.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from kizen_tui.sandbox.catalog import DEMO_USER_ID
from tests.sandbox.helpers import all_rows, cond, field, search_ids, value, where
from tests.sandbox.predicates import _instant, matches

Pick = Callable[[list[Any]], Any]
Ops = list[tuple[str, Pick]]


def ascii_text(vals: list[Any]) -> str:
    return next(v for v in sorted(vals) if v.isascii() and len(v) > 6)


def common(vals: list[Any]) -> Any:
    key = [v["id"] if isinstance(v, dict) else v for v in vals]
    return Counter(key).most_common(1)[0][0]


def two(vals: list[Any]) -> list[Any]:
    return [k for k, _ in Counter(v["id"] for v in vals).most_common(2)]


def first_item(vals: list[Any]) -> list[str]:
    return [Counter(i["id"] for v in vals for i in v).most_common(1)[0][0]]


def two_items(vals: list[Any]) -> list[str]:
    return [k for k, _ in Counter(i["id"] for v in vals for i in v).most_common(2)]


def middle(vals: list[Any]) -> Any:
    nums = sorted(v["amount"] if isinstance(v, dict) else v for v in vals)
    return nums[len(nums) // 2]


def span(vals: list[Any]) -> list[Any]:
    nums = sorted(v["amount"] if isinstance(v, dict) else v for v in vals)
    return [nums[len(nums) // 4], nums[3 * len(nums) // 4]]


def day_of(vals: list[Any]) -> str:
    return str(sorted(vals)[len(vals) // 2])[:10]


def utc_day(vals: list[Any]) -> str:
    return _instant(sorted(vals)[len(vals) // 2]).date().isoformat()


def instant(vals: list[Any]) -> str:
    return _instant(sorted(vals)[len(vals) // 2]).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def BLANK_T(vals: list[Any]) -> bool:
    return True


def BLANK_F(vals: list[Any]) -> bool:
    return False


def part(cut: slice, upper: bool = False) -> Pick:
    return lambda v: ascii_text(v)[cut].upper() if upper else ascii_text(v)[cut]


TEXT: Ops = [("=", lambda v: ascii_text(v).upper()), ("!=", ascii_text),
        ("contains", part(slice(2, 5), upper=True)), ("!contains", part(slice(2, 5))),
        ("starts_with", part(slice(None, 3))), ("!starts_with", part(slice(None, 3))),
        ("ends_with", part(slice(-3, None))), ("!ends_with", part(slice(-3, None))),
        ("is_blank", BLANK_T), ("is_blank", BLANK_F)]
NUMBER: Ops = [("=", middle), ("!=", middle), ("<", middle), ("<=", middle), (">", middle),
          (">=", middle), ("between", span), ("is_blank", BLANK_T), ("is_blank", BLANK_F)]
DATE: Ops = [*[(op, day_of) for op in ("=", "!=", "<", "<=", ">", ">=")],
        ("between", lambda v: [day_of(v), str(max(v))[:10]]), ("month_equals", lambda v: 3),
        ("is_blank", BLANK_T), ("is_blank", BLANK_F)]
DATETIME: Ops = [*[(op, utc_day) for op in ("=", "!=", "<", "<=", ">", ">=")],
            *[(op, instant) for op in ("=", "!=", "<", "<=", ">", ">=")],
            ("between", lambda v: [utc_day(sorted(v)[: len(v) // 2]),
                                   instant(sorted(v)[len(v) // 2:])]),
            ("month_equals", lambda v: 7),
            ("is_blank", BLANK_T), ("is_blank", BLANK_F)]
OPTION: Ops = [("=", common), ("!=", common), ("is_any_of", two), ("is_none_of", two),
          ("is_blank", BLANK_T), ("is_blank", BLANK_F)]
MULTI: Ops = [("has", first_item), ("!has", first_item), ("has_any", two_items),
         ("!has_any", two_items), ("has_all", two_items), ("has_none", two_items),
         ("is_blank", BLANK_T), ("is_blank", BLANK_F)]
RELATION: Ops = [("contains", first_item), ("!contains", first_item), ("is_any_of", two_items),
            ("is_none_of", two_items), ("is_blank", BLANK_T), ("is_blank", BLANK_F)]


def single_relation(picks: Ops) -> Ops:
    def lift(pick: Pick) -> Pick:
        return lambda vals: pick([[v] for v in vals])
    return [(op, lift(p)) for op, p in picks]


RATING: Ops = [("=", lambda v: common([x["code"] for x in v])), ("!=", lambda v: "3"),
          ("<", lambda v: "3"), ("<=", lambda v: "3"), (">", lambda v: "3"), (">=", lambda v: "3"),
          ("is_any_of", lambda v: ["1", "5"]), ("is_none_of", lambda v: ["1", "5"]),
          ("is_blank", BLANK_T), ("is_blank", BLANK_F)]
PHONE: Ops = [("=", lambda v: v[0][2:]), ("contains", lambda v: "(312) 555"),
              ("is_blank", BLANK_T), ("is_blank", BLANK_F)]
BLANKS: Ops = [("is_blank", BLANK_T), ("is_blank", BLANK_F)]
CHECKBOX: Ops = [("=", lambda v: True), ("=", lambda v: False)]
TIMEZONE: Ops = [("=", common), ("!=", common), ("is_blank", BLANK_T), ("is_blank", BLANK_F)]
FILES: Ops = [(">=", lambda v: 1), (">", lambda v: 1), ("<", lambda v: 2), ("is_blank", BLANK_T),
              ("is_blank", BLANK_F)]
SPECS: list[tuple[str, str, Ops]] = [
    ("companies", "name", TEXT[:-2]), ("companies", "website", TEXT),
    ("companies", "billing_email", TEXT), ("client_client", "email", TEXT[:-2]),
    ("companies", "description", BLANKS), ("projects", "brief", BLANKS),
    ("companies", "hq_phone", PHONE), ("companies", "is_partner", CHECKBOX),
    ("companies", "employee_count", NUMBER), ("companies", "score", NUMBER),
    ("companies", "annual_revenue", NUMBER), ("deals", "entity_value", NUMBER),
    ("companies", "founded", DATE), ("client_client", "birthday", DATE),
    ("companies", "last_contacted", DATETIME), ("companies", "created", DATETIME[:-2]),
    ("companies", "industry", OPTION[:4]), ("companies", "tier", OPTION),
    ("companies", "account_status", OPTION), ("companies", "renewal_likely", OPTION),
    ("projects", "segment", OPTION), ("projects", "region", OPTION),
    ("projects", "health", OPTION), ("deals", "stage", OPTION[:4]),
    ("companies", "hq_timezone", TIMEZONE),
    ("companies", "regions", MULTI), ("companies", "keywords", MULTI),
    ("client_client", "tags", MULTI), ("deals", "reasons_lost", MULTI),
    ("companies", "rating", RATING), ("projects", "priority_rating", RATING),
    ("companies", "account_manager", OPTION), ("companies", "owner", OPTION[:4]),
    ("deals", "contacts", RELATION), ("companies", "deals", RELATION),
    ("deals", "company", single_relation(RELATION)),
    ("client_client", "company", single_relation(RELATION)),
    ("projects", "deal", single_relation(RELATION)),
    ("companies", "documents", FILES),
]
CASES = [pytest.param(obj, name, op, pick, id=f"{obj}.{name}:{op}:{i}")
         for obj, name, ops in SPECS for i, (op, pick) in enumerate(ops)]


@pytest.fixture(scope="module")
def rows_cache() -> dict[str, list[dict[str, Any]]]:
    return {}


@pytest.mark.parametrize(("obj", "name", "op", "pick"), CASES)
async def test_condition_matches_exactly(client: httpx.AsyncClient, rows_cache: dict[str, Any],
                                         obj: str, name: str, op: str, pick: Pick) -> None:
    if obj not in rows_cache:
        rows_cache[obj] = await all_rows(client, obj)
    rows = rows_cache[obj]
    fd = field(obj, name)
    vals = [value(r, name) for r in rows if value(r, name) is not None]
    x = pick(vals)
    expected = {r["id"] for r in rows if matches(fd.field_type, name, op, value(r, name), x)}
    assert 0 < len(expected) < len(rows) or op.startswith(("is_blank", "=")), (op, x)
    assert await search_ids(client, obj, where(cond(obj, name, op, x))) == expected


async def test_is_me_and_email_status_slugs(client: httpx.AsyncClient) -> None:
    rows = await all_rows(client, "companies")
    mine = {r["id"] for r in rows if (value(r, "owner") or {}).get("id") == DEMO_USER_ID}
    assert mine and await search_ids(client, "companies",
                                     where(cond("companies", "owner", "=", "is_me"))) == mine
    contacts = await all_rows(client, "client_client")
    opted = {r["id"] for r in contacts
             if (value(r, "email_status") or {}).get("code") == "opted_in"}
    body = where(cond("client_client", "email_status", "=", "opted_in"))
    assert opted and await search_ids(client, "client_client", body) == opted


async def test_groups_combine_with_and_or(client: httpx.AsyncClient) -> None:
    rows = await all_rows(client, "companies")
    tier = field("companies", "tier").options[0].id
    a, b = cond("companies", "tier", "=", tier), cond("companies", "is_partner", "=", True)
    in_a = {r["id"] for r in rows if (value(r, "tier") or {}).get("id") == tier}
    in_b = {r["id"] for r in rows if value(r, "is_partner") is True}
    assert await search_ids(client, "companies", where(a, b)) == in_a & in_b
    assert await search_ids(client, "companies", where(a, b, all_=False)) == in_a | in_b
    two_groups = {"and": False, "query": [{"and": True, "filters": [a]},
                                          {"and": True, "filters": [b]}]}
    assert await search_ids(client, "companies", two_groups) == in_a | in_b
    both = {"and": True, "query": [{"filters": [a]}, {"filters": [b]}]}
    assert await search_ids(client, "companies", both) == in_a & in_b
    assert await search_ids(client, "companies", {"query": [], "and": True}) == \
        {r["id"] for r in rows}


@pytest.mark.parametrize("stage_op", ["time_in_stage", "entered_stage", "left_stage"])
async def test_stage_history_conditions(client: httpx.AsyncClient, stage_op: str) -> None:
    stages = field("deals", "stage").options
    rows = await all_rows(client, "deals")
    in_stage = {r["id"] for r in rows if (value(r, "stage") or {}).get("id") == stages[1].id}
    plain = cond("deals", "stage", stage_op, [stages[1].id])
    found = await search_ids(client, "deals", where(plain))
    if stage_op == "time_in_stage":
        assert found == in_stage
    elif stage_op == "entered_stage":
        assert in_stage <= found  # plus those that moved on from stage 1
    else:
        assert found and not found & in_stage
    recent = cond("deals", "stage", stage_op, [stages[1].id], comparison_condition="<",
                  comparison_value="1")
    assert await search_ids(client, "deals", where(recent)) == set()  # seeded long ago
