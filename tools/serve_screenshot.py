"""Screenshot geomap serve's answer page in Debian's Chromium, all network but the server blocked.

    python tools/serve_screenshot.py maps/serve-screenshot.png [--story FILE] [--size 1280x1000]

Starts ``python -m geomap serve`` from this checkout on a free port, pastes the story into the
page, submits it, and takes the screenshot once the map's markers are drawn.
"""

import argparse
import re
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
parser = argparse.ArgumentParser()
parser.add_argument("png")
parser.add_argument("--story", default=str(ROOT / "data/articles/beirut-port-explosion-2020-08-08.txt"))
parser.add_argument("--size", default="1280x1000")
args = parser.parse_args()
w, h = map(int, args.size.split("x"))

proc = subprocess.Popen(
    [sys.executable, "-m", "geomap", "serve", "--port", "0", "--workers", "1"],
    cwd=ROOT,
    stderr=subprocess.PIPE,
    text=True,
)
lines: list[str] = []
threading.Thread(target=lambda: [lines.append(line) for line in proc.stderr], daemon=True).start()
try:
    while not (found := re.search(r"http://127\.0\.0\.1:\d+", "".join(lines))):
        time.sleep(0.1)
    url = found.group()
    while True:
        try:
            if urllib.request.urlopen(url + "/healthz").status == 200:
                break
        except OSError:
            time.sleep(0.3)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": w, "height": h})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith((url, "about:")) else r.abort())
        page.goto(url + "/")
        page.fill("textarea[name=text]", Path(args.story).read_text(encoding="utf-8"))
        page.click("button[type=submit]")
        page.frame_locator("iframe#map").locator(".gm-marker").first.wait_for(timeout=30_000)
        page.wait_for_timeout(800)
        page.screenshot(path=args.png)
        browser.close()
finally:
    proc.terminate()
    proc.wait(timeout=30)
