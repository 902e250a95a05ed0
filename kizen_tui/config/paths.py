"""Every path kizen-tui uses, computed in one place.

kizen-tui's own files follow the platform's conventions through platformdirs. The credentials
file is the one the official Kizen CLI already uses, ``$XDG_CONFIG_HOME/kizen/credentials.toml``
(``~/.config/kizen/credentials.toml`` when the variable is unset), on every platform, because
that is where that tool looks. Each directory can be moved with an environment variable, which
is also how the tests keep away from the real home directory.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "kizen-tui"

CONFIG_DIR_ENV = "KIZEN_TUI_CONFIG_DIR"
"""Overrides the directory of settings.toml and views/."""
DATA_DIR_ENV = "KIZEN_TUI_DATA_DIR"
"""Overrides the directory of drafts and the write journal."""
CACHE_DIR_ENV = "KIZEN_TUI_CACHE_DIR"
"""Overrides the cache directory (object and field definitions)."""
LOG_DIR_ENV = "KIZEN_TUI_LOG_DIR"
"""Overrides the log directory."""


def official_cli_credentials_path(environ: Mapping[str, str] | None = None) -> Path:
    """Where the official Kizen CLI keeps its credentials (same rule as that tool)."""
    env = os.environ if environ is None else environ
    xdg = env.get("XDG_CONFIG_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".config"
    return base / "kizen" / "credentials.toml"


@dataclass(frozen=True)
class Paths:
    """The directories and files kizen-tui reads and writes.

    Build it with :meth:`from_env` for real use; tests may pass every path directly.
    """

    config_dir: Path
    """settings.toml and the saved views live here."""
    data_dir: Path
    """Drafts and the write journal live here."""
    cache_dir: Path
    """Disposable caches."""
    log_dir: Path
    """Log files."""
    credentials_file: Path
    """The credentials store shared with the official Kizen CLI."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Path) -> Paths:
        """Compute the paths from platformdirs, honouring the ``KIZEN_TUI_*_DIR`` variables.

        Args:
            environ: The environment to read (default ``os.environ``). platformdirs itself
                still reads ``os.environ`` for the ``XDG_*`` defaults.
            **overrides: Explicit paths by field name (``config_dir=...``), which win over both.
        """
        env = os.environ if environ is None else environ

        def pick(var: str, default: Path) -> Path:
            value = env.get(var)
            return Path(value).expanduser() if value else default

        values = {
            "config_dir": pick(CONFIG_DIR_ENV, platformdirs.user_config_path(APP_NAME)),
            "data_dir": pick(DATA_DIR_ENV, platformdirs.user_data_path(APP_NAME)),
            "cache_dir": pick(CACHE_DIR_ENV, platformdirs.user_cache_path(APP_NAME)),
            "log_dir": pick(LOG_DIR_ENV, platformdirs.user_log_path(APP_NAME)),
            "credentials_file": official_cli_credentials_path(env),
        }
        unknown = set(overrides) - set(values)
        if unknown:
            raise TypeError(f"unknown path override(s): {', '.join(sorted(unknown))}")
        values.update({name: Path(value) for name, value in overrides.items()})
        return cls(**values)

    @property
    def settings_file(self) -> Path:
        """kizen-tui's own settings (theme, page size, per-profile options)."""
        return self.config_dir / "settings.toml"

    @property
    def views_dir(self) -> Path:
        """One human-editable JSON file per saved view."""
        return self.config_dir / "views"

    @property
    def drafts_dir(self) -> Path:
        """Autosaved edit drafts, so nothing typed is lost."""
        return self.data_dir / "drafts"

    @property
    def journal_file(self) -> Path:
        """The JSON-lines journal of writes (before/after), used for undo."""
        return self.data_dir / "journal.jsonl"

    def locate(self) -> dict[str, Path]:
        """Every path kizen-tui uses, by a human-readable label (for ``kizen-tui locate``)."""
        return {
            "credentials": self.credentials_file,
            "config dir": self.config_dir,
            "settings": self.settings_file,
            "saved views": self.views_dir,
            "data dir": self.data_dir,
            "drafts": self.drafts_dir,
            "journal": self.journal_file,
            "log dir": self.log_dir,
            "cache dir": self.cache_dir,
        }


def locate(paths: Paths | None = None) -> dict[str, Path]:
    """Every path kizen-tui uses, by label; see :meth:`Paths.locate`."""
    return (paths or Paths.from_env()).locate()
