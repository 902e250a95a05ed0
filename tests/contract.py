"""Validate request and response bodies against the published Records contract.

The contract is `tests/data/records-openapi.json` (a copy of the project's shared
`kizen/records-openapi.json`). The live Kizen service departs from that published schema in a few
documented ways (API-NOTES.md §0, §2.6, §4); `live_schema()` applies exactly those departures, each
with its reason, so that everything else is checked strictly.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from openapi_schema_validator import OAS30Validator

SPEC_PATH = Path(__file__).parent / "data" / "records-openapi.json"


@cache
def published_spec() -> dict[str, Any]:
    """The published OpenAPI document, unmodified."""
    return json.loads(SPEC_PATH.read_text(encoding="utf-8"))


@cache
def live_spec() -> dict[str, Any]:
    """The published document with the live service's documented departures applied."""
    spec = copy.deepcopy(published_spec())
    schemas = spec["components"]["schemas"]
    # `fields` is a map keyed by field UUID (API-NOTES §0); the published schema names a literal
    # "id" key. Each entry also carries `name`, and `value` may be any JSON shape or be replaced
    # by `value_summary` for summarised relationships (§4).
    schemas["Fields"] = {
        "type": "object",
        "additionalProperties": {"$ref": "#/components/schemas/SerializedFieldValueDict"},
    }
    entry = schemas["SerializedFieldValueDict"]
    entry["properties"]["value"] = {}
    entry["properties"]["name"] = {"type": "string"}
    entry["properties"]["value_summary"] = {"type": "object"}
    entry["required"] = ["display_name", "field_type", "id"]
    # Non-contact records come back with "client_info": null (§0).
    schemas["ClientInfo"]["nullable"] = True
    # Upsert accepts `fields` like add does (§0: K1 live round trips, K3).
    schemas["EntityRecordUpsertRequest"]["properties"]["fields"] = {
        "type": "array",
        "items": {"$ref": "#/components/schemas/FieldRequest"},
    }
    # `errors: oneOf [{type: null}, array]` is not expressible in OpenAPI 3.0 (no "null" type);
    # the intent is "null or a list of strings".
    for name in ("PaginatedEntityRecordListList", "PaginatedFieldValuesList"):
        schemas[name]["properties"]["errors"] = {
            "type": "array", "items": {"type": "string"}, "nullable": True,
        }
    # FieldRequest.value is typed "object" but takes strings, numbers, lists, booleans (§4).
    schemas["FieldRequest"]["properties"]["value"] = {"nullable": True}
    return spec


def _validator(schema_name: str, *, live: bool) -> OAS30Validator:
    spec = live_spec() if live else published_spec()
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": spec["components"]}
    return OAS30Validator(schema)


def validate(body: Any, schema_name: str, *, live: bool = True) -> None:
    """Raise `jsonschema.ValidationError` if `body` does not match `schema_name`.

    Args:
        body: the decoded JSON body.
        schema_name: a name under `components/schemas`, e.g. "EntityRecordDetail".
        live: apply the live service's documented departures (default) or check the published
            schema as written.
    """
    _validator(schema_name, live=live).validate(body)


def request_schema(path_template: str, method: str) -> str | None:
    """The component name of the request body schema of an operation, if it has one."""
    op = published_spec()["paths"][path_template][method.lower()]
    ref = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    return ref["$ref"].rsplit("/", 1)[-1] if ref else None


def response_schema(path_template: str, method: str, status: int) -> str | None:
    """The component name of the response schema of an operation for a status, if any."""
    op = published_spec()["paths"][path_template][method.lower()]
    resp = op.get("responses", {}).get(str(status), {})
    ref = resp.get("content", {}).get("application/json", {}).get("schema")
    return ref["$ref"].rsplit("/", 1)[-1] if ref else None
