"""The index a search reads changes its speed, never its answer.

Counts may read a covering index and pages may walk an ordering index (`indexes.py`); both are
compared here with the same SQL forced to read the table itself (NOT INDEXED), on enough
records that pages walk indexes, blanks form large tie groups and offsets cross them.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from kizen_tui.sandbox import create_app, timeutil
from kizen_tui.sandbox import query as q
from kizen_tui.sandbox.indexes import ID_PREFIX
from kizen_tui.sandbox.store import Store
from tests.sandbox.helpers import cond, field, where


@pytest.fixture(scope="module")
def store() -> Store:
    app = create_app(records=3_000, seed=4)
    result: Store = app.state.store
    return result


def option(name: str, index: int) -> str:
    return str(field("companies", name).options[index].id)


BODIES: dict[str, dict[str, Any]] = {
    "none": {},
    "option": where(cond("companies", "industry", "=", option("industry", 1))),
    "range": where(cond("companies", "employee_count", ">", 20_000)),
    "blank": where(cond("companies", "annual_revenue", "is_blank", True)),
    "not blank": where(cond("companies", "founded", "is_blank", False)),
    "two options": where(cond("companies", "tier", "is_any_of", [option("tier", 0),
                                                                  option("tier", 1)]),
                         cond("companies", "is_partner", "=", True)),
    "owner": where(cond("companies", "owner", "=", "is_me"),
                   cond("companies", "account_status", "!=", option("account_status", 0))),
    "numbers": where(cond("companies", "annual_revenue", ">=", 100_000),
                     cond("companies", "rating", ">=", "3")),
    "text": where(cond("companies", "name", "contains", "a"),
                  cond("companies", "name", "contains", "e"), all_=False),
    "list": where(cond("companies", "regions", "has", [option("regions", 0)])),
    "mixed": where(cond("companies", "founded", ">", "2022-01-01"),
                   cond("companies", "industry", "!=", option("industry", 2))),
}
ORDERINGS = ["", "-name", "created", "-updated", "employee_count", "-employee_count",
             "annual_revenue", "-annual_revenue", "-score", "founded", "-founded",
             "-annual_revenue,name", "tier"]


def plain_count(store: Store, sq: q.SearchQuery) -> int:
    return int(store.scalar(f'SELECT COUNT(*) FROM "r_companies" AS t NOT INDEXED '
                            f"WHERE {sq.where}", sq.params))


def plain_page(store: Store, sq: q.SearchQuery, offset: int) -> list[int]:
    order = sq.order.replace(f"{ID_PREFIX}, ", "")  # the prefix must not change the order
    assert order != sq.order
    sql = (f'SELECT t.rid FROM "r_companies" AS t NOT INDEXED WHERE {sq.where} '
           f"ORDER BY {order} LIMIT 100 OFFSET ?")
    return [row[0] for row in store.query(sql, [*sq.params, offset])]


@pytest.mark.parametrize("name", BODIES)
def test_counts_and_pages_match_a_table_scan(store: Store, name: str) -> None:
    obj = store.objects["companies"]
    for ordering in ORDERINGS:
        sq = q.compile_search(store, obj, {"ordering": ordering}, BODIES[name])
        total = q.count(store, obj, sq)
        assert total == plain_count(store, sq), ordering
        for offset in (0, 100, 1_000, total - 50):
            if 0 <= offset < total:
                assert q.page_rids(store, obj, sq, 100, offset, total) == plain_page(
                    store, sq, offset), (ordering, offset)


def test_broad_filters_walk_the_ordering_index_and_counts_read_the_filter_index(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    def spy(real: Any) -> Any:
        def run(sql: str, *args: Any, **kwargs: Any) -> Any:
            seen.append(sql)
            return real(sql, *args, **kwargs)
        return run

    for method in ("query", "query_bounded", "count"):
        monkeypatch.setattr(store, method, spy(getattr(store, method)))
    monkeypatch.setattr(store, "_counts", {})
    obj = store.objects["companies"]
    sq = q.compile_search(store, obj, {"ordering": "-annual_revenue"}, BODIES["not blank"])
    q.page_rids(store, obj, sq, 100, 0)
    assert any('INDEXED BY "r_companies_annual_revenue_live"' in s for s in seen)
    sq = q.compile_search(store, obj, {}, BODIES["two options"])
    q.count(store, obj, sq)
    assert 'INDEXED BY "r_companies_live_filter"' in seen[-1]


def test_a_file_without_the_search_indexes_still_searches(tmp_path: Any) -> None:
    path = str(tmp_path / "old.db")
    old: Store = create_app(records=300, db_path=path).state.store
    for ix in old.indexes(old.objects["companies"]):
        old.conn.execute(f'DROP INDEX "{ix.name}"')
    old.close()
    store: Store = create_app(db_path=path).state.store
    obj = store.objects["companies"]
    sq = q.compile_search(store, obj, {"ordering": "-annual_revenue"}, BODIES["numbers"])
    total = q.count(store, obj, sq)
    assert total == plain_count(store, sq) > 0
    assert q.page_rids(store, obj, sq, 100, 0, total) == plain_page(store, sq, 0)


@pytest.mark.parametrize("row_seconds", [0.0, 1.0])
def test_a_walk_that_runs_out_of_time_gives_up_and_sorts_the_matches(
        store: Store, monkeypatch: pytest.MonkeyPatch, row_seconds: float) -> None:
    obj = store.objects["companies"]
    # Recently updated records are mostly recently created ones: walking `created` upwards
    # finds them only at the end (the case the budget is for; here the budget is forced).
    late = store.scalar('SELECT f_updated FROM "r_companies" ORDER BY f_updated DESC '
                        "LIMIT 1 OFFSET 1000")
    body = where(cond("companies", "updated", ">", timeutil.render(late)))
    sq = q.compile_search(store, obj, {"ordering": "created"}, body)
    total = q.count(store, obj, sq)
    outcomes: list[bool] = []
    real = store.query_bounded

    def spy(sql: str, params: Any, seconds: float) -> Any:
        rows = real(sql, params, seconds)
        outcomes.append(rows is None)
        return rows

    monkeypatch.setattr(store, "query_bounded", spy)
    monkeypatch.setattr(q, "WALK_MIN_ROWS", 0)
    monkeypatch.setattr(q, "ROW_SECONDS", row_seconds)
    assert q.page_rids(store, obj, sq, 100, 0, total) == plain_page(store, sq, 0)
    assert outcomes == [row_seconds == 0.0]


def test_bounded_query_gives_up_only_when_the_budget_is_spent(store: Store) -> None:
    sql = 'SELECT COUNT(*) FROM "r_companies" AS t NOT INDEXED WHERE t.f_name LIKE ?'
    full = store.query_bounded(sql, ["%a%"], seconds=10.0)
    assert full is not None and full[0][0] == store.scalar(sql, ["%a%"])
    assert store.query_bounded(sql, ["%a%"], seconds=0.0) is None
    assert store.query(sql, ["%a%"])[0][0] == full[0][0]  # the connection is usable after
    with pytest.raises(sqlite3.OperationalError):
        store.query_bounded("SELECT no_such_column FROM r_companies", [], seconds=0.0)
