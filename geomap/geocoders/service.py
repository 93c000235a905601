"""What every online geocoder shares: rate limits, retries, the cache, and geopy's errors mapped.

:class:`OnlineGeocoder` is configured by the small class of each provider
(:mod:`geomap.geocoders.online`): which geopy geocoder it wraps, where the public service is,
whether it needs a key, which options carry the article's context, how to read a raw answer.
It does the rest: geopy's ``RateLimiter`` (one request a second to public services by
default), timeouts, retries of transient errors, the on-disk cache, and the mapping of geopy's
exceptions to :mod:`geomap.errors`.

geopy is imported on the first request, never when no online geocoder is used.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import asdict
from typing import Any, ClassVar
from urllib.parse import urlsplit

from .. import __version__
from ..errors import GeocoderError, GeocoderUnavailable
from .cache import GeocodeCache, MemoryCache, cache_key
from .result import Result

log = logging.getLogger("geomap.geocoders")

#: seconds between requests to a public service (Nominatim's usage policy: at most one a second)
PUBLIC_DELAY = 1.0
_LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


class OnlineGeocoder:
    """An online geocoder: rate limited, cached, its errors mapped to :mod:`geomap.errors`.

    Parameters
    ----------
    url : str, optional
        The service's base URL, for a self-hosted server (``http://127.0.0.1:8080``,
        ``https://nominatim.example.org/sub/path``). Default: the provider's public service.
    user_agent : str, optional
        Sent as ``User-Agent`` (default: ``$GEOMAP_USER_AGENT``, else ``geomap/VERSION``). The
        public Nominatim service requires your own, one that identifies you or your project.
    key : str, optional
        API key (default: ``$GEOMAP_<PROVIDER>_KEY``, else ``$GEOMAP_GEOCODER_KEY``), for the
        providers that take one.
    timeout : float, default 10
        Seconds to wait for an answer.
    delay : float, optional
        Least seconds between two requests (default: 1 for a public service, 0 for your own).
        Public Nominatim never goes below 1. With a cache, the limit holds across the
        processes that share the cache file (``geomap batch``).
    max_retries : int, default 2
        Retries of a request after a timeout, a 429 or a 5xx answer.
    error_wait : float, optional
        Seconds to wait before a retry (default: 2, or ``delay`` if larger).
    cache : GeocodeCache, path-like, bool or None, default True
        Where answers are kept: True for the default file (see
        :func:`~geomap.geocoders.cache.default_cache_path`), a path, an open cache, or
        None/False for no cache. Providers whose terms forbid storing results (ArcGIS) keep
        them in memory for the run instead.
    max_failures : int, default 3
        After this many places in a row fail, stop asking for the rest of the run.
    sleep, clock : callable, optional
        ``time.sleep`` and ``time.monotonic`` by default; tests inject their own.

    Raises
    ------
    GeocoderError
        If the provider needs a key that is missing, is given one it does not take, or its
        URL or user agent is not acceptable.
    """

    #: name on the command line
    name: ClassVar[str] = ""
    #: class in :mod:`geopy.geocoders`
    geopy_name: ClassVar[str] = ""
    #: the public service, or None if the provider has none (a self-hosted one needs ``url``)
    public_url: ClassVar[str | None] = None
    #: constructor argument of the geopy class that takes the key, or None if it takes none
    key_arg: ClassVar[str | None] = None
    key_required: ClassVar[bool] = False
    #: whether the provider's terms allow keeping results on disk (else they are kept for the run only)
    storable: ClassVar[bool] = True
    #: whether the public service's usage policy holds whatever is asked: a user agent of your
    #: own and at most one request a second (Nominatim's)
    strict_policy: ClassVar[bool] = False

    def __init__(
        self,
        *,
        url: str | None = None,
        user_agent: str | None = None,
        key: str | None = None,
        timeout: float = 10.0,
        delay: float | None = None,
        max_retries: int = 2,
        error_wait: float | None = None,
        cache: GeocodeCache | str | os.PathLike | bool | None = True,
        max_failures: int = 3,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.scheme, self.domain = self._endpoint(url or self.public_url)
        # the public service, whether by default or named: its rules hold either way
        self.public = self.public_url is not None and self.domain == self._endpoint(self.public_url)[1]
        self.user_agent = user_agent or os.environ.get("GEOMAP_USER_AGENT") or None
        if self.public and self.strict_policy and not self.user_agent:
            raise GeocoderError(
                f"the public {self.geopy_name} service needs a user agent that identifies you: "
                "user_agent='myproject/1.0 (me@example.org)' or GEOMAP_USER_AGENT"
            )
        self.key = self._key(key)
        if delay is None:
            delay = PUBLIC_DELAY if self.public else 0.0
        if delay < 0 or timeout <= 0 or max_retries < 0:
            raise GeocoderError("geocoder delay and retries must be >= 0 and its timeout > 0")
        if self.public and self.strict_policy:
            delay = max(delay, PUBLIC_DELAY)  # the usage policy, whatever was asked
        self.delay, self.timeout, self.max_retries = float(delay), float(timeout), int(max_retries)
        self.error_wait = max(2.0 if error_wait is None else float(error_wait), self.delay)
        self.max_failures = max_failures
        self.cache = self._open_cache(cache) if self.storable or not cache else MemoryCache()
        self.requests = 0  # HTTP requests started (retries included), for reports and tests
        self._sleep, self._clock = sleep or time.sleep, clock or time.monotonic
        self._geocode = None  # built on the first request (imports geopy)
        self._failures = 0
        self._gave_up = False

    # ------------------------------------------------------------------ configuration
    def _endpoint(self, url: str | None) -> tuple[str, str]:
        if url is None:
            raise GeocoderError(f"geocoder {self.name} has no public service: give its URL (url=)")
        parts = urlsplit(url if "://" in url else "http://" + url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise GeocoderError(f"invalid geocoder URL {url!r}: expected http(s)://host[:port][/path]")
        return parts.scheme, (parts.netloc + parts.path).rstrip("/")

    def _key(self, key: str | None) -> str | None:
        env = os.environ.get(f"GEOMAP_{self.name.upper()}_KEY") or os.environ.get("GEOMAP_GEOCODER_KEY")
        if self.key_arg is None:
            if key:
                raise GeocoderError(f"geocoder {self.name} takes no key")
            return None  # a key in the environment is for another provider
        key = key or env
        if self.key_required and not key:
            raise GeocoderError(
                f"geocoder {self.name} needs an API key: key=KEY, GEOMAP_{self.name.upper()}_KEY or GEOMAP_GEOCODER_KEY"
            )
        return key

    @staticmethod
    def _open_cache(
        cache: GeocodeCache | MemoryCache | str | os.PathLike | bool | None,
    ) -> GeocodeCache | MemoryCache | None:
        if cache is None or cache is False:
            return None
        if isinstance(cache, (GeocodeCache, MemoryCache)):
            return cache
        return GeocodeCache(None if cache is True else cache)

    @property
    def endpoint(self) -> str:
        """The service's base URL."""
        return f"{self.scheme}://{self.domain}"

    def _geopy_kwargs(self) -> dict:
        """Constructor arguments of the geopy class."""
        kw = {"domain": self.domain, "scheme": self.scheme}
        if self.key_arg:
            kw[self.key_arg] = self.key
        return kw

    def _build(self) -> Callable:
        from . import _geopy

        host = urlsplit(self.endpoint).hostname or ""
        proxies = {} if host in _LOOPBACK else None  # never send a loopback request through a proxy
        ua = f"{self.user_agent} geomap/{__version__}" if self.user_agent else f"geomap/{__version__}"
        try:
            geocoder = _geopy.geopy_class(self.geopy_name)(
                user_agent=ua,
                timeout=self.timeout,
                adapter_factory=_geopy.adapter_factory(),
                proxies=proxies,
                **self._geopy_kwargs(),
            )
        except Exception as exc:  # geopy's ConfigurationError, or a bad argument
            raise _geopy.map_error(self.name, exc) from None

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.requests += 1
            return geocoder.geocode(*args, **kwargs)

        shared = None
        if self.cache is not None and self.delay > 0:
            cache, endpoint, delay, clock = self.cache, self.endpoint, self.delay, self._clock

            def shared() -> float:
                return cache.take_slot(endpoint, delay, clock())

        return _geopy.rate_limited(
            counted,
            self.name,
            min_delay=self.delay,
            max_retries=self.max_retries,
            error_wait=self.error_wait,
            sleep=self._sleep,
            clock=self._clock,
            log=log,
            shared_slot=shared,
        )

    # ------------------------------------------------------------------ per provider
    def _options(self, *, country: str | None, near: tuple[float, float] | None) -> dict:
        """geocode() options that carry the context (a country code, a point to prefer)."""
        return {}

    def _result(self, raw: dict, lat: float, lon: float, address: str) -> Result:
        """One raw result (geopy's ``Location.raw``) as a :class:`Result`."""
        return Result(lat, lon, address)

    # ------------------------------------------------------------------ asking
    def geocode(
        self, query: str, *, country: str | None = None, near: tuple[float, float] | None = None
    ) -> list[Result]:
        """Ask the geocoder (or its cache) for a place.

        Parameters
        ----------
        query : str
            What to look for, with its context: ``"Crocus City Hall, Moscow, Russia"``.
        country : str, optional
            ISO alpha-2 code of the country the place should be in (a filter or a bias,
            depending on the provider).
        near : (lat, lon), optional
            A point to prefer results near (for the providers that take one).

        Returns
        -------
        list of Result
            Best first; empty if the service knows no such place ("not found" is cached too).

        Raises
        ------
        GeocoderError
            On a configuration or authentication problem (fatal for the run).
        GeocoderUnavailable
            When no usable answer came after the retries (timeout, 429, 5xx, malformed body),
            or the geocoder gave up after ``max_failures`` failures in a row. Never cached.
        """
        options = self._options(country=country.lower() if country else None, near=near)
        key = cache_key(self.name, self.endpoint, query, {k: v for k, v in options.items() if k != "timeout"})
        if self.cache is not None:
            cached = self.cache.get(key)
            if cached is not None:
                try:
                    return [Result.from_dict(d) for d in cached]
                except ValueError:
                    pass  # a damaged entry, or one from another version: ask again
        if self._gave_up:
            raise GeocoderUnavailable(f"geocoder {self.name}: not asked, it failed {self.max_failures} times in a row")
        if self._geocode is None:
            self._geocode = self._build()
        from . import _geopy

        try:
            answer = self._geocode(query, exactly_one=False, **options)
            results = [self._result(loc.raw, loc.latitude, loc.longitude, loc.address) for loc in answer or []]
        except _geopy.exceptions() as exc:
            error = _geopy.map_error(self.name, exc)
            if isinstance(error, GeocoderUnavailable):
                self._failures += 1
                if self._failures >= self.max_failures:
                    self._gave_up = True
            raise error from None
        self._failures = 0
        if self.cache is not None:
            self.cache.put(key, self.name, query, [asdict(r) for r in results])
        return results

    @property
    def gave_up(self) -> bool:
        """Whether the geocoder stopped asking for this run (``max_failures`` places failed in a row)."""
        return self._gave_up

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.endpoint}>"
