"""``{gallery}``: a card per notebook of examples/, with its screenshot (made by scripts/gallery.py)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

DOCS = Path(__file__).resolve().parents[1]
EXAMPLES = DOCS.parent / "examples"
SCREENSHOTS = DOCS / "_static" / "gallery"


def describe(notebook: Path) -> tuple[str, str]:
    """The notebook's title (its first heading) and first paragraph, from its first markdown cell."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    markdown = next((c for c in cells if c["cell_type"] == "markdown"), None)
    if markdown is None:
        raise ValueError(f"{notebook.name} starts with no markdown cell to title its card")
    lines = "".join(markdown["source"]).strip().splitlines()
    if not lines or not lines[0].startswith("# "):
        raise ValueError(f"{notebook.name}'s first markdown cell does not open with a # title")
    paragraph = next((line for line in lines[1:] if line.strip()), "")
    return lines[0][2:].strip(), paragraph.strip()


def _inline_code(text: str) -> str:
    """`text` as HTML, its Markdown `code` spans as <code>."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


class Gallery(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        cards = []
        for notebook in sorted(EXAMPLES.glob("*.ipynb")):
            self.env.note_dependency(str(notebook))
            try:
                title, text = describe(notebook)
            except (ValueError, KeyError) as error:
                raise self.error(str(error)) from error
            screenshot = SCREENSHOTS / f"{notebook.stem}.png"
            if not screenshot.is_file():
                logger.warning(
                    "%s has no screenshot: run `.venv/bin/python scripts/gallery.py` after a build",
                    notebook.name,
                    location=(self.env.docname, self.lineno),
                    type="gallery",
                )
                image = ""
            else:
                self.env.note_dependency(str(screenshot))
                image = (
                    f'<img src="_static/gallery/{notebook.stem}.png" alt="{html.escape(title)}" '
                    'loading="lazy">'
                )
            cards.append(
                f'<a class="gallery-card" href="examples/{notebook.stem}.html">{image}'
                f"<strong>{html.escape(title)}</strong><span>{_inline_code(text)}</span></a>"
            )
        if self.env.docname != "gallery":
            raise self.error("{gallery} links relative to docs/gallery.md: use it there")
        return [nodes.raw("", f'<div class="gallery">{"".join(cards)}</div>', format="html")]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("gallery", Gallery)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
