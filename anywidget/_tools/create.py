"""`python -m anywidget create NAME`: a new pip-installable widget package, written from anywidget/templates."""

from __future__ import annotations

import argparse
import keyword
import re
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .._version import __version__

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

TEMPLATES = ("js", "ts")
# A distribution name as PEP 508 allows it (letters, digits, ".", "_", "-"; alphanumeric at both ends).
_DIST_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$")
_SUFFIX = ".tmpl"


class CreateError(Exception):
    """The package cannot be created as asked (bad name, existing directory)."""


@dataclass(frozen=True)
class Names:
    """The names a package is known by: on PyPI, as a Python module, and its widget class."""

    dist: str
    module: str
    cls: str

    @classmethod
    def parse(cls, name: str) -> Names:
        """Names for `name`; a name that cannot be a package is a `CreateError` saying why."""
        if not _DIST_NAME.match(name):
            raise CreateError(
                f"{name!r} is not a valid package name: use letters, digits, '-', '_' or '.', "
                "starting and ending with a letter or digit (e.g. my-widget)"
            )
        module = re.sub(r"[-.]+", "_", name).lower()
        if not module.isidentifier() or keyword.iskeyword(module) or module[0].isdigit():
            raise CreateError(
                f"{name!r} is not a valid package name: its module name {module!r} "
                "must be a Python identifier (start with a letter)"
            )
        if module == "anywidget" or module in getattr(sys, "stdlib_module_names", ()):
            raise CreateError(f"{name!r} would shadow the {module!r} module: choose another name")
        words = [word for word in re.split(r"[-._]+", name) if word]
        return cls(dist=name, module=module, cls="".join(w[:1].upper() + w[1:] for w in words))


def create(name: str, template: str = "js", directory: Path | None = None) -> Path:
    """Write a widget package named `name` from `template` into `directory` (default ./NAME).

    Returns the package's directory. Raises `CreateError` for a bad name or template, or when
    the directory exists already (nothing is ever overwritten).
    """
    names = Names.parse(name)
    if template not in TEMPLATES:
        raise CreateError(f"unknown template {template!r}: choose one of {', '.join(TEMPLATES)}")
    target = Path(directory) if directory is not None else Path(name)
    if target.exists():
        raise CreateError(f"{target} already exists: choose a new directory (nothing was written)")
    major, minor, *_ = __version__.split(".")
    tokens = {
        "{{ dist }}": names.dist,
        "{{ module }}": names.module,
        "{{ Class }}": names.cls,
        "{{ anywidget_version }}": f"{major}.{minor}",
    }
    files: dict[Path, str] = {}
    root = resources.files("anywidget._tools").joinpath("templates")
    for layer in ("common", template):
        for relative, text in _walk(root.joinpath(layer), Path()):
            files[_output_path(relative, names)] = _fill(text, tokens)
    if template == "ts":
        files[Path("types") / "anywidget.d.ts"] = types_declarations()
    target.mkdir(parents=True)
    for relative, text in sorted(files.items()):
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return target


def types_declarations() -> str:
    """The text of `anywidget/types` (the wheel's copy, or the source checkout's)."""
    packaged = resources.files("anywidget").joinpath("types", "index.d.ts")
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return (Path(__file__).resolve().parents[2] / "types" / "index.d.ts").read_text("utf-8")


def _walk(folder: Traversable, prefix: Path) -> list[tuple[Path, str]]:
    found: list[tuple[Path, str]] = []
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.is_dir():
            if entry.name != "__pycache__":
                found.extend(_walk(entry, prefix / entry.name))
        elif entry.name.endswith(_SUFFIX):
            found.append((prefix / entry.name, entry.read_text(encoding="utf-8")))
    return found


def _output_path(relative: Path, names: Names) -> Path:
    parts = []
    for part in relative.parts:
        part = part.removesuffix(_SUFFIX).replace("__module__", names.module)
        # Dot files are kept as "dot-NAME" so packaging tools never treat them as hidden.
        parts.append("." + part[4:] if part.startswith("dot-") else part)
    return Path(*parts)


def _fill(text: str, tokens: dict[str, str]) -> str:
    for token, value in tokens.items():
        text = text.replace(token, value)
    return text


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The `create` subcommand's arguments."""
    parser.add_argument("name", metavar="NAME", help="the package's name, e.g. my-widget")
    parser.add_argument("directory", metavar="DIR", nargs="?", type=Path, help="default: ./NAME")
    parser.add_argument(
        "--template",
        choices=TEMPLATES,
        default="js",
        help="js: plain ES module, no build step (default); ts: TypeScript bundled by esbuild",
    )


def main(argv: list[str]) -> int:
    """`create`'s command line; options and positionals may come in any order."""
    parser = argparse.ArgumentParser(prog="python -m anywidget create")
    add_arguments(parser)
    return run(parser.parse_intermixed_args(argv))


def run(args: argparse.Namespace) -> int:
    """Run `create` with parsed arguments; 2 when the package cannot be created."""
    try:
        target = create(args.name, args.template, args.directory)
    except CreateError as error:
        print(f"anywidget create: {error}", file=sys.stderr)
        return 2
    print(f"Created {target}. Next:\n  cd {target}\n  pip install -e '.[dev,test]'\n  pytest")
    return 0
