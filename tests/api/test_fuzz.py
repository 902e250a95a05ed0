"""Hostile bodies: whatever the server sends, the caller gets a model or a KizenError."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kizen_tui.api import ApiStatusError, KizenClient, KizenError, Page, Record, RetryPolicy
from tests.api.conftest import API_KEY, BUSINESS_ID, FIELD_ID, RECORD_ID, USER_ID

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["id", "fields", "value", "results", "detail", "code",
                                      "name", "count", "next", "access", "client_info",
                                      "non_field_errors", "errors", "x", "field_type",
                                      "display_name", "value_summary"]), inner, max_size=5),
    max_leaves=20,
)
record_like = st.fixed_dictionaries(
    {"id": st.just(RECORD_ID)},
    optional={"fields": json_values, "access": json_values, "client_info": json_values,
              "lead_source_types": json_values, "num_upcoming_activities": json_values,
              "action": json_values},
)
CALLS: list[Callable[[KizenClient], Awaitable[Any]]] = [
    lambda c: c.get_record("deals", RECORD_ID),
    lambda c: c.search_records("deals"),
    lambda c: c.upsert_record("deals", "x", [{"id": FIELD_ID, "value": 1}]),
    lambda c: c.get_object_fields("deals"),
    lambda c: c.list_tags(("deals", False), FIELD_ID),
    lambda c: c.unarchive_record("deals", RECORD_ID),
]
FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


def run(status: int, content: bytes, call_index: int) -> Any:
    async def go() -> Any:
        transport = httpx.MockTransport(lambda r: httpx.Response(status, content=content))
        async with KizenClient(api_key=API_KEY, business_id=BUSINESS_ID, user_id=USER_ID,
                               transport=transport, retry=RetryPolicy.disabled()) as client:
            return await CALLS[call_index](client)
    return asyncio.run(go())


@FUZZ
@given(body=json_values | record_like, call_index=st.integers(0, len(CALLS) - 1))
def test_any_json_on_200_gives_a_model_or_unexpected_response(body, call_index):
    try:
        result = run(200, json.dumps(body).encode(), call_index)
    except KizenError as exc:
        assert str(exc) and API_KEY not in str(exc)
        return
    read_every_field(result)


def read_every_field(result: Any) -> None:
    """What a screen may read later: record fields are built lazily, and must not fail then."""
    records = result.results if isinstance(result, Page) else [result]
    for record in records:
        if isinstance(record, Record):
            assert all(isinstance(entry.id, str) for entry in record.fields.values())
            assert isinstance(record.label, str)
            json.loads(record.model_dump_json())


@FUZZ
@given(content=st.binary(max_size=64), call_index=st.integers(0, len(CALLS) - 1))
def test_any_bytes_on_200_never_escape_the_error_tree(content, call_index):
    with contextlib.suppress(KizenError):
        run(200, content, call_index)


@FUZZ
@given(body=json_values, status=st.sampled_from([400, 401, 403, 404, 409, 418, 429, 500, 503]))
def test_any_error_body_gives_an_api_status_error(body, status):
    try:
        run(status, json.dumps(body).encode(), 2)
    except ApiStatusError as exc:
        assert exc.status == status and str(exc).startswith(str(status))
    else:
        raise AssertionError("no error raised")
