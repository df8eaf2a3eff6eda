"""Screenshots for the documentation's gallery: each examples/*.ipynb page of the built site, in headless Chromium.

Run after `bash scripts/docs.sh` (the pages must exist), commit the PNGs it writes to
docs/_static/gallery/, and build again: `.venv/bin/python scripts/gallery.py [--site DIR]`.
The pages are opened from disk with the network refused, as the site's own checks do.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from playwright.sync_api import Route, sync_playwright

from anywidget.testing.fixtures import CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]'
# Every view on the page rendered: html-manager puts each one in a .widget-subarea before its script.
RENDERED = """(selector) => {
  const views = [...document.querySelectorAll(selector)];
  return views.length > 0 && views.every((script) =>
    script.previousElementSibling?.classList.contains("widget-subarea")
      && script.previousElementSibling.childElementCount > 0);
}"""
# The box around what the widget drew, inside its page-wide output area. Leaves only: block
# containers span the page whatever they hold, and text counts by its own extent.
CONTENT_BOX = """(area) => {
  const outer = area.getBoundingClientRect();
  let right = outer.left;
  let bottom = outer.top;
  for (const node of area.querySelectorAll("*")) {
    if (node.childElementCount > 0) continue;
    let box = node.getBoundingClientRect();
    if (node.textContent.trim() && !(node instanceof HTMLInputElement)) {
      const range = document.createRange();
      range.selectNodeContents(node);
      box = range.getBoundingClientRect();
    }
    if (box.width > 0 && box.height > 0) {
      right = Math.max(right, box.right);
      bottom = Math.max(bottom, box.bottom);
    }
  }
  // Inside the area's dashed border (the site's style), which is not the widget's.
  const x = outer.left + area.clientLeft + 1;
  const y = outer.top + area.clientTop + 1;
  return { x, y, width: right - x, height: bottom - y };
}"""
NEXT_FRAMES = (
    "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
)
PADDING = 12


def _refuse(route: Route) -> None:
    route.abort()


def shoot(site: Path, out: Path, names: list[str]) -> list[Path]:
    """One PNG per example page: what its first widget drew, with a margin."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 900, "height": 900})
            context.route(re.compile(r"^(?!file:).*"), _refuse)
            page = context.new_page()
            for name in names:
                page.goto((site / "examples" / f"{name}.html").as_uri())
                page.wait_for_function(RENDERED, arg=VIEW, timeout=30_000)
                # Canvases and fonts settle on the next frames: wait for two, not for a time.
                page.evaluate(NEXT_FRAMES)
                area = page.locator(".widget-subarea").first
                area.scroll_into_view_if_needed()
                box = area.evaluate(CONTENT_BOX)
                if box["width"] <= 0 or box["height"] <= 0:
                    raise RuntimeError(f"{name}: the widget drew nothing to take a picture of")
                target = out / f"{name}.png"
                page.screenshot(
                    path=str(target),
                    clip={
                        "x": max(0.0, box["x"]),
                        "y": max(0.0, box["y"]),
                        "width": box["width"] + PADDING,
                        "height": min(box["height"], 600) + PADDING,
                    },
                )
                written.append(target)
        finally:
            browser.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "docs" / "_build" / "html")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "_static" / "gallery")
    args = parser.parse_args()
    names = sorted(path.stem for path in (ROOT / "examples").glob("*.ipynb"))
    missing = [name for name in names if not (args.site / "examples" / f"{name}.html").is_file()]
    if missing:
        print(
            f"error: no built page for {', '.join(missing)} in {args.site}: "
            "run `bash scripts/docs.sh` first",
            file=sys.stderr,
        )
        return 1
    for path in shoot(args.site, args.out, names):
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
