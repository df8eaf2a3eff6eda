"""Tests of anywidget in WebAssembly Python (Pyodide), and the files such a kernel is given offline."""
