"""Search: ordering, paging edges, text search, static groups, field trimming, bad requests."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from kizen_tui.sandbox import seed
from tests.sandbox.helpers import all_rows, cond, field, search, value, where
from tests.sandbox.predicates import fold


def names_of(page: dict[str, Any]) -> list[str]:
    return [value(r, "name") for r in page["results"]]


async def test_default_order_is_by_name_with_hostile_records_first(
        client: httpx.AsyncClient) -> None:
    page = await search(client, "companies", page_size=20)
    shown = names_of(page)
    assert shown == sorted(shown, key=fold)
    for hostile in seed.HOSTILE_NAMES:
        assert hostile in shown
    assert seed.INVISIBLE_RECORD_NAME not in shown and seed.ARCHIVED_RECORD_NAME not in shown


@pytest.mark.parametrize("ordering", ["employee_count", "-employee_count", "-name", "founded",
                                      "-last_contacted", "tier", "website"])
async def test_ordering_both_ways_with_blanks_last_ascending(
        client: httpx.AsyncClient, ordering: str) -> None:
    name = ordering.lstrip("-")
    rows = (await search(client, "companies", {"field_names": ["name", name]},
                         ordering=ordering, page_size=1000))["results"]
    got = [value(r, name) for r in rows]
    present = [v for v in got if v is not None]
    keyed = [v["name"] if name == "tier" else v for v in present]
    if name == "tier":  # options sort by their order, not their label
        order = {"Gold": 0, "Silver": 1, "Bronze": 2}
        keyed = [order[v] for v in keyed]
    elif isinstance(keyed[0], str):
        keyed = [fold(v) for v in keyed]
    desc = ordering.startswith("-")
    assert keyed == sorted(keyed, reverse=desc)
    blanks = [i for i, v in enumerate(got) if v is None]
    if blanks and name != "name":
        expected = list(range(len(blanks))) if desc else list(range(len(got) - len(blanks),
                                                                    len(got)))
        assert blanks == expected


async def test_ties_are_broken_by_id_so_paging_is_stable(client: httpx.AsyncClient) -> None:
    rows = (await search(client, "companies", {"field_names": ["tier"]}, ordering="tier",
                         page_size=1000))["results"]
    for tier in {value(r, "tier")["id"] for r in rows if value(r, "tier")}:
        ids = [r["id"] for r in rows if (value(r, "tier") or {}).get("id") == tier]
        assert ids == sorted(ids)
    paged = []
    for number in (1, 2, 3):
        page = await search(client, "companies", {"field_names": ["tier"]}, ordering="tier",
                            page_size=50, page=number)
        paged += [r["id"] for r in page["results"]]
    assert paged == [r["id"] for r in rows]


async def test_ordering_by_field_uuid(client: httpx.AsyncClient) -> None:
    score = field("companies", "score")
    by_name = await search(client, "companies", {"field_names": ["score"]}, ordering="-score")
    for key in (score.id, f'"custom"::{score.id}'):
        by_id = await search(client, "companies", {"field_names": ["score"]}, ordering=f"-{key}")
        assert [r["id"] for r in by_id["results"]] == [r["id"] for r in by_name["results"]]


async def test_unknown_ordering_is_ignored(client: httpx.AsyncClient) -> None:
    plain = await search(client, "companies", page_size=10)
    odd = await search(client, "companies", page_size=10, ordering="no_such_field,-regions")
    assert names_of(odd) == names_of(plain)


async def test_contacts_order_by_first_then_last_name(client: httpx.AsyncClient) -> None:
    page = await search(client, "client_client", page_size=1000)
    pairs = [(fold(value(r, "first_name") or ""), fold(value(r, "last_name") or ""))
             for r in page["results"]]
    assert pairs == sorted(pairs)


async def test_paging_links_and_last_page(client: httpx.AsyncClient) -> None:
    first = await search(client, "companies", page_size=40)
    total = first["count"]
    assert first["previous"] is None and "page=2" in first["next"]
    assert first["next"].startswith("http://sandbox.kizen.local/api/records/companies/search?")
    second = (await client.post(first["next"], json={})).json()
    assert second["previous"] is not None and "page=" not in second["previous"]
    last_number = -(-total // 40)
    last = await search(client, "companies", page_size=40, page=last_number)
    assert last["next"] is None and len(last["results"]) == total - 40 * (last_number - 1)
    assert f"page={last_number - 1}" in last["previous"]


@pytest.mark.parametrize("page", ["99", "0", "-1", "abc"])
async def test_page_past_the_end_is_404_invalid_page(client: httpx.AsyncClient,
                                                     page: str) -> None:
    response = await client.post("/api/records/companies/search",
                                 params={"page": page, "page_size": 100}, json={})
    assert response.status_code == 404 and response.json() == {"detail": "Invalid page."}


async def test_empty_result_is_a_valid_first_page(client: httpx.AsyncClient) -> None:
    body = where(cond("companies", "name", "=", "no such company at all"))
    page = await search(client, "companies", body)
    assert page == {"count": 0, "next": None, "previous": None, "results": [], "errors": None}


@pytest.mark.parametrize("size", ["0", "1001", "-5", "ten"])
async def test_page_size_out_of_range_is_400(client: httpx.AsyncClient, size: str) -> None:
    response = await client.post("/api/records/companies/search", params={"page_size": size},
                                 json={})
    assert response.status_code == 400 and "page_size" in response.json()


async def test_page_size_bounds_are_accepted(client: httpx.AsyncClient) -> None:
    assert len((await search(client, "companies", page_size=1))["results"]) == 1
    assert (await search(client, "companies", page_size=1000))["next"] is None


async def test_text_search(client: httpx.AsyncClient) -> None:
    rows = await all_rows(client, "companies")
    target = value(rows[40], "name")
    words = target.split()[:2]
    term = " ".join(w.upper() for w in words)
    got = await search(client, "companies", {"field_names": ["name"]}, search=term,
                       page_size=1000)
    expected = {r["id"] for r in rows
                if all(fold(w) in fold(value(r, "name")) for w in term.split())}
    assert {r["id"] for r in got["results"]} == expected and rows[40]["id"] in expected


async def test_contact_search_covers_email_and_phones(client: httpx.AsyncClient) -> None:
    found = await search(client, "client_client", search="rtl@example")
    assert [value(r, "email") for r in found["results"]] == ["rtl@example.com"]
    contacts = await all_rows(client, "client_client")
    phone = next(value(r, "mobile_phone") for r in contacts if value(r, "mobile_phone"))
    by_phone = await search(client, "client_client", search=phone[-7:], page_size=1000)
    assert by_phone["count"] >= 1 and all(
        phone[-7:] in "".join(str(value(r, f)) for f in ("mobile_phone", "home_phone",
                                                         "business_phone", "email"))
        for r in by_phone["results"])


async def test_search_within_other_fields(client: httpx.AsyncClient) -> None:
    found = await search(client, "companies", {"search_within_field_names": ["website"]},
                         search="evil.example", page_size=1000)
    assert {value(r, "name") for r in found["results"]} == {seed.ANSI_NAME, seed.MARKUP_BOLD_NAME}


async def test_static_groups(client: httpx.AsyncClient, shared_app: Any) -> None:
    everyone = {r["id"] for r in await all_rows(client, "companies")}
    key, news = (seed.group_id("companies", g) for g in seed.GROUP_NAMES[:2])

    async def ids(**params: Any) -> set[str]:
        page = await search(client, "companies", {"field_names": ["name"]}, page_size=1000,
                            **params)
        return {r["id"] for r in page["results"]}

    in_key = await ids(group_id=key)
    assert in_key and in_key < everyone
    assert await ids(in_group_ids=key) == in_key
    assert await ids(not_in_group_ids=key) == everyone - in_key
    both = await ids(in_group_ids=f"{key},{news}")
    assert in_key <= both and both == in_key | await ids(group_id=news)
    assert await ids(in_group_ids=key, not_in_group_ids=key) == in_key  # in_group_ids wins
    assert await ids(group_id=seed.group_id("deals", seed.GROUP_NAMES[0])) == set()


async def test_field_trimming(client: httpx.AsyncClient) -> None:
    page = await search(client, "companies", {"field_names": ["name", "tier", "bogus", "Tier"]})
    assert {e["name"] for r in page["results"] for e in r["fields"].values()} <= {"name", "tier"}
    by_id = await search(client, "companies", {"field_ids": [field("companies", "tier").id]})
    assert {e["name"] for r in by_id["results"] for e in r["fields"].values()} == {"tier"}
    every = await search(client, "companies", page_size=5)
    assert len({e["name"] for r in every["results"] for e in r["fields"].values()}) > 10
    assert "internal_score" not in {e["name"] for r in every["results"]
                                    for e in r["fields"].values()}


@pytest.mark.parametrize("body", [
    {"field_names": ["name"], "field_ids": ["0b3c4f1e-2a52-4e2c-9d1c-000000000000"]},
    {"search_within_field_names": ["name"],
     "search_within_field_ids": ["0b3c4f1e-2a52-4e2c-9d1c-000000000000"]},
    where(cond("companies", "name", "=", None)),
    where({"type": "fields", "field": "name", "condition": "="}),
    where(cond("companies", "name", "has_any", ["x"])),
    where(cond("companies", "description", "contains", "x")),
    where(cond("companies", "created", "is_blank", True)),
    where(cond("companies", "owner", "is_blank", True)),
    where({"type": "fields", "field": "no_such_field", "condition": "=", "value": "x"}),
    where(cond("companies", "regions", "has", "not-a-list")),
    where(cond("companies", "employee_count", "between", [1])),
    where(cond("companies", "founded", "=", "31/12/2024")),
    {"query": "not a list"},
])
async def test_bad_search_bodies_are_400_with_errors(client: httpx.AsyncClient,
                                                     body: dict[str, Any]) -> None:
    response = await client.post("/api/records/companies/search", json=body)
    assert response.status_code == 400
    payload = response.json()
    assert payload["results"] == [] and payload["errors"] and isinstance(payload["errors"][0], str)
