"""Who made the data behind a map: one definition for every map form (HTML, embed, image)."""

from __future__ import annotations

import html

#: (what, name, link, licence to state) of the data every geomap map draws on: the places come
#: from GeoNames (CC BY 4.0, which requires attribution), the outlines and the offline basemap
#: from Natural Earth (public domain, credited all the same)
DATA = (
    ("Places", "GeoNames", "https://www.geonames.org/", "CC BY 4.0"),
    ("Outlines", "Natural Earth", "https://www.naturalearthdata.com/", None),
)


def text() -> str:
    """The credit line of a static image."""
    return ". ".join(f"{what}: {name}" + (f" ({lic})" if lic else "") for what, name, _, lic in DATA) + ". Map: geomap"


def html_links() -> str:
    """The credit of an HTML map, for Leaflet's attribution control (tile layers add their own)."""
    return " &middot; ".join(
        f'{what} <a href="{html.escape(link)}" target="_blank" rel="noopener">{html.escape(name)}</a>'
        + (f" ({html.escape(lic)})" if lic else "")
        for what, name, link, lic in DATA
    )
