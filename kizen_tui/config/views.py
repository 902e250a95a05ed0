"""Saved views: one human-editable JSON file per view in ``<config dir>/views/``.

A view is what a user set up on the records grid, under a name::

    {
      "name": "Open deals over 10k",
      "object": "deals",
      "filter": {"all": [{"field": "entity_value", "op": ">", "value": 10000}]},
      "search": "",
      "columns": ["name", "entity_value", "stage"],
      "ordering": "-updated",
      "page_size": 100
    }

The ``name`` inside the file is what identifies a view (case-insensitively); file names are
derived from it but users may rename files freely. A file that cannot be read is reported and
skipped, never deleted.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationError, field_validator

from kizen_tui.config.errors import ConfigError
from kizen_tui.config.paths import Paths
from kizen_tui.config.settings import PAGE_SIZE_MAX, PAGE_SIZE_MIN, Loaded
from kizen_tui.files import atomic_write_text, ensure_private_dir

EXPORT_MODE = 0o644
"""Exported views are meant to be shared, so they are world-readable like any document."""


class SavedView(BaseModel):
    """A named grid setup: object, filter, text search, columns, ordering and page size."""

    model_config = ConfigDict(extra="allow")

    name: str = Field(min_length=1, max_length=100)
    """Unique (case-insensitively) among saved views."""
    object: str = Field(min_length=1)
    """The object's api name (or id)."""
    filter: JsonValue = None
    """A filter spec as the official CLI writes it (``{"all": [...]}``), or None."""
    search: str = ""
    """Text search."""
    columns: list[str] = Field(default_factory=list)
    """Field api names shown, in order (empty: the profile's or default columns)."""
    ordering: str | None = None
    """Sort field api name, ``-`` prefix for descending."""
    page_size: int | None = Field(default=None, ge=PAGE_SIZE_MIN, le=PAGE_SIZE_MAX)
    """Records per page (None: the global setting)."""
    profile: str | None = None
    """Only offer the view for this profile (None: every profile)."""

    @field_validator("name")
    @classmethod
    def _printable_name(cls, value: str) -> str:
        value = value.strip()
        if not value or not value.isprintable():
            raise ValueError("a view name must be printable text")
        return value

    def to_json(self) -> str:
        """The view as pretty JSON, as stored on disk."""
        data = self.model_dump(mode="json", exclude_none=True)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def list_views(
    *, object: str | None = None, profile: str | None = None, paths: Paths | None = None
) -> Loaded[list[SavedView]]:
    """All readable saved views sorted by name, optionally only those for an object/profile.

    Unreadable files are skipped and reported in the warnings.
    """
    found, warnings = _scan(paths)
    views = [
        view
        for _, view in found
        if (object is None or view.object == object)
        and (profile is None or view.profile in (None, profile))
    ]
    return Loaded(sorted(views, key=lambda view: view.name.casefold()), warnings)


def get_view(name: str, *, paths: Paths | None = None) -> SavedView:
    """The saved view called ``name`` (case-insensitive); ConfigError if there is none."""
    return _find(name, paths)[1]


def save_view(view: SavedView, *, overwrite: bool = False, paths: Paths | None = None) -> Path:
    """Store ``view``; replacing a view of the same name needs ``overwrite=True``.

    Returns:
        The file written.
    """
    existing = _lookup(view.name, paths)
    if existing is not None and not overwrite:
        raise ConfigError(f"A saved view named {existing[1].name!r} already exists.")
    target = existing[0] if existing else _free_file(view.name, paths)
    ensure_private_dir(target.parent)
    return atomic_write_text(target, view.to_json())


def rename_view(old: str, new: str, *, paths: Paths | None = None) -> SavedView:
    """Rename a saved view (its file is renamed to match); returns the renamed view."""
    path, view = _find(old, paths)
    clash = _lookup(new, paths)
    if clash is not None and clash[0] != path:
        raise ConfigError(f"A saved view named {clash[1].name!r} already exists.")
    renamed = _with_name(view, new)
    target = _free_file(new, paths, ignore=path)
    ensure_private_dir(target.parent)
    atomic_write_text(target, renamed.to_json())
    if target != path:
        path.unlink()
    return renamed


def delete_view(name: str, *, paths: Paths | None = None) -> Path:
    """Delete a saved view; returns the file removed."""
    path, _ = _find(name, paths)
    path.unlink()
    return path


def export_view(
    name: str, destination: Path, *, overwrite: bool = False, paths: Paths | None = None
) -> Path:
    """Write a saved view to ``destination`` (a file, or a directory to put ``<name>.json`` in).

    Returns:
        The file written.
    """
    _, view = _find(name, paths)
    destination = Path(destination)
    if destination.is_dir():
        destination = destination / f"{_slug(view.name)}.json"
    if destination.exists() and not overwrite:
        raise ConfigError(f"{destination} already exists.", path=destination)
    return atomic_write_text(destination, view.to_json(), mode=EXPORT_MODE)


def import_view(
    source: Path,
    *,
    name: str | None = None,
    overwrite: bool = False,
    paths: Paths | None = None,
) -> SavedView:
    """Validate a view file (e.g. one exported elsewhere) and save it, optionally renamed."""
    view = read_view_file(Path(source))
    if name is not None:
        view = _with_name(view, name)
    save_view(view, overwrite=overwrite, paths=paths)
    return view


def read_view_file(path: Path) -> SavedView:
    """Parse one view file; ConfigError naming the file (and line) if it is not a valid view."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise ConfigError(f"Cannot read {path}: {reason}.", path=path) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ConfigError(
            f"{path}, line {error.lineno}, column {error.colno}: not valid JSON ({error.msg}).",
            path=path,
        ) from None
    return _validated(path, data)


def _with_name(view: SavedView, name: str) -> SavedView:
    try:
        return SavedView.model_validate({**view.model_dump(), "name": name})
    except ValidationError as error:
        raise ConfigError(f"Invalid view name {name!r}: {error.errors()[0]['msg']}.") from None


def _validated(path: Path, data: Any) -> SavedView:
    try:
        return SavedView.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in item['loc']) or '(top level)'}: {item['msg']}"
            for item in error.errors()
        )
        raise ConfigError(f"{path} is not a valid saved view: {problems}.", path=path) from None


def _views_dir(paths: Paths | None) -> Path:
    return (paths or Paths.from_env()).views_dir


def _scan(paths: Paths | None) -> tuple[list[tuple[Path, SavedView]], list[str]]:
    directory = _views_dir(paths)
    if not directory.is_dir():
        return [], []
    found: list[tuple[Path, SavedView]] = []
    warnings: list[str] = []
    for path in sorted(directory.glob("*.json")):
        try:
            found.append((path, read_view_file(path)))
        except ConfigError as error:
            warnings.append(f"{error} The file was skipped.")
    return found, warnings


def _lookup(name: str, paths: Paths | None) -> tuple[Path, SavedView] | None:
    wanted = name.strip().casefold()
    found, _ = _scan(paths)
    return next((item for item in found if item[1].name.casefold() == wanted), None)


def _find(name: str, paths: Paths | None) -> tuple[Path, SavedView]:
    item = _lookup(name, paths)
    if item is None:
        found, _ = _scan(paths)
        names = ", ".join(repr(view.name) for _, view in found) or "none"
        raise ConfigError(f"No saved view named {name!r} (saved views: {names}).")
    return item


def _free_file(name: str, paths: Paths | None, *, ignore: Path | None = None) -> Path:
    """A file name for a new view: its slug, with a counter if another file has it."""
    directory = _views_dir(paths)
    base = _slug(name)
    candidate = directory / f"{base}.json"
    counter = 2
    while candidate.exists() and candidate != ignore:
        candidate = directory / f"{base}-{counter}.json"
        counter += 1
    return candidate


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")
    return slug or "view"
