"""Authentication, request ids, trailing slashes and method errors."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from kizen_tui.sandbox import DEMO_CREDENTIALS
from tests.sandbox.conftest import client_for

PATH = "/api/custom-objects"


@pytest.mark.parametrize("missing", ["X-API-KEY", "X-BUSINESS-ID", "X-USER-ID"])
async def test_each_header_is_required(shared_app: Starlette, missing: str) -> None:
    headers = {k: v for k, v in DEMO_CREDENTIALS.headers().items() if k != missing}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=shared_app),
                                 base_url=DEMO_CREDENTIALS.base_url, headers=headers) as c:
        response = await c.get(PATH)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response.headers["x-request-id"]


@pytest.mark.parametrize("header", ["X-API-KEY", "X-BUSINESS-ID", "X-USER-ID"])
async def test_wrong_credentials_are_refused_without_echoing_them(
        shared_app: Starlette, header: str) -> None:
    async with client_for(shared_app, **{header: "wrong-value-123"}) as c:
        response = await c.get(PATH)
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "not_authenticated"
    assert "wrong-value-123" not in response.text and DEMO_CREDENTIALS.api_key not in response.text
    assert set(body) == {"detail", "code"}


async def test_header_names_are_case_insensitive(shared_app: Starlette) -> None:
    headers = {k.lower(): v for k, v in DEMO_CREDENTIALS.headers().items()}
    headers["X-Api-Key"] = headers.pop("x-api-key")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=shared_app),
                                 base_url=DEMO_CREDENTIALS.base_url, headers=headers) as c:
        assert (await c.get(PATH)).status_code == 200


async def test_every_response_has_a_distinct_request_id(client: httpx.AsyncClient) -> None:
    responses = [await client.get(PATH), await client.get(PATH + "/"),
                 await client.delete(PATH), await client.get("/api/custom-objects/nope")]
    ids = [r.headers.get("x-request-id") for r in responses]
    assert all(ids) and len(set(ids)) == len(ids)


@pytest.mark.parametrize("path", ["/api/custom-objects/", "/api/records/companies/search/",
                                  "/api/records/companies/lookup/", "/no/such/route"])
async def test_trailing_slash_and_unknown_paths_are_html_404(
        client: httpx.AsyncClient, path: str) -> None:
    response = await client.request("POST" if "search" in path else "GET", path,
                                     params={"identifier": "x"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>Not Found</h1>" in response.text


async def test_record_id_must_be_a_uuid(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/records/companies/not-a-uuid")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")


async def test_server_errors_keep_the_request_id(fresh_app: Starlette) -> None:
    fresh_app.state.store.close()  # every query now fails: an unhandled server error
    transport = httpx.ASGITransport(app=fresh_app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=DEMO_CREDENTIALS.base_url,
                                 headers=DEMO_CREDENTIALS.headers()) as c:
        response = await c.post("/api/records/companies/search", json={})
    assert response.status_code == 500 and response.headers["x-request-id"]


async def test_wrong_method_is_405_json(client: httpx.AsyncClient) -> None:
    response = await client.delete(PATH)
    assert response.status_code == 405
    assert response.json()["detail"] == 'Method "DELETE" not allowed.'


def test_demo_credentials_never_show_the_key_in_repr() -> None:
    assert DEMO_CREDENTIALS.api_key not in repr(DEMO_CREDENTIALS)
    assert DEMO_CREDENTIALS["business_id"] == DEMO_CREDENTIALS.business_id
    assert DEMO_CREDENTIALS.base_url == "http://sandbox.kizen.local"
