"""Journaling headless writes like the TUI does, so `u` / the journal screen can undo them.

Entries are built by `kizen_tui.domain.journal` and appended by `kizen_tui.ui.journal_store`
(the same file the TUI uses). Both are imported lazily and guarded: in a build without them,
writes are simply not journaled. A journal that cannot be written never fails a write that
already happened; it is reported as a warning.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kizen_tui.api.models import Record
    from kizen_tui.domain.drafts import RecordDraft
    from kizen_tui.headless.runtime import Runtime
    from kizen_tui.schema import ObjectSchema
    from kizen_tui.session import Connection

#: The HTTP method of each journaled action (to find the write's request id).
METHODS = {"patch": "PATCH", "put": "PUT", "add": "POST", "upsert": "POST", "archive": "DELETE",
           "unarchive": "PATCH"}


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
                 before: Record | None = None, result: str | None = None,
                 record_id: str = "") -> None:
    """Append one entry for a successful write (nothing when the journal is unavailable).

    Args:
        record: the record the write returned (or read before an archive).
        draft: the draft the body was built from (patch, add).
        before: for upsert, the record as read just before the write (None: did not exist).
        result: created / updated / unarchived for add and upsert.
    """
    modules = _modules()
    if modules is None:
        return
    domain, store = modules
    try:
        changes = _changes(domain, schema, action, record, draft, before)
        rid = (record.id if record is not None else "") or record_id
        path_part = {"add": "/add", "upsert": "/upsert"}.get(action, rid)
        request_id = store.request_id_for(connection.client.recent_requests, METHODS[action],
                                          path_part)
        entry = domain.new_entry(profile=connection.profile, object=schema.object.name,
                                 record=record, record_id=record_id, action=action,
                                 result=result, changes=changes, request_id=request_id)
        store.JournalStore(runtime.paths.journal_file).append(entry)
    except (OSError, ValueError, TypeError, AttributeError, KeyError) as error:
        runtime.warn(f"the write succeeded but could not be journaled: {error}")


def _changes(domain: ModuleType, schema: ObjectSchema, action: str, record: Record | None,
             draft: RecordDraft | None, before: Record | None) -> Sequence[Any]:
    if draft is None:
        return ()
    if action == "upsert":  # may have updated: compare with the record read before
        return list(domain.changes_between(schema.fields, draft.sent_order, before, record))
    return list(domain.changes_from_draft(draft, record))


async def read_before_upsert(connection: Connection, object_name: str, lookup: str
                             ) -> Record | None:
    """The record an upsert will update, for the journal (None: none, or no journal)."""
    from kizen_tui.api.errors import KizenError

    if not available():
        return None
    try:
        return await connection.client.lookup_record(object_name, lookup, all_fields=True)
    except KizenError:
        return None
