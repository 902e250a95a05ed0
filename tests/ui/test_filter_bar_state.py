"""Pilot tests of what the filter bar and the status line show around a filter: refused ids,
errors that outlive their text, the placeholder's example, long filters, integer echoes."""

from __future__ import annotations

from typing import Any

from kizen_tui.ui.widgets.record_grid import RecordGrid
from kizen_tui.ui.widgets.status_line import StatusLine
from tests.ui.test_filter_bar import SIZE, browse, searches, settle, type_query


def status_shown(app: Any) -> str:
    """The status line as it is drawn (one row, cut to the widget's width)."""
    line = browse(app).query_one(StatusLine)
    return "".join(segment.text for segment in line.render_line(0)).rstrip()


async def company_ids(app: Any, count: int) -> list[str]:
    """The ids of the first `count` companies of the sandbox."""
    page = await app.client.search_records("companies", page_size=count)
    return [record.id for record in page.results]


async def test_a_relationship_value_that_is_not_a_record_id_is_refused(make_app: Any) -> None:
    app = make_app("deals")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        (birch,) = await company_ids(app, 1)
        before = searches(app)
        text = f'company contains ({birch}, "Birch Works Co")'
        await type_query(pilot, text)
        bar = browse(app).filter_bar
        assert searches(app) == before, "nothing is sent"
        assert bar.error.startswith("expected a record id (a UUID), got 'Birch Works Co'")
        assert "copy a record's id with y" in bar.error
        caret = str(bar.query_one("#filter-error").render()).splitlines()[0]
        start = text.index('"Birch')
        assert caret == " " * start + "^" * len('"Birch Works Co"')
        assert browse(app).grid_query is not None and browse(app).grid_query.body is None


async def test_a_team_member_value_must_be_an_id_or_is_me(make_app: Any) -> None:
    app = make_app("deals")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = searches(app)
        await type_query(pilot, "owner in (Ravi)")
        bar = browse(app).filter_bar
        assert bar.error.startswith("expected a team member id (a UUID) or is_me, got 'Ravi'")
        assert searches(app) == before
        await type_query(pilot, "owner = is_me")
        assert not bar.error and searches(app) == before + 1


async def test_escape_restores_the_active_filter_and_drops_the_stale_error(
        make_app: Any) -> None:
    app = make_app("deals")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_query(pilot, "stage = Won")
        bar = browse(app).filter_bar
        await pilot.press("F", "ctrl+a", "ctrl+k", *"nosuch = 1", "enter")
        await settle(pilot)
        assert bar.error.startswith("unknown field 'nosuch'")
        await pilot.press(*" and seats > 5")
        assert not bar.error, "the error was about the refused text, not the edited one"
        assert not bar.has_class("-error")
        bar.close_suggestions()
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is browse(app).query_one(RecordGrid)
        assert bar.input.value == "stage = Won", "the bar shows the filter the grid has"
        assert not bar.error and not bar.has_class("-error")
        assert "filter: stage = Won" in status_shown(app)


async def test_escape_straight_after_an_error_clears_it(make_app: Any) -> None:
    app = make_app("deals")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_query(pilot, "nosuch = 1")
        bar = browse(app).filter_bar
        assert bar.error and bar.has_class("-error")
        await pilot.press("escape")
        await settle(pilot)
        assert bar.input.value == "" and not bar.error and not bar.has_class("-error")


async def test_placeholder_example_uses_the_objects_fields(make_app: Any) -> None:
    app = make_app("deals")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        deals = browse(app).filter_bar.input.placeholder
        assert deals.startswith("F filter: stage in (")
        assert "entity_value >= 10000" in deals and "status in (Open" not in deals
        browse(app).open_object("companies")
        await settle(pilot)
        companies = browse(app).filter_bar.input.placeholder
        assert companies != deals and "stage" not in companies
        assert companies.endswith(" · {json spec} · @file.json")


async def test_a_long_filter_is_cut_with_an_ellipsis_in_the_status_line(
        make_app: Any) -> None:
    app = make_app("deals")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        ids = await company_ids(app, 3)
        await type_query(pilot, f"company contains ({', '.join(ids)})")
        shown = status_shown(app)
        assert "filter: company contains (" in shown
        assert shown.endswith("…"), shown


async def test_a_whole_number_on_an_integer_field_is_echoed_without_a_fraction(
        make_app: Any) -> None:
    app = make_app("deals")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_query(pilot, "seats >= 1e3")
        screen = browse(app)
        assert screen.filter_bar.input.value == "seats >= 1000"
        assert "filter: seats >= 1000 " in status_shown(app) + " "
        assert screen.grid_query is not None and screen.grid_query.body is not None
        (condition,) = screen.grid_query.body["query"][0]["filters"]
        assert condition["value"] == 1000 and isinstance(condition["value"], int)
