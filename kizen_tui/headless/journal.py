"""Journaling headless writes like the TUI does, when the journal is available.

The journal (`kizen_tui.domain.journal` + `kizen_tui.ui.journal_store`) is optional here: when
either module is missing, writes are simply not journaled. A journal that cannot be written
never fails a write that already happened; it is reported as a warning.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kizen_tui.api.models import Record
    from kizen_tui.domain.drafts import RecordDraft
    from kizen_tui.headless.runtime import Runtime
    from kizen_tui.session import Connection
    from kizen_tui.ui.schema import ObjectSchema


def _modules() -> tuple[ModuleType, ModuleType] | None:
    try:
        return (importlib.import_module("kizen_tui.domain.journal"),
                importlib.import_module("kizen_tui.ui.journal_store"))
    except ImportError:
        return None


def available() -> bool:
    """Whether writes are journaled in this build."""
    return _modules() is not None


def record_write(runtime: Runtime, connection: Connection, schema: ObjectSchema, action: str,
                 record: Record | None, *, draft: RecordDraft | None = None,
                 result: str | None = None, record_id: str = "") -> None:
    """Append one entry for a successful write (nothing when the journal is unavailable)."""
    modules = _modules()
    if modules is None:
        return
    domain, store = modules
    try:
        changes: Any = domain.changes_from_draft(draft, record) if draft is not None else ()
        entry = domain.new_entry(profile=connection.profile, object=schema.object.name,
                                 record=record, record_id=record_id, action=action,
                                 result=result, changes=changes,
                                 request_id=_request_id(connection))
        _append(store, runtime, entry)
    except (OSError, ValueError, TypeError, AttributeError) as error:
        runtime.warn(f"the write succeeded but could not be journaled: {error}")


def _request_id(connection: Connection) -> str | None:
    recent = connection.client.recent_requests
    return recent[-1].request_id if recent else None


def _append(store: ModuleType, runtime: Runtime, entry: Any) -> None:
    """Append through the store's API (resolved by name: the store is optional)."""
    append = getattr(store, "append_entry", None)
    if append is not None:
        append(entry, paths=runtime.paths)
        return
    store_class = store.JournalStore
    store_class(runtime.paths.journal_file).append(entry)
