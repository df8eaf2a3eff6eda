"""Custom Jupyter widgets from one Python class and one ES module."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._core.references import WidgetTrait
from ._objects.protocol import Widget
from ._version import __version__
from .widget import AnyWidget

if TYPE_CHECKING:
    from . import experimental as experimental
    from . import export as export

# As the published anywidget lists them; `experimental` is reachable too, imported on first use.
__all__ = ["AnyWidget", "Widget", "WidgetTrait", "__version__"]


def __getattr__(name: str) -> Any:
    # `anywidget.experimental` and `.export` are imported on first use: most widgets never need them.
    # So is `_file_contents` (psygnal), which packages written for 0.11 reach as an attribute.
    if name in ("experimental", "export", "_file_contents"):
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'anywidget' has no attribute {name!r}")


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    return [{"src": "labextension", "dest": "anywidget"}]


def _jupyter_nbextension_paths() -> list[dict[str, str]]:
    return [
        {
            "section": "notebook",
            "src": "nbextension",
            "dest": "anywidget",
            "require": "anywidget/extension",
        }
    ]


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "anywidget._server"}]


def load_ipython_extension(ipython: object) -> None:
    """`%load_ext anywidget`: adds the `%%vfile NAME` cell magic and `%clear_vfiles`."""
    from ._sources.vfile import register_magic

    register_magic(ipython)
