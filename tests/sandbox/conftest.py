"""Fixtures for the sandbox's own tests: apps with small seeds and plain httpx clients."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from kizen_tui.sandbox import DEMO_CREDENTIALS, create_app
from tests.contract import response_schema, validate

RECORDS = 150


@pytest.fixture(scope="module")
def shared_app() -> Starlette:
    """One seeded app per module, for tests that only read."""
    return create_app(records=RECORDS, seed=0)


@pytest.fixture
def fresh_app() -> Starlette:
    """A new seeded app for tests that write."""
    return create_app(records=RECORDS, seed=0)


def client_for(app: Starlette, **headers: str) -> httpx.AsyncClient:
    """A plain httpx client talking to `app` in-process with the demo credentials."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                             base_url=DEMO_CREDENTIALS.base_url,
                             headers={**DEMO_CREDENTIALS.headers(), **headers})


@pytest.fixture
async def client(shared_app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the shared (read-only) app."""
    async with client_for(shared_app) as c:
        yield c


@pytest.fixture
async def wclient(fresh_app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """A client of a fresh app that tests may write to."""
    async with client_for(fresh_app) as c:
        yield c


def checked(response: httpx.Response, template: str, method: str) -> Any:
    """The JSON body, after validating it against the contract's schema for its status."""
    body = response.json()
    schema = response_schema(template, method, response.status_code)
    assert schema is not None, f"no schema for {method} {template} {response.status_code}"
    validate(body, schema)
    return body
