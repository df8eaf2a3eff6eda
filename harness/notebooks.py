"""Notebook files the tests and benchmarks open: empty ones, with a kernelspec so no picker shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


def write_notebook(path: Path) -> None:
    """Write an empty notebook whose python3 kernelspec avoids the kernel picker."""
    import nbformat

    nb = nbformat.v4.new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        }
    )
    nbformat.write(nb, str(path))
