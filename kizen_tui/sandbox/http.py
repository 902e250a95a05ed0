"""Response helpers shared by the routes: error bodies, query parameters, DRF-style paging.

Error bodies follow API-NOTES §5: single errors are `{"detail", "code"}`; query-parameter
errors are DRF serializer errors `{"<param>": ["msg"]}`; record writes use the positional
envelope built in `writes.py`. A page number past the end (or not a positive integer) is
404 `{"detail": "Invalid page."}`, as Django REST framework's PageNumberPagination answers.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 100


class ApiError(Exception):
    """An error response: raise it anywhere in a route to answer with `body`."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(f"{status}: {body}")
        self.status = status
        self.body = body

    def response(self) -> Response:
        """The JSON response of this error."""
        return JSONResponse(self.body, status_code=self.status)


def not_found(detail: str = "Not found.") -> ApiError:
    """404 for a missing (or not visible) object, record or field."""
    return ApiError(404, {"detail": detail, "code": "not_found"})


def bad_request(detail: str, code: str = "invalid") -> ApiError:
    """400 with a single message."""
    return ApiError(400, {"detail": detail, "code": code})


def param_error(name: str, message: str) -> ApiError:
    """400 for an invalid query parameter, as a DRF serializer error."""
    return ApiError(400, {name: [message]})


def forbidden(detail: str = "You do not have permission to perform this action.",
              code: str = "permission_required") -> ApiError:
    """403 for a record the user may not change."""
    return ApiError(403, {"detail": detail, "code": code})


def parse_bool(request: Request, name: str, default: bool) -> bool:
    """A boolean query parameter (`true`/`false`, `1`/`0`, `yes`/`no`)."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in ("true", "1", "yes", "on"):
        return True
    if lowered in ("false", "0", "no", "off"):
        return False
    raise param_error(name, "Must be a valid boolean.")


def split_csv(raw: str | None) -> list[str] | None:
    """A comma-separated parameter as a list (None when absent; [] when present but empty)."""
    if raw is None:
        return None
    return [part.strip() for part in raw.split(",") if part.strip()]


async def json_body(request: Request) -> dict[str, Any]:
    """The request's JSON object body ({} when empty); 400 when it is not a JSON object."""
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except ValueError as exc:
        raise bad_request(f"JSON parse error - {exc.args[0] if exc.args else exc}",
                          "parse_error") from None
    if not isinstance(body, dict):
        raise ApiError(400, {"non_field_errors": [
            f"Invalid data. Expected a dictionary, but got {type(body).__name__}."]})
    return body


@dataclass
class Page:
    """One page of a paginated list."""

    number: int
    size: int
    count: int

    @property
    def offset(self) -> int:
        """Rows to skip."""
        return (self.number - 1) * self.size

    def envelope(self, request: Request, results: list[Any]) -> dict[str, Any]:
        """`{count, next, previous, results, errors}` with full next/previous URLs."""
        last = max(1, math.ceil(self.count / self.size))
        nxt = str(request.url.include_query_params(page=self.number + 1)) \
            if self.number < last else None
        prev = None
        if self.number > 1:
            url = request.url
            prev = str(url.remove_query_params("page") if self.number == 2
                       else url.include_query_params(page=self.number - 1))
        return {"count": self.count, "next": nxt, "previous": prev, "results": results,
                "errors": None}


def page_size_param(request: Request) -> int:
    """The `page_size` query parameter: 1..1000, default 100."""
    raw = request.query_params.get("page_size")
    if raw is None or raw == "":
        return DEFAULT_PAGE_SIZE
    try:
        size = int(raw)
    except ValueError:
        raise param_error("page_size", "A valid integer is required.") from None
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise param_error("page_size",
                          f"Ensure this value is between 1 and {MAX_PAGE_SIZE}.")
    return size


def page_param(request: Request, count: int, size: int) -> Page:
    """The requested page, or 404 "Invalid page." when it does not exist."""
    raw = request.query_params.get("page") or "1"
    last = max(1, math.ceil(count / size))
    if raw == "last":
        return Page(last, size, count)
    try:
        number = int(raw)
    except ValueError:
        raise ApiError(404, {"detail": "Invalid page."}) from None
    if number < 1 or number > last:
        raise ApiError(404, {"detail": "Invalid page."})
    return Page(number, size, count)
