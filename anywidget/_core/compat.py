"""What differs between the ipywidgets (7.6 to 8) and ipykernel releases the kernel side runs beside."""

from __future__ import annotations

import sys
from typing import Any, Callable

import comm
import ipywidgets

# The first ipykernel that creates comms through the `comm` package (`comm.create_comm`).
_COMM_PACKAGE_KERNEL = (6, 18)


def open_widgets() -> dict[str, Any]:
    """The open widgets by model id: a module global in ipywidgets 8, a class attribute in 7."""
    module = ipywidgets.widgets.widget
    instances: dict[str, Any] | None = getattr(module, "_instances", None)
    if instances is None:
        instances = module.Widget.widgets
    return instances


def create_comm(**kwargs: Any) -> Any:
    """Opens a comm to the front end the way ipywidgets opens its widgets' comms.

    An ipykernel older than 6.18 (Colab's, JupyterLite's stand-in) never sees comms made by
    `comm.create_comm`: there, as ipywidgets does (`ipywidgets/comm.py`), the comm is ipykernel's.
    """
    if _kernel_predates_comm_package():
        from ipykernel.comm import Comm

        kernel_comm: Callable[..., Any] = Comm  # unannotated in ipykernel
        return kernel_comm(**kwargs)
    # Looked up at each call: ipykernel (or a test) installs its comm factory there.
    return comm.create_comm(**kwargs)


def _kernel_predates_comm_package() -> bool:
    kernel = sys.modules.get("ipykernel")
    if kernel is None:
        return False
    version = tuple(getattr(kernel, "version_info", ()))[:2]
    return version < _COMM_PACKAGE_KERNEL
