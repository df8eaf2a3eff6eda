"""The trust rule for exports: a notebook's saved widget code goes into a page only if Jupyter trusts it.

Jupyter trusts a notebook whose signature (an HMAC of its saved form, keyed by this machine's
secret) is in the notebook signature store, as after the user saved it or ran `jupyter trust`.
Front ends run no saved widget code from an untrusted notebook; an export of one does the same:
each anywidget's module and stylesheet are replaced by a notice, and module texts are emptied.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from .._wire.protocol import CSS_KEY, ESM_KEY, MODULE_SOURCE_KEY, WIDGET_STATE_MIMETYPE

# What an anywidget model shows in place of the code left out (it names the widget's class).
NOTICE_ESM = """\
export default {
  render({ model, el }) {
    el.className = "anywidget-code-left-out";
    el.textContent = `${model.get("_anywidget_id") || "This widget"}: its code was left out of this \
page because the notebook was not trusted when it was exported. Trust the notebook (in Jupyter, or \
with \\`jupyter trust NOTEBOOK\\`) and export it again, or export it with --trust.`;
  },
};
"""
_CODE_KEYS = {ESM_KEY: NOTICE_ESM, CSS_KEY: ""}
# A module model (see anywidget._core.modules) is a plain base WidgetModel holding the text.
_MODULE_MODEL = ("@jupyter-widgets/base", "WidgetModel")
_MODULE_TEXT_KEY = MODULE_SOURCE_KEY
# Keys nbformat adds on reading or marks on cells; a signature covers the notebook without them.
_TRANSIENT_KEYS = ("signature", "orig_nbformat", "orig_nbformat_minor")


def is_trusted(nb: Any, config: Any = None) -> bool:
    """Whether Jupyter trusts `nb` on this machine (its signature is in the signature store).

    `config` is the traitlets configuration of the process (a Jupyter server's, for example), so
    the same store is consulted. Nothing is written: with no key or store yet, nothing is trusted.
    """
    from nbformat import NotebookNode
    from nbformat.sign import MemorySignatureStore, NotebookNotary

    # nbformat is untyped.
    node: Any = NotebookNode
    notary_class: Any = NotebookNotary
    configured = config.get("NotebookNotary", {}) if config is not None else {}
    options = _store_location(configured)
    probe = notary_class(config=config, store_factory=MemorySignatureStore, **options)
    # Making a notary with no key writes one, and opening a missing store creates it.
    if "secret" not in configured and not Path(probe.secret_file or "").is_file():
        return False
    if "store_factory" not in configured and not (
        probe.db_file == ":memory:" or Path(probe.db_file).is_file()
    ):
        return False
    saved = node(nb)
    saved["metadata"] = {k: v for k, v in nb["metadata"].items() if k not in _TRANSIENT_KEYS}
    saved["cells"] = [_without_trusted_mark(cell) for cell in nb["cells"]]
    with notary_class(config=config, **options) as notary:
        return bool(notary.check_signature(saved))


def _store_location(configured: Any) -> dict[str, str]:
    # The running Jupyter application's data directory (the notary's default), or, outside one,
    # the same directory found without starting an application (which would create it).
    if "data_dir" in configured:
        return {}
    from jupyter_core.application import JupyterApp

    if JupyterApp.initialized():
        return {}
    from jupyter_core.paths import jupyter_data_dir

    return {"data_dir": jupyter_data_dir()}


def _without_trusted_mark(cell: Any) -> Any:
    # The server marks each code cell it read with `trusted`; the saved form has no such key.
    if "trusted" not in cell.get("metadata", {}):
        return cell
    metadata = {k: v for k, v in cell["metadata"].items() if k != "trusted"}
    return {**cell, "metadata": metadata}


def without_widget_code(nb: Any) -> tuple[Any, int]:
    """`nb` (a copy; the original is left as is) whose saved widget state runs no saved code, and
    how many anywidget models had theirs taken out."""
    state = nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE_MIMETYPE)
    if not isinstance(state, dict) or not isinstance(state.get("state"), dict):
        return nb, 0
    models: dict[str, Any] = {}
    left_out = 0
    for model_id, model in state["state"].items():
        cleaned, changed = _model_without_code(model)
        models[model_id] = cleaned
        left_out += changed
    result = copy.copy(nb)
    result["metadata"] = copy.copy(nb["metadata"])
    result["metadata"]["widgets"] = {
        **nb["metadata"]["widgets"],
        WIDGET_STATE_MIMETYPE: {**state, "state": models},
    }
    return result, left_out


def _model_without_code(model: Any) -> tuple[Any, bool]:
    if not isinstance(model, dict) or not isinstance(model.get("state"), dict):
        return model, False
    kind = (model.get("model_module"), model.get("model_name"))
    if model.get("model_module") == "anywidget":
        replaced = _CODE_KEYS
    elif kind == _MODULE_MODEL and _MODULE_TEXT_KEY in model["state"]:
        replaced = {_MODULE_TEXT_KEY: ""}
    else:
        return model, False
    buffers = model.get("buffers")
    cleaned = {**model, "state": {**model["state"], **replaced}}
    if isinstance(buffers, list):
        # A buffer at a code key would take the place of the text set here.
        cleaned["buffers"] = [b for b in buffers if not _lands_on(b, replaced)]
    return cleaned, model.get("model_module") == "anywidget"


def _lands_on(buffer: Any, keys: dict[str, str]) -> bool:
    path = buffer.get("path") if isinstance(buffer, dict) else None
    return not isinstance(path, list) or not path or path[0] in keys
