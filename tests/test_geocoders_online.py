"""Online geocoders against a local HTTP server on 127.0.0.1 that speaks the real providers' formats.

Nothing here touches the network: every geocoder is pointed at the server with ``url=``. Sleeps
and the rate limiter's clock are injected, so retries and delays cost no time.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from geomap._geo import haversine_km
from geomap.cli import main
from geomap.errors import GeocoderError, GeocoderUnavailable
from geomap.geocoders import GeocodeCache, get_geocoder
from geomap.geocoders.online import PROVIDERS

ARENA = {
    "name": "Zorblax Arena",
    "lat": 6.5965,
    "lon": 3.3421,
    "cc": "ng",
    "cc3": "NGA",
    "osm_type": "way",
    "osm_id": 4242,
    "bbox": (6.5957, 6.5973, 3.3412, 3.3430),  # south, north, west, east: ~100 m across
    "category": "leisure",
    "type": "stadium",
    "context": "Ikeja, Lagos, Nigeria",
}
TOWN = {
    "name": "Qwzrtovia",
    "lat": -0.0917,
    "lon": 34.768,
    "cc": "ke",
    "cc3": "KEN",
    "osm_type": "node",
    "osm_id": 777,
    "bbox": (-0.1117, -0.0717, 34.748, 34.788),
    "category": "place",
    "type": "town",
    "context": "Kisumu County, Kenya",
}
DECOY = {**ARENA, "lat": -23.55, "lon": -46.63, "cc": "br", "cc3": "BRA", "osm_id": 9, "context": "São Paulo, Brasil"}
DECOY["bbox"] = (-23.551, -23.549, -46.631, -46.629)

ARENA_TEXT = "A stampede at the Zorblax Arena in Lagos killed four people on Saturday."
ARCGIS_PATH = "/arcgis/rest/services/World/GeocodeServer/findAddressCandidates"


# ---------------------------------------------------------------- the server
def _nominatim(place: dict, fmt: str) -> dict:
    s, n, w, e = place["bbox"]
    out = {
        "place_id": 100000 + place["osm_id"],
        "licence": "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright",
        "osm_type": place["osm_type"],
        "osm_id": place["osm_id"],
        "lat": f"{place['lat']:.7f}",
        "lon": f"{place['lon']:.7f}",
        "type": place["type"],
        "place_rank": 30,
        "importance": 0.31,
        "addresstype": place["type"],
        "name": place["name"],
        "display_name": f"{place['name']}, {place['context']}",
        "address": {"country_code": place["cc"]},
        "boundingbox": [f"{s:.7f}", f"{n:.7f}", f"{w:.7f}", f"{e:.7f}"],
    }
    out["category" if fmt == "jsonv2" else "class"] = place["category"]
    return out


def _photon(place: dict) -> dict:
    s, n, w, e = place["bbox"]
    props = {
        "osm_type": place["osm_type"][0].upper(),
        "osm_id": place["osm_id"],
        "osm_key": place["category"],
        "osm_value": place["type"],
        "type": "house",
        "name": place["name"],
        "city": place["context"].split(",")[0],
        "countrycode": place["cc"].upper(),
        "country": place["context"].split(",")[-1].strip(),
        "extent": [w, n, e, s],
    }
    point = {"type": "Point", "coordinates": [place["lon"], place["lat"]]}
    return {"type": "Feature", "geometry": point, "properties": props}


def _arcgis(place: dict) -> dict:
    s, n, w, e = place["bbox"]
    return {
        "address": f"{place['name']}, {place['context']}",
        "location": {"x": place["lon"], "y": place["lat"]},
        "score": 98.5,
        "attributes": {"Country": place["cc3"], "Type": "Stadium", "Addr_type": "POI"},
        "extent": {"xmin": w, "ymin": s, "xmax": e, "ymax": n},
    }


class Server:
    """Speaks Nominatim (/search), Photon (/api) and ArcGIS (findAddressCandidates).

    ``places`` is what it knows; ``script`` is a list of failures served, one per request,
    before normal answers resume: ``(status, body, headers)``, or ``("sleep", seconds)``
    (then a normal answer, late).
    """

    def __init__(self) -> None:
        self.places: list[dict] = [ARENA, TOWN]
        self.script: list[tuple] = []
        self.requests: list[tuple[str, dict, dict]] = []
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                parts = urlsplit(self.path)
                params = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                with server.lock:
                    server.requests.append((parts.path, params, dict(self.headers)))
                    step = server.script.pop(0) if server.script else None
                if step and step[0] == "sleep":
                    time.sleep(step[1])
                    step = None
                if step is None:
                    status, body, headers = 200, json.dumps(server.answer(parts.path, params)), {}
                else:
                    status, body, headers = step
                try:
                    self.send_response(status)
                    ctype = "application/json" if body[:1] in "[{" else "text/html"
                    self.send_header("Content-Type", ctype + "; charset=utf-8")
                    for k, v in headers.items():
                        self.send_header(k, v)
                    data = body.encode("utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client timed out and left

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def matches(self, query: str, country: str | None = None) -> list[dict]:
        first = query.split(",")[0].strip().casefold()
        return [p for p in self.places if p["name"].casefold() == first and (not country or p["cc"] in country)]

    def answer(self, path: str, params: dict):
        if path == "/search":
            found = self.matches(params.get("q", ""), params.get("countrycodes"))
            return [_nominatim(p, params.get("format", "json")) for p in found[: int(params.get("limit", 10))]]
        if path == "/api":
            found = self.matches(params.get("q", ""))[: int(params.get("limit", 10))]
            return {"type": "FeatureCollection", "features": [_photon(p) for p in found]}
        if path == ARCGIS_PATH:
            found = self.matches(params.get("singleLine", ""))
            return {"spatialReference": {"wkid": 4326, "latestWkid": 4326}, "candidates": [_arcgis(p) for p in found]}
        return {"error": f"no such path {path}"}

    def count(self, path: str | None = None) -> int:
        return sum(1 for p, _, _ in self.requests if path is None or p == path)


@pytest.fixture
def server():
    s = Server()
    s.thread.start()
    yield s
    s.httpd.shutdown()
    s.httpd.server_close()


class Clock:
    """A fake clock for the rate limiter: sleeping advances it at once."""

    def __init__(self) -> None:
        self.t = 1000.0
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.t += seconds


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    for var in ("GEOMAP_USER_AGENT", "GEOMAP_GEOCODER_KEY", "GEOMAP_OPENCAGE_KEY", "GEOMAP_NOMINATIM_KEY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(tmp_path / "cache-dir"))


def make(server, clock, tmp_path, name="nominatim", **kw):
    kw.setdefault("cache", tmp_path / "answers.sqlite")
    kw.setdefault("error_wait", 2.0)
    return get_geocoder(name, url=server.url, user_agent="geomap-tests/1.0", sleep=clock.sleep, clock=clock.now, **kw)


# ---------------------------------------------------------------- reading the providers' answers
def test_nominatim_answer_with_context_and_user_agent(server, clock, tmp_path):
    g = make(server, clock, tmp_path)
    [r] = g.geocode("Zorblax Arena, Lagos, Nigeria", country="NG")
    assert (r.lat, r.lon) == (ARENA["lat"], ARENA["lon"])
    assert r.country == "NG" and r.ident == "way/4242" and r.kind == "leisure:stadium"
    assert 0.05 < r.radius_km() < 0.2  # from the bounding box
    path, params, headers = server.requests[0]
    assert path == "/search" and params["q"] == "Zorblax Arena, Lagos, Nigeria"
    assert params["countrycodes"] == "ng" and params["addressdetails"] == "1" and params["format"] == "json"
    assert headers["User-Agent"].startswith("geomap-tests/1.0 geomap/")


def test_nominatim_country_filter_excludes_other_countries(server, clock, tmp_path):
    assert make(server, clock, tmp_path).geocode("Zorblax Arena", country="KE") == []


def test_photon_answer_with_extent_and_location_bias(server, clock, tmp_path):
    g = make(server, clock, tmp_path, "photon")
    [r] = g.geocode("Zorblax Arena, Lagos", country="NG", near=(6.5255, 3.4894))
    assert (r.lat, r.lon) == (ARENA["lat"], ARENA["lon"]) and r.country == "NG" and r.ident == "way/4242"
    assert r.bbox == ARENA["bbox"]
    _, params, _ = server.requests[0]
    assert (params["lat"], params["lon"]) == ("6.5255", "3.4894") and params["q"] == "Zorblax Arena, Lagos"


def test_arcgis_candidates_with_alpha3_country(server, clock, tmp_path):
    [r] = make(server, clock, tmp_path, "arcgis").geocode("Zorblax Arena, Lagos")
    assert (r.lat, r.lon) == (ARENA["lat"], ARENA["lon"]) and r.country == "NG"
    assert r.bbox == ARENA["bbox"] and r.score == pytest.approx(0.985)
    assert server.count(ARCGIS_PATH) == 1


# ---------------------------------------------------------------- cache
def test_a_place_is_asked_once_hits_and_not_found(server, clock, tmp_path):
    g = make(server, clock, tmp_path)
    first = g.geocode("Zorblax Arena, Lagos, Nigeria", country="NG")
    assert g.geocode("Nowhere Hall, Lagos", country="NG") == []
    assert server.count() == 2
    again = make(server, Clock(), tmp_path)  # another run, same cache file
    assert again.geocode("zorblax  arena, LAGOS, Nigeria", country="ng") == first
    assert again.geocode("Nowhere Hall, Lagos", country="NG") == []
    assert server.count() == 2 and again.requests == 0
    assert len(GeocodeCache(tmp_path / "answers.sqlite")) == 2


def test_cache_key_includes_provider_endpoint_and_params(server, clock, tmp_path):
    make(server, clock, tmp_path).geocode("Zorblax Arena", country="NG")
    make(server, clock, tmp_path).geocode("Zorblax Arena", country="KE")  # other params: asked again
    make(server, clock, tmp_path, "photon").geocode("Zorblax Arena")  # other provider: asked again
    assert server.count() == 3


def test_arcgis_answers_are_kept_for_the_run_only(server, clock, tmp_path):
    g = make(server, clock, tmp_path, "arcgis")
    g.geocode("Zorblax Arena")
    g.geocode("Zorblax Arena")
    assert server.count() == 1 and not (tmp_path / "answers.sqlite").exists()  # its terms: no storing
    make(server, clock, tmp_path, "arcgis").geocode("Zorblax Arena")
    assert server.count() == 2


def test_no_cache(server, clock, tmp_path):
    g = make(server, clock, tmp_path, cache=None)
    g.geocode("Zorblax Arena")
    g.geocode("Zorblax Arena")
    assert server.count() == 2 and not (tmp_path / "answers.sqlite").exists()


def test_default_cache_location_follows_the_environment(server, clock, tmp_path):
    make(server, clock, tmp_path, cache=True).geocode("Zorblax Arena")
    assert (tmp_path / "cache-dir" / "geocoder-v1.sqlite").is_file()


# ---------------------------------------------------------------- rate limit, retries, timeouts
def test_requests_are_spaced_by_the_delay(server, clock, tmp_path):
    g = make(server, clock, tmp_path, delay=1.0)
    g.geocode("Zorblax Arena")
    g.geocode("Qwzrtovia")
    assert clock.sleeps == [1.0] and server.count() == 2


def test_rate_limit_is_shared_by_processes_through_the_cache_file(server, clock, tmp_path):
    one = make(server, clock, tmp_path, delay=1.0)
    two = make(server, clock, tmp_path, delay=1.0)  # another process: its own limiter, the same cache file
    one.geocode("Zorblax Arena")
    two.geocode("Qwzrtovia")
    assert clock.sleeps == [1.0] and server.count() == 2
    three = make(server, clock, tmp_path, delay=1.0, cache=tmp_path / "other.sqlite")
    three.geocode("Zorblax Arena")
    assert clock.sleeps == [1.0] and server.count() == 3  # another cache file: no shared limit


def test_429_is_retried_after_retry_after(server, clock, tmp_path):
    server.script = [(429, '{"error": "Too Many Requests"}', {"Retry-After": "5"})]
    g = make(server, clock, tmp_path)
    [r] = g.geocode("Zorblax Arena")
    assert r.lat == ARENA["lat"] and server.count() == 2 and g.requests == 2
    assert sum(clock.sleeps) == pytest.approx(5.0)  # Retry-After honoured (3 s + the 2 s error wait)


@pytest.mark.parametrize("statuses", [(500, 503), (502,), (504, 500)])
def test_server_errors_are_retried(server, clock, tmp_path, statuses):
    server.script = [(s, "<html><body>Bad gateway</body></html>", {}) for s in statuses]
    [r] = make(server, clock, tmp_path).geocode("Zorblax Arena")
    assert r.lon == ARENA["lon"] and server.count() == len(statuses) + 1


def test_persistent_5xx_is_transient_and_not_cached(server, clock, tmp_path):
    server.script = [(500, "Internal Server Error", {})] * 3
    g = make(server, clock, tmp_path, max_retries=2)
    with pytest.raises(GeocoderUnavailable, match="nominatim answered HTTP 500"):
        g.geocode("Zorblax Arena")
    assert server.count() == 3 and clock.sleeps == [2.0, 2.0]
    assert g.geocode("Zorblax Arena")[0].lat == ARENA["lat"]  # the failure was not cached
    assert server.count() == 4


def test_slow_answer_times_out_then_retry_succeeds(server, clock, tmp_path):
    server.script = [("sleep", 1.0)]
    g = make(server, clock, tmp_path, timeout=0.2, max_retries=0)
    start = time.monotonic()
    with pytest.raises(GeocoderUnavailable, match="timed out"):
        g.geocode("Zorblax Arena")
    assert time.monotonic() - start < 0.9
    server.script = [("sleep", 1.0)]
    g = make(server, clock, tmp_path, timeout=0.2, max_retries=1)
    assert g.geocode("Zorblax Arena")[0].lat == ARENA["lat"] and g.requests == 2


@pytest.mark.parametrize(
    "provider, body",
    [
        ("nominatim", "<html><body><h1>Service temporarily down</h1></body></html>"),
        ("nominatim", '[{"lat": "55.1", "lon": '),  # cut off
        ("nominatim", '[{"lat": "north", "lon": "east", "display_name": "x"}]'),  # wrong values
        ("photon", '{"type": "FeatureCollection", "features": [{"geometry": {}}]}'),  # wrong shape
        ("photon", '"just a string"'),
        ("arcgis", '{"candidates": [{"address": "x"}]}'),
    ],
)
def test_malformed_bodies_are_a_clear_transient_error(server, clock, tmp_path, provider, body):
    server.script = [(200, body, {})]
    g = make(server, clock, tmp_path, provider)
    with pytest.raises(GeocoderUnavailable, match="malformed answer"):
        g.geocode("Zorblax Arena")
    assert server.count() == 1  # not retried
    assert g.geocode("Zorblax Arena")[0].lat == ARENA["lat"]  # and not cached


@pytest.mark.parametrize("status", [401, 403])
def test_auth_errors_are_fatal_and_not_retried(server, clock, tmp_path, status):
    server.script = [(status, '{"error": "invalid key"}', {})]
    with pytest.raises(GeocoderError) as info:
        make(server, clock, tmp_path).geocode("Zorblax Arena")
    assert not isinstance(info.value, GeocoderUnavailable) and info.value.exit_code == 4
    assert server.count() == 1 and "\n" not in str(info.value)


def test_gives_up_after_failures_in_a_row(server, clock, tmp_path):
    server.script = [(503, "busy", {})] * 4
    g = make(server, clock, tmp_path, max_retries=1, max_failures=2)
    for _ in range(2):
        with pytest.raises(GeocoderUnavailable):
            g.geocode("Zorblax Arena")
    assert g.gave_up
    with pytest.raises(GeocoderUnavailable, match="not asked, it failed 2 times in a row"):
        g.geocode("Qwzrtovia")
    assert server.count() == 4


def test_unreachable_server_is_transient(clock, tmp_path):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    g = get_geocoder("photon", url=f"http://127.0.0.1:{port}", cache=None, sleep=clock.sleep, clock=clock.now)
    with pytest.raises(GeocoderUnavailable, match="unreachable"):
        g.geocode("Zorblax Arena")


# ---------------------------------------------------------------- configuration
def test_public_nominatim_policy(monkeypatch):
    with pytest.raises(GeocoderError, match="user agent"):
        get_geocoder("nominatim")
    g = get_geocoder("nominatim", user_agent="newsroom-maps/2.0 (maps@example.org)", delay=0.1, cache=None)
    assert g.delay == 1.0 and g.endpoint == "https://nominatim.openstreetmap.org"
    monkeypatch.setenv("GEOMAP_USER_AGENT", "newsroom-maps/2.0")
    assert get_geocoder("nominatim", cache=None).user_agent == "newsroom-maps/2.0"
    assert get_geocoder("nominatim", url="http://127.0.0.1:9", cache=None).delay == 0.0  # your own server
    monkeypatch.delenv("GEOMAP_USER_AGENT")
    with pytest.raises(GeocoderError, match="user agent"):  # the public service named explicitly
        get_geocoder("nominatim", url="https://nominatim.openstreetmap.org/", cache=None)


def test_keys_from_options_and_environment(monkeypatch):
    with pytest.raises(GeocoderError, match="needs an API key"):
        get_geocoder("opencage", cache=None)
    monkeypatch.setenv("GEOMAP_GEOCODER_KEY", "generic")
    assert get_geocoder("opencage", cache=None).key == "generic"
    assert get_geocoder("photon", cache=None).key is None  # a key in the environment is for another provider
    monkeypatch.setenv("GEOMAP_OPENCAGE_KEY", "specific")
    assert get_geocoder("opencage", cache=None).key == "specific"
    assert get_geocoder("opencage", key="given", cache=None).key == "given"
    with pytest.raises(GeocoderError, match="takes no key"):
        get_geocoder("photon", key="x", cache=None)
    with pytest.raises(GeocoderError, match="unknown geocoder 'googel'"):
        get_geocoder("googel")
    with pytest.raises(GeocoderError, match="no public service"):
        get_geocoder("pelias", cache=None)
    with pytest.raises(GeocoderError, match="invalid geocoder URL"):
        get_geocoder("photon", url="ftp://example.org", cache=None)
    assert {"nominatim", "photon", "arcgis", "pelias", "opencage"} <= set(PROVIDERS)


def test_a_spec_of_plain_values_makes_one_geocoder_per_process(server):
    from geomap.geocoders.locate import as_geocoder

    spec = {"name": "photon", "url": server.url, "user_agent": "spec-tests/1", "cache": None}
    g = as_geocoder(spec)
    assert g is as_geocoder(dict(spec)) and g.user_agent == "spec-tests/1" and g.endpoint == server.url
    assert as_geocoder({**spec, "delay": 0.5}) is not g


def test_geopy_is_not_imported_offline():
    code = (
        "import sys, geomap.pipeline, geomap.cli, geomap.table; "
        "from geomap.geocoders import UserGazetteer, geocode_places, get_geocoder; "
        "get_geocoder('photon', url='http://127.0.0.1:9', cache=None); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'geopy'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_an_offline_command_loads_no_online_geocoder_code():
    # the parser offers --geocoder's choices without importing the providers; the pipeline names them for types only
    code = (
        "import io, sys, contextlib, geomap.cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    rc = geomap.cli.main(['export', '-', '--fast'])\n"
        "print(rc, sorted(m for m in sys.modules if m.startswith('geomap.geocoders.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], input="Floods hit Kenya.", capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    rc, modules = out.stdout.strip().split(" ", 1)
    assert rc in ("0", "None") and "online" not in modules and "service" not in modules, modules


# ---------------------------------------------------------------- the pipeline
def _row(gdf, place):
    rows = gdf[gdf["place"] == place]
    assert len(rows) == 1, list(gdf["place"])
    return rows.iloc[0]


def test_venue_the_gazetteer_does_not_know_gets_the_servers_coordinates(parse, server, clock, tmp_path):
    offline = parse(ARENA_TEXT)
    g = make(server, clock, tmp_path)
    online = parse(ARENA_TEXT, geocoder=g)
    before, after = _row(offline, "Zorblax Arena"), _row(online, "Zorblax Arena")
    # without a geocoder: at its text placement (Lagos); with it: at the server's point
    assert before["located_by"] == "Lagos" and before["gazetteer_id"] is None
    assert (after.geometry.y, after.geometry.x) == (ARENA["lat"], ARENA["lon"])
    assert haversine_km(before.geometry.y, before.geometry.x, ARENA["lat"], ARENA["lon"]) > 5
    assert after["gazetteer_id"] == "nominatim:way/4242" and after["located_by"] == "Lagos"
    assert after["precision_km"] < 0.2 < before["precision_km"] and after["confidence"] > before["confidence"]
    assert after["role"] == before["role"] == "incident_site"
    # the query carried the context; places the gazetteer knows are not asked about nor changed
    assert [p["q"] for _, p, _ in server.requests] == ["Zorblax Arena, Lagos, Nigeria"]
    lagos = ["place", "gazetteer_id", "precision_km", "roles", "geometry"]
    assert _row(online, "Lagos")[lagos].tolist() == _row(offline, "Lagos")[lagos].tolist()
    # a second run asks nothing: the answer is in the cache
    again = make(server, Clock(), tmp_path)
    assert _row(parse(ARENA_TEXT, geocoder=again), "Zorblax Arena")["gazetteer_id"] == "nominatim:way/4242"
    assert again.requests == 0 and server.count() == 1


def test_transient_failure_keeps_the_offline_placement_and_warns(parse, server, clock, tmp_path, caplog):
    offline = _row(parse(ARENA_TEXT), "Zorblax Arena")
    server.script = [(503, "<html>Service Unavailable</html>", {})] * 3
    caplog.set_level(logging.WARNING, logger="geomap")
    row = _row(parse(ARENA_TEXT, geocoder=make(server, clock, tmp_path)), "Zorblax Arena")
    assert row["gazetteer_id"] is None and row.geometry.equals(offline.geometry)
    assert row["precision_km"] == offline["precision_km"]
    assert server.count() == 3
    [record] = [r for r in caplog.records if r.name.startswith("geomap")]
    assert "keeps its offline placement" in record.getMessage() and record.exc_info is None


def test_implausible_answer_is_not_taken(parse, server, clock, tmp_path):
    server.places = [DECOY]  # a Zorblax Arena, but in Brazil; the story says Lagos
    row = _row(parse(ARENA_TEXT, geocoder=make(server, clock, tmp_path, "photon")), "Zorblax Arena")
    assert row["gazetteer_id"] is None and row["located_by"] == "Lagos" and row["country"] == "NG"
    assert server.count() == 1


def test_unresolved_name_is_placed_in_the_articles_country(parse, server, clock, tmp_path):
    text = "Officials in Qwzrtovia said the talks in Kenya would resume."
    assert "Qwzrtovia" not in set(parse(text)["place"])  # offline, a lone unknown word is left out
    row = _row(parse(text, geocoder=make(server, clock, tmp_path)), "Qwzrtovia")
    assert (row.geometry.y, row.geometry.x) == (TOWN["lat"], TOWN["lon"])
    assert row["gazetteer_id"] == "nominatim:node/777" and row["country"] == "KE" and row["feature"] == "city"
    assert server.requests[0][1]["q"] == "Qwzrtovia, Kenya"


def test_a_failing_service_is_left_alone_after_a_few_places(server, clock, tmp_path, caplog):
    from geomap.geocoders import geocode_places
    from geomap.resolve import Place

    def venue(name):
        return Place(
            name=name,
            feature="venue",
            country="NG",
            lat=6.45,
            lon=3.39,
            precision_km=20.0,
            confidence=0.55,
            anchor="Lagos",
        )

    places = [venue(f"Hall {i}") for i in range(5)]
    server.script = [(503, "busy", {})] * 10
    caplog.set_level(logging.INFO, logger="geomap")
    geocode_places(places, make(server, clock, tmp_path, max_retries=0, max_failures=2))
    assert server.count() == 2 and all(p.gazetteer_id is None and p.lat == 6.45 for p in places)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 3 and warnings[-1].startswith("geocoder nominatim failed for 2 places in a row")
    assert sum("not asked" in r.getMessage() for r in caplog.records if r.levelno == logging.INFO) == 3


def test_fatal_error_propagates_from_the_pipeline(parse, server, clock, tmp_path):
    server.script = [(403, '{"error": "forbidden"}', {})]
    with pytest.raises(GeocoderError, match="refused access"):
        parse(ARENA_TEXT, geocoder=make(server, clock, tmp_path))


def test_geocoder_by_name_takes_its_options_from_the_environment(parse, server, monkeypatch, tmp_path):
    from geomap.geocoders import online

    monkeypatch.setattr(online.Photon, "public_url", server.url)  # the "public" service is our server
    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(tmp_path / "by-name"))
    row = _row(parse(ARENA_TEXT, geocoder="photon"), "Zorblax Arena")
    assert row["gazetteer_id"] == "photon:way/4242"
    assert (tmp_path / "by-name" / "geocoder-v1.sqlite").is_file()
    assert server.requests[0][2]["User-Agent"].startswith("geomap/")


# ---------------------------------------------------------------- the command line
def test_cli_geocodes_with_options(server, tmp_path, capsys, gazetteer):
    cache = tmp_path / "cli-cache.sqlite"
    article = tmp_path / "arena.txt"
    article.write_text(ARENA_TEXT, encoding="utf-8")
    args = ["export", str(article), "--geocoder", "nominatim", "--geocoder-url", server.url]
    args += ["--user-agent", "cli-tests/1.0", "--geocoder-cache", str(cache)]
    assert main(args) == 0
    feats = {f["properties"]["place"]: f for f in json.loads(capsys.readouterr().out)["features"]}
    assert feats["Zorblax Arena"]["geometry"]["coordinates"] == [ARENA["lon"], ARENA["lat"]]
    assert server.requests[0][2]["User-Agent"].startswith("cli-tests/1.0") and cache.is_file()
    assert main([*args, "-q"]) == 0 and server.count() == 1  # from the cache


def test_cli_transient_failure_warns_on_one_line_and_succeeds(server, tmp_path, capsys, monkeypatch):
    waits = []
    monkeypatch.setattr(time, "sleep", waits.append)  # the retries' waits, without waiting
    server.script = [(503, "<html>busy</html>", {})] * 3
    article = tmp_path / "arena.txt"
    article.write_text(ARENA_TEXT, encoding="utf-8")
    args = ["export", str(article), "--geocoder", "photon", "--geocoder-url", server.url, "--no-geocoder-cache"]
    assert main(args) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["features"] and "Traceback" not in err
    assert [line for line in err.splitlines() if line] == [
        "geomap: geocoder photon answered HTTP 503; 'Zorblax Arena' keeps its offline placement"
    ]
    assert waits == [2.0, 2.0] and server.count() == 3


def test_cli_option_without_geocoder_is_bad_input(tmp_path, capsys):
    article = tmp_path / "arena.txt"
    article.write_text(ARENA_TEXT, encoding="utf-8")
    assert main(["export", str(article), "--geocoder-url", "http://127.0.0.1:9"]) == 2
    assert "--geocoder-url needs --geocoder" in capsys.readouterr().err


def test_cli_auth_failure_is_exit_code_4_and_one_line(server, tmp_path, capsys):
    server.script = [(401, '{"error": "invalid key"}', {})]
    article = tmp_path / "arena.txt"
    article.write_text(ARENA_TEXT, encoding="utf-8")
    assert main(["places", str(article), "--geocoder", "photon", "--geocoder-url", server.url]) == 4
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("geomap: error: geocoder photon rejected the key or credentials")


def test_cli_configuration_error_in_a_real_process(tmp_path):
    article = tmp_path / "arena.txt"
    article.write_text(ARENA_TEXT, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "GEOMAP_USER_AGENT"}
    r = subprocess.run(
        [sys.executable, "-m", "geomap.cli", "map", str(article), "--geocoder", "nominatim"],  # public, no user agent
        capture_output=True,
        text=True,
        timeout=300,
        env={**env, "GEOMAP_CACHE_DIR": str(tmp_path)},
    )
    assert r.returncode == 4 and r.stdout == "" and "Traceback" not in r.stderr
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("geomap: error: the public Nominatim service needs")


def test_batch_geocodes_in_its_workers(server, tmp_path):
    from geomap.batch import run_batch
    from geomap.table import read_table

    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "arena.txt").write_text(ARENA_TEXT, encoding="utf-8")
    (folder / "plain.txt").write_text("Floods hit Dhaka on Monday.", encoding="utf-8")
    spec = {"name": "nominatim", "url": server.url, "user_agent": "batch/1.0", "cache": str(tmp_path / "c.sqlite")}
    result = run_batch([folder], tmp_path / "out.geojson", jobs=1, progress=False, geocoder=spec)
    assert result.processed == 2 and not result.failures
    table = read_table(tmp_path / "out.geojson")
    arena = table[table["place"] == "Zorblax Arena"].iloc[0]
    assert (arena.geometry.x, arena.geometry.y) == (ARENA["lon"], ARENA["lat"])
    assert arena["gazetteer_id"].startswith("nominatim:")


def test_batch_stops_on_a_refused_key_with_exit_code_4(server, tmp_path, capsys):
    server.script = [(401, '{"error": "invalid key"}', {})]
    folder = tmp_path / "news"
    folder.mkdir()
    for i in range(3):
        (folder / f"a{i}.txt").write_text(ARENA_TEXT, encoding="utf-8")
    out = tmp_path / "out.csv"
    code = main(["batch", str(folder), "-o", str(out), "-j", "1", "--geocoder", "photon", "--geocoder-url", server.url])
    err = capsys.readouterr().err
    assert code == 4 and "rejected the key" in err and "Traceback" not in err
    assert not out.exists() and server.count() == 1  # asked once, then stopped
