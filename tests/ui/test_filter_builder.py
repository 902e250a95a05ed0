"""The filter builder: its tree edits (pure) and pilot flows against the sandbox."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input, Select, SelectionList, Static

from kizen_tui.domain.filter_fields import FieldKind
from kizen_tui.domain.filters import Condition, Group
from kizen_tui.sandbox import seed
from kizen_tui.ui.screens import filter_builder
from kizen_tui.ui.screens import filter_builder_model as tree
from kizen_tui.ui.screens.filter_builder import FilterBuilder
from kizen_tui.ui.screens.filter_value_editor import ValueEditor, editor_mode
from tests.ui.test_filter_bar import SIZE, browse, expected_ids, grid_ids, settle, type_query


@pytest.fixture(autouse=True)
def _no_count_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filter_builder, "COUNT_DEBOUNCE", 0.0)


def label(cond: Condition) -> str:
    return f"{cond.field} {cond.op} {cond.value}"


# -- the tree model --------------------------------------------------------------------------


def test_rows_paths_and_labels() -> None:
    group = Group("all", [Condition("a", "=", 1),
                          Group("any", [Condition("b", "=", 2), Condition("c", "=", 3)])])
    assert [(r.path, r.depth, r.is_group, r.label) for r in tree.rows(group, label)] == [
        ((), 0, True, "Match ALL of"), ((0,), 1, False, "a = 1"), ((1,), 1, True, "ANY of"),
        ((1, 0), 2, False, "b = 2"), ((1, 1), 2, False, "c = 3")]


def test_add_remove_toggle() -> None:
    group = Group("all", [Condition("a", "=", 1)])
    assert tree.add_condition(group, (0,)) == (1,)
    path = tree.add_group(group)
    assert path == (2, 0) and isinstance(group.items[2], Group) and group.items[2].mode == "any"
    assert tree.add_condition(group, (2, 0)) == (2, 1)  # goes into the inner group
    tree.toggle_mode(group, (2, 1))
    assert isinstance(group.items[2], Group) and group.items[2].mode == "all"
    tree.toggle_mode(group, ())
    assert group.mode == "any"
    assert tree.remove(group, (2, 1)) == (2, 0)
    assert tree.remove(group, (2, 0)) == (1,), "an emptied inner group goes too"
    assert len(group.items) == 2
    assert tree.remove(group, ()) == () and group.items == []


def test_pruned_preview_incomplete() -> None:
    group = Group("all", [Condition("a", "=", 1), tree.new_condition(),
                          Group("any", [tree.new_condition()]),
                          Group("any", [Condition("b", "=", None), Condition("c", "is_blank")])])
    pruned = tree.pruned(group)
    assert pruned == Group("all", [Condition("a", "=", 1), Group("any", [
        Condition("b", "=", None), Condition("c", "is_blank")])])
    assert tree.preview(group, label) == "a = 1 and (b = None or c is_blank None)"
    assert tree.incomplete(group)
    assert not tree.incomplete(Group("all", [Condition("c", "is_blank"), tree.new_condition()]))
    copy = tree.copy_group(pruned)
    copy.items.pop()
    assert len(pruned.items) == 2, "the copy is independent"


@pytest.mark.parametrize(("kind", "op", "options", "mode"), [
    (FieldKind.SINGLE, "=", ["x"], "choice"), (FieldKind.SINGLE, "is_any_of", ["x"], "choices"),
    (FieldKind.MULTI, "has_all", ["x"], "choices"), (FieldKind.NUMBER, "between", [], "range"),
    (FieldKind.DATE, "month_equals", [], "month"), (FieldKind.TEXT, "is_blank", [], "none"),
    (FieldKind.RELATIONSHIP, "contains", [], "related"), (FieldKind.CHECKBOX, "=", [], "bool"),
    (FieldKind.DATE, ">", [], "text"), (FieldKind.PERSON, "is_me", [], "none"),
    (None, "", [], "none"),
])
def test_editor_mode(kind: FieldKind | None, op: str, options: list[Any], mode: str) -> None:
    assert editor_mode(kind, op, options) == mode


# -- pilot flows -----------------------------------------------------------------------------


def builder(app: Any) -> FilterBuilder:
    assert isinstance(app.screen, FilterBuilder)
    return app.screen


def count_text(app: Any) -> str:
    return str(builder(app).query_one("#builder-count", Static).render())


async def test_builder_condition_count_and_apply(make_app: Any) -> None:
    app = make_app("deals")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        screen = builder(app)
        assert screen.query_one("#field-search", Input).has_focus
        await pilot.press(*"stag", "enter")
        await settle(pilot)
        ops = screen.query_one("#op-select", Select)
        assert ops.has_focus and ops.value == "="
        assert [value for _, value in ops._options if value is not Select.NULL] == [
            "=", "!=", "is_any_of", "not_any_of"]
        ops.value = "is_any_of"
        await settle(pilot)
        stage = screen.schema.field("stage")
        assert stage is not None
        ids = {o.name: o.id for o in stage.options}
        values = screen.query_one("#value-list", SelectionList)
        values.select(ids["Won"])
        values.select(ids["Lost"])
        await settle(pilot)
        condition = screen.group.items[0]
        assert isinstance(condition, Condition) and sorted(condition.value) == ["Lost", "Won"]
        expected = await expected_ids(app, "deals", {"all": [
            {"field": "stage", "op": "is_any_of", "value": ["Won", "Lost"]}]},
            page_size=1000)
        assert screen.count == len(expected)
        assert count_text(app) == f"{len(expected)} matching records"
        query = str(screen.query_one("#builder-query", Static).render())
        assert query == "query: stage in (Won, Lost)"
        await pilot.click("#apply")
        await settle(pilot)
        main = browse(app)
        assert main.filter_bar.input.value == "stage in (Won, Lost)"
        assert main.pager.count == len(expected)
        await type_query(pilot, "stage in (Won, Lost)")
        typed_body = main.grid_query.body if main.grid_query else None
        await pilot.press("f")
        await settle(pilot)
        assert [r.label for r in builder(app).rows] == ["Match ALL of",
                                                        "stage in (Won, Lost)"]
        await pilot.press("escape")
        await settle(pilot)
        assert main.grid_query is not None and main.grid_query.body == typed_body


async def test_builder_opens_with_the_filter_and_edits_groups(make_app: Any) -> None:
    app = make_app("deals")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_query(pilot, "seats > 5 and (priority = High or priority = Urgent)")
        await pilot.press("f")
        await settle(pilot)
        screen = builder(app)
        assert [r.label for r in screen.rows] == [
            "Match ALL of", "seats > 5", "ANY of", "priority = High", "priority = Urgent"]
        assert screen.query_one("#builder-rows").has_focus
        assert screen.path == (0,), "the first condition is loaded in the editor"
        assert screen.query_one("#value-input", Input).value == "5"
        value = screen.query_one("#value-input", Input)
        value.focus()
        value.cursor_position = len(value.value)
        await pilot.press("backspace", "9", "0", "0", "0")
        await settle(pilot)
        assert screen.group.items[0] == Condition("seats", ">", 9000)
        screen.query_one("#builder-rows").focus()
        await pilot.press("down", "down", "x")  # remove "priority = High"
        await settle(pilot)
        assert [r.label for r in screen.rows] == [
            "Match ALL of", "seats > 9000", "ANY of", "priority = Urgent"]
        await pilot.press("m")  # the row is in the ANY group: it becomes ALL
        await settle(pilot)
        assert isinstance(screen.group.items[1], Group) and screen.group.items[1].mode == "all"
        await pilot.press("ctrl+s")
        await settle(pilot)
        main = browse(app)
        assert main.filter_bar.input.value == "seats > 9000 and priority = Urgent"
        spec = {"all": [{"field": "seats", "op": ">", "value": 9000},
                        {"field": "priority", "op": "=", "value": "Urgent"}]}
        assert grid_ids(app) == await expected_ids(app, "deals", spec)


async def test_invalid_value_keeps_the_builder_open(make_app: Any) -> None:
    app = make_app("deals")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = main_query = browse(app).grid_query
        await pilot.press("f")
        await settle(pilot)
        await pilot.press(*"seats", "enter")
        await settle(pilot)
        screen = builder(app)
        await pilot.click("#value-input")
        await pilot.press(*"lots")
        await settle(pilot)
        error = str(screen.query_one("#condition-error", Static).render())
        assert "expected a number" in error
        assert "⚠" in count_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen, "an invalid filter is not applied"
        await pilot.press("escape")
        await settle(pilot)
        assert browse(app).grid_query == before == main_query


async def test_blank_checks_need_no_value_and_related_records_are_searched(
        make_app: Any) -> None:
    app = make_app("deals")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        screen = builder(app)
        await pilot.press(*"company", "enter")
        await settle(pilot)
        assert screen.query_one("#op-select", Select).value == "contains"
        await pilot.click("#value-search")
        await pilot.press(*"acme")
        await settle(pilot)
        editor = screen.query_one(ValueEditor)
        assert [label for _, label in editor._results] == [seed.ACME_NAME]
        await pilot.click("#value-results", offset=(4, 1))
        await settle(pilot)
        acme_id = editor._results[0][0]
        assert screen.group.items[0] == Condition("company", "contains", [acme_id])
        assert screen.rows[1].label == f"company contains ({acme_id})"
        await pilot.click("#add-condition")
        await pilot.press(*"next step", "enter")
        await settle(pilot)
        screen.query_one("#op-select", Select).value = "not_blank"
        await settle(pilot)
        assert screen.query_one("#value-none") is not None
        assert screen.group.items[1] == Condition("next_step", "not_blank", None)
        assert count_text(app).endswith("matching records")
        await pilot.press("ctrl+s")
        await settle(pilot)
        spec = {"all": [{"field": "company", "op": "contains", "value": [acme_id]},
                        {"field": "next_step", "op": "not_blank"}]}
        assert grid_ids(app) == await expected_ids(app, "deals", spec)
        for record in browse(app).grid.records:
            assert record.value("next_step")
