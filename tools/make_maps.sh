#!/usr/bin/env bash
# Regenerate the example maps in maps/ from the sample articles in data/articles/ (our own texts).
set -euo pipefail
cd "$(dirname "$0")/.."
for f in data/articles/*.txt; do
  n=$(basename "$f" .txt)
  geomap map "$f" -o "maps/$n.html" --force -q
done
# the four output forms, on one sample
s=data/articles/beirut-port-explosion-2020-08-08.txt
geomap map "$s" --self-contained -o maps/beirut-port-explosion-2020-08-08.offline.html --force -q
geomap map "$s" --fragment -o maps/beirut-port-explosion-2020-08-08.fragment.html --force -q
geomap map "$s" -o maps/beirut-port-explosion-2020-08-08.png --force -q
# the disaster profile, on the earthquake story and on the floods (several towns hit, help from abroad)
geomap map data/articles/morocco-earthquake-2023-09-11.txt --profile disaster \
  -o maps/morocco-earthquake-2023-09-11.disaster.html --force -q
geomap map data/roles-dev/ahr-valley-floods-2021-07-17.txt --profile disaster --self-contained \
  -o maps/ahr-valley-floods-2021-07-17.disaster.html --force -q
# several stories on one map, with a time slider
geomap map data/articles/*.txt --self-contained -o maps/all-stories.html --force -q
# the README screenshot: a self-contained map in a real browser, a popup open
python tools/screenshot.py maps/beirut-port-explosion-2020-08-08.offline.html maps/screenshot.png --click incident_site
python tools/screenshot.py maps/ahr-valley-floods-2021-07-17.disaster.html maps/ahr-valley-floods-2021-07-17.disaster.png --click epicentre
# geomap serve's answer page (the README's screenshot of the web page)
python tools/serve_screenshot.py maps/serve-screenshot.png
