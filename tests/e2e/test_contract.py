"""The widget contract in JupyterLab: module forms, lifecycles, messages, binary data, children, saved state."""

from __future__ import annotations

import nbformat
import pytest
from playwright.sync_api import expect

from harness.notebook_page import NotebookPage
from harness.saved_state import saved_widget_notebook

pytestmark = pytest.mark.parametrize("frontend", ["lab"], indirect=True)

FORMS = {
    "object": "export default { render({ el }) { el.innerHTML = '<b class=form>object</b>'; } };",
    "factory": "export default () => ({ render({ el }) { el.innerHTML = '<b class=form>factory</b>'; } });",
    "async_factory": (
        "export default async () => { await Promise.resolve();"
        " return { render({ el }) { el.innerHTML = '<b class=form>async_factory</b>'; } }; };"
    ),
    "legacy": "export function render({ el }) { el.innerHTML = '<b class=form>legacy</b>'; }",
}


@pytest.mark.parametrize("form", FORMS)
def test_each_module_form_renders(notebook: NotebookPage, form: str) -> None:
    notebook.run(f"import anywidget\nclass W(anywidget.AnyWidget):\n    _esm = {FORMS[form]!r}")
    expect(notebook.output(notebook.run("W()")).locator("b.form")).to_have_text(form)


def test_module_without_usable_export_shows_a_clear_error(notebook: NotebookPage) -> None:
    notebook.run(
        "import anywidget\nclass W(anywidget.AnyWidget):\n    _esm = 'export const x = 1;'"
    )
    panel = notebook.output(notebook.run("W()")).locator(".anywidget-error")
    expect(panel).to_contain_text("failed to load")
    expect(panel).to_contain_text("no default export")


def test_widget_without_esm_tells_the_author_to_define_one(notebook: NotebookPage) -> None:
    out = notebook.output(notebook.run("import anywidget\nanywidget.AnyWidget()"))
    expect(out).to_contain_text("give its class an `_esm`")


LIFECYCLE = """
import anywidget, traitlets
class Traced(anywidget.AnyWidget):
    _esm = '''
    export default {
      initialize({ model }) {
        (window.__trace ??= []).push("initialize");
        return () => window.__trace.push("initialize cleanup");
      },
      render({ model, el, signal }) {
        window.__trace.push("render");
        const show = () => { el.textContent = "value " + model.get("value"); };
        model.on("change:value", show);
        show();
        el.addEventListener("click", () => { model.set("value", model.get("value") + 1); model.save_changes(); });
        signal.addEventListener("abort", () => window.__trace.push("render aborted"));
        return () => window.__trace.push("render cleanup");
      },
    };
    '''
    value = traitlets.Int(0).tag(sync=True)
t = Traced()
"""


def trace(notebook: NotebookPage) -> list[str]:
    return list(notebook.page.evaluate("() => window.__trace ?? []"))


def test_rerunning_a_cell_runs_the_view_cleanup(notebook: NotebookPage) -> None:
    notebook.run(LIFECYCLE)
    index = notebook.run("t")
    expect(notebook.output(index)).to_contain_text("value 0")
    assert trace(notebook) == ["initialize", "render"]
    notebook.rerun(index)
    expect(notebook.output(index)).to_contain_text("value 0")
    notebook.page.wait_for_function("() => window.__trace.length >= 5")
    assert trace(notebook) == ["initialize", "render", "render aborted", "render cleanup", "render"]


def test_closing_the_widget_runs_every_cleanup(notebook: NotebookPage) -> None:
    notebook.run(LIFECYCLE)
    expect(notebook.output(notebook.run("t"))).to_contain_text("value 0")
    notebook.run("t.close()")
    notebook.page.wait_for_function("() => window.__trace.includes('initialize cleanup')")
    assert trace(notebook)[2:] == ["render aborted", "render cleanup", "initialize cleanup"]


def test_two_views_of_one_model_stay_in_sync(notebook: NotebookPage) -> None:
    notebook.run(LIFECYCLE)
    first = notebook.output(notebook.run("t"))
    second = notebook.output(notebook.run("t"))
    expect(second).to_contain_text("value 0")
    first.get_by_text("value 0").click()
    expect(first).to_contain_text("value 1")
    expect(second).to_contain_text("value 1")
    assert notebook.read_until("print(t.value)", "1") == "1"
    notebook.run("t.value = 5")
    expect(first).to_contain_text("value 5")
    expect(second).to_contain_text("value 5")


MESSAGES = """
import anywidget, traitlets
class Echo(anywidget.AnyWidget):
    _esm = '''
    export default {
      render({ model, el }) {
        el.textContent = "ready";
        model.on("msg:custom", (content, buffers) => {
          window.__got = {
            content,
            kinds: buffers.map((b) => b.constructor.name),
            sizes: buffers.map((b) => b.byteLength),
            heads: buffers.map((b) => (b.byteLength ? b.getUint8(0) : null)),
            tails: buffers.map((b) => (b.byteLength ? b.getUint8(b.byteLength - 1) : null)),
          };
          const whole = new Uint8Array(1 << 20).map((_, i) => i % 251);
          model.send({ echo: content.n }, undefined, [
            new Uint8Array(0), new Uint8Array([42]), whole, whole.subarray(3, 6), new DataView(whole.buffer, 10, 2),
          ]);
        });
      },
    };
    '''
received = []
e = Echo()
e.on_msg(lambda widget, content, buffers: received.append((content, [bytes(b) for b in buffers])))
"""


def test_custom_messages_both_ways_with_buffers(notebook: NotebookPage) -> None:
    notebook.run(MESSAGES)
    expect(notebook.output(notebook.run("e"))).to_contain_text("ready")
    notebook.run(
        "big = bytes(i % 251 for i in range(1 << 20))\n"
        "e.send({'n': 7}, buffers=[b'', b'\\x01', big, memoryview(big)[10:20]])"
    )
    notebook.page.wait_for_function("() => window.__got !== undefined")
    got = notebook.page.evaluate("() => window.__got")
    assert got["content"] == {"n": 7}
    assert got["kinds"] == ["DataView"] * 4
    assert got["sizes"] == [0, 1, 1 << 20, 10]
    assert got["heads"] == [None, 1, 0, 10]
    assert got["tails"] == [None, 1, ((1 << 20) - 1) % 251, 19]
    summary = "print([(c, [len(b) for b in bs], [b[:3].hex() for b in bs]) for c, bs in received])"
    expected = "[({'echo': 7}, [0, 1, 1048576, 3, 2], ['', '2a', '000102', '030405', '0a0b'])]"
    assert notebook.read_until(summary, expected) == expected


def test_messages_sent_while_the_module_loads_arrive_in_order(notebook: NotebookPage) -> None:
    notebook.run(
        "import anywidget, traitlets\n"
        "class Slow(anywidget.AnyWidget):\n"
        "    _esm = '''export default async () => {\n"
        "      await new Promise((resolve) => setTimeout(resolve, 500));\n"
        "      return { initialize({ model }) { model.on('msg:custom', (c) => {\n"
        "        model.set('seen', [...model.get('seen'), c.i]); model.save_changes(); }); } };\n"
        "    };'''\n"
        "    seen = traitlets.List([]).tag(sync=True)"
    )
    notebook.run(
        "from IPython.display import display\ns = Slow()\ndisplay(s)\nfor i in range(5): s.send({'i': i})"
    )
    assert notebook.read_until("print(s.seen)", "[0, 1, 2, 3, 4]") == "[0, 1, 2, 3, 4]"


def test_binary_traits_both_ways_including_slices(notebook: NotebookPage) -> None:
    notebook.run(
        "import anywidget, traitlets\n"
        "class Bin(anywidget.AnyWidget):\n"
        "    _esm = '''export default { render({ model, el }) {\n"
        "      const d = model.get('data');\n"
        "      el.textContent = d.constructor.name + ' ' + d.byteLength + ' ' + d.getUint8(1);\n"
        "      el.addEventListener('click', () => {\n"
        "        const whole = new Uint8Array([9, 8, 7, 6, 5]);\n"
        "        model.set('data', whole.subarray(1, 4)); model.save_changes(); });\n"
        "    } };'''\n"
        "    data = traitlets.Bytes(b'\\x00\\x05\\x06').tag(sync=True)\n"
        "b = Bin()"
    )
    out = notebook.output(notebook.run("b"))
    expect(out).to_contain_text("DataView 3 5")
    out.get_by_text("DataView 3 5").click()
    assert notebook.read_until("print(type(b.data).__name__, b.data.hex())", "bytes 080706")


def test_parent_renders_a_child_widget(notebook: NotebookPage) -> None:
    notebook.run(LIFECYCLE)
    notebook.run(
        "import ipywidgets\n"
        "class Parent(anywidget.AnyWidget):\n"
        "    _esm = '''export default { async render({ model, el, host }) {\n"
        "      el.innerHTML = '<p class=parent>parent</p>';\n"
        "      for (const ref of model.get('children')) {\n"
        "        const slot = document.createElement('div'); slot.className = 'slot'; el.appendChild(slot);\n"
        "        await (await host.getWidget(ref)).render({ el: slot });\n"
        "      }\n"
        "    } };'''\n"
        "    children = traitlets.List().tag(sync=True)\n"
        "slider = ipywidgets.IntSlider(value=4)\n"
        "p = Parent(children=[t, slider])"
    )
    out = notebook.output(notebook.run("p"))
    expect(out.locator(".parent")).to_have_text("parent")
    slots = out.locator(".slot")
    expect(slots.nth(0)).to_contain_text("value 0")
    expect(slots.nth(1).locator(".widget-readout")).to_have_text("4")
    slots.nth(0).get_by_text("value 0").click()
    assert notebook.read_until("print(t.value)", "1") == "1"


def test_esm_and_css_from_urls(notebook: NotebookPage) -> None:
    root = notebook.server.root_dir
    (root / "remote.js").write_text(
        "export default { render({ el }) { el.innerHTML = '<span class=remote>from url</span>'; } };"
    )
    (root / "remote.css").write_text(".remote { color: rgb(0, 128, 0); }")
    base = notebook.server.base_url
    notebook.run(
        "import anywidget\n"
        "class Remote(anywidget.AnyWidget):\n"
        f"    _esm = {base + 'files/remote.js'!r}\n"
        f"    _css = {base + 'files/remote.css'!r}"
    )
    span = notebook.output(notebook.run("Remote()")).locator(".remote")
    expect(span).to_have_text("from url")
    expect(span).to_have_css("color", "rgb(0, 128, 0)")


SAVED_ESM = (
    "export default { render({ model, el }) {"
    " el.innerHTML = `<i class=saved>saved ${model.get('value')}</i>`; } };"
)


@pytest.mark.parametrize("version", ["~0.9.*", "~0.11.*", "~0.12.*"])
def test_saved_widget_state_renders_when_reopened(notebook: NotebookPage, version: str) -> None:
    nb = saved_widget_notebook(
        "0123456789abcdef0123456789abcdef", {"_esm": SAVED_ESM, "value": 12}, version
    )
    name = f"saved-{version.strip('~.*').replace('.', '_')}.ipynb"
    nbformat.write(nb, str(notebook.server.root_dir / name))
    notebook.server.trust(name)
    try:
        notebook.open(name)
        # Scoped to this notebook: Lab's workspace may reopen earlier tests' notebooks beside it.
        expect(notebook.output(0).locator("i.saved")).to_have_text("saved 12")
    finally:
        notebook.server.shutdown_sessions_for(name)
