"""Every validation and permission error of the sandbox, as the real client raises it."""

from __future__ import annotations

import pytest

from kizen_tui.api import (
    ApiStatusError,
    BadRequest,
    Forbidden,
    KizenClient,
    NotFound,
    Unauthorized,
    ValidationFailed,
)
from kizen_tui.sandbox import DEMO_CREDENTIALS, seed
from tests.integration.conftest import MakeClient
from tests.integration.helpers import search_ids
from tests.integration.test_writes import company


async def test_several_field_errors_map_back_by_position(api: KizenClient) -> None:
    sent = company(
        "Error Mapping Co",
        {"name": "tier", "value": {"name": "Platinum"}},
        {"name": "employee_count", "value": 2**31},
        {"name": "website", "value": "w" * 256},
        {"name": "no_such_field", "value": 1},
        {"name": "founded", "value": "1999-12-31"},
    )
    with pytest.raises(ValidationFailed) as caught:
        await api.add_record("companies", sent)
    error = caught.value
    assert error.status == 400 and error.request_id and error.method == "POST"
    assert [bool(error.messages_for(i)) for i in range(len(sent))] == [
        False, False, True, True, True, True, False]
    by_field = error.errors_by_field()
    assert set(by_field) == {"tier", "employee_count", "website", "no_such_field"}
    assert "valid choice" in by_field["tier"][0]
    assert "2147483647" in by_field["employee_count"][0]
    assert "255" in by_field["website"][0]
    assert "does not exist" in by_field["no_such_field"][0]
    assert list(error.errors_for(5)) == ["name"]  # the unknown field's error is on its name
    assert "tier:" in str(error) and "(request id " in str(error)
    assert await search_ids(api, "companies", search="Error Mapping") == set()


async def test_required_fields_on_add_and_put(api: KizenClient) -> None:
    with pytest.raises(ValidationFailed) as add:
        await api.add_record("companies", [{"name": "name", "value": "No Industry Co"}])
    assert any("industry" in m for m in add.value.non_field_errors)
    assert "industry" in str(add.value)
    with pytest.raises(ValidationFailed) as put:
        await api.replace_record("companies", seed.ACME_RECORD_ID,
                                 [{"name": "name", "value": "Acme Without Industry"}])
    assert any("industry" in m for m in put.value.non_field_errors)
    with pytest.raises(ValidationFailed) as blank:
        await api.update_record("companies", seed.ACME_RECORD_ID,
                                [{"name": "name", "value": ""}])
    assert "blank" in blank.value.messages_for(0)[0]
    with pytest.raises(ValidationFailed) as contact:
        await api.add_record("client_client", [{"name": "first_name", "value": "No Email"}])
    assert any("email" in m for m in contact.value.non_field_errors)
    assert (await api.get_record("companies", seed.ACME_RECORD_ID)).name == seed.ACME_NAME


async def test_names_and_contact_emails_are_unique(api: KizenClient) -> None:
    with pytest.raises(ValidationFailed) as taken:
        await api.add_record("companies", company(seed.ACME_NAME))
    assert "already exists" in taken.value.messages_for(0)[0]
    other = await api.add_record("companies", company("Second Name Co"))
    with pytest.raises(ValidationFailed) as rename:
        await api.update_record("companies", other.id, [{"name": "name", "value": seed.ACME_NAME}])
    assert rename.value.errors_by_field() == {"name": [rename.value.messages_for(0)[0]]}
    email = seed.HOSTILE_CONTACT_EMAILS[2]
    with pytest.raises(ValidationFailed) as contact:
        await api.add_record("client_client", [{"name": "email", "value": email.upper()}])
    assert "already exists" in " ".join(contact.value.messages_for(0))


async def test_values_of_the_wrong_shape(api: KizenClient) -> None:
    with pytest.raises(ValidationFailed) as single:
        await api.update_record("companies", seed.ACME_RECORD_ID,
                                [{"name": "tier", "add_values": [{"name": "Gold"}]}])
    assert list(single.value.errors_for(0)) == ["add_values"]
    assert "multiple" in single.value.messages_for(0)[0]
    with pytest.raises(ValidationFailed) as unknown_id:
        await api.update_record("companies", seed.ACME_RECORD_ID, [
            {"id": "00000000-0000-4000-8000-000000000000", "value": 1}])
    assert unknown_id.value.errors_by_field() == {
        "00000000-0000-4000-8000-000000000000": unknown_id.value.messages_for(0)}
    with pytest.raises(ValidationFailed) as manager:
        await api.update_record("companies", seed.ACME_RECORD_ID,
                                [{"name": "account_manager", "value": "not-an-employee"}])
    assert "does not exist" in manager.value.messages_for(0)[0]


async def test_view_only_and_not_removable_records(api: KizenClient) -> None:
    rid = seed.VIEW_ONLY_RECORD_ID
    record = await api.get_record("companies", rid)
    assert record.access.view and not record.access.edit and not record.access.remove
    write = [{"name": "employee_count", "value": 3}]
    with pytest.raises(Forbidden) as patch:
        await api.update_record("companies", rid, write)
    assert patch.value.status == 403 and patch.value.code == "permission_required"
    with pytest.raises(Forbidden):
        await api.replace_record("companies", rid, company(seed.VIEW_ONLY_RECORD_NAME, *write))
    with pytest.raises(Forbidden):
        await api.archive_record("companies", seed.NOT_REMOVABLE_RECORD_ID)
    assert seed.NOT_REMOVABLE_RECORD_ID in await search_ids(api, "companies")
    edited = await api.update_record("companies", seed.NOT_REMOVABLE_RECORD_ID, write)
    assert edited.value("employee_count") == 3  # not removable, still editable


@pytest.mark.parametrize("field", [seed.READ_ONLY_FIELD, seed.NO_EDIT_ACCESS_FIELD])
async def test_read_only_fields_are_403(api: KizenClient, field: str) -> None:
    before = await api.get_record("companies", seed.ACME_RECORD_ID)
    with pytest.raises(Forbidden) as caught:
        await api.update_record("companies", seed.ACME_RECORD_ID, [
            {"name": "employee_count", "value": 9}, {"name": field, "value": "1"}])
    assert caught.value.code == "forbidden_field_write" and field in str(caught.value)
    after = await api.get_record("companies", seed.ACME_RECORD_ID)
    assert after.value("employee_count") == before.value("employee_count") == 500


@pytest.mark.parametrize("rid", [seed.INVISIBLE_RECORD_ID, seed.ARCHIVED_RECORD_ID,
                                 "00000000-0000-4000-8000-000000000000"],
                         ids=["invisible", "archived", "missing"])
async def test_records_out_of_sight_are_not_found(api: KizenClient, rid: str) -> None:
    with pytest.raises(NotFound) as get:
        await api.get_record("companies", rid)
    assert get.value.code == "not_found" and rid in str(get.value)
    with pytest.raises(NotFound):
        await api.update_record("companies", rid, [{"name": "employee_count", "value": 1}])
    with pytest.raises(NotFound):
        await api.archive_record("companies", rid)
    with pytest.raises(NotFound):
        await api.search_records("no_such_object")


@pytest.mark.parametrize("wrong", ["api_key", "business_id", "user_id"])
async def test_bad_credentials_are_401_without_the_key(make_client: MakeClient,
                                                      wrong: str) -> None:
    secret = "sk-live-DO-NOT-LEAK-1234567890"
    options = {wrong: secret} if wrong == "api_key" else {
        "api_key": secret, wrong: "00000000-0000-4000-8000-000000000000"}
    client = make_client("asgi", **options)
    with pytest.raises(Unauthorized) as caught:
        await client.search_records("companies")
    error = caught.value
    assert error.status == 401 and error.code == "not_authenticated"
    assert "check the API key" in str(error) and ".;" not in str(error)
    assert secret not in str(error) and secret not in repr(error) and secret not in repr(client)
    assert secret not in repr(error.body) and secret not in str(client.recent_requests)


async def test_right_key_still_works_alongside(make_client: MakeClient) -> None:
    good = make_client("asgi")
    bad = make_client("asgi", api_key=DEMO_CREDENTIALS.api_key + "x")
    assert (await good.search_records("companies", page_size=1)).count
    with pytest.raises(Unauthorized):
        await bad.get_object("companies")


async def test_bad_requests_outside_record_writes(api: KizenClient) -> None:
    with pytest.raises(BadRequest) as not_pipeline:
        await api.move_record("companies", seed.ACME_RECORD_ID, seed.ACME_RECORD_ID)
    assert "pipeline" in str(not_pipeline.value)
    deal = (await api.search_records("deals", page_size=1)).results[0]
    with pytest.raises(BadRequest) as bad_stage:
        await api.move_record("deals", deal.id, seed.ACME_RECORD_ID)
    assert "stage_id" in str(bad_stage.value)
    bad_filter = {"and": True, "query": [{"and": True, "filters": [
        {"type": "fields", "subtype": "non_custom", "field": "no_such_field",
         "condition": "=", "value": "x"}]}]}
    with pytest.raises(BadRequest) as search:
        await api.search_records("companies", body=bad_filter)
    assert not isinstance(search.value, ValidationFailed)
    assert "no_such_field" in str(search.value) and search.value.body["errors"]
    with pytest.raises(ValueError):  # checked before sending
        await api.search_records("companies", page_size=1001)


async def test_errors_are_api_status_errors_with_readable_text(api: KizenClient) -> None:
    with pytest.raises(ApiStatusError) as caught:
        await api.get_record("companies", seed.INVISIBLE_RECORD_ID)
    text = str(caught.value)
    assert text.startswith("404 Not Found from GET /api/records/companies/")
    assert "Not found." in text and f"(request id {caught.value.request_id})" in text
