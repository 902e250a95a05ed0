"""add, PATCH and PUT: values of every type, validation errors in the positional envelope,
read-only fields and record permissions, relationships kept consistent on both sides."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from kizen_tui.sandbox import seed
from kizen_tui.sandbox.catalog import EMPLOYEES
from tests.contract import request_schema, validate
from tests.sandbox.conftest import checked
from tests.sandbox.helpers import GET, field, value

ADD = "/api/records/{object_identifier}/add"
ERR = "ErrorResponse"


def body_of(fields: list[dict[str, Any]], path: str = ADD, method: str = "post",
            **extra: Any) -> dict[str, Any]:
    """A request body, validated against the contract's request schema."""
    body = {"fields": fields, **extra}
    schema = request_schema(path, method)
    assert schema is not None
    validate(body, schema)
    return body


def company(name: str, *more: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"name": "name", "value": name}, {"name": "industry", "value": {"name": "Retail"}},
            *more]


async def add(client: httpx.AsyncClient, fields: list[dict[str, Any]], obj: str = "companies",
              **extra: Any) -> httpx.Response:
    return await client.post(f"/api/records/{obj}/add", json=body_of(fields, **extra))


async def patch(client: httpx.AsyncClient, rid: str, fields: list[dict[str, Any]],
                obj: str = "companies", **params: Any) -> httpx.Response:
    return await client.patch(f"/api/records/{obj}/{rid}", params=params,
                              json=body_of(fields, GET, "patch"))


async def test_add_every_writable_type(wclient: httpx.AsyncClient) -> None:
    tier, regions = field("companies", "tier"), field("companies", "regions")
    file_id = seed.uid("file", 3)
    response = await add(wclient, company(
        "Brand New Co",
        {"name": "tier", "value": tier.options[1].id},
        {"name": "account_status", "value": {"id": field("companies", "account_status")
                                             .options[0].id}},
        {"name": "regions", "value": [{"id": regions.options[0].id}, regions.options[2].id]},
        {"name": "keywords", "value": [{"name": "brand new tag"}]},
        {"name": "employee_count", "value": "42"}, {"name": "annual_revenue", "value": 1234.5},
        {"name": "score", "value": "7.25"}, {"name": "rating", "value": 4},
        {"name": "website", "value": "https://new.example"},
        {"name": "billing_email", "value": "billing@new.example"},
        {"name": "hq_phone", "value": "(312) 555-0199"}, {"name": "founded", "value": "2001-02-03"},
        {"name": "last_contacted", "value": "2025-01-02T03:04:05Z"},
        {"name": "is_partner", "value": True},
        {"name": "renewal_likely", "value": {"name": "Maybe"}},
        {"name": "hq_timezone", "value": "Asia/Tokyo"},
        {"name": "account_manager", "value": EMPLOYEES[2].id},
        {"name": "about", "value": "**markdown**"}, {"name": "documents", "value": [file_id]},
        {"name": "deals", "value": []},
    ))
    record = checked(response, ADD, "post")
    assert response.status_code == 200 and record["action"] == "created"
    assert record["display_name"] == "Brand New Co"
    expect = {"tier": {"id": tier.options[1].id, "code": "silver", "name": "Silver"},
              "employee_count": 42, "score": 7.25, "website": "https://new.example",
              "hq_phone": "+13125550199", "founded": "2001-02-03", "is_partner": True,
              "hq_timezone": "Asia/Tokyo", "about": "**markdown**",
              "annual_revenue": {"currency": "USD", "symbol": "$", "amount": 1234.5}}
    for name, wanted in expect.items():
        assert value(record, name) == wanted, name
    assert value(record, "last_contacted").startswith("2025-01-01T21:04:05")  # Chicago time
    assert [r["name"] for r in value(record, "regions")] == ["NA", "APAC"]
    assert [t["name"] for t in value(record, "keywords")] == ["brand new tag"]
    assert value(record, "rating")["code"] == "4" and value(record, "renewal_likely")["code"] \
        == "maybe"
    assert value(record, "account_manager")["id"] == EMPLOYEES[2].id
    assert value(record, "owner")["id"] == EMPLOYEES[0].id  # defaults to the demo user
    assert value(record, "documents")[0]["id"] == file_id
    fetched = checked(await wclient.get(f"/api/records/companies/{record['id']}"), GET, "get")
    assert fetched["fields"] == record["fields"]


@pytest.mark.parametrize(("entry", "key", "fragment"), [
    ({"name": "tier", "value": "not-an-option"}, "value", "valid choice"),
    ({"name": "tier", "value": {"name": "Platinum"}}, "value", "valid choice"),
    ({"name": "website", "value": "x" * 256}, "value", "255"),
    ({"name": "employee_count", "value": 2**31}, "value", "between"),
    ({"name": "employee_count", "value": 1.5}, "value", "integer"),
    ({"name": "employee_count", "value": True}, "value", "integer"),
    ({"name": "score", "value": "abc"}, "value", "number"),
    ({"name": "billing_email", "value": "not-an-email"}, "value", "email"),
    ({"name": "hq_phone", "value": "call me"}, "value", "phone"),
    ({"name": "founded", "value": "03/02/2001"}, "value", "YYYY-MM-DD"),
    ({"name": "last_contacted", "value": "yesterday"}, "value", "ISO"),
    ({"name": "is_partner", "value": "yes"}, "value", "boolean"),
    ({"name": "hq_timezone", "value": "Mars/Olympus"}, "value", "timezone"),
    ({"name": "rating", "value": 6}, "value", "between"),
    ({"name": "account_manager", "value": EMPLOYEES[7].id}, "value", "no longer active"),
    ({"name": "account_manager", "value": "nobody"}, "value", "does not exist"),
    ({"name": "documents", "value": ["00000000-0000-4000-8000-000000000000"]}, "value", "exist"),
    ({"name": "keywords", "value": [{"id": "00000000-0000-4000-8000-000000000000"}]}, "value",
     "exist"),
    ({"name": "deals", "value": [{"id": seed.ARCHIVED_DEAL_ID}]}, "value", "does not exist"),
    ({"name": "no_such_field", "value": 1}, "name", "does not exist"),
    ({"id": "00000000-0000-4000-8000-000000000000", "value": 1}, "id", "does not exist"),
    ({"name": "salary_band", "value": "x"}, "name", "does not exist"),
    ({"name": "tier", "add_values": ["x"]}, "add_values", "multiple"),
    ({"name": "tier"}, "value", "required"),
    ({"name": "regions", "value": [], "add_values": []}, "value", "either"),
])
async def test_invalid_values_are_positional_400(wclient: httpx.AsyncClient, entry: dict[str, Any],
                                                 key: str, fragment: str) -> None:
    response = await add(wclient, company("Valid Name Co", entry))
    assert response.status_code == 400
    errors = checked(response, ADD, "post")
    assert errors["fields"][:2] == [{}, {}]
    assert list(errors["fields"][2]) == [key]
    assert fragment.lower() in errors["fields"][2][key][0].lower()
    assert (await wclient.get("/api/records/companies/lookup",
                              params={"identifier": "Valid Name Co"})).status_code == 404


async def test_required_and_unique_fields(wclient: httpx.AsyncClient) -> None:
    missing = await add(wclient, [{"name": "name", "value": "No Industry Co"}])
    assert missing.status_code == 400
    assert any("industry" in m for m in missing.json()["non_field_errors"])
    blank = await add(wclient, [{"name": "name", "value": ""}, {"name": "industry", "value": None}])
    assert [list(e) for e in blank.json()["fields"]] == [["value"], ["value"]]
    taken = await add(wclient, company(seed.ACME_NAME))
    assert taken.status_code == 400 and "already exists" in taken.json()["fields"][0]["value"][0]
    case = await add(wclient, company(seed.ACME_NAME.upper()))
    assert case.status_code == 200  # names are unique case-sensitively
    email = await add(wclient, [{"name": "email", "value": "CJK@example.com"}], "client_client")
    assert email.status_code == 400  # contact emails are unique case-insensitively
    assert email.json()["fields"] == [{"value": ["A contact with this email already exists."]}]


@pytest.mark.parametrize("name", [seed.READ_ONLY_FIELD, seed.NO_EDIT_ACCESS_FIELD, "created"])
async def test_read_only_fields_are_403(wclient: httpx.AsyncClient, name: str) -> None:
    response = await patch(wclient, seed.ACME_RECORD_ID,
                           [{"name": "website", "value": "https://ok.example"},
                            {"name": name, "value": "1"}])
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "forbidden_field_write" and name in body["detail"]
    assert body["fields"][0] == {} and "value" in body["fields"][1]
    after = (await wclient.get(f"/api/records/companies/{seed.ACME_RECORD_ID}")).json()
    assert value(after, "website") != "https://ok.example"


async def test_record_permissions(wclient: httpx.AsyncClient) -> None:
    entry = [{"name": "website", "value": "https://x.example"}]
    assert (await patch(wclient, seed.VIEW_ONLY_RECORD_ID, entry)).status_code == 403
    put = await wclient.put(f"/api/records/companies/{seed.VIEW_ONLY_RECORD_ID}",
                            json={"fields": company(seed.VIEW_ONLY_RECORD_NAME)})
    assert put.status_code == 403 and put.json()["code"] == "permission_required"
    for rid in (seed.VIEW_ONLY_RECORD_ID, seed.NOT_REMOVABLE_RECORD_ID):
        assert (await wclient.delete(f"/api/records/companies/{rid}")).status_code == 403
    assert (await patch(wclient, seed.NOT_REMOVABLE_RECORD_ID, entry)).status_code == 200
    assert (await patch(wclient, seed.INVISIBLE_RECORD_ID, entry)).status_code == 404


async def test_patch_returns_written_fields_unless_all_are_asked(
        wclient: httpx.AsyncClient) -> None:
    before = (await wclient.get(f"/api/records/companies/{seed.ACME_RECORD_ID}")).json()
    response = await patch(wclient, seed.ACME_RECORD_ID, [{"name": "employee_count", "value": 7}])
    body = checked(response, GET, "patch")
    assert {e["name"] for e in body["fields"].values()} == {"employee_count", "updated"}
    assert value(body, "updated") > value(before, "updated")
    every = checked(await patch(wclient, seed.ACME_RECORD_ID, [], return_all_fields="true"),
                    GET, "patch")
    assert value(every, "employee_count") == 7 and value(every, "name") == seed.ACME_NAME
    cleared = await patch(wclient, seed.ACME_RECORD_ID, [{"name": "employee_count", "value": None}])
    assert "employee_count" not in {e["name"] for e in cleared.json()["fields"].values()}


async def test_patch_archived_true_does_nothing(wclient: httpx.AsyncClient) -> None:
    url = f"/api/records/companies/{seed.ACME_RECORD_ID}"
    before = (await wclient.get(url)).json()
    response = await wclient.patch(url, json={"archived": True})
    assert response.status_code == 200
    assert value(response.json(), "updated") == value(before, "updated")
    assert (await wclient.get(f"/api/records/companies/{seed.ACME_RECORD_ID}")).status_code == 200


async def test_put_needs_required_fields_and_keeps_the_rest(wclient: httpx.AsyncClient) -> None:
    url = f"/api/records/companies/{seed.ACME_RECORD_ID}"
    partial = await wclient.put(url, json=body_of([{"name": "website", "value": "https://a.b"}],
                                                  GET, "put"))
    assert partial.status_code == 400 and partial.json()["non_field_errors"]
    missing = await wclient.put(url, json={})
    assert missing.status_code == 400
    full = await wclient.put(url, json=body_of(company(seed.ACME_NAME), GET, "put"))
    record = checked(full, GET, "put")
    assert value(record, "industry")["name"] == "Retail"
    assert value(record, "employee_count") == 500  # untouched by PUT


async def test_multi_values_add_and_remove(wclient: httpx.AsyncClient) -> None:
    regions = field("companies", "regions").options
    rid = seed.ACME_RECORD_ID
    await patch(wclient, rid, [{"name": "regions", "value": [regions[0].id]}])
    added = await patch(wclient, rid, [{"name": "regions", "add_values": [regions[1].id,
                                                                           regions[0].id]}])
    assert [o["code"] for o in value(added.json(), "regions")] == ["na", "emea"]
    removed = await patch(wclient, rid, [{"name": "regions", "remove_values": [regions[0].id]}])
    assert [o["code"] for o in value(removed.json(), "regions")] == ["emea"]
    tags = await patch(wclient, rid, [{"name": "keywords", "add_values": [{"name": "Hot Lead"}]}])
    assert [t["name"] for t in value(tags.json(), "keywords")] == ["hot lead"]  # existing tag


async def test_relationships_stay_consistent_on_both_sides(wclient: httpx.AsyncClient) -> None:
    deals = (await wclient.post("/api/records/deals/search", params={"page_size": 3},
                                json={"field_names": ["name", "company"]})).json()["results"]
    deal_ids = [d["id"] for d in deals]
    acme = seed.ACME_RECORD_ID
    await patch(wclient, acme, [{"name": "deals", "value": [{"id": deal_ids[0]}, deal_ids[1]]}])
    for rid in deal_ids[:2]:
        deal = (await wclient.get(f"/api/records/deals/{rid}")).json()
        assert value(deal, "company")["id"] == acme
    moved = await patch(wclient, deal_ids[1], [{"name": "company",
                                                "value": {"id": seed.EMPTY_RECORD_ID}}], "deals")
    assert value(moved.json(), "company")["id"] == seed.EMPTY_RECORD_ID
    acme_deals = (await wclient.get(f"/api/records/companies/{acme}")).json()
    assert [d["id"] for d in value(acme_deals, "deals")] == [deal_ids[0]]
    await patch(wclient, acme, [{"name": "deals", "add_values": [deal_ids[2]]}])
    third = (await wclient.get(f"/api/records/deals/{deal_ids[2]}")).json()
    assert value(third, "company")["id"] == acme
    single = await patch(wclient, deal_ids[0], [{"name": "company",
                                                 "value": [acme, seed.EMPTY_RECORD_ID]}], "deals")
    assert single.status_code == 400
    await patch(wclient, deal_ids[0], [{"name": "company", "value": None}], "deals")
    acme_after = (await wclient.get(f"/api/records/companies/{acme}")).json()
    assert [d["id"] for d in value(acme_after, "deals")] == [deal_ids[2]]
