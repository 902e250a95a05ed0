"""Fixtures for the client tests: a scripted fake server on httpx.MockTransport and a fake clock."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from kizen_tui.api import KizenClient

API_KEY = "sk-test-4f9c2b71e0d54a8b"
BUSINESS_ID = "b1b1b1b1-0000-4000-8000-000000000001"
USER_ID = "a2a2a2a2-0000-4000-8000-000000000002"
BASE_URL = "https://app.go.kizen.com"
OBJECT_ID = "0b1ec700-0000-4000-8000-00000000000a"
RECORD_ID = "5ec0bd00-0000-4000-8000-0000000000aa"
FIELD_ID = "f1e1d000-0000-4000-8000-000000000001"
FIELD_ID_2 = "f1e1d000-0000-4000-8000-000000000002"
STAGE_ID = "57a6e000-0000-4000-8000-000000000001"

Reply = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


def record_json(record_id: str = RECORD_ID, **extra: Any) -> dict[str, Any]:
    """A record as the live service sends it (map of fields keyed by UUID, null client_info)."""
    body: dict[str, Any] = {
        "id": record_id,
        "object_type": "standard",
        "client_info": None,
        "access": {"view": True, "edit": True, "remove": False},
        "fields": {
            FIELD_ID: {"id": FIELD_ID, "name": "name", "field_type": "text",
                       "display_name": "Name", "value": "Acme [VIP]"},
        },
        "num_upcoming_activities": 0,
        "num_associated_team_members": 0,
        "lead_source_types": [],
    }
    body.update(extra)
    return body


def page_json(results: list[Any], *, next: str | None = None, count: int | None = None
              ) -> dict[str, Any]:
    """A paginated envelope."""
    return {"count": len(results) if count is None else count, "next": next, "previous": None,
            "results": results, "errors": None}


class FakeServer:
    """Answers requests with scripted replies (the last one repeats) and records every request."""

    def __init__(self, *replies: Reply) -> None:
        self.replies = list(replies) or [httpx.Response(200, json={})]
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if isinstance(reply, Exception):
            raise reply
        if callable(reply) and not isinstance(reply, httpx.Response):
            return reply(request)
        return reply

    @property
    def last(self) -> httpx.Request:
        """The most recent request."""
        return self.requests[-1]

    def body(self, index: int = -1) -> Any:
        """The decoded JSON body of a request."""
        return json.loads(self.requests[index].content)


class FakeClock:
    """An injectable `sleep` that records the delays instead of waiting."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def clock() -> FakeClock:
    """A fresh fake clock."""
    return FakeClock()


@pytest.fixture
async def make_client(clock: FakeClock) -> AsyncIterator[Callable[..., KizenClient]]:
    """Build clients on a FakeServer; jitter is fixed at 0.5 so delays are predictable."""
    made: list[KizenClient] = []

    def build(server: FakeServer, **kwargs: Any) -> KizenClient:
        options: dict[str, Any] = {
            "api_key": API_KEY, "business_id": BUSINESS_ID, "user_id": USER_ID,
            "base_url": BASE_URL, "transport": httpx.MockTransport(server),
            "sleep": clock, "random": lambda: 0.5,
        }
        options.update(kwargs)
        client = KizenClient(**options)
        made.append(client)
        return client

    yield build
    for client in made:
        await client.aclose()
