"""The server extension: kernel websockets send without Nagle's delay, and it can be switched off."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from harness.notebook_page import NotebookPage
from harness.servers import FRONTENDS, JupyterServer
from harness.sockets import connections_on_port

from .conftest import write_notebook

ROUND_TRIP = (
    "import anywidget, traitlets\n"
    "class Echo(anywidget.AnyWidget):\n"
    "    _esm = '''export default { render({ model, el }) {\n"
    "      const show = () => { el.innerHTML = `<button class=echo>${model.get('answer')}</button>`; };\n"
    "      model.on('change:answer', show); show();\n"
    "      el.addEventListener('click', () => { model.set('question', model.get('question') + 1); model.save_changes(); });\n"
    "    } };'''\n"
    "    question = traitlets.Int(0).tag(sync=True)\n"
    "    answer = traitlets.Unicode('ask').tag(sync=True)\n"
    "    @traitlets.observe('question')\n"
    "    def _answer(self, change):\n"
    "        self.answer = f'answer {change.new}'\n"
    "e = Echo()"
)


def round_trip_then_sockets(
    browser: Browser, server: JupyterServer, artifacts: Path
) -> list[dict[str, object]]:
    """Clicks an echo widget three times (page -> kernel -> page), then reads the server's connections."""
    write_notebook(server.root_dir / "echo.ipynb")
    context = browser.new_context()
    try:
        page = NotebookPage(context.new_page(), server, artifacts)
        page.open("echo.ipynb")
        page.run(ROUND_TRIP)
        button = page.output(page.run("e")).locator("button.echo")
        for n in (1, 2, 3):
            button.click()
            expect(button).to_have_text(f"answer {n}")
        # The page is still connected: its kernel websocket is among these.
        return connections_on_port(server.pid, server.port)
    finally:
        context.close()
        server.shutdown_sessions_for("echo.ipynb")


@pytest.mark.parametrize("ui", FRONTENDS)
def test_kernel_websockets_send_without_delay(
    browser: Browser, tmp_path: Path, artifacts_dir: Path, ui: str
) -> None:
    with JupyterServer(ui, workdir=tmp_path / "server") as server:
        connections = round_trip_then_sockets(browser, server, artifacts_dir)
        assert "anywidget: kernel websockets send without delay" in server.log_path.read_text()
    assert [c for c in connections if c["nodelay"]], connections


def test_switched_off_the_server_behaves_as_stock(
    browser: Browser, tmp_path: Path, artifacts_dir: Path
) -> None:
    # The user's config dir ranks above the environment's (as outside a virtualenv).
    server = JupyterServer("lab", workdir=tmp_path / "server", env={"JUPYTER_PREFER_ENV_PATH": "0"})
    # What `jupyter server extension disable anywidget` writes, in the user's config dir (run
    # here, the command would write to the environment's, which the other tests share).
    switch = server.workdir / "config" / "jupyter_server_config.d" / "anywidget.json"
    switch.parent.mkdir(parents=True)
    switch.write_text(json.dumps({"ServerApp": {"jpserver_extensions": {"anywidget": False}}}))
    listing = re.sub(r"\x1b\[[0-9;]*m", "", server.jupyter("server", "extension", "list"))
    assert re.search(
        rf"Config dir: {re.escape(str(switch.parent.parent))}\n\s+anywidget disabled", listing
    ), listing
    with server:
        connections = round_trip_then_sockets(browser, server, artifacts_dir)
        assert "anywidget: kernel websockets" not in server.log_path.read_text()
    assert connections, "the page's connections should be open"
    assert not [c for c in connections if c["nodelay"]], connections
