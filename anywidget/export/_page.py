"""One offline HTML page showing widgets of the running kernel, with everything inlined."""

from __future__ import annotations

import html
from importlib.resources import files
from string import Template
from typing import TYPE_CHECKING, Any

from .._wire.protocol import WIDGET_VIEW_MIMETYPE
from ._escape import inline_js, inline_json

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ._assets import Assets

VIEW_FORMAT = {"version_major": 2, "version_minor": 0}


def _template() -> Template:
    return Template(files(__package__).joinpath("templates", "widgets.html").read_text("utf-8"))


def scripts(assets: Assets) -> str:
    """The page's `<script>` elements: RequireJS, then our module (named, so no CDN is asked for
    it), then html-manager, which renders every widget view once the page has loaded."""
    return "\n".join(
        f"<script>{inline_js(source)}</script>"
        for source in (assets.require_js, assets.anywidget_amd, assets.embed_amd)
    )


def render_page(
    manager_state: dict[str, Any], model_ids: Iterable[str], assets: Assets, title: str
) -> str:
    """The HTML text of a page showing one view of each of `model_ids` from `manager_state`."""
    views = "\n".join(
        '<div class="anywidget-export-view">'
        f'<script type="{WIDGET_VIEW_MIMETYPE}">{inline_json({**VIEW_FORMAT, "model_id": model_id})}</script>'
        "</div>"
        for model_id in model_ids
    )
    return _template().substitute(
        title=html.escape(title),
        scripts=scripts(assets),
        views=views,
        state=inline_json(manager_state),
    )
