"""Screenshot a map in Debian's Chromium (Playwright), network blocked: python tools/screenshot.py MAP.html OUT.png."""

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

parser = argparse.ArgumentParser()
parser.add_argument("html")
parser.add_argument("png")
parser.add_argument("--click", help="open the popup of the first marker of this role")
parser.add_argument("--size", default="1280x800")
args = parser.parse_args()
w, h = map(int, args.size.split("x"))
with sync_playwright() as p:
    browser = p.chromium.launch(
        executable_path="/usr/bin/chromium",
        headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
    )
    page = browser.new_page(viewport={"width": w, "height": h})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page.goto(Path(args.html).resolve().as_uri())
    page.wait_for_timeout(800)
    if args.click:
        stack = page.locator(f".gm-stack-role-{args.click}")
        if stack.count():  # the place leads a stack of places at one point: spread it first
            stack.first.click()
            page.wait_for_timeout(300)
        page.locator(f".gm-role-{args.click}").first.click()
        page.wait_for_timeout(400)
    page.screenshot(path=args.png)
    browser.close()
