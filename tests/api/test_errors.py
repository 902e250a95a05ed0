"""Status codes, error envelopes and unusable bodies become the documented error tree."""

from __future__ import annotations

import httpx
import pytest

from kizen_tui.api import (
    ApiStatusError,
    BadRequest,
    Conflict,
    ConnectionFailed,
    Forbidden,
    KizenError,
    NotFound,
    RateLimited,
    RequestTimeout,
    RetryPolicy,
    ServerError,
    Unauthorized,
    UnexpectedResponse,
    ValidationFailed,
)
from tests.api.conftest import FIELD_ID, RECORD_ID, FakeServer, page_json, record_json

NO_RETRY = RetryPolicy.disabled()
PATH = f"/api/records/deals/{RECORD_ID}"


def answer(status: int, body: object = None, **headers: str) -> httpx.Response:
    headers = {"X-Request-ID": "req-123", **headers}
    return httpx.Response(status, json=body, headers=headers)


@pytest.mark.parametrize(("status", "cls"), [
    (400, BadRequest), (401, Unauthorized), (403, Forbidden), (404, NotFound),
    (409, Conflict), (429, RateLimited), (500, ServerError), (502, ServerError),
    (503, ServerError), (504, ServerError), (418, ApiStatusError), (422, ApiStatusError),
])
async def test_each_status_maps_to_its_class(make_client, status, cls):
    body = {"detail": "Something went wrong.", "code": "some_code"}
    server = FakeServer(answer(status, body))
    with pytest.raises(cls) as info:
        await make_client(server, retry=NO_RETRY).get_record("deals", RECORD_ID)
    err = info.value
    assert type(err) is cls
    assert (err.status, err.method, err.path) == (status, "GET", PATH)
    assert err.request_id == "req-123" and err.code == "some_code" and err.body == body
    assert str(err).startswith(f"{status} ")
    assert f"from GET {PATH}: Something went wrong" in str(err) and ".;" not in str(err)
    assert str(err).endswith(" (request id req-123)")
    assert ("check the API key" in str(err)) == (status == 401)


async def test_html_404_gives_a_readable_message(make_client):
    html = "<!doctype html><html><body><h1>Not Found</h1></body></html>"
    server = FakeServer(httpx.Response(404, text=html, headers={"Content-Type": "text/html"}))
    with pytest.raises(NotFound) as info:
        await make_client(server).get_record("deals", RECORD_ID)
    assert str(info.value) == (f"404 Not Found from GET {PATH}: "
                               "the server answered with an HTML page")
    assert info.value.body is None and info.value.__cause__ is None


async def test_empty_error_body(make_client):
    server = FakeServer(httpx.Response(401))
    with pytest.raises(Unauthorized, match=r"401 Unauthorized .*empty body; check the API key"):
        await make_client(server).list_objects()


async def test_field_shaped_error_body(make_client):
    body = {"name": ["This field is required."],
            "email": [{"message": "Enter a valid email.", "code": "invalid"}]}
    server = FakeServer(answer(400, body))
    with pytest.raises(BadRequest) as info:
        await make_client(server).add_record("deals", [{"name": "x", "value": 1}])
    assert type(info.value) is BadRequest
    assert "name: This field is required.; email: Enter a valid email." in str(info.value)
    assert info.value.code == "invalid"


async def test_paginated_errors_array(make_client):
    server = FakeServer(answer(400, {"count": 0, "results": [], "errors": ["Bad filter"]}))
    with pytest.raises(BadRequest, match="Bad filter"):
        await make_client(server).search_records("deals")


async def test_positional_validation_envelope(make_client):
    body = {"non_field_errors": ["Record is locked for 2 fields."],
            "fields": [{}, {"value": ["Enter a valid email address."]},
                       {"value": {"amount": ["Ensure this value is less than 1e9."]}},
                       None]}
    sent = [{"name": "name", "value": "A"}, {"name": "email", "value": "nope"},
            {"id": FIELD_ID, "value": 1e12}, {"name": "notes", "value": ""}]
    server = FakeServer(answer(400, body))
    with pytest.raises(ValidationFailed) as info:
        await make_client(server).update_record("deals", RECORD_ID, sent)
    err = info.value
    assert isinstance(err, BadRequest)
    assert err.non_field_errors == ["Record is locked for 2 fields."]
    assert err.field_errors == [{}, {"value": ["Enter a valid email address."]},
                                {"value.amount": ["Ensure this value is less than 1e9."]}, {}]
    assert err.errors_for(0) == {} and err.errors_for(9) == {}
    assert err.messages_for(1) == ["Enter a valid email address."]
    assert err.errors_by_field() == {"email": ["Enter a valid email address."],
                                     FIELD_ID: ["Ensure this value is less than 1e9."]}
    assert "email: Enter a valid email address." in str(err)
    assert str(err).endswith("(request id req-123)")


async def test_positional_envelope_on_403_keeps_the_code(make_client):
    body = {"fields": [{"value": [{"message": "No permission to edit Owner.",
                                   "code": "forbidden_field_write"}]}]}
    server = FakeServer(answer(403, body))
    with pytest.raises(Forbidden) as info:
        await make_client(server).update_record("deals", RECORD_ID, [{"name": "owner",
                                                                      "value": "x"}])
    assert info.value.code == "forbidden_field_write"
    assert "owner: No permission to edit Owner." in str(info.value)


async def test_empty_positional_envelope_falls_back_to_the_detail(make_client):
    server = FakeServer(answer(400, {"fields": [], "non_field_errors": [],
                                     "detail": "Archived record matches this name."}))
    with pytest.raises(ValidationFailed, match="Archived record matches this name"):
        await make_client(server).add_record("deals", [{"name": "name", "value": "A"}])


async def test_rate_limited_carries_retry_after(make_client):
    server = FakeServer(answer(429, {"detail": "Slow down."}, **{"Retry-After": "12"}))
    with pytest.raises(RateLimited) as info:
        await make_client(server, retry=NO_RETRY).search_records("deals")
    assert info.value.retry_after == 12.0


async def test_redirect_is_reported_not_followed(make_client):
    server = FakeServer(httpx.Response(301, headers={"Location": "https://elsewhere/api"}))
    with pytest.raises(ApiStatusError, match="redirected to https://elsewhere/api"):
        await make_client(server).list_objects()
    assert len(server.requests) == 1


@pytest.mark.parametrize(("reply", "fragment"), [
    (httpx.Response(200, content=b'{"id": "5ec0bd00-', headers={"Content-Type":
                                                               "application/json"}),
     "expected JSON; the server sent JSON that is invalid or cut off"),
    (httpx.Response(200, text="OK"), "expected JSON; the server answered with text"),
    (httpx.Response(200, text="<html></html>"), "the server answered with an HTML page"),
    (httpx.Response(200), "the server sent an empty body"),
    (httpx.Response(200, json=[record_json()]), "expected a JSON object, got a list"),
    (httpx.Response(200, content=b"null"), "expected a JSON object, got null"),
    (httpx.Response(200, json="hello"), "expected a JSON object, got a string"),
    (httpx.Response(200, json={"fields": {}}), "unexpected response shape: id: Field required"),
    (httpx.Response(200, json={"id": ["not", "a", "string"]}), "id: Input should be"),
])
async def test_unusable_2xx_bodies_are_unexpected_responses(make_client, reply, fragment):
    server = FakeServer(reply)
    with pytest.raises(UnexpectedResponse) as info:
        await make_client(server).get_record("deals", RECORD_ID)
    assert fragment in str(info.value)
    assert str(info.value).startswith(f"200 OK from GET {PATH}: ")
    assert info.value.status == 200 and info.value.path == PATH


async def test_a_bad_row_in_a_page_names_its_location(make_client):
    server = FakeServer(httpx.Response(200, json=page_json([record_json(), {"fields": {}}])))
    with pytest.raises(UnexpectedResponse, match=r"results\.1\.id: Field required"):
        await make_client(server).search_records("deals")


async def test_tolerant_parse_of_what_the_live_service_sends(make_client):
    body = record_json(client_info=None, access=None, brand_new_key={"x": 1},
                       lead_source_types=None)
    body["fields"][FIELD_ID]["also_new"] = True
    server = FakeServer(httpx.Response(200, json=body))
    record = await make_client(server).get_record("deals", RECORD_ID)
    assert record.client_info is None
    assert record.access.view and not record.access.edit
    assert record.model_extra == {"brand_new_key": {"x": 1}}
    assert record.fields[FIELD_ID].model_extra == {"also_new": True}


async def test_page_without_count_is_tolerated(make_client):
    server = FakeServer(httpx.Response(200, json={"next": None, "results": [record_json()]}))
    page = await make_client(server).search_records("deals")
    assert page.count is None and len(page.results) == 1


@pytest.mark.parametrize(("exc", "cls", "fragment"), [
    (httpx.ConnectError("[Errno -2] Name or service not known"), ConnectionFailed,
     "Could not connect to app.go.kizen.com for GET"),
    (httpx.RemoteProtocolError("peer closed connection"), ConnectionFailed,
     "The connection to app.go.kizen.com broke during GET"),
    (httpx.ReadTimeout("timed out"), RequestTimeout, "timed out waiting for the response"),
    (httpx.ConnectTimeout("timed out"), RequestTimeout, "timed out while connecting"),
    (httpx.UnsupportedProtocol("bad scheme"), ConnectionFailed, "failed: bad scheme"),
    (httpx.DecodingError("bad gzip"), UnexpectedResponse, "could not be decoded"),
])
async def test_transport_failures(make_client, exc, cls, fragment):
    server = FakeServer(exc)
    with pytest.raises(cls) as info:
        await make_client(server, retry=NO_RETRY).get_record("deals", RECORD_ID)
    assert type(info.value) is cls and isinstance(info.value, KizenError)
    assert fragment in str(info.value)
    assert getattr(info.value, "path", None) == PATH


def test_request_timeout_is_a_connection_failure():
    assert issubclass(RequestTimeout, ConnectionFailed)
    assert issubclass(ValidationFailed, BadRequest)
    assert all(issubclass(c, ApiStatusError) for c in (
        BadRequest, Unauthorized, Forbidden, NotFound, Conflict, RateLimited, ServerError))
