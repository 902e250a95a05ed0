"""Turning httpx responses and transport failures into models or into the error tree.

Nothing here raises anything but `KizenError` subclasses: a body that is HTML, empty, truncated
or the wrong shape becomes a readable message, never a JSONDecodeError or a pydantic traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from kizen_tui.api.errors import (
    ApiStatusError,
    BadRequest,
    ConnectionFailed,
    RateLimited,
    RequestTimeout,
    UnexpectedResponse,
    ValidationFailed,
    status_error_class,
)
from kizen_tui.api.retry import parse_retry_after

ModelT = TypeVar("ModelT", bound=BaseModel)
Scrub = Callable[[Any], Any]
MAX_MESSAGE = 600


@dataclass(frozen=True)
class Exchange:
    """What a message needs to know about one answered request."""

    method: str
    path: str
    status: int
    request_id: str | None

    @classmethod
    def of(cls, response: httpx.Response, method: str, path: str) -> Exchange:
        """The exchange of a response to `method path`."""
        return cls(method, path, response.status_code, response.headers.get("x-request-id"))

    def describe(self) -> str:
        """E.g. `404 Not Found from GET /api/records/deals/…`."""
        try:
            reason = HTTPStatus(self.status).phrase
        except ValueError:
            reason = "Unknown Status"
        return f"{self.status} {reason} from {self.method} {self.path}"

    def sentence(self, detail: str) -> str:
        """`<describe>: <detail> (request id …)`."""
        suffix = f" (request id {self.request_id})" if self.request_id else ""
        detail = detail if len(detail) <= MAX_MESSAGE else detail[:MAX_MESSAGE] + "…"
        return f"{self.describe()}: {detail}{suffix}"

    def unexpected(self, detail: str) -> UnexpectedResponse:
        """An UnexpectedResponse about this exchange."""
        return UnexpectedResponse(
            self.sentence(detail), status=self.status, method=self.method, path=self.path,
            request_id=self.request_id,
        )


def _body_kind(response: httpx.Response) -> tuple[str, Any]:
    """("json", value) | ("empty", None) | ("html", None) | ("text", None) | ("bad-json", None)."""
    if not response.content.strip():
        return "empty", None
    ctype = response.headers.get("content-type", "").lower()
    try:
        return "json", response.json()
    except ValueError:  # JSONDecodeError and UnicodeDecodeError
        pass
    if "html" in ctype or response.content.lstrip()[:1] == b"<":
        return "html", None
    return ("bad-json", None) if "json" in ctype else ("text", None)


_KIND_TEXT = {
    "empty": "the server sent an empty body",
    "html": "the server answered with an HTML page",
    "text": "the server answered with text that is not JSON",
    "bad-json": "the server sent JSON that is invalid or cut off",
}


def decode_json(response: httpx.Response, method: str, path: str, scrub: Scrub) -> Any:
    """The JSON body of a successful response, or UnexpectedResponse."""
    kind, value = _body_kind(response)
    if kind != "json":
        raise Exchange.of(response, method, path).unexpected(f"expected JSON; {_KIND_TEXT[kind]}")
    return scrub(value)


def decode_optional_json(response: httpx.Response) -> Any:
    """The JSON body when there is one, else None (for endpoints whose body is optional)."""
    kind, value = _body_kind(response)
    return value if kind == "json" else None


def _shape(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}.get(
        type(value), "a number" if isinstance(value, int | float) else type(value).__name__
    )


def parse_model(
    model: type[ModelT], data: Any, response: httpx.Response, method: str, path: str
) -> ModelT:
    """Validate `data` into `model`, turning any mismatch into UnexpectedResponse."""
    # the Exchange (a header lookup and a dataclass) is built only for an error: parse_model
    # runs once per row of a list
    if not isinstance(data, dict):
        raise Exchange.of(response, method, path).unexpected(
            f"expected a JSON object, got {_shape(data)}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise Exchange.of(response, method, path).unexpected(
            f"unexpected response shape: {_validation_text(exc)}") from None


def parse_list(
    model: type[ModelT], data: Any, response: httpx.Response, method: str, path: str
) -> list[ModelT]:
    """Validate a bare JSON array (or a page's `results`) into a list of `model`."""
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        data = data["results"]  # tolerate a paginated envelope around the list
    if not isinstance(data, list):
        raise Exchange.of(response, method, path).unexpected(
            f"expected a JSON list, got {_shape(data)}"
        )
    return [parse_model(model, item, response, method, path) for item in data]


def _validation_text(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors(include_input=False, include_url=False)[:3]:
        loc = ".".join(str(p) for p in err["loc"]) or "body"
        parts.append(f"{loc}: {err['msg']}")
    more = exc.error_count() - len(parts)
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


# --- error bodies ---------------------------------------------------------------------------


def messages(value: Any) -> list[str]:
    """Flatten any error value (`"msg"`, `["msg"]`, `[{"message", "code"}]`) to strings."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list):
        return [m for item in value for m in messages(item)]
    if isinstance(value, dict):
        if "message" in value or "detail" in value:
            return messages(value.get("message", value.get("detail")))
        return [f"{k}: {m}" for k, v in value.items() for m in messages(v)]
    return [str(value)]


def field_error_entry(entry: Any) -> dict[str, list[str]]:
    """Normalise one positional entry into `{key: [messages]}` (`{}` = that write was fine)."""
    if not entry:
        return {}
    if not isinstance(entry, dict):
        return {"error": messages(entry)}
    out: dict[str, list[str]] = {}
    for key, value in entry.items():
        if isinstance(value, dict) and not ("message" in value or "detail" in value):
            for sub, msgs in field_error_entry(value).items():
                out[f"{key}.{sub}"] = msgs
        elif msgs := messages(value):
            out[str(key)] = msgs
    return out


def _find_code(body: Any) -> str | None:
    if isinstance(body, dict):
        if isinstance(body.get("code"), str):
            return str(body["code"])
        values: list[Any] = list(body.values())
    elif isinstance(body, list):
        values = body
    else:
        return None
    for value in values:
        if isinstance(value, dict | list) and (code := _find_code(value)):
            return code
    return None


def _is_positional(body: Any) -> bool:
    return isinstance(body, dict) and (
        isinstance(body.get("fields"), list) or isinstance(body.get("non_field_errors"), list)
    )


def _positional_text(
    field_errors: list[dict[str, list[str]]], non_field: list[str], sent: list[dict[str, Any]]
) -> str:
    parts = list(non_field)
    for index, errors in enumerate(field_errors):
        if errors:
            label = next((str(sent[index][k]) for k in ("name", "id")
                          if index < len(sent) and isinstance(sent[index].get(k), str)),
                         f"field #{index + 1}")
            parts.append(f"{label}: " + " ".join(m for ms in errors.values() for m in ms))
    return "; ".join(parts)


def _body_text(body: Any) -> str | None:
    if isinstance(body, dict):
        for key in ("detail", "message", "error", "errors"):
            if found := messages(body.get(key)):
                return "; ".join(found)
        found = [f"{k}: {m}" for k, v in body.items() if k != "code" for m in messages(v)]
        return "; ".join(found) or None
    return "; ".join(messages(body)) or None


def _plain_detail(response: httpx.Response, kind: str, body: Any) -> str:
    """The message of an error answer without the positional envelope."""
    if 300 <= response.status_code < 400:  # we never follow redirects: a wrong base URL
        return f"redirected to {response.headers.get('location', '?')}; check the base URL"
    detail = (_body_text(body) if kind == "json" else None) or _KIND_TEXT[
        "empty" if kind == "json" else kind]
    if response.status_code == 401:
        detail = detail.rstrip(".") + "; check the API key, business id and user id"
    return detail


def error_from_response(
    response: httpx.Response,
    method: str,
    path: str,
    *,
    scrub: Scrub,
    sent_fields: list[dict[str, Any]] | None = None,
) -> ApiStatusError:
    """The ApiStatusError subclass for a non-2xx response, with a readable message."""
    exchange = Exchange.of(response, method, path)
    kind, body = _body_kind(response)
    body = scrub(body)
    common: dict[str, Any] = {
        "status": exchange.status, "method": method, "path": path,
        "request_id": exchange.request_id, "body": body, "code": _find_code(body),
    }
    cls = status_error_class(exchange.status)
    if _is_positional(body):
        sent = sent_fields or []
        field_errors = [field_error_entry(e) for e in body.get("fields") or []]
        non_field = messages(body.get("non_field_errors"))
        detail = (_positional_text(field_errors, non_field, sent) or _body_text(body)
                  or "the request was rejected")
        text = scrub(exchange.sentence(detail))
        if cls is BadRequest:
            return ValidationFailed(text, field_errors=field_errors, non_field_errors=non_field,
                                    sent_fields=sent, **common)
    else:
        text = scrub(exchange.sentence(_plain_detail(response, kind, body)))
    if cls is RateLimited:
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        return RateLimited(text, retry_after=retry_after, **common)
    return cls(text, **common)


def error_from_transport(
    exc: httpx.RequestError, method: str, path: str, host: str, scrub: Scrub
) -> ConnectionFailed | UnexpectedResponse:
    """The ConnectionFailed (or RequestTimeout) for an httpx transport failure.

    A body that cannot be decompressed (`httpx.DecodingError`) is an UnexpectedResponse.
    """
    reason = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.DecodingError):
        return UnexpectedResponse(scrub(f"{method} {path}: the response body could not be "
                                        f"decoded: {reason}"), method=method, path=path)
    if isinstance(exc, httpx.TimeoutException):
        phase = {
            httpx.ConnectTimeout: "while connecting",
            httpx.ReadTimeout: "waiting for the response",
            httpx.WriteTimeout: "while sending the request",
            httpx.PoolTimeout: "waiting for a free connection",
        }.get(type(exc), "")
        text = f"{method} {path} to {host} timed out {phase}".rstrip() + "."
        return RequestTimeout(scrub(text), method=method, path=path)
    if isinstance(exc, httpx.ConnectError):
        text = f"Could not connect to {host} for {method} {path}: {reason}"
    elif isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        text = f"The connection to {host} broke during {method} {path}: {reason}"
    else:
        text = f"{method} {path} to {host} failed: {reason}"
    return ConnectionFailed(scrub(text), method=method, path=path)
