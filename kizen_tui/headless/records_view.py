"""How records are written: columns for lists, a field/value table for one record.

JSON and JSON lines carry the records as the API sent them. CSV has an `id` column and one
column per field (api names as headers); cells are the values as the TUI displays them
(`display_field`), or with `--raw` the raw JSON values. The table shows the record label, a few
fields (the profile's saved columns for the object, shared with the TUI, else the TUI's default
choice) and the id.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from kizen_tui.headless.output import Column, open_writer, print_pairs
from kizen_tui.headless.runtime import Runtime, record_dump

if TYPE_CHECKING:
    from kizen_tui.api.models import FieldDef, FieldValue, Record
    from kizen_tui.schema import ObjectSchema


def entry_of(record: Record, field: FieldDef) -> FieldValue | None:
    """The record's entry for a field (by api name or id), None when blank or absent."""
    return record.field(field.name) or record.field(field.id)


def field_text(field: FieldDef, record: Record) -> str:
    """A field's value as the TUI displays it ("" when blank)."""
    from kizen_tui.domain.fields import display_field

    entry = entry_of(record, field)
    return "" if entry is None else display_field(entry, field)


def field_raw(field: FieldDef, record: Record) -> Any:
    """A field's raw JSON value (None when blank)."""
    entry = entry_of(record, field)
    if entry is None:
        return None
    if entry.is_summarized:
        return entry.value_summary
    return entry.value


def field_column(field: FieldDef) -> Column:
    """The column of one field."""
    return Column(field.name, field.label, partial(field_text, field), partial(field_raw, field))


#: Fields the label column already shows.
_LABEL_FIELDS = {"name", "display_name"}
ID_COLUMN = Column("id", "ID", lambda r: r.id, lambda r: r.id, no_wrap=True)


def csv_columns(fields: Sequence[FieldDef]) -> list[Column]:
    """`id` then one column per field."""
    return [ID_COLUMN, *(field_column(f) for f in fields)]


def table_columns(schema: ObjectSchema, fields: Sequence[FieldDef]) -> list[Column]:
    """The record label, the fields, then the id."""
    title = "Contact" if schema.object.is_contacts else "Name"
    label = Column("label", title, lambda r: r.label)
    return [label, *(field_column(f) for f in fields if f.name not in _LABEL_FIELDS), ID_COLUMN]



def table_fields(runtime: Runtime, schema: ObjectSchema, profile: str) -> list[FieldDef]:
    """The profile's saved columns for the object (as in the TUI), else the TUI's default."""
    from kizen_tui.domain.columns import default_columns  # pydantic: only when needed

    options = runtime.settings.profiles.get(profile) if runtime.settings else None
    names = (options.columns.get(schema.object.name) if options else None) or default_columns(
        schema.fields)
    return [f for f in (schema.field(n) for n in names) if f is not None]


def record_fields(schema: ObjectSchema, record: Record) -> list[FieldDef]:
    """The schema's fields the record carries, in schema order."""
    return [f for f in schema.fields if entry_of(record, f) is not None]


def write_record(runtime: Runtime, schema: ObjectSchema, record: Record,
                 fields: Sequence[FieldDef] | None = None) -> None:
    """Write one record in the command's format (a field/value table on a terminal)."""
    fmt = runtime.fmt
    shown = list(fields) if fields else record_fields(schema, record)
    if fmt == "table":
        print_pairs(runtime.out, record_pairs(record, shown), title=record.label)
        return
    writer = open_writer(fmt, runtime.out, csv_columns(shown),
                         raw=getattr(runtime.args, "raw", False), single=True)
    try:
        writer.write(record, record_dump(record))
    finally:
        writer.close()


def record_pairs(record: Record, fields: Sequence[FieldDef]) -> list[tuple[str, str]]:
    """(label, value) lines of one record: id, access flags, then every field shown."""
    access = record.access
    flags = "  ".join(f"{name} {'yes' if on else 'no'}" for name, on in (
        ("View", access.view), ("Edit", access.edit), ("Remove", access.remove)))
    pairs = [("ID", record.id), ("Access", flags)]
    action = getattr(record, "action", None)
    if action:
        pairs.insert(0, ("Action", str(action)))
    pairs += [(f"{f.label} ({f.name})", field_text(f, record)) for f in fields]
    return pairs
