"""Large binary data both ways on a stock server, whose websockets refuse messages over 10 MiB."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from harness.notebook_page import NotebookPage

MB = 2**20

# Each 4-byte word holds its own index, so a missing, repeated or misplaced chunk shows.
WORDS_JS = "(n) => { const w = new Uint32Array(n / 4); for (let i = 0; i < w.length; i++) w[i] = i; return w; }"
WORDS_PY = "import array\ndef words(n): return array.array('I', range(n // 4)).tobytes()"


def test_a_50_mb_upload_from_the_page_arrives_byte_exact(notebook: NotebookPage) -> None:
    notebook.run(
        WORDS_PY + "\n"
        "import anywidget, traitlets\n"
        f"EXPECTED = words({50 * MB})\n"
        "class Upload(anywidget.AnyWidget):\n"
        "    _esm = '''export default { render({ model, el }) {\n"
        f"      const words = {WORDS_JS};\n"
        "      const show = () => { el.innerHTML = `<button class=up>${model.get('verdict')}</button>`; };\n"
        "      model.on('change:verdict', show); show();\n"
        "      el.addEventListener('click', () => {\n"
        f"        model.set('data', words({50 * MB})); model.save_changes(); }});\n"
        "    } };'''\n"
        "    data = traitlets.Bytes(b'').tag(sync=True)\n"
        "    verdict = traitlets.Unicode('upload').tag(sync=True)\n"
        "    @traitlets.observe('data')\n"
        "    def _check(self, change):\n"
        "        self.verdict = f'{len(change.new)} bytes, exact: {change.new == EXPECTED}'\n"
        "w = Upload()"
    )
    button = notebook.output(notebook.run("w")).locator("button.up")
    button.click()
    expect(button).to_have_text(f"{50 * MB} bytes, exact: True", timeout=90_000)


@pytest.mark.parametrize("frontend", ["lab"], indirect=True)
def test_a_large_custom_message_arrives_whole_and_before_later_ones(notebook: NotebookPage) -> None:
    notebook.run(
        WORDS_PY + "\n"
        "import anywidget, traitlets\n"
        "class Sender(anywidget.AnyWidget):\n"
        "    _esm = '''export default { render({ model, el }) {\n"
        f"      const words = {WORDS_JS};\n"
        "      const show = () => { el.innerHTML = `<button class=send>${model.get('log').join(' | ') || 'send'}</button>`; };\n"
        "      model.on('change:log', show); show();\n"
        "      el.addEventListener('click', () => {\n"
        f"        model.send({{ kind: 'big' }}, undefined, [words({30 * MB}), new Uint8Array([1, 2, 3])]);\n"
        "        model.send({ kind: 'small' });\n"
        "      });\n"
        "    } };'''\n"
        "    log = traitlets.List().tag(sync=True)\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.on_msg(self._got)\n"
        "    def _got(self, _, content, buffers):\n"
        f"        exact = [bytes(b) for b in buffers] == ([words({30 * MB}), bytes([1, 2, 3])] if buffers else [])\n"
        "        self.log = [*self.log, f\"{content['kind']} {len(buffers)} {exact}\"]\n"
        "s = Sender()"
    )
    button = notebook.output(notebook.run("s")).locator("button.send")
    button.click()
    expect(button).to_have_text("big 2 True | small 0 True", timeout=90_000)


@pytest.mark.parametrize("frontend", ["lab"], indirect=True)
def test_a_60_mb_trait_from_python_arrives_as_binary(notebook: NotebookPage) -> None:
    notebook.run(
        WORDS_PY + "\n"
        "import anywidget, traitlets\n"
        "class Download(anywidget.AnyWidget):\n"
        "    _esm = '''export default { render({ model, el }) {\n"
        "      const show = () => {\n"
        "        const d = model.get('data');\n"
        "        const words = new Uint32Array(d.buffer, d.byteOffset, d.byteLength / 4);\n"
        "        let exact = true;\n"
        "        for (let i = 0; i < words.length; i++) if (words[i] !== i) { exact = false; break; }\n"
        "        el.innerHTML = `<b class=down>${d.constructor.name} ${d.byteLength} ${exact}</b>`;\n"
        "      };\n"
        "      model.on('change:data', show); show();\n"
        "    } };'''\n"
        "    data = traitlets.Bytes(b'').tag(sync=True)\n"
        "d = Download()"
    )
    out = notebook.output(notebook.run("d"))
    expect(out.locator("b.down")).to_have_text("DataView 0 true")
    notebook.run(f"d.data = words({60 * MB})")
    expect(out.locator("b.down")).to_have_text(f"DataView {60 * MB} true", timeout=60_000)


@pytest.mark.parametrize("frontend", ["lab"], indirect=True)
def test_an_upload_the_kernel_never_gets_fails_loudly_in_the_page(notebook: NotebookPage) -> None:
    notebook.run(
        "import anywidget, os\n"
        "class Doomed(anywidget.AnyWidget):\n"
        "    _esm = '''export default { render({ model, el }) {\n"
        "      el.innerHTML = '<button class=doomed>send</button>';\n"
        "      const button = el.querySelector('button');\n"
        "      button.addEventListener('click', () => {\n"
        f"        model.send({{}}, undefined, [new Uint8Array({40 * MB})]).then(\n"
        "          () => { button.textContent = 'delivered'; },\n"
        "          (error) => { button.textContent = 'failed: ' + error.message; });\n"
        "      });\n"
        "    } };'''\n"
        "    def _handle_msg(self, msg):\n"
        "        # The kernel dies as the first chunk arrives.\n"
        "        os._exit(1)\n"
        "x = Doomed()"
    )
    button = notebook.output(notebook.run("x")).locator("button.doomed")
    button.click()
    expect(button).to_have_text(
        "failed: the kernel connection ended before the message arrived", timeout=90_000
    )


@pytest.mark.parametrize("frontend", ["lab"], indirect=True)
def test_a_200_mb_upload_lets_other_widgets_talk_meanwhile(notebook: NotebookPage) -> None:
    notebook.run(
        WORDS_PY + "\n"
        "import anywidget, traitlets\n"
        f"EXPECTED = words({200 * MB})\n"
        "class Upload(anywidget.AnyWidget):\n"
        "    _esm = '''export default { render({ model, el }) {\n"
        f"      const words = {WORDS_JS};\n"
        "      el.innerHTML = '<button class=up>upload</button>';\n"
        "      model.on('change:verdict', () => {\n"
        "        (window.__done ??= []).push('upload'); el.firstChild.textContent = model.get('verdict'); });\n"
        "      el.addEventListener('click', () => {\n"
        f"        model.set('data', words({200 * MB})); model.save_changes(); }});\n"
        "    } };'''\n"
        "    data = traitlets.Bytes(b'').tag(sync=True)\n"
        "    verdict = traitlets.Unicode('').tag(sync=True)\n"
        "    @traitlets.observe('data')\n"
        "    def _check(self, change):\n"
        "        self.verdict = f'{len(change.new)} bytes, exact: {change.new == EXPECTED}'\n"
        "class Echo(anywidget.AnyWidget):\n"
        "    _esm = '''export default { render({ model, el }) {\n"
        "      el.innerHTML = '<button class=echo>ask</button>';\n"
        "      model.on('change:answer', () => {\n"
        "        (window.__done ??= []).push('echo'); el.firstChild.textContent = model.get('answer'); });\n"
        "      el.addEventListener('click', () => { model.set('question', 1); model.save_changes(); });\n"
        "    } };'''\n"
        "    question = traitlets.Int(0).tag(sync=True)\n"
        "    answer = traitlets.Unicode('').tag(sync=True)\n"
        "    @traitlets.observe('question')\n"
        "    def _answer(self, change):\n"
        "        self.answer = 'answered'\n"
        "up, echo = Upload(), Echo()"
    )
    upload = notebook.output(notebook.run("up")).locator("button.up")
    echo = notebook.output(notebook.run("echo")).locator("button.echo")
    upload.click()
    echo.click()
    expect(upload).to_have_text(f"{200 * MB} bytes, exact: True", timeout=120_000)
    expect(echo).to_have_text("answered")
    # The echo went between the upload's chunks instead of waiting for all of them.
    assert notebook.page.evaluate("() => window.__done") == ["echo", "upload"]
