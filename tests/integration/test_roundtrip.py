"""Awkward data through the whole stack: encoding in paths and queries, LIKE wildcards,
hostile text, time zones and contact identifiers."""

from __future__ import annotations

from datetime import datetime

import pytest

from kizen_tui.api import BadRequest, KizenClient, NotFound
from kizen_tui.api.models import UpsertAction
from kizen_tui.domain.filters import compile_filter
from kizen_tui.sandbox import seed
from tests.integration.helpers import field_def, search_ids
from tests.integration.test_writes import company

AWKWARD = ["R&D + Co #1 / 50%", "Question? Mark=Yes;", "Percent%20Encoded", "  Spaced  Out  ",
           "Tab\tand\nnewline", "Ünïcödé Straße", "Quote \"double\" and 'single'",
           "Back\\slash"]


@pytest.mark.parametrize("name", [*seed.HOSTILE_NAMES, seed.ACME_NAME])
async def test_lookup_every_seeded_hostile_name(api: KizenClient, name: str) -> None:
    found = await api.lookup_record("companies", name, field_names=["name"])
    assert found.name == name


async def test_awkward_names_survive_add_lookup_search_and_upsert(api: KizenClient) -> None:
    made = {name: (await api.add_record("companies", company(name))).id for name in AWKWARD}
    for name, rid in made.items():
        assert (await api.lookup_record("companies", name)).id == rid, name
        assert (await api.get_record("companies", rid)).name == name
        again = await api.upsert_record("companies", name,
                                        [{"name": "employee_count", "value": 3}])
        assert again.action == UpsertAction.UPDATED and again.id == rid, name
    assert made["R&D + Co #1 / 50%"] in await search_ids(api, "companies", search="R&D")


async def test_like_wildcards_in_text_search_are_literal(api: KizenClient) -> None:
    wanted = (await api.add_record("companies", company("Rate 50% Off"))).id
    await api.add_record("companies", company("Rate 500 Off"))
    await api.add_record("companies", company("Under_score Ltd"))
    await api.add_record("companies", company("Underscore Ltd"))
    assert await search_ids(api, "companies", search="50%") == {wanted}
    assert len(await search_ids(api, "companies", search="under_")) == 1
    contains = {"all": [{"field": "name", "op": "contains", "value": "0%"}]}
    fields = [await field_def(api, "companies", "name")]
    assert await search_ids(api, "companies", body=compile_filter(contains, fields)) == {wanted}


async def test_datetimes_keep_their_instant(api: KizenClient) -> None:
    written = "2025-06-01T23:30:00+02:00"
    record = await api.update_record("companies", seed.ACME_RECORD_ID,
                                     [{"name": "last_contacted", "value": written}])
    read = record.value("last_contacted")
    assert datetime.fromisoformat(read) == datetime.fromisoformat(written)
    plain = await api.update_record("companies", seed.ACME_RECORD_ID,
                                    [{"name": "last_contacted", "value": "2025-06-01T12:00:00"}])
    assert datetime.fromisoformat(plain.value("last_contacted")) == datetime.fromisoformat(
        "2025-06-01T12:00:00+00:00")  # no offset means UTC


async def test_contact_upsert_creates_by_email(api: KizenClient) -> None:
    email = "new.person+tag@example.com"
    created = await api.upsert_record("client_client", email,
                                      [{"name": "first_name", "value": "New"}])
    assert created.action == UpsertAction.CREATED and created.value("email") == email
    assert (await api.lookup_record("client_client", email)).id == created.id
    with pytest.raises(NotFound):  # lookup is case-sensitive, upsert is not
        await api.lookup_record("client_client", email.upper())
    updated = await api.upsert_record("client_client", email.upper(),
                                      [{"name": "last_name", "value": "Person"}])
    assert updated.action == UpsertAction.UPDATED and updated.id == created.id


async def test_multi_value_field_values_and_scalar_refusal(api: KizenClient) -> None:
    regions = await field_def(api, "companies", "regions")
    rid = (await api.add_record("companies", company(
        "Listed Regions Co", {"name": "regions", "value": [{"name": "NA"}, {"name": "APAC"}]}))).id
    listed = await api.list_field_values(rid, regions.id)
    assert sorted(i.label for i in listed.results) == ["APAC", "NA"]
    employees = await field_def(api, "companies", "employee_count")
    with pytest.raises(BadRequest):
        await api.list_field_values(rid, employees.id)
