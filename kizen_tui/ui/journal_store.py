"""The write journal file: JSON lines appended after every successful write.

The rules of an entry (what it holds, how to revert it) are in `kizen_tui.domain.journal`; this
module only reads and appends the file (0600, one fsynced line per write). A line that cannot be
read is skipped and reported, never fatal: the rest of the journal stays usable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kizen_tui.api.base import RequestSummary
from kizen_tui.config.paths import Paths
from kizen_tui.domain.journal import JournalEntry, JournalFormatError, new_entry
from kizen_tui.files import append_private_line


@dataclass
class JournalRead:
    """The entries of the journal, oldest first, and the lines that were skipped."""

    entries: list[JournalEntry] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    """(line number, why) of each unreadable line."""

    @property
    def problem(self) -> str:
        """A sentence about the skipped lines ("" when there were none)."""
        if not self.skipped:
            return ""
        numbers = ", ".join(str(n) for n, _ in self.skipped[:5])
        more = "…" if len(self.skipped) > 5 else ""
        return (f"Skipped {len(self.skipped)} unreadable journal line"
                f"{'s' if len(self.skipped) != 1 else ''} (line {numbers}{more}): "
                f"{self.skipped[0][1]}")


class JournalStore:
    """Appends to and reads the journal file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        """The JSON-lines file."""

    @classmethod
    def default(cls) -> JournalStore:
        """The journal in the data directory (`Paths.from_env().journal_file`)."""
        return cls(Paths.from_env().journal_file)

    def append(self, entry: JournalEntry) -> None:
        """Add one entry at the end (one write, fsynced)."""
        append_private_line(self.path, entry.to_line())

    def read(self) -> JournalRead:
        """Every readable entry; unreadable lines are listed in `skipped`."""
        out = JournalRead()
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return out
        for number, line in enumerate(raw.decode("utf-8", errors="replace").splitlines(), 1):
            if not line.strip():
                continue
            try:
                out.entries.append(JournalEntry.from_line(line))
            except JournalFormatError as error:
                out.skipped.append((number, str(error)))
        return out


def request_id_for(requests: Sequence[RequestSummary], method: str, path_part: str
                   ) -> str | None:
    """The request id of the newest successful call with this method whose path contains
    `path_part` (the record id, or the object's add/upsert path)."""
    for summary in reversed(requests):
        if (summary.method == method and path_part in summary.path and summary.status
                and 200 <= summary.status < 300):
            return summary.request_id
    return None


def journal_write(app: Any, *, method: str, path_part: str, **entry: Any) -> JournalEntry | None:
    """Append an entry for a write that just succeeded through `app.client`.

    Args:
        app: the KizenApp (its profile and the client's request log are used).
        method: the HTTP method of the write, to find its request id.
        path_part: a part of the write's path (record id, "/add", "/upsert").
        **entry: the rest of `new_entry`'s arguments (object, record, action, changes...).

    Returns:
        The entry, or None when the journal could not be written (the user is told; the
        write itself succeeded, so this is not an error of the save).
    """
    request_id = request_id_for(app.client.recent_requests, method, path_part)
    record = new_entry(profile=app.profile, request_id=request_id, **entry)
    try:
        JournalStore.default().append(record)
    except (OSError, ValueError) as error:
        app.notify(f"The write succeeded but the journal could not be written: {error}",
                   severity="warning", markup=False)
        return None
    return record
