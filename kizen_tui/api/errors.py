"""The one exception tree of the Kizen client.

```
KizenError                      everything the client raises on purpose (plus ValueError for bad
 │                              arguments, raised before anything is sent)
 ├── ConnectionFailed           no usable answer: DNS, refused/dropped connection, protocol error
 │    └── RequestTimeout        a connect/read/write/pool timeout (a kind of connection failure,
 │                              so `except ConnectionFailed` covers "the network is the problem")
 ├── ApiStatusError             the server answered with a non-2xx status
 │    ├── BadRequest            400
 │    │    └── ValidationFailed 400 with the positional `fields` / `non_field_errors` envelope
 │    ├── Unauthorized          401: missing or wrong credentials
 │    ├── Forbidden             403: no permission (`code`, e.g. "forbidden_field_write")
 │    ├── NotFound              404: does not exist, or is not visible to this user
 │    ├── Conflict              409: concurrent change (record write lock, archive race)
 │    ├── RateLimited           429 (`retry_after` seconds when the server said)
 │    └── ServerError           5xx
 ├── UnexpectedResponse         a 2xx whose body is not JSON, truncated, or the wrong shape
 └── ReadOnlyError              a write attempted by a client opened read-only
```

Messages are readable sentences that name the method, the path and the request id, and never
contain the API key (the client scrubs it from anything the server echoes back).
"""

from __future__ import annotations

from typing import Any


class KizenError(Exception):
    """Base of every error the Kizen client raises about a request."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        """A readable, one-paragraph explanation."""

    def __str__(self) -> str:
        return self.message


class ConnectionFailed(KizenError):
    """The request got no usable answer: DNS failure, refused or dropped connection, TLS or
    protocol error. Whether the server saw the request is unknown unless nothing was sent."""

    def __init__(self, message: str, *, method: str | None = None, path: str | None = None):
        super().__init__(message)
        self.method = method
        self.path = path


class RequestTimeout(ConnectionFailed):
    """A connect, read, write or pool timeout expired."""


class ApiStatusError(KizenError):
    """The server answered with an error status."""

    def __init__(
        self,
        message: str,
        *,
        status: int,
        method: str,
        path: str,
        request_id: str | None = None,
        body: Any = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        """The HTTP status code."""
        self.method = method
        self.path = path
        """The request path, without the query string."""
        self.request_id = request_id
        """The X-Request-ID response header: quote it to Kizen support."""
        self.body = body
        """The parsed JSON body, or None when the body was empty or not JSON."""
        self.code = code
        """The machine-readable error code (`not_found`, `forbidden_field_write`, ...), if any."""


class BadRequest(ApiStatusError):
    """400: the server rejected the request."""


class ValidationFailed(BadRequest):
    """400 with Kizen's positional error envelope for record writes.

    `field_errors[n]` belongs to the n-th field write that was sent; `{}` means that write was
    fine. Each entry maps a key of the write (`value`, `id`, `name`, `add_values`, ...) to
    messages; nested value errors are flattened to keys like `value.amount`.
    """

    def __init__(
        self,
        message: str,
        *,
        field_errors: list[dict[str, list[str]]],
        non_field_errors: list[str],
        sent_fields: list[dict[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(message, **kwargs)
        self.field_errors = field_errors
        """One dict per field write sent, aligned by position."""
        self.non_field_errors = non_field_errors
        """Errors about the request as a whole."""
        self.sent_fields = sent_fields or []
        """The field writes as they were sent (wire dicts), to map errors back."""

    def errors_for(self, index: int) -> dict[str, list[str]]:
        """The errors of the `index`-th field write sent (`{}` when it was fine)."""
        if 0 <= index < len(self.field_errors):
            return self.field_errors[index]
        return {}

    def messages_for(self, index: int) -> list[str]:
        """All messages of the `index`-th field write, flattened."""
        return [msg for msgs in self.errors_for(index).values() for msg in msgs]

    def errors_by_field(self) -> dict[str, list[str]]:
        """Messages keyed by the id or name of the field write they belong to.

        Writes that cannot be matched to a sent field are keyed `#<index>`.
        """
        out: dict[str, list[str]] = {}
        for index, errors in enumerate(self.field_errors):
            if not errors:
                continue
            key = _field_key(self.sent_fields, index)
            out.setdefault(key, []).extend(self.messages_for(index))
        return out


def _field_key(sent: list[dict[str, Any]], index: int) -> str:
    if index < len(sent):
        for key in ("id", "name"):
            if isinstance(sent[index].get(key), str):
                return str(sent[index][key])
    return f"#{index}"


class Unauthorized(ApiStatusError):
    """401: the API key, business id or user id is missing or wrong."""


class Forbidden(ApiStatusError):
    """403: the user lacks a permission (see `code`, e.g. `forbidden_field_write`)."""


class NotFound(ApiStatusError):
    """404: the object or record does not exist, or this user may not see it."""


class Conflict(ApiStatusError):
    """409: a concurrent change (record write lock, archive race); fetch again and retry."""


class RateLimited(ApiStatusError):
    """429: too many requests."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after
        """Seconds the server asked us to wait, if it said."""


class ServerError(ApiStatusError):
    """5xx: the server failed; usually worth trying again later."""


class UnexpectedResponse(KizenError):
    """A 2xx answer the client cannot use: not JSON, truncated, or the wrong shape."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        method: str | None = None,
        path: str | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.method = method
        self.path = path
        self.request_id = request_id


class ReadOnlyError(KizenError):
    """A write was attempted through a client opened read-only; nothing was sent."""

    def __init__(self, method: str, path: str) -> None:
        super().__init__(f"Read-only mode: refused to send {method} {path}; nothing was changed.")
        self.method = method
        self.path = path


#: The exception class for each status; other 4xx use ApiStatusError, 5xx ServerError.
STATUS_ERRORS: dict[int, type[ApiStatusError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    429: RateLimited,
}


def status_error_class(status: int) -> type[ApiStatusError]:
    """The exception class for an error status."""
    if status >= 500:
        return ServerError
    return STATUS_ERRORS.get(status, ApiStatusError)
