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
PADDING = 12


def _refuse(route: Route) -> None:
    route.abort()


def shoot(site: Path, out: Path, names: list[str]) -> list[Path]:
    """One PNG per example page: the first widget output, with a margin."""
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
                # Fonts and canvases settle on the next frames; wait for two of them, not a time.
                page.evaluate(
                    "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"
                )
                area = page.locator(".widget-subarea").first
                area.scroll_into_view_if_needed()
                box = area.bounding_box()
                if box is None:
                    raise RuntimeError(f"{name}: the widget output has no box on the page")
                target = out / f"{name}.png"
                page.screenshot(
                    path=str(target),
                    clip={
                        "x": max(0.0, box["x"] - PADDING),
                        "y": max(0.0, box["y"] - PADDING),
                        "width": box["width"] + 2 * PADDING,
                        "height": min(box["height"], 600) + 2 * PADDING,
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
            f"error: no built page for {', '.join(missing)} in {args.site}: run `bash scripts/docs.sh` first",
            file=sys.stderr,
        )
        return 1
    for path in shoot(args.site, args.out, names):
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
