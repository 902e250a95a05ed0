"""`kizen-tui objects` and `kizen-tui fields OBJECT`: what a business holds."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from kizen_tui.headless.options import Subparsers, add_format_option
from kizen_tui.headless.output import Column, write_all
from kizen_tui.headless.runtime import Runtime, api_command, load_schema, record_dump

if TYPE_CHECKING:
    from kizen_tui.api.models import FieldDef, ObjectDef
    from kizen_tui.schema import ObjectSchema
    from kizen_tui.session import Connection



def register(commands: Subparsers, parent: argparse.ArgumentParser) -> None:
    """Add `objects` and `fields`."""
    objects = commands.add_parser(
        "objects", parents=[parent], allow_abbrev=False,
        help="list the objects of the business (contacts, pipelines, custom objects)")
    add_format_option(objects)
    objects.set_defaults(handler=api_command(list_objects))
    fields = commands.add_parser(
        "fields", parents=[parent], allow_abbrev=False,
        help="list the fields of an object: api names, types, flags, options")
    fields.add_argument("object", metavar="OBJECT", help="object api name, id or display name")
    add_format_option(fields)
    fields.set_defaults(handler=api_command(list_fields))


OBJECT_COLUMNS = [
    Column("name", "API name", lambda o: o.name),
    Column("object_name", "Name", lambda o: o.label),
    Column("object_type", "Type", lambda o: o.object_type or ""),
    Column("id", "ID", lambda o: o.id, no_wrap=True),
]


async def list_objects(runtime: Runtime, connection: Connection) -> None:
    """Every object, contacts included."""
    objects: list[ObjectDef] = await connection.client.list_all_objects()
    write_all(runtime.fmt, runtime.out, OBJECT_COLUMNS,
              [(o, record_dump(o)) for o in objects], title="Objects", empty="No objects.")


def _flags(field: FieldDef) -> str:
    from kizen_tui.domain.fields import codec_for

    flags = [name for name, on in (
        ("required", field.is_required), ("read-only", not codec_for(field).is_editable),
        ("hidden", field.is_hidden), ("multi", codec_for(field).is_multi)) if on]
    return ", ".join(flags)


def _options(field: FieldDef) -> str:
    from kizen_tui.domain.fields import codec_for

    if field.options:
        return ", ".join(o.name or o.code or o.id for o in field.options)
    if field.relation is not None:
        related = field.relation.related_object_name or field.relation.related_object or ""
        return f"→ {related} ({field.relation.cardinality or 'relation'})"
    return codec_for(field).input_hint


def field_columns(schema: ObjectSchema) -> list[Column]:
    """Columns of the fields listing (category names come from the schema)."""
    def category(field: FieldDef) -> str:
        return schema.categories.get(field.category or "", field.category or "")

    return [
        Column("name", "API name", lambda f: f.name),
        Column("display_name", "Name", lambda f: f.display_name or ""),
        Column("field_type", "Type", lambda f: f.field_type),
        Column("category", "Category", category),
        Column("flags", "Flags", _flags),
        Column("options", "Options / input", _options),
        Column("id", "ID", lambda f: f.id, no_wrap=True),
    ]


async def list_fields(runtime: Runtime, connection: Connection) -> None:
    """Every field definition of an object, hidden ones included."""
    schema = await load_schema(connection, runtime.args.object)
    items: list[tuple[Any, Any]] = [(f, record_dump(f)) for f in schema.fields]
    write_all(runtime.fmt, runtime.out, field_columns(schema), items,
              title=f"Fields of {schema.object.label}", empty="No fields.")
