#!/usr/bin/env bash
# Refresh the Leaflet files that geomap inlines into its maps (so maps open with no network).
# Source: the npm registry's `leaflet` package; run by hand when upgrading Leaflet.
set -euo pipefail
version="${1:-1.9.4}"
dest="$(cd "$(dirname "$0")/.." && pwd)/geomap/static/leaflet"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack "leaflet@${version}" >/dev/null && tar xzf "leaflet-${version}.tgz")
mkdir -p "$dest/images"
cp "$tmp/package/dist/leaflet.js" "$tmp/package/dist/leaflet.css" "$dest/"
cp "$tmp/package/dist/images/layers.png" "$tmp/package/dist/images/layers-2x.png" "$dest/images/"
cp "$tmp/package/LICENSE" "$dest/LICENSE"
echo "$version" > "$dest/VERSION"
echo "Leaflet $version vendored into $dest"
