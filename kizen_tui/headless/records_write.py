"""`kizen-tui records update | add | upsert | archive | unarchive`: writing records.

Values are typed as in the TUI's editor and read by the same field codecs, through a
`RecordDraft`, so a write body is built exactly as the TUI builds it: `--set` gives `value`
(for multi-value fields of an existing record, the items added and removed), `--add` and
`--remove` give `add_values` / `remove_values`. The body is printed (`--dry-run` prints it on
stdout and sends nothing). Writes are refused by the client in read-only mode (`--read-only` or
the profile's `read_only`), and each successful write is journaled like the TUI's.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from kizen_tui.headless import journal
from kizen_tui.headless.filters import field_tags
from kizen_tui.headless.options import Subparsers, add_format_option
from kizen_tui.headless.output import dumps, is_tty
from kizen_tui.headless.records_view import write_record
from kizen_tui.headless.runtime import (
    EXIT_API,
    Runtime,
    UsageError,
    api_command,
    find_field,
    load_schema,
)

if TYPE_CHECKING:
    from kizen_tui.api.errors import ValidationFailed
    from kizen_tui.domain.drafts import RecordDraft
    from kizen_tui.schema import ObjectSchema
    from kizen_tui.session import Connection

UNARCHIVE_MODES = ("prompt", "unarchive", "overwrite")


def register(commands: Subparsers, parent: argparse.ArgumentParser) -> None:
    """Add the write commands under `records`."""
    update = _writer(commands, parent, "update", "change fields of a record (PATCH, or PUT)")
    update.add_argument("object", metavar="OBJECT")
    update.add_argument("id", metavar="ID")
    _value_options(update, items=True)
    update.add_argument("--put", action="store_true",
                        help="send a full update (PUT): the changes plus every required field "
                             "with its current value")
    update.set_defaults(handler=api_command(update_record))

    add = _writer(commands, parent, "add", "create a record")
    add.add_argument("object", metavar="OBJECT")
    _value_options(add, items=False)
    _unarchive_option(add)
    add.set_defaults(handler=api_command(add_record))

    upsert = _writer(commands, parent, "upsert",
                     "create or update the record with this name (email for contacts)")
    upsert.add_argument("object", metavar="OBJECT")
    upsert.add_argument("lookup", metavar="NAME_OR_EMAIL")
    _value_options(upsert, items=False)
    _unarchive_option(upsert)
    upsert.set_defaults(handler=api_command(upsert_record))

    for name, what in (("archive", "archive a record (unarchive brings it back)"),
                       ("unarchive", "bring an archived record back")):
        parser = _writer(commands, parent, name, what, dry_run=False)
        parser.add_argument("object", metavar="OBJECT")
        parser.add_argument("id", metavar="ID")
        parser.set_defaults(handler=api_command(archive_record if name == "archive"
                                                else unarchive_record))


def _writer(commands: Subparsers, parent: argparse.ArgumentParser, name: str, what: str, *,
            dry_run: bool = True) -> argparse.ArgumentParser:
    parser = commands.add_parser(name, parents=[parent], allow_abbrev=False, help=what)
    add_format_option(parser, raw=True)
    if dry_run:
        parser.add_argument("--dry-run", action="store_true",
                            help="print the request body and send nothing")
    return parser


def _value_options(parser: argparse.ArgumentParser, *, items: bool) -> None:
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        help="set a field, typed as in the editor (repeatable; empty clears)")
    if items:
        parser.add_argument("--add", action="append", default=[], metavar="FIELD=ITEMS",
                            help="add items to a multi-value field (comma-separated)")
        parser.add_argument("--remove", action="append", default=[], metavar="FIELD=ITEMS",
                            help="remove items from a multi-value field (comma-separated)")


def _unarchive_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--unarchive", choices=UNARCHIVE_MODES, default=None,
                        help="when an archived record has the same name: prompt (fail and "
                             "say so, the default), unarchive it, or overwrite (create anew)")


# --- building the body ------------------------------------------------------------------------

def _split(flag: str, text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise UsageError(f"{flag} {text!r}: expected FIELD=VALUE")
    return key.strip(), value


async def _learn_tags(connection: Connection, schema: ObjectSchema, draft: RecordDraft,
                      names: Sequence[str]) -> None:
    """Teach dynamic-tag codecs the existing tags, so a tag name is written by its id."""
    from kizen_tui.domain.codecs.choices import DynamicTagsCodec
    from kizen_tui.domain.fields import Ref

    for name in dict.fromkeys(names):
        codec = draft.codec(name)
        if isinstance(codec, DynamicTagsCodec):
            tags = await field_tags(connection.client, schema, codec.field.id)
            codec.learn(Ref(t.id, t.name) for t in tags)


async def apply_flags(runtime: Runtime, connection: Connection, schema: ObjectSchema,
                      draft: RecordDraft) -> None:
    """Apply `--set`, `--add` and `--remove` to the draft.

    Raises:
        UsageError: an unknown field, a field that cannot be edited, text that does not parse,
            or a required field left empty on a new record (nothing is sent).
    """
    args = runtime.args
    edits = [(flag, *_split(flag, text)) for flag, texts in (
        ("--set", args.set), ("--add", getattr(args, "add", [])),
        ("--remove", getattr(args, "remove", []))) for text in texts]
    if not edits:
        raise UsageError("nothing to write: give at least one --set FIELD=VALUE"
                         + (" (or --add / --remove)" if hasattr(args, "add") else ""))
    names = [find_field(schema, key, flag=flag).name for flag, key, _ in edits]
    await _learn_tags(connection, schema, draft, names)
    for (flag, _, text), name in zip(edits, names, strict=True):
        try:
            _apply(draft, flag, name, text)
        except (KeyError, ValueError) as error:
            raise UsageError(f"{flag} {name}: {error}") from None
    problems = draft.errors
    if not draft.is_new or getattr(args, "lookup", None):  # upsert may update: touched only
        problems = {n: m for n, m in problems.items() if n in names}
    if problems:
        lines = [f"  {n}: {'; '.join(m)}" for n, m in problems.items()]
        raise UsageError("nothing was sent; fix these values:\n" + "\n".join(lines))


def _apply(draft: RecordDraft, flag: str, name: str, text: str) -> None:
    from kizen_tui.domain.fields import FieldParseError

    if flag == "--set":
        draft.set_text(name, text)
        return
    codec = draft.codec(name)
    if not codec.is_multi:
        raise ValueError("holds a single value; use --set")
    try:
        items = codec.parse(text)
    except FieldParseError as error:
        raise ValueError(str(error)) from None
    for item in items or []:
        (draft.add_item if flag == "--add" else draft.remove_item)(name, item)


def show_body(runtime: Runtime, method: str, path: str, body: dict[str, Any]) -> bool:
    """Print the request; True when it must not be sent (`--dry-run`)."""
    if getattr(runtime.args, "dry_run", False):
        runtime.out.write(dumps(body, indent=2 if is_tty(runtime.out) else None) + "\n")
        runtime.out.flush()
        runtime.say(f"kizen-tui: dry run: {method} {path} was not sent")
        return True
    runtime.say(f"kizen-tui: {method} {path} {dumps(body)}")
    return False


def report_rejected(runtime: Runtime, draft: RecordDraft, error: ValidationFailed,
                    sent_order: Sequence[str] | None = None) -> int:
    """Print a 400 with its messages mapped back onto the fields written; exit code 1."""
    mapped = draft.map_errors(error.field_errors, error.non_field_errors, sent_order=sent_order)
    message = str(error)
    runtime.say(f"kizen-tui: {message}")
    for name, messages in mapped.fields.items():
        fresh = [m for m in messages if m not in message]  # the message may quote them
        if fresh:
            runtime.say(f"  {name}: {'; '.join(fresh)}")
    return EXIT_API


# --- commands ---------------------------------------------------------------------------------

async def update_record(runtime: Runtime, connection: Connection) -> int | None:
    """PATCH (or with `--put`, PUT) the fields given; prints the body, then the record."""
    from kizen_tui.api.errors import ValidationFailed
    from kizen_tui.domain.drafts import RecordDraft
    from kizen_tui.domain.full_update import put_fields

    args, client = runtime.args, connection.client
    schema = await load_schema(connection, args.object)
    before = await client.get_record(schema.object.name, args.id, include_hidden_fields=True)
    draft = RecordDraft(before, schema.fields)
    await apply_flags(runtime, connection, schema, draft)
    if not draft.to_patch():
        runtime.say("kizen-tui: nothing to change: the record already has these values")
        return None
    put = bool(getattr(args, "put", False))
    fields, order = put_fields(draft) if put else (draft.to_patch(), list(draft.sent_order))
    path = f"/api/records/{schema.object.name}/{before.id}"
    if show_body(runtime, "PUT" if put else "PATCH", path, {"fields": fields}):
        return None
    try:
        if put:
            after = await client.replace_record(schema.object.name, before.id, fields)
        else:
            after = await client.update_record(schema.object.name, before.id, fields,
                                               return_all_fields=True)
    except ValidationFailed as error:
        return report_rejected(runtime, draft, error, order)
    journal.record_write(runtime, connection, schema, "put" if put else "patch", after,
                         draft=draft)
    write_record(runtime, schema, after)
    return None


async def add_record(runtime: Runtime, connection: Connection) -> int | None:
    """Create a record; prints the body, then the new record."""
    return await _create(runtime, connection, lookup=None)


async def upsert_record(runtime: Runtime, connection: Connection) -> int | None:
    """Create or update by name/email; prints the action and the record."""
    return await _create(runtime, connection, lookup=runtime.args.lookup)


async def _create(runtime: Runtime, connection: Connection, lookup: str | None) -> int | None:
    from kizen_tui.api.errors import ValidationFailed
    from kizen_tui.domain.drafts import RecordDraft

    args, client = runtime.args, connection.client
    schema = await load_schema(connection, args.object)
    draft = RecordDraft.new(schema.fields, schema.object.object_type)
    await apply_flags(runtime, connection, schema, draft)
    fields = draft.to_patch()
    name = schema.object.name
    if lookup is None:
        body: dict[str, Any] = {"fields": fields}
        if args.unarchive:
            body["unarchive"] = args.unarchive
        if show_body(runtime, "POST", f"/api/records/{name}/add", body):
            return None
    else:
        body = {"lookup_value": lookup, "fields": fields}
        if args.unarchive:
            body["oncreate_unarchive"] = args.unarchive
        if show_body(runtime, "POST", f"/api/records/{name}/upsert", body):
            return None
    before = None if lookup is None else await journal.read_before_upsert(connection, name,
                                                                          lookup)
    try:
        if lookup is None:
            result = await client.add_record(name, fields, unarchive=args.unarchive)
        else:
            result = await client.upsert_record(name, lookup, fields,
                                                oncreate_unarchive=args.unarchive,
                                                return_all_fields=True)
    except ValidationFailed as error:
        return report_rejected(runtime, draft, error)
    action = result.action or ("created" if lookup is None else "updated")
    runtime.say(f"kizen-tui: {action}: {result.label} ({result.id})")
    journal.record_write(runtime, connection, schema, "add" if lookup is None else "upsert",
                         result, draft=draft, before=before, result=action)
    write_record(runtime, schema, result)
    return None


async def archive_record(runtime: Runtime, connection: Connection) -> None:
    """Archive a record (it leaves search; `records unarchive` restores it)."""
    schema = await load_schema(connection, runtime.args.object)
    record_id = runtime.args.id
    before = await connection.client.get_record(schema.object.name, record_id)
    await connection.client.archive_record(schema.object.name, before.id)
    runtime.say(f"kizen-tui: archived: {before.label} ({before.id})")
    journal.record_write(runtime, connection, schema, "archive", before)
    _write_action(runtime, before.id, "archived")


async def unarchive_record(runtime: Runtime, connection: Connection) -> None:
    """Bring an archived record back."""
    schema = await load_schema(connection, runtime.args.object)
    record_id = runtime.args.id
    record = await connection.client.unarchive_record(schema.object.name, record_id)
    label = record.label if record is not None else record_id
    runtime.say(f"kizen-tui: unarchived: {label} ({record_id})")
    journal.record_write(runtime, connection, schema, "unarchive", record, record_id=record_id)
    if record is not None:
        write_record(runtime, schema, record)
    else:
        _write_action(runtime, record_id, "unarchived")


def _write_action(runtime: Runtime, record_id: str, action: str) -> None:
    from kizen_tui.headless.output import Column, write_all

    data = {"id": record_id, "action": action}
    columns = [Column("id", "ID", lambda d: d["id"]), Column("action", "Action",
                                                             lambda d: d["action"])]
    write_all(runtime.fmt, runtime.out, columns, [(data, data)], single=True)
