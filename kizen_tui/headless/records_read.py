"""`kizen-tui records search | get | lookup`: reading records.

`search` writes records as they arrive. With `--all` it pages through everything, showing
"N / total records" on stderr when stderr is a terminal; Ctrl-C stops it cleanly: what was
written stays valid (the JSON array is closed, JSON lines and CSV rows are whole) and the exit
code is 130.
"""

from __future__ import annotations

import argparse
import asyncio
import uuid
from typing import TYPE_CHECKING, Any

from kizen_tui.headless.filters import compile_filter_spec, compile_filter_text
from kizen_tui.headless.options import Subparsers, add_format_option, positive_int
from kizen_tui.headless.output import is_tty, open_writer
from kizen_tui.headless.records_view import (
    csv_columns,
    table_columns,
    table_fields,
    write_record,
)
from kizen_tui.headless.runtime import (
    Runtime,
    UsageError,
    api_command,
    find_field,
    load_schema,
    record_dump,
    split_names,
)

if TYPE_CHECKING:
    from kizen_tui.api.client import KizenClient
    from kizen_tui.api.models import FieldDef, Record
    from kizen_tui.config import SavedView
    from kizen_tui.schema import ObjectSchema
    from kizen_tui.session import Connection


#: The Kizen API's largest page.
PAGE_SIZE_MAX = 1000
#: Page size of `--all` when `--page-size` is not given: fewer, larger requests.
ALL_PAGE_SIZE = 500


def register(commands: Subparsers, parent: argparse.ArgumentParser) -> None:
    """Add `records search`, `records get` and `records lookup`."""
    search = commands.add_parser(
        "search", parents=[parent], allow_abbrev=False, help="search an object's records",
        description="Search records by text and/or filter. --filter takes a one-line query "
                    "(amount >= 10000 and status in (Open, Pending)), a JSON filter spec or "
                    "search body ({\"all\": [...]}), or @FILE with either (@- reads stdin).")
    search.add_argument("object", metavar="OBJECT", nargs="?",
                        help="object api name, id or display name (default: the view's)")
    search.add_argument("--view", metavar="NAME",
                        help="start from a view saved in the TUI (its object, filter, search, "
                             "columns and order); other flags override it")
    search.add_argument("--search", metavar="TEXT", help="free-text search (names, emails)")
    search.add_argument("--filter", metavar="QUERY|SPEC|@FILE", help="filter the records")
    search.add_argument("--fields", metavar="A,B", help="only these fields (api names)")
    search.add_argument("--order", metavar="[-]FIELD", help="sort by a field; - for descending")
    amount = search.add_mutually_exclusive_group()
    amount.add_argument("--limit", type=positive_int, metavar="N",
                        help="at most N records (default: the page size setting, 100)")
    amount.add_argument("--all", action="store_true", help="every matching record")
    search.add_argument("--page-size", type=positive_int, metavar="N",
                        help=f"records per request (1-{PAGE_SIZE_MAX})")
    add_format_option(search, raw=True)
    search.set_defaults(handler=api_command(search_records))

    get = commands.add_parser("get", parents=[parent], allow_abbrev=False,
                              help="one record by id")
    get.add_argument("object", metavar="OBJECT")
    get.add_argument("id", metavar="ID", help="the record id (a UUID)")
    _add_single_options(get)
    get.set_defaults(handler=api_command(get_record))

    lookup = commands.add_parser(
        "lookup", parents=[parent], allow_abbrev=False,
        help="one record by exact name (email for contacts) or id")
    lookup.add_argument("object", metavar="OBJECT")
    lookup.add_argument("identifier", metavar="NAME_OR_EMAIL")
    _add_single_options(lookup)
    lookup.set_defaults(handler=api_command(lookup_record))


def _add_single_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--fields", metavar="A,B", help="only these fields (api names)")
    parser.add_argument("--hidden", action="store_true", help="include hidden fields")
    add_format_option(parser, raw=True)


def _ordering(schema: ObjectSchema, text: str | None) -> str | None:
    if not text or not text.strip():
        return None
    text = text.strip()
    descending = text.startswith("-")
    field = find_field(schema, text.lstrip("-+"), flag="--order")
    return ("-" if descending else "") + field.name


def _paging(runtime: Runtime) -> tuple[int | None, int]:
    """(limit or None for --all, page size)."""
    args = runtime.args
    setting = runtime.settings.page_size if runtime.settings else 100
    if args.page_size is not None and args.page_size > PAGE_SIZE_MAX:
        raise UsageError(f"--page-size: at most {PAGE_SIZE_MAX}, got {args.page_size}")
    limit = None if args.all else (args.limit or setting)
    size = args.page_size or (ALL_PAGE_SIZE if limit is None else min(limit, setting,
                                                                      PAGE_SIZE_MAX))
    return limit, size


def _view(runtime: Runtime) -> SavedView | None:
    """The saved view of `--view`, its values filling the flags that were not given."""
    from kizen_tui.config import get_view

    args = runtime.args
    if not args.view:
        if not args.object:
            raise UsageError("records search: give an OBJECT or --view NAME")
        return None
    view = get_view(args.view, paths=runtime.paths)
    args.object = args.object or view.object
    args.search = args.search if args.search is not None else view.search
    args.fields = args.fields if args.fields is not None else ",".join(view.columns)
    args.order = args.order if args.order is not None else view.ordering
    if args.page_size is None and view.page_size is not None:
        args.page_size = view.page_size
    return view


async def _filter_body(runtime: Runtime, schema: ObjectSchema, client: KizenClient,
                       view: SavedView | None) -> dict[str, Any] | None:
    args = runtime.args
    if args.filter:
        return await compile_filter_text(args.filter, schema, client)
    if view is not None and view.filter:
        return await compile_filter_spec(view.filter, schema, client,
                                         where=f"the filter of view {view.name!r}")
    return None


async def search_records(runtime: Runtime, connection: Connection) -> None:
    """Records matching a search and/or filter, streamed in the chosen format."""
    args, client = runtime.args, connection.client
    view = _view(runtime)
    schema = await load_schema(connection, args.object)
    if view is not None and view.object not in (schema.object.name, schema.object.id):
        raise UsageError(f"--view {view.name!r} is a view of {view.object!r}, not of "
                         f"{schema.object.name!r}")
    chosen = [find_field(schema, n, flag="--fields") for n in split_names(args.fields)]
    options: dict[str, Any] = {
        "search": args.search or None, "ordering": _ordering(schema, args.order),
        "body": await _filter_body(runtime, schema, client, view),
    }
    limit, options["page_size"] = _paging(runtime)
    fmt = runtime.fmt
    if chosen and fmt != "table":  # the table needs the label fields too
        options["field_names"] = [f.name for f in chosen]
    columns = (table_columns(schema, chosen or table_fields(runtime, schema, connection.profile))
               if fmt == "table" else csv_columns(chosen or schema.visible_fields))
    writer = open_writer(fmt, runtime.out, columns, raw=args.raw, title=schema.object.label,
                         empty="No records match.")
    written, total = 0, None
    pages = client.iter_pages(schema.object.name, **options)
    try:
        async for page in pages:
            total = page.count
            for record in page.results[: None if limit is None else limit - written]:
                writer.write(record, record_dump(record))
                written += 1
            runtime.progress(f"{written:,} / {'?' if total is None else f'{total:,}'} records")
            if limit is not None and written >= limit:
                break
            # The in-process demo sandbox answers without ever suspending, so without this the
            # event loop would never get to deliver Ctrl-C (a task cancellation) to us.
            await asyncio.sleep(0)
    except (KeyboardInterrupt, asyncio.CancelledError):
        runtime.end_progress()
        runtime.say(f"kizen-tui: stopped after {written:,} records (the output is complete "
                    "up to there)")
        raise
    finally:
        runtime.end_progress()
        writer.close()
        close = getattr(pages, "aclose", None)
        if close is not None:  # stop the generator now, not when the loop shuts down
            await close()
    if total is not None and total > written and is_tty(runtime.err):
        runtime.say(f"kizen-tui: {written:,} of {total:,} records; use --limit N or --all "
                    "for more")


def _single_fields(runtime: Runtime, schema: ObjectSchema) -> list[FieldDef]:
    return [find_field(schema, n, flag="--fields") for n in split_names(runtime.args.fields)]


async def get_record(runtime: Runtime, connection: Connection) -> None:
    """One record by id."""
    schema = await load_schema(connection, runtime.args.object)
    chosen = _single_fields(runtime, schema)
    record = await _get(connection, schema, runtime.args.id, chosen, runtime.args.hidden)
    write_record(runtime, schema, record, chosen)


async def _get(connection: Connection, schema: ObjectSchema, record_id: str,
               chosen: list[FieldDef], hidden: bool) -> Record:
    return await connection.client.get_record(
        schema.object.name, record_id, field_names=[f.name for f in chosen] or None,
        include_hidden_fields=True if hidden else None)


async def lookup_record(runtime: Runtime, connection: Connection) -> None:
    """One record by exact name / email, or by id."""
    from kizen_tui.api.errors import NotFound

    args = runtime.args
    schema = await load_schema(connection, args.object)
    chosen = _single_fields(runtime, schema)
    record: Record | None = None
    if _is_uuid(args.identifier):
        try:
            record = await _get(connection, schema, args.identifier.strip(), chosen, args.hidden)
        except NotFound:
            record = None  # a name may look like an id: try it as a name too
    if record is None:
        record = await connection.client.lookup_record(
            schema.object.name, args.identifier, all_fields=None if chosen else True,
            field_names=[f.name for f in chosen] or None)
    write_record(runtime, schema, record, chosen)


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text.strip())
    except ValueError:
        return False
    return True
