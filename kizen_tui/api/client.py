"""`KizenClient`: one method per Kizen API operation.

Every method checks its arguments first (ValueError, nothing sent), then makes one call through
`BaseClient._send` (auth headers, retries, read-only guard, error mapping) and validates the
answer into `models` (a body it cannot use is UnexpectedResponse). The object endpoints live in
`objects.py`.

`object` is an object's UUID or api name; contacts are `client_client`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any, Unpack
from urllib.parse import quote

import httpx

from kizen_tui.api import validation as check
from kizen_tui.api.models import FieldValueItem, FieldWrite, Page, Record, UpsertResult
from kizen_tui.api.objects import ObjectsMixin
from kizen_tui.api.responses import decode_optional_json, parse_model
from kizen_tui.api.search import SearchOptions, search_body, search_params
from kizen_tui.api.validation import Names

FieldWrites = Sequence[FieldWrite | Mapping[str, Any]]


def _seg(value: str) -> str:
    """One URL-encoded path segment (a `/` in an api name must not split the path)."""
    return quote(value, safe="")


def _records(object: str, *rest: str) -> str:
    parts = [_seg(check.text(object, "object")), *rest]
    return "/api/records/" + "/".join(parts)


def _record_path(object: str, record_id: str, *rest: str) -> str:
    return _records(object, _seg(check.uuid(record_id, "record_id")), *rest)


def _field_params(field_names: Names | None, field_ids: Names | None) -> dict[str, str | None]:
    check.exclusive(("field_names", "field_ids"), field_names, field_ids)
    return {
        "field_names": check.csv(check.name_list(field_names, "field_names")),
        "field_ids": check.csv(check.id_list(field_ids, "field_ids")),
    }


def _optional(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


class KizenClient(ObjectsMixin):
    """The Kizen API client. Open it once per app and close it on exit.

    ```python
    async with KizenClient(api_key=..., business_id=..., user_id=...) as kizen:
        page = await kizen.search_records("client_client", search="acme")
    ```

    Args (all keyword-only):
        api_key, business_id, user_id: the three credentials sent as X-API-KEY,
            X-BUSINESS-ID and X-USER-ID. The key never appears in messages, logs or repr.
        base_url: scheme and host; https only, except for loopback or an injected transport.
        transport: an httpx transport (MockTransport in tests, ASGITransport for the sandbox).
        timeouts: per-phase timeouts.
        retry: which failures are retried, how often and how long to wait (see retry.py).
        read_only: refuse every write with ReadOnlyError before anything is sent.
        sleep, random: injectable clock and jitter source for the retry backoff (tests).
    """

    async def _record(self, method: str, path: str, **kwargs: Any) -> Record:
        response, data = await self._json(method, path, **kwargs)
        return parse_model(Record, data, response, method, path)

    async def _maybe_record(self, method: str, path: str, **kwargs: Any) -> Record | None:
        # unarchive and move succeed with or without a record in the body
        response = await self._send(method, path, **kwargs)
        data = self._body_scrubber(response)(decode_optional_json(response))
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            return parse_model(Record, data, response, method, path)
        return None

    # --- reading ---------------------------------------------------------------------------

    async def search_records(
        self,
        object: str,
        *,
        search: str | None = None,
        query: Sequence[Mapping[str, Any]] | None = None,
        and_: bool | None = None,
        body: Mapping[str, Any] | None = None,
        field_names: Names | None = None,
        field_ids: Names | None = None,
        search_within_field_names: Names | None = None,
        search_within_field_ids: Names | None = None,
        ordering: str | None = None,
        page: int = 1,
        page_size: int = 100,
        group_id: str | None = None,
        in_group_ids: Names | None = None,
        not_in_group_ids: Names | None = None,
    ) -> Page[Record]:
        """One page of records matching a text search and/or a filter.

        Args:
            object: the object's UUID or api name.
            search: free text (name; email, names and phones for contacts).
            query, and_: filter groups and how they combine (wire format, API-NOTES §2.2).
            body: instead of `query`/`and_`, a prebuilt `{"query": [...], "and": bool}` from the
                filter compiler.
            field_names / field_ids: trim each row to these fields (not both).
            search_within_field_names / _ids: where `search` looks (not both).
            ordering: the field to sort by (`-name` for descending).
            page, page_size: 1-based page number; 1..1000 rows.
            group_id, in_group_ids, not_in_group_ids: group scoping.

        Raises:
            ValueError: bad arguments (nothing sent). KizenError: the request failed.
        """
        path = _records(object, "search")
        params = search_params(
            page=page, page_size=page_size, search=search, ordering=ordering,
            group_id=group_id, in_group_ids=in_group_ids, not_in_group_ids=not_in_group_ids,
        )
        payload = search_body(
            body=body, query=query, and_=and_, field_names=field_names, field_ids=field_ids,
            search_within_field_names=search_within_field_names,
            search_within_field_ids=search_within_field_ids,
        )
        response, data = await self._json(
            "POST", path, params=params, body=payload, query_post=True)
        return parse_model(Page[Record], data, response, "POST", path)

    async def iter_pages(
        self, object: str, *, page: int = 1, **options: Unpack[SearchOptions]
    ) -> AsyncIterator[Page[Record]]:
        """Pages of a search, fetched one at a time as the caller asks for them.

        Stops after the page whose `next` is null (or an empty page, so a server that keeps
        announcing a next page cannot loop us forever).
        """
        while True:
            result = await self.search_records(object, page=page, **options)
            yield result
            if result.next is None or not result.results:
                return
            page += 1

    async def get_record(
        self,
        object: str,
        record_id: str,
        *,
        field_names: Names | None = None,
        field_ids: Names | None = None,
        field_category: Names | None = None,
        include_hidden_fields: bool | None = None,
        detail_summary: bool | None = None,
    ) -> Record:
        """One record by id. An empty `field_names`/`field_ids` list asks for default fields."""
        path = _record_path(object, record_id)
        params = {
            **_field_params(field_names, field_ids),
            "field_category": check.csv(check.name_list(field_category, "field_category")),
            "include_hidden_fields": check.flag(include_hidden_fields),
            "detail_summary": check.flag(detail_summary),
        }
        return await self._record("GET", path, params=params)

    async def lookup_record(
        self,
        object: str,
        identifier: str,
        *,
        all_fields: bool | None = None,
        field_names: Names | None = None,
        field_ids: Names | None = None,
    ) -> Record:
        """The record whose name (email for contacts) is exactly `identifier` (case-sensitive).

        Raises:
            NotFound: no match. Forbidden: a match this user may not see.
        """
        path = _records(object, "lookup")
        params = {
            "identifier": check.text(identifier, "identifier"),
            "all_fields": check.flag(all_fields),
            **_field_params(field_names, field_ids),
        }
        return await self._record("GET", path, params=params)

    async def list_field_values(
        self,
        record_id: str,
        field_id: str,
        *,
        search: str | None = None,
        page: int = 1,
        page_size: int = 100,
    ) -> Page[FieldValueItem]:
        """One page of the values of a (summarised) relationship field of a record."""
        path = (f"/api/records/{_seg(check.uuid(record_id, 'record_id'))}/field-values/"
                f"{_seg(check.uuid(field_id, 'field_id'))}")
        check.paging(page, page_size)
        params = {"search": search or None, "page": page, "page_size": page_size}
        response, data = await self._json("GET", path, params=params)
        return parse_model(Page[FieldValueItem], data, response, "GET", path)

    # --- writing ---------------------------------------------------------------------------

    async def add_record(
        self, object: str, fields: FieldWrites, *, unarchive: str | None = None
    ) -> UpsertResult:
        """Create a record. `unarchive` (prompt | unarchive | overwrite) decides what happens
        when an archived record has the same name; the result keeps `action` when sent."""
        path = _records(object, "add")
        wire = check.field_writes(fields)
        payload = {"fields": wire, **_optional(
            unarchive=check.choice(unarchive, check.UNARCHIVE_CHOICES, "unarchive"))}
        response, data = await self._json("POST", path, body=payload, sent_fields=wire)
        return parse_model(UpsertResult, data, response, "POST", path)

    async def update_record(
        self,
        object: str,
        record_id: str,
        fields: FieldWrites,
        *,
        archived_conflict: str | None = None,
        return_all_fields: bool | None = None,
    ) -> Record:
        """PATCH the given fields. Only written fields (and `updated`) come back unless
        `return_all_fields`. Raises ValidationFailed with positional `field_errors`."""
        return await self._write_record(
            "PATCH", object, record_id, fields, archived_conflict,
            {"return_all_fields": check.flag(return_all_fields)})

    async def replace_record(
        self, object: str, record_id: str, fields: FieldWrites, *,
        archived_conflict: str | None = None,
    ) -> Record:
        """PUT the record's fields (a full replacement)."""
        return await self._write_record("PUT", object, record_id, fields, archived_conflict, {})

    async def _write_record(
        self, method: str, object: str, record_id: str, fields: FieldWrites,
        archived_conflict: str | None, params: dict[str, str | None],
    ) -> Record:
        path = _record_path(object, record_id)
        wire = check.field_writes(fields)
        conflict = check.choice(archived_conflict, check.ARCHIVED_CONFLICT_CHOICES,
                                "archived_conflict")
        payload = {"fields": wire, **_optional(archived_conflict=conflict)}
        return await self._record(method, path, params=params, body=payload, sent_fields=wire)

    async def upsert_record(
        self,
        object: str,
        lookup_value: str,
        fields: FieldWrites | None = None,
        *,
        oncreate_unarchive: str | None = None,
        onupdate_archived_conflict: str | None = None,
        return_all_fields: bool | None = None,
    ) -> UpsertResult:
        """Create or update the record whose name (email for contacts) matches `lookup_value`
        case-insensitively. `action` is created, unarchived or updated (from the status when
        the server leaves it out: 201 created, 200 updated)."""
        path = _records(object, "upsert")
        wire = None if fields is None else check.field_writes(fields)
        payload = {"lookup_value": check.text(lookup_value, "lookup_value"), **_optional(
            fields=wire,
            oncreate_unarchive=check.choice(
                oncreate_unarchive, check.UNARCHIVE_CHOICES, "oncreate_unarchive"),
            onupdate_archived_conflict=check.choice(
                onupdate_archived_conflict, check.ARCHIVED_CONFLICT_CHOICES,
                "onupdate_archived_conflict"),
        )}
        response, data = await self._json(
            "POST", path, params={"return_all_fields": check.flag(return_all_fields)},
            body=payload, sent_fields=wire)
        result = parse_model(UpsertResult, data, response, "POST", path)
        if result.action is None:
            result.action = _action_from_status(response)
        return result

    async def archive_record(self, object: str, record_id: str) -> None:
        """Archive (DELETE) a record: it then 404s and leaves search; unarchive restores it."""
        await self._send("DELETE", _record_path(object, record_id))

    async def unarchive_record(self, object: str, record_id: str) -> Record | None:
        """Bring an archived record back; the record when the server returns it."""
        return await self._maybe_record("PATCH", _record_path(object, record_id, "unarchive"))

    async def move_record(self, object: str, record_id: str, stage_id: str) -> Record | None:
        """Move a pipeline record to another stage; the record when the server returns it."""
        path = _record_path(object, record_id, "move")
        payload = {"stage_id": check.uuid(stage_id, "stage_id")}
        return await self._maybe_record("PATCH", path, body=payload)


def _action_from_status(response: httpx.Response) -> str | None:
    return {200: "updated", 201: "created"}.get(response.status_code)

