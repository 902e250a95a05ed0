"""Support bundle: one redacted JSON file to attach to a ticket ("customer says record X is odd").

    bundle = build_bundle(app_version=..., connection=SessionInfo(...), record=record,
                          fields=schema.fields, object_def=schema.object,
                          requests=client.recent_requests)
    path = write_bundle(bundle, Paths.from_env().data_dir)

What goes in: the app version, the profile name, business id and base URL (never credentials),
the record's JSON, its object and field definitions, its access flags (record and per field), and
the last requests with status, request id, attempts and timing (the client keeps no headers or
bodies). Every string then goes through `kizen_tui.logs.redact_text`, so registered secrets and
anything written as an API key are replaced by `***`, and screen-share masking is applied when
it is on.

The file is written atomically, 0600, in `<data dir>/support/` (0700), as ASCII JSON: record data
may hold escape sequences, and someone will `cat` the file in a terminal.
"""

from __future__ import annotations

import json
import platform
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kizen_tui.api import RequestSummary
from kizen_tui.api.models import FieldDef, ObjectDef, Record
from kizen_tui.domain.masking import MaskPolicy, mask_text
from kizen_tui.files import atomic_write_text, ensure_private_dir
from kizen_tui.logs import redact_text

SUPPORT_DIR = "support"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class SessionInfo:
    """What the bundle says about the connection (nothing secret)."""

    profile: str
    business_id: str
    base_url: str
    read_only: bool = False
    production: bool = False
    is_demo: bool = False


def _field_summary(field: FieldDef) -> dict[str, Any]:
    return field.model_dump(mode="json", exclude_none=True)


def _field_access(field: FieldDef) -> dict[str, Any]:
    flags = field.access.model_dump(mode="json") if field.access else {}
    return {**flags, "read_only": field.is_read_only, "hidden": field.is_hidden}


def _request_summary(summary: RequestSummary) -> dict[str, Any]:
    return asdict(summary)


def build_bundle(
    *,
    app_version: str,
    session: SessionInfo,
    record: Record | None,
    object_def: ObjectDef | None,
    fields: Iterable[FieldDef],
    requests: Iterable[RequestSummary],
    now: datetime | None = None,
    mask: MaskPolicy | None = None,
    notes: Iterable[str] = (),
) -> dict[str, Any]:
    """The bundle as a JSON-ready dict, already redacted (and masked when `mask` is on)."""
    field_list = list(fields)
    bundle: dict[str, Any] = {
        "kizen_tui_support_bundle": FORMAT_VERSION,
        "created": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
        "app_version": app_version,
        "python": platform.python_version(),
        "platform": platform.system(),
        "session": asdict(session),
        "object": object_def.model_dump(mode="json", exclude_none=True) if object_def else None,
        "record": record.model_dump(mode="json") if record else None,
        "access": {
            "record": record.access.model_dump(mode="json") if record else None,
            "fields": {f.name: _field_access(f) for f in field_list},
        },
        "fields": [_field_summary(f) for f in field_list],
        "recent_requests": [_request_summary(r) for r in requests],
        "notes": list(notes),
    }
    masked = mask is not None and mask.enabled
    return _clean(bundle, masked)


def _clean(value: Any, masked: bool) -> Any:
    """Redact (and mask) every string, keys included."""
    if isinstance(value, str):
        text = redact_text(value)
        return mask_text(text) if masked else text
    if isinstance(value, dict):
        return {_clean(str(k), masked): _clean(v, masked) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v, masked) for v in value]
    return value


def render_bundle(bundle: dict[str, Any]) -> str:
    """The bundle as ASCII JSON (escape sequences stay escaped in the file)."""
    return json.dumps(bundle, indent=2, ensure_ascii=True, sort_keys=False) + "\n"


def bundle_file_name(bundle: dict[str, Any]) -> str:
    """`support-<UTC time>-<record id prefix>.json`."""
    stamp = str(bundle.get("created", "")).replace(":", "").replace("-", "")[:15] or "now"
    record = bundle.get("record") or {}
    suffix = str(record.get("id", "session"))[:8] if isinstance(record, dict) else "session"
    safe_suffix = "".join(ch for ch in suffix if ch.isalnum()) or "session"
    return f"support-{stamp}-{safe_suffix}.json"


def write_bundle(bundle: dict[str, Any], data_dir: Path) -> Path:
    """Write the bundle privately into `<data_dir>/support/`; returns the file's path."""
    directory = ensure_private_dir(Path(data_dir))
    directory = ensure_private_dir(directory / SUPPORT_DIR)
    path = directory / bundle_file_name(bundle)
    counter = 1
    while path.exists():
        path = directory / f"{path.stem.split('~')[0]}~{counter}.json"
        counter += 1
    return atomic_write_text(path, render_bundle(bundle))
