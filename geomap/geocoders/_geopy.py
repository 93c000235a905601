"""The parts that import geopy: imported only when an online geocoder is first used.

geopy's exceptions are mapped to :mod:`geomap.errors` by a table (the pattern of geopy's own
``ERROR_CODE_MAP``): configuration and authentication problems are :class:`GeocoderError`
(fatal), everything that may pass is :class:`GeocoderUnavailable` (transient).
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable
from functools import partial

import geopy.geocoders
from geopy import exc as gexc
from geopy.adapters import URLLibAdapter
from geopy.extra.rate_limiter import RateLimiter

from ..errors import GeocoderError, GeocoderUnavailable

try:
    from geopy.adapters import RequestsAdapter

    _requests_ok = RequestsAdapter.is_available
except ImportError:  # pragma: no cover
    _requests_ok = False

#: geopy exceptions that retrying cannot cure, and the fatal error each becomes
_FATAL = {
    gexc.ConfigurationError: "is misconfigured",
    gexc.GeocoderAuthenticationFailure: "rejected the key or credentials",
    gexc.GeocoderInsufficientPrivileges: "refused access (key without the right privileges?)",
}
#: checked in order: the first match names the transient failure
_TRANSIENT = (
    (gexc.GeocoderRateLimited, "rate limited the requests"),
    (gexc.GeocoderQuotaExceeded, "quota exceeded"),
    (gexc.GeocoderTimedOut, "timed out"),
    (gexc.GeocoderUnavailable, "is unreachable"),
    (gexc.GeocoderParseError, "sent a malformed answer"),
    (gexc.GeocoderQueryError, "rejected the query"),
    (gexc.GeocoderServiceError, "failed"),
)
#: a body that parses as JSON but not in the provider's format makes geopy's parser raise these
_SHAPE_ERRORS = (KeyError, IndexError, TypeError, ValueError, AttributeError)


class _NoRetry(Exception):
    """Carries an error through the rate limiter without a retry (it retries geopy service errors only)."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


def geopy_class(name: str) -> type:
    """The geopy geocoder class called ``name`` (e.g. ``"Nominatim"``)."""
    return getattr(geopy.geocoders, name)


def adapter_factory(**kw) -> Callable:
    """An HTTP adapter factory without hidden retries: only the rate limiter retries, so counts are honest."""
    if _requests_ok:
        return partial(RequestsAdapter, max_retries=0, **kw)
    return partial(URLLibAdapter, **kw)  # pragma: no cover


def map_error(provider: str, error: BaseException) -> GeocoderError:
    """The geomap error for a geopy (or parsing) exception, with a one-line message."""
    if isinstance(error, _NoRetry):
        error = error.error
    detail = " ".join(str(error).split())
    errno = re.search(r"\[Errno -?\d+\] ([^'\")\]]+)", detail)  # "Connection refused", not urllib3's story
    if errno:
        detail = errno.group(1).strip()
    detail = detail if len(detail) <= 120 else detail[:117] + "..."
    for cls, what in _FATAL.items():
        if isinstance(error, cls):
            return GeocoderError(f"geocoder {provider} {what}: {detail}")
    if isinstance(error, _SHAPE_ERRORS):
        return GeocoderUnavailable(f"geocoder {provider} sent a malformed answer ({type(error).__name__}: {detail})")
    status = re.search(r"status code (\d{3})", detail)
    if status and isinstance(error, gexc.GeocoderServiceError):
        return GeocoderUnavailable(f"geocoder {provider} answered HTTP {status.group(1)}")
    for cls, what in _TRANSIENT:
        if isinstance(error, cls):
            return GeocoderUnavailable(f"geocoder {provider} {what}: {detail}")
    return GeocoderUnavailable(f"geocoder {provider} failed: {detail}")


class _Limiter(RateLimiter):
    """geopy's RateLimiter with an injectable clock and sleep (tests need no waiting)."""

    def __init__(
        self,
        func,
        *,
        sleep: Callable[[float], None],
        clock: Callable[[], float],
        shared_slot: Callable[[], float] | None = None,
        **kw,
    ) -> None:
        super().__init__(func, **kw)
        self._sleep_fn = sleep
        self._clock_fn = clock
        self._shared_slot = shared_slot

    def _acquire_request_slot(self) -> None:
        super()._acquire_request_slot()  # this process's limit
        if self._shared_slot is not None:  # and the one shared with other processes
            while (wait := self._shared_slot()) > 0:
                self._sleep(wait)

    def _sleep(self, seconds: float) -> None:
        self._sleep_fn(seconds)

    def _clock(self) -> float:
        return self._clock_fn()


class _Quiet(logging.Filter):
    """geopy's rate limiter logs each retry as a warning with a traceback; we say one line ourselves."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.module != "rate_limiter"


@contextlib.contextmanager
def quiet_geopy():
    """Silence the rate limiter's messages on the ``geopy`` logger for the duration of a call."""
    log = logging.getLogger("geopy")
    flt = _Quiet()
    log.addFilter(flt)
    try:
        yield
    finally:
        log.removeFilter(flt)


def rate_limited(
    call: Callable,
    provider: str,
    *,
    min_delay: float,
    max_retries: int,
    error_wait: float,
    sleep: Callable[[float], None],
    clock: Callable[[], float],
    log: logging.Logger,
    shared_slot: Callable[[], float] | None = None,
) -> Callable:
    """Wrap ``call`` (a geopy ``geocode``) in a rate limiter that retries transient errors only.

    Fatal errors and malformed bodies pass through without retry; a 429 with ``Retry-After``
    waits that long (at most a minute) before the limiter's own ``error_wait``.
    ``shared_slot()``, if given, is asked before each request too (0: go, else seconds to wait):
    the rate limit shared with other processes.
    """

    def once(*args, **kwargs):
        try:
            return call(*args, **kwargs)
        except tuple(_FATAL) as exc:
            raise _NoRetry(exc) from exc
        except gexc.GeocoderParseError as exc:
            raise _NoRetry(exc) from exc
        except gexc.GeocoderQueryError as exc:  # 400: this query, not the service
            raise _NoRetry(exc) from exc
        except gexc.GeocoderQuotaExceeded as exc:
            if not isinstance(exc, gexc.GeocoderRateLimited):
                raise _NoRetry(exc) from exc  # 402: the day's quota is gone
            log.info("%s", map_error(provider, exc))
            if exc.retry_after:
                sleep(max(0.0, min(float(exc.retry_after), 60.0) - error_wait))
            raise
        except gexc.GeocoderServiceError as exc:
            log.info("%s", map_error(provider, exc))  # retried if retries are left
            raise
        except _SHAPE_ERRORS as exc:
            raise _NoRetry(exc) from exc

    limiter = _Limiter(
        once,
        min_delay_seconds=min_delay,
        max_retries=max_retries,
        error_wait_seconds=max(error_wait, min_delay),
        swallow_exceptions=False,
        sleep=sleep,
        clock=clock,
        shared_slot=shared_slot,
    )

    def run(*args, **kwargs):
        with quiet_geopy():
            return limiter(*args, **kwargs)

    return run


def exceptions() -> tuple[type[BaseException], ...]:
    """Every exception a rate-limited call may raise (for the caller's ``except``)."""
    return (gexc.GeopyError, _NoRetry, *_SHAPE_ERRORS)
