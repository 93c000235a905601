#!/usr/bin/env bash
# Install geomap as a user does (a wheel, in a new virtual environment) and use it from a folder
# outside the repository: every map form, an export, and geomap.render called twice in Python.
# Usage: tools/check_wheel.sh [PYTHON]   (default: python3; CI runs it with the project's Python)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
python="${1:-python3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "check_wheel: building the wheel with $("$python" --version)" >&2
"$python" -m pip wheel -q --disable-pip-version-check --no-deps -w "$work/dist" "$repo" >/dev/null
wheel="$(ls "$work"/dist/geomap-*.whl)"
"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q --disable-pip-version-check "$wheel"

bin="$work/venv/bin"
story="$repo/data/articles/beirut-port-explosion-2020-08-08.txt"
cd "$work"  # outside the repository: only the installed package can be imported
"$bin/geomap" --version >&2
"$bin/geomap" map "$story" -o "$work/map.html"
"$bin/geomap" map "$story" --self-contained -o "$work/offline.html"
"$bin/geomap" map "$story" --fragment -o "$work/embed.html"
"$bin/geomap" map "$story" "$repo/data/articles/christchurch-mosque-shootings-2019-03-16.txt" -o "$work/two.html"
"$bin/geomap" export "$story" -o "$work/places.geojson"
"$bin/python" -m geomap export "$story" --fast -o "$work/fast.geojsonl"
"$bin/geomap" batch "$story" "$repo/data/articles/christchurch-mosque-shootings-2019-03-16.txt" --fast -o "$work/batch.csv" --quiet
# GeoParquet is the 'parquet' extra: without it, one line says what to install, and no file is written
if "$bin/geomap" export "$story" --fast -o "$work/fast.parquet" 2>"$work/parquet.err"; then
  echo "check_wheel: GeoParquet written without pyarrow" >&2; exit 1
fi
grep -q "pip install 'geomap\[parquet\]'" "$work/parquet.err" || { cat "$work/parquet.err" >&2; exit 1; }
"$bin/python" - "$story" <<'EOF'
import sys
from pathlib import Path

import geomap

assert "site-packages" in geomap.__file__, geomap.__file__
gdf = geomap.geoparse(Path(sys.argv[1]))
first, second = geomap.render(gdf), geomap.render(gdf, self_contained=True)  # callable again
assert "leaflet" in first.get_root().render().lower() and geomap.fragment(second).startswith("<iframe")
EOF
for f in map.html offline.html embed.html two.html; do
  grep -q "L.map(" "$work/$f" || { echo "check_wheel: $f has no map" >&2; exit 1; }
done
grep -q "markerClusterGroup" "$work/two.html" || { echo "check_wheel: two.html has no clustering" >&2; exit 1; }
test -s "$work/places.geojson" && test -s "$work/fast.geojsonl" && test -s "$work/batch.csv" && test ! -e "$work/fast.parquet"
echo "check_wheel: the wheel installs and maps from outside the repository ($("$python" --version))" >&2
