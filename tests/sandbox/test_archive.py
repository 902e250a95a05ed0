"""Archive, unarchive, the archived-conflict modes of add/PATCH/PUT/upsert, upsert, move."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from kizen_tui.sandbox import seed
from tests.sandbox.conftest import checked
from tests.sandbox.helpers import GET, field, search, value

UPSERT = "/api/records/{object_identifier}/upsert"
ADD = "/api/records/{object_identifier}/add"
ACME = f"/api/records/companies/{seed.ACME_RECORD_ID}"


def company(name: str, **more: Any) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = [{"name": "name", "value": name},
                                     {"name": "industry", "value": {"name": "Finance"}}]
    return entries + [{"name": k, "value": v} for k, v in more.items()]


async def lookup(client: httpx.AsyncClient, name: str) -> httpx.Response:
    return await client.get("/api/records/companies/lookup", params={"identifier": name})


async def test_delete_archives_and_unarchive_restores(wclient: httpx.AsyncClient) -> None:
    deleted = await wclient.delete(ACME)
    assert deleted.status_code == 204 and deleted.content == b""
    assert (await wclient.get(ACME)).status_code == 404
    found = await search(wclient, "companies", search="Acme Corporation")
    assert found["count"] == 0
    assert (await wclient.delete(ACME)).status_code == 404
    restored = await wclient.patch(ACME + "/unarchive")
    assert value(checked(restored, GET, "patch"), "name") == seed.ACME_NAME
    assert (await wclient.get(ACME)).status_code == 200
    again = await wclient.patch(ACME + "/unarchive")
    assert again.status_code == 404


async def test_add_prompt_is_the_default(wclient: httpx.AsyncClient) -> None:
    response = await wclient.post("/api/records/companies/add",
                                  json={"fields": company(seed.ARCHIVED_RECORD_NAME)})
    assert response.status_code == 400
    body = checked(response, ADD, "post")
    assert body["archived_record"]["id"] == seed.ARCHIVED_RECORD_ID
    assert seed.ARCHIVED_RECORD_NAME in body["non_field_errors"][0]
    assert 'unarchive="unarchive"' in body["non_field_errors"][0]
    assert "archived" in body["fields"][0]["value"][0] and body["fields"][1] == {}
    explicit = await wclient.post("/api/records/companies/add",
                                  json={"fields": company(seed.ARCHIVED_RECORD_NAME),
                                        "unarchive": "prompt"})
    assert explicit.json() == body


async def test_add_unarchive_restores_the_archived_record(wclient: httpx.AsyncClient) -> None:
    response = await wclient.post("/api/records/companies/add", json={
        "fields": company(seed.ARCHIVED_RECORD_NAME, website="https://back.example"),
        "unarchive": "unarchive"})
    record = checked(response, ADD, "post")
    assert record["action"] == "unarchived" and record["id"] == seed.ARCHIVED_RECORD_ID
    assert value(record, "website") == "https://back.example"
    assert (await lookup(wclient, seed.ARCHIVED_RECORD_NAME)).json()["id"] == \
        seed.ARCHIVED_RECORD_ID


async def test_add_overwrite_renames_the_archived_record(wclient: httpx.AsyncClient) -> None:
    response = await wclient.post("/api/records/companies/add", json={
        "fields": company(seed.ARCHIVED_RECORD_NAME), "unarchive": "overwrite"})
    record = checked(response, ADD, "post")
    assert record["action"] == "created" and record["id"] != seed.ARCHIVED_RECORD_ID
    restored = await wclient.patch(f"/api/records/companies/{seed.ARCHIVED_RECORD_ID}/unarchive")
    renamed = value(restored.json(), "name")
    assert renamed == f"{seed.ARCHIVED_RECORD_NAME} (archived {seed.ARCHIVED_RECORD_ID[:8]})"


async def test_bad_conflict_mode_is_400(wclient: httpx.AsyncClient) -> None:
    response = await wclient.post("/api/records/companies/add",
                                  json={"fields": company("Z Co"), "unarchive": "sometimes"})
    assert response.status_code == 400 and "unarchive" in response.json()


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
async def test_renaming_onto_an_archived_name(wclient: httpx.AsyncClient, method: str) -> None:
    entries = company(seed.ARCHIVED_RECORD_NAME)
    refused = await wclient.request(method, ACME, json={"fields": entries})
    assert refused.status_code == 400
    assert 'archived_conflict="overwrite"' in refused.json()["fields"][0]["value"][0]
    done = await wclient.request(method, ACME, json={"fields": entries,
                                                     "archived_conflict": "overwrite"})
    assert value(checked(done, GET, method.lower()), "name") == seed.ARCHIVED_RECORD_NAME
    clash = await wclient.request(method, ACME, json={"fields": company(seed.MARKUP_NAME)})
    assert clash.status_code == 400 and "already exists" in clash.json()["fields"][0]["value"][0]


async def test_upsert_creates_then_updates_case_insensitively(wclient: httpx.AsyncClient) -> None:
    created = await wclient.post("/api/records/companies/upsert", json={
        "lookup_value": "Upserted Ltd",
        "fields": [{"name": "industry", "value": {"name": "Retail"}}]})
    assert created.status_code == 201
    body = checked(created, UPSERT, "post")
    assert body["action"] == "created" and value(body, "name") == "Upserted Ltd"
    assert {e["name"] for e in body["fields"].values()} == {"name", "industry", "updated"}
    updated = await wclient.post("/api/records/companies/upsert", params={"return_all_fields": 1},
                                 json={"lookup_value": "UPSERTED ltd",
                                       "fields": [{"name": "employee_count", "value": 9}]})
    assert updated.status_code == 200
    again = checked(updated, UPSERT, "post")
    assert again["action"] == "updated" and again["id"] == body["id"]
    assert value(again, "name") == "Upserted Ltd" and value(again, "employee_count") == 9
    bare = await wclient.post("/api/records/companies/upsert",
                              json={"lookup_value": "upserted LTD"})
    assert bare.status_code == 200 and bare.json()["action"] == "updated"


async def test_upsert_validation(wclient: httpx.AsyncClient) -> None:
    assert (await wclient.post("/api/records/companies/upsert", json={})).status_code == 400
    missing = await wclient.post("/api/records/companies/upsert", json={"lookup_value": "New"})
    assert missing.status_code == 400 and "industry" in missing.json()["non_field_errors"][0]
    locked = await wclient.post("/api/records/companies/upsert",
                                json={"lookup_value": seed.VIEW_ONLY_RECORD_NAME.lower()})
    assert locked.status_code == 403


async def test_upsert_contacts_by_email(wclient: httpx.AsyncClient) -> None:
    new = await wclient.post("/api/records/client_client/upsert",
                             json={"lookup_value": "new.person@example.com",
                                   "fields": [{"name": "first_name", "value": "New"}]})
    assert new.status_code == 201 and value(new.json(), "email") == "new.person@example.com"
    same = await wclient.post("/api/records/client_client/upsert",
                              json={"lookup_value": "NEW.person@EXAMPLE.com",
                                    "fields": [{"name": "last_name", "value": "Person"}]})
    assert same.status_code == 200 and same.json()["id"] == new.json()["id"]


@pytest.mark.parametrize(("mode", "status", "action"), [(None, 400, None),
                                                        ("unarchive", 201, "unarchived"),
                                                        ("overwrite", 201, "created")])
async def test_upsert_oncreate_modes(wclient: httpx.AsyncClient, mode: str | None, status: int,
                                     action: str | None) -> None:
    body: dict[str, Any] = {"lookup_value": seed.ARCHIVED_RECORD_NAME.upper(),
                            "fields": [{"name": "industry", "value": {"name": "Retail"}}]}
    if mode:
        body["oncreate_unarchive"] = mode
    response = await wclient.post("/api/records/companies/upsert", json=body)
    assert response.status_code == status
    if action is None:
        assert 'oncreate_unarchive="unarchive"' in response.json()["non_field_errors"][0]
        return
    record = checked(response, UPSERT, "post")
    assert record["action"] == action
    assert (record["id"] == seed.ARCHIVED_RECORD_ID) == (mode == "unarchive")


async def test_upsert_onupdate_archived_conflict(wclient: httpx.AsyncClient) -> None:
    rename = {"lookup_value": seed.ACME_NAME,
              "fields": [{"name": "name", "value": seed.ARCHIVED_RECORD_NAME}]}
    refused = await wclient.post("/api/records/companies/upsert", json=rename)
    assert refused.status_code == 400
    done = await wclient.post("/api/records/companies/upsert",
                              json={**rename, "onupdate_archived_conflict": "overwrite"})
    assert done.status_code == 200 and done.json()["id"] == seed.ACME_RECORD_ID


async def test_move_changes_stage_and_history(wclient: httpx.AsyncClient) -> None:
    stages = field("deals", "stage").options
    deal = (await search(wclient, "deals", page_size=1))["results"][0]
    url = f"/api/records/deals/{deal['id']}"
    moved = await wclient.patch(url + "/move", json={"stage_id": stages[4].id})
    record = checked(moved, GET, "patch")
    assert value(record, "stage") == {"id": stages[4].id, "name": "Won", "status": "won",
                                      "order": 4}
    just_now = {"and": True, "query": [{"filters": [{
        "type": "fields_v2", "subtype": "non_custom", "field": "stage",
        "overwrite": {"type": "stage"}, "condition": "entered_stage", "value": [stages[4].id],
        "comparison_condition": "<", "comparison_value": "1"}]}]}
    found = await search(wclient, "deals", just_now)
    assert [r["id"] for r in found["results"]] == [deal["id"]]
    bad = await wclient.patch(url + "/move", json={"stage_id": "nope"})
    assert bad.status_code == 400 and "stage_id" in bad.json()
    not_pipeline = await wclient.patch(ACME + "/move", json={"stage_id": stages[0].id})
    assert not_pipeline.status_code == 400


async def test_add_pipeline_record_starts_in_first_stage(wclient: httpx.AsyncClient) -> None:
    response = await wclient.post("/api/records/deals/add",
                                  json={"fields": [{"name": "name", "value": "Fresh deal"}]})
    assert value(checked(response, ADD, "post"), "stage")["name"] == "Prospecting"
