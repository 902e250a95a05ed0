"""Object, field-definition, category and tag endpoints."""

from __future__ import annotations

import httpx
import pytest

from kizen_tui.api import FieldDef, ObjectDef, UnexpectedResponse
from tests.api.conftest import FIELD_ID, OBJECT_ID, FakeServer, page_json

CONTACTS = {"id": "c0a7ac70-0000-4000-8000-000000000001", "name": "client_client",
            "object_name": "Contacts", "entity_name": "Contact", "object_type": "standard",
            "is_custom": False, "fetch_url": "client"}
DEALS = {"id": OBJECT_ID, "name": "deals", "object_name": "Deals", "object_type": "pipeline",
         "is_custom": True, "access": None}


async def test_list_objects_always_sends_custom_only(make_client):
    server = FakeServer(httpx.Response(200, json=page_json([CONTACTS, DEALS])))
    client = make_client(server)
    page = await client.list_objects()
    assert server.last.method == "GET"
    assert server.last.url.path == "/api/custom-objects"
    assert dict(server.last.url.params) == {"page": "1", "page_size": "100",
                                            "custom_only": "false"}
    assert [o.name for o in page.results] == ["client_client", "deals"]
    assert page.results[0].is_contacts and page.results[0].fetch_url == "client"  # extra kept

    await client.list_objects(search="de", page=2, page_size=10, custom_only=True)
    assert dict(server.last.url.params) == {"search": "de", "page": "2", "page_size": "10",
                                            "custom_only": "true"}


async def test_list_all_objects_follows_pages(make_client):
    server = FakeServer(
        httpx.Response(200, json=page_json([CONTACTS], next="https://x/?page=2", count=2)),
        httpx.Response(200, json=page_json([DEALS], next=None, count=2)),
    )
    objects = await make_client(server).list_all_objects(page_size=1)
    assert [o.name for o in objects] == ["client_client", "deals"]
    assert [r.url.params["page"] for r in server.requests] == ["1", "2"]
    assert all(r.url.params["custom_only"] == "false" for r in server.requests)


async def test_get_object_by_api_name(make_client):
    server = FakeServer(httpx.Response(200, json=CONTACTS))
    obj = await make_client(server).get_object("client_client")
    assert server.last.url.path == "/api/custom-objects/client_client"
    assert isinstance(obj, ObjectDef) and obj.id == CONTACTS["id"]


async def test_get_object_fields_reads_a_bare_array(make_client):
    fields = [
        {"id": FIELD_ID, "name": "stage_reason", "display_name": "Reason",
         "field_type": "dropdown", "options": [{"id": "o1", "name": "Price", "code": "price"}],
         "is_required": None, "something_new": 1},
        {"id": "f2", "name": "notes", "field_type": "longtext", "meta": None},
    ]
    server = FakeServer(httpx.Response(200, json=fields))
    result = await make_client(server).get_object_fields(OBJECT_ID)
    assert server.last.url.path == f"/api/custom-objects/{OBJECT_ID}/fields"
    assert all(isinstance(f, FieldDef) for f in result)
    assert result[0].options[0].name == "Price" and result[0].is_required is False
    assert result[0].model_extra == {"something_new": 1}


async def test_get_object_fields_tolerates_a_paginated_envelope(make_client):
    server = FakeServer(httpx.Response(200, json=page_json([{"id": "f", "name": "n"}])))
    assert [f.name for f in await make_client(server).get_object_fields(OBJECT_ID)] == ["n"]


async def test_get_object_fields_rejects_an_object(make_client):
    server = FakeServer(httpx.Response(200, json={"detail": "odd"}))
    with pytest.raises(UnexpectedResponse, match="expected a JSON list, got an object"):
        await make_client(server).get_object_fields(OBJECT_ID)


async def test_get_object_categories(make_client):
    server = FakeServer(httpx.Response(200, json=[{"id": "c1", "name": "Main", "order": 0}]))
    cats = await make_client(server).get_object_categories(OBJECT_ID)
    assert server.last.url.path == f"/api/custom-objects/{OBJECT_ID}/categories"
    assert cats[0].name == "Main"


@pytest.mark.parametrize(("ref", "path"), [
    (ObjectDef.model_validate(CONTACTS), f"/api/client/fields/{FIELD_ID}/tags"),
    (ObjectDef.model_validate(DEALS), f"/api/pipelines/{OBJECT_ID}/fields/{FIELD_ID}/tags"),
    ((OBJECT_ID, False), f"/api/pipelines/{OBJECT_ID}/fields/{FIELD_ID}/tags"),
    (("ignored", True), f"/api/client/fields/{FIELD_ID}/tags"),
])
async def test_list_tags_paths(make_client, ref, path):
    server = FakeServer(httpx.Response(200, json=page_json([{"id": "t1", "name": "vip"}])))
    page = await make_client(server).list_tags(ref, FIELD_ID, search="v")
    assert server.last.url.path == path
    assert dict(server.last.url.params) == {"search": "v", "ordering": "name", "page": "1",
                                            "page_size": "100"}
    assert page.results[0].name == "vip"


async def test_list_tags_tolerates_a_bare_list(make_client):
    server = FakeServer(httpx.Response(200, json=[{"id": "t1", "name": "a"}]))
    page = await make_client(server).list_tags((OBJECT_ID, False), FIELD_ID)
    assert page.count == 1 and page.next is None and page.results[0].id == "t1"


async def test_list_tags_rejects_a_bad_object_reference(make_client):
    server = FakeServer()
    with pytest.raises(ValueError, match="ObjectDef or an"):
        await make_client(server).list_tags("deals", FIELD_ID)
    assert server.requests == []
