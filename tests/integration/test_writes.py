"""Every write operation of the real client against the sandbox, in-process and over loopback."""

from __future__ import annotations

from typing import Any

import pytest

from kizen_tui.api import KizenClient, NotFound, ReadOnlyError
from kizen_tui.api.models import FieldWrite, UpsertAction
from kizen_tui.sandbox import seed
from tests.integration.conftest import MakeClient
from tests.integration.helpers import field_def, field_names, option_id, search_ids


def company(name: str, *extra: dict[str, Any]) -> list[dict[str, Any]]:
    """The write of a new company: its name, an industry, and `extra` writes."""
    return [{"name": "name", "value": name}, {"name": "industry", "value": {"name": "Finance"}},
            *extra]


async def test_add_writes_every_kind_of_value(api: KizenClient) -> None:
    tier = await field_def(api, "companies", "tier")
    regions = await field_def(api, "companies", "regions")
    acme = await api.lookup_record("companies", seed.ACME_NAME, field_names=["name"])
    result = await api.add_record("companies", company(
        "Integration Widgets Ltd",
        {"name": "tier", "value": {"id": option_id(tier, "Silver")}},
        {"name": "regions", "value": [{"name": "EMEA"}, {"id": option_id(regions, "APAC")}]},
        {"name": "keywords", "value": [{"name": "brand-new-tag"}]},
        {"name": "employee_count", "value": 1234},
        {"name": "annual_revenue", "value": 99.5},
        {"name": "score", "value": "4.25"},
        {"name": "rating", "value": 4},
        {"name": "founded", "value": "1999-12-31"},
        {"name": "last_contacted", "value": "2025-06-01T12:30:00Z"},
        {"name": "is_partner", "value": True},
        {"name": "hq_timezone", "value": "Europe/Berlin"},
        {"name": "hq_phone", "value": "+13125550100"},
        {"name": "billing_email", "value": "ap@widgets.example"},
        {"name": "account_manager", "value": api.user_id},
        {"name": "about", "value": "[b]not markup[/b]"},
    ))
    assert result.action == UpsertAction.CREATED and result.name == "Integration Widgets Ltd"
    record = await api.get_record("companies", result.id)
    assert record.value("industry")["name"] == "Finance"
    assert record.value("tier")["name"] == "Silver"
    assert sorted(v["name"] for v in record.value("regions")) == ["APAC", "EMEA"]
    assert [v["name"] for v in record.value("keywords")] == ["brand-new-tag"]
    assert record.value("employee_count") == 1234
    assert record.value("annual_revenue")["amount"] == 99.5
    assert float(record.value("score")) == 4.25
    assert record.value("rating")["code"] == "4"
    assert record.value("founded") == "1999-12-31"
    assert record.value("last_contacted").startswith("2025-06-01T")
    assert record.value("is_partner") is True
    assert record.value("hq_timezone") == "Europe/Berlin"
    assert record.value("hq_phone") == "+13125550100"
    assert record.value("account_manager")["id"] == api.user_id
    assert record.value("owner")["id"] == api.user_id  # new records belong to the caller
    assert record.value("about") == "[b]not markup[/b]"
    assert result.id in await search_ids(api, "companies", search="Integration Widgets")
    assert acme.id != result.id


async def test_patch_returns_written_fields_unless_all_asked(api: KizenClient) -> None:
    before = await api.get_record("companies", seed.ACME_RECORD_ID)
    patched = await api.update_record("companies", seed.ACME_RECORD_ID,
                                      [FieldWrite(name="employee_count", value=501)])
    assert field_names(patched) == {"employee_count", "updated"}
    assert patched.value("employee_count") == 501
    assert patched.value("updated") != before.value("updated")
    every = await api.update_record("companies", seed.ACME_RECORD_ID,
                                    [{"name": "website", "value": "https://acme.example"}],
                                    return_all_fields=True)
    assert {"name", "industry", "employee_count", "website"} <= field_names(every)
    assert every.value("employee_count") == 501
    fetched = await api.get_record("companies", seed.ACME_RECORD_ID)
    assert fetched.value("website") == "https://acme.example"


async def test_patch_adds_removes_and_clears(api: KizenClient) -> None:
    rid = (await api.add_record("companies", company(
        "Multi Value Co", {"name": "regions", "value": [{"name": "NA"}]},
        {"name": "website", "value": "https://multi.example"}))).id
    regions = await field_def(api, "companies", "regions")
    added = await api.update_record("companies", rid, [
        {"id": regions.id, "add_values": [{"name": "EMEA"}, {"name": "LATAM"}]}])
    assert sorted(v["name"] for v in added.value("regions")) == ["EMEA", "LATAM", "NA"]
    removed = await api.update_record("companies", rid, [
        {"name": "regions", "remove_values": [{"name": "NA"}]},
        {"name": "website", "value": None}])
    assert sorted(v["name"] for v in removed.value("regions")) == ["EMEA", "LATAM"]
    fetched = await api.get_record("companies", rid)
    assert fetched.field("website") is None  # cleared fields are left out


async def test_put_replaces_and_returns_the_whole_record(api: KizenClient) -> None:
    replaced = await api.replace_record("companies", seed.ACME_RECORD_ID, [
        {"name": "name", "value": "Acme Renamed"},
        {"name": "industry", "value": {"name": "Retail"}},
        {"name": "employee_count", "value": 7}])
    assert replaced.name == "Acme Renamed" and replaced.value("employee_count") == 7
    assert replaced.value("industry")["name"] == "Retail"
    assert len(replaced.fields) > 3
    assert (await api.lookup_record("companies", "Acme Renamed")).id == seed.ACME_RECORD_ID
    with pytest.raises(NotFound):
        await api.lookup_record("companies", seed.ACME_NAME)


async def test_upsert_creates_then_updates_case_insensitively(api: KizenClient) -> None:
    created = await api.upsert_record("companies", "Upsert Example GmbH",
                                      [{"name": "industry", "value": {"name": "Healthcare"}}])
    assert created.action == UpsertAction.CREATED and created.name == "Upsert Example GmbH"
    assert api.recent_requests[-1].status == 201
    updated = await api.upsert_record("companies", "UPSERT example gmbh",
                                      [{"name": "employee_count", "value": 12}])
    assert updated.action == UpsertAction.UPDATED and updated.id == created.id
    assert api.recent_requests[-1].status == 200
    assert field_names(updated) == {"employee_count", "updated"}
    full = await api.upsert_record("companies", "Upsert Example GmbH", return_all_fields=True)
    assert full.action == UpsertAction.UPDATED and full.value("employee_count") == 12
    assert full.value("industry")["name"] == "Healthcare"
    contact = await api.upsert_record("client_client", seed.HOSTILE_CONTACT_EMAILS[0].upper(),
                                      [{"name": "first_name", "value": "Plain"}])
    assert contact.action == UpsertAction.UPDATED
    assert contact.id == (await api.lookup_record("client_client",
                                                  seed.HOSTILE_CONTACT_EMAILS[0])).id


async def test_archive_then_unarchive(api: KizenClient) -> None:
    rid = seed.ACME_RECORD_ID
    await api.archive_record("companies", rid)
    with pytest.raises(NotFound):
        await api.get_record("companies", rid)
    assert rid not in await search_ids(api, "companies")
    with pytest.raises(NotFound):
        await api.lookup_record("companies", seed.ACME_NAME)
    with pytest.raises(NotFound):  # archiving twice: the record is no longer there
        await api.archive_record("companies", rid)
    restored = await api.unarchive_record("companies", rid)
    assert restored is not None and restored.id == rid and restored.name == seed.ACME_NAME
    assert rid in await search_ids(api, "companies")
    with pytest.raises(NotFound):  # only archived records can be unarchived
        await api.unarchive_record("companies", rid)


async def test_move_a_deal_between_stages(api: KizenClient) -> None:
    stage = await field_def(api, "deals", "stage")
    page = await api.search_records("deals", field_names=["name", "stage"], page_size=5)
    deal = page.results[0]
    target = next(o for o in stage.options if o.id != deal.value("stage")["id"])
    moved = await api.move_record("deals", deal.id, target.id)
    assert moved is not None and moved.value("stage")["id"] == target.id
    assert (await api.get_record("deals", deal.id, field_names=["stage"])).value("stage")[
        "name"] == target.name
    added = await api.add_record("deals", [{"name": "name", "value": "Fresh Deal"}])
    assert added.value("stage")["id"] == stage.options[0].id  # new deals start at stage one


async def test_read_only_client_sends_no_write(make_client: MakeClient) -> None:
    client = make_client("asgi", read_only=True)
    assert (await client.search_records("companies", page_size=1)).results
    sent = len(client.recent_requests)
    with pytest.raises(ReadOnlyError) as refused:
        await client.update_record("companies", seed.ACME_RECORD_ID,
                                   [{"name": "employee_count", "value": 1}])
    assert "PATCH" in str(refused.value)
    for call in (client.archive_record("companies", seed.ACME_RECORD_ID),
                 client.add_record("companies", company("Nope Inc")),
                 client.upsert_record("companies", "Nope Inc")):
        with pytest.raises(ReadOnlyError):
            await call
    assert len(client.recent_requests) == sent
    assert (await client.get_record("companies", seed.ACME_RECORD_ID)).value(
        "employee_count") == 500
