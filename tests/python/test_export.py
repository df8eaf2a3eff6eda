"""anywidget.export: offline HTML from live widgets and saved notebooks, and the npm package's version."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
from pathlib import Path

import ipywidgets
import nbformat
import pytest
import traitlets

import anywidget
from anywidget._core.modules import referenced_id
from anywidget.export import (
    MissingAssetsError,
    NotANotebookError,
    SameFileError,
    export_notebook,
    to_html,
)
from anywidget.export._assets import load_assets
from anywidget.export._cli import main as cli
from anywidget.export._escape import inline_js, inline_json
from anywidget.export._nbconvert import OfflineHTMLExporter
from anywidget.export._trust import NOTICE_ESM, is_trusted

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = re.compile(r"<script([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)


TRICKY_ESM = "// </script><script>window.broken = 1</script>\nexport default { render() {} };"


class Tricky(anywidget.AnyWidget):
    _esm = TRICKY_ESM
    text = traitlets.Unicode("</script><b>not markup</b><!--").tag(sync=True)
    blob = traitlets.Bytes(b"\x00\x01\xfe\xff").tag(sync=True)


def scripts(page: str) -> list[tuple[str, str]]:
    return SCRIPT.findall(page)


def test_npm_package_version_is_the_python_package_version():
    package = json.loads((ROOT / "package.json").read_text())
    protocol = (ROOT / "js" / "contract" / "protocol.ts").read_text()
    assert package["name"] == "anywidget"
    assert package["version"] == anywidget.__version__
    assert f'MODULE_VERSION = "{anywidget.__version__}"' in protocol


def test_npm_package_ships_the_amd_module_html_manager_loads():
    package = json.loads((ROOT / "package.json").read_text())
    assert "dist/" in package["files"]
    assert package["exports"]["./dist/*"] == "./dist/*"
    assert "private" not in package


def test_inline_js_cannot_end_the_script_element():
    source = 'const s = "</script>"; const t = `</SCRIPT >`; /* <!-- */'
    escaped = inline_js(source)
    assert "</script" not in escaped.lower()
    assert "<!--" not in escaped
    assert escaped == 'const s = "<\\/script>"; const t = `<\\/SCRIPT >`; /* <\\!-- */'


def test_inline_js_drops_source_map_comments():
    assert "sourceMappingURL" not in inline_js("var a = 1;\n//# sourceMappingURL=a.js.map\n")


def test_inline_json_round_trips_and_cannot_end_the_script_element():
    value = {"esm": "</script><!-- & > \u2028", "n": [1, 2.5, None, True]}
    text = inline_json(value)
    assert "</" not in text
    assert "<!--" not in text
    assert json.loads(text) == value


def test_to_html_inlines_state_views_and_scripts(tmp_path, comms):
    widget = Tricky()
    slider = ipywidgets.IntSlider(7)
    page = to_html([widget, slider], tmp_path / "out.html", title="A & B").read_text()
    found = scripts(page)
    # RequireJS, anywidget, html-manager, one view per widget, the state: nothing else, no src.
    assert len(found) == 6
    assert all("src=" not in attrs for attrs, _ in found)
    assert "<title>A &amp; B</title>" in page
    views = [json.loads(body) for attrs, body in found if "widget-view+json" in attrs]
    assert [view["model_id"] for view in views] == [widget.model_id, slider.model_id]
    (state_text,) = [body for attrs, body in found if "widget-state+json" in attrs]
    state = json.loads(state_text)["state"]
    saved = state[widget.model_id]
    assert saved["model_module"] == "anywidget"
    assert saved["state"]["text"] == Tricky.text.default_value
    # The module travels once, as its own model, which the widget's state refers to.
    module_id = referenced_id(saved["state"]["_esm"])
    assert state[module_id]["state"]["source"] == TRICKY_ESM
    (buffer,) = saved["buffers"]
    assert buffer["path"] == ["blob"]
    assert base64.b64decode(buffer["data"]) == b"\x00\x01\xfe\xff"
    # The slider's layout and style models come along.
    assert state[slider.model_id]["state"]["value"] == 7
    assert len(state) >= 4


def test_to_html_takes_a_single_widget(tmp_path, comms):
    page = to_html(ipywidgets.Button(description="go"), tmp_path / "one.html").read_text()
    assert sum("widget-view+json" in attrs for attrs, _ in scripts(page)) == 1


def test_to_html_refuses_what_is_not_a_widget(tmp_path, comms):
    with pytest.raises(TypeError, match="not str"):
        to_html(["counter"], tmp_path / "x.html")
    with pytest.raises(ValueError, match="at least one widget"):
        to_html([], tmp_path / "x.html")


def test_missing_front_end_files_say_how_to_get_them(tmp_path):
    with pytest.raises(MissingAssetsError, match="npm run build:dist"):
        load_assets(tmp_path)


def saved_notebook(path: Path, with_state: bool = True, label: str = "") -> Path:
    nb = nbformat.v4.new_notebook()
    if with_state:
        nb.metadata["widgets"] = {
            "application/vnd.jupyter.widget-state+json": {
                "version_major": 2,
                "version_minor": 0,
                "state": {
                    "m1": {
                        "model_name": "AnyModel",
                        "model_module": "anywidget",
                        "model_module_version": "~0.12.*",
                        "state": {
                            "_esm": "export default {}; // </script>",
                            "value": 1,
                            "label": label,
                        },
                    }
                },
            }
        }
    view = {"version_major": 2, "version_minor": 0, "model_id": "m1"}
    data = {"application/vnd.jupyter.widget-view+json": view, "text/plain": "Counter()"}
    nb.cells.append(
        nbformat.v4.new_code_cell("c", outputs=[nbformat.v4.new_output("display_data", data=data)])
    )
    nbformat.write(nb, str(path))
    return path


def test_export_notebook_inlines_everything_and_fetches_nothing(tmp_path):
    notebook = saved_notebook(tmp_path / "nb.ipynb")
    page = export_notebook(notebook, tmp_path / "nb.html", trust=True).read_text()
    found = scripts(page)
    assert not [attrs for attrs, _ in found if "src=" in attrs]
    assert not re.search(r'(src|href)="https?:', page)
    assert "cdnjs.cloudflare.com" not in page
    (state_text,) = [body for attrs, body in found if "widget-state+json" in attrs]
    assert json.loads(state_text)["state"]["m1"]["state"]["value"] == 1
    assert any('define("anywidget"' in body for _, body in found)


def test_export_notebook_state_cannot_change_how_the_page_is_parsed(tmp_path):
    # `<!--` then `<script` inside a script element make the HTML parser look for `-->` before
    # the element may end: the state would run into the rest of the page and fail JSON.parse.
    label = "<!--<script>alert(1)</script> & <\u2028 </SCRIPT > -->"
    notebook = saved_notebook(tmp_path / "nb.ipynb", label=label)
    page = export_notebook(notebook, tmp_path / "nb.html", trust=True).read_text()
    (state_text,) = [body for attrs, body in scripts(page) if "widget-state+json" in attrs]
    assert "<" not in state_text
    assert json.loads(state_text)["state"]["m1"]["state"]["label"] == label


def test_export_notebook_rejects_a_file_that_is_not_a_notebook(tmp_path):
    bad = tmp_path / "bad.ipynb"
    bad.write_text("not json")
    with pytest.raises(NotANotebookError, match="not a Jupyter notebook"):
        export_notebook(bad, tmp_path / "bad.html")


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "anywidget", "export", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_writes_the_html_file_and_names_its_size(tmp_path):
    notebook = saved_notebook(tmp_path / "nb.ipynb")
    result = run_cli(str(notebook), "-o", str(tmp_path / "page.html"))
    assert result.returncode == 0, result.stderr
    assert "page.html" in result.stdout
    assert "1 widget models" in result.stdout
    assert (tmp_path / "page.html").stat().st_size > 1_000_000


def test_cli_warns_when_the_notebook_saved_no_widget_state(tmp_path):
    notebook = saved_notebook(tmp_path / "plain.ipynb", with_state=False)
    result = run_cli(str(notebook))
    assert result.returncode == 0, result.stderr
    assert "Save Widget State Automatically" in result.stderr
    assert (tmp_path / "plain.html").is_file()


def test_cli_reports_a_missing_notebook(tmp_path):
    result = run_cli(str(tmp_path / "nope.ipynb"))
    assert result.returncode == 2
    assert "no notebook at" in result.stderr


def test_nbconvert_finds_the_offline_exporter_under_both_names():
    from nbconvert.exporters import get_export_names, get_exporter

    for name in ("anywidget_offline", "anywidget-offline"):
        exporter = get_exporter(name)
        assert issubclass(exporter, OfflineHTMLExporter)
        assert exporter.export_from_notebook == "HTML with widgets (offline)"
    assert {"anywidget_offline", "anywidget-offline"} <= set(get_export_names())


def test_a_jupyter_server_lists_only_the_name_it_can_route(monkeypatch):
    from jupyter_server.serverapp import ServerApp
    from nbconvert.exporters import get_export_names

    # jupyter_server routes /nbconvert/(\w+)/<path>: a hyphenated name's menu entry would 404.
    monkeypatch.setattr(ServerApp, "initialized", classmethod(lambda cls: True))
    names = set(get_export_names())
    assert "anywidget_offline" in names
    assert "anywidget-offline" not in names


def test_importing_anywidget_imports_no_export_code():
    code = (
        "import sys, anywidget\n"
        "print(sorted({'anywidget.export', 'nbconvert', 'nbformat'} & set(sys.modules)))\n"
        "anywidget.export.to_html\n"
        "print('anywidget.export' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.split() == ["[]", "True"]


def test_to_html_saves_only_the_widgets_shown_and_their_dependencies(tmp_path, comms):
    unrelated = Tricky()
    shown = ipywidgets.IntSlider(1)
    page = to_html(shown, tmp_path / "out.html").read_text()
    (state_text,) = [body for attrs, body in scripts(page) if "widget-state+json" in attrs]
    state = json.loads(state_text)["state"]
    assert shown.model_id in state
    assert unrelated.model_id not in state


# ------------------------------------------------------------------ writing the output safely


@pytest.mark.parametrize("spelling", ["same", "dotted", "symlink", "hardlink"])
def test_cli_refuses_to_write_over_the_notebook_itself(tmp_path, capsys, spelling):
    notebook = saved_notebook(tmp_path / "nb.ipynb")
    before = notebook.read_bytes()
    (tmp_path / "sub").mkdir()
    output = {
        "same": notebook,
        "dotted": tmp_path / "sub" / ".." / "nb.ipynb",
        "symlink": tmp_path / "link.ipynb",
        "hardlink": tmp_path / "hard.ipynb",
    }[spelling]
    if spelling == "symlink":
        output.symlink_to(notebook)
    elif spelling == "hardlink":
        output.hardlink_to(notebook)
    assert cli([str(notebook), "-o", str(output)]) == 2
    assert "is the notebook itself" in capsys.readouterr().err
    assert notebook.read_bytes() == before
    with pytest.raises(SameFileError):
        export_notebook(notebook, output, trust=True)
    assert notebook.read_bytes() == before


def test_a_failed_export_leaves_the_existing_output_as_it_was(tmp_path, monkeypatch):
    notebook = saved_notebook(tmp_path / "nb.ipynb")
    output = tmp_path / "nb.html"
    output.write_text("the page from last time")

    def fail(self, nb, resources=None, **kw):
        raise RuntimeError("the template broke")

    monkeypatch.setattr(OfflineHTMLExporter, "from_notebook_node", fail)
    with pytest.raises(RuntimeError, match="the template broke"):
        export_notebook(notebook, output, trust=True)
    assert output.read_text() == "the page from last time"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["nb.html", "nb.ipynb"]


def test_a_file_that_is_not_a_notebook_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "bad.ipynb"
    bad.write_text("<html>not a notebook</html>")
    assert cli([str(bad), "-o", str(tmp_path / "out.html")]) == 1
    assert "not a Jupyter notebook" in capsys.readouterr().err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["bad.ipynb"]


# ------------------------------------------------------------------ the trust rule

CODE = "export default { render() { window.ranSavedCode = true; } }; // saved code"
STYLE = ".saved-style { color: red }"


def notebook_with_code(path: Path) -> Path:
    """A notebook whose saved state holds a widget's code: its own text and a module model's."""
    nb = nbformat.v4.new_notebook()
    state = {
        "w1": {
            "model_name": "AnyModel",
            "model_module": "anywidget",
            "model_module_version": "~0.12.*",
            "state": {"_esm": CODE, "_css": STYLE, "_anywidget_id": "demo.Saved", "value": 4},
        },
        "w2": {
            "model_name": "AnyModel",
            "model_module": "anywidget",
            "model_module_version": "~0.12.*",
            "state": {"_esm": "/* anywidget module m1 */", "value": 5},
            "buffers": [{"path": ["_css"], "encoding": "base64", "data": "LyogeCAqLw=="}],
        },
        "m1": {
            "model_name": "WidgetModel",
            "model_module": "@jupyter-widgets/base",
            "model_module_version": "2.0.0",
            "state": {"source": CODE.replace("saved", "module")},
        },
    }
    nb.metadata["widgets"] = {
        "application/vnd.jupyter.widget-state+json": {
            "version_major": 2,
            "version_minor": 0,
            "state": state,
        }
    }
    view = {"version_major": 2, "version_minor": 0, "model_id": "w1"}
    data = {"application/vnd.jupyter.widget-view+json": view, "text/plain": "Saved()"}
    nb.cells.append(
        nbformat.v4.new_code_cell("w", outputs=[nbformat.v4.new_output("display_data", data=data)])
    )
    nbformat.write(nb, str(path))
    return path


@pytest.fixture
def signatures(tmp_path, monkeypatch):
    """This test's notebook signature store (JUPYTER_DATA_DIR), as `jupyter trust` uses it."""
    data = tmp_path / "jupyter-data"
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(data))
    return data


def sign(path: Path, data: Path) -> None:
    from nbformat.sign import NotebookNotary

    data.mkdir(exist_ok=True)
    with NotebookNotary(data_dir=str(data)) as notary:
        notary.sign(nbformat.read(str(path), as_version=4))


def saved_state(page: str) -> dict:
    (text,) = [body for attrs, body in scripts(page) if "widget-state+json" in attrs]
    return json.loads(text)["state"]


def test_an_untrusted_notebook_exports_without_its_widget_code(tmp_path, signatures):
    notebook = notebook_with_code(tmp_path / "nb.ipynb")
    with pytest.warns(UserWarning, match="not trusted, so the code of its 2 anywidget widget"):
        page = export_notebook(notebook, tmp_path / "nb.html").read_text()
    state = saved_state(page)
    assert state["w1"]["state"] == {
        "_esm": NOTICE_ESM,
        "_css": "",
        "_anywidget_id": "demo.Saved",
        "value": 4,
    }
    assert state["w2"]["state"]["_esm"] == NOTICE_ESM
    assert state["w2"]["buffers"] == []
    assert state["m1"]["state"]["source"] == ""
    assert "saved code" not in page
    assert "module code" not in page
    assert "saved-style" not in page
    # Asking wrote nothing: no key, no store, not even their directory.
    assert not signatures.exists()


def test_a_trusted_notebook_exports_with_its_widget_code(tmp_path, signatures, recwarn):
    notebook = notebook_with_code(tmp_path / "nb.ipynb")
    sign(notebook, signatures)
    state = saved_state(export_notebook(notebook, tmp_path / "nb.html").read_text())
    assert (state["w1"]["state"]["_esm"], state["w1"]["state"]["_css"]) == (CODE, STYLE)
    assert state["m1"]["state"]["source"] == CODE.replace("saved", "module")
    assert not [w for w in recwarn if "not trusted" in str(w.message)]


def test_cli_says_when_it_left_code_out_and_trust_includes_it(tmp_path, signatures, capsys):
    notebook = notebook_with_code(tmp_path / "nb.ipynb")
    assert cli([str(notebook), "-o", str(tmp_path / "a.html")]) == 0
    err = capsys.readouterr().err
    assert "is not trusted, so the code of its 2 anywidget widget(s) was left out" in err
    assert "--trust" in err
    assert saved_state((tmp_path / "a.html").read_text())["w1"]["state"]["_esm"] == NOTICE_ESM

    assert cli([str(notebook), "-o", str(tmp_path / "b.html"), "--trust"]) == 0
    assert "not trusted" not in capsys.readouterr().err
    assert saved_state((tmp_path / "b.html").read_text())["w1"]["state"]["_esm"] == CODE


def test_trust_follows_the_signature_not_the_cells_trusted_marks(tmp_path, signatures):
    notebook = notebook_with_code(tmp_path / "nb.ipynb")
    nb = nbformat.read(str(notebook), as_version=4)
    # A Jupyter server marks each code cell it reads; a notebook cannot vouch for itself.
    for cell in nb.cells:
        cell.metadata["trusted"] = True
    assert not is_trusted(nb)
    sign(notebook, signatures)
    assert is_trusted(nb)
    nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]["w1"]["state"][
        "_esm"
    ] = "export default {}; // changed after signing"
    assert not is_trusted(nb)
