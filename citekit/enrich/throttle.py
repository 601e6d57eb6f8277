"""What keeps DOI look-ups within a server's limits on the wire: request starts spaced and
bounded in number, a shared pause, answers read against a deadline and a size cap, and the
server's own words on how fast to go (``Retry-After``, ``X-Rate-Limit-*``).

Only requests that reach the network pass through the :class:`Throttle` (its adapter is
mounted on the session under the cache), so answers from the cache cost no rate budget.
"""

from __future__ import annotations

import email.utils
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ReadTimeoutError

# Requests are spaced for this share of the allowed rate: the server sees each start give or
# take network jitter, and a start that lands early must not make eleven in its second.
RATE_MARGIN = 0.95

# A work message with its reference list is well under a megabyte; anything far bigger is not one.
MAX_BODY = 8 * 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How fast and how wide requests may go: starts per second and requests in flight."""

    rate: float
    concurrency: int


class AnswerTooLarge(requests.RequestException):
    """A body past :data:`MAX_BODY`: not a metadata record, and not worth the memory."""


class Throttle:
    """Request starts spaced a little over ``1/rate`` apart, at most ``concurrency`` in flight,
    and a shared pause that holds every worker back (Retry-After, back-off)."""

    def __init__(
        self,
        limits: Limits,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.limits = limits
        self._interval = 1.0 / (limits.rate * RATE_MARGIN)
        self._slots = threading.BoundedSemaphore(limits.concurrency)
        self._lock = threading.Lock()
        self._next = 0.0
        self._paused_until = 0.0
        self._clock, self._sleep = clock, sleep
        self.started = 0

    def __enter__(self) -> Throttle:
        self._slots.acquire()
        with self._lock:
            now = self._clock()
            paused = self._paused_until
            start = max(now, self._next, paused)
            self._next = start + self._interval
            self.started += 1
        if start > now:
            self._sleep(start - now)
        # A pause announced while this worker slept applies to it too.
        with self._lock:
            extended = self._paused_until - max(start, paused)
        if extended > 0:
            self._sleep(extended)
        return self

    def __exit__(self, *exc: object) -> None:
        self._slots.release()

    def pause(self, seconds: float) -> None:
        """Hold back every request start for ``seconds`` from now."""
        with self._lock:
            self._paused_until = max(self._paused_until, self._clock() + seconds)

    def slow_down(self, rate: float) -> None:
        """Never start more than ``rate`` requests a second from now on (only ever slower)."""
        with self._lock:
            self._interval = max(self._interval, 1.0 / (rate * RATE_MARGIN))


class ThrottledAdapter(HTTPAdapter):
    """A transport adapter that takes a throttle slot for every request on the wire, and
    reads the body against a deadline for the whole answer."""

    def __init__(self, throttle: Throttle, *, deadline: float, clock: Callable[[], float]) -> None:
        super().__init__(pool_maxsize=max(10, throttle.limits.concurrency))
        self.throttle, self.deadline, self._clock = throttle, deadline, clock

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        with self.throttle:
            started = self._clock()
            kwargs["stream"] = True
            response = super().send(request, **kwargs)
            # The read timeout bounds each wait for a byte, not the answer: a server that
            # trickles a byte at a time would never trip it. Read inside the slot, too: the
            # request is in flight until its body has arrived.
            chunks, size = [], 0
            try:
                for chunk in response.iter_content(64 * 1024):
                    size += len(chunk)
                    chunks.append(chunk)
                    if self._clock() - started > self.deadline:
                        raise requests.ReadTimeout(f"answer took over {self.deadline:g} s")
                    if size > MAX_BODY:
                        raise AnswerTooLarge(f"answer larger than {MAX_BODY // 2**20} MiB")
            except requests.ConnectionError as error:
                # requests reports a read timeout in the body as a connection error.
                if error.args and isinstance(error.args[0], ReadTimeoutError):
                    raise requests.ReadTimeout(str(error)) from error
                raise
            finally:
                response.close()
            response._content = b"".join(chunks)  # what Response.content would have stored
            return response


def retry_after(response: requests.Response, now: datetime | None = None) -> float | None:
    """Seconds a 429/503 asks the client to wait (``Retry-After`` as seconds or an HTTP date)."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def announced_rate(response: requests.Response) -> float | None:
    """Requests per second a server announces in ``X-Rate-Limit-Limit``/``-Interval``."""
    limit = response.headers.get("X-Rate-Limit-Limit", "")
    interval = re.fullmatch(r"\s*(\d+)\s*s?\s*", response.headers.get("X-Rate-Limit-Interval", ""))
    if not limit.strip().isdigit() or not interval or int(interval.group(1)) == 0:
        return None
    rate = int(limit) / int(interval.group(1))
    return rate if rate > 0 else None
