"""The ``Credentials`` model and the rules every credential value must pass.

The checks live in plain functions that raise :class:`ConfigError` with a readable message, so
resolution can say where a bad value came from. The model calls the same functions, so a
``Credentials`` object is always valid however it was built.
"""

from __future__ import annotations

import ipaddress
import re
import uuid
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, SecretStr, ValidationError, field_validator

from kizen_tui.config.errors import ConfigError

DEFAULT_BASE_URL = "https://app.go.kizen.com"
"""Kizen's production host (the API lives under ``/api`` on it)."""

DEFAULT_PROFILE = "default"
"""The profile used when nothing selects one."""

# Header values must be visible ASCII; anything else would be rejected by the HTTP layer
# with an error that might quote the key.
_HEADER_SAFE = re.compile(r"[\x21-\x7e]+")


def check_profile_name(name: str) -> str:
    """Return ``name`` if it can name a profile: 1 to 64 printable characters, not padded.

    Kept loose because the official CLI may have written any TOML key; control and invisible
    characters are refused because the name is shown in the header and in messages.
    """
    if (
        not isinstance(name, str)
        or not 1 <= len(name) <= 64
        or not name.isprintable()
        or name != name.strip()
    ):
        raise ConfigError(
            f"Invalid profile name {name!r}: use 1 to 64 printable characters, "
            "without leading or trailing spaces."
        )
    return name


def check_api_key(value: str | SecretStr, where: str = "the API key") -> SecretStr:
    """Return the key, stripped of surrounding whitespace, as a ``SecretStr``.

    The message on failure describes the problem and never the key itself.
    """
    raw = value.get_secret_value() if isinstance(value, SecretStr) else value
    if not isinstance(raw, str):
        raise ConfigError(f"{where} must be text.")
    raw = raw.strip()
    if not raw:
        raise ConfigError(f"{where} is empty.")
    if not _HEADER_SAFE.fullmatch(raw):
        raise ConfigError(
            f"{where} contains spaces, control or non-ASCII characters; copy it again "
            "from Kizen (My Profile > API Connections)."
        )
    return SecretStr(raw)


def check_uuid(value: str, where: str) -> str:
    """Return ``value`` as a canonical lowercase UUID string, or raise naming ``where``."""
    text = value.strip() if isinstance(value, str) else value
    try:
        return str(uuid.UUID(str(text)))
    except ValueError:
        raise ConfigError(
            f"{where} must be a UUID like 3f2b8c1e-0d4a-4e5b-9c6d-7e8f9a0b1c2d, got {text!r}."
        ) from None


def normalize_base_url(value: str, where: str = "the base URL") -> str:
    """Validate a Kizen base URL and return it without trailing slashes or ``/api``.

    https is required; plain http is accepted only for loopback hosts (127.0.0.0/8, ::1,
    localhost), which is where a local sandbox runs.
    """
    text = value.strip() if isinstance(value, str) else ""
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - parsing the port is what validates it
    except ValueError as error:
        raise ConfigError(f"{where} is not a valid URL ({error}): {text!r}.") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not host:
        raise ConfigError(f"{where} must be a full URL such as {DEFAULT_BASE_URL}, got {text!r}.")
    if parts.username is not None or parts.password is not None:
        raise ConfigError(f"{where} must not contain a user name or password.")
    if parts.query or parts.fragment:
        raise ConfigError(f"{where} must not contain a query or fragment, got {text!r}.")
    if scheme == "http" and not is_loopback_host(host):
        raise ConfigError(
            f"{where} uses plain http, which would send the API key unencrypted; "
            f"use https (http is allowed only for localhost / 127.0.0.1 / ::1), got {text!r}."
        )
    path = parts.path.rstrip("/")
    if path.lower().endswith("/api"):
        path = path[: -len("/api")].rstrip("/")
    return urlunsplit((scheme, parts.netloc, path, "", ""))


def is_loopback_host(host: str) -> bool:
    """True for ``localhost`` and loopback IP addresses (127.0.0.0/8, ::1)."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Credentials(BaseModel):
    """What every API call needs: the three auth headers' values and the host.

    ``repr``/``str`` show the key as ``**********``. Build one with :meth:`create` to get a
    :class:`ConfigError` on bad input (plain construction raises pydantic's ``ValidationError``,
    with input values hidden).
    """

    model_config = ConfigDict(frozen=True, hide_input_in_errors=True)

    profile: str
    """The profile these came from (or would be saved as)."""
    api_key: SecretStr
    """Sent as ``X-API-KEY``; call ``get_secret_value()`` only to build the header."""
    business_id: str
    """Sent as ``X-BUSINESS-ID``; a UUID."""
    user_id: str
    """Sent as ``X-USER-ID``; a UUID."""
    base_url: str = DEFAULT_BASE_URL
    """The host, without ``/api`` and without a trailing slash."""

    @field_validator("profile")
    @classmethod
    def _profile(cls, value: str) -> str:
        return _as_value_error(check_profile_name, value)

    @field_validator("api_key", mode="before")
    @classmethod
    def _api_key(cls, value: Any) -> SecretStr:
        return _as_value_error(check_api_key, value)

    @field_validator("business_id", "user_id")
    @classmethod
    def _ids(cls, value: str) -> str:
        return _as_value_error(check_uuid, value, "the id")

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        return _as_value_error(normalize_base_url, value)

    @classmethod
    def create(
        cls,
        *,
        profile: str = DEFAULT_PROFILE,
        api_key: str | SecretStr,
        business_id: str,
        user_id: str,
        base_url: str = DEFAULT_BASE_URL,
    ) -> Credentials:
        """Build validated credentials, raising :class:`ConfigError` with a readable message."""
        key = check_api_key(api_key)
        try:
            return cls(
                profile=check_profile_name(profile),
                api_key=key,
                business_id=check_uuid(business_id, "business_id"),
                user_id=check_uuid(user_id, "user_id"),
                base_url=normalize_base_url(base_url, "base_url"),
            )
        except ValidationError as error:  # only reachable with wrong types
            raise ConfigError(f"Invalid credentials: {error.errors()[0]['msg']}") from None

    def auth_headers(self) -> dict[str, str]:
        """The three headers every Kizen API call carries (contains the real key)."""
        return {
            "X-API-KEY": self.api_key.get_secret_value(),
            "X-BUSINESS-ID": self.business_id,
            "X-USER-ID": self.user_id,
        }


def _as_value_error(check: Any, *args: Any) -> Any:
    """Run a check and turn its ConfigError into the ValueError pydantic validators expect."""
    try:
        return check(*args)
    except ConfigError as error:
        raise ValueError(str(error)) from None
