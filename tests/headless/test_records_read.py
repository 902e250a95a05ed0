"""`records search | get | lookup` in-process against the demo sandbox."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from kizen_tui.api import KizenClient, Page, Record
from kizen_tui.sandbox.seed import (
    ACME_NAME,
    ACME_RECORD_ID,
    ANSI_NAME,
    HIDDEN_FIELD,
    HOSTILE_NAMES,
    MARKUP_NAME,
)

from .conftest import FakeTty, Run


def names(records: list[dict[str, Any]]) -> list[str]:
    """The `name` value of each raw record."""
    return [next(e["value"] for e in r["fields"].values() if e["name"] == "name")
            for r in records]


def test_search_pipes_json_of_raw_api_records(run: Run) -> None:
    result = run("records", "search", "companies", "--limit", "5")
    assert result.code == 0, result.err
    records = result.json()
    assert len(records) == 5
    assert names(records)[:3] == HOSTILE_NAMES[:3]
    first = records[0]
    assert set(first) >= {"id", "fields", "access"}
    entry = next(iter(first["fields"].values()))
    assert set(entry) >= {"id", "name", "field_type", "value"}
    assert result.err == ""  # nothing on a non-terminal stderr when all went well


def test_search_jsonl_limit_spans_pages(run: Run) -> None:
    result = run("records", "search", "companies", "--limit", "7", "--page-size", "3",
                 "--format", "jsonl")
    assert result.code == 0, result.err
    assert len(result.lines()) == 7
    assert len({r["id"] for r in result.lines()}) == 7


def test_search_all_returns_every_record_once(run: Run) -> None:
    total = run("records", "search", "companies", "--limit", "1", "--format", "json")
    count = run("records", "search", "companies", "--all", "--page-size", "50",
                "--format", "jsonl")
    assert count.code == 0, count.err
    ids = [r["id"] for r in count.lines()]
    assert len(ids) == len(set(ids)) > 100
    assert ACME_RECORD_ID in ids
    assert total.code == 0


def test_search_filter_one_line_query(run: Run) -> None:
    result = run("records", "search", "companies", "--filter",
                 "industry = Software and employee_count > 1000", "--fields",
                 "name,industry,employee_count", "--format", "csv", "--all")
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert rows and all(r["industry"] == "Software" for r in rows)
    assert all(int(r["employee_count"]) > 1000 for r in rows)
    assert list(rows[0]) == ["id", "name", "industry", "employee_count"]


def test_search_filter_spec_json_and_file(run: Run, tmp_path: Path) -> None:
    spec = {"all": [{"field": "name", "op": "=", "value": ACME_NAME}]}
    inline = run("records", "search", "companies", "--filter", json.dumps(spec))
    assert inline.code == 0, inline.err
    assert names(inline.json()) == [ACME_NAME]
    path = tmp_path / "filter.json"
    path.write_text(json.dumps(spec))
    from_file = run("records", "search", "companies", "--filter", f"@{path}")
    assert from_file.json() == inline.json()
    query = tmp_path / "filter.txt"
    query.write_text(f'name = "{ACME_NAME}"\n')
    assert run("records", "search", "companies", "--filter", f"@{query}").json() == (
        inline.json())


def test_search_filter_wire_body(run: Run) -> None:
    body = {"and": True, "query": [{"and": True, "filters": [
        {"type": "fields", "subtype": "non_custom", "field": "name", "condition": "=",
         "value": ACME_NAME}]}]}
    result = run("records", "search", "companies", "--filter", json.dumps(body))
    assert result.code == 0, result.err
    assert names(result.json()) == [ACME_NAME]


def test_search_text_order_and_fields(run: Run) -> None:
    result = run("records", "search", "companies", "--search", "Acme", "--order", "-name",
                 "--fields", "name")
    assert result.code == 0, result.err
    found = names(result.json())
    assert ACME_NAME in found and found == sorted(found, reverse=True)
    assert all(len(r["fields"]) == 1 for r in result.json())


def test_bad_filter_is_a_usage_error_with_the_position(run: Run) -> None:
    result = run("records", "search", "companies", "--filter", "industry = Softwar")
    assert result.code == 2
    assert result.out == ""
    assert "unknown option 'Softwar'" in result.err and "at character 12" in result.err
    assert "^^^^^^^" in result.err
    assert "Traceback" not in result.err


def test_bad_filter_spec_and_json(run: Run, tmp_path: Path) -> None:
    spec = run("records", "search", "companies", "--filter",
               '{"all": [{"field": "nope", "op": "=", "value": 1}]}')
    assert spec.code == 2 and "all[0]" in spec.err and "nope" in spec.err
    broken = run("records", "search", "companies", "--filter", '{"all": [')
    assert broken.code == 2 and "not valid JSON" in broken.err and "line 1 column" in broken.err
    missing = run("records", "search", "companies", "--filter", f"@{tmp_path / 'none.json'}")
    assert missing.code == 2 and "cannot read" in missing.err


@pytest.mark.parametrize(("args", "message"), [
    (["records", "search", "nope"], "there is no object 'nope'"),
    (["records", "search", "companies", "--fields", "name,bogus"], "--fields"),
    (["records", "search", "companies", "--order", "-bogus"], "--order"),
    (["records", "search", "companies", "--page-size", "5000"], "at most 1000"),
    (["records", "get", "companies", "not-a-uuid"], "must be a UUID"),
])
def test_usage_errors_exit_2(run: Run, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.code == 2
    assert message in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert result.out == ""


def test_argparse_errors_exit_2(run: Run) -> None:
    bogus = run("records", "search", "companies", "--bogus")
    assert bogus.code == 2 and "unrecognized arguments: --bogus" in bogus.err
    both = run("records", "search", "companies", "--all", "--limit", "3")
    assert both.code == 2 and "not allowed with" in both.err


def test_object_by_display_name(run: Run) -> None:
    result = run("records", "search", "Contacts", "--limit", "2")
    assert result.code == 0, result.err
    assert len(result.json()) == 2


def test_get_record_json_csv_table(run: Run) -> None:
    as_json = run("records", "get", "companies", ACME_RECORD_ID)
    assert as_json.code == 0, as_json.err
    assert as_json.json()["id"] == ACME_RECORD_ID
    as_csv = run("records", "get", "companies", ACME_RECORD_ID, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.out)))
    assert len(rows) == 1 and rows[0]["name"] == ACME_NAME and rows[0]["id"] == ACME_RECORD_ID
    table = run("records", "get", "companies", ACME_RECORD_ID, "--format", "table")
    assert ACME_NAME in table.out and "Access" in table.out and "Edit yes" in table.out


def test_get_hidden_fields_only_when_asked(run: Run) -> None:
    found = run("records", "search", "companies", "--filter", f"{HIDDEN_FIELD} is not blank",
                "--limit", "1")
    record_id = found.json()[0]["id"]
    plain = run("records", "get", "companies", record_id, "--format", "csv")
    hidden = run("records", "get", "companies", record_id, "--hidden", "--format", "csv")
    assert HIDDEN_FIELD not in plain.out.splitlines()[0]
    assert HIDDEN_FIELD in hidden.out.splitlines()[0]


def test_get_missing_record_is_an_api_error(run: Run) -> None:
    result = run("records", "get", "companies", "00000000-0000-4000-8000-000000000000")
    assert result.code == 1
    assert "404" in result.err and "request id" in result.err
    assert result.out == ""


def test_lookup_by_name_email_and_id(run: Run) -> None:
    by_name = run("records", "lookup", "companies", ACME_NAME)
    assert by_name.code == 0 and by_name.json()["id"] == ACME_RECORD_ID
    by_id = run("records", "lookup", "companies", ACME_RECORD_ID)
    assert by_id.json()["id"] == ACME_RECORD_ID
    contact = run("records", "lookup", "client_client", "cjk@example.com")
    assert contact.code == 0, contact.err
    missing = run("records", "lookup", "companies", "No Such Company")
    assert missing.code == 1 and "404" in missing.err


def test_table_of_hostile_names_is_inert(run: Run) -> None:
    result = run("records", "search", "companies", "--limit", "8", "--format", "table")
    assert result.code == 0, result.err
    assert "\x1b" not in result.out and "\x07" not in result.out
    assert MARKUP_NAME in result.out  # shown as text, not swallowed as markup
    assert "␛[31mred␛[0m Industries" in result.out


def test_csv_of_hostile_names_is_inert(run: Run) -> None:
    for extra in ([], ["--raw"]):
        result = run("records", "search", "companies", "--limit", "8", "--format", "csv",
                     *extra)
        assert result.code == 0, result.err
        assert "\x1b" not in result.out and "\x07" not in result.out
        rows = list(csv.DictReader(io.StringIO(result.out)))
        assert len(rows) == 8
        assert rows[4]["name"] == MARKUP_NAME
    assert rows[0]["name"] == ANSI_NAME.replace("\x1b", "\\u001b")


def test_progress_on_a_terminal_stderr(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    err = FakeTty()
    monkeypatch.setattr(sys, "stderr", err)
    result = run("records", "search", "companies", "--all", "--page-size", "40",
                 "--format", "jsonl")
    assert result.code == 0
    count = len(result.lines())
    assert f"{count:,} / {count:,} records" in err.text
    assert "40 / " in err.text
    assert err.text.endswith("\r\x1b[K")  # the progress line is cleared at the end


def test_more_records_hint_only_on_a_terminal(run: Run, monkeypatch: pytest.MonkeyPatch
                                              ) -> None:
    err = FakeTty()
    monkeypatch.setattr(sys, "stderr", err)
    run("records", "search", "companies", "--limit", "3")
    assert "3 of" in err.text and "--all" in err.text


def _interrupting_pages(pages_before: int) -> Any:
    real = KizenClient.iter_pages

    async def iter_pages(self: KizenClient, object: str, **options: Any
                         ) -> AsyncIterator[Page[Record]]:
        sent = 0
        async for page in real(self, object, **options):
            if sent == pages_before:
                raise KeyboardInterrupt
            yield page
            sent += 1

    return iter_pages


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "table"])
def test_ctrl_c_during_all_keeps_output_valid(run: Run, monkeypatch: pytest.MonkeyPatch,
                                              fmt: str) -> None:
    monkeypatch.setattr(KizenClient, "iter_pages", _interrupting_pages(2))
    result = run("records", "search", "companies", "--all", "--page-size", "25",
                 "--format", fmt)
    assert result.code == 130
    assert "stopped after 50 records" in result.err
    assert "Traceback" not in result.err
    if fmt == "json":
        assert len(result.json()) == 50
    elif fmt == "jsonl":
        assert len(result.lines()) == 50
    elif fmt == "csv":
        assert len(list(csv.DictReader(io.StringIO(result.out)))) == 50
    else:
        assert "Companies" in result.out


def test_search_from_a_view_saved_in_the_tui(run: Run) -> None:
    from kizen_tui.config import SavedView, save_view

    save_view(SavedView(name="Big software", object="companies",
                        filter={"all": [{"field": "industry", "op": "=", "value": "Software"},
                                        {"field": "employee_count", "op": ">", "value": 100}]},
                        columns=["name", "industry", "employee_count"],
                        ordering="-employee_count"))
    result = run("records", "search", "--view", "big software", "--format", "csv",
                 "--limit", "5")
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert list(rows[0]) == ["id", "name", "industry", "employee_count"]
    counts = [int(r["employee_count"]) for r in rows]
    assert counts == sorted(counts, reverse=True) and all(r["industry"] == "Software"
                                                          for r in rows)
    narrowed = run("records", "search", "companies", "--view", "Big software", "--fields",
                   "name", "--filter", "industry = Retail", "--format", "csv", "--limit", "3")
    assert narrowed.out.splitlines()[0] == "id,name"  # flags win over the view
    wrong = run("records", "search", "deals", "--view", "Big software")
    assert wrong.code == 2 and "is a view of 'companies'" in wrong.err
    missing = run("records", "search", "--view", "nope")
    assert missing.code == 2 and "No saved view named 'nope'" in missing.err
    neither = run("records", "search")
    assert neither.code == 2 and "give an OBJECT or --view" in neither.err


def test_table_output_does_not_load_textual(tmp_path: Path) -> None:
    """A headless command prints its table without importing the TUI (start-up cost, layering)."""
    code = ("import sys\nfrom kizen_tui.cli import main\n"
            "try:\n    code = main(['records', 'search', 'companies', '--demo', '--format', "
            "'table', '--limit', '3'])\n"
            "finally:\n    print('LOADED:', sorted(m for m in ('textual', 'kizen_tui.ui.widgets',"
            " 'kizen_tui.ui.screens') if m in sys.modules), file=sys.stderr)\n"
            "sys.exit(code)\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIZEN_")}
    for var in ("CONFIG", "DATA", "CACHE", "LOG"):
        env[f"KIZEN_TUI_{var}_DIR"] = str(tmp_path / var.lower())
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Acme" in proc.stdout or "Industries" in proc.stdout, proc.stdout
    assert "LOADED: []" in proc.stderr, proc.stderr[-2000:]
