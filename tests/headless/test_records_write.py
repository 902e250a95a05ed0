"""`records update | add | upsert | archive | unarchive`, against a demo sandbox kept in a file
(`--db`) so one command's write is seen by the next."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kizen_tui.sandbox.seed import (
    ACME_NAME,
    ACME_RECORD_ID,
    ARCHIVED_RECORD_ID,
    ARCHIVED_RECORD_NAME,
    READ_ONLY_FIELD,
    VIEW_ONLY_RECORD_ID,
)

from .conftest import Result, Run
from .test_records_read import names


@pytest.fixture
def db(run: Run, tmp_path: Path) -> Any:
    """Run commands against one demo sandbox that persists in a SQLite file."""
    path = str(tmp_path / "sandbox.db")

    def invoke(*args: str) -> Result:
        return run(*args, "--db", path)

    return invoke


def value(record: dict[str, Any], name: str) -> Any:
    """The raw value of a field of a raw record (None when absent)."""
    return next((e.get("value") for e in record["fields"].values() if e["name"] == name), None)


def test_update_dry_run_prints_the_body_and_sends_nothing(db: Any) -> None:
    result = db("records", "update", "companies", ACME_RECORD_ID, "--set", "tier=Silver",
                "--set", "employee_count=1,234", "--add", "regions=EMEA, APAC", "--dry-run")
    assert result.code == 0, result.err
    body = result.json()
    assert [e["name"] for e in body["fields"]] == ["tier", "regions", "employee_count"]
    by_name = {e["name"]: e for e in body["fields"]}
    assert by_name["employee_count"] == {"name": "employee_count", "value": 1234}
    assert set(by_name["tier"]["value"]) == {"id"}
    assert len(by_name["regions"]["add_values"]) == 2 and "value" not in by_name["regions"]
    assert "dry run" in result.err and "was not sent" in result.err
    after = db("records", "get", "companies", ACME_RECORD_ID).json()
    assert value(after, "employee_count") == 500  # unchanged


def test_update_sends_and_prints_the_record(db: Any) -> None:
    result = db("records", "update", "companies", ACME_RECORD_ID, "--set", "tier=Silver",
                "--add", "regions=EMEA,APAC")
    assert result.code == 0, result.err
    assert f"PATCH /api/records/companies/{ACME_RECORD_ID}" in result.err
    assert value(result.json(), "tier")["name"] == "Silver"
    again = db("records", "get", "companies", ACME_RECORD_ID).json()
    assert sorted(i["name"] for i in value(again, "regions")) == ["APAC", "EMEA"]
    removed = db("records", "update", "companies", ACME_RECORD_ID, "--remove", "regions=APAC",
                 "--dry-run")
    assert removed.json()["fields"][0]["remove_values"][0]["id"]
    noop = db("records", "update", "companies", ACME_RECORD_ID, "--set", "tier=Silver")
    assert noop.code == 0 and "nothing to change" in noop.err and noop.out == ""


def test_update_tags_use_existing_tag_ids(db: Any) -> None:
    tags = db("records", "search", "companies", "--filter", "keywords is not blank",
              "--fields", "keywords", "--limit", "1").json()
    tag = value(tags[0], "keywords")[0]
    result = db("records", "update", "companies", ACME_RECORD_ID, "--add",
                f"keywords={tag['name'].upper()}", "--add", "keywords=brand-new-tag",
                "--dry-run")
    assert result.code == 0, result.err
    assert result.json()["fields"][0]["add_values"] == [{"id": tag["id"]},
                                                        {"name": "brand-new-tag"}]


@pytest.mark.parametrize(("args", "message"), [
    (["--set", "tier=Platinum"], "'Platinum' is not one of: Gold, Silver, Bronze"),
    (["--set", "employee_count=lots"], "is not a number"),
    (["--set", f"{READ_ONLY_FIELD}=x"], "cannot be edited"),
    (["--add", "tier=Gold"], "holds a single value"),
    (["--set", "tier"], "expected FIELD=VALUE"),
    (["--set", "bogus=1"], "has no field 'bogus'"),
    ([], "nothing to write"),
])
def test_bad_values_are_usage_errors_and_nothing_is_sent(db: Any, args: list[str],
                                                         message: str) -> None:
    result = db("records", "update", "companies", ACME_RECORD_ID, *args)
    assert result.code == 2
    assert message in result.err
    assert "PATCH" not in result.err and result.out == ""


def test_read_only_refuses_writes(db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                  ) -> None:
    flag = db("records", "update", "companies", ACME_RECORD_ID, "--set", "tier=Silver",
              "--read-only")
    assert flag.code == 1 and "Read-only mode" in flag.err and "nothing was changed" in flag.err
    dry = db("records", "update", "companies", ACME_RECORD_ID, "--set", "tier=Silver",
             "--read-only", "--dry-run")
    assert dry.code == 0  # a dry run sends nothing, so read-only allows it
    archive = db("records", "archive", "companies", ACME_RECORD_ID, "--read-only")
    assert archive.code == 1 and "Read-only mode" in archive.err
    assert db("records", "get", "companies", ACME_RECORD_ID).code == 0


def test_server_rejection_is_an_api_error(db: Any) -> None:
    result = db("records", "update", "companies", VIEW_ONLY_RECORD_ID, "--set", "tier=Gold")
    assert result.code == 1
    assert "403" in result.err or "400" in result.err


def test_add_requires_required_fields_then_creates(db: Any) -> None:
    missing = db("records", "add", "companies", "--set", "name=Newco")
    assert missing.code == 2 and "industry: This field is required" in missing.err
    created = db("records", "add", "companies", "--set", "name=Newco", "--set",
                 "industry=Retail")
    assert created.code == 0, created.err
    record = created.json()
    assert record["action"] == "created" and value(record, "name") == "Newco"
    assert "created: Newco" in created.err
    found = db("records", "lookup", "companies", "Newco").json()
    assert found["id"] == record["id"]


def test_add_over_an_archived_name(db: Any) -> None:
    prompt = db("records", "add", "companies", "--set", f"name={ARCHIVED_RECORD_NAME}",
                "--set", "industry=Retail")
    assert prompt.code == 1
    assert "archived record with this name" in prompt.err
    restored = db("records", "add", "companies", "--set", f"name={ARCHIVED_RECORD_NAME}",
                  "--set", "industry=Retail", "--unarchive", "unarchive", "--format", "jsonl")
    assert restored.code == 0, restored.err
    assert restored.lines()[0]["action"] == "unarchived"
    assert restored.lines()[0]["id"] == ARCHIVED_RECORD_ID


def test_upsert_prints_the_action(db: Any) -> None:
    updated = db("records", "upsert", "companies", ACME_NAME, "--set", "tier=Bronze")
    assert updated.code == 0, updated.err
    assert updated.json()["action"] == "updated" and "updated: Acme Corporation" in updated.err
    created = db("records", "upsert", "companies", "Upsert Co", "--set", "industry=Finance")
    assert created.json()["action"] == "created"
    dry = db("records", "upsert", "companies", "Other Co", "--set", "industry=Finance",
             "--unarchive", "overwrite", "--dry-run")
    assert dry.json()["lookup_value"] == "Other Co"
    assert dry.json()["oncreate_unarchive"] == "overwrite"


def test_archive_then_unarchive(db: Any) -> None:
    archived = db("records", "archive", "companies", ACME_RECORD_ID)
    assert archived.code == 0, archived.err
    assert archived.json() == {"id": ACME_RECORD_ID, "action": "archived"}
    assert db("records", "get", "companies", ACME_RECORD_ID).code == 1
    search = db("records", "search", "companies", "--search", "Acme Corporation")
    assert ACME_NAME not in names(search.json())
    back = db("records", "unarchive", "companies", ACME_RECORD_ID)
    assert back.code == 0, back.err
    assert json.loads(back.out)["id"] == ACME_RECORD_ID
    assert db("records", "get", "companies", ACME_RECORD_ID).code == 0


def test_archive_missing_record_is_an_api_error(db: Any) -> None:
    result = db("records", "archive", "companies", "00000000-0000-4000-8000-000000000000")
    assert result.code == 1 and "404" in result.err


def test_update_put_sends_a_full_update_with_the_required_fields(db: Any) -> None:
    dry = db("records", "update", "companies", ACME_RECORD_ID, "--set", "employee_count=77",
             "--put", "--dry-run")
    assert dry.code == 0, dry.err
    assert f"PUT /api/records/companies/{ACME_RECORD_ID} was not sent" in dry.err
    entries = dry.json()["fields"]
    assert entries[0] == {"name": "employee_count", "value": 77}, "the change first"
    required = {e["name"]: e for e in entries[1:]}
    assert set(required) == {"name", "industry"}, "then every required field, as it is now"
    assert required["name"]["value"] == "Acme Corporation"
    assert set(required["industry"]["value"]) == {"id"}
    sent = db("records", "update", "companies", ACME_RECORD_ID, "--set", "employee_count=77",
              "--put")
    assert sent.code == 0, sent.err
    assert f"PUT /api/records/companies/{ACME_RECORD_ID}" in sent.err
    assert value(sent.json(), "employee_count") == 77
    assert value(sent.json(), "name") == "Acme Corporation"

