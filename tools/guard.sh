#!/usr/bin/env bash
# The refactoring guard: record every output that must not change, to compare before and after.
# Usage: tools/guard.sh OUTDIR    then: diff -r BEFORE AFTER   (byte-identical means same behaviour)
# Covers: geomap evaluate on both corpora (full and fast), evaluate-roles on every gold folder
# (both profiles, full and fast) and the exported table of every sample article (full and fast).
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
out="$1"; mkdir -p "$out"
gold=(data/articles/gold data/roles-dev/gold)
[ -d ../shared/articles/gold ] && gold+=(../shared/articles/gold)
for c in ../shared/eval/*.jsonl; do
  n=$(basename "$c" .jsonl)
  geomap evaluate "$c" -o "$out/eval-$n.jsonl" --force -q > "$out/eval-$n.summary" & full=$!
  geomap evaluate "$c" --fast -o "$out/eval-$n.fast.jsonl" --force -q > "$out/eval-$n.fast.summary"
  wait "$full"  # a failure of the background run fails the guard too
done
for p in incident disaster; do
  geomap evaluate-roles "${gold[@]}" --profile $p -o "$out/roles-$p.jsonl" --force -q > "$out/roles-$p.summary"
  geomap evaluate-roles "${gold[@]}" --profile $p --fast -o "$out/roles-$p.fast.jsonl" --force -q > "$out/roles-$p.fast.summary"
done
for f in data/articles/*.txt data/roles-dev/*.txt ../shared/articles/*.txt; do
  n=$(basename "$f" .txt)
  geomap export "$f" --mentions -o "$out/$n.geojson" --force -q
  geomap export "$f" --fast -o "$out/$n.fast.geojson" --force -q
done
