"""Get, lookup, value shapes of every field type, and the field-values endpoint."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from kizen_tui.sandbox import seed
from kizen_tui.sandbox.catalog import DEMO_USER_ID, business
from tests.sandbox.conftest import checked
from tests.sandbox.helpers import GET, all_rows, by_name, value

LOOKUP = "/api/records/{object_identifier}/lookup"
VALUES = "/api/records/{entity_id}/field-values/{field_id}"
ISO_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$")


async def get(client: httpx.AsyncClient, obj: str, rid: str, **params: Any) -> dict[str, Any]:
    response = await client.get(f"/api/records/{obj}/{rid}", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = checked(response, GET, "get")
    return body


def names(record: dict[str, Any]) -> set[str]:
    return {entry["name"] for entry in record["fields"].values()}


async def test_get_record_shape(client: httpx.AsyncClient) -> None:
    record = await get(client, "companies", seed.ACME_RECORD_ID)
    assert record["id"] == seed.ACME_RECORD_ID and record["client_info"] is None
    assert record["display_name"] == seed.ACME_NAME
    assert record["access"] == {"view": True, "edit": True, "remove": True}
    for key, entry in record["fields"].items():
        assert key == entry["id"] and set(entry) == {"id", "name", "field_type", "display_name",
                                                     "value"}
    assert "internal_score" not in names(record) and "salary_band" not in names(record)


async def test_get_by_object_uuid_and_contacts(client: httpx.AsyncClient) -> None:
    companies = business()["companies"]
    assert (await get(client, companies.id, seed.ACME_RECORD_ID))["id"] == seed.ACME_RECORD_ID
    contact_id = (await client.get("/api/records/client_client/lookup",
                                   params={"identifier": "cjk@example.com"})).json()["id"]
    contact = await get(client, "client_client", contact_id)
    assert contact["client_info"]["display_name"] == "Aami 山田太郎"
    assert contact["client_info"]["email_on_suppression_list"] is False


async def test_field_selection(client: httpx.AsyncClient) -> None:
    rid, companies = seed.ACME_RECORD_ID, business()["companies"]
    assert names(await get(client, "companies", rid, field_names="name,industry")) == \
        {"name", "industry"}
    ids = f"{companies.by_name['tier'].id},{companies.by_name['owner'].id}"
    assert names(await get(client, "companies", rid, field_ids=ids, field_names="name")) == \
        {"owner"} | ({"tier"} & names(await get(client, "companies", rid)))
    defaults = {fd.name for fd in companies.fields if fd.is_default}
    assert names(await get(client, "companies", rid, field_names="")) <= defaults
    assert "name" in names(await get(client, "companies", rid, field_ids=""))
    internal = companies.category_id("internal")
    assert names(await get(client, "companies", rid, field_category=internal)) <= \
        {"external_id", "credit_limit"}
    summary = await get(client, "companies", rid, detail_summary="true")
    assert all(s["value"] and s["label"] for s in summary["lead_source_types"])
    assert (await get(client, "companies", rid))["lead_source_types"] == []


async def test_hidden_fields_only_when_asked(client: httpx.AsyncClient) -> None:
    rows = await all_rows(client, "companies")
    rid = next(r["id"] for r in rows if value(r, seed.HIDDEN_FIELD) is not None)
    assert seed.HIDDEN_FIELD not in names(await get(client, "companies", rid))
    assert seed.HIDDEN_FIELD not in names(await get(client, "companies", rid,
                                                    field_names=seed.HIDDEN_FIELD))
    shown = await get(client, "companies", rid, include_hidden_fields="true")
    assert seed.HIDDEN_FIELD in names(shown)


@pytest.mark.parametrize("rid", [seed.ARCHIVED_RECORD_ID, seed.INVISIBLE_RECORD_ID,
                                 "00000000-0000-4000-8000-000000000000"])
async def test_archived_invisible_and_unknown_are_404(client: httpx.AsyncClient, rid: str) -> None:
    response = await client.get(f"/api/records/companies/{rid}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


async def test_lookup(client: httpx.AsyncClient) -> None:
    found = await client.get("/api/records/companies/lookup",
                             params={"identifier": seed.MARKUP_NAME})
    assert checked(found, LOOKUP, "get")["display_name"] == seed.MARKUP_NAME
    wrong_case = await client.get("/api/records/companies/lookup",
                                  params={"identifier": seed.ACME_NAME.upper()})
    assert wrong_case.status_code == 404
    missing = await client.get("/api/records/companies/lookup")
    assert missing.status_code == 400 and missing.json()["code"] == "required"
    archived = await client.get("/api/records/companies/lookup",
                                params={"identifier": seed.ARCHIVED_RECORD_NAME})
    assert archived.status_code == 404
    hidden = await client.get("/api/records/companies/lookup",
                              params={"identifier": seed.INVISIBLE_RECORD_NAME})
    assert hidden.status_code == 403
    short = await client.get("/api/records/companies/lookup",
                             params={"identifier": seed.ACME_NAME, "all_fields": "false"})
    defaults = {fd.name for fd in business()["companies"].fields if fd.is_default}
    assert names(short.json()) <= defaults
    contact = await client.get("/api/records/client_client/lookup",
                               params={"identifier": "vip.obrien@example.com"})
    assert value(contact.json(), "first_name") == seed.MARKUP_NAME


def _check_shape(field_type: str, name: str, v: Any) -> None:
    option = {"id", "code", "name"}
    shapes = {
        "text": lambda: isinstance(v, str), "email": lambda: "@" in v,
        "longtext": lambda: isinstance(v, str), "wysiwyg": lambda: isinstance(v, str),
        "phonenumber": lambda: re.match(r"^\+\d{8,15}$", v),
        "integer": lambda: isinstance(v, int), "decimal": lambda: isinstance(v, int | float),
        "money": lambda: set(v) == {"currency", "symbol", "amount"} and v["currency"] == "USD",
        "date": lambda: re.match(r"^\d{4}-\d\d-\d\d$", v), "datetime": lambda: ISO_OFFSET.match(v),
        "checkbox": lambda: isinstance(v, bool),
        "team_selector": lambda: set(v) == {"id", "deleted", "first_name", "last_name", "email"},
        "timezone": lambda: "/" in v or v == "UTC",
        "rating": lambda: set(v) == option and v["code"] == v["name"] and v["code"].isdigit(),
        "checkboxes": lambda: all(set(o) == option for o in v),
        "dynamictags": lambda: all(set(o) == option for o in v),
        "files": lambda: all({"id", "name", "size_bytes", "content_type", "url"} == set(f)
                             for f in v),
    }
    if name == "stage":
        assert set(v) == {"id", "name", "status", "order"}
    elif field_type in ("dropdown", "radio", "status", "yesnomaybe", "choices", "selector"):
        assert set(v) == option
    elif field_type != "relationship":
        assert shapes[field_type](), (name, v)


@pytest.mark.parametrize("obj", ["companies", "deals", "projects", "client_client"])
async def test_read_shapes_of_every_type(client: httpx.AsyncClient, obj: str) -> None:
    rows, seen = await all_rows(client, obj), set()
    for row in rows:
        for entry in row["fields"].values():
            if "value_summary" in entry:
                continue
            assert entry.get("value") not in (None, "", []), entry  # blanks are left out
            if "value" in entry:
                _check_shape(entry["field_type"], entry["name"], entry["value"])
                seen.add(entry["field_type"])
    expected = {fd.field_type for fd in business()[obj].visible_fields}
    assert seen == expected


async def test_relationship_values_single_and_list(client: httpx.AsyncClient) -> None:
    deals = await all_rows(client, "deals")
    linked = [r for r in deals if value(r, "company")]
    assert linked and all(set(value(r, "company")) == {"id", "name"} for r in linked)
    lists = [value(r, "contacts") for r in deals if value(r, "contacts")]
    assert all(isinstance(v, list) and set(v[0]) == {"id", "first_name", "last_name", "email"}
               for v in lists)


async def test_blank_fields_are_left_out(client: httpx.AsyncClient) -> None:
    record = await get(client, "companies", seed.EMPTY_RECORD_ID)
    assert names(record) == {"name", "industry", "created", "updated"}


async def test_big_relationship_is_summarised_and_paged(client: httpx.AsyncClient) -> None:
    record = await get(client, "companies", seed.BIG_RELATIONSHIP_RECORD_ID)
    entry = next(e for e in record["fields"].values() if e["name"] == seed.BIG_RELATIONSHIP_FIELD)
    assert "value" not in entry and entry["value_summary"] == {"count": seed.BIG_RELATIONSHIP_SIZE}
    url = f"/api/records/{seed.BIG_RELATIONSHIP_RECORD_ID}/field-values/{entry['id']}"
    first = checked(await client.get(url), VALUES, "get")
    assert first["count"] == seed.BIG_RELATIONSHIP_SIZE and len(first["results"]) == 100
    assert set(first["results"][0]) == {"id", "first_name", "last_name", "full_name", "email",
                                        "display_name"}
    second = checked(await client.get(first["next"]), VALUES, "get")
    assert len(second["results"]) == 20 and second["next"] is None
    assert second["previous"] is not None
    ids = [r["id"] for r in first["results"] + second["results"]]
    assert len(set(ids)) == seed.BIG_RELATIONSHIP_SIZE
    contacts = await all_rows(client, "client_client")
    holders = {r["id"] for r in contacts
               if (value(r, "company") or {}).get("id") == seed.BIG_RELATIONSHIP_RECORD_ID}
    assert set(ids) == holders
    word = first["results"][0]["first_name"]
    searched = (await client.get(url, params={"search": word, "page_size": 1000})).json()
    assert searched["results"] and all(
        word.lower() in f"{r['first_name']} {r['last_name']} {r['email']}".lower()
        for r in searched["results"])
    past = await client.get(url, params={"page": 3})
    assert past.status_code == 404 and past.json() == {"detail": "Invalid page."}


async def test_field_values_of_a_record_relationship(client: httpx.AsyncClient) -> None:
    deals = await all_rows(client, "deals")
    deal = next(r for r in deals if value(r, "company"))
    company_field = business()["deals"].by_name["company"]
    rows = checked(await client.get(f"/api/records/{deal['id']}/field-values/{company_field.id}"),
                   VALUES, "get")["results"]
    assert rows == [{**value(deal, "company"), "display_name": value(deal, "company")["name"]}]


async def test_owner_is_a_team_member(client: httpx.AsyncClient) -> None:
    rows = await all_rows(client, "companies")
    vip = by_name(rows, seed.MARKUP_NAME)
    assert value(vip, "owner")["id"] == DEMO_USER_ID


async def test_field_values_of_multi_value_and_scalar_fields(client: httpx.AsyncClient) -> None:
    rows = await all_rows(client, "companies")
    row = next(r for r in rows if len(value(r, "regions") or []) >= 2)
    regions = business()["companies"].by_name["regions"]
    listed = checked(await client.get(f"/api/records/{row['id']}/field-values/{regions.id}"),
                     VALUES, "get")
    assert [r["name"] for r in listed["results"]] == [o["name"] for o in value(row, "regions")]
    tier = business()["companies"].by_name["tier"]
    scalar = await client.get(f"/api/records/{row['id']}/field-values/{tier.id}")
    assert scalar.status_code == 400
    hidden = await client.get(f"/api/records/{seed.INVISIBLE_RECORD_ID}/field-values/{regions.id}")
    assert hidden.status_code == 404
