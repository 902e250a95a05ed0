"""Record actions shared by the browse and record screens (edit, create, archive, ...).

`BrowseScreen` and `RecordScreen` inherit from `RecordActions`; the actions live here (with
their BINDINGS, which Textual merges along the class hierarchy) and reach the screen only
through the four hooks below, so the screens do not need to know how editing works.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from kizen_tui.api.models import Record
from kizen_tui.ui.schema import ObjectSchema


class RecordActions(Screen[Any]):
    """Base screen for screens that show a current record of an object."""

    def current_record(self) -> Record | None:
        """The record the actions apply to (the highlighted or shown one)."""
        raise NotImplementedError

    def current_schema(self) -> ObjectSchema | None:
        """The object (and its fields) of the current record."""
        raise NotImplementedError

    def record_changed(self, record: Record) -> None:
        """A write returned this record: show it without refetching."""
        raise NotImplementedError

    def record_removed(self, record_id: str) -> None:
        """The record was archived: drop it from what is shown."""
        raise NotImplementedError
