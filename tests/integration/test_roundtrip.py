"""Awkward data through the whole stack: encoding in paths and queries, LIKE wildcards,
hostile text, time zones, contact identifiers, and the "copy as curl" command run for real."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import datetime

import pytest

from kizen_tui.api import BadRequest, KizenClient, NotFound
from kizen_tui.api.models import UpsertAction
from kizen_tui.domain.filters import compile_filter, search_request_curl, search_request_json
from kizen_tui.domain.query import parse_query
from kizen_tui.sandbox import DEMO_CREDENTIALS, seed
from tests.integration.conftest import LoopbackServer, MakeClient
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


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs curl")
async def test_copied_curl_command_runs_against_the_server(
        make_client: MakeClient, loopback_server: LoopbackServer) -> None:
    api = make_client("loopback")
    fields = [await field_def(api, "companies", "name"),
              await field_def(api, "companies", "employee_count")]
    spec = {"any": [{"field": "name", "op": "contains", "value": "O'Brien"},
                    {"field": "employee_count", "op": ">", "value": 400}]}
    body = compile_filter(spec, fields)
    command = search_request_curl(loopback_server.url, "companies", body, ordering="-name",
                                  page_size=50)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
           "KIZEN_API_KEY": DEMO_CREDENTIALS.api_key,
           "KIZEN_BUSINESS_ID": DEMO_CREDENTIALS.business_id,
           "KIZEN_USER_ID": DEMO_CREDENTIALS.user_id}
    done = subprocess.run(["bash", "-c", command], env=env, capture_output=True, timeout=20,
                          check=True)
    answer = json.loads(done.stdout)
    page = await api.search_records("companies", body=body, ordering="-name", page_size=50)
    assert [row["id"] for row in answer["results"]] == [r.id for r in page.results]
    assert seed.MARKUP_NAME in [r.name for r in page.results] and answer["count"] > 1
    pasted = json.loads(search_request_json("companies", body, ordering="-name"))
    assert pasted == body


async def test_a_plain_date_bound_on_a_datetime_means_the_whole_day(api: KizenClient) -> None:
    rid = (await api.add_record("companies", company(
        "Contacted Midday Co", {"name": "founded", "value": "2024-12-01"},
        {"name": "last_contacted", "value": "2024-12-01T15:00:00Z"}))).id
    fields = [await field_def(api, "companies", name) for name in ("founded", "last_contacted")]

    async def found(text: str) -> bool:
        body = compile_filter(parse_query(text, fields), fields)
        return rid in await search_ids(api, "companies", body=body)

    assert await found("founded <= 2024-12-01") and not await found("founded > 2024-12-01")
    assert await found("last_contacted = 2024-12-01")
    assert await found("last_contacted <= 2024-12-01")
    assert not await found("last_contacted > 2024-12-01")
