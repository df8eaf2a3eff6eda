# ruff: noqa: B018, I001 -- marimo cells end on the value they show
# A marimo app (run by tests/e2e/test_marimo.py): an anywidget counter wrapped in
# mo.ui.anywidget (Python doubles each value it gets, for the page to show), and a cell that
# depends on the counter's value.
import marimo

app = marimo.App()


@app.cell
def _():
    import anywidget
    import marimo as mo
    import traitlets

    class Counter(anywidget.AnyWidget):
        _esm = """
        export default {
          render({ model, el }) {
            const button = document.createElement("button");
            button.className = "marimo-counter";
            const doubled = document.createElement("span");
            doubled.className = "marimo-doubled";
            const show = () => { button.textContent = `clicked ${model.get("value")}`; };
            const showDoubled = () => { doubled.textContent = `doubled ${model.get("doubled")}`; };
            button.addEventListener("click", () => {
              model.set("value", model.get("value") + 1);
              model.save_changes();
            });
            model.on("change:value", show);
            model.on("change:doubled", showDoubled);
            show();
            showDoubled();
            el.append(button, doubled);
          },
        };
        """
        _css = ".marimo-counter { color: rgb(0, 128, 0); }"
        value = traitlets.Int(0).tag(sync=True)
        doubled = traitlets.Int(0).tag(sync=True)

        # Set in Python, in answer to the page: what reaches the page from the kernel.
        @traitlets.observe("value")
        def _double(self, change):
            self.doubled = change["new"] * 2

    counter = mo.ui.anywidget(Counter(value=2))
    counter
    return (counter, mo)


@app.cell
def _(counter, mo):
    mo.md(f"<span class='observed'>observed {counter.value['value']}</span>")
    return


if __name__ == "__main__":
    app.run()
