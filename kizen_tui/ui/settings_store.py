"""The UI's view of kizen-tui's settings: read once, written back on each change.

Writing is best-effort: a read-only home directory must not stop anyone browsing, so a failed
save is reported once as a notification by the app, never raised into a widget.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from kizen_tui.config import Paths, Settings, load_settings, save_settings


@dataclass
class SettingsStore:
    """Settings plus where (and whether) to persist them."""

    settings: Settings
    paths: Paths | None = None
    warnings: list[str] = field(default_factory=list)
    """Problems met loading the file (shown once at start-up)."""
    on_error: Callable[[str], None] | None = None
    """Called with a message when saving fails."""

    @classmethod
    def load(cls, paths: Paths | None = None) -> SettingsStore:
        """Read settings.toml (repairing it if needed)."""
        loaded = load_settings(paths)
        return cls(loaded.value, paths or Paths.from_env(), list(loaded.warnings))

    @classmethod
    def in_memory(cls, settings: Settings | None = None) -> SettingsStore:
        """Settings that are never written (tests, the demo without a home)."""
        return cls(settings or Settings(), None)

    def save(self) -> None:
        """Write the settings file, if this store has one."""
        if self.paths is None:
            return
        try:
            save_settings(self.settings, self.paths)
        except OSError as error:
            if self.on_error is not None:
                self.on_error(f"Could not save settings: {error.strerror or error}")

    @property
    def theme(self) -> str:
        """The Textual theme to use."""
        return self.settings.theme

    def set_theme(self, name: str) -> None:
        """Remember the theme."""
        if name != self.settings.theme:
            self.settings.theme = name
            self.save()

    @property
    def page_size(self) -> int:
        """Rows per page."""
        return self.settings.page_size

    def set_page_size(self, rows: int) -> None:
        """Remember the rows per page (PAGE_SIZE_MIN..PAGE_SIZE_MAX, else ValueError)."""
        from kizen_tui.config import PAGE_SIZE_MAX, PAGE_SIZE_MIN

        if not PAGE_SIZE_MIN <= rows <= PAGE_SIZE_MAX:
            raise ValueError(f"rows per page must be {PAGE_SIZE_MIN} to {PAGE_SIZE_MAX}")
        if rows != self.settings.page_size:
            self.settings.page_size = rows
            self.save()

    @property
    def detail_pane(self) -> bool:
        """Whether the detail pane starts visible."""
        return self.settings.detail_pane

    def recent_objects(self, profile: str) -> list[str]:
        """Recently opened objects of a profile, most recent first."""
        return list(self.settings.for_profile(profile).recent_objects)

    def last_object(self, profile: str) -> str | None:
        """The object opened last with this profile."""
        recent = self.recent_objects(profile)
        return recent[0] if recent else None

    def remember_object(self, profile: str, name: str) -> None:
        """Put an object first in the recent list."""
        options = self.settings.for_profile(profile)
        if options.recent_objects[:1] != [name]:
            options.remember_object(name)
            self.save()

    def columns(self, profile: str, object_name: str) -> list[str] | None:
        """The columns chosen for an object, or None for the defaults."""
        return self.settings.for_profile(profile).columns.get(object_name)

    def set_columns(self, profile: str, object_name: str, names: list[str]) -> None:
        """Remember the columns of an object."""
        options = self.settings.for_profile(profile)
        options.columns = {**options.columns, object_name: list(names)}
        self.save()

    def hint_seen(self, profile: str, hint: str) -> bool:
        """Whether a one-time hint was shown already for this profile."""
        return hint in _seen_hints(self.settings, profile)

    def mark_hint_seen(self, profile: str, hint: str) -> None:
        """Remember that a one-time hint was shown (`seen_hints` in the profile's table)."""
        seen = _seen_hints(self.settings, profile)
        if hint not in seen:
            # ProfileSettings allows extra keys, which are kept on a round trip of the file.
            options = self.settings.for_profile(profile)
            options.seen_hints = [*seen, hint]  # type: ignore[attr-defined]
            self.save()


def _seen_hints(settings: Settings, profile: str) -> list[str]:
    value = getattr(settings.for_profile(profile), "seen_hints", None)
    return [str(v) for v in value] if isinstance(value, list) else []
