"""`anywidget.testing.fixtures.widget_page`: a widget's module in headless Chromium, wired to the live widget."""

from __future__ import annotations

import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import traitlets
from playwright.sync_api import expect

from anywidget import AnyWidget
from anywidget.experimental import command
from anywidget.testing.fixtures import anywidget_browser, widget_page
from harness.composition import SCOPED, check_exports_and_scoping

pytestmark = pytest.mark.browser

__all__ = ["anywidget_browser", "widget_page"]


@pytest.fixture(scope="session")
def anywidget_chromium():
    """This suite's Chromium: the e2e tests' E2E_CHROMIUM knob applies here too."""
    return os.environ.get("ANYWIDGET_CHROMIUM") or os.environ.get(
        "E2E_CHROMIUM", "/usr/bin/chromium"
    )


class Counter(AnyWidget):
    _esm = """
    export default {
      render({ model, el, experimental }) {
        const button = document.createElement("button");
        const show = () => { button.textContent = `count is ${model.get("value")}`; };
        button.addEventListener("click", () => {
          model.set("value", model.get("value") + 1);
          model.save_changes();
        });
        model.on("change:value", show);
        show();

        const size = document.createElement("output");
        size.id = "size";
        const showSize = () => { size.textContent = String(model.get("data").byteLength); };
        model.on("change:data", showSize);
        showSize();

        const reply = document.createElement("p");
        reply.id = "reply";
        model.on("msg:custom", (content, buffers) => {
          model.send({ echo: content.text }, undefined, [new Uint8Array([9, 8, 7])]);
          reply.textContent = `${content.text} ${new Uint8Array(buffers[0].buffer)[0]}`;
        });

        const shout = document.createElement("button");
        shout.id = "shout";
        shout.addEventListener("click", async () => {
          const [text, buffers] = await experimental.invoke("shout", "hi", { buffers: [new Uint8Array([1, 2])] });
          shout.textContent = `${text} ${buffers[0].byteLength}`;
        });

        const upload = document.createElement("button");
        upload.id = "upload";
        upload.addEventListener("click", () => {
          model.set("data", new DataView(new Uint8Array([0, 255, 3]).buffer));
          model.save_changes();
        });
        el.append(button, size, reply, shout, upload);
      },
    };
    """
    _css = "button { color: rgb(0, 128, 128); }"
    value = traitlets.Int(0).tag(sync=True)
    data = traitlets.Bytes(b"").tag(sync=True)

    @command
    def shout(self, msg, buffers):
        return msg.upper(), [bytes(b) * 2 for b in buffers]


def test_click_in_the_browser_changes_the_python_widget(widget_page):
    widget = Counter()
    page = widget_page(widget)
    page.locator("button").first.click()
    assert widget.value == 1
    expect(page.locator("button").first).to_have_text("count is 1")
    expect(page.locator("button").first).to_have_css("color", "rgb(0, 128, 128)")


def test_python_changes_reach_the_page(widget_page):
    widget = Counter()
    page = widget_page(widget)
    widget.value = 41
    widget.data = b"\x00" * 5
    expect(page.locator("button").first).to_have_text("count is 41")
    expect(page.locator("#size")).to_have_text("5")


def test_binary_crosses_both_ways_in_state_and_messages(widget_page):
    widget = Counter()
    received = []
    widget.on_msg(
        lambda _, content, buffers: received.append((content, [bytes(b) for b in buffers]))
    )
    page = widget_page(widget)
    page.locator("#upload").click()
    assert widget.data == b"\x00\xff\x03"
    widget.send({"text": "ping"}, buffers=[b"\x2a"])
    expect(page.locator("#reply")).to_have_text("ping 42")
    assert received == [({"echo": "ping"}, [b"\x09\x08\x07"])]


def test_command_called_from_the_page_gets_its_reply(widget_page):
    widget = Counter()
    page = widget_page(widget)
    page.locator("#shout").click()
    expect(page.locator("#shout")).to_have_text("HI 4")


class Broken(AnyWidget):
    _esm = "export default { render() { throw new RangeError('no room'); } };"


def test_a_module_that_fails_to_render_is_a_clear_error(widget_page):
    with pytest.raises(AssertionError, match="Broken failed to render: RangeError: no room"):
        widget_page(Broken())


def test_new_module_from_python_replaces_the_rendered_one(widget_page):
    widget = Counter()
    page = widget_page(widget)
    widget._esm = "export default { render({ el }) { el.textContent = 'second version'; } };"
    expect(page.locator("#widget")).to_have_text("second version")
    expect(page.locator("button")).to_have_count(0)


ATTACK = """async ([origin, url]) => {
  const post = (target, body) =>
    fetch(target, { method: "POST", mode: "no-cors", headers: { "content-type": "text/plain" },
      body: JSON.stringify(body) }).then(() => "sent", (error) => String(error));
  // At the bridge's origin, and at the page's own URL as if its secret had leaked.
  for (const base of [`${origin}/`, url]) {
    await post(`${base}update`, { state: { value: 99 } });
    await post(`${base}invoke`, { name: "shout", msg: "from elsewhere" });
  }
  return fetch(`${url}state`).then((response) => response.text(), () => "blocked");
}"""


class _Elsewhere(BaseHTTPRequestHandler):
    """Serves a blank page: another local origin, as any local web app has."""

    def do_GET(self) -> None:
        body = b"<!doctype html><p>elsewhere</p>"
        self.send_response(200)
        self.send_header("content-type", "text/html")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture
def elsewhere():
    """The URL of a page on another origin of 127.0.0.1."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Elsewhere)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_a_page_on_another_local_origin_cannot_drive_or_read_the_widget(
    widget_page, anywidget_browser, elsewhere
):
    widget = Counter()
    shouted = []
    widget.shout = lambda msg, buffers: shouted.append(msg) or ("", [])
    page = widget_page(widget)
    origin = "/".join(page.url.split("/", 3)[:3])
    attacker = anywidget_browser.new_context()
    try:
        tab = attacker.new_page()
        tab.goto(elsewhere)
        read = tab.evaluate(ATTACK, [origin, page.url])
    finally:
        attacker.close()
    assert read == "blocked"
    assert widget.value == 0
    assert shouted == []
    # The widget's own page still drives it.
    page.locator("button").first.click()
    assert widget.value == 1


def test_exports_and_view_scoped_listeners_as_in_jupyterlab(widget_page):
    names = {}
    exec(SCOPED, names)
    page = widget_page(names["holder"])
    changed = threading.Condition()

    def notify(_):
        with changed:
            changed.notify_all()

    def report_is(expected):
        with changed:
            if not changed.wait_for(lambda: names["scoped"].report == expected, timeout=15):
                raise AssertionError(f"report is {names['scoped'].report!r}, not {expected!r}")

    names["scoped"].observe(notify, "report")
    check_exports_and_scoping(page, lambda code: exec(code, names), report_is)


SHOWS_SLIDER = """
class ShowsChild(anywidget.AnyWidget):
    _esm = '''
    export default {
      async render({ model, el, host }) {
        await (await host.getWidget(model.get("child"))).render({ el });
      },
    };
    '''
    child = traitlets.Instance(ipywidgets.Widget).tag(sync=True, **ipywidgets.widget_serialization)

shows_slider = ShowsChild(child=ipywidgets.IntSlider(value=4))
"""


def test_the_test_page_names_the_child_it_cannot_show(widget_page):
    names = {}
    exec(SCOPED + SHOWS_SLIDER, names)
    expected = "IntSliderView: the anywidget test page shows anywidget widgets only"
    with pytest.raises(AssertionError, match=expected):
        widget_page(names["shows_slider"])
