"""What every headless command shares: the connection, messages on stderr, and exit codes.

Exit codes: 0 ok, 1 API or runtime error, 2 usage or configuration error, 130 interrupted.
Errors are one clear line on stderr (a few more lines only where they help: the caret under a
bad filter, per-field messages of a rejected write), never a traceback and never the API key:
every message passes through `Runtime.redact` as a last line of defence.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import os
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, TextIO

from kizen_tui.headless.output import is_tty, resolve_format

if TYPE_CHECKING:
    from kizen_tui.api.models import FieldDef
    from kizen_tui.config import Paths, Settings
    from kizen_tui.schema import ObjectSchema
    from kizen_tui.session import Connection

EXIT_OK, EXIT_API, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
log = logging.getLogger("kizen_tui.headless")


class UsageError(Exception):
    """A bad argument or unusable input: reported on stderr with exit code 2."""


@dataclass
class Runtime:
    """One command invocation: its arguments, its streams and what it learned on the way."""

    args: argparse.Namespace
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    secrets: list[str] = field(default_factory=list)
    """Values that must never be printed (the API key), redacted from every message."""
    settings: Settings | None = None

    @property
    def fmt(self) -> str:
        """The concrete output format of this command."""
        return resolve_format(getattr(self.args, "format", "auto"), self.out)

    @property
    def paths(self) -> Paths:
        """Every path kizen-tui uses (honours the KIZEN_TUI_*_DIR variables)."""
        from kizen_tui.config import Paths

        return Paths.from_env()

    def redact(self, text: str) -> str:
        """`text` with every secret replaced by asterisks."""
        for secret in self.secrets:
            if secret:
                text = text.replace(secret, "**********")
        return text

    def say(self, text: str) -> None:
        """A message for the person at the terminal, on stderr."""
        self.err.write(self.redact(text) + "\n")
        self.err.flush()

    def warn(self, text: str) -> None:
        """A warning on stderr."""
        self.say(f"kizen-tui: warning: {text}")

    def progress(self, text: str) -> None:
        """A progress line redrawn in place, only when stderr is a terminal."""
        if is_tty(self.err):
            self.err.write(f"\r\x1b[K{text}")
            self.err.flush()

    def end_progress(self) -> None:
        """Leave the progress line."""
        if is_tty(self.err):
            self.err.write("\r\x1b[K")
            self.err.flush()


Handler = Callable[[Runtime], int | None]


def execute(args: argparse.Namespace) -> int:
    """Run the command chosen by `args`, turning every failure into a message and an exit code."""
    runtime = Runtime(args)
    handler: Handler = args.handler
    try:
        if getattr(args, "debug", False):
            start_debug_log(runtime.err, runtime.paths)
        return int(handler(runtime) or EXIT_OK)
    except KeyboardInterrupt:
        runtime.end_progress()
        runtime.say("kizen-tui: interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()  # the reader went away (`| head`): not an error of ours
        return EXIT_OK
    except BaseException as error:  # every failure becomes one line
        if isinstance(error, SystemExit):
            raise
        return report(runtime, error)


def report(runtime: Runtime, error: BaseException) -> int:
    """Print `error` as the user should see it; returns its exit code."""
    from kizen_tui.api.errors import KizenError, ValidationFailed
    from kizen_tui.config import ConfigError

    runtime.end_progress()
    if isinstance(error, UsageError | ConfigError | ValueError):
        runtime.say(f"kizen-tui: {error}")
        return EXIT_USAGE
    if isinstance(error, KizenError):
        message = str(error)
        runtime.say(f"kizen-tui: {message}")
        if isinstance(error, ValidationFailed):
            for name, messages in error.errors_by_field().items():
                fresh = [m for m in messages if m not in message]
                if fresh:
                    runtime.say(f"  {name}: {'; '.join(fresh)}")
        return EXIT_API
    log.error("unexpected error", exc_info=error)
    runtime.say(f"kizen-tui: unexpected error ({type(error).__name__}): {error} "
                "(run with --debug and see the log for details)")
    return EXIT_API


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _logs() -> ModuleType | None:
    """`kizen_tui.logs`, when this build has it."""
    try:
        return importlib.import_module("kizen_tui.logs")
    except ImportError:
        return None


def start_debug_log(err: TextIO, paths: Paths, *, debug: bool = True) -> Path | None:
    """Send the `kizen_tui` loggers to the private log file (`--debug`: with request summaries,
    and its path is printed on stderr)."""
    logs = _logs()
    if logs is None:
        if debug:
            err.write("kizen-tui: warning: --debug: logging is not available in this build\n")
        return None
    path: Path = logs.setup_logging(debug=debug, paths=paths)
    if debug:
        err.write(f"kizen-tui: debug log: {path}\n")
    return path


def register_secret(value: str) -> None:
    """Keep `value` (an API key) out of the log file too."""
    logs = _logs()
    if logs is not None:
        logs.register_secret(value)


# --- connections ------------------------------------------------------------------------------

def open_connection(runtime: Runtime) -> Connection:
    """The connection the global flags ask for (demo, or credentials from flags/env/profile).

    Raises:
        ConfigError: credentials are missing or invalid (exit 2).
    """
    from kizen_tui.config import find_credentials, load_settings
    from kizen_tui.session import SEED_CACHE_DIR, connect, demo_connection

    args = runtime.args
    if args.api_key:
        runtime.secrets.append(args.api_key.strip())
        register_secret(args.api_key.strip())
    settings, warnings = load_settings(runtime.paths)
    runtime.settings = settings
    for warning in warnings:
        runtime.warn(warning)
    if args.demo:
        return demo_connection(records=args.records, seed=args.seed, db_path=args.db,
                               read_only=args.read_only,
                               seed_cache=runtime.paths.cache_dir / SEED_CACHE_DIR)
    lookup = find_credentials(profile=args.profile, api_key=args.api_key,
                              business_id=args.business_id, user_id=args.user_id,
                              base_url=args.base_url)
    for warning in lookup.warnings:
        runtime.warn(warning)
    creds = lookup.credentials()
    runtime.secrets.append(creds.api_key.get_secret_value())
    register_secret(creds.api_key.get_secret_value())
    return connect(creds, settings=settings, read_only=args.read_only)


def api_command(body: Callable[[Runtime, Connection], Awaitable[int | None]]) -> Handler:
    """A handler that opens the connection, runs `body` on it and always closes the client."""
    def handler(runtime: Runtime) -> int:
        connection = open_connection(runtime)
        return asyncio.run(_run(body, runtime, connection))

    handler.__doc__ = body.__doc__
    return handler


async def _run(body: Callable[[Runtime, Connection], Awaitable[int | None]],
               runtime: Runtime, connection: Connection) -> int:
    try:
        return int(await body(runtime, connection) or EXIT_OK)
    finally:
        await connection.client.aclose()


# --- objects and fields -----------------------------------------------------------------------

async def load_schema(connection: Connection, name: str) -> ObjectSchema:
    """An object and its fields, by api name, id or display name.

    Raises:
        UsageError: no such object (the message lists the objects there are).
    """
    from kizen_tui.api.errors import NotFound
    from kizen_tui.schema import SchemaCache

    cache = SchemaCache(connection.client)
    try:
        return await cache.schema(name)
    except NotFound:
        pass
    objects = await cache.objects()
    folded = name.strip().casefold()
    for obj in objects:
        if folded in {n.casefold() for n in (obj.name, obj.label, obj.entity_name or "")}:
            return await cache.schema(obj.name)
    names = ", ".join(sorted(o.name for o in objects)) or "none"
    raise UsageError(f"there is no object {name!r} in this business (objects: {names})")


def find_field(schema: ObjectSchema, key: str, *, flag: str) -> FieldDef:
    """A field by api name, id or display name (case-insensitive).

    Raises:
        UsageError: unknown field, naming `flag` and the fields there are.
    """
    found = schema.field(key.strip())
    if found is not None:
        return found
    folded = key.strip().casefold()
    for candidate in schema.fields:
        if folded in (candidate.name.casefold(), (candidate.display_name or "").casefold()):
            return candidate
    names = ", ".join(f.name for f in schema.fields)
    raise UsageError(f"{flag}: {schema.object.name} has no field {key!r} (fields: {names})")


def split_names(text: str | None) -> list[str]:
    """`a,b , c` -> `["a", "b", "c"]`."""
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def record_dump(record: Any) -> Any:
    """A record (or any API model) as the JSON the API sent: only the keys it had."""
    return record.model_dump(mode="json", exclude_unset=True, by_alias=True)
