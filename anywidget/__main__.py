"""Command line: `python -m anywidget doctor`."""

from __future__ import annotations

import argparse
import sys


def run(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m anywidget")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "export", help="write a notebook as one HTML file with offline widgets", add_help=False
    )
    commands.add_parser(
        "doctor", help="check that Jupyter in this environment can show anywidget widgets"
    )
    args, rest = parser.parse_known_args(argv)
    if args.command == "export":
        from .export._cli import main as export

        return export(rest)
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    from ._doctor import main

    return main()


if __name__ == "__main__":
    sys.exit(run())
