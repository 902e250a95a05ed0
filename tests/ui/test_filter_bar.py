"""Pilot tests of the filter bar: typed queries, errors, completion, pasted specs, @file,
copy-as and Kizen group ids, against the in-process sandbox."""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from textual.events import Paste

from kizen_tui.domain.filters import compile_filter
from kizen_tui.domain.query import parse_query
from kizen_tui.sandbox import DEMO_CREDENTIALS, seed
from kizen_tui.ui.screens import filter_builder
from kizen_tui.ui.screens.browse import BrowseScreen
from kizen_tui.ui.widgets.record_grid import RecordGrid
from kizen_tui.ui.widgets.status_line import StatusLine
from tests import quiet

SIZE = (120, 36)
QUERY = "stage in (Won, Lost) and entity_value >= 100000"
SPEC: dict[str, Any] = {"all": [{"field": "stage", "op": "is_any_of", "value": ["Won", "Lost"]},
                {"field": "entity_value", "op": ">=", "value": 100000}]}


@pytest.fixture(autouse=True)
def _no_count_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    """The builder's debounce is a real pause; tests need not wait for it."""
    monkeypatch.setattr(filter_builder, "COUNT_DEBOUNCE", 0.0)


async def settle(pilot: Any) -> None:
    """Let workers (also cancelled, superseded ones) and their messages finish."""
    await quiet.settle(pilot)


def browse(app: Any) -> BrowseScreen:
    screen = app.screen_stack[1] if len(app.screen_stack) > 1 else app.screen
    assert isinstance(screen, BrowseScreen)
    return screen


def grid_ids(app: Any) -> list[str]:
    """The ids in the grid, sorted (the sandbox's unordered results have no fixed order)."""
    return sorted(r.id for r in browse(app).query_one(RecordGrid).records)


def searches(app: Any) -> int:
    return len([r for r in app.client.recent_requests if r.path.endswith("/search")])


async def type_query(pilot: Any, text: str) -> None:
    """Focus the bar (F), put `text` in it, press enter and settle.

    The text is set, not typed key by key (slow); test_completion types for real.
    """
    await pilot.press("F")
    bar = browse(pilot.app).filter_bar
    assert bar.input.has_focus
    bar.input.value = text
    await pilot.pause()
    bar.close_suggestions()
    await pilot.press("enter")
    await settle(pilot)


async def expected_ids(app: Any, object_name: str, spec: Any, **params: Any) -> list[str]:
    """The record ids the sandbox returns for a spec (first page, the grid's order)."""
    schema = await app.require_schema().schema(object_name)
    body = compile_filter(spec, schema.fields) if spec is not None else None
    page = await app.client.search_records(object_name, body=body, **params)
    return sorted(r.id for r in page.results)


async def test_typed_query_filters_the_grid(make_app: Any) -> None:
    app = make_app("deals")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_query(pilot, QUERY)
        screen = browse(app)
        records = screen.query_one(RecordGrid).records
        assert records, "the sandbox has won/lost deals over 100k"
        for record in records:
            stage = record.value("stage")
            assert (stage.get("name") if isinstance(stage, dict) else stage) in ("Won", "Lost")
            assert float(record.value("entity_value")["amount"]) >= 100000
        assert grid_ids(app) == await expected_ids(app, "deals", SPEC)
        assert screen.filter_bar.input.value == QUERY
        assert "filter: stage in (Won, Lost)" in str(screen.query_one(StatusLine).render())
        assert app.focused is screen.query_one(RecordGrid)


async def test_invalid_query_shows_position_and_sends_nothing(make_app: Any) -> None:
    app = make_app("deals")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before_ids, before = grid_ids(app), searches(app)
        await type_query(pilot, "seats > lots and stage = Won")
        bar = browse(app).filter_bar
        assert searches(app) == before
        assert grid_ids(app) == before_ids
        assert bar.has_class("-error") and "expected a number" in bar.error
        shown = str(bar.query_one("#filter-error").render())
        caret = shown.splitlines()[0]
        assert caret == " " * len("seats > ") + "^^^^"
        assert tuple(bar.input.selection) == (8, 12)
        assert bar.input.has_focus, "the cursor stays in the bar to fix the query"


async def test_unknown_field_and_bad_json_are_refused(make_app: Any) -> None:
    app = make_app("deals")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = searches(app)
        await type_query(pilot, "stgae = Won")
        bar = browse(app).filter_bar
        assert "unknown field 'stgae'" in bar.error and "stage" in bar.error
        await type_query(pilot, '{"all": [}')
        assert "not valid JSON" in bar.error
        await type_query(pilot, '{"all": [{"field": "seats", "op": "like", "value": 1}]}')
        assert "unknown op 'like'" in bar.error
        assert searches(app) == before


async def test_completion_offers_fields_operators_values(make_app: Any) -> None:
    app = make_app("deals")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("F", *"stag")
        bar = browse(app).filter_bar
        assert bar.has_class("-suggesting")
        assert bar.suggestions[0].text == "stage"
        assert {s.kind for s in bar.suggestions} == {"field"}
        await pilot.press("tab")
        assert bar.input.value == "stage "
        ops = [s.text for s in bar.suggestions]
        assert {"=", "!=", "in", "not in"} <= set(ops) and "contains" not in ops
        await pilot.press(*"in (wo")
        assert [s.text for s in bar.suggestions] == ["Won"]
        await pilot.press("tab")
        assert bar.input.value == "stage in (Won "
        assert {s.text for s in bar.suggestions} == {",", ")"}
        await pilot.press("down", "down", "enter")  # highlight ")" and accept it
        assert bar.input.value == "stage in (Won) "
        assert {s.text for s in bar.suggestions} == {"and", "or"}
        await pilot.press("escape")
        assert not bar.has_class("-suggesting") and bar.input.has_focus
        await pilot.press("escape")
        assert app.focused is browse(app).query_one(RecordGrid)


async def test_enter_applies_when_nothing_is_highlighted(make_app: Any) -> None:
    app = make_app("deals")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("F", *"stage = Wo")
        bar = browse(app).filter_bar
        assert bar.suggestions, "the drop-down offers Won"
        await pilot.press("enter")  # not highlighted: applies what was typed
        await settle(pilot)
        assert bar.error.startswith("unknown option 'Wo'")
        await pilot.press(*"Won", "enter")  # "Wo" is selected: typing replaces it
        await settle(pilot)
        assert not bar.error
        spec = {"all": [{"field": "stage", "op": "=", "value": "Won"}]}
        assert grid_ids(app) == await expected_ids(app, "deals", spec)


async def test_pasted_spec_and_file_match_the_typed_query(make_app: Any, tmp_path: Path
                                                          ) -> None:
    app = make_app("deals")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_query(pilot, QUERY)
        typed = grid_ids(app)
        await pilot.press("X")
        await settle(pilot)
        assert grid_ids(app) != typed
        bar = browse(app).filter_bar
        await pilot.press("F")
        bar.input.post_message(Paste(json.dumps(SPEC, indent=2)))  # several lines
        await pilot.pause()
        assert bar.input.value.startswith('{ "all": [')
        await pilot.press("enter")
        await settle(pilot)
        assert grid_ids(app) == typed
        assert bar.input.value == QUERY, "the bar shows the one-line form of the spec"
        spec_file = tmp_path / "hot.json"
        spec_file.write_text(json.dumps(SPEC), encoding="utf-8")
        await pilot.press("X")
        await settle(pilot)
        await type_query(pilot, f"@{spec_file}")
        assert grid_ids(app) == typed and bar.input.value == QUERY


async def test_wire_body_is_passed_through(make_app: Any) -> None:
    app = make_app("deals")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        schema = await app.require_schema().schema("deals")
        body = compile_filter(SPEC, schema.fields)
        await type_query(pilot, json.dumps(body))
        screen = browse(app)
        assert screen.grid_query is not None and screen.grid_query.body == body
        assert grid_ids(app) == await expected_ids(app, "deals", SPEC)
        await type_query(pilot, '{"query": [{"filters": [{"field": "x", "value": null}]}]}')
        assert "null" in screen.filter_bar.error


async def test_clear_filter_shows_every_record(make_app: Any) -> None:
    app = make_app("deals")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        total = browse(app).pager.count
        await type_query(pilot, QUERY)
        assert browse(app).pager.count != total
        await pilot.press("X")
        await settle(pilot)
        screen = browse(app)
        assert screen.pager.count == total and screen.filter_bar.input.value == ""
        assert screen.grid_query is not None and screen.grid_query.body is None


async def test_copy_as_json_curl_spec(make_app: Any) -> None:
    app = make_app("deals")
    copied: list[tuple[str, str]] = []
    async with app.run_test(size=SIZE) as pilot:
        app.copy_text = lambda text, what: copied.append((text, what))
        await settle(pilot)
        await type_query(pilot, "seats > 5 and priority = High")
        schema = await app.require_schema().schema("deals")
        priority = schema.field("priority")
        assert priority is not None
        high = next(o.id for o in priority.options if o.name == "High")
        await pilot.press("Y")
        await pilot.press("enter")  # the first format: the JSON body
        body = json.loads(copied[-1][0])
        assert body == {"query": [{"and": True, "filters": [
            {"type": "fields_v2", "subtype": "custom",
             "field": f'"custom"::{schema.field("seats").id}',
             "condition": ">", "value": 5},
            {"type": "fields_v2", "subtype": "custom", "field": f'"custom"::{priority.id}',
             "condition": "=", "value": high}]}], "and": True}
        browse(app).copy_query_as("curl")
        curl = copied[-1][0]
        assert '-H "X-API-KEY: $KIZEN_API_KEY"' in curl
        assert DEMO_CREDENTIALS.api_key not in curl
        words = shlex.split(curl.replace("\\\n", " "))
        assert json.loads(words[words.index("--data-raw") + 1]) == body
        assert urlsplit(words[words.index("POST") + 1]).path.endswith("/api/records/deals/search")
        browse(app).copy_query_as("spec")
        assert json.loads(copied[-1][0]) == {"all": [
            {"field": "seats", "op": ">", "value": 5},
            {"field": "priority", "op": "=", "value": "High"}]}
        browse(app).copy_query_as("query")
        assert copied[-1] == ("seats > 5 and priority = High", "the one-line query")


async def test_group_ids_scope_the_grid_and_the_copy(make_app: Any) -> None:
    app = make_app("deals")
    copied: list[tuple[str, str]] = []
    group = seed.group_id("deals", "Key Accounts")
    async with app.run_test(size=SIZE) as pilot:
        app.copy_text = lambda text, what: copied.append((text, what))
        await settle(pilot)
        browse(app).action_filter_groups()
        await pilot.pause()
        await pilot.click("#in-group-ids")
        await pilot.press(*group, "enter")
        await settle(pilot)
        screen = browse(app)
        assert screen.grid_query is not None and screen.grid_query.in_group_ids == (group,)
        expected = await expected_ids(app, "deals", None, in_group_ids=[group])
        assert grid_ids(app) == expected and len(expected) < 100
        assert "in groups" in str(screen.query_one(StatusLine).render())
        screen.copy_query_as("curl")
        words = shlex.split(copied[-1][0].replace("\\\n", " "))
        url = words[words.index("POST") + 1]
        assert parse_qs(urlsplit(url).query)["in_group_ids"] == [group]
        await type_query(pilot, "stage = Won")
        spec = {"all": [{"field": "stage", "op": "=", "value": "Won"}]}
        assert grid_ids(app) == await expected_ids(app, "deals", spec, in_group_ids=[group])
        await pilot.press("X")
        await settle(pilot)
        assert screen.grid_query.in_group_ids == ()


async def test_tags_are_loaded_for_dynamic_tag_filters(make_app: Any) -> None:
    app = make_app("deals")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        schema = await app.require_schema().schema("deals")
        tags_field = schema.field("lead_tags")
        assert tags_field is not None
        tags = (await app.client.list_tags(schema.object, tags_field.id)).results
        label = tags[0].name
        await type_query(pilot, f'lead_tags has any ("{label}")')
        bar = browse(app).filter_bar
        assert not bar.error
        group = parse_query(f'lead_tags has any ("{label}")', schema.fields,
                            tags={tags_field.id: tags})
        assert grid_ids(app) == await expected_ids(
            app, "deals", compile_filter(group, schema.fields, tags={tags_field.id: tags}))
        await pilot.press("F")
        bar.input.value = "lead_tags has "
        bar.update_suggestions()
        assert label in [s.text.strip('"') for s in bar.suggestions]
