"""Serve the sandbox on loopback under uvicorn (`kizen-tui sandbox serve`)."""

from __future__ import annotations

import argparse
import ipaddress
import os
import socket
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

    The port is bound before anything is printed, so the banner (with the credentials) only
    appears when the sandbox is really there to answer.

    Raises:
        ValueError: `host` is not a loopback address and `allow_remote` is false (the demo
            credentials are public, so the sandbox must not be reachable from elsewhere);
            the address cannot be listened on (`ListenError`); `db_path` cannot be used.
    """
    import uvicorn

    if not is_loopback(host) and not allow_remote:
        raise ValueError(f"refusing to serve the sandbox on non-loopback host {host!r}: its "
                         "credentials are public (add --allow-remote to serve it anyway)")
    sock = listen(host, port)
    try:
        app = create_app(records=records, seed=seed, db_path=db_path)
    except BaseException:
        sock.close()
        raise
    shown = f"[{host}]" if ":" in host else host
    banner(f"http://{shown}:{port}", out or sys.stdout)
    config = uvicorn.Config(app, log_level="warning", http="h11")
    uvicorn.Server(config).run(sockets=[sock])  # closes the socket when it stops


class ListenError(ValueError):
    """The host and port cannot be listened on (in use, not an address of this machine...)."""


def listen(host: str, port: int) -> socket.socket:
    """A TCP socket listening on `host`:`port`, as uvicorn would bind it.

    Raises:
        ListenError: the address is taken or unusable, as one line naming it.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host.strip("[]"), port), family=family)
    except (OSError, OverflowError) as error:
        raise ListenError(f"cannot listen on {host}:{port}: {_reason(error)}") from None


def _reason(error: Exception) -> str:
    # create_server wraps bind's error in a long "error while attempting to bind on address
    # ('127.0.0.1', 8765): ..." message; the errno's own text is the useful part.
    # A failed name lookup keeps only its negative getaddrinfo code there.
    errno = getattr(error, "errno", None)
    if not isinstance(errno, int) or errno == 0:
        return str(error)
    return os.strerror(errno).lower() if errno > 0 else "the host name cannot be resolved"


def port_number(text: str) -> int:
    """An argparse type: a TCP port, 1 to 65535."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port (1 to 65535)")
    return value


def add_subparser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `sandbox serve` to a CLI's subcommands; the handler is set as `func`."""
    sandbox = subparsers.add_parser("sandbox", help="the local Kizen-compatible sandbox server")
    commands = sandbox.add_subparsers(dest="sandbox_command", required=True)
    serve = commands.add_parser("serve", help="serve the sandbox on loopback")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1; loopback only unless "
                            "--allow-remote)")
    serve.add_argument("--allow-remote", action="store_true",
                       help="allow a --host other machines can reach (the demo credentials "
                            "are public: anyone who can connect can read and write)")
    serve.add_argument("--port", type=port_number, default=8765, help="port (default 8765)")
    serve.add_argument("--records", type=int, default=500, help="records per object")
    serve.add_argument("--seed", type=int, default=0, help="seed of the generated data")
    serve.add_argument("--db", dest="db_path", metavar="PATH", default=None,
                       help="SQLite file to keep changes between runs (default: in memory)")
    serve.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    """Run `sandbox serve` from parsed arguments; returns the exit status."""
    try:
        run(args.host, args.port, args.records, args.seed, args.db_path,
            allow_remote=args.allow_remote)
    except ValueError as exc:
        print(f"kizen-tui sandbox serve: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    return 0
