"""The nbconvert exporter writing a notebook as one HTML file whose widgets render offline."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nbconvert.exporters import HTMLExporter
from traitlets import Bool, default

from ._assets import load_assets
from ._escape import inline_js, script_safe_json
from ._trust import is_trusted, without_widget_code

if TYPE_CHECKING:
    from collections.abc import Iterator

TEMPLATES = Path(__file__).resolve().parent / "templates"


class OfflineHTMLExporter(HTMLExporter):
    """HTML with the notebook's saved widget state, html-manager and anywidget inlined.

    Registered as the nbconvert exporter `anywidget_offline` (and `anywidget-offline` on the
    command line); opened from disk with no network, every widget whose state the notebook saved
    renders. The saved widget code of a notebook Jupyter does not trust is left out (each such
    widget shows a notice), unless `trust` is set.
    """

    export_from_notebook = "HTML with widgets (offline)"

    trust = Bool(
        False,
        help="Include the saved widget code of notebooks Jupyter does not trust (their widgets "
        "then run code nobody on this machine has vouched for when the page is opened).",
    ).tag(config=True)

    @default("template_name")
    def _template_name_default(self) -> str:
        return "anywidget_offline"

    @default("extra_template_basedirs")
    def _extra_template_basedirs_default(self) -> list[str]:
        return [str(TEMPLATES)]

    @default("embed_images")
    def _embed_images_default(self) -> bool:
        return True

    def default_filters(self) -> Iterator[tuple[str, Any]]:
        parent: Any = super()  # nbconvert is untyped
        yield from parent.default_filters()
        # nbconvert's own escapes only `/`: `<!--<script` in saved widget state changes how the
        # page is parsed, and the state no longer parses as JSON. The templates apply this filter
        # to JSON text only (widget state and views).
        yield ("escape_html_script", script_safe_json)

    def from_notebook_node(
        self, nb: Any, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[Any, dict[str, Any]]:
        """The page's HTML; ``resources["anywidget_offline"]["code_left_out"]`` counts the
        widgets whose code was left out."""
        assets = load_assets()
        left_out = 0
        # In a Jupyter server, `config` is the server's: the trust it shows the user applies.
        if not self.trust and not is_trusted(nb, self.config):
            nb, left_out = without_widget_code(nb)
        if left_out:
            name = (resources or {}).get("metadata", {}).get("name", "the notebook")
            self.log.warning(
                "anywidget: %s is not trusted, so the code of its %d anywidget widget(s) was left "
                "out of the export (each shows a notice instead); trust it, or set "
                "OfflineHTMLExporter.trust=True, to include it",
                name,
                left_out,
            )
        resources = dict(resources or {})
        resources["anywidget_offline"] = {
            "require_js": inline_js(assets.require_js),
            "anywidget_amd": inline_js(assets.anywidget_amd),
            "embed_amd": inline_js(assets.embed_amd),
            "code_left_out": left_out,
        }
        output, out_resources = super().from_notebook_node(nb, resources, **kw)
        return output, out_resources


class CommandLineOfflineHTMLExporter(OfflineHTMLExporter):
    """`OfflineHTMLExporter` under its command-line name, `anywidget-offline`.

    A Jupyter server cannot route a name with a hyphen, so there it is disabled: the server then
    lists only `anywidget_offline`, and JupyterLab's menu has one entry for it, which works.
    """

    @default("enabled")
    def _enabled_default(self) -> bool:
        return not _in_jupyter_server()


def _in_jupyter_server() -> bool:
    serverapp = sys.modules.get("jupyter_server.serverapp")
    app = getattr(serverapp, "ServerApp", None)
    return app is not None and bool(app.initialized())
