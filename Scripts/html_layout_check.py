#!/usr/bin/env python3
"""Opens HTML reports in headless Chromium (Selenium with Debian's chromium-driver) at given window sizes and
reports, as JSON, what a person would see wrong:

  - overflow: elements whose right edge passes the page's width (the page itself must not scroll sideways;
    a table's own scroll box is allowed when asked);
  - hangul: whether Hangul renders with a real glyph (a canvas drawing of '한' differs from the notdef box
    that a missing font gives) — Debian's fonts-nanum provides one;
  - small_text: SVG text elements drawn smaller than 11 CSS pixels.

Usage: python3 Scripts/html_layout_check.py FILE.html [FILE.html …] --sizes 1280x900,390x844 [--screenshots DIR]
Prints {"file": {"1280x900": {"overflow": [...], "hangul": true, "small_text": [...], "page_width": n, "scroll_width": n}}}.
"""
import argparse
import base64
import json
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

CHECK = r"""
const width = document.documentElement.clientWidth;
const over = [];
for (const element of document.querySelectorAll('body *')) {
  const box = element.getBoundingClientRect();
  if (box.width === 0 && box.height === 0) continue;
  // Inside a box that scrolls on its own (a wide table in its scroller) is not the page overflowing.
  let inScroller = false;
  for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
    const style = getComputedStyle(parent);
    if (style.overflowX === 'auto' || style.overflowX === 'scroll') { inScroller = true; break; }
  }
  if (box.right > width + 1 && !inScroller) {
    over.push(element.tagName.toLowerCase() + (element.className && typeof element.className === 'string' ? '.' + element.className : '')
      + ' right=' + Math.round(box.right) + ' text=' + (element.textContent || '').trim().slice(0, 40));
  }
}
const scrollers = [];
for (const element of document.querySelectorAll('body *')) {
  const style = getComputedStyle(element);
  if ((style.overflowX === 'auto' || style.overflowX === 'scroll') && element.scrollWidth > element.clientWidth + 1) {
    scrollers.push(element.tagName.toLowerCase() + ' ' + element.scrollWidth + '>' + element.clientWidth);
  }
}
function glyph(text) {
  const canvas = document.createElement('canvas');
  canvas.width = 64; canvas.height = 64;
  const context = canvas.getContext('2d');
  context.font = '40px ' + getComputedStyle(document.body).fontFamily;
  context.fillText(text, 4, 48);
  return Array.from(context.getImageData(0, 0, 64, 64).data).join(',');
}
const hangul = glyph('한') !== glyph('\uFFFF') && glyph('한') !== glyph('');
const small = [];
for (const text of document.querySelectorAll('svg text')) {
  const size = text.getBoundingClientRect().height;
  if (size > 0 && size < 11 * 0.9) small.push((text.textContent || '').slice(0, 20) + ' ' + size.toFixed(1));
}
return {overflow: over.slice(0, 20), overflow_count: over.length, scrollers: scrollers, hangul: hangul,
        small_text: small.slice(0, 20), page_width: width, scroll_width: document.documentElement.scrollWidth};
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+")
    parser.add_argument("--sizes", default="1280x900,390x844")
    parser.add_argument("--screenshots")
    args = parser.parse_args()
    options = Options()
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"]:
        options.add_argument(flag)
    options.binary_location = next(p for p in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] if os.path.exists(p))
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    results = {}
    try:
        for path in args.files:
            results[path] = {}
            for size in args.sizes.split(","):
                width, height = (int(v) for v in size.split("x"))
                driver.set_window_size(width, height)
                driver.get("file://" + os.path.abspath(path))
                # The window size includes no chrome in headless mode; make the viewport exact.
                inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
                if inner[0] != width:
                    driver.set_window_size(width + (width - inner[0]), height + (height - inner[1]))
                    driver.get("file://" + os.path.abspath(path))
                results[path][size] = driver.execute_script(CHECK)
                if args.screenshots:
                    # The whole page, beyond the window (Chrome DevTools' capture), at most 8,000 px tall.
                    os.makedirs(args.screenshots, exist_ok=True)
                    full = min(driver.execute_script("return document.documentElement.scrollHeight"), 8000)
                    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
                        "format": "png", "captureBeyondViewport": True,
                        "clip": {"x": 0, "y": 0, "width": width, "height": full, "scale": 1}})
                    name = os.path.splitext(os.path.basename(path))[0] + "-" + size + ".png"
                    with open(os.path.join(args.screenshots, name), "wb") as file:
                        file.write(base64.b64decode(shot["data"]))
    finally:
        driver.quit()
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
