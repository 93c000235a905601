"""A static image of the map (PNG, SVG or PDF) for reports: same colours, legend and labels.

Drawn with matplotlib on the offline basemap (Natural Earth country outlines), so it needs
no network and no browser.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import geopandas as gpd

from . import credits
from .errors import InputError
from .profile import Profile, load_profile
from .table import atomic_path, require_table

IMAGE_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
_MARKERS = {
    "circle": "o",
    "dot": "o",
    "ring": "o",
    "square": "s",
    "diamond": "D",
    "triangle": "^",
    "star": "*",
    "pentagon": "p",
    "cross": "P",
}
_LABEL_BOX = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8}
_SIZE = {"venue": 70, "city": 60, "admin1": 70, "region": 70, "water": 70, "country": 90, "other": 50}


def _extent(located: gpd.GeoDataFrame) -> tuple[float, float, float, float]:
    if located.empty:
        return -180.0, 180.0, -60.0, 80.0
    xs, ys = located.geometry.x, located.geometry.y
    x0, x1, y0, y1 = xs.min(), xs.max(), ys.min(), ys.max()
    span = max(x1 - x0, (y1 - y0) * 1.4, 8.0)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    half_w, half_h = span * 0.62, span * 0.42
    return max(-180, cx - half_w), min(180, cx + half_w), max(-85, cy - half_h), min(85, cy + half_h)


def _axes(located: gpd.GeoDataFrame, size):
    """A figure shaped like the area shown (no blank bands), and its one axes."""
    from matplotlib.figure import Figure

    x0, x1, y0, y1 = _extent(located)
    aspect = 1 / max(0.2, math.cos(math.radians((y0 + y1) / 2)))
    width = size[0]
    height = min(size[0] * 1.2, max(3.0, width * (y1 - y0) * aspect / (x1 - x0)))
    fig = Figure(figsize=(width, height), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(aspect, adjustable="box")
    ax.set_facecolor("#cfe2ee")
    ax.set_xticks([])
    ax.set_yticks([])
    return fig, ax


def _basemap(ax, gaz, located: gpd.GeoDataFrame, colors: dict) -> None:
    """The world's countries, and the story's countries and outlined divisions tinted with their role's colour."""
    import shapely

    shapes = gaz.shapes()
    base = gpd.GeoSeries([shapely.from_geojson(g) for _, _, g in shapes], crs="EPSG:4326")
    base.plot(ax=ax, facecolor="#f3f1ec", edgecolor="#8a8a8a", linewidth=0.4)
    for _, row in located.iterrows():
        outline = gaz.outline(row["feature"], row["country"], row.get("admin1"))
        if outline is not None:
            color = colors.get(row["role"], "#777")
            gpd.GeoSeries([shapely.from_geojson(outline)]).plot(
                ax=ax, facecolor=color, alpha=0.18, edgecolor=color, linewidth=0.9
            )


def _routes(ax, located: gpd.GeoDataFrame, prof: Profile, colors: dict) -> None:
    """Dashed lines from each article's origins and destinations to its incident site."""
    for article in dict.fromkeys(located["article"]) if not located.empty else []:
        rows = located[located["article"] == article]
        site = rows[rows["roles"].apply(lambda rs: prof.site_role in rs)]
        if site.empty:
            continue
        s = site.iloc[0].geometry
        for role in ("origin", "destination"):
            for _, row in rows[rows["roles"].apply(lambda rs, role=role: role in rs)].iterrows():
                p = row.geometry
                ax.plot([p.x, s.x], [p.y, s.y], linestyle=(0, (5, 4)), color=colors.get(role, "#555"), lw=1.6, zorder=3)


def _markers(ax, located: gpd.GeoDataFrame, prof: Profile, colors: dict) -> None:
    """A marker per place in its primary role's shape and colour, the most important drawn last."""
    order = prof.order
    ranked = located.assign(_rank=located["role"].map(lambda r: order.get(r, 99))).sort_values("_rank", ascending=False)
    roles = {r.name: r for r in prof.roles}
    for _, row in ranked.iterrows():
        g = row.geometry
        role = roles.get(row["role"])
        shape = role.shape if role else "circle"
        color = colors.get(row["role"], "#777")
        size = _SIZE.get(row["feature"], 60) * (2.2 if shape == "star" else 0.6 if shape == "dot" else 1.0)
        ring = shape == "ring"
        ax.scatter([g.x], [g.y], s=size, marker=_MARKERS.get(shape, "o"), color="white" if ring else color,
                   edgecolors=color if ring else "white", linewidths=2.2 if ring else 1.3, zorder=5)  # fmt: skip


def _labels(ax, located: gpd.GeoDataFrame, order: dict) -> None:
    """Place names beside their markers; a label that would sit on an earlier one goes to the left."""
    labelled: dict[tuple, list[str]] = {}
    for _, row in located.sort_values("role", key=lambda c: c.map(lambda r: order.get(r, 99))).iterrows():
        labelled.setdefault((round(row.geometry.x, 1), round(row.geometry.y, 1)), []).append(row["place"])
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    dx, dy = (x1 - x0) * 0.008, (y1 - y0) * 0.03
    placed: list[tuple[float, float]] = []
    for (x, y), names in labelled.items():
        left = any(abs(x - px) < dx * 25 and abs(y - py) < dy for px, py in placed)
        placed.append((x, y))
        ax.text(x - dx if left else x + dx, y, _literal(", ".join(dict.fromkeys(names))), fontsize=8.5,
                fontweight="bold", va="center", ha="right" if left else "left", zorder=6, bbox=_LABEL_BOX,
                clip_on=True)  # fmt: skip


def _legend(ax, located: gpd.GeoDataFrame, prof: Profile) -> None:
    """The roles shown, with how many places hold each."""
    from matplotlib.lines import Line2D

    handles = [
        Line2D(
            [],
            [],
            marker=_MARKERS.get(r.shape, "o"),
            linestyle="",
            markersize=11 if r.shape == "star" else 8,
            markerfacecolor="white" if r.shape == "ring" else r.color,
            markeredgecolor=r.color if r.shape == "ring" else "white",
            markeredgewidth=2 if r.shape == "ring" else 1,
            label=_literal(f"{r.label} ({int((located['role'] == r.name).sum())})"),
        )  # fmt: skip
        for r in prof.roles
        if not located.empty and (located["role"] == r.name).any()
    ]
    if handles:
        ax.legend(handles=handles, loc="lower left", title="Role in the story", fontsize=8, title_fontsize=8.5,
                  framealpha=0.92)  # fmt: skip


def _titles(ax, gdf: gpd.GeoDataFrame) -> None:
    """The story's headline (or the number of articles) on top, the data credits at the bottom."""
    if not gdf.empty:
        first = gdf.iloc[0]
        n = gdf["article"].nunique()
        title = (first["title"] or first["article"]) if n == 1 else f"{n} articles"
        if n == 1 and first["date"]:
            title += f"  ({first['date']})"
        ax.text(0.5, 0.98, _literal(title), transform=ax.transAxes, ha="center", va="top", fontsize=11,
                fontweight="bold", bbox=_LABEL_BOX, zorder=7)  # fmt: skip
    ax.text(0.995, 0.005, credits.text(), transform=ax.transAxes, ha="right", va="bottom", fontsize=6, color="#555")
    ax.set_xlabel("")
    ax.set_ylabel("")


def draw(gdf: gpd.GeoDataFrame, *, profile: str | Profile | None = None, gazetteer=None, size=(10, 6.5)):
    """Draw the places table on a matplotlib figure and return it (``matplotlib.figure.Figure``).

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        The places table.
    profile : str, Profile, optional
        The role profile (colours, shapes, labels).
    gazetteer : Gazetteer, optional
        For the countries' outlines.
    size : (float, float)
        The figure's width (and most height) in inches.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    from .gazetteer import Gazetteer

    require_table(gdf)
    prof = load_profile(profile)
    gaz = gazetteer or Gazetteer.open()
    located = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty] if not gdf.empty else gdf
    colors = {r.name: r.color for r in prof.roles}
    fig, ax = _axes(located, size)
    _basemap(ax, gaz, located, colors)
    _routes(ax, located, prof, colors)
    _markers(ax, located, prof, colors)
    _labels(ax, located, prof.order)
    _legend(ax, located, prof)
    _titles(ax, gdf)
    return fig


def _literal(text: str) -> str:
    """Text that matplotlib draws as written: a ``$`` would otherwise open mathtext."""
    return str(text).replace("$", r"\$")


def render_image(
    gdf: gpd.GeoDataFrame,
    path: str | os.PathLike,
    *,
    profile: str | Profile | None = None,
    gazetteer=None,
    dpi: int = 150,
    overwrite: bool = True,
) -> Path:
    """Write a static map image; the format (PNG, SVG, PDF) comes from the extension of ``path``.

    Raises
    ------
    InputError
        If the extension is not .png, .svg or .pdf.
    """
    fmt = IMAGE_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise InputError(f"cannot draw an image as {Path(path).suffix!r}; use .png, .svg or .pdf")
    fig = draw(gdf, profile=profile, gazetteer=gazetteer)

    def save(tmp: str) -> None:
        import matplotlib

        # SVG keeps its text as text (searchable, editable in a report), not as outlines
        with matplotlib.rc_context({"svg.fonttype": "none"}):
            fig.savefig(tmp, format=fmt, dpi=dpi, bbox_inches="tight", pad_inches=0)

    return atomic_path(path, save, overwrite=overwrite)
