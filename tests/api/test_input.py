"""Bad arguments and read-only mode are refused before anything is sent."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest

from kizen_tui.api import FieldWrite, KizenClient, ReadOnlyError
from tests.api.conftest import (
    API_KEY,
    BUSINESS_ID,
    FIELD_ID,
    RECORD_ID,
    STAGE_ID,
    USER_ID,
    FakeServer,
    page_json,
    record_json,
)

BAD_CALLS = {
    "empty object": (lambda c: c.search_records(""), "object must be a non-empty string"),
    "blank object": (lambda c: c.get_record("  ", RECORD_ID), "object must be"),
    "record id not a uuid": (lambda c: c.get_record("deals", "42"), "record_id must be a UUID"),
    "record id with slash": (lambda c: c.archive_record("deals", f"{RECORD_ID}/x"), "UUID"),
    "page 0": (lambda c: c.search_records("deals", page=0), "page must be an integer >= 1"),
    "page bool": (lambda c: c.search_records("deals", page=True), "page must be"),
    "page_size 0": (lambda c: c.search_records("deals", page_size=0), "page_size must be"),
    "page_size 1001": (lambda c: c.list_objects(page_size=1001), "from 1 to 1000"),
    "field names and ids": (lambda c: c.search_records("deals", field_names=["a"],
                                                       field_ids=[FIELD_ID]),
                            "either field_names or field_ids"),
    "search within both": (lambda c: c.search_records(
        "deals", search_within_field_names=["a"], search_within_field_ids=[FIELD_ID]),
        "either search_within_field_names or search_within_field_ids"),
    "get both": (lambda c: c.get_record("deals", RECORD_ID, field_names="a",
                                        field_ids=FIELD_ID), "not both"),
    "field id not uuid": (lambda c: c.search_records("deals", field_ids=["name"]),
                          "each item of field_ids must be a UUID"),
    "body and query": (lambda c: c.search_records("deals", body={"query": []}, query=[]),
                       "either body= or query="),
    "body unknown key": (lambda c: c.search_records("deals", body={"query": [], "x": 1}),
                         "unknown keys: x"),
    "query not a list": (lambda c: c.search_records("deals", query={"filters": []}),
                         "query must be a list"),
    "filter value not json": (lambda c: c.search_records("deals", query=[
        {"and": True, "filters": [{"field": "x", "condition": "=", "value": Decimal(1)}]}]),
        "the search filter cannot be sent as JSON"),
    "and not bool": (lambda c: c.search_records("deals", and_="yes"), "and must be"),
    "empty lookup": (lambda c: c.lookup_record("deals", ""), "identifier must be"),
    "empty lookup value": (lambda c: c.upsert_record("deals", " "), "lookup_value must be"),
    "write with id and name": (lambda c: c.add_record("deals", [
        {"name": "ok", "value": 1}, {"id": FIELD_ID, "name": "x", "value": 1}]),
        "fields[1]: a field write needs exactly one of 'id' or 'name'"),
    "write without identifier": (lambda c: c.update_record("deals", RECORD_ID, [{"value": 1}]),
                                 "fields[0]: a field write needs exactly one"),
    "constructed write with both": (lambda c: c.update_record("deals", RECORD_ID, [
        FieldWrite.model_construct(id=FIELD_ID, name="x", value=1)]), "exactly one"),
    "write id not uuid": (lambda c: c.add_record("deals", [{"id": "name", "value": 1}]),
                          "fields[0].id must be a UUID"),
    "write unknown key": (lambda c: c.add_record("deals", [{"name": "a", "valeu": 1}]),
                          "fields[0] has unknown keys: valeu"),
    "decimal value": (lambda c: c.add_record("deals", [{"name": "a", "value": Decimal("1.5")}]),
                      "fields[0] cannot be sent as JSON: Object of type Decimal"),
    "nan value": (lambda c: c.add_record("deals", [{"name": "a", "value": float("nan")}]),
                  "fields[0] cannot be sent as JSON"),
    "fields not a list": (lambda c: c.add_record("deals", {"name": "a", "value": 1}),
                          "fields must be a list"),
    "bad unarchive": (lambda c: c.add_record("deals", [], unarchive="yes"),
                      "unarchive must be one of prompt, unarchive, overwrite"),
    "bad archived_conflict": (lambda c: c.replace_record("deals", RECORD_ID, [],
                                                         archived_conflict="prompt"),
                              "archived_conflict must be one of overwrite"),
    "bad stage": (lambda c: c.move_record("deals", RECORD_ID, "won"), "stage_id must be"),
    "field values ids": (lambda c: c.list_field_values(RECORD_ID, "owner"), "field_id must be"),
    "tags field id": (lambda c: c.list_tags((RECORD_ID, False), "tags"), "field_id must be"),
    "empty object id": (lambda c: c.get_object_fields(""), "object identifier must be"),
}


@pytest.mark.parametrize(("call", "message"), BAD_CALLS.values(), ids=BAD_CALLS.keys())
async def test_bad_input_is_a_value_error_and_sends_nothing(make_client, call, message):
    server = FakeServer()
    client = make_client(server)
    with pytest.raises(ValueError) as info:
        await call(client)
    assert message in str(info.value)
    assert server.requests == [] and client.recent_requests == []


async def test_bad_input_to_iter_pages_raises_on_first_fetch(make_client):
    server = FakeServer()
    pages = make_client(server).iter_pages("deals", page_size=5000)
    with pytest.raises(ValueError, match="page_size"):
        await anext(pages)
    assert server.requests == []


WRITES = {
    "add": lambda c: c.add_record("deals", [{"name": "name", "value": "x"}]),
    "patch": lambda c: c.update_record("deals", RECORD_ID, [{"name": "name", "value": "x"}]),
    "put": lambda c: c.replace_record("deals", RECORD_ID, [{"name": "name", "value": "x"}]),
    "upsert": lambda c: c.upsert_record("deals", "x"),
    "delete": lambda c: c.archive_record("deals", RECORD_ID),
    "unarchive": lambda c: c.unarchive_record("deals", RECORD_ID),
    "move": lambda c: c.move_record("deals", RECORD_ID, STAGE_ID),
}


@pytest.mark.parametrize("call", WRITES.values(), ids=WRITES.keys())
async def test_read_only_refuses_every_write_without_sending(make_client, call):
    server = FakeServer(httpx.Response(200, json=record_json()))
    with pytest.raises(ReadOnlyError) as info:
        await call(make_client(server, read_only=True))
    assert server.requests == []
    assert "Read-only mode: refused to send" in str(info.value)
    assert "/api/records/deals" in info.value.path


async def test_read_only_still_reads_and_searches(make_client):
    server = FakeServer(httpx.Response(200, json=page_json([record_json()])),
                        httpx.Response(200, json=record_json()))
    client = make_client(server, read_only=True)
    await client.search_records("deals")
    await client.get_record("deals", RECORD_ID)
    assert [r.method for r in server.requests] == ["POST", "GET"]


def make(**kwargs):
    options = {"api_key": API_KEY, "business_id": BUSINESS_ID, "user_id": USER_ID, **kwargs}
    return KizenClient(**options)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"api_key": ""}, "api_key must be a non-empty string"),
    ({"api_key": "abc def"}, "api_key contains spaces"),
    ({"user_id": "é"}, "user_id contains"),
    ({"business_id": None}, "business_id must be"),
    ({"base_url": "http://app.go.kizen.com"}, "refusing plain http://"),
    ({"base_url": "ftp://example.com"}, "http(s) URL"),
    ({"base_url": "app.go.kizen.com"}, "http(s) URL"),
])
def test_construction_rejects_bad_settings_without_echoing_the_key(kwargs, message):
    with pytest.raises(ValueError) as info:
        make(**kwargs)
    assert message in str(info.value)
    assert API_KEY not in str(info.value)


@pytest.mark.parametrize(("url", "expected"), [
    ("https://app.go.kizen.com/", "https://app.go.kizen.com"),
    ("https://app.go.kizen.com/api", "https://app.go.kizen.com"),
    ("https://app.go.kizen.com/api/", "https://app.go.kizen.com"),
    ("http://127.0.0.1:8765", "http://127.0.0.1:8765"),
    ("http://localhost:8000/api", "http://localhost:8000"),
    ("http://[::1]:8000", "http://[::1]:8000"),
])
async def test_base_url_is_normalised(url, expected):
    client = make(base_url=url)
    assert client.base_url == expected
    await client.aclose()


async def test_plain_http_is_allowed_with_an_injected_transport():
    transport = httpx.MockTransport(lambda r: httpx.Response(200, json=record_json()))
    async with make(base_url="http://sandbox", transport=transport) as client:
        record = await client.get_record("deals", RECORD_ID)
    assert record.id == RECORD_ID and client.is_closed
