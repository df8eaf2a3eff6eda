# A Panel app (served by tests/e2e/test_panel.py with `panel serve`): an anywidget counter whose
# Python side answers each click, a Panel button that changes it from Python, and a widget whose
# module fails. ipywidgets_bokeh fetches the anywidget front end from the CDN named by `?cdn=`.
from __future__ import annotations

import panel as pn
import param
import traitlets

import anywidget

pn.extension("ipywidgets")


class Echo(anywidget.AnyWidget):
    _esm = """
    export default {
      render({ model, el }) {
        const button = document.createElement("button");
        button.className = "echo";
        const show = () => { button.textContent = `${model.get("value")}/${model.get("doubled")}`; };
        button.addEventListener("click", () => {
          model.set("value", model.get("value") + 1);
          model.save_changes();
        });
        model.on("change", show);
        show();
        el.appendChild(button);
      },
    };
    """
    _css = ".echo { color: rgb(0, 0, 255); }"
    value = traitlets.Int(1).tag(sync=True)
    doubled = traitlets.Int(0).tag(sync=True)

    @traitlets.observe("value")
    def _double(self, change: dict[str, int]) -> None:
        self.doubled = change["new"] * 2


class Broken(anywidget.AnyWidget):
    _esm = "export default { render() {} ;"


class FromCdn(pn.pane.IPyWidget):
    """The IPyWidget pane with ipywidgets_bokeh's `cdn` property: where widget front ends come from."""

    cdn = param.String(default="https://unpkg.com")


def from_cdn(widget: anywidget.AnyWidget) -> FromCdn:
    arg = pn.state.session_args.get("cdn")
    return FromCdn(widget, cdn=arg[0].decode() if arg else "https://unpkg.com")


echo = Echo()
seen = pn.pane.Str("python saw 1", css_classes=["seen"])
echo.observe(lambda change: setattr(seen, "object", f"python saw {change['new']}"), "value")
set_from_python = pn.widgets.Button(name="set 100 from Python", css_classes=["set-from-python"])
set_from_python.on_click(lambda _event: setattr(echo, "value", 100))

pn.Column(from_cdn(echo), seen, set_from_python, from_cdn(Broken())).servable()
