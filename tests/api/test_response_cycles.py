"""The client lets go of each response as soon as its caller does, over a real socket too.

httpx makes every response a reference cycle (its stream wrapper points back at it), which
kept each page of records alive until a full garbage collection; the app runs those only when
the user rests (`kizen_tui/ui/gc_rest.py`).
"""

from __future__ import annotations

import gc
import weakref
from typing import Any

import httpx

from kizen_tui.api import KizenClient
from kizen_tui.sandbox.testing import RunningSandbox


async def _freed_after_drop(client: KizenClient) -> tuple[bool, bool]:
    """(httpx's own response stays alive, the client's is freed) with the collector off."""
    raw = await client._http.get("/api/custom-objects/companies")
    assert raw.status_code == 200 and raw.json()
    raw_ref = weakref.ref(raw)
    response = await client._send("GET", "/api/custom-objects/companies")
    assert response.json()["name"] == "companies"
    ref: Any = weakref.ref(response)
    del raw, response
    return raw_ref() is not None, ref() is None


async def test_a_response_read_over_a_socket_is_freed_without_the_collector(
    loopback_client: KizenClient, loopback_sandbox: RunningSandbox
) -> None:
    gc.collect()
    gc.disable()
    try:
        control, freed = await _freed_after_drop(loopback_client)
    finally:
        gc.enable()
    assert control, "control: a bare httpx response is kept alive by its own cycle"
    assert freed, "the client's response must be freed as soon as it is dropped"


async def test_an_error_response_is_freed_too(kizen_client: KizenClient) -> None:
    gc.collect()
    gc.disable()
    try:
        try:
            await kizen_client._send("GET", "/api/custom-objects/no-such-object")
        except Exception as error:  # the 404 KizenError keeps only what it reports
            assert "404" in str(error) or "not" in str(error).lower()
        leftovers = [o for o in gc.get_objects() if isinstance(o, httpx.Response)
                     and o._request is not None  # other tests build responses without one
                     and o._request.url.path.endswith("no-such-object")]
    finally:
        gc.enable()
    assert not leftovers
