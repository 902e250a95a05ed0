"""kizen-tui's log file: private, rotating, and scrubbed of secrets before anything is written.

    path = setup_logging(debug=args.debug)       # once, at start-up (the command line does it)
    register_secret(api_key)                      # whenever a key is loaded or typed

- The file is `<log dir>/kizen-tui.log` (platformdirs' user log dir, or `KIZEN_TUI_LOG_DIR`),
  created 0600 inside a 0700 directory, rotated at 1 MB with 3 old files kept.
- Every line goes through `redact_text` *after* formatting, tracebacks included: registered
  secrets and anything written as an API key or auth header value (`X-API-KEY: …`,
  `api_key = "…"`, `Authorization: Bearer …`) become `***`.
- Without `--debug` the `kizen_tui` loggers log INFO and up (worker failures, warnings). With it
  they log DEBUG, which adds the client's one-line request summaries (method, path, status,
  request id, timing; `kizen_tui.api`). Bodies are never logged, so neither are the bodies of
  credential checks.
- Only the `kizen_tui` logger tree is attached and it does not propagate to the root logger:
  a stray stderr handler would draw over the TUI.

Standard library only (plus kizen_tui.config.paths and kizen_tui.files), so any layer may use it.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from io import TextIOWrapper
from logging.handlers import RotatingFileHandler
from pathlib import Path

from kizen_tui.config.paths import Paths
from kizen_tui.files import PRIVATE_FILE_MODE, ensure_private_dir

LOG_FILE_NAME = "kizen-tui.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
ROOT_LOGGER = "kizen_tui"
REDACTED = "***"
#: Shorter values are not registered as secrets: redacting "ab" everywhere would ruin the log.
MIN_SECRET_LENGTH = 8
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

_secrets: set[str] = set()
_secrets_lock = threading.Lock()
# `key: value`, `key=value`, `"key": "value"` for the names that carry credentials.
_KEY_VALUE = re.compile(
    r"""(?ix)
    (?P<key>\b(?:x[-_]api[-_]key|api[-_]?key|apikey|authorization|secret|password|token)\b
        ["']?\s*[:=]\s*["']?
        (?:(?:bearer|token|basic)\s+)?)
    (?P<value>[^\s"',;}\]]+)
    """
)
_HANDLER_FLAG = "_kizen_tui_handler"


def register_secret(value: str | None) -> None:
    """Redact `value` from every log line from now on (an API key, a password...)."""
    if value and len(value) >= MIN_SECRET_LENGTH:
        with _secrets_lock:
            _secrets.add(value)


def forget_secrets() -> None:
    """Drop every registered secret (tests; switching profiles does not need it)."""
    with _secrets_lock:
        _secrets.clear()


def redact_text(text: str) -> str:
    """`text` with registered secrets and credential-looking values replaced by `***`."""
    with _secrets_lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return _KEY_VALUE.sub(lambda m: m.group("key") + REDACTED, text)


class RedactingFormatter(logging.Formatter):
    """Formats a record (traceback included), then redacts the whole text."""

    def format(self, record: logging.LogRecord) -> str:
        """The redacted line."""
        return redact_text(super().format(record))


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A RotatingFileHandler whose files are created 0600 (the umask would allow 0644)."""

    def _open(self) -> TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE_MODE)
        # An existing file may have been created looser, by hand or by an old version.
        os.fchmod(fd, PRIVATE_FILE_MODE)
        return open(fd, "a", encoding=self.encoding, errors=self.errors)


def setup_logging(*, debug: bool, paths: Paths | None = None) -> Path:
    """Send the `kizen_tui` loggers to the private log file; returns its path.

    Calling it again replaces the previous handler (e.g. to switch `debug`).

    Args:
        debug: also log the client's request summaries (DEBUG level).
        paths: where the log directory is (default: `Paths.from_env()`).
    """
    paths = paths or Paths.from_env()
    log_dir = ensure_private_dir(paths.log_dir)
    log_file = log_dir / LOG_FILE_NAME
    handler = PrivateRotatingFileHandler(log_file, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT,
                                         encoding="utf-8")
    handler.setFormatter(RedactingFormatter(FORMAT))
    setattr(handler, _HANDLER_FLAG, True)
    logger = logging.getLogger(ROOT_LOGGER)
    _remove_handlers(logger)
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if debug else logging.INFO)
    logger.propagate = False
    logger.info("logging to %s (debug %s)", log_file, "on" if debug else "off")
    return log_file


def stop_logging() -> None:
    """Detach the log file and give the `kizen_tui` loggers back their defaults."""
    logger = logging.getLogger(ROOT_LOGGER)
    _remove_handlers(logger)
    logger.setLevel(logging.NOTSET)
    logger.propagate = True


def _remove_handlers(logger: logging.Logger) -> None:
    for handler in list(logger.handlers):
        if getattr(handler, _HANDLER_FLAG, False):
            logger.removeHandler(handler)
            handler.close()
