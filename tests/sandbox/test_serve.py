"""Serving on loopback, the CLI hook, the test helper and file persistence."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import httpx
import pytest

from kizen_tui.sandbox import DEMO_CREDENTIALS, create_app, seed, serve
from kizen_tui.sandbox.testing import running_sandbox


@pytest.mark.parametrize(("host", "ok"), [("127.0.0.1", True), ("127.5.0.1", True),
                                          ("::1", True), ("localhost", True),
                                          ("0.0.0.0", False), ("192.168.1.10", False),
                                          ("example.com", False)])
def test_only_loopback_hosts_are_accepted(host: str, ok: bool) -> None:
    assert serve.is_loopback(host) is ok


def test_run_refuses_a_remote_host_before_building_anything() -> None:
    with pytest.raises(ValueError, match="non-loopback"):
        serve.run(host="0.0.0.0", port=1, records=10)


def test_banner_shows_url_credentials_and_curl() -> None:
    out = io.StringIO()
    serve.banner("http://127.0.0.1:8765", out)
    text = out.getvalue()
    assert "http://127.0.0.1:8765" in text and "curl" in text
    assert DEMO_CREDENTIALS.user_id in text and DEMO_CREDENTIALS.business_id in text


def test_subparser_parses_the_serve_options() -> None:
    parser = argparse.ArgumentParser(prog="kizen-tui")
    serve.add_subparser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["sandbox", "serve", "--port", "9000", "--records", "50",
                              "--seed", "3", "--db", "x.db"])
    assert (args.host, args.port, args.records, args.seed, args.db_path) == \
        ("127.0.0.1", 9000, 50, 3, "x.db")
    assert args.func is serve.handle
    args.host = "10.0.0.1"
    assert serve.handle(args) == 2


def test_running_sandbox_serves_over_a_real_socket() -> None:
    with running_sandbox(records=150) as url:
        assert isinstance(url, str) and url.startswith("http://127.0.0.1:")
        assert url.base_url == url and url.app.state.store is not None
        response = httpx.get(f"{url}/api/records/companies/lookup",
                             params={"identifier": seed.ACME_NAME},
                             headers=DEMO_CREDENTIALS.headers())
        assert response.status_code == 200 and response.json()["id"] == seed.ACME_RECORD_ID
        assert response.headers["x-request-id"]
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/__sandbox__/health")


async def test_a_database_file_keeps_changes_and_is_not_reseeded(tmp_path: Path) -> None:
    path = str(tmp_path / "sandbox.db")
    first = create_app(records=150, db_path=path)
    transport = httpx.ASGITransport(app=first)
    async with httpx.AsyncClient(transport=transport, base_url=DEMO_CREDENTIALS.base_url,
                                 headers=DEMO_CREDENTIALS.headers()) as c:
        before = (await c.post("/api/records/companies/search", json={})).json()["count"]
        response = await c.post("/api/records/companies/add", json={"fields": [
            {"name": "name", "value": "Persisted Co"},
            {"name": "industry", "value": {"name": "Retail"}}]})
        assert response.status_code == 200
    first.state.store.close()
    second = create_app(records=999, seed=5, db_path=path)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=second),
                                 base_url=DEMO_CREDENTIALS.base_url,
                                 headers=DEMO_CREDENTIALS.headers()) as c:
        found = await c.get("/api/records/companies/lookup", params={"identifier": "Persisted Co"})
        assert found.status_code == 200
        page = (await c.post("/api/records/companies/search", json={})).json()
        assert page["count"] == before + 1  # not reseeded with 999 records
    second.state.store.close()
