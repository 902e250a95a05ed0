"""The contract check itself: it routes every path and catches bodies that break the contract."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from kizen_tui.api import KizenClient, NotFound
from kizen_tui.sandbox import DEMO_CREDENTIALS
from tests.integration.contract_check import (
    CheckingTransport,
    ContractChecker,
    Route,
    expected_schemas,
    route_of,
)

RID = "ed3af685-96e3-546e-9ad0-9d73fc1a80e9"


@pytest.mark.parametrize(("path", "template", "name"), [
    ("/api/records/companies/search", "/api/records/{object_identifier}/search", "records-op"),
    ("/api/records/client_client/upsert", "/api/records/{object_identifier}/upsert",
     "records-op"),
    (f"/api/records/deals/{RID}", "/api/records/{object_identifier}/{entity_id}", "record"),
    (f"/api/records/deals/{RID}/move", None, "record-action"),
    (f"/api/records/{RID}/field-values/{RID}",
     "/api/records/{entity_id}/field-values/{field_id}", "field-values"),
    ("/api/custom-objects", None, "objects"),
    (f"/api/custom-objects/{RID}/fields", None, "fields"),
    (f"/api/client/fields/{RID}/tags", None, "tags"),
    (f"/api/pipelines/{RID}/fields/{RID}/tags", None, "tags"),
])
def test_routes(path: str, template: str | None, name: str) -> None:
    assert route_of(path) == Route(template, name)


def test_unknown_paths_have_no_route() -> None:
    assert route_of("/api/records/companies/search/") is None
    assert route_of("/api/nothing") is None


def test_error_bodies_get_the_notes_shapes() -> None:
    record = Route("/api/records/{object_identifier}/{entity_id}", "record")
    assert expected_schemas(record, "PATCH", 400, {"fields": []}) == ["ErrorResponse"]
    assert expected_schemas(record, "GET", 404, {"detail": "x"}) == ["DetailError"]
    assert expected_schemas(record, "PATCH", 403, {"detail": "x", "fields": []}) == [
        "DetailError", "ErrorResponse"]
    search = Route("/api/records/{object_identifier}/search", "records-op")
    assert expected_schemas(search, "POST", 400, {"errors": ["bad"]}) == ["SearchError"]
    assert expected_schemas(search, "POST", 400, {"page_size": ["bad"]}) == ["SearchError"]


def _client(handler: Any, checker: ContractChecker) -> KizenClient:
    transport = CheckingTransport(httpx.MockTransport(handler), checker)
    return KizenClient(api_key=DEMO_CREDENTIALS.api_key,
                       business_id=DEMO_CREDENTIALS.business_id,
                       user_id=DEMO_CREDENTIALS.user_id, transport=transport)


async def test_a_record_missing_required_keys_fails_the_call() -> None:
    checker = ContractChecker()
    broken = {"id": RID, "fields": {}}  # no access, client_info, object_type, ...

    async with _client(lambda request: httpx.Response(200, json=broken), checker) as client:
        with pytest.raises(AssertionError, match="EntityRecordDetail"):
            await client.get_record("companies", RID)
    assert len(checker.failures) == 1 and "GET /api/records/companies/" in checker.failures[0]


async def test_a_bad_error_body_and_a_body_on_204_are_caught() -> None:
    checker = ContractChecker()
    async with _client(lambda request: httpx.Response(404, json={"message": 1}),
                       checker) as client:
        with pytest.raises(AssertionError, match="DetailError"):
            await client.get_record("companies", RID)
    async with _client(lambda request: httpx.Response(204, content=b"{}"), checker) as client:
        with pytest.raises(AssertionError, match="empty body"):
            await client.archive_record("companies", RID)
    assert len(checker.failures) == 2


async def test_valid_exchanges_are_counted_and_non_json_skipped() -> None:
    checker = ContractChecker()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/lookup"):
            return httpx.Response(404, json={"detail": "Not found.", "code": "not_found"})
        return httpx.Response(502, text="<html>bad gateway</html>")

    async with _client(handler, checker) as client:
        with pytest.raises(NotFound):
            await client.lookup_record("companies", "Acme")
        with pytest.raises(Exception, match="HTML"):
            await client.add_record("companies", [{"name": "name", "value": "x"}])
    assert checker.checked["DetailError"] == 1
    assert checker.checked["request EntityRecordAddRequest"] == 1
    assert checker.skipped == ["POST /api/records/companies/add -> 502"]
    assert checker.failures == []
