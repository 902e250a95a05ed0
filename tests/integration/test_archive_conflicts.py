"""Every archive-conflict mode: add, PATCH/PUT renames and upsert, against archived records."""

from __future__ import annotations

import pytest

from kizen_tui.api import KizenClient, ValidationFailed
from kizen_tui.api.models import UpsertAction
from kizen_tui.sandbox import seed
from tests.integration.test_writes import company

ARCHIVED = seed.ARCHIVED_RECORD_NAME
ARCHIVED_ID = seed.ARCHIVED_RECORD_ID


async def archived_name_now(api: KizenClient, rid: str) -> str | None:
    """The name of an archived record, read by bringing it back."""
    restored = await api.unarchive_record("companies", rid)
    assert restored is not None
    return restored.name


@pytest.mark.parametrize("mode", [None, "prompt"])
async def test_add_prompts_with_the_archived_record(api: KizenClient, mode: str | None) -> None:
    with pytest.raises(ValidationFailed) as caught:
        await api.add_record("companies", company(ARCHIVED), unarchive=mode)
    error = caught.value
    assert ARCHIVED in str(error) and ARCHIVED_ID in str(error)
    assert 'unarchive="unarchive"' in " ".join(error.non_field_errors)
    assert error.body["archived_record"] == {"id": ARCHIVED_ID, "display_name": ARCHIVED}
    assert error.errors_by_field() == {"name": error.messages_for(0)}
    with pytest.raises(ValidationFailed):  # nothing was created or restored
        await api.add_record("companies", company(ARCHIVED))


async def test_add_can_unarchive_and_apply_the_fields(api: KizenClient) -> None:
    result = await api.add_record("companies", company(
        ARCHIVED, {"name": "employee_count", "value": 77}), unarchive="unarchive")
    assert result.action == UpsertAction.UNARCHIVED and result.id == ARCHIVED_ID
    record = await api.get_record("companies", ARCHIVED_ID)
    assert record.name == ARCHIVED and record.value("employee_count") == 77
    await api.archive_record("companies", ARCHIVED_ID)
    # restoring needs no required field but the name: the record still has its industry
    again = await api.add_record("companies", [{"name": "name", "value": ARCHIVED}],
                                 unarchive="unarchive")
    assert again.action == UpsertAction.UNARCHIVED and again.value("industry")
    with pytest.raises(ValidationFailed, match="industry"):  # a new record still needs it
        await api.add_record("companies", [{"name": "name", "value": "Brand New Co"}],
                             unarchive="unarchive")


async def test_add_can_overwrite_by_renaming_the_archived_record(api: KizenClient) -> None:
    result = await api.add_record("companies", company(ARCHIVED), unarchive="overwrite")
    assert result.action == UpsertAction.CREATED and result.id != ARCHIVED_ID
    assert (await api.lookup_record("companies", ARCHIVED)).id == result.id
    assert await archived_name_now(api, ARCHIVED_ID) == f"{ARCHIVED} (archived {ARCHIVED_ID[:8]})"


async def test_contact_prompt_and_overwrite_use_the_email(api: KizenClient) -> None:
    email = seed.ARCHIVED_CONTACT_EMAIL
    with pytest.raises(ValidationFailed) as caught:
        await api.add_record("client_client", [{"name": "email", "value": email}])
    assert "archived record with this email" in str(caught.value)
    assert caught.value.body["archived_record"]["id"] == seed.ARCHIVED_CONTACT_ID
    made = await api.add_record("client_client", [{"name": "email", "value": email}],
                                unarchive="overwrite")
    assert made.action == UpsertAction.CREATED and made.value("email") == email
    old = await api.unarchive_record("client_client", seed.ARCHIVED_CONTACT_ID)
    assert old is not None
    local, domain = email.split("@")
    assert old.value("email") == f"{local}+archived-{seed.ARCHIVED_CONTACT_ID[:8]}@{domain}"


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
async def test_rename_onto_an_archived_name(api: KizenClient, method: str) -> None:
    fields = company(ARCHIVED) if method == "PUT" else [{"name": "name", "value": ARCHIVED}]
    write = api.replace_record if method == "PUT" else api.update_record
    with pytest.raises(ValidationFailed) as caught:
        await write("companies", seed.ACME_RECORD_ID, fields)
    assert 'archived_conflict="overwrite"' in caught.value.messages_for(0)[0]
    assert (await api.get_record("companies", seed.ACME_RECORD_ID)).name == seed.ACME_NAME
    renamed = await write("companies", seed.ACME_RECORD_ID, fields, archived_conflict="overwrite")
    assert renamed.name == ARCHIVED
    assert (await api.lookup_record("companies", ARCHIVED)).id == seed.ACME_RECORD_ID
    assert await archived_name_now(api, ARCHIVED_ID) == f"{ARCHIVED} (archived {ARCHIVED_ID[:8]})"


async def test_upsert_oncreate_modes(api: KizenClient) -> None:
    with pytest.raises(ValidationFailed) as prompt:
        await api.upsert_record("companies", ARCHIVED.lower(),
                                [{"name": "industry", "value": {"name": "Retail"}}])
    assert 'oncreate_unarchive="unarchive"' in str(prompt.value)
    assert prompt.value.body["archived_record"]["id"] == ARCHIVED_ID
    restored = await api.upsert_record("companies", ARCHIVED, oncreate_unarchive="unarchive")
    assert restored.action == UpsertAction.UNARCHIVED and restored.id == ARCHIVED_ID
    assert api.recent_requests[-1].status == 201
    await api.archive_record("companies", ARCHIVED_ID)
    fresh = await api.upsert_record("companies", ARCHIVED,
                                    [{"name": "industry", "value": {"name": "Retail"}}],
                                    oncreate_unarchive="overwrite")
    assert fresh.action == UpsertAction.CREATED and fresh.id != ARCHIVED_ID
    assert api.recent_requests[-1].status == 201


async def test_upsert_onupdate_archived_conflict(api: KizenClient) -> None:
    rename = [{"name": "name", "value": ARCHIVED}]
    with pytest.raises(ValidationFailed) as caught:
        await api.upsert_record("companies", seed.ACME_NAME, rename)
    assert "archived" in caught.value.messages_for(0)[0]
    done = await api.upsert_record("companies", seed.ACME_NAME, rename,
                                   onupdate_archived_conflict="overwrite")
    assert done.action == UpsertAction.UPDATED and done.id == seed.ACME_RECORD_ID
    assert done.name == ARCHIVED
