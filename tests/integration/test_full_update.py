"""A full update (PUT) built by `domain.full_update` against the sandbox: the server requires
every required field in a PUT body; the change alone is refused, the built body is accepted."""

from __future__ import annotations

import pytest

from kizen_tui.api import KizenClient, ValidationFailed
from kizen_tui.domain.drafts import RecordDraft
from kizen_tui.domain.full_update import put_fields
from kizen_tui.sandbox import seed
from tests.integration.helpers import fields_of


async def test_put_needs_the_required_fields_and_the_built_body_has_them(
        kizen_client: KizenClient) -> None:
    fields = await fields_of(kizen_client, "companies")
    before = await kizen_client.get_record("companies", seed.ACME_RECORD_ID)
    draft = RecordDraft(before, fields)
    draft.set_text("employee_count", "321")
    with pytest.raises(ValidationFailed) as refused:
        await kizen_client.replace_record("companies", before.id, draft.to_patch())
    assert "required" in str(refused.value).lower()
    body, order = put_fields(draft)
    assert order[0] == "employee_count" and {"name", "industry"} <= set(order)
    after = await kizen_client.replace_record("companies", before.id, body)
    assert after.value("employee_count") == 321
    assert after.value("name") == before.value("name")
    assert after.value("industry")["id"] == before.value("industry")["id"]


async def test_errors_of_a_put_map_back_to_their_fields(kizen_client: KizenClient) -> None:
    fields = await fields_of(kizen_client, "companies")
    before = await kizen_client.get_record("companies", seed.ACME_RECORD_ID)
    draft = RecordDraft(before, fields)
    draft.set_text("website", "x" * 3000)
    body, order = put_fields(draft)
    with pytest.raises(ValidationFailed) as refused:
        await kizen_client.replace_record("companies", before.id, body)
    mapped = draft.map_errors(refused.value.field_errors, refused.value.non_field_errors,
                              sent_order=order)
    assert set(mapped.fields) == {"website"}, mapped
