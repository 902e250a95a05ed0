"""Hostile responses through every layer: client parsing, codecs, widgets (headless).

Whatever the server sends, the client returns a model or raises a `KizenError`; every codec
shows any raw value without raising; and the widgets draw hostile records without an exception
and without a single control character, escape or bidi override reaching the screen.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from textual.app import App, ComposeResult
from textual.containers import Horizontal

from kizen_tui.api import KizenClient, KizenError, RetryPolicy
from kizen_tui.api.models import FieldDef, FieldValue, Record
from kizen_tui.domain.fields import codec_for, display_field
from kizen_tui.domain.masking import MaskPolicy
from kizen_tui.ui.widgets.detail_pane import DetailPane
from kizen_tui.ui.widgets.field_table import FieldTable
from kizen_tui.ui.widgets.record_grid import LABEL_KEY, GridColumn, RecordGrid
from tests.reliability.conftest import hostile_settings
from tests.reliability.corpus import (
    HOSTILE_STRINGS,
    HOSTILE_VALUES,
    assert_terminal_safe,
    rendered_screen_text,
)
from tests.reliability.strategies import (
    FIELD_TYPES,
    VALUE_SHAPES,
    field_def_json,
    hostile_text,
    mutated,
    page_json,
    record_json,
)

KEY = "kzn-fuzz-key-0123456789abcdef"
OBJ = "companies"
RECORD_ID = "6f1c0b9e-0000-4000-8000-000000000001"


def call(body: bytes, status: int, run: Callable[[KizenClient], Awaitable[Any]]) -> Any:
    """Serve `body` once through MockTransport and run one client call on it."""
    async def go() -> Any:
        transport = httpx.MockTransport(lambda _: httpx.Response(
            status, content=body, headers={"content-type": "application/json"}))
        async with KizenClient(api_key=KEY, business_id="b", user_id="u", transport=transport,
                               retry=RetryPolicy.disabled()) as client:
            return await run(client)
    return asyncio.run(go())


def encode(value: Any) -> bytes:
    # ensure_ascii: lone surrogates travel as \\ud800 escapes, as a real server could send them
    return json.dumps(value, ensure_ascii=True).encode()


def check_codecs(entry: FieldValue, field: FieldDef) -> None:
    """Every codec path that reads a raw value: no exception, terminal-safe text."""
    codec = codec_for(field)
    value = codec.from_raw(entry.value)
    for single_line in (True, False):
        assert_terminal_safe(codec.display(entry.value, single_line=single_line).replace(
            "\n", "").replace("\t", ""), f"{field.field_type} display")
    assert_terminal_safe(codec.display_value(value), f"{field.field_type} display_value")
    assert isinstance(codec.format(value), str)
    assert isinstance(codec.validate(value), list)
    if codec.is_editable:
        codec.to_wire(value)
    assert_terminal_safe(display_field(entry, field, single_line=True), "display_field")
    assert_terminal_safe(display_field(entry, None, single_line=True), "display_field untyped")


def check_record(record: Record) -> None:
    """A parsed record: labels and every field under every field type's codec."""
    assert isinstance(record.label, str)
    for entry in record.fields.values():
        for kind in FIELD_TYPES:
            check_codecs(entry, FieldDef(id=entry.id, name=entry.name or entry.id,
                                         field_type=kind))


@hostile_settings
@given(body=mutated(record_json()), status=st.sampled_from([200, 200, 200, 201, 404, 500]))
def test_record_responses_give_a_record_or_a_kizen_error(body: Any, status: int) -> None:
    try:
        record = call(encode(body), status, lambda c: c.get_record(OBJ, RECORD_ID))
    except KizenError as error:
        assert str(error) and KEY not in str(error)
        return
    check_record(record)


@hostile_settings
@given(body=mutated(page_json()))
def test_search_pages_give_a_page_or_a_kizen_error(body: Any) -> None:
    try:
        page = call(encode(body), 200, lambda c: c.search_records(OBJ))
    except KizenError as error:
        assert KEY not in str(error)
        return
    for record in page.results:
        check_record(record)


@hostile_settings
@given(body=st.lists(mutated(field_def_json()), max_size=5) | mutated(field_def_json()))
def test_field_definitions_give_models_or_a_kizen_error(body: Any) -> None:
    try:
        fields = call(encode(body), 200, lambda c: c.get_object_fields("o1"))
    except KizenError:
        return
    for field in fields:
        assert isinstance(field.label, str)
        check_codecs(FieldValue(id=field.id, value=None), field)


@hostile_settings
@given(kind=st.sampled_from(FIELD_TYPES),
       raw=st.one_of(st.sampled_from(HOSTILE_VALUES), hostile_text,
                     st.sampled_from(FIELD_TYPES).flatmap(lambda k: VALUE_SHAPES[k])),
       definition=field_def_json())
def test_every_codec_shows_any_raw_value(kind: str, raw: Any, definition: dict[str, Any]) -> None:
    field = FieldDef.model_validate({**definition, "field_type": kind})
    check_codecs(FieldValue(id=field.id, value=raw), field)


# -- widgets, headless -------------------------------------------------------------------------

class WidgetBench(App[None]):
    """The three record widgets side by side, as the browse and record screens use them."""

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield RecordGrid(id="grid")
            yield DetailPane(id="pane")
        yield FieldTable(id="table")


def parse_records(bodies: list[Any]) -> list[Record]:
    records = []
    for body in bodies:
        try:
            record = Record.model_validate(body)
        except (ValidationError, TypeError, ValueError):
            continue  # the client turns these into UnexpectedResponse (tested above)
        if record.id.isprintable():
            records.append(record)
    return records


def parse_fields(bodies: list[Any]) -> list[FieldDef]:
    fields = []
    for body in bodies:
        try:
            fields.append(FieldDef.model_validate(body))
        except (ValidationError, TypeError, ValueError):
            continue
    return fields


def table_cells(table: Any) -> str:
    return " ".join(" ".join(str(cell) for cell in table.get_row_at(i))
                    for i in range(table.row_count))


async def show_everything(records: list[Record], fields: list[FieldDef], masked: bool,
                          detail_limit: int | None = None) -> None:
    app = WidgetBench()
    mask = MaskPolicy(enabled=True, fields=frozenset(f.name for f in fields[:1])) if masked \
        else None
    categories = {f.category: f.display_name or "" for f in fields if f.category}
    async with app.run_test(size=(160, 48)) as pilot:
        grid = app.query_one(RecordGrid)
        table = app.query_one("#table", FieldTable)
        pane = app.query_one(DetailPane)
        grid.set_mask(mask)
        table.set_mask(mask)
        grid.set_columns([GridColumn(LABEL_KEY, "Name"), *(
            GridColumn(f"c{i}", f.label, f) for i, f in enumerate(fields))])
        grid.show_page(records)
        await pilot.pause()
        assert_terminal_safe(table_cells(grid), "grid cells")
        assert_terminal_safe(rendered_screen_text(app).replace("\n", ""), "grid screen")
        for record in records[:detail_limit]:
            pane.show(record, fields, categories=categories, show_hidden=masked)
            table.show(record, fields, categories=categories, show_hidden=True, api_names=True)
            await pilot.pause()
            assert_terminal_safe(table_cells(table), "field table cells")
            assert_terminal_safe(rendered_screen_text(app).replace("\n", ""), "pane screen")


# Each example runs an app: no shrinking (it would take minutes); the failing input is printed.
@settings(hostile_settings, max_examples=12,
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(bodies=st.lists(mutated(record_json()), min_size=1, max_size=6),
       definitions=st.lists(field_def_json(), max_size=6), masked=st.booleans())
def test_widgets_draw_hostile_records_safely(bodies: list[Any], definitions: list[Any],
                                             masked: bool) -> None:
    records = parse_records(bodies)
    asyncio.run(show_everything(records, parse_fields(definitions), masked))


def corpus_record(index: int = 0) -> Record:
    """One record holding the whole corpus: a text field per hostile string, label included."""
    _, value = HOSTILE_STRINGS[index]
    fields = {f"f{i}": {"id": f"f{i}", "name": f"field_{i}", "field_type": "text",
                        "display_name": label, "value": text}
              for i, (label, text) in enumerate(HOSTILE_STRINGS)}
    return Record.model_validate({"id": f"r{index}", "display_name": value, "fields": fields})


def test_the_fixed_corpus_is_drawn_safely() -> None:
    records = [corpus_record(i) for i in range(len(HOSTILE_STRINGS))]
    fields = [FieldDef(id=f"f{i}", name=text, display_name=text, field_type=text or "text",
                       category=f"c{i % 3}")
              for i, (_, text) in enumerate(HOSTILE_STRINGS)]
    # Every hostile label is in the grid; the detail views get a few records of all the fields.
    asyncio.run(show_everything(records, fields, masked=False, detail_limit=3))


def test_a_record_id_with_control_characters_is_drawn_safely() -> None:
    record = Record.model_validate({"id": "6f1c\x9b2J\x1b]0;x\x07", "display_name": "x"})
    asyncio.run(show_everything([record], [], masked=False))


DUPLICATE = Record.model_validate({"id": "a", "display_name": "x", "fields": {
    "k1": {"id": "x", "value": 1}, "k2": {"id": "x", "value": 2}}})


@pytest.mark.parametrize(("records", "fields"), [
    ([DUPLICATE, DUPLICATE.model_copy(update={"display_name": "y"})], []),
    ([DUPLICATE], [FieldDef(id="f", name="a"), FieldDef(id="f", name="b")]),
    ([DUPLICATE], [FieldDef(id="category:Other fields", name="a", category="c1"),
                   FieldDef(id="g", name="b", category="c2")]),
], ids=["record twice on a page", "field defined twice", "field id like a heading key"])
def test_repeated_ids_from_the_server_do_not_crash_the_tables(
        records: list[Record], fields: list[FieldDef]) -> None:
    asyncio.run(show_everything(records, fields, masked=False))
