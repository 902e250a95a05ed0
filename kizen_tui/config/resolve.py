"""Finding the credentials to use, and remembering where each value came from.

Per field, the first place that has a value wins:

1. explicit arguments (the command-line flags),
2. environment variables (``KIZEN_API_KEY``, ``KIZEN_BUSINESS_ID``, ``KIZEN_USER_ID``,
   ``KIZEN_BASE_URL``),
3. the selected profile in the credentials store shared with the official Kizen CLI,
4. for ``base_url`` only, the default host.

The profile is selected by ``--profile``, else ``KIZEN_PROFILE``, else the store's
``default_profile``, else ``"default"``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from kizen_tui.config.credentials import (
    DEFAULT_BASE_URL,
    DEFAULT_PROFILE,
    Credentials,
    check_api_key,
    check_profile_name,
    check_uuid,
    normalize_base_url,
)
from kizen_tui.config.errors import ConfigError, MissingCredentials
from kizen_tui.config.paths import Paths
from kizen_tui.config.store import default_profile_name, profile_table, read_store

FIELDS = ("api_key", "business_id", "user_id", "base_url")
"""The credential fields, in display order."""
REQUIRED_FIELDS = ("api_key", "business_id", "user_id")
"""Fields without a default."""
ENV_VARS = {
    "profile": "KIZEN_PROFILE",
    "api_key": "KIZEN_API_KEY",
    "business_id": "KIZEN_BUSINESS_ID",
    "user_id": "KIZEN_USER_ID",
    "base_url": "KIZEN_BASE_URL",
}
"""The environment variable of each field."""
FLAGS = {
    "profile": "--profile",
    "api_key": "--api-key",
    "business_id": "--business-id",
    "user_id": "--user-id",
    "base_url": "--base-url",
}
"""The command-line flag of each field, as named in messages (the CLI should match)."""


class SourceKind(StrEnum):
    """Kinds of places a credential value can come from."""

    ARGUMENT = "argument"
    ENVIRONMENT = "environment"
    FILE = "credentials file"
    DEFAULT = "default"


@dataclass(frozen=True)
class ValueSource:
    """Where one value came from, e.g. ``KIZEN_API_KEY`` or a file's profile table."""

    kind: SourceKind
    detail: str
    """Human-readable place: a flag, a variable name, or ``[profiles.x] in <path>``."""

    def __str__(self) -> str:
        return self.detail


@dataclass(frozen=True)
class CredentialLookup:
    """The outcome of looking for credentials, complete or not.

    ``kizen-tui locate config`` shows it as is; everything else calls :meth:`credentials`.
    """

    profile: str
    """The selected profile."""
    profile_source: ValueSource
    """What selected it."""
    credentials_file: Path
    """The store that was consulted."""
    profile_in_file: bool
    """Whether the store has a ``[profiles.<profile>]`` table."""
    sources: dict[str, ValueSource]
    """Where each found field came from, by field name."""
    missing: tuple[str, ...]
    """Required fields found nowhere."""
    warnings: tuple[str, ...] = ()
    """Things worth telling the user, e.g. an environment variable overriding the profile."""
    stored_profiles: tuple[str, ...] = ()
    """Names of the profiles in the store (for "did you mean" messages)."""
    _values: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def credentials(self) -> Credentials:
        """Validate the found values and return them.

        Raises:
            MissingCredentials: A required field was found nowhere (the message says where
                each can be set).
            ConfigError: A value is invalid (the message says which and where it came from).
        """
        if self.missing:
            raise MissingCredentials(
                self._missing_message(),
                missing=self.missing,
                profile=self.profile,
                path=self.credentials_file,
            )
        key: SecretStr = self._values["api_key"]
        try:
            return Credentials(
                profile=self.profile,
                api_key=check_api_key(key, f"The API key (from {self.sources['api_key']})"),
                business_id=check_uuid(self._values["business_id"], self._where("business_id")),
                user_id=check_uuid(self._values["user_id"], self._where("user_id")),
                base_url=normalize_base_url(self._values["base_url"], self._where("base_url")),
            )
        except ConfigError as error:
            # A key pasted into the wrong field would otherwise be echoed back.
            raise ConfigError(_redact(str(error), key), path=error.path) from None

    def _where(self, name: str) -> str:
        return f"{name} (from {self.sources[name]})"

    def _missing_message(self) -> str:
        flags = ", ".join(FLAGS[name] for name in self.missing)
        env = ", ".join(ENV_VARS[name] for name in self.missing)
        lines = [
            f"Missing Kizen credentials for profile {self.profile!r} "
            f"(selected by {self.profile_source}): {', '.join(self.missing)}.",
            "Set each of them in one of these places:",
            f"  - command-line flags: {flags}",
            f"  - environment variables: {env}",
            f"  - the [profiles.{self.profile}] table of {self.credentials_file}, shared with "
            f"the official Kizen CLI (`kizen init --profile {self.profile}` writes it)",
        ]
        if not self.credentials_file.exists():
            lines.append(f"{self.credentials_file} does not exist yet.")
        elif not self.profile_in_file:
            have = ", ".join(self.stored_profiles) or "none"
            lines.append(f"That file has no profile {self.profile!r} (profiles: {have}).")
        return "\n".join(lines)


def find_credentials(
    *,
    profile: str | None = None,
    api_key: str | SecretStr | None = None,
    business_id: str | None = None,
    user_id: str | None = None,
    base_url: str | None = None,
    environ: Mapping[str, str] | None = None,
    paths: Paths | None = None,
) -> CredentialLookup:
    """Look for every credential field and record where each was found.

    Arguments are the command-line flags (``None`` when not given). Missing fields are reported
    in the result, not raised; call :meth:`CredentialLookup.credentials` for validated values.

    Raises:
        ConfigError: The credentials file is unsafe (``InsecureFileError``) or unreadable, or
            the selected profile name is invalid.
    """
    env = os.environ if environ is None else environ
    store_path = (paths or Paths.from_env(env)).credentials_file
    data = read_store(store_path)
    name, name_source = _select_profile(profile, env, data, store_path)
    row = profile_table(data, name)
    args: dict[str, Any] = {
        "api_key": api_key,
        "business_id": business_id,
        "user_id": user_id,
        "base_url": base_url,
    }
    values: dict[str, Any] = {}
    sources: dict[str, ValueSource] = {}
    warnings: list[str] = []
    for key in FIELDS:
        found = _first_value(key, args[key], env, row, name, store_path)
        if found is None:
            continue
        values[key], sources[key] = found
        stored = (row or {}).get(key)
        if sources[key].kind is SourceKind.ENVIRONMENT and stored and stored != values[key]:
            warnings.append(f"{ENV_VARS[key]} overrides {key} of profile {name!r} in {store_path}.")
    if "api_key" in values:
        values["api_key"] = SecretStr(_plain(values["api_key"]))
    return CredentialLookup(
        profile=name,
        profile_source=name_source,
        credentials_file=store_path,
        profile_in_file=row is not None,
        sources=sources,
        missing=tuple(key for key in REQUIRED_FIELDS if key not in values),
        warnings=tuple(warnings),
        stored_profiles=tuple(sorted(data.get("profiles", {}))),
        _values=values,
    )


def resolve_credentials(
    *,
    profile: str | None = None,
    api_key: str | SecretStr | None = None,
    business_id: str | None = None,
    user_id: str | None = None,
    base_url: str | None = None,
    environ: Mapping[str, str] | None = None,
    paths: Paths | None = None,
) -> Credentials:
    """Find and validate the credentials to use (see :func:`find_credentials`).

    Raises:
        MissingCredentials: Something required is missing; the message lists where to set it.
        ConfigError: A value or the credentials file is invalid or unsafe.
    """
    return find_credentials(
        profile=profile,
        api_key=api_key,
        business_id=business_id,
        user_id=user_id,
        base_url=base_url,
        environ=environ,
        paths=paths,
    ).credentials()


def _select_profile(
    arg: str | None, env: Mapping[str, str], data: dict[str, Any], store_path: Path
) -> tuple[str, ValueSource]:
    candidates = [
        (arg, ValueSource(SourceKind.ARGUMENT, FLAGS["profile"])),
        (env.get(ENV_VARS["profile"]), ValueSource(SourceKind.ENVIRONMENT, ENV_VARS["profile"])),
        (
            default_profile_name(data),
            ValueSource(SourceKind.FILE, f"default_profile in {store_path}"),
        ),
    ]
    for value, source in candidates:
        if value:
            try:
                return check_profile_name(value), source
            except ConfigError as error:
                raise ConfigError(f"{source}: {error}", path=error.path) from None
    return DEFAULT_PROFILE, ValueSource(SourceKind.DEFAULT, f"the default name {DEFAULT_PROFILE!r}")


def _first_value(
    key: str,
    arg: Any,
    env: Mapping[str, str],
    row: dict[str, Any] | None,
    profile: str,
    store_path: Path,
) -> tuple[Any, ValueSource] | None:
    """The first non-empty value for ``key`` in precedence order, with its source."""
    if _plain(arg):
        return arg, ValueSource(SourceKind.ARGUMENT, FLAGS[key])
    if env.get(ENV_VARS[key], "").strip():
        return env[ENV_VARS[key]], ValueSource(SourceKind.ENVIRONMENT, ENV_VARS[key])
    if row is not None and str(row.get(key) or "").strip():
        return row[key], ValueSource(SourceKind.FILE, f"[profiles.{profile}] in {store_path}")
    if key == "base_url":
        return DEFAULT_BASE_URL, ValueSource(SourceKind.DEFAULT, "the default")
    return None


def _plain(value: Any) -> str:
    """The text of a value that may be a SecretStr, stripped ('' for None)."""
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    return value.strip() if isinstance(value, str) else ""


def _redact(message: str, key: SecretStr) -> str:
    secret = key.get_secret_value().strip()
    return message.replace(secret, "**********") if secret else message
