"""Places no gazetteer knows, placed by what the text says: venues, natural features, settlements.

"Crocus City Hall on the outskirts of Moscow" -> Moscow, "Ighil, a village about 70 km
south-west of Marrakesh" -> a point 70 km south-west of Marrakesh, with a ``precision_km`` that
says how rough that is, and a low confidence.
"""

from __future__ import annotations

from ..lexicon import lexicon
from ..mentions import Mention, MentionKind, Note
from ..signals import LARGE_CITY, mission
from .features import fixed_confidence
from .place import Place, named_most_before, place_from_entry

LEX = lexicon()

_BY_TEXT = ("venue", "water", "region")
#: a venue the text puts only in one of these lands at the story's city there (not in a country: the city may be far)
_DIVISIONS = ("admin1", "admin2")
#: names no gazetteer knows that are still placed by what the text says: "the village of Hrabove", a part of the
#: city, and a span given from outside as a place name (label None: a caller's own recogniser, the gold spans
#: of an evaluation). A name only the language model calls a place stays unresolved (an online geocoder may try).
_SETTLEMENT_LABELS = ("settlement", "city-part", None)
_FEATURE_EXTRA_KM = {"water": 15.0, "region": 30.0}


def _sited(doc, m: Mention) -> bool:
    """A venue that stands where its name says: "Wembley Stadium", "Ramstein Air Base" (``sited_venue_words``)."""
    return m.kind == MentionKind.VENUE and any(t.lower_ in LEX.sited_venue_words for t in doc[m.tok_start : m.tok_end])


def _inner_anchor(
    m: Mention, places: dict[str, Place], focus: str | None, anchor: Place | None, sited: bool = False
) -> Place | None:
    """The place named inside a natural feature's or a venue's name ("Tampa Bay", "Catania airport") that places it.

    Of several places of that name, the one in the country the text puts the feature in (its
    anchor), else in a country of the story, else the largest. A ``sited`` venue (:func:`_sited`)
    is placed by its name even where the text puts it in another country.
    """
    countries = {p.country for p in places.values() if p.lat is not None and p.country}
    inner = m.inner
    if m.kind == "venue" and (countries or not sited):
        # a venue's name is no sure sign: only a place of the story's countries, or a large city, places it
        # (a stadium or a base in a story that names no other place: the largest place of its name); a
        # division abroad is no large city ("the Federal University" in Nigeria is not in Brazil's Federal District)
        inner = [
            c
            for c in inner
            if c.entry.country in countries or (c.entry.feature != "admin1" and c.entry.population >= LARGE_CITY)
        ]
    elif countries:
        # a river, a lake or an island is named for a place beside it: one of the story's countries
        # ("the Genoa River" in a story of Victoria is not by Genoa, Italy; "Peñuelas lake" in Chile)
        inner = [c for c in inner if c.entry.country in countries]
    if not inner:
        return None
    if anchor is not None and anchor.feature == "country":
        inside = [c for c in inner if c.entry.country == anchor.country]
        if inside:
            return _anchor_place(max(inside, key=lambda c: c.entry.population).entry)
        if not sited:
            return None  # "a Liverpool academy in Egypt"; a stadium or a base stands where its name says
    best = max(inner, key=lambda c: (c.entry.country == focus, c.entry.country in countries, c.entry.population))
    return _anchor_place(best.entry)


def _anchor_place(e) -> Place:
    """A place that only anchors another (its point and precision are used, never its confidence)."""
    return place_from_entry(e, 0.0)


def _text_key(m: Mention, places: dict) -> str:
    """Places named only by the text are one place per name; 'Key Bridge' is 'Francis Scott Key Bridge'."""
    name = m.key.removeprefix("the ")
    for key in places:
        if key.startswith("text:") and (key[5:] == name or key[5:].endswith(" " + name)):
            return key
    return "text:" + name


def _country_key(places: dict[str, Place], cc: str) -> str | None:
    for k, p in places.items():
        if p.feature == "country" and p.country == cc:
            return k
    return None


def _salient_place(places: dict[str, Place], focus: str | None = None) -> Place | None:
    """The finest place the story is about, to put a venue at that the text does not place.

    The city it names most (in its country when it names one there); with no city, its county;
    with no county, its state or province (in its country).
    """
    for feature in ("city", "admin2", "admin1"):
        found = [
            p
            for p in places.values()
            if p.feature == feature and p.lat is not None and (feature == "city" or not focus or p.country == focus)
        ]
        if found:
            return max(found, key=lambda p: (p.country == focus, len(p.mentions)))
    return None


def _held_place(doc, feature: Mention, mentions: list[Mention], place_of: dict) -> list[Mention]:
    """'the town of Lahaina on the island of Maui': the place a natural feature's phrase hangs on lies in it."""
    start_of = {t: m for m in mentions if m.ref in place_of for t in range(m.tok_start, m.tok_end)}
    tok = doc[feature.tok_end - 1]
    for _ in range(5):
        if tok.dep_ not in ("pobj", "prep") or tok.head is tok:
            break
        tok = tok.head
        m = start_of.get(tok.i)
        if m is not None and m is not feature and m.tok_end <= feature.tok_start:
            return [m]
    return []


def _venue_anchor(doc, venue: Mention, mentions: list[Mention], places: dict[str, Place]):
    """The place the text locates a venue by, the extra km its wording implies, and a distance it gives.

    Returns
    -------
    (Place or None, float, (km, bearing) or None, bool)
        The anchor, the km its wording adds ("near", "outskirts"), the distance and bearing of a
        phrase such as "about 70 km south-west of" before it (see :func:`_distance_phrase`), and
        whether the text puts the venue there in so many words (:func:`_said_in`, a distance, or
        a place inside its name), rather than naming the place somewhere after it.
    """
    place_of = {m.ref: p for p in places.values() for m in p.mentions}
    inside = [m for m in mentions if m is not venue and venue.tok_start <= m.tok_start and m.tok_end <= venue.tok_end]
    # "the US Embassy in Nairobi": a state's mission stands abroad, not in the country its name holds, nor in one
    # named near it ("at the British Embassy Tokyo, said that since the UK applied"), unless the text says so
    abroad = _mission(venue)
    near = [
        m
        for m in mentions
        if m is not venue
        and m.kind != "venue"
        and m.ref in place_of
        # a part of a town lies in a town a gazetteer knows, not in another name the text lists beside it
        and (venue.label != Note.CITY_PART or place_of[m.ref].gazetteer_id is not None)
        and m.tok_start >= venue.tok_end
        and doc[m.tok_start].sent.start == doc[venue.tok_start].sent.start
    ]
    head = doc[venue.tok_start : venue.tok_end].root  # "the Embassy of Armenia in X": the phrase of "Embassy"
    subtree = {t.i for t in head.subtree}

    # prefer a place inside the venue's name, then one in the phrase that modifies it, then the next one
    def finest(ms):
        return sorted(ms, key=lambda m: place_of[m.ref].fineness)

    ranked = finest([m for m in inside if m.ref in place_of])
    if venue.kind in ("water", "region"):
        ranked += _held_place(doc, venue, mentions, place_of)
    ranked += finest([m for m in near if m.tok_start in subtree])
    ranked += [m for m in near if m.tok_start - venue.tok_end <= 8]
    if venue.label == "settlement":
        # "Ighil, a village in Al Haouz province about 70 km south-west of Marrakesh": a distance places it
        ranked += [m for m in near if any(t.lower_ in LEX.near_words for t in doc[venue.tok_end : m.tok_start])]
    # a distance from a town ("about 70 km south-west of Marrakesh") wins when it places it more tightly
    # than the area it is said to be in ("a village in Al Haouz province")
    measured = [
        (place_of[m.ref], offset)
        for m in near
        if place_of[m.ref].lat is not None
        and (offset := _distance_phrase(doc[venue.tok_end : m.tok_start])) is not None
    ]
    for m in ranked:
        p = place_of[m.ref]
        if p.lat is None or p.feature == "venue":
            continue
        if abroad and p.feature == "country" and (m in inside or not _said_in(doc, venue, m, subtree)):
            continue
        between = doc[venue.tok_end : m.tok_start]
        extra = 20.0 if any(t.lower_ in LEX.near_words for t in between) else 0.0
        for q, offset in measured:
            if (q.precision_km or 0.0) + 0.4 * offset[0] < (p.precision_km or 0.0) + extra or q is p:
                return q, 0.0, offset, True
        return p, extra, None, m in inside or _said_in(doc, venue, m, subtree)
    return None, 0.0, None, False


def _mission(m: Mention) -> bool:
    """A venue that is a state's mission abroad ("the US Embassy"): see :func:`~geomap.signals.mission`."""
    return m.kind == MentionKind.VENUE and mission(m.text)


def _said_in(doc, venue: Mention, m: Mention, subtree: set[int]) -> bool:
    """Whether the text puts the venue in ``m``: in its phrase, or right after it ("the Embassy in the Holy See")."""
    after = m.tok_start - venue.tok_end
    return m.tok_start in subtree or (0 < after <= 3 and doc[venue.tok_end].lower_ in LEX.locative_prepositions)


def _distance_phrase(between) -> tuple[float, float | None] | None:
    """The distance and bearing of "about 70 km south-west of", "20 miles from", right before a place.

    Parameters
    ----------
    between : spacy.tokens.Span
        The words between a place named by the text and the place that locates it.

    Returns
    -------
    (km, bearing) or None
        ``bearing`` in degrees from north, None when the text gives no direction; None when the
        words end in no distance phrase.
    """
    words = [t for t in between if t.text != "-"]
    if len(words) < 3 or words[-1].lower_ not in ("of", "from"):
        return None
    for k in range(len(words) - 2, 0, -1):
        unit = LEX.distance_units_km.get(words[k].lower_)
        if unit is None:
            continue
        try:
            km = float(words[k - 1].text.replace(",", "")) * unit
        except ValueError:
            return None
        direction = "".join(t.lower_ for t in words[k + 1 : -1])
        if direction and direction not in LEX.bearings:
            return None  # "70 km of road", "two miles inland from"
        return (km, LEX.bearings.get(direction)) if 0 < km < 2000 else None
    return None


def _moved(lat: float, lon: float, km: float, bearing: float | None) -> tuple[float, float, float]:
    """The point ``km`` from (lat, lon) towards ``bearing``, and the km of uncertainty that adds.

    An eight-point bearing is good to about ±22.5 degrees and a distance in the news is rounded:
    the place lies within about 0.4 times the distance of the point. With no direction, the
    point stays and the uncertainty is the whole distance.
    """
    if bearing is None:
        return lat, lon, km
    from geopy.distance import geodesic

    to = geodesic(kilometers=km).destination((lat, lon), bearing)
    return to.latitude, to.longitude, 0.4 * km


def _anchor_of(doc, m: Mention, mentions: list[Mention], places: dict[str, Place], focus: str | None):
    """The place that places ``m``, the km its wording adds, a distance and bearing from it, and the rule's name."""
    if m.label == Note.TOWN_VENUE:
        # the town named most before it: "the city's port"
        located = [p for p in places.values() if p.lat is not None]
        return named_most_before(located, m.tok_start, ("city",)), 0.0, None, "placed_by_text"
    anchor, extra, offset, said = _venue_anchor(doc, m, mentions, places)
    rule = "placed_by_text"
    salient = _salient_place(places, focus) if anchor is None and m.label != Note.SETTLEMENT else None
    # a venue named for a place is often elsewhere ("Liverpool Academy" in a Cairo story): its name
    # places it only when the story has no place of its own, or when it is a venue that stands
    # where its name says ("Wembley Stadium", "Ramstein Air Base")
    sited = _sited(doc, m)
    inner = (
        None
        if m.kind == MentionKind.VENUE and salient is not None and not sited
        else _inner_anchor(m, places, focus, anchor, sited)
    )
    # a sited venue's own name wins over the place the text names near it or the story's main place,
    # when it names a town, a division or another country than that place's, and does not contain
    # that place (a place named near it inside the one its name holds is the finer anchor); a place the
    # text puts it in ("the University of St. Thomas in Houston") wins unless its name's place is inside
    near = anchor or salient
    by_name = (
        sited
        and near is not None
        and inner is not None
        and not inner.contains(near)
        and (inner.feature in ("city", "admin2", "admin1") or inner.country != near.country)
        and (not said or near.contains(inner))
    )
    if m.kind == MentionKind.VENUE and salient is not None:
        use_inner = by_name  # the story's main place, unless the venue's name says otherwise
    else:
        use_inner = anchor is None or anchor.feature == "country" or by_name
    if inner is not None and use_inner:
        anchor, offset = inner, None  # "the Noto peninsula in Japan": Noto in Japan, finer than Japan
    elif m.kind == MentionKind.VENUE and anchor is not None and offset is None and anchor.feature in _DIVISIONS:
        # "a bar on Clarksville Street in this northeast Texas town": the story's city, if in that division
        city = _salient_place(places, focus)
        if city is not None and city.feature == "city" and anchor.contains(city):
            anchor = city
    if anchor is None and m.label != Note.SETTLEMENT:
        anchor = salient or (places.get(_country_key(places, focus)) if focus else None)
        rule, extra, offset = "placed_by_story", 0.0, None
        if anchor is not None and anchor.feature == "country" and _mission(m):
            anchor = None  # "the US Embassy" in a story that names no town to put it in: the host is unknown
    return anchor, extra, offset, rule


def _placed(m: Mention, anchor: Place | None, extra: float, offset, rule: str) -> Place:
    feature = m.kind if m.kind in _BY_TEXT else "city" if m.label == Note.SETTLEMENT else "other"
    extra += _FEATURE_EXTRA_KM.get(feature, 0.0)
    if anchor is None or anchor.lat is None:
        return Place(name=m.text, feature=feature)  # nothing places it
    lat, lon = anchor.lat, anchor.lon
    if offset is not None:  # "70 km south-west of Marrakesh"
        lat, lon, km = _moved(lat, lon, *offset)
        extra += km
    precision = round(max(anchor.precision_km or 0.0, 2.0) + extra, 1)
    # "the city's port" in a Beirut story is Beirut port
    name = f"{anchor.name} {m.text.split(' ', 2)[2]}" if m.label == Note.TOWN_VENUE else m.text
    return Place(
        name=name,
        feature=feature,
        country=anchor.country,
        lat=lat,
        lon=lon,
        precision_km=precision,
        confidence=fixed_confidence(rule),
        rule=rule,
        admin1=anchor.admin1,
        anchor=anchor.name,
        anchor_km=offset[0] if offset else None,
    )


def placed_by_text(mentions: list[Mention]) -> list[Mention]:
    """The mentions no gazetteer knows that the text places: natural features first, then the longest."""
    found = [m for m in mentions if m.kind in _BY_TEXT and not m.candidates]
    found += [m for m in mentions if m.kind == MentionKind.NAME and not m.candidates and m.label in _SETTLEMENT_LABELS]
    # natural features first (they place venues: "the Skyway Bridge over Tampa Bay"), then venues, then the
    # venues named by reference ("the city's port" may be the "Port of Beirut" the text names)
    return sorted(found, key=lambda m: (m.kind not in ("water", "region"), m.label == Note.TOWN_VENUE, m.start - m.end))


def place_by_text(doc, mentions: list[Mention], places, focus: str | None) -> None:
    """Add the venues, natural features and settlements no gazetteer knows to ``places``, placed by the text.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        The parsed article.
    mentions : list of Mention
        The article's mentions.
    places : geomap.resolve.place.Places
        The story's places so far; these are added.
    focus : str or None
        The country the story is about.
    """
    for m in placed_by_text(mentions):
        key = _text_key(m, places.by_key)
        known = places.by_key.get(key)
        if known is not None and known.lat is not None:
            known.mentions.append(m)
            continue
        place = _placed(m, *_anchor_of(doc, m, mentions, places.by_key, focus))
        if known is not None:
            # "wade towards Adabraka" left it unlocated; "parts of Kaneshie and Adabraka" places it
            place.mentions = sorted([*known.mentions, m], key=lambda x: x.start)
            places.by_key[key] = place
            continue
        same = _named_already(place, places.by_key) if m.label == Note.TOWN_VENUE else None
        if same is not None:
            same.mentions.append(m)  # "the city's port" after "the Port of Beirut"
            continue
        places.add(key, lambda place=place: place, m)


def _named_already(place: Place, places: dict[str, Place]) -> Place | None:
    """A place of the story with the same words as a venue named by reference ("Port of Beirut", "Beirut port")."""
    words = set(place.name.lower().split())
    for p in places.values():
        if p is not place and words <= set(p.name.lower().split()) | {"of", "the"}:
            return p
    return None
