"""Pages past DEEP_OFFSET come from a cached ordering: same rows as OFFSET, and writes show."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from kizen_tui.sandbox import create_app
from kizen_tui.sandbox import query as q
from kizen_tui.sandbox.store import Store


@pytest.fixture(scope="module")
def big() -> Starlette:
    return create_app(records=q.DEEP_OFFSET + 700, seed=3)


def offset_page(store: Store, table: str, sq: q.SearchQuery, offset: int) -> list[int]:
    sql = (f'SELECT t.rid FROM "{table}" AS t WHERE {sq.where} ORDER BY {sq.order} '
           "LIMIT ? OFFSET ?")
    return [row[0] for row in store.query(sql, [*sq.params, 100, offset])]


@pytest.mark.parametrize("ordering", ["", "-annual_revenue", "founded", "-name"])
def test_deep_pages_match_offset_paging(big: Starlette, ordering: str) -> None:
    store: Store = big.state.store
    obj = store.objects["companies"]
    sq = q.compile_search(store, obj, {"ordering": ordering}, {})
    total = q.count(store, obj, sq)
    for offset in (q.DEEP_OFFSET - 100, q.DEEP_OFFSET, q.DEEP_OFFSET + 250, total - 30):
        assert q.page_rids(store, obj, sq, 100, offset) == offset_page(store, obj.table, sq,
                                                                        offset)


def test_a_write_is_seen_on_deep_pages(big: Starlette) -> None:
    store: Store = big.state.store
    obj = store.objects["companies"]
    sq = q.compile_search(store, obj, {"ordering": "employee_count"}, {})
    deep = q.page_rids(store, obj, sq, 100, q.DEEP_OFFSET)
    moved = deep[0]
    with store.transaction() as conn:  # give it the lowest count: it jumps to the first page
        conn.execute(f'UPDATE "{obj.table}" SET f_employee_count = -1 WHERE rid = ?', (moved,))
    assert moved not in q.page_rids(store, obj, sq, 100, q.DEEP_OFFSET)
    assert q.page_rids(store, obj, sq, 100, 0)[0] == moved
    assert q.page_rids(store, obj, sq, 100, q.DEEP_OFFSET) == offset_page(
        store, obj.table, sq, q.DEEP_OFFSET)
