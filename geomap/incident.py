"""Article-level answers: when the incident happened, and how precisely its location is known.

- :func:`incident_date`: the date of the incident from the article's date and what the text
  says ("on Friday" in a story dated Sunday is the Friday before; "yesterday"; "March 22").
- :func:`geo_precision`: an ACLED-style code for a place: 1 a town or finer, 2 part of a region
  or near a town, 3 only a province or a country.
"""

from __future__ import annotations

import datetime as dt
import re

from .docdata import entities

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = "january february march april may june july august september october november december".split()
# a month by name or as news abbreviates it ("Mar. 22", "Sept. 4", "Dec 31")
_MONTH = "|".join(
    [
        *(m.capitalize() for m in _MONTHS),
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sept",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
    ]
)
_MONTH_DAY = re.compile(
    rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b|\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\b\.?"
)
# a period, not a day ("last week", "earlier this month", "in recent years"): the article's date stands
_PERIOD = re.compile(r"\b(weeks?|months?|years?|decades?|recent|recently|season|weekend|century|era)\b", re.I)
# what the rules do not read and may name a day: "two days ago", "48 hours ago", "the previous day"
_RELATIVE_DAY = re.compile(r"\b(ago|previous|prior)\b", re.I)


def _weekday_before(anchor: dt.date, weekday: int) -> dt.date:
    """The latest date on or before ``anchor`` that falls on ``weekday`` (0 = Monday)."""
    return anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7)


def resolve_date_expression(text: str, article_date: dt.date) -> dt.date | None:
    """The date a phrase such as 'on Friday', 'yesterday', 'March 22' means in an article of that date."""
    low = text.lower()
    if "yesterday" in low or "last night" in low:
        return article_date - dt.timedelta(days=1)
    if re.search(r"\btoday\b|\bthis morning\b|\btonight\b", low):
        return article_date
    m = _MONTH_DAY.search(text)
    if m:
        month_name, day = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        month = [n[:3] for n in _MONTHS].index(month_name[:3].lower()) + 1
        try:  # a date without a year: the most recent such day not after the article's date
            when = dt.date(article_date.year, month, int(day))
            return when if when <= article_date else dt.date(article_date.year - 1, month, int(day))
        except ValueError:
            return None
    for i, name in enumerate(_WEEKDAYS):
        if re.search(rf"\b{name}\b", low):
            return _weekday_before(article_date, i)
    return None


def incident_date(doc, article_date: str | None, site_sentence: tuple[int, int] | None = None) -> str | None:
    """The incident's date (ISO), or the article's date when the text gives nothing better.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        The parsed article.
    article_date : str or None
        The article's date (ISO), from its header.
    site_sentence : (start, end), optional
        Offsets of the sentence that gives the incident site: a date in it wins.
    """
    if not article_date:
        return None
    anchor = dt.date.fromisoformat(article_date)
    dates = [e for e in entities(doc) if e.label_ in ("DATE", "TIME")]
    if site_sentence:
        first = [e for e in dates if site_sentence[0] <= e.start_char < site_sentence[1]]
        dates = first + [e for e in dates if e not in first]
    for ent in dates:
        if re.search(r"\b(19|20)\d\d\b", ent.text) and not _MONTH_DAY.search(ent.text):
            continue  # "in 2014", "the 1980 disaster": another time
        if re.search(r"\b(after|later|since|earlier|before)\b", ent.text.lower()):
            continue  # "three days after": counted from another event, not from the article's date
        when = resolve_date_expression(ent.text, anchor) or _relative_day(ent.text, anchor)
        if when is not None and when <= anchor:
            return when.isoformat()
    return anchor.isoformat()


def _relative_day(text: str, anchor: dt.date) -> dt.date | None:
    """A day the rules do not read ("two days ago", "48 hours ago"), by ``dateparser``; None for a period.

    ``dateparser`` is imported only here, for the few expressions that need it.
    """
    if _PERIOD.search(text) or not _RELATIVE_DAY.search(text):
        return None
    from dateparser.date import DateDataParser

    base = dt.datetime.combine(anchor, dt.time(12))
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    if data.date_obj is None or data.period not in ("day", "time"):
        return None
    return data.date_obj.date()


def geo_precision(feature: str, precision_km: float | None) -> int | None:
    """ACLED-style geo-precision code: 1 town or finer, 2 part of a region / near a town, 3 region or country."""
    if precision_km is None or precision_km != precision_km:  # NaN: unresolved
        return None
    if feature in ("country", "admin1", "region", "water"):
        return 3
    if precision_km <= 30:
        return 1  # a town or city, or finer
    if precision_km <= 100:
        return 2  # near a town, or part of a region
    return 3
