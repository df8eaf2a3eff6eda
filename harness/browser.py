"""Which Chromium the tests and benchmarks drive, and how: Debian's, with anywidget.testing's flags."""

from __future__ import annotations

import os

from anywidget.testing.fixtures import CHROMIUM_ARGS

# E2E_CHROMIUM overrides the binary (default: Debian's package).
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")

__all__ = ["CHROMIUM", "CHROMIUM_ARGS"]
