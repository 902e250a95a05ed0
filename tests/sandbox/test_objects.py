"""Objects, field definitions, categories and dynamic tag options."""

from __future__ import annotations

import httpx
import pytest

from kizen_tui.sandbox.catalog import business
from kizen_tui.sandbox.schema import uid
from kizen_tui.sandbox.seeddata import HOSTILE_TAGS, TAG_NAMES

ALL_TYPES = {"checkbox", "checkboxes", "choices", "date", "datetime", "decimal", "dropdown",
             "dynamictags", "email", "files", "integer", "longtext", "money", "phonenumber",
             "radio", "rating", "relationship", "selector", "status", "team_selector", "text",
             "timezone", "wysiwyg", "yesnomaybe"}
OBJECT_KEYS = {"id", "name", "object_name", "entity_name", "object_type", "is_custom",
               "description", "access", "created", "fetch_url", "allow_relations"}
FIELD_KEYS = {"id", "name", "display_name", "field_type", "category", "is_required",
              "is_read_only", "is_hidden", "is_deletable", "is_default", "meta", "properties",
              "access", "options", "relation", "money_options", "decimal_options",
              "phonenumber_options", "rating", "allows_nulls", "allows_empty", "order"}


async def test_list_hides_contacts_unless_custom_only_is_false(client: httpx.AsyncClient) -> None:
    default = (await client.get("/api/custom-objects")).json()
    assert {o["name"] for o in default["results"]} == {"companies", "deals", "projects"}
    assert default["count"] == 3 and default["next"] is None and default["errors"] is None
    every = (await client.get("/api/custom-objects", params={"custom_only": "false"})).json()
    names = {o["name"] for o in every["results"]}
    assert names == {"client_client", "companies", "deals", "projects"}
    for item in every["results"]:
        assert set(item) >= OBJECT_KEYS
        assert item["object_type"] in ("standard", "pipeline")


async def test_list_filters_and_pages(client: httpx.AsyncClient) -> None:
    by_type = (await client.get("/api/custom-objects", params={"object_type": "pipeline"})).json()
    assert [o["name"] for o in by_type["results"]] == ["deals"]
    searched = (await client.get("/api/custom-objects", params={"search": "proj"})).json()
    assert [o["name"] for o in searched["results"]] == ["projects"]
    exact = (await client.get("/api/custom-objects", params={"name": "companies"})).json()
    assert exact["count"] == 1
    paged = (await client.get("/api/custom-objects", params={"page_size": 2})).json()
    assert len(paged["results"]) == 2 and paged["next"].endswith("page=2")


@pytest.mark.parametrize("key", ["companies", uid("object", "companies")])
async def test_one_object_by_name_or_uuid(client: httpx.AsyncClient, key: str) -> None:
    body = (await client.get(f"/api/custom-objects/{key}")).json()
    assert body["id"] == uid("object", "companies") and body["object_name"] == "Companies"
    assert body["entity_name"] == "Company" and body["is_custom"] is True


async def test_contacts_object_and_unknown_object(client: httpx.AsyncClient) -> None:
    contacts = (await client.get("/api/custom-objects/client_client")).json()
    assert contacts["id"] == business()["client_client"].id and contacts["is_custom"] is False
    missing = await client.get("/api/custom-objects/no_such_object")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


async def test_fields_cover_all_24_types(client: httpx.AsyncClient) -> None:
    seen = set()
    for obj in business().values():
        fields = (await client.get(f"/api/custom-objects/{obj.id}/fields")).json()
        assert isinstance(fields, list)
        for fd in fields:
            assert set(fd) >= FIELD_KEYS, fd["name"]
            seen.add(fd["field_type"])
    assert seen == ALL_TYPES


async def test_field_flags(client: httpx.AsyncClient) -> None:
    fields = {f["name"]: f for f in (await client.get("/api/custom-objects/companies/fields"))
              .json()}
    assert "salary_band" not in fields  # access.view false: filtered out entirely
    assert fields["external_id"]["is_read_only"] is True
    assert fields["credit_limit"]["access"] == {"view": True, "edit": False}
    assert fields["internal_score"]["is_hidden"] is True
    assert fields["industry"]["is_required"] is True and fields["name"]["is_default"] is True
    assert fields["about"]["field_type"] == "longtext" and fields["about"]["meta"]["is_markdown"]
    assert fields["annual_revenue"]["money_options"]["currency"] == "USD"
    assert fields["rating"]["rating"]["max_value"] == 5
    assert fields["keywords"]["options"] == []  # dynamic tags are fetched separately
    assert [o["code"] for o in fields["tier"]["options"]] == ["gold", "silver", "bronze"]
    assert {"id", "name", "code", "order"} <= set(fields["tier"]["options"][0])


async def test_relation_blocks_point_at_each_other(client: httpx.AsyncClient) -> None:
    for obj in business().values():
        for fd in (await client.get(f"/api/custom-objects/{obj.name}/fields")).json():
            rel = fd["relation"]
            if fd["field_type"] != "relationship":
                continue
            other = (await client.get(f"/api/custom-objects/{rel['related_object']}/fields"))
            inverse = next(f for f in other.json() if f["id"] == rel["related_field"])
            assert inverse["relation"]["related_field"] == fd["id"]
            assert inverse["relation"]["related_object"] == obj.id
            pair = {rel["cardinality"], inverse["relation"]["cardinality"]}
            assert pair in ({"many_to_one", "one_to_many"}, {"many_to_many"}, {"one_to_one"})


async def test_settings_search_and_categories(client: httpx.AsyncClient) -> None:
    fields = (await client.get("/api/custom-objects/deals/fields/settings-search")).json()
    defaults = {f["name"] for f in fields if f["is_default"]}
    assert {"name", "owner", "stage", "entity_value", "reasons_lost"} <= defaults
    stage = next(f for f in fields if f["name"] == "stage")
    assert [o["status"] for o in stage["options"]][-2:] == ["won", "lost"]
    cats = (await client.get("/api/custom-objects/deals/categories")).json()
    assert [c["order"] for c in cats] == sorted(c["order"] for c in cats)
    assert {f["category"] for f in fields} <= {c["id"] for c in cats}


async def test_dynamic_tag_options_for_objects_and_contacts(client: httpx.AsyncClient) -> None:
    companies = business()["companies"]
    keywords = companies.by_name["keywords"]
    url = f"/api/pipelines/{companies.id}/fields/{keywords.id}/tags"
    first = (await client.get(url, params={"page_size": 5})).json()
    assert first["count"] == len(TAG_NAMES) + len(HOSTILE_TAGS)
    assert len(first["results"]) == 5 and set(first["results"][0]) == {"id", "name"}
    found = (await client.get(url, params={"search": "lead"})).json()
    assert [t["name"] for t in found["results"]] == ["hot lead"]
    tags = business()["client_client"].by_name["tags"]
    contact = (await client.get(f"/api/client/fields/{tags.id}/tags")).json()
    assert contact["count"] == len(TAG_NAMES)
    wrong = await client.get(f"/api/client/fields/{keywords.id}/tags")
    assert wrong.status_code == 404
