"""Seed determinism, sizes, special records, and the sandbox's import independence."""

from __future__ import annotations

import ast
from pathlib import Path

from kizen_tui.sandbox import seed
from kizen_tui.sandbox.app import open_store
from kizen_tui.sandbox.catalog import business

SANDBOX = Path(__file__).parents[2] / "kizen_tui" / "sandbox"


def snapshot(records: int, seed_value: int) -> list[tuple[object, ...]]:
    store = open_store(records=records, seed=seed_value, db_path=None)
    rows = store.query("SELECT id, f_name, f_industry, f_employee_count, f_created FROM "
                       "r_companies ORDER BY rid")
    links = store.query("SELECT * FROM links ORDER BY link, src, dst")
    store.close()
    return [tuple(r) for r in rows] + [tuple(r) for r in links]


def test_same_seed_same_data_other_seed_other_data() -> None:
    assert snapshot(60, 1) == snapshot(60, 1)
    other = snapshot(60, 2)
    assert other != snapshot(60, 1)
    assert other[0][0] == seed.COMPANY_IDS["ansi"]  # special records keep their ids


def test_sizes() -> None:
    assert seed.counts(500) == {"companies": 500, "deals": 500, "projects": 500,
                                "client_client": 500}
    big = seed.counts(100_000)
    assert big["companies"] == 100_000 and big["deals"] == seed.SECONDARY_CAP
    assert seed.counts(10)["client_client"] == seed.BIG_RELATIONSHIP_SIZE + 20
    assert seed.counts(10, {"deals": 3})["deals"] == 3
    store = open_store(records=60, seed=0, db_path=None, object_records={"projects": 7})
    assert store.scalar("SELECT COUNT(*) FROM r_projects") == 7
    assert store.scalar("SELECT COUNT(*) FROM r_companies") == 60


def test_special_records_and_hostile_values_exist() -> None:
    store = open_store(records=60, seed=0, db_path=None)
    names = {r[0] for r in store.query("SELECT f_name FROM r_companies")}
    assert set(seed.HOSTILE_NAMES) <= names
    assert {seed.LONG_TEXT_RECORD_NAME, seed.EMPTY_RECORD_NAME, seed.ARCHIVED_RECORD_NAME,
            seed.BIG_RELATIONSHIP_RECORD_NAME, seed.VIEW_ONLY_RECORD_NAME} <= names
    long_text = store.scalar("SELECT f_description FROM r_companies WHERE id = ?",
                             (seed.LONG_TEXT_RECORD_ID,))
    assert len(long_text) == 10_240
    emails = {r[0] for r in store.query("SELECT f_email FROM r_client_client")}
    assert set(seed.HOSTILE_CONTACT_EMAILS) <= emails
    assert any("\x1b]52" in n for n in names) and any("\u202e" in (r[0] or "") for r in
                                                        store.query("SELECT f_description FROM "
                                                                    "r_companies"))


def test_required_fields_constant_matches_the_catalog() -> None:
    for obj, names in seed.REQUIRED_FIELDS.items():
        assert names == [fd.name for fd in business()[obj].fields if fd.is_required]


def test_sandbox_never_imports_the_app_layers() -> None:
    forbidden = ("kizen_tui.api", "kizen_tui.domain", "kizen_tui.ui", "httpx")
    for path in SANDBOX.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(forbidden), f"{path.name} imports {name}"
