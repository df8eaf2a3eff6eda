"""Command line: `python -m anywidget doctor`."""

from __future__ import annotations

import argparse
import sys


def run(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["export"]:
        from .export._cli import main as export

        return export(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m anywidget")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("export", help="write a notebook as one HTML file with offline widgets")
    commands.add_parser(
        "doctor", help="check that Jupyter in this environment can show anywidget widgets"
    )
    parser.parse_args(argv)
    from ._doctor import main

    return main()


if __name__ == "__main__":
    sys.exit(run())
