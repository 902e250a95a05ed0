"""The Kizen HTTP API and nothing else: the client, the payload models and the error tree.

Imports only httpx, pydantic and the standard library, so it can be used without the TUI.

The names below are loaded lazily (PEP 562): the domain layer imports `kizen_tui.api.models`,
which runs this file first, and must not drag httpx in with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kizen_tui.api.httpx_cli import defer_httpx_cli
from kizen_tui.lazy import lazy_exports

# Before any module of this package imports httpx (see httpx_cli.py).
defer_httpx_cli()

if TYPE_CHECKING:
    from kizen_tui.api.base import DEFAULT_BASE_URL, USER_AGENT, RequestSummary
    from kizen_tui.api.client import FieldWrites, KizenClient
    from kizen_tui.api.errors import (
        ApiStatusError,
        BadRequest,
        Conflict,
        ConnectionFailed,
        Forbidden,
        KizenError,
        NotFound,
        RateLimited,
        ReadOnlyError,
        RequestTimeout,
        ServerError,
        Unauthorized,
        UnexpectedResponse,
        ValidationFailed,
    )
    from kizen_tui.api.models import (
        Access,
        ClientInfo,
        FieldCategory,
        FieldDef,
        FieldOption,
        FieldType,
        FieldValue,
        FieldValueItem,
        FieldWrite,
        ObjectDef,
        Page,
        Record,
        TagOption,
        UpsertAction,
        UpsertResult,
    )
    from kizen_tui.api.objects import ObjectRef
    from kizen_tui.api.retry import RetryPolicy, Timeouts
    from kizen_tui.api.search import SearchOptions

_EXPORTS: dict[str, str] = {
    "DEFAULT_BASE_URL": "kizen_tui.api.base",
    "USER_AGENT": "kizen_tui.api.base",
    "RequestSummary": "kizen_tui.api.base",
    "FieldWrites": "kizen_tui.api.client",
    "KizenClient": "kizen_tui.api.client",
    "ApiStatusError": "kizen_tui.api.errors",
    "BadRequest": "kizen_tui.api.errors",
    "Conflict": "kizen_tui.api.errors",
    "ConnectionFailed": "kizen_tui.api.errors",
    "Forbidden": "kizen_tui.api.errors",
    "KizenError": "kizen_tui.api.errors",
    "NotFound": "kizen_tui.api.errors",
    "RateLimited": "kizen_tui.api.errors",
    "ReadOnlyError": "kizen_tui.api.errors",
    "RequestTimeout": "kizen_tui.api.errors",
    "ServerError": "kizen_tui.api.errors",
    "Unauthorized": "kizen_tui.api.errors",
    "UnexpectedResponse": "kizen_tui.api.errors",
    "ValidationFailed": "kizen_tui.api.errors",
    "Access": "kizen_tui.api.models",
    "ClientInfo": "kizen_tui.api.models",
    "FieldCategory": "kizen_tui.api.models",
    "FieldDef": "kizen_tui.api.models",
    "FieldOption": "kizen_tui.api.models",
    "FieldType": "kizen_tui.api.models",
    "FieldValue": "kizen_tui.api.models",
    "FieldValueItem": "kizen_tui.api.models",
    "FieldWrite": "kizen_tui.api.models",
    "ObjectDef": "kizen_tui.api.models",
    "Page": "kizen_tui.api.models",
    "Record": "kizen_tui.api.models",
    "TagOption": "kizen_tui.api.models",
    "UpsertAction": "kizen_tui.api.models",
    "UpsertResult": "kizen_tui.api.models",
    "ObjectRef": "kizen_tui.api.objects",
    "RetryPolicy": "kizen_tui.api.retry",
    "Timeouts": "kizen_tui.api.retry",
    "SearchOptions": "kizen_tui.api.search",
}

__all__ = [
    "DEFAULT_BASE_URL",
    "USER_AGENT",
    "Access",
    "ApiStatusError",
    "BadRequest",
    "ClientInfo",
    "Conflict",
    "ConnectionFailed",
    "FieldCategory",
    "FieldDef",
    "FieldOption",
    "FieldType",
    "FieldValue",
    "FieldValueItem",
    "FieldWrite",
    "FieldWrites",
    "Forbidden",
    "KizenClient",
    "KizenError",
    "NotFound",
    "ObjectDef",
    "ObjectRef",
    "Page",
    "RateLimited",
    "ReadOnlyError",
    "Record",
    "RequestSummary",
    "RequestTimeout",
    "RetryPolicy",
    "SearchOptions",
    "ServerError",
    "TagOption",
    "Timeouts",
    "Unauthorized",
    "UnexpectedResponse",
    "UpsertAction",
    "UpsertResult",
    "ValidationFailed",
]


__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)
