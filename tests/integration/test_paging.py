"""Pagination edges through the real client: empty, one page, partial last page, past the end."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from kizen_tui.api import KizenClient, NotFound
from kizen_tui.sandbox import seed
from tests.integration.helpers import field_def, ids, search_ids


@pytest.fixture
def sandbox(module_sandbox: Starlette) -> Starlette:
    """These tests only read: they share one sandbox."""
    return module_sandbox


async def test_empty_result(api: KizenClient) -> None:
    page = await api.search_records("companies", search="zzz-no-such-company")
    assert (page.count, page.results, page.next, page.previous) == (0, [], None, None)
    pages = [p async for p in api.iter_pages("companies", search="zzz-no-such-company")]
    assert len(pages) == 1 and pages[0].results == []
    with pytest.raises(NotFound) as past:
        await api.search_records("companies", search="zzz-no-such-company", page=2)
    assert "Invalid page." in str(past.value)


async def test_exactly_one_page(api: KizenClient) -> None:
    total = (await api.search_records("projects", page_size=1)).count
    assert total is not None and total > 2
    page = await api.search_records("projects", page_size=total)
    assert len(page.results) == total and page.next is None and page.previous is None
    pages = [p async for p in api.iter_pages("projects", page_size=total)]
    assert len(pages) == 1


async def test_last_partial_page_and_links(api: KizenClient) -> None:
    total = (await api.search_records("projects", page_size=1)).count
    assert total is not None
    size = total - 1
    first = await api.search_records("projects", page_size=size, ordering="-created")
    assert len(first.results) == size and first.previous is None
    assert first.next is not None and "page=2" in first.next and "ordering=-created" in first.next
    last = await api.search_records("projects", page=2, page_size=size, ordering="-created")
    assert len(last.results) == 1 and last.next is None and last.previous is not None
    assert not set(ids(first)) & set(ids(last))
    assert set(ids(first)) | set(ids(last)) == await search_ids(api, "projects")


async def test_page_past_the_end_is_a_readable_not_found(api: KizenClient) -> None:
    total = (await api.search_records("projects", page_size=1)).count
    assert total is not None
    with pytest.raises(NotFound) as caught:
        await api.search_records("projects", page=2, page_size=total)
    error = caught.value
    assert error.status == 404 and error.body == {"detail": "Invalid page."}
    assert str(error).startswith("404 Not Found from POST /api/records/projects/search: "
                                 "Invalid page.")
    with pytest.raises(NotFound):
        await api.list_objects(page=2)
    field = await field_def(api, "companies", seed.BIG_RELATIONSHIP_FIELD)
    with pytest.raises(NotFound):
        await api.list_field_values(seed.BIG_RELATIONSHIP_RECORD_ID, field.id, page=2,
                                    page_size=seed.BIG_RELATIONSHIP_SIZE)


async def test_page_size_one(asgi_api: KizenClient) -> None:
    pages = [p async for p in asgi_api.iter_pages("deals", page_size=1, field_names=["name"])]
    assert all(len(p.results) == 1 for p in pages)
    assert len(pages) == pages[0].count
    assert {p.results[0].id for p in pages} == await search_ids(asgi_api, "deals")


async def test_page_size_thousand(api: KizenClient) -> None:
    page = await api.search_records("client_client", page_size=1000)
    assert page.count == len(page.results) > 100 and page.next is None
    for bad in (0, 1001):
        with pytest.raises(ValueError):
            await api.search_records("client_client", page_size=bad)
    with pytest.raises(ValueError):
        await api.search_records("client_client", page=0)
