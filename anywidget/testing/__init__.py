"""Helpers for testing widgets without Jupyter: a fake front end, and a real browser (`anywidget[testing]`).

`FrontEnd` needs nothing beyond anywidget. The browser fixture needs Playwright and a Chromium:
add ``pytest_plugins = ["anywidget.testing.fixtures"]`` to a ``conftest.py`` to get ``widget_page``.
"""

from __future__ import annotations

from ._frontend import CommandError, FrontEnd

__all__ = ["CommandError", "FrontEnd"]
