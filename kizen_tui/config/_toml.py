"""Reading and writing TOML files with errors that name the file and the line."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from kizen_tui.config.errors import ConfigError
from kizen_tui.files import PRIVATE_FILE_MODE, atomic_write_text

_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_AT_END = re.compile(r"\s*\(at end of document\)\s*$")


def load_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file; a syntax or encoding error becomes a :class:`ConfigError`.

    The message names the file and, for syntax errors, the line and column. It never quotes the
    file's content (a credentials file holds keys).
    """
    if path.exists() and not path.is_file():
        # Reading a FIFO would block forever; a directory or device is a mistake to report.
        raise ConfigError(f"{path} is not a regular file; it must be a TOML file.", path=path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ConfigError(f"Cannot read {path}: {error.strerror}.", path=path) from None
    try:
        text = raw.decode("utf-8")
        return tomllib.loads(text)
    except UnicodeDecodeError as error:
        raise ConfigError(
            f"{path} is not valid UTF-8 text (byte {error.start}); it must be a TOML file.",
            path=path,
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(_describe_toml_error(path, error, text), path=path) from None


def dump_toml(data: dict[str, Any], header: str = "") -> str:
    """Serialise ``data`` as TOML, after an optional comment header."""
    return header + tomli_w.dumps(data)


def write_toml(path: Path, data: dict[str, Any], header: str = "") -> Path:
    """Atomically write ``data`` to ``path`` as a private (0600) TOML file."""
    return atomic_write_text(path, dump_toml(data, header), mode=PRIVATE_FILE_MODE)


def _describe_toml_error(path: Path, error: tomllib.TOMLDecodeError, text: str) -> str:
    message = str(error)
    match = _POSITION.search(message)
    if match is not None:
        where = f"line {match.group(1)}, column {match.group(2)}"
    elif (match := _AT_END.search(message)) is not None:
        where = f"line {max(1, len(text.splitlines()))}, at the end of the file"
    else:
        return f"{path} is not valid TOML: {message}."
    return f"{path}, {where}: not valid TOML ({message[: match.start()]}). Fix or remove that line."
