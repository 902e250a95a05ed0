"""Client overhead per request: KizenClient against raw httpx, same requests, same transport.

Raw httpx sends the same method, path, query, headers and JSON body and decodes the JSON
response (`response.json()`), which is the least any caller does; KizenClient adds argument
checks, retries bookkeeping, the request log and pydantic models. Calls alternate between the
two so that load from other processes hits both alike. Two transports: in-process ASGI (the
sandbox's own work is part of both) and loopback HTTP to a sandbox served by another process.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from starlette.applications import Starlette

from benchmarks.appkit import client_for
from benchmarks.core import ROOT, Budget, Mode, Row, median, ms, now
from kizen_tui.api import KizenClient
from kizen_tui.sandbox import DEMO_CREDENTIALS

HEADERS = {"X-API-KEY": DEMO_CREDENTIALS.api_key, "X-BUSINESS-ID": DEMO_CREDENTIALS.business_id,
           "X-USER-ID": DEMO_CREDENTIALS.user_id}
Call = Callable[[], Awaitable[Any]]


def raw_client(sandbox: Starlette | None, base_url: str) -> httpx.AsyncClient:
    """Plain httpx with the same transport and headers as the KizenClient."""
    transport = httpx.ASGITransport(app=sandbox) if sandbox is not None else None
    return httpx.AsyncClient(base_url=base_url, headers=HEADERS, transport=transport)


def request_pairs(kizen: KizenClient, raw: httpx.AsyncClient,
                  record_id: str) -> dict[str, tuple[Call, Call]]:
    """The requests compared: (KizenClient call, raw httpx call) by label."""

    async def raw_json(method: str, path: str, **kwargs: Any) -> Any:
        response = await raw.request(method, path, **kwargs)
        response.raise_for_status()
        return response.json()

    search = "/api/records/companies/search"
    return {
        "search, page of 100": (
            lambda: kizen.search_records("companies", page=2, page_size=100),
            lambda: raw_json("POST", search, params={"page": 2, "page_size": 100}, json={})),
        "search, page of 10": (
            lambda: kizen.search_records("companies", page=3, page_size=10),
            lambda: raw_json("POST", search, params={"page": 3, "page_size": 10}, json={})),
        "get one record": (
            lambda: kizen.get_record("companies", record_id),
            lambda: raw_json("GET", f"/api/records/companies/{record_id}")),
    }


async def compare(kizen: KizenClient, raw: httpx.AsyncClient, runs: int,
                  transport: str) -> list[Row]:
    """Alternate client and raw calls; one row per request kind."""
    first = await kizen.search_records("companies", page_size=1)
    pairs = request_pairs(kizen, raw, first.results[0].id)
    rows = []
    for label, (ours, theirs) in pairs.items():
        await ours()
        await theirs()  # warm both paths (caches, connection)
        mine, base = [], []
        for _ in range(runs):
            started = now()
            await ours()
            mine.append(now() - started)
            started = now()
            await theirs()
            base.append(now() - started)
        rows.append(Row("client", f"client overhead: {label} ({transport})", ms(median(mine)),
                        "ms", ms(median(base)), "raw httpx + .json()", Budget("ratio", 1.2),
                        samples=[ms(v) for v in mine]))
    return rows


async def in_process(mode: Mode, sandbox: Starlette) -> list[Row]:
    """Both clients on the sandbox through httpx.ASGITransport."""
    raw = raw_client(sandbox, DEMO_CREDENTIALS.base_url)
    async with client_for(sandbox, threaded=False) as kizen, raw:
        return await compare(kizen, raw, runs_for(mode), "ASGI in-process")


async def over_loopback(mode: Mode, home: Path) -> list[Row]:
    """Both clients over real sockets to a sandbox served by another process."""
    with served_sandbox(mode.small_records, home) as base_url:
        async with client_for(base_url=base_url) as kizen, raw_client(None, base_url) as raw:
            return await compare(kizen, raw, runs_for(mode), "loopback HTTP")


def runs_for(mode: Mode) -> int:
    """Requests per kind and client: cheap, so many more than the mode's runs."""
    return {"full": 200, "quick": 60}.get(mode.name, 10)


@contextmanager
def served_sandbox(records: int, home: Path) -> Iterator[str]:
    """`kizen-tui sandbox serve` on a free loopback port in a child process."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "KIZEN_TUI_CONFIG_DIR": str(home / "config")}
    proc = subprocess.Popen([sys.executable, "-m", "kizen_tui", "sandbox", "serve", "--port",
                             str(port), "--records", str(records)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    """Poll the sandbox's health route until it answers."""
    deadline = now() + timeout
    while now() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("the sandbox server exited during start-up")
        try:
            if httpx.get(f"{url}/__sandbox__/health", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        import time

        time.sleep(0.05)
    raise TimeoutError("the sandbox server did not start")
