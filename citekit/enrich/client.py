"""DOI look-ups over HTTP: Crossref first, DOI content negotiation second; polite and bounded.

The client is given a :class:`requests_cache.CachedSession` (see :mod:`citekit.enrich.cache`)
and never patches ``requests`` globally. Only requests that reach the network pass through the
:class:`Throttle` (``throttle``), so answers from the cache cost no rate budget.

Etiquette follows Crossref's published limits for single-DOI look-ups (since December 2025):
the polite pool (requests that carry a ``mailto``) allows 10 requests/s and 3 at once, the
public pool 5/s and 1 at once. A 429 is answered by waiting its ``Retry-After``; 5xx and
timeouts back off exponentially; both pauses hold back every worker, not just the one that
saw them.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote, urlsplit

import requests

from citekit.enrich.throttle import (
    RATE_MARGIN,
    AnswerTooLarge,
    Limits,
    Throttle,
    ThrottledAdapter,
    announced_rate,
    retry_after,
)
from citekit.errors import CitekitError

CROSSREF_URL = "https://api.crossref.org"
DOI_URL = "https://doi.org"
ACCEPT_CROSSREF = "application/json"
ACCEPT_CSL = "application/vnd.citationstyles.csl+json"
SOURCE_CROSSREF = "crossref"
SOURCE_DOI = "doi.org"

# Statuses worth asking again after a pause; anything else is the answer.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Consecutive transport failures (timeouts, refused connections) after which a host is left
# alone for the rest of the run: a dead server must not cost every remaining DOI a timeout.
BREAKER_LIMIT = 6
# An ASCII-only e-mail address: it goes into a header, so nothing that could end one.
_MAILTO = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


POLITE = Limits(rate=10.0, concurrency=3)
PUBLIC = Limits(rate=5.0, concurrency=1)


class SettingsError(CitekitError):
    """A look-up setting (base URL, e-mail address, timeout) that cannot be used."""


@dataclass(frozen=True)
class Settings:
    """Where DOIs are looked up and how politely; ``from_env`` reads the ``CITEKIT_*`` variables."""

    crossref_url: str = CROSSREF_URL
    doi_url: str = DOI_URL
    mailto: str | None = None
    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    attempts: int = 3
    # The longest pause (Retry-After or back-off) citekit sits through before giving up a DOI.
    max_wait: float = 60.0
    backoff: float = 1.0
    limits: Limits | None = None

    def __post_init__(self) -> None:
        for name in ("crossref_url", "doi_url"):
            url = getattr(self, name).rstrip("/")
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise SettingsError(f"{name}: not an http(s) URL: {url!r}")
            if parts.query or parts.fragment:
                raise SettingsError(f"{name}: a base URL takes no query or fragment: {url!r}")
            object.__setattr__(self, name, url)
        if self.mailto is not None and not _MAILTO.match(self.mailto):
            raise SettingsError(f"not an e-mail address: {self.mailto!r}")
        if self.read_timeout <= 0 or self.connect_timeout <= 0 or self.attempts < 1:
            raise SettingsError("timeouts must be positive and attempts at least 1")

    @classmethod
    def from_env(cls, environ: Mapping[str, str], **overrides: Any) -> Settings:
        """Settings from ``CITEKIT_CROSSREF_URL``, ``CITEKIT_DOI_URL``, ``CITEKIT_MAILTO`` and
        ``CITEKIT_TIMEOUT`` (seconds), then ``overrides`` that are not ``None``."""
        values: dict[str, Any] = {}
        for key, name in (
            ("CITEKIT_CROSSREF_URL", "crossref_url"),
            ("CITEKIT_DOI_URL", "doi_url"),
            ("CITEKIT_MAILTO", "mailto"),
        ):
            if environ.get(key):
                values[name] = environ[key]
        if environ.get("CITEKIT_TIMEOUT"):
            try:
                values["read_timeout"] = float(environ["CITEKIT_TIMEOUT"])
            except ValueError as error:
                raise SettingsError(
                    f"CITEKIT_TIMEOUT: not a number: {environ['CITEKIT_TIMEOUT']!r}"
                ) from error
            values["connect_timeout"] = min(cls.connect_timeout, values["read_timeout"])
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @property
    def pool(self) -> Limits:
        """The limits in force: explicit ones, else the polite or public pool's."""
        return self.limits or (POLITE if self.mailto else PUBLIC)

    @property
    def user_agent(self) -> str:
        from citekit import __version__

        contact = f" (mailto:{self.mailto})" if self.mailto else ""
        return f"citekit/{__version__}{contact}"


def doi_path(doi: str) -> str:
    """``doi`` as URL path text: every character that could end or redirect the path is
    percent-encoded (``#`` ``?`` ``%`` ``;`` ``<`` ``@`` …); the prefix/suffix ``/`` stays."""
    if any(segment in (".", "..") for segment in doi.split("/")):
        # urllib3 resolves dot segments, which would move the request off /works/.
        raise ValueError(f"DOI {doi!r} cannot be sent safely (a '.' or '..' path segment)")
    return quote(doi, safe="/")


def _lower_ascii(doi: str) -> str:
    # DOIs are case-insensitive for ASCII letters only (DOI Handbook 2.4); one spelling per DOI
    # also means one cache entry per DOI.
    return "".join(c.lower() if c.isascii() else c for c in doi)


@dataclass(frozen=True)
class Answer:
    """What a DOI look-up gave: the source's data, or the problem that stopped it."""

    doi: str
    source: str | None = None
    data: dict[str, Any] | None = None
    problem: str | None = None
    cached: bool = False


@dataclass
class _Host:
    failures: int = 0
    down: str | None = None


@dataclass
class DoiClient:
    """Look DOIs up at Crossref, falling back to DOI content negotiation for other agencies."""

    session: requests.Session
    settings: Settings = field(default_factory=Settings)
    sleep: Callable[[float], None] = time.sleep
    throttle: Throttle = field(init=False)

    def __post_init__(self) -> None:
        self.throttle = Throttle(self.settings.pool, sleep=self.sleep)
        deadline = self.settings.connect_timeout + self.settings.read_timeout
        adapter = ThrottledAdapter(self.throttle, deadline=deadline, clock=time.monotonic)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.max_redirects = 5
        self._hosts: dict[str, _Host] = {}
        self._env: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    @property
    def unreachable(self) -> dict[str, str]:
        """The hosts given up on (host → why): nothing listening, or stopped answering."""
        with self._lock:
            return {name: host.down for name, host in self._hosts.items() if host.down}

    @property
    def requests_sent(self) -> int:
        """Requests that went to the network (cache answers are not counted)."""
        return self.throttle.started

    def lookup(
        self, doi: str, *, cache_only: bool = False, stale_ok: bool = False
    ) -> Answer | None:
        """Metadata for ``doi``, or ``None`` when ``cache_only`` and the cache cannot answer.

        ``stale_ok`` lets an expired cache entry answer (offline runs): old metadata beats none.
        """
        wanted = _lower_ascii(doi)
        try:
            path = doi_path(wanted)
        except ValueError as error:
            return Answer(doi, problem=str(error))
        crossref = f"{self.settings.crossref_url}/works/"
        got = self._get(crossref + path, crossref, ACCEPT_CROSSREF, cache_only, stale_ok)
        if got is None:
            return None
        if isinstance(got, str):
            return Answer(doi, problem=f"Crossref: {got}")
        if got.status_code == 200:
            message, problem = _crossref_message(got)
            if problem:
                self._forget(got)
                return Answer(doi, problem=f"Crossref: {problem}")
            return Answer(doi, SOURCE_CROSSREF, message, cached=_from_cache(got))
        if got.status_code != 404:
            return Answer(doi, problem=f"Crossref: HTTP {got.status_code}")
        self._expire_soon(got)
        # Not a Crossref DOI (DataCite, mEDRA …): ask the resolver for CSL-JSON instead.
        resolver = f"{self.settings.doi_url}/"
        got = self._get(resolver + path, resolver, ACCEPT_CSL, cache_only, stale_ok)
        if got is None:
            return None
        if isinstance(got, str):
            return Answer(doi, problem=f"not at Crossref; doi.org: {got}")
        if got.status_code == 404:
            self._expire_soon(got)
            return Answer(doi, problem="DOI not found (Crossref and doi.org answer 404)")
        if got.status_code != 200:
            return Answer(doi, problem=f"not at Crossref; doi.org: HTTP {got.status_code}")
        item, problem = _csl_item(got)
        if problem:
            self._forget(got)
            return Answer(doi, problem=f"not at Crossref; doi.org: {problem}")
        return Answer(doi, SOURCE_DOI, item, cached=_from_cache(got))

    # ----------------------------------------------------------------------------------

    def _get(
        self, url: str, base: str, accept: str, cache_only: bool, stale_ok: bool
    ) -> requests.Response | str | None:
        """A response, a problem (str), or ``None`` for a cache miss when ``cache_only``."""
        parts = urlsplit(url)
        host = self._host(parts.netloc)
        if host.down and not cache_only:
            return f"not asked: {parts.netloc} stopped answering ({host.down})"
        prepared = self._prepare(url, base, accept)
        if isinstance(prepared, str):
            return prepared
        if cache_only:
            return self._from_store(prepared, url, stale_ok)
        return self._send(prepared, url, host)

    def _prepare(self, url: str, base: str, accept: str) -> requests.PreparedRequest | str:
        """The request for ``url``, or why it is refused."""
        headers = {
            "User-Agent": self.settings.user_agent,
            "Accept": accept,
            "Accept-Encoding": "gzip, deflate",
        }
        prepared = requests.Request("GET", url, headers=headers).prepare()
        # Guard the one promise the encoding makes: the DOI cannot move the request.
        sent, expected = urlsplit(prepared.url or ""), urlsplit(base)
        if sent.netloc.lower() != expected.netloc.lower() or not sent.path.startswith(
            expected.path
        ):
            return f"refused to send {prepared.url!r}: the DOI would change the URL"
        return prepared

    def _from_store(
        self, prepared: requests.PreparedRequest, url: str, stale_ok: bool
    ) -> requests.Response | None:
        # Straight to the store: a warm run's whole cost is this read, so it skips the
        # session's request machinery (same key, same expiry rule).
        cache = getattr(self.session, "cache", None)
        if cache is None:
            return None
        verify = self._environment(url).get("verify", True)  # part of the key, as in send()
        cached = cache.get_response(cache.create_key(prepared, verify=verify))
        return None if cached is None or (cached.is_expired and not stale_ok) else cached

    def _send(
        self, prepared: requests.PreparedRequest, url: str, host: _Host
    ) -> requests.Response | str:
        """The answer, asked again after a pause while the server says to (429, 5xx,
        timeouts), or the problem that ended the tries."""
        timeout = (self.settings.connect_timeout, self.settings.read_timeout)
        problem = "no attempt made"
        for attempt in range(1, self.settings.attempts + 1):
            try:
                response = self.session.send(
                    prepared, timeout=timeout, allow_redirects=True, **self._environment(url)
                )
            except requests.Timeout:
                problem = f"no answer within {self.settings.read_timeout:g} s"
                if self._transport_failed(host, problem):
                    return problem
                wait = self.settings.backoff * 2 ** (attempt - 1)
            except requests.ConnectionError as error:
                # Nothing listening, no route, no name: without a network every DOI would
                # fail the same way, so the host is down at once and the rest are not tried.
                problem = _connection_problem(error)
                with self._lock:
                    host.down = host.down or problem
                return problem
            except AnswerTooLarge as error:
                return str(error)
            except requests.RequestException as error:
                return f"request failed: {type(error).__name__}"
            else:
                with self._lock:
                    host.failures = 0
                if response.status_code not in RETRY_STATUSES:
                    rate = announced_rate(response)
                    if rate:
                        self.throttle.slow_down(rate)
                    return response
                asked = retry_after(response)
                problem = f"HTTP {response.status_code}"
                wait = asked if asked is not None else self.settings.backoff * 2 ** (attempt - 1)
                if wait > self.settings.max_wait:
                    limit = self.settings.max_wait
                    return f"{problem}; asked to wait {wait:.0f} s, more than {limit:g} s"
            if attempt < self.settings.attempts:
                self.throttle.pause(min(wait, self.settings.max_wait))
        return f"{problem} (gave up after {self.settings.attempts} attempts)"

    def _host(self, netloc: str) -> _Host:
        with self._lock:
            return self._hosts.setdefault(netloc, _Host())

    def _transport_failed(self, host: _Host, problem: str) -> bool:
        """Count a transport failure; true once the host is considered down."""
        with self._lock:
            host.failures += 1
            if host.failures >= BREAKER_LIMIT and not host.down:
                host.down = problem
            return host.down is not None

    def _environment(self, url: str) -> dict[str, Any]:
        # requests looks proxies and CA settings up in the environment on every call, which
        # costs more than a cache hit; once per host is enough.
        key = urlsplit(url).netloc
        if key not in self._env:
            self._env[key] = self.session.merge_environment_settings(url, {}, None, None, None)
        return self._env[key]

    def _expire_soon(self, response: requests.Response) -> None:
        """A 404 may become a DOI tomorrow: keep it for a day, not as long as metadata."""
        from citekit.enrich.cache import NOT_FOUND_EXPIRY

        cache = getattr(self.session, "cache", None)
        key = getattr(response, "cache_key", None)
        if cache is not None and key and not _from_cache(response):
            cache.save_response(response, key, datetime.now(timezone.utc) + NOT_FOUND_EXPIRY)

    def _forget(self, response: requests.Response) -> None:
        """An unusable 200 (HTML error page, broken JSON) must not be served again."""
        cache = getattr(self.session, "cache", None)
        key = getattr(response, "cache_key", None)
        if cache is not None and key:
            cache.delete(key)


def _from_cache(response: requests.Response) -> bool:
    return bool(getattr(response, "from_cache", False))


def _connection_problem(error: requests.ConnectionError) -> str:
    text = str(error).lower()
    if "refused" in text:
        return "connection refused"
    if "name or service" in text or "nodename" in text or "resolve" in text:
        return "host name not found"
    return "connection failed"


def _json(response: requests.Response) -> tuple[Any, str | None]:
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if "json" not in kind:
        return None, f"answer is {kind or 'untyped'}, not JSON"
    try:
        return json.loads(response.content), None
    except (ValueError, UnicodeDecodeError):
        return None, "answer is not valid JSON"


def _crossref_message(response: requests.Response) -> tuple[dict[str, Any], str | None]:
    data, problem = _json(response)
    if problem:
        return {}, problem
    if (
        not isinstance(data, dict)
        or data.get("message-type") != "work"
        or not isinstance(data.get("message"), dict)
    ):
        return {}, "answer is not a Crossref work message"
    return data["message"], None


def _csl_item(response: requests.Response) -> tuple[dict[str, Any], str | None]:
    data, problem = _json(response)
    if problem:
        return {}, problem
    if isinstance(data, list) and len(data) == 1:
        data = data[0]
    if not isinstance(data, dict) or not (data.get("title") or data.get("type")):
        return {}, "answer is not a CSL-JSON item"
    return data, None


# RATE_MARGIN, Limits, Throttle, retry_after and announced_rate live in ``throttle`` and are
# named here too, where callers and tests have always imported them from.
__all__ = [
    "CROSSREF_URL",
    "DOI_URL",
    "POLITE",
    "PUBLIC",
    "RATE_MARGIN",
    "Answer",
    "DoiClient",
    "Limits",
    "Settings",
    "SettingsError",
    "Throttle",
    "announced_rate",
    "doi_path",
    "retry_after",
]
