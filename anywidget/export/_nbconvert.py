"""The nbconvert exporter writing a notebook as one HTML file whose widgets render offline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nbconvert.exporters import HTMLExporter
from traitlets import default

from ._assets import load_assets
from ._escape import inline_js

TEMPLATES = Path(__file__).resolve().parent / "templates"


class OfflineHTMLExporter(HTMLExporter):
    """HTML with the notebook's saved widget state, html-manager and anywidget inlined.

    Registered as the nbconvert exporter `anywidget-offline`; opened from disk with no network,
    every widget whose state the notebook saved renders.
    """

    export_from_notebook = "HTML with widgets (offline)"

    @default("template_name")
    def _template_name_default(self) -> str:
        return "anywidget_offline"

    @default("extra_template_basedirs")
    def _extra_template_basedirs_default(self) -> list[str]:
        return [str(TEMPLATES)]

    @default("embed_images")
    def _embed_images_default(self) -> bool:
        return True

    def from_notebook_node(
        self, nb: Any, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[Any, dict[str, Any]]:
        assets = load_assets()
        resources = dict(resources or {})
        resources["anywidget_offline"] = {
            "require_js": inline_js(assets.require_js),
            "anywidget_amd": inline_js(assets.anywidget_amd),
            "embed_amd": inline_js(assets.embed_amd),
        }
        output, out_resources = super().from_notebook_node(nb, resources, **kw)
        return output, out_resources
