"""The credentials store shared with the official Kizen CLI.

The file is ``credentials.toml`` (see :mod:`kizen_tui.config.paths`)::

    default_profile = "work"          # optional; "default" when absent

    [profiles.work]
    api_key = "..."
    business_id = "<uuid>"
    user_id = "<uuid>"
    base_url = "https://app.go.kizen.com"

It holds API keys, so a file that group or others can read or write is refused, and every
write keeps it 0600 inside a 0700 directory. Writes are read-modify-write and keep the other
profiles and any keys we do not know about (comments are lost: the TOML writer cannot keep them).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kizen_tui.config._toml import load_toml, write_toml
from kizen_tui.config.credentials import DEFAULT_PROFILE, Credentials, check_profile_name
from kizen_tui.config.errors import ConfigError, InsecureFileError
from kizen_tui.config.paths import Paths
from kizen_tui.files import ensure_private_dir, group_or_other_access

CREDENTIAL_KEYS = ("api_key", "business_id", "user_id", "base_url")
"""The keys of a ``[profiles.<name>]`` table that kizen-tui reads and writes."""


@dataclass(frozen=True)
class StoredProfile:
    """One profile of the store as listed to the user (never with its key)."""

    name: str
    business_id: str | None
    user_id: str | None
    base_url: str | None
    has_api_key: bool
    is_default: bool


def check_private(path: Path) -> None:
    """Refuse a secrets file that group or others may read or write, saying how to fix it.

    POSIX only: Windows reports synthetic mode bits that say nothing about who can read a file.
    """
    if os.name != "posix":
        return
    try:
        loose = group_or_other_access(path)
    except OSError as error:
        raise ConfigError(f"Cannot read {path}: {error.strerror}.", path=path) from None
    if loose:
        raise InsecureFileError(
            f"Refusing to use {path}: it holds API keys and can be read or written by "
            f"group or others (mode {oct(path.stat().st_mode & 0o777)}). "
            f"Fix it with: chmod 600 {path}",
            path=path,
        )


def read_store(path: Path) -> dict[str, Any]:
    """Read and check the credentials file; an absent file is an empty store.

    Raises:
        InsecureFileError: The file's permissions are too open.
        ConfigError: The file is not valid TOML or not shaped like a credentials store.
    """
    if not path.exists():
        return {}
    if not path.is_file():  # before the mode check, whose "chmod 600" advice would mislead
        raise ConfigError(f"{path} is not a regular file; it must be a TOML file.", path=path)
    check_private(path)
    data = load_toml(path)
    _check_shape(path, data)
    return data


def profile_table(data: dict[str, Any], name: str) -> dict[str, Any] | None:
    """The ``[profiles.<name>]`` table of a store read by :func:`read_store`, if present."""
    table = data.get("profiles", {}).get(name)
    return table if isinstance(table, dict) else None


def default_profile_name(data: dict[str, Any]) -> str | None:
    """The store's ``default_profile``, if set."""
    value = data.get("default_profile")
    return value or None


def list_profiles(*, paths: Paths | None = None) -> list[StoredProfile]:
    """All profiles in the store, sorted by name (keys are never returned)."""
    data = read_store(_credentials_file(paths))
    default = default_profile_name(data) or DEFAULT_PROFILE
    return [
        StoredProfile(
            name=name,
            business_id=row.get("business_id"),
            user_id=row.get("user_id"),
            base_url=row.get("base_url"),
            has_api_key=bool(row.get("api_key")),
            is_default=name == default,
        )
        for name, row in sorted(data.get("profiles", {}).items())
    ]


def save_profile(name: str, creds: Credentials, *, paths: Paths | None = None) -> Path:
    """Add or replace profile ``name`` in the store, keeping everything else in the file.

    Unknown keys inside the profile's own table are kept too.

    Returns:
        The credentials file written.
    """
    check_profile_name(name)
    path = _credentials_file(paths)
    data = read_store(path)
    row = data.setdefault("profiles", {}).setdefault(name, {})
    row.update(
        api_key=creds.api_key.get_secret_value(),
        business_id=creds.business_id,
        user_id=creds.user_id,
        base_url=creds.base_url,
    )
    return _write_store(path, data)


def remove_profile(name: str, *, paths: Paths | None = None) -> bool:
    """Delete profile ``name``; returns False if there was no such profile.

    If ``default_profile`` named it, that key is removed as well, so the store does not point
    at a profile that no longer exists.
    """
    path = _credentials_file(paths)
    data = read_store(path)
    if name not in data.get("profiles", {}):
        return False
    del data["profiles"][name]
    if data.get("default_profile") == name:
        del data["default_profile"]
    _write_store(path, data)
    return True


def set_default_profile(name: str, *, paths: Paths | None = None) -> Path:
    """Make ``name`` (which must exist) the store's ``default_profile``."""
    path = _credentials_file(paths)
    data = read_store(path)
    if name not in data.get("profiles", {}):
        raise ConfigError(f"No profile named {name!r} in {path}.", path=path)
    data["default_profile"] = name
    return _write_store(path, data)


def _credentials_file(paths: Paths | None) -> Path:
    return (paths or Paths.from_env()).credentials_file


def _write_store(path: Path, data: dict[str, Any]) -> Path:
    ensure_private_dir(path.parent)
    return write_toml(path, data)


def _check_shape(path: Path, data: dict[str, Any]) -> None:
    """Reject a store whose structure we would misread, naming the offending key."""
    default = data.get("default_profile")
    if default is not None and not isinstance(default, str):
        raise ConfigError(f"{path}: default_profile must be a string.", path=path)
    profiles = data.get("profiles", {})
    if not isinstance(profiles, dict):
        raise ConfigError(f"{path}: 'profiles' must be a table ([profiles.<name>]).", path=path)
    for name, row in profiles.items():
        if not isinstance(row, dict):
            raise ConfigError(f"{path}: [profiles.{name}] must be a table.", path=path)
        for key in CREDENTIAL_KEYS:
            if key in row and not isinstance(row[key], str):
                raise ConfigError(
                    f"{path}: [profiles.{name}] {key} must be a string (in quotes).", path=path
                )
