"""Pilot tests of the grid export (`x`): every page of a filtered query to CSV / JSON / JSON
lines, written 0600; cancelling leaves no file; and the web link keys (`o`, `L`)."""

from __future__ import annotations

import asyncio
import csv
import json
import stat
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Checkbox, Input, RadioButton

from kizen_tui.api import KizenClient, KizenError
from kizen_tui.ui.screens import export
from kizen_tui.ui.screens.export import ExportDialog, ExportProgress
from tests.ui.test_browse import SIZE
from tests.ui.test_edit import until
from tests.ui.test_filter_bar import browse, settle, type_query

QUERY = "stage in (Won, Lost)"


async def expected(client: KizenClient, app: Any) -> list[dict[str, Any]]:
    """The records of the grid's query, straight from the client."""
    query = browse(app).grid_query
    assert query is not None and query.body is not None
    out = []
    async for page in client.iter_pages("deals", page_size=100,
                                        **export.search_options(query)):
        out += [r.model_dump(mode="json", exclude_unset=True, by_alias=True)
                for r in page.results]
    return out


async def run_export(pilot: Any, path: Path, fmt: str = "csv", raw: bool = False) -> None:
    app = pilot.app
    await pilot.press("x")
    await until(pilot, lambda: isinstance(app.screen, ExportDialog), "the export dialog")
    dialog = app.screen
    assert dialog.query_one("#export-path", Input).value.startswith("~/deals-")
    if fmt != "csv":
        dialog.query_one(f"#fmt-{fmt}", RadioButton).value = True
        await pilot.pause()
    dialog.query_one("#export-raw", Checkbox).value = raw
    dialog.query_one("#export-path", Input).value = str(path)
    await pilot.click("#export-go")
    await settle(pilot)


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
async def test_export_all_pages_of_a_filtered_query(
        make_app: Any, kizen_client: KizenClient, tmp_path: Path, fmt: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "EXPORT_PAGE_SIZE", 7)  # several pages
    app = make_app("deals")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_query(pilot, QUERY)
        want = await expected(kizen_client, app)
        assert len(want) > 7
        path = tmp_path / f"out.{fmt}"
        await run_export(pilot, path, fmt)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        text = path.read_text(encoding="utf-8")
        if fmt == "json":
            got = json.loads(text)
        elif fmt == "jsonl":
            got = [json.loads(line) for line in text.splitlines()]
        else:
            rows = list(csv.DictReader(text.splitlines()))
            assert [r["id"] for r in rows] == [r["id"] for r in want]
            assert {"id", "name", "stage"} <= set(rows[0])
            stages = {r["stage"] for r in rows}
            assert stages <= {"Won", "Lost"}, "displayed text, not raw option ids"
            return
        assert [r["id"] for r in got] == [r["id"] for r in want]
        assert got == want


async def test_csv_raw_values(make_app: Any, tmp_path: Path) -> None:
    app = make_app("deals")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_query(pilot, QUERY)
        path = tmp_path / "raw.csv"
        await run_export(pilot, path, "csv", raw=True)
        rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
        assert rows and all(r["stage"] not in ("Won", "Lost") for r in rows)


async def test_cancel_mid_export_writes_nothing(
        make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "EXPORT_PAGE_SIZE", 5)
    app = make_app("deals")
    pages = 0
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        real = app.client.search_records

        async def slow(*args: Any, **kwargs: Any) -> Any:
            nonlocal pages
            pages += 1
            if pages >= 3:  # the third page never comes: the user gives up
                await asyncio.Event().wait()
            return await real(*args, **kwargs)

        monkeypatch.setattr(app.client, "search_records", slow)
        path = tmp_path / "cancelled.csv"
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ExportDialog), "the dialog")
        app.screen.query_one("#export-path", Input).value = str(path)
        await pilot.click("#export-go")
        await until(pilot, lambda: isinstance(app.screen, ExportProgress) and pages >= 3,
                    "the export to be under way")
        # The pages that came are already on disk, in a private temporary file beside the
        # target (nothing is held in memory), and the target does not exist yet.
        assert not path.exists()
        (partial,) = tmp_path.iterdir()
        assert partial.name.startswith(".cancelled.csv.")
        assert stat.S_IMODE(partial.stat().st_mode) == 0o600
        assert len(partial.read_text(encoding="utf-8").splitlines()) == 1 + 2 * 5
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ExportProgress), "cancel")
        await pilot.pause()
    assert list(tmp_path.iterdir()) == [], "no file, no temporary file"


async def test_failed_export_writes_nothing_and_keeps_the_old_file(
        make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "EXPORT_PAGE_SIZE", 5)
    app = make_app("deals")
    pages = 0
    path = tmp_path / "deals.csv"
    path.write_text("the previous export\n", encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        real = app.client.search_records

        async def failing(*args: Any, **kwargs: Any) -> Any:
            nonlocal pages
            pages += 1
            if pages >= 3:
                raise KizenError("the server went away on page 3")
            return await real(*args, **kwargs)

        monkeypatch.setattr(app.client, "search_records", failing)
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ExportDialog), "the dialog")
        app.screen.query_one("#export-path", Input).value = str(path)
        await pilot.click("#export-go")
        await until(pilot, lambda: pages >= 3 and not isinstance(app.screen, ExportProgress),
                    "the export to fail")
        await pilot.pause()
        shown = [n.message for n in app._notifications]
    assert any("Export failed" in m for m in shown), shown
    assert path.read_text(encoding="utf-8") == "the previous export\n"
    assert list(tmp_path.iterdir()) == [path]


async def test_open_and_copy_link(make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app("companies")
    opened: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
        await pilot.press("o")
        await settle(pilot)
        assert opened == []
        assert any("record_url_template" in str(n.message) for n in app._notifications)
        options = app.settings.settings.for_profile(app.profile)
        options.record_url_template = "{base_url}/o/{object_name}/{record_id}"
        copied: list[str] = []
        monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
        record = browse(app).grid.current_record
        assert record is not None
        await pilot.press("o")
        await settle(pilot)
        assert opened == [f"{app.connection.base_url.rstrip('/')}/o/companies/{record.id}"]
        await pilot.press("L")
        await pilot.pause()
        assert copied == opened
