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

# Leaflet.markercluster, which folium's MarkerCluster plugin drives (multi-story maps cluster their markers)
mc_version="${2:-1.5.3}"
mc_dest="$(dirname "$dest")/markercluster"
(cd "$tmp" && npm pack "leaflet.markercluster@${mc_version}" >/dev/null && mkdir mc && tar xzf "leaflet.markercluster-${mc_version}.tgz" -C mc)
mkdir -p "$mc_dest"
cp "$tmp/mc/package/dist/leaflet.markercluster.js" "$tmp/mc/package/dist/MarkerCluster.css" \
  "$tmp/mc/package/dist/MarkerCluster.Default.css" "$mc_dest/"
cp "$tmp/mc/package/MIT-LICENCE.txt" "$mc_dest/LICENSE" 2>/dev/null || cp "$tmp/mc/package/LICENSE"* "$mc_dest/LICENSE"
echo "leaflet.markercluster $mc_version" > "$mc_dest/VERSION"
# Leaflet.FeatureGroup.SubGroup: each story a layer of its own, all clustered together
sg_version="${3:-1.0.2}"
(cd "$tmp" && npm pack "leaflet.featuregroup.subgroup@${sg_version}" >/dev/null && mkdir sg \
  && tar xzf "leaflet.featuregroup.subgroup-${sg_version}.tgz" -C sg)
cp "$tmp/sg/package/dist/leaflet.featuregroup.subgroup.js" "$mc_dest/"
cp "$tmp/sg/package/LICENSE" "$mc_dest/LICENSE.subgroup"
echo "leaflet.featuregroup.subgroup $sg_version" >> "$mc_dest/VERSION"
echo "Leaflet.markercluster $mc_version vendored into $mc_dest"
