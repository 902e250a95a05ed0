"""The exceptions of the config layer.

Every message is written for the person at the keyboard: it names the file, the setting and the
fix. No message ever contains an API key (the credentials code redacts it as a last resort).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class ConfigError(Exception):
    """A configuration problem the user has to fix (bad value, unreadable or unsafe file)."""

    def __init__(self, message: str, *, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path
        """The file the problem is in, when there is one."""


class InsecureFileError(ConfigError):
    """A file holding secrets can be read or written by group or others, so we refuse it."""


class MissingCredentials(ConfigError):
    """Some of api key, business id and user id were found nowhere."""

    def __init__(
        self, message: str, *, missing: Sequence[str], profile: str, path: Path | None = None
    ) -> None:
        super().__init__(message, path=path)
        self.missing = tuple(missing)
        """Names of the missing fields (``api_key``, ``business_id``, ``user_id``)."""
        self.profile = profile
        """The profile that was being resolved."""
