"""A wrapping httpx transport that checks every exchange against the API contract.

Every integration test's client talks through `CheckingTransport`, so each request body and each
JSON response body is validated, not just the ones a test looks at:

- the nine Records operations: against `tests/contract.py` (the published contract with the live
  service's documented departures), request body by operation, response body by status;
- what the published contract leaves out, against the shapes API-NOTES.md describes (`SCHEMAS`
  below): unarchive/move answer a record (§0), a search 400 is the list envelope with a non-empty
  `errors` (§5), single errors are `{"detail", "code"}` (§5), query-parameter errors are
  `{"<param>": ["msg"]}`, and the object endpoints of §3 and the tag lists of §2.4.

A mismatch raises AssertionError inside the client call (it is not a KizenError, so no test can
swallow it by expecting an API error) and is also kept in `failures`, which the fixtures assert
empty at teardown. Bodies that are not JSON (fault injection, the HTML 404 page) are counted in
`skipped`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import httpx
from jsonschema import ValidationError
from openapi_schema_validator import OAS30Validator

from tests.contract import live_spec, request_schema, response_schema

_ID = "[0-9a-fA-F-]{36}"
_OBJ = "[^/]+"
#: (path pattern, contract path template or None, extension route name)
_ROUTES: list[tuple[re.Pattern[str], str | None, str]] = [
    (re.compile(rf"^/api/records/{_ID}/field-values/{_ID}$"),
     "/api/records/{entity_id}/field-values/{field_id}", "field-values"),
    (re.compile(rf"^/api/records/{_OBJ}/(search|lookup|add|upsert)$"), "", "records-op"),
    (re.compile(rf"^/api/records/{_OBJ}/{_ID}/(unarchive|move)$"), None, "record-action"),
    (re.compile(rf"^/api/records/{_OBJ}/{_ID}$"),
     "/api/records/{object_identifier}/{entity_id}", "record"),
    (re.compile(r"^/api/custom-objects$"), None, "objects"),
    (re.compile(rf"^/api/custom-objects/{_OBJ}$"), None, "object"),
    (re.compile(rf"^/api/custom-objects/{_OBJ}/fields$"), None, "fields"),
    (re.compile(rf"^/api/custom-objects/{_OBJ}/categories$"), None, "categories"),
    (re.compile(rf"^/api/(pipelines/{_OBJ}|client)/fields/{_ID}/tags$"), None, "tags"),
]

_STR_LIST: dict[str, Any] = {"type": "array", "items": {"type": "string"}}
_PAGE: dict[str, Any] = {"type": "object", "required": ["count", "next", "previous", "results"],
         "properties": {"count": {"type": "integer"},
                        "next": {"type": "string", "nullable": True},
                        "previous": {"type": "string", "nullable": True},
                        "errors": {"type": "array", "nullable": True}}}
#: Shapes API-NOTES.md describes where the published contract says nothing.
SCHEMAS: dict[str, dict[str, Any]] = {
    # §5: single errors. `code` is optional (DRF's "Invalid page." has none).
    "DetailError": {"type": "object", "required": ["detail"],
                    "properties": {"detail": {"type": "string"}, "code": {"type": "string"}}},
    # DRF serializer errors on query parameters: {"page_size": ["..."]}.
    "ParamErrors": {"type": "object", "minProperties": 1, "additionalProperties": _STR_LIST},
    # §5: "a non-empty errors array comes back as HTTP 400" (the list envelope).
    "SearchError": {**_PAGE, "properties": {**_PAGE["properties"],
                                            "errors": {**_STR_LIST, "minItems": 1}}},
    # §3: the object list, one object, fields, categories; §2.4: dynamic tag options.
    "ObjectDef": {"type": "object",
                  "required": ["id", "name", "object_name", "entity_name", "object_type",
                               "is_custom"],
                  "properties": {"id": {"type": "string", "format": "uuid"},
                                 "name": {"type": "string", "minLength": 1},
                                 "object_name": {"type": "string"},
                                 "entity_name": {"type": "string"},
                                 "object_type": {"enum": ["standard", "pipeline"]},
                                 "is_custom": {"type": "boolean"}}},
    "FieldDefList": {"type": "array", "items": {
        "type": "object", "required": ["id", "name", "display_name", "field_type"],
        "properties": {"id": {"type": "string", "format": "uuid"},
                       "name": {"type": "string", "minLength": 1},
                       "field_type": {"enum": [
                           "checkbox", "checkboxes", "choices", "date", "datetime", "decimal",
                           "dropdown", "dynamictags", "email", "files", "integer", "longtext",
                           "money", "phonenumber", "radio", "rating", "relationship",
                           "selector", "status", "team_selector", "text", "timezone",
                           "wysiwyg", "yesnomaybe"]},
                       "is_required": {"type": "boolean"}, "is_read_only": {"type": "boolean"},
                       "is_hidden": {"type": "boolean"},
                       "options": {"type": "array", "items": {
                           "type": "object", "required": ["id", "name"]}}}}},
    "CategoryList": {"type": "array", "items": {
        "type": "object", "required": ["id", "name", "order"],
        "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                       "order": {"type": "integer"}}}},
    "TagPage": {**_PAGE, "properties": {**_PAGE["properties"], "results": {
        "type": "array", "items": {"type": "object", "required": ["id", "name"],
                                   "properties": {"id": {"type": "string"},
                                                  "name": {"type": "string"}}}}}},
}
SCHEMAS["ObjectPage"] = {**_PAGE, "properties": {
    **_PAGE["properties"], "results": {"type": "array", "items": SCHEMAS["ObjectDef"]}}}
_EXTENSION_OK = {"record-action": "EntityRecordDetail", "objects": "ObjectPage",
                 "object": "ObjectDef", "fields": "FieldDefList", "categories": "CategoryList",
                 "tags": "TagPage"}


@dataclass(frozen=True)
class Route:
    """Where a request path goes: the contract template (if any) and the route's name."""

    template: str | None
    name: str


def route_of(path: str) -> Route | None:
    """The route of a request path, or None for paths the API does not have."""
    for pattern, template, name in _ROUTES:
        match = pattern.match(path)
        if match:
            if template == "":
                template = f"/api/records/{{object_identifier}}/{match.group(1)}"
            return Route(template, name)
    return None


@cache
def _validator(schema_name: str) -> OAS30Validator:
    if schema_name in SCHEMAS:
        return OAS30Validator(SCHEMAS[schema_name])
    return OAS30Validator({"$ref": f"#/components/schemas/{schema_name}",
                           "components": live_spec()["components"]})


#: Item schema of each paginated list schema: rows are validated one by one (below).
_ROW_SCHEMAS = {"PaginatedEntityRecordListList": "EntityRecordList",
                "PaginatedFieldValuesList": "FieldValues", "SearchError": "EntityRecordList"}


@cache
def _validate_row(row_json: str, schema_name: str) -> None:
    # Cached by the row's canonical JSON: searches return the same rows again and again, and
    # jsonschema costs ~0.1 ms per node, which would dominate the filter tests.
    _validator(schema_name).validate(json.loads(row_json))


def _validate(body: Any, schema_name: str) -> None:
    rows = body.get("results") if isinstance(body, dict) else None
    row_schema = _ROW_SCHEMAS.get(schema_name)
    if row_schema is None or not isinstance(rows, list):
        _validator(schema_name).validate(body)
        return
    _validator(schema_name).validate({**body, "results": []})
    for row in rows:
        _validate_row(json.dumps(row, sort_keys=True), row_schema)


def expected_schemas(route: Route, method: str, status: int, body: Any) -> list[str]:
    """The schema names a response body must match (empty when nothing is known)."""
    if route.template is not None and (found := response_schema(route.template, method, status)):
        return [found]
    if 200 <= status < 300:
        return [_EXTENSION_OK[route.name]] if route.name in _EXTENSION_OK else []
    if status == 400 and (route.template or "").endswith("/search"):
        return ["SearchError"]
    if isinstance(body, dict) and "detail" in body:
        extra = ["ErrorResponse"] if "fields" in body else []
        return ["DetailError", *extra]
    if status == 400:
        return ["ErrorResponse"] if isinstance(body, dict) and "fields" in body else [
            "ParamErrors"]
    return ["DetailError"]


@dataclass
class ContractChecker:
    """What was checked, and what failed, over one test."""

    checked: Counter[str] = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def fail(self, text: str) -> None:
        """Record and raise a contract violation."""
        self.failures.append(text)
        raise AssertionError(text)

    def check_request(self, request: httpx.Request) -> None:
        """Validate a request's JSON body against the operation's request schema."""
        route = route_of(request.url.path)
        if route is None or route.template is None or not request.content:
            return
        try:
            name = request_schema(route.template, request.method)
        except KeyError:
            return
        if name is None:
            return
        try:
            _validate(json.loads(request.content), name)
        except ValidationError as exc:
            self.fail(f"request {request.method} {request.url.path} does not match {name}: "
                      f"{exc.message}")
        self.checked[f"request {name}"] += 1

    def check_response(self, request: httpx.Request, status: int, headers: httpx.Headers,
                       raw: bytes) -> None:
        """Validate one response body by route and status."""
        where = f"{request.method} {request.url.path} -> {status}"
        route = route_of(request.url.path)
        if request.method == "DELETE" and 200 <= status < 300:
            if raw.strip():
                self.fail(f"{where}: an archive answers with an empty body, got {raw[:80]!r}")
            self.checked["empty 204"] += 1
            return
        try:
            body = json.loads(raw) if raw.strip() and "content-encoding" not in headers else None
        except ValueError:
            body = None
        if body is None or route is None:
            self.skipped.append(where)
            return
        names = expected_schemas(route, request.method, status, body)
        if not names:
            self.fail(f"{where}: no known schema for this JSON answer")
        for name in names:
            try:
                _validate(body, name)
            except ValidationError as exc:
                self.fail(f"{where}: body does not match {name}: {exc.message} "
                          f"(at {'/'.join(map(str, exc.absolute_path))})")
            self.checked[name] += 1


class CheckingTransport(httpx.AsyncBaseTransport):
    """Delegates to `inner` and checks every request and response with `checker`."""

    def __init__(self, inner: httpx.AsyncBaseTransport, checker: ContractChecker) -> None:
        self.inner = inner
        self.checker = checker

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Check the request, send it, read the whole raw body, check it, hand it on."""
        self.checker.check_request(request)
        response = await self.inner.handle_async_request(request)
        try:
            raw = response.content  # already read (httpx.MockTransport)
        except httpx.ResponseNotRead:
            try:
                # Read errors (drops, timeouts) propagate exactly as from the client.
                raw = b"".join([chunk async for chunk in response.aiter_raw()])
            finally:
                await response.aclose()
        self.checker.check_response(request, response.status_code, response.headers, raw)
        return httpx.Response(response.status_code, headers=response.headers,
                              stream=httpx.ByteStream(raw), extensions=response.extensions,
                              request=request)

    async def aclose(self) -> None:
        """Close the inner transport."""
        await self.inner.aclose()
