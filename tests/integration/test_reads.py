"""Every read operation of the real client against the sandbox, in-process and over loopback."""

from __future__ import annotations

import math
from datetime import datetime
from itertools import pairwise
from typing import Any

import pytest
from starlette.applications import Starlette

from kizen_tui.api import Forbidden, KizenClient, NotFound
from kizen_tui.sandbox import seed
from tests.integration.helpers import (
    all_records,
    field_def,
    field_names,
    fields_of,
    fold,
    ids,
    search_ids,
)

# --- search ---------------------------------------------------------------------------------


@pytest.fixture
def sandbox(module_sandbox: Starlette) -> Starlette:
    """These tests only read: they share one sandbox."""
    return module_sandbox


async def test_text_search_matches_names_case_insensitively(api: KizenClient) -> None:
    everything = await all_records(api, "companies", field_names=["name"])
    expected = {r.id for r in everything if "acme" in fold(r.name or "")}
    page = await api.search_records("companies", search="ACME", field_names=["name"])
    assert set(ids(page)) == expected and page.count == len(expected)
    assert seed.ACME_RECORD_ID in expected
    assert seed.ARCHIVED_RECORD_ID not in expected  # archived records never show up
    words = await api.search_records("companies", search="acme corp")
    assert ids(words) == [seed.ACME_RECORD_ID]


async def test_contact_search_looks_in_email_and_names(api: KizenClient) -> None:
    contacts = await all_records(api, "client_client", field_names=["email", "first_name"])
    target = next(r for r in contacts if (r.value("email") or "").endswith("@example.com")
                  and r.value("email") not in seed.HOSTILE_CONTACT_EMAILS)
    local = target.value("email").split("@")[0]
    assert target.id in await search_ids(api, "client_client", search=local)
    first = target.value("first_name")
    expected = {r.id for r in contacts
                if fold(first) in fold(" ".join(str(r.value(k) or "") for k in
                                                ("email", "first_name")))}
    found = await search_ids(api, "client_client", search=first)
    assert target.id in found and found >= expected


async def test_search_within_field_names_changes_where_search_looks(api: KizenClient) -> None:
    rows = await all_records(api, "companies", field_names=["name", "website"])
    term = "example"  # every generated website is https://<word>.example.com
    by_site = {r.id for r in rows if fold(term) in fold(str(r.value("website") or ""))}
    by_name = {r.id for r in rows if fold(term) in fold(r.name or "")}
    assert len(by_site) > 10
    assert by_site != by_name
    assert await search_ids(api, "companies", search=term,
                            search_within_field_names=["website"]) == by_site
    assert await search_ids(api, "companies", search=term) == by_name
    website = await field_def(api, "companies", "website")
    assert await search_ids(api, "companies", search=term,
                            search_within_field_ids=[website.id]) == by_site


async def test_field_names_and_ids_trim_rows(api: KizenClient) -> None:
    page = await api.search_records("companies", field_names=["name", "industry", "nope"],
                                    page_size=20)
    assert page.results and all(field_names(r) <= {"name", "industry"} for r in page.results)
    assert all("name" in field_names(r) for r in page.results)
    assert any("industry" in field_names(r) for r in page.results)
    industry = await field_def(api, "companies", "industry")
    by_id = await api.search_records("companies", field_ids=[industry.id], page_size=20)
    assert all(field_names(r) <= {"industry"} for r in by_id.results)
    full = await api.search_records("companies", page_size=5)
    assert max(len(r.fields) for r in full.results) > 2


def _sorted_ok(values: list[Any], desc: bool) -> bool:
    """Non-blank values in order, blanks last ascending and first descending."""
    present = [v for v in values if v is not None]
    blanks = [i for i, v in enumerate(values) if v is None]
    edge = list(range(len(values) - len(blanks), len(values))) if not desc else \
        list(range(len(blanks)))
    return blanks == edge and present == sorted(present, reverse=desc)


def _sort_key(field: str, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, dict):
        return value.get("amount", value.get("order"))
    return fold(value) if field in ("name", "website") else value


@pytest.mark.parametrize("field", ["name", "website", "employee_count", "annual_revenue",
                                   "founded", "score", "created"])
@pytest.mark.parametrize("desc", [False, True], ids=["asc", "desc"])
async def test_ordering_by_field_types(api: KizenClient, field: str, desc: bool) -> None:
    ordering = f"-{field}" if desc else field
    rows = await all_records(api, "companies", ordering=ordering, field_names=[field],
                             page_size=17)
    assert len(rows) == len({r.id for r in rows})
    assert {r.id for r in rows} == await search_ids(api, "companies")
    keys = [_sort_key(field, r.value(field)) for r in rows]
    if field == "created":  # offsets differ between rows; compare instants
        keys = [datetime.fromisoformat(k) for k in keys]
    assert _sorted_ok(keys, desc), keys


async def test_ordering_ties_break_by_id_for_stable_pages(api: KizenClient) -> None:
    rows = await all_records(api, "companies", ordering="industry", field_names=["industry"],
                             page_size=9)
    orders = [(r.value("industry") or {}).get("name") for r in rows]
    industry = await field_def(api, "companies", "industry")
    rank = {o.name: o.order or 0 for o in industry.options}
    ranks = [rank[o] for o in orders]
    assert ranks == sorted(ranks)
    for a, b in pairwise(rows):
        if (a.value("industry") or {}).get("id") == (b.value("industry") or {}).get("id"):
            assert a.id < b.id


async def test_ordering_by_field_reference_and_several_fields(api: KizenClient) -> None:
    employees = await field_def(api, "companies", "employee_count")

    async def order(ordering: str) -> list[str]:
        return [r.id for r in await all_records(api, "companies", ordering=ordering,
                                                field_names=["name"])]

    by_name = await order("-employee_count")
    assert await order(f'-"custom"::{employees.id}') == by_name
    assert await order(f"-{employees.id}") == by_name
    rows = await all_records(api, "companies", ordering="industry,-employee_count",
                             field_names=["industry", "employee_count"])
    industry = await field_def(api, "companies", "industry")
    rank = {o.id: o.order or 0 for o in industry.options}
    counts = [r.value("employee_count") for r in rows]  # descending: blanks come first
    keys = [(rank[r.value("industry")["id"]], n is not None, -(n or 0))
            for r, n in zip(rows, counts, strict=True)]
    assert keys == sorted(keys)


async def test_group_scoping(api: KizenClient) -> None:
    key = seed.group_id("companies", "Key Accounts")
    news = seed.group_id("companies", "Newsletter")
    everyone = await search_ids(api, "companies")
    in_key = await search_ids(api, "companies", group_id=key)
    assert in_key and in_key < everyone
    assert await search_ids(api, "companies", in_group_ids=[key]) == in_key
    in_news = await search_ids(api, "companies", in_group_ids=[news])
    assert await search_ids(api, "companies", in_group_ids=[key, news]) == in_key | in_news
    assert await search_ids(api, "companies", not_in_group_ids=[key]) == everyone - in_key
    # both given: only in_group_ids counts (API-NOTES §2.6)
    assert await search_ids(api, "companies", in_group_ids=[key],
                            not_in_group_ids=[key]) == in_key
    assert await search_ids(api, "companies", group_id=seed.group_id("deals", "Newsletter")
                            ) == set()


# --- iter_pages -----------------------------------------------------------------------------


@pytest.mark.parametrize("obj", ["companies", "client_client", "deals", "projects"])
async def test_iter_pages_walks_a_whole_object_once(asgi_api: KizenClient, obj: str) -> None:
    size = 13
    pages = [page async for page in asgi_api.iter_pages(obj, page_size=size,
                                                          field_names=["name", "email"])]
    count = pages[0].count
    assert count is not None and len(pages) == math.ceil(count / size)
    seen = [r.id for p in pages for r in p.results]
    assert len(seen) == len(set(seen)) == count
    assert all(p.next is not None for p in pages[:-1]) and pages[-1].next is None
    assert [len(p.results) for p in pages[:-1]] == [size] * (len(pages) - 1)
    assert set(seen) == await search_ids(asgi_api, obj)
    searches = [r for r in asgi_api.recent_requests if r.path.endswith("/search")]
    assert [r.status for r in searches[: len(pages)]] == [200] * len(pages)


# --- get and lookup -------------------------------------------------------------------------


async def test_get_with_field_selection(api: KizenClient) -> None:
    rid = seed.ACME_RECORD_ID
    full = await api.get_record("companies", rid)
    assert full.name == seed.ACME_NAME and full.value("employee_count") == 500
    assert {"name", "industry", "employee_count"} <= field_names(full)
    trimmed = await api.get_record("companies", rid, field_names=["name", "employee_count"])
    assert field_names(trimmed) == {"name", "employee_count"}
    industry = await field_def(api, "companies", "industry")
    by_id = await api.get_record("companies", rid, field_ids=[industry.id])
    assert field_names(by_id) == {"industry"}
    defaults = await api.get_record("companies", rid, field_names=[])
    fields = await fields_of(api, "companies")
    default_names = {f.name for f in fields if f.is_default}
    assert field_names(defaults) and field_names(defaults) <= default_names


async def test_get_by_field_category(api: KizenClient) -> None:
    obj = await api.get_object("companies")
    categories = await api.get_object_categories(obj.id)
    fields = await api.get_object_fields(obj.id)
    relations = next(c for c in categories if c.name == "Relationships")
    record = await api.get_record("companies", seed.BIG_RELATIONSHIP_RECORD_ID,
                                field_category=[relations.id])
    in_category = {f.name for f in fields if f.category == relations.id}
    assert field_names(record) and field_names(record) <= in_category


async def test_hidden_fields_only_when_asked(api: KizenClient) -> None:
    rows = await all_records(api, "companies", field_names=[seed.HIDDEN_FIELD])
    holder = next(r for r in rows if r.value(seed.HIDDEN_FIELD) is not None)
    plain = await api.get_record("companies", holder.id)
    assert seed.HIDDEN_FIELD not in field_names(plain)
    shown = await api.get_record("companies", holder.id, include_hidden_fields=True)
    assert shown.value(seed.HIDDEN_FIELD) == holder.value(seed.HIDDEN_FIELD)


async def test_detail_summary_adds_lead_sources(api: KizenClient) -> None:
    rows = await all_records(api, "client_client", field_names=["email"])
    for row in rows[:40]:
        summary = await api.get_record("client_client", row.id, detail_summary=True)
        if summary.lead_source_types:
            break
    else:
        pytest.fail("no contact with lead sources among the first 40")
    assert all(s.value and s.label for s in summary.lead_source_types)
    assert (await api.get_record("client_client", row.id)).lead_source_types == []
    assert summary.client_info is not None and summary.client_info.display_name


async def test_lookup_is_exact_and_case_sensitive(api: KizenClient) -> None:
    found = await api.lookup_record("companies", seed.ACME_NAME)
    assert found.id == seed.ACME_RECORD_ID
    assert field_names(await api.lookup_record("companies", seed.ACME_NAME,
                                               field_names=["name"])) == {"name"}
    with pytest.raises(NotFound) as miss:
        await api.lookup_record("companies", seed.ACME_NAME.lower())
    assert miss.value.status == 404 and "/lookup" in str(miss.value)
    with pytest.raises(NotFound):
        await api.lookup_record("companies", "No Such Company Ltd")
    with pytest.raises(NotFound):  # archived records are not found
        await api.lookup_record("companies", seed.ARCHIVED_RECORD_NAME)
    with pytest.raises(Forbidden):  # matched but not visible: 403 (API-NOTES §6)
        await api.lookup_record("companies", seed.INVISIBLE_RECORD_NAME)
    contact = await api.lookup_record("client_client", seed.HOSTILE_CONTACT_EMAILS[1])
    assert contact.value("email") == seed.HOSTILE_CONTACT_EMAILS[1]


async def test_hostile_names_come_back_byte_for_byte(api: KizenClient) -> None:
    page = await api.search_records("companies", field_names=["name"], page_size=20)
    names = [r.name for r in page.results]
    for hostile in seed.HOSTILE_NAMES:
        assert hostile in names
    record = await api.get_record("companies", seed.LONG_TEXT_RECORD_ID)
    assert record.value(seed.LONG_TEXT_FIELD) == seed.LONG_TEXT


# --- relationship values --------------------------------------------------------------------


async def test_big_relationship_is_summarised_and_paged(api: KizenClient) -> None:
    field = await field_def(api, "companies", seed.BIG_RELATIONSHIP_FIELD)
    record = await api.get_record("companies", seed.BIG_RELATIONSHIP_RECORD_ID)
    entry = record.field(seed.BIG_RELATIONSHIP_FIELD)
    assert entry is not None and entry.is_summarized
    assert entry.summary_count == seed.BIG_RELATIONSHIP_SIZE
    seen: list[str] = []
    page_no = 1
    while True:
        page = await api.list_field_values(record.id, field.id, page=page_no, page_size=50)
        assert page.count == seed.BIG_RELATIONSHIP_SIZE
        seen += [item.id for item in page.results]
        if page.next is None:
            break
        page_no += 1
    assert page_no == 3 and len(seen) == len(set(seen)) == seed.BIG_RELATIONSHIP_SIZE
    first = (await api.list_field_values(record.id, field.id, page_size=1)).results[0]
    assert first.email and first.label
    narrowed = await api.list_field_values(record.id, field.id, search=first.email)
    assert [item.id for item in narrowed.results] == [first.id]
    small = await api.get_record("companies", seed.ACME_RECORD_ID)
    deals = small.field("deals")
    assert deals is None or not deals.is_summarized


# --- objects, fields, tags ------------------------------------------------------------------


async def test_objects(api: KizenClient) -> None:
    everything = await api.list_objects()
    names = {o.name for o in everything.results}
    assert names == {"client_client", "companies", "deals", "projects"}
    custom = await api.list_objects(custom_only=True)
    assert "client_client" not in {o.name for o in custom.results}
    assert [o.name for o in await api.list_all_objects(page_size=1)] == \
        [o.name for o in everything.results]
    contacts = await api.get_object("client_client")
    assert contacts.is_contacts and contacts.id != "client_client"
    assert (await api.get_object(contacts.id)).name == "client_client"
    deals = await api.get_object("deals")
    assert deals.object_type == "pipeline" and deals.label == "Deals"
    with pytest.raises(NotFound):
        await api.get_object("no_such_object")


async def test_fields_and_categories(api: KizenClient) -> None:
    obj = await api.get_object("companies")
    fields = {f.name: f for f in await api.get_object_fields(obj.id)}
    assert "salary_band" not in fields  # not visible to this user
    assert fields[seed.HIDDEN_FIELD].is_hidden
    assert not fields[seed.READ_ONLY_FIELD].is_editable
    assert not fields[seed.NO_EDIT_ACCESS_FIELD].is_editable
    assert fields["industry"].is_required and fields["regions"].is_multi
    assert fields["contacts"].is_multi and not fields["name"].is_multi
    assert fields["contacts"].relation and fields["contacts"].relation.cardinality == \
        "one_to_many"
    assert [o.name for o in fields["tier"].options] == ["Gold", "Silver", "Bronze"]
    categories = await api.get_object_categories(obj.id)
    assert {f.category for f in fields.values()} <= {c.id for c in categories}


async def test_tags_of_objects_and_contacts(api: KizenClient) -> None:
    companies = await api.get_object("companies")
    keywords = await field_def(api, "companies", "keywords")
    page = await api.list_tags(companies, keywords.id, page_size=1000)
    names = [t.name or "" for t in page.results]
    assert page.count == len(names) > 0 and names == sorted(names, key=fold)
    hit = names[0][:3]
    narrowed = await api.list_tags(companies, keywords.id, search=hit)
    assert {t.name for t in narrowed.results} == {n for n in names if fold(hit) in fold(n)}
    contacts = await api.get_object("client_client")
    tags = await field_def(api, "client_client", "tags")
    contact_tags = await api.list_tags((contacts.id, True), tags.id)
    assert contact_tags.results
    assert api.recent_requests[-1].path == f"/api/client/fields/{tags.id}/tags"
