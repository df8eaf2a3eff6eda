"""The command line, `python -m anywidget doctor|create|types|export`: each subcommand lives in its own module."""

from __future__ import annotations

import argparse
import sys


def run(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from . import create as _create
    from . import typescript as _typescript

    if argv[:1] == ["create"]:
        # `create NAME --template ts DIR` puts a positional after an option: subparsers cannot.
        return _create.main(argv[1:])
    if argv[:1] == ["export"]:
        from ..export._cli import main as export

        return export(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m anywidget")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("export", help="write a notebook as one HTML file with offline widgets")
    commands.add_parser(
        "doctor", help="check that Jupyter in this environment can show anywidget widgets"
    )
    _create.add_arguments(commands.add_parser("create", help="write a new widget package"))
    _typescript.add_arguments(
        commands.add_parser(
            "types", help="print a TypeScript interface of a widget's synced traits"
        )
    )
    args = parser.parse_args(argv)
    if args.command == "types":
        return _typescript.run(args)
    from .doctor import main

    return main()
