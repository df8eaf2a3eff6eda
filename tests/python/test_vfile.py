"""`%load_ext anywidget` in a real IPython shell: `%%vfile NAME` and `%clear_vfiles`."""

from __future__ import annotations

import gc

import pytest
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell

import anywidget
from anywidget import AnyWidget
from anywidget._sources.vfile import vfile


@pytest.fixture(scope="module")
def shell():
    instance = InteractiveShell.instance()
    instance.run_line_magic("load_ext", "anywidget")
    return instance


def test_vfile_cell_defines_a_virtual_file_widgets_use(shell, comms):
    shell.run_cell_magic("vfile", "cell_counter.js", "export default {}; // magic\n")

    class FromMagic(AnyWidget):
        _esm = "vfile:cell_counter.js"

    widget = FromMagic()
    assert widget._esm == "export default {}; // magic\n"
    shell.run_cell_magic("vfile", "cell_counter.js", "export default {}; // again\n")
    assert widget._esm == "export default {}; // again\n"


def test_indented_vfile_body_is_dedented_like_a_code_cell(shell):
    shell.run_cell_magic(
        "vfile", "indented.js", "    export default {\n      render() {},\n    };\n"
    )
    assert vfile("indented.js", owner="T", key="_esm").text == (
        "export default {\n  render() {},\n};\n"
    )


@pytest.mark.parametrize("line", ["", "   ", "two names", "a b c"])
def test_vfile_needs_exactly_one_name(shell, line):
    with pytest.raises(UsageError, match=r"%%vfile takes exactly one name.*usage: %%vfile NAME"):
        shell.run_cell_magic("vfile", line, "export default {};")


def test_a_name_with_a_space_is_reported_without_a_traceback(shell, capsys):
    result = shell.run_cell("%%vfile my file.js\nexport default {};")
    assert not result.success
    err = capsys.readouterr().err
    assert "UsageError: %%vfile takes exactly one name, got 'my file.js'" in err
    assert "Traceback" not in err


def test_clear_vfiles_forgets_files_no_widget_uses(shell):
    shell.run_cell_magic("vfile", "unused.js", "export default {};")
    shell.run_line_magic("clear_vfiles", "")
    gc.collect()
    with pytest.raises(FileNotFoundError, match=r"'unused\.js'"):
        vfile("unused.js", owner="T", key="_esm")


def test_clear_vfiles_keeps_files_widget_classes_use_and_they_still_update(shell, comms):
    shell.run_cell_magic("vfile", "used.js", "export default {}; // v1")

    class Used(AnyWidget):
        _esm = "vfile:used.js"

    widget = Used()
    shell.run_line_magic("clear_vfiles", "")
    gc.collect()
    assert vfile("used.js", owner="T", key="_esm").text == "export default {}; // v1\n"
    shell.run_cell_magic("vfile", "used.js", "export default {}; // v2")
    assert widget._esm == "export default {}; // v2\n"


def test_extension_entry_point_is_the_package():
    assert callable(anywidget.load_ipython_extension)
