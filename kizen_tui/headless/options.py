"""The flags shared by the TUI and every headless command, and the headless parser itself.

Global flags may be given before or after the command (`kizen-tui --demo objects` and
`kizen-tui objects --demo` are the same): each command's parser repeats them with
`argparse.SUPPRESS` defaults, so a flag given after the command wins and one given before it is
not reset.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from kizen_tui.headless.output import FORMATS

Subparsers = argparse._SubParsersAction
"""The type of `add_subparsers()`' result, for the modules that register commands."""
#: Global flags that take a value (the command finder skips their values).
VALUE_FLAGS = frozenset({"--profile", "--api-key", "--business-id", "--user-id", "--base-url",
                         "--records", "--seed", "--db"})
#: The headless commands (first positional argument); anything else opens the TUI.
COMMANDS = ("objects", "fields", "records", "profiles", "locate", "sandbox")


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def add_global_options(parser: argparse.ArgumentParser, *, suppress: bool = False) -> None:
    """Add the connection and demo flags (`suppress`: no defaults, for command parsers)."""
    def default(value: object) -> object:
        return argparse.SUPPRESS if suppress else value

    group = parser.add_argument_group("connection")
    group.add_argument("--profile", default=default(None),
                       help="credentials profile (default: KIZEN_PROFILE, then the store's "
                            "default_profile, then 'default')")
    group.add_argument("--base-url", default=default(None), metavar="URL",
                       help="Kizen host (default https://app.go.kizen.com; also KIZEN_BASE_URL)")
    group.add_argument("--business-id", default=default(None), metavar="UUID",
                       help="business id (also KIZEN_BUSINESS_ID)")
    group.add_argument("--user-id", default=default(None), metavar="UUID",
                       help="user id (also KIZEN_USER_ID)")
    group.add_argument("--api-key", default=default(None), metavar="KEY",
                       help="API key. Warning: other users can see it in the process list; "
                            "prefer KIZEN_API_KEY or a saved profile")
    group.add_argument("--read-only", action="store_true", default=default(False),
                       help="refuse every write (also settable per profile)")
    group.add_argument("--debug", action="store_true", default=default(False),
                       help="write a debug log (its path is printed on stderr)")
    demo = parser.add_argument_group("demo")
    demo.add_argument("--demo", action="store_true", default=default(False),
                      help="use the built-in sandbox business (no account needed)")
    demo.add_argument("--records", type=positive_int, default=default(500), metavar="N",
                      help="with --demo: records per object (default 500)")
    demo.add_argument("--seed", type=int, default=default(0),
                      help="with --demo: seed of the demo data")
    demo.add_argument("--db", default=default(None), metavar="PATH",
                      help="with --demo: keep the sandbox in this SQLite file between runs")


def add_format_option(parser: argparse.ArgumentParser, *, raw: bool = False) -> None:
    """`--format` (and `--raw` for commands that output records)."""
    parser.add_argument("--format", choices=FORMATS, default="auto",
                        help="output format (default auto: a table on a terminal, JSON when "
                             "piped)")
    if raw:
        parser.add_argument("--raw", action="store_true",
                            help="CSV: raw JSON values instead of values as displayed")


def global_parent() -> argparse.ArgumentParser:
    """A parent parser carrying the global flags for a command's parser."""
    parent = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    add_global_options(parent, suppress=True)
    return parent


def find_command(argv: Sequence[str]) -> str | None:
    """The headless command `argv` names, or None when it launches the TUI.

    The first positional argument decides; after `--` everything is a TUI target, so an object
    named like a command can still be opened (`kizen-tui -- records`).
    """
    skip = False
    for token in argv:
        if skip:
            skip = False
            continue
        if token == "--":
            return None
        if token.startswith("-"):
            skip = token in VALUE_FLAGS
            continue
        return token if token in COMMANDS else None
    return None


def build_headless_parser() -> argparse.ArgumentParser:
    """The parser of every headless command."""
    from kizen_tui.headless import catalog, profiles, records_read, records_write
    from kizen_tui.sandbox import serve

    parser = argparse.ArgumentParser(
        prog="kizen-tui", allow_abbrev=False,
        description="Kizen CRM from the command line: the same profiles and settings as the "
                    "terminal app, output as a table, JSON, JSON lines or CSV.")
    add_global_options(parser)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    parent = global_parent()
    catalog.register(commands, parent)
    records = commands.add_parser("records", help="search, read and write records",
                                  allow_abbrev=False)
    record_commands = records.add_subparsers(dest="records_command", required=True,
                                             metavar="ACTION")
    records_read.register(record_commands, parent)
    records_write.register(record_commands, parent)
    profiles.register(commands, parent)
    serve.add_subparser(commands)
    return parser
