"""Autosaved edit drafts: one private JSON file per record being edited.

Nothing typed is lost (DESIGN.md "Security and safety"): the edit screen saves its draft here a
moment after each change and when it closes without saving; the next time the same record is
edited the draft is offered back. A successful save or an explicit discard removes the file.

Files are 0600 in a 0700 directory (they hold record data), written atomically, named by a hash
of profile, object and record id so no user text reaches a file name.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kizen_tui.config.paths import Paths
from kizen_tui.files import atomic_write_text, ensure_private_dir, set_aside_corrupt

#: The record id used for the draft of a record being created.
NEW_RECORD = "new"


@dataclass(frozen=True)
class SavedDraft:
    """A draft read back from disk."""

    profile: str
    object: str
    record_id: str
    record_label: str
    saved_at: str
    """ISO 8601 UTC."""
    draft: dict[str, Any]
    """`RecordDraft.to_dict()`."""

    @property
    def saved_text(self) -> str:
        """When it was saved, in local time ("2026-03-05 09:30")."""
        try:
            return datetime.fromisoformat(self.saved_at).astimezone().strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return self.saved_at


class DraftStore:
    """Reads and writes autosaved drafts in one directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        """Where the draft files live."""
        self.problems: list[str] = []
        """Drafts that could not be read (set aside as `*.corrupt-*`), for the user."""

    @classmethod
    def default(cls) -> DraftStore:
        """The store in the data directory (`Paths.from_env().drafts_dir`)."""
        return cls(Paths.from_env().drafts_dir)

    def path(self, profile: str, object: str, record_id: str) -> Path:
        """The file of one record's draft."""
        key = "\0".join((profile, object, record_id or NEW_RECORD)).encode("utf-8")
        return self.directory / f"{hashlib.sha256(key).hexdigest()[:32]}.json"

    def save(self, profile: str, object: str, record_id: str, record_label: str,
             draft: dict[str, Any]) -> Path:
        """Write (replace) a record's draft."""
        ensure_private_dir(self.directory)
        data = {"profile": profile, "object": object, "record_id": record_id or NEW_RECORD,
                "record_label": record_label, "saved_at": datetime.now(UTC).isoformat(),
                "draft": draft}
        text = json.dumps(data, ensure_ascii=False, indent=1, default=str)
        return atomic_write_text(self.path(profile, object, record_id), text)

    def load(self, profile: str, object: str, record_id: str) -> SavedDraft | None:
        """The saved draft of a record, or None (an unreadable file is set aside)."""
        path = self.path(profile, object, record_id)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or not isinstance(data.get("draft"), dict):
                raise ValueError("not a draft")
            return SavedDraft(profile=profile, object=object, record_id=record_id or NEW_RECORD,
                              record_label=str(data.get("record_label") or ""),
                              saved_at=str(data.get("saved_at") or ""), draft=data["draft"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            self._set_aside(path, error)
            return None

    def _set_aside(self, path: Path, error: Exception) -> None:
        with contextlib.suppress(OSError):
            moved = set_aside_corrupt(path)
            self.problems.append(f"An unreadable draft was set aside as {moved.name}: {error}")

    def discard(self, profile: str, object: str, record_id: str) -> None:
        """Remove a record's draft (after a save or an explicit discard)."""
        with contextlib.suppress(FileNotFoundError):
            self.path(profile, object, record_id).unlink()
