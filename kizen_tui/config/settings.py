"""kizen-tui's own settings: ``settings.toml`` in the config directory, meant to be hand-edited.

::

    theme = "textual-dark"
    page_size = 100
    detail_pane = true

    [profiles.prod]
    read_only = true
    production = true
    recent_objects = ["contacts", "deals"]
    record_url_template = "{base_url}/custom-objects/{object_id}/details/{record_id}"

    [profiles.prod.columns]
    contacts = ["first_name", "last_name", "email"]

A broken settings file never stops the app: a file that is not TOML is renamed to
``settings.toml.corrupt-<timestamp>`` and defaults are used; a file with invalid values keeps
every valid value (an invalid ``read_only``/``production`` becomes true, failing safe), is set
aside the same way, and the repaired settings are written back. Either way the problem is
returned as a warning. Keys we do not know are kept on a round trip; values equal to the
defaults are not written.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any, Generic, NamedTuple, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kizen_tui.config._toml import load_toml, write_toml
from kizen_tui.config.errors import ConfigError
from kizen_tui.config.paths import Paths
from kizen_tui.files import ensure_private_dir, set_aside_corrupt

T = TypeVar("T")

RECENT_OBJECTS_LIMIT = 20
"""How many recently opened objects are remembered per profile."""
PAGE_SIZE_MIN = 25
PAGE_SIZE_MAX = 1000
"""The Kizen API's maximum page size."""
URL_PLACEHOLDERS = frozenset({"base_url", "object_id", "object_name", "record_id"})
"""The names ``record_url_template`` may use."""

_HEADER = (
    "# kizen-tui settings. Edit freely; keys kizen-tui does not know are kept.\n"
    "# Per-profile options live under [profiles.<name>]: read_only, production,\n"
    "# recent_objects, record_url_template and [profiles.<name>.columns].\n\n"
)
_MAX_REPAIRS = 10
_FAIL_SAFE_FLAGS = frozenset({"read_only", "production"})


class Loaded(NamedTuple, Generic[T]):
    """A loaded value plus the problems met while loading it (to show the user)."""

    value: T
    warnings: list[str]


class ProfileSettings(BaseModel):
    """Options that belong to one credentials profile."""

    model_config = ConfigDict(extra="allow", validate_assignment=True)

    read_only: bool = False
    """Refuse every write for this profile."""
    production: bool = False
    """Show a production badge and ask for stronger confirmation."""
    recent_objects: list[str] = Field(default_factory=list)
    """Object api names opened recently, most recent first, at most 20."""
    record_url_template: str | None = None
    """Web-app link to a record; may use {base_url} {object_id} {object_name} {record_id}."""
    columns: dict[str, list[str]] = Field(default_factory=dict)
    """Chosen columns per object: object api name -> field api names, in order."""

    @field_validator("recent_objects")
    @classmethod
    def _dedupe_and_cap(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))[:RECENT_OBJECTS_LIMIT]

    @field_validator("record_url_template")
    @classmethod
    def _known_placeholders(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(value) if name}
        except ValueError as error:
            raise ValueError(f"not a valid template ({error})") from None
        unknown = names - URL_PLACEHOLDERS
        if unknown:
            raise ValueError(
                f"unknown placeholder(s) {', '.join(sorted(unknown))}; "
                f"use {', '.join(sorted(URL_PLACEHOLDERS))}"
            )
        return value

    def remember_object(self, name: str) -> None:
        """Move ``name`` to the front of the recent objects (capped at 20)."""
        self.recent_objects = [name, *(item for item in self.recent_objects if item != name)]

    def record_url(self, **values: str) -> str | None:
        """The web URL of a record from the template, or None if no template is set.

        Args:
            **values: ``base_url``, ``object_id``, ``object_name``, ``record_id``; placeholders
                without a value are left empty.
        """
        if self.record_url_template is None:
            return None
        known = {name: values.get(name, "") for name in URL_PLACEHOLDERS}
        return self.record_url_template.format(**known)


class Settings(BaseModel):
    """Everything in ``settings.toml``."""

    model_config = ConfigDict(extra="allow", validate_assignment=True)

    theme: str = "textual-dark"
    """Textual theme name."""
    page_size: int = Field(default=100, ge=PAGE_SIZE_MIN, le=PAGE_SIZE_MAX)
    """Records fetched per page (25 to 1000)."""
    detail_pane: bool = True
    """Show the detail pane beside the grid."""
    profiles: dict[str, ProfileSettings] = Field(default_factory=dict)
    """Per-profile options, by profile name."""

    def for_profile(self, name: str) -> ProfileSettings:
        """The options of profile ``name``, created (with defaults) if it has none yet."""
        if name not in self.profiles:
            self.profiles[name] = ProfileSettings()
        return self.profiles[name]


def load_settings(paths: Paths | None = None, *, strict: bool = False) -> Loaded[Settings]:
    """Read ``settings.toml``; never fails unless ``strict``.

    Args:
        paths: Where to look (default :meth:`Paths.from_env`).
        strict: Raise instead of repairing (for a "check my config" command).

    Returns:
        The settings and a list of warnings (empty when the file was fine or absent).

    Raises:
        ConfigError: Only when ``strict`` and the file is corrupt or invalid.
    """
    path = (paths or Paths.from_env()).settings_file
    if not path.exists():
        return Loaded(Settings(), [])
    try:
        data = load_toml(path)
    except ConfigError as error:
        if strict:
            raise
        return Loaded(Settings(), [_set_aside(path, str(error), "defaults are used")])
    try:
        return Loaded(Settings.model_validate(data), [])
    except ValidationError as error:
        if strict:
            raise ConfigError(_describe(path, error), path=path) from None
    return _repair(path, data)


def save_settings(settings: Settings, paths: Paths | None = None) -> Path:
    """Write ``settings.toml`` atomically (0600 in a 0700 directory); returns its path."""
    return _write(settings, (paths or Paths.from_env()).settings_file)


def _write(settings: Settings, path: Path) -> Path:
    ensure_private_dir(path.parent)
    # Only what differs from the defaults is written: the file stays short and readable, and
    # users pick up improved defaults.
    data = settings.model_dump(mode="python", exclude_none=True, exclude_defaults=True)
    return write_toml(path, data, _HEADER)


def _repair(path: Path, data: dict[str, Any]) -> Loaded[Settings]:
    """Drop invalid values until the rest validates; set the original aside and save the rest."""
    problems: list[str] = []
    settings = Settings()
    for _ in range(_MAX_REPAIRS):
        try:
            settings = Settings.model_validate(data)
            break
        except ValidationError as error:
            problems.extend(_error_lines(error))
            for item in error.errors():
                _repair_value(data, item["loc"])
    summary = "; ".join(problems)
    warning = _set_aside(
        path,
        f"{path}: invalid values replaced by defaults (read_only/production by true): {summary}",
        "valid values kept",
    )
    try:
        _write(settings, path)
    except OSError as error:
        warning += f" (could not write the repaired file: {error.strerror})"
    return Loaded(settings, [warning])


def _set_aside(path: Path, problem: str, outcome: str) -> str:
    try:
        moved = set_aside_corrupt(path)
    except OSError as error:
        return f"{problem} ({outcome}; could not rename the file: {error.strerror})."
    return f"{problem} ({outcome}; the original file was moved to {moved})."


def _repair_value(data: Any, loc: tuple[int | str, ...]) -> None:
    """Delete the invalid value at ``loc`` (so the default applies), failing safe for flags.

    Inside a list the whole list goes. An unreadable ``read_only`` or ``production`` becomes
    true: the user meant to say something about a profile, and guessing "writable" or "not
    production" would be the dangerous guess.
    """
    keys: list[str] = []
    for part in loc:
        if isinstance(part, int):
            break
        keys.append(part)
    node = data
    for key in keys[:-1]:
        node = node.get(key) if isinstance(node, dict) else None
    if not keys or not isinstance(node, dict):
        return
    if len(keys) == 3 and keys[0] == "profiles" and keys[2] in _FAIL_SAFE_FLAGS:
        node[keys[2]] = True
    else:
        node.pop(keys[-1], None)


def _error_lines(error: ValidationError) -> list[str]:
    lines = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "(top level)"
        value = item.get("input")
        shown = f" (got {value!r})" if isinstance(value, str | int | float | bool) else ""
        lines.append(f"{where}: {item['msg']}{shown}")
    return lines


def _describe(path: Path, error: ValidationError) -> str:
    return f"{path}: invalid settings: " + "; ".join(_error_lines(error))
