"""`python -m anywidget`: runs the command line (`_tools/cli.py`)."""

from __future__ import annotations

import sys

from ._tools.cli import run

if __name__ == "__main__":
    sys.exit(run())
