"""Serve the sandbox on loopback under uvicorn (`kizen-tui sandbox serve`)."""

from __future__ import annotations

import argparse
import ipaddress
import sys
from typing import TextIO

from kizen_tui.sandbox.app import create_app
from kizen_tui.sandbox.credentials import DEMO_CREDENTIALS

LOOPBACK_NAMES = {"localhost", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine only (127.0.0.0/8, ::1, localhost)."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def banner(url: str, out: TextIO) -> None:
    """Print the URL, the demo credentials and a curl example."""
    c = DEMO_CREDENTIALS
    print(f"Kizen sandbox listening on {url}", file=out)
    print(f"  X-API-KEY:     {c.api_key}", file=out)
    print(f"  X-BUSINESS-ID: {c.business_id}", file=out)
    print(f"  X-USER-ID:     {c.user_id}", file=out)
    print("Try:", file=out)
    print(f"  curl -s -X POST '{url}/api/records/companies/search?page_size=5' \\\n"
          f"    -H 'X-API-KEY: {c.api_key}' -H 'X-BUSINESS-ID: {c.business_id}' \\\n"
          f"    -H 'X-USER-ID: {c.user_id}' -H 'Content-Type: application/json' -d '{{}}'",
          file=out)
    out.flush()


def run(host: str = "127.0.0.1", port: int = 8765, records: int = 500, seed: int = 0,
        db_path: str | None = None, *, allow_remote: bool = False,
        out: TextIO | None = None) -> None:
    """Build the sandbox and serve it until interrupted.

    Raises:
        ValueError: `host` is not a loopback address and `allow_remote` is false (the demo
            credentials are public, so the sandbox must not be reachable from elsewhere).
    """
    import uvicorn

    if not is_loopback(host) and not allow_remote:
        raise ValueError(f"refusing to serve the sandbox on non-loopback host {host!r}; "
                         "its credentials are public (pass allow_remote=True to insist)")
    app = create_app(records=records, seed=seed, db_path=db_path)
    shown = f"[{host}]" if ":" in host else host
    banner(f"http://{shown}:{port}", out or sys.stdout)
    uvicorn.run(app, host=host, port=port, log_level="warning", http="h11")


def add_subparser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `sandbox serve` to a CLI's subcommands; the handler is set as `func`."""
    sandbox = subparsers.add_parser("sandbox", help="the local Kizen-compatible sandbox server")
    commands = sandbox.add_subparsers(dest="sandbox_command", required=True)
    serve = commands.add_parser("serve", help="serve the sandbox on loopback")
    serve.add_argument("--host", default="127.0.0.1", help="loopback address (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    serve.add_argument("--records", type=int, default=500, help="records per object")
    serve.add_argument("--seed", type=int, default=0, help="seed of the generated data")
    serve.add_argument("--db", dest="db_path", metavar="PATH", default=None,
                       help="SQLite file to keep changes between runs (default: in memory)")
    serve.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    """Run `sandbox serve` from parsed arguments; returns the exit status."""
    try:
        run(args.host, args.port, args.records, args.seed, args.db_path)
    except ValueError as exc:
        print(f"kizen-tui sandbox serve: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    return 0
