"""Parse the `fields` list of a write into validated entries, keeping errors positional.

The error envelope (API-NOTES §0, §5) is `{"non_field_errors": [...], "fields": [...]}` where
item i of `fields` belongs to item i of the request and `{}` means that item was fine. Entry
errors sit under `id`, `name`, `value`, `add_values`, `remove_values` or `non_field_errors`.

Writing a read-only field (`is_read_only`, or field `access.edit` false) is 403 with the same
envelope plus `{"detail": ..., "code": "forbidden_field_write"}`, checked before anything else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kizen_tui.sandbox.coerce import WriteError, coerce, is_blank
from kizen_tui.sandbox.http import ApiError
from kizen_tui.sandbox.schema import FieldDef, ObjectDef
from kizen_tui.sandbox.store import Store


@dataclass
class Entry:
    """One valid write: a field and its new stored value, or values to add and remove."""

    fd: FieldDef
    value: Any = None
    add: list[int] | None = None
    remove: list[int] | None = None
    replaces: bool = True
    """False for add_values/remove_values."""


@dataclass
class Parsed:
    """The entries of a write and the errors found so far."""

    entries: list[Entry] = field(default_factory=list)
    errors: list[dict[str, list[str]]] = field(default_factory=list)
    non_field: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether no error was found."""
        return not self.non_field and not any(self.errors)

    def envelope(self) -> dict[str, Any]:
        """The positional error body."""
        return {"non_field_errors": list(self.non_field), "fields": list(self.errors)}

    def fail(self) -> ApiError:
        """The 400 of the errors found."""
        return ApiError(400, self.envelope())

    def value_of(self, name: str) -> tuple[bool, Any]:
        """Whether the write sets field `name`, and the last value it sets."""
        found = [e for e in self.entries if e.fd.name == name and e.replaces]
        return (True, found[-1].value) if found else (False, None)

    def written(self) -> list[FieldDef]:
        """The fields written, in order, without repeats."""
        return list(dict.fromkeys(e.fd for e in self.entries))


def fields_list(body: dict[str, Any], *, required: bool) -> list[Any]:
    """The `fields` list of a write body (400 when missing but required, or not a list)."""
    raw = body.get("fields")
    if raw is None and not required:
        return []
    if not isinstance(raw, list):
        message = ("This field is required." if raw is None
                   else f'Expected a list of items but got type "{type(raw).__name__}".')
        raise ApiError(400, {"non_field_errors": [f"fields: {message}"], "fields": []})
    return raw


def _resolve(obj: ObjectDef, raw: dict[str, Any], err: dict[str, list[str]]) -> FieldDef | None:
    fid, fname = raw.get("id"), raw.get("name")
    if fid and fname:
        err["non_field_errors"] = ["Use either 'id' or 'name', not both."]
        return None
    key, label = ("name", fname) if fname else ("id", fid)
    if not label:
        err["non_field_errors"] = ["Either 'id' or 'name' is required."]
        return None
    fd = obj.get_field(label) if isinstance(label, str) else None
    if fd is None:
        err[key] = [f'Field "{label}" does not exist.']
    return fd


def _entry(store: Store, fd: FieldDef, raw: dict[str, Any],
           err: dict[str, list[str]]) -> Entry | None:
    adds, removes = raw.get("add_values"), raw.get("remove_values")
    if adds is not None or removes is not None:
        if not fd.is_multi:
            for key in ("add_values", "remove_values"):
                if raw.get(key) is not None:
                    err[key] = ["This field does not allow multiple values."]
            return None
        if "value" in raw:
            err["value"] = ["Send either value or add_values/remove_values, not both."]
            return None
        entry = Entry(fd, replaces=False)
        for key, given in (("add_values", adds), ("remove_values", removes)):
            try:
                vals = coerce(store, fd, given) if given is not None else []
            except WriteError as exc:
                err[key] = exc.messages
                continue
            setattr(entry, "add" if key == "add_values" else "remove", vals)
        return None if err else entry
    if "value" not in raw:
        err["value"] = ["This field is required."]
        return None
    if fd.is_required and is_blank(raw["value"]):
        err["value"] = ["This field may not be blank." if raw["value"] == ""
                        else "This field may not be null."]
        return None
    try:
        return Entry(fd, coerce(store, fd, raw["value"]))
    except WriteError as exc:
        err["value"] = exc.messages
        return None


def parse(store: Store, obj: ObjectDef, raw_fields: list[Any]) -> Parsed:
    """Validate every entry; 403 at once if one writes a read-only field."""
    parsed = Parsed()
    for raw in raw_fields:
        err: dict[str, list[str]] = {}
        parsed.errors.append(err)
        if not isinstance(raw, dict):
            err["non_field_errors"] = [
                f"Invalid data. Expected a dictionary, but got {type(raw).__name__}."]
            continue
        fd = _resolve(obj, raw, err)
        if fd is None:
            continue
        if not fd.writable:
            err["value"] = ["You do not have permission to write this field."]
            parsed.forbidden.append(fd.name)
            continue
        entry = _entry(store, fd, raw, err)
        if entry is not None:
            parsed.entries.append(entry)
    if parsed.forbidden:
        names = ", ".join(dict.fromkeys(parsed.forbidden))
        detail = f"You do not have permission to write the field(s): {names}."
        body = {"detail": detail, "code": "forbidden_field_write", **parsed.envelope()}
        body["non_field_errors"] = [detail]
        raise ApiError(403, body)
    return parsed


def require(obj: ObjectDef, parsed: Parsed) -> None:
    """Add an error for every required field the write does not set (add and PUT)."""
    for fd in obj.visible_fields:
        if fd.is_required and not parsed.value_of(fd.name)[0]:
            parsed.non_field.append(f'Field "{fd.name}" is required.')
