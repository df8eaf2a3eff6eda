from __future__ import annotations

import pathlib

import pytest

from anywidget import AnyWidget
from anywidget._sources.source import is_url, resolve_source


def test_inline_source_is_used_as_is():
    source = resolve_source("export default { render() {} }", owner="W", key="_esm")
    assert source.text == "export default { render() {} }"
    assert source.path is None


def test_one_line_css_is_inline_not_a_path():
    assert resolve_source(".counter { color: red }", owner="W", key="_css").path is None
    assert resolve_source("button{color:red}", owner="W", key="_css").path is None


def test_path_object_is_read_as_utf8(tmp_path: pathlib.Path):
    file = tmp_path / "widget.js"
    file.write_text(
        "export default { render({ el }) { el.textContent = 'é'; } };", encoding="utf-8"
    )
    source = resolve_source(file, owner="W", key="_esm")
    assert "'é'" in source.text
    assert source.path == file.resolve()


def test_string_naming_a_file_is_read(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "style.css").write_text(".a { color: blue }")
    monkeypatch.chdir(tmp_path)
    assert resolve_source("style.css", owner="W", key="_css").text == ".a { color: blue }"


def test_missing_file_fails_at_class_definition(tmp_path: pathlib.Path):
    missing = tmp_path / "nope.js"
    with pytest.raises(FileNotFoundError, match=r"Broken\._esm .*nope\.js"):

        class Broken(AnyWidget):
            _esm = missing


def test_file_backed_esm_becomes_state(tmp_path: pathlib.Path):
    file = tmp_path / "w.js"
    file.write_text("export default { render() {} };")

    class FromFile(AnyWidget):
        _esm = file

    assert FromFile()._esm == "export default { render() {} };"


def test_non_utf8_file_is_a_clear_error(tmp_path: pathlib.Path):
    file = tmp_path / "latin1.js"
    file.write_bytes("// caf\xe9".encode("latin-1"))
    with pytest.raises(ValueError, match=r"W\._esm .*not UTF-8"):
        resolve_source(file, owner="W", key="_esm")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://esm.sh/confetti", True),
        ("http://127.0.0.1:8000/w.js", True),
        ("  https://example.org/a.css\n", True),
        ("export default {}", False),
        ("https://a b", False),
    ],
)
def test_url_detection(value: str, expected: bool):
    assert is_url(value) is expected


def test_url_is_synced_for_the_front_end_to_import():
    class Remote(AnyWidget):
        _esm = "https://example.org/widget.js"

    assert Remote()._esm == "https://example.org/widget.js"
