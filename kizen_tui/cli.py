"""Command-line entry point: `kizen-tui [OBJECT[/RECORD_ID]] [--demo] ...` and subcommands.

Exit codes: 0 ok, 1 API or runtime error, 2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import sys
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from kizen_tui import __version__

if TYPE_CHECKING:
    from kizen_tui.session import Connection
    from kizen_tui.ui.app import StartTarget

EXIT_OK, EXIT_API, EXIT_USAGE = 0, 1, 2
SUBCOMMANDS = ("sandbox",)


class UsageError(Exception):
    """A bad argument: reported on stderr with exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    """The parser of the interactive app's arguments."""
    parser = argparse.ArgumentParser(
        prog="kizen-tui",
        description="Browse and edit the records of a Kizen CRM business in the terminal.",
        epilog="Subcommands: `kizen-tui sandbox serve --help` runs the local Kizen-compatible "
               "sandbox on loopback.",
    )
    parser.add_argument("target", nargs="?", metavar="OBJECT[/RECORD_ID]",
                        help="open this object (api name or id), or one of its records")
    parser.add_argument("--demo", action="store_true",
                        help="use the built-in sandbox business (no account needed)")
    parser.add_argument("--profile", help="credentials profile to use (default: KIZEN_PROFILE, "
                        "then the store's default_profile, then 'default')")
    parser.add_argument("--read-only", action="store_true",
                        help="refuse every write (also settable per profile)")
    parser.add_argument("--records", type=_positive_int, default=500, metavar="N",
                        help="with --demo: records per object (default 500)")
    parser.add_argument("--seed", type=int, default=0, help="with --demo: seed of the demo data")
    parser.add_argument("--db", metavar="PATH",
                        help="with --demo: keep the sandbox in this SQLite file between runs")
    parser.add_argument("--version", action="version", version=f"kizen-tui {__version__}")
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def parse_target(text: str | None) -> StartTarget:
    """`OBJECT` or `OBJECT/RECORD_ID` -> a start target; raises UsageError when malformed."""
    from kizen_tui.ui.app import StartTarget

    if text is None:
        return StartTarget()
    object_name, _, record_id = text.strip().partition("/")
    if not object_name:
        raise UsageError(f"{text!r}: the object name is empty (expected OBJECT or "
                         "OBJECT/RECORD_ID)")
    if record_id:
        try:
            record_id = str(uuid.UUID(record_id))
        except ValueError:
            raise UsageError(f"{record_id!r} is not a record id (a UUID)") from None
    return StartTarget(object_name=object_name, record_id=record_id or None)


def main(argv: Sequence[str] | None = None) -> int:
    """Run kizen-tui; returns the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] in SUBCOMMANDS:
        return _subcommand(args_list)
    args = build_parser().parse_args(args_list)
    try:
        return _run_app(args)
    except UsageError as error:
        print(f"kizen-tui: {error}", file=sys.stderr)
        return EXIT_USAGE


def _subcommand(argv: list[str]) -> int:
    import kizen_tui.sandbox.serve as serve

    parser = argparse.ArgumentParser(prog="kizen-tui")
    commands = parser.add_subparsers(dest="command", required=True)
    sandbox = commands.add_parser("sandbox", help="the local Kizen-compatible sandbox")
    serve.add_subparser(sandbox.add_subparsers(dest="sandbox_command", required=True))
    args = parser.parse_args(argv)
    result = args.handler(args)
    return int(result or 0)


def _run_app(args: argparse.Namespace) -> int:
    from kizen_tui.config import ConfigError, Paths
    from kizen_tui.session import demo_connection
    from kizen_tui.ui.app import KizenApp
    from kizen_tui.ui.settings_store import SettingsStore

    target = parse_target(args.target)
    store = SettingsStore.load(Paths.from_env())
    try:
        connection = _connection(args, store)
    except ConfigError as error:
        print(f"kizen-tui: {error}", file=sys.stderr)
        return EXIT_USAGE
    app = KizenApp(connection, settings=store, target=target,
                   demo_factory=lambda: demo_connection(read_only=args.read_only))
    app.run()
    return EXIT_OK if app.return_code in (None, 0) else EXIT_API


def _connection(args: argparse.Namespace, store: object) -> Connection | None:
    """The connection to start with, or None to show the connect screen."""
    from kizen_tui.config import find_credentials
    from kizen_tui.session import connect, demo_connection
    from kizen_tui.ui.settings_store import SettingsStore

    assert isinstance(store, SettingsStore)
    if args.demo:
        return demo_connection(records=args.records, seed=args.seed, db_path=args.db,
                               read_only=args.read_only)
    lookup = find_credentials(profile=args.profile)
    if lookup.missing:
        return None
    return connect(lookup.credentials(), settings=store.settings, read_only=args.read_only)


if __name__ == "__main__":
    sys.exit(main())
