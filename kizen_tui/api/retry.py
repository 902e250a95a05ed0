"""Timeouts and the retry policy of the Kizen client.

Which failures are retried depends on whether repeating the request is safe:

* **Nothing was sent** (`httpx.ConnectError`, `httpx.ConnectTimeout`, `httpx.PoolTimeout`): the
  connection was never established (or no pooled connection was free), so the server cannot have
  seen the request. Retrying is safe for every request, writes included. A dropped *pooled*
  connection does not show up as `ConnectError` (httpx raises `RemoteProtocolError` or
  `ReadError` then), so this rule does not repeat a write the server may have received.
* **The request may have reached the server** (read/write timeouts, dropped connections,
  429, 502, 503, 504): retried only for requests that are safe to repeat, i.e. GET, PUT (which
  replaces the whole record, so a second identical PUT changes nothing) and the search POST
  (a read). add, PATCH (`add_values` would add twice), upsert, DELETE, unarchive and move are
  not repeated: the caller gets the error and decides (a 429 carries `retry_after`).

Delays are capped exponential backoff with full jitter (AWS Architecture Blog, "Exponential
Backoff And Jitter"); a `Retry-After` header (seconds or an HTTP date) wins over the backoff, up to
`retry_after_cap` seconds.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

#: Transport errors raised before any byte of the request left this machine.
NOT_SENT_ERRORS: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
)
#: Transport errors after which the server may or may not have seen the request.
MAYBE_SENT_ERRORS: tuple[type[Exception], ...] = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)


@dataclass(frozen=True)
class Timeouts:
    """Per-phase timeouts in seconds (see httpx "Timeouts")."""

    connect: float = 5.0
    """Establishing the TCP/TLS connection."""
    read: float = 30.0
    """Waiting for each chunk of the response."""
    write: float = 30.0
    """Sending each chunk of the request."""
    pool: float = 5.0
    """Waiting for a free connection from the pool."""

    def to_httpx(self) -> httpx.Timeout:
        """The equivalent `httpx.Timeout`."""
        return httpx.Timeout(
            connect=self.connect, read=self.read, write=self.write, pool=self.pool
        )


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry a failed request.

    `max_attempts` counts the first try, so the default makes at most 4 requests.
    """

    max_attempts: int = 4
    """Total attempts including the first one (1 disables retries)."""
    base_delay: float = 0.5
    """Backoff before the first retry, doubled for each further retry."""
    max_delay: float = 8.0
    """Upper bound of the backoff."""
    jitter: bool = True
    """Full jitter: wait a uniformly random time between 0 and the backoff."""
    retry_after_cap: float = 60.0
    """Never wait longer than this for a server's Retry-After."""
    retry_statuses: frozenset[int] = field(default=frozenset({429, 502, 503, 504}))
    """Statuses that mean "try again later"."""

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if min(self.base_delay, self.max_delay, self.retry_after_cap) < 0:
            raise ValueError("retry delays must not be negative")

    @classmethod
    def disabled(cls) -> RetryPolicy:
        """A policy that never retries."""
        return cls(max_attempts=1)

    def backoff(self, retry_number: int, random: Callable[[], float]) -> float:
        """The delay before retry number `retry_number` (1 for the first retry)."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** max(retry_number - 1, 0))
        return random() * ceiling if self.jitter else ceiling

    def delay(
        self, retry_number: int, retry_after: float | None, random: Callable[[], float]
    ) -> float:
        """The delay before a retry: the server's Retry-After (capped) or the backoff."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.retry_after_cap)
        return self.backoff(retry_number, random)

    def retries_status(self, status: int, *, repeatable: bool) -> bool:
        """True when a response with this status should be retried."""
        return repeatable and status in self.retry_statuses

    def retries_error(self, exc: Exception, *, repeatable: bool) -> bool:
        """True when this transport error should be retried (see the module docstring)."""
        if isinstance(exc, NOT_SENT_ERRORS):
            return True
        return repeatable and isinstance(exc, MAYBE_SENT_ERRORS)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait according to a Retry-After header, or None when absent or unreadable.

    Accepts delta-seconds (`"120"`, also `"1.5"`) and an HTTP date
    (`"Wed, 21 Oct 2015 07:28:00 GMT"`); a date in the past gives 0.
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        return _seconds_until(text, now)
    return max(seconds, 0.0) if math.isfinite(seconds) else None


def _seconds_until(http_date: str, now: datetime | None) -> float | None:
    try:
        when = parsedate_to_datetime(http_date)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT
        when = when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)
