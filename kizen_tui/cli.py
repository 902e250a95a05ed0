"""Command-line entry point: `kizen-tui [OBJECT[/RECORD_ID]] [--demo] ...` and subcommands.

Exit codes: 0 ok, 1 API or runtime error, 2 usage or configuration error, 130 interrupted.
The headless commands live in `kizen_tui.headless`; `main` sends them there. The full-screen
app starts only on a terminal (`terminal_problem`); anything else is exit 2 with one line.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kizen_tui import __version__
from kizen_tui.headless.options import COMMANDS, add_global_options, find_command
from kizen_tui.headless.output import is_tty
from kizen_tui.headless.runtime import EXIT_API, EXIT_OK, EXIT_USAGE, UsageError

if TYPE_CHECKING:
    from kizen_tui.config import Settings
    from kizen_tui.session import Connection
    from kizen_tui.ui.app import StartTarget

__all__ = ["EXIT_API", "EXIT_OK", "EXIT_USAGE", "UsageError", "build_parser", "main",
           "parse_target"]

_EPILOG = """\
commands (each has --help):
  objects                      list the objects of the business
  fields OBJECT                list an object's fields
  records search OBJECT        search records (--filter, --all, --format json|jsonl|csv)
  records get|lookup ...       one record by id, or by name / email
  records update|add|upsert    write records (--set FIELD=VALUE, --dry-run)
  records archive|unarchive    archive or restore a record
  profiles list|add|remove     credentials profiles, shared with the official Kizen CLI
  locate config                every path kizen-tui uses
  sandbox serve                run the local Kizen-compatible sandbox on loopback

Exit codes: 0 ok, 1 API error, 2 usage or configuration error, 130 interrupted.
"""


def build_parser() -> argparse.ArgumentParser:
    """The parser of the interactive app's arguments (the commands have their own)."""
    parser = argparse.ArgumentParser(
        prog="kizen-tui", allow_abbrev=False,
        description="Browse and edit the records of a Kizen CRM business in the terminal.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("target", nargs="?", metavar="OBJECT[/RECORD_ID]",
                        help="open this object (api name or id), or one of its records")
    add_global_options(parser)
    parser.add_argument("--version", action="version", version=f"kizen-tui {__version__}")
    return parser


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
    """Run kizen-tui (the TUI, or a headless command); returns the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if find_command(args_list) is not None:
        from kizen_tui.headless import run

        return run(args_list)
    try:
        args = build_parser().parse_args(args_list)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    problem = terminal_problem(args.target)
    if problem is not None:
        print(f"kizen-tui: {problem}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return _run_app(args)
    except UsageError as error:
        print(f"kizen-tui: {error}", file=sys.stderr)
        return EXIT_USAGE


def terminal_problem(target: str | None) -> str | None:
    """Why the interactive app cannot run here (a one-line message), or None when it can.

    The app reads keys from stdin and draws on stderr (Textual's choice); started on a pipe or
    /dev/null it would fill the pipe with escape sequences and then spin on end-of-file, so a
    script that mistyped a command, or ran the app by mistake, gets this message instead.
    """
    streams = {"stdin": sys.stdin, "stdout": sys.stdout, "stderr": sys.stderr}
    missing = [name for name, stream in streams.items() if not is_tty(stream)]
    if not missing:
        return None
    which = (f"{missing[0]} is not a terminal" if len(missing) == 1 else
             f"{', '.join(missing[:-1])} and {missing[-1]} are not terminals")
    message = (f"the interactive app needs a terminal ({which}); scripts use the headless "
               "commands (kizen-tui --help lists them)")
    command = _mistyped_command(target)
    if command is not None:
        message = f"{target!r} is not a command (did you mean {command!r}?); {message}"
    return message


def _mistyped_command(target: str | None) -> str | None:
    """The headless command `target` looks like a typo of, if any (`recrods` -> `records`)."""
    if not target or "/" in target or target in COMMANDS:
        return None
    # 0.82: catches swapped or missing letters (recrods, feilds, object) but not the demo's
    # own objects (`projects` is 0.8 from `objects`).
    close = difflib.get_close_matches(target.lower(), COMMANDS, n=1, cutoff=0.82)
    return close[0] if close else None


def _run_app(args: argparse.Namespace) -> int:
    # Tuned here, in the interactive entry point only, not in App.run: snapshot tests run
    # apps inside the test process, which must keep a normal collector.
    from kizen_tui.ui import gc_tuning

    gc_tuning.pause_for_startup()
    try:
        return _start_app(args)
    finally:
        gc_tuning.resume()


def _start_app(args: argparse.Namespace) -> int:
    from kizen_tui.config import ConfigError, Paths
    from kizen_tui.headless.runtime import start_debug_log
    from kizen_tui.session import SEED_CACHE_DIR, demo_connection
    from kizen_tui.ui.app import KizenApp
    from kizen_tui.ui.settings_store import SettingsStore

    target = parse_target(args.target)
    paths = Paths.from_env()
    # The TUI always logs (INFO; --debug adds request summaries): it has no stderr to show
    # problems on while it runs.
    start_debug_log(sys.stderr, paths, debug=args.debug)
    store = SettingsStore.load(paths)
    try:
        connection = _connection(args, store.settings, paths.cache_dir / SEED_CACHE_DIR)
    except ConfigError as error:
        print(f"kizen-tui: {error}", file=sys.stderr)
        return EXIT_USAGE
    app = KizenApp(connection, settings=store, target=target,
                   demo_factory=lambda: demo_connection(
                       read_only=args.read_only, seed_cache=paths.cache_dir / SEED_CACHE_DIR))
    from kizen_tui.ui import gc_tuning

    gc_tuning.tune_for_interactive()
    app.run()
    return EXIT_OK if app.return_code in (None, 0) else EXIT_API


def _connection(
    args: argparse.Namespace, settings: Settings, seed_cache: Path
) -> Connection | None:
    """The connection to start with, or None to show the connect screen."""
    from kizen_tui.config import find_credentials
    from kizen_tui.headless.runtime import register_secret
    from kizen_tui.session import connect, demo_connection

    if args.demo:
        return demo_connection(records=args.records, seed=args.seed, db_path=args.db,
                               read_only=args.read_only, seed_cache=seed_cache)
    lookup = find_credentials(profile=args.profile, api_key=args.api_key,
                              business_id=args.business_id, user_id=args.user_id,
                              base_url=args.base_url)
    for warning in lookup.warnings:
        print(f"kizen-tui: warning: {warning}", file=sys.stderr)
    if lookup.missing:
        return None
    creds = lookup.credentials()
    register_secret(creds.api_key.get_secret_value())
    return connect(creds, settings=settings, read_only=args.read_only)


if __name__ == "__main__":
    sys.exit(main())
