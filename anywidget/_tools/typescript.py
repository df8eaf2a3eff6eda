"""`python -m anywidget types MODULE:CLASS`: a TypeScript interface of a widget class's synced traits."""

from __future__ import annotations

import argparse
import importlib
import json
import keyword
import re
import sys
from typing import TYPE_CHECKING, Any

import traitlets

if TYPE_CHECKING:
    import enum

_NUMBER = (traitlets.Int, traitlets.Float, traitlets.Complex)
_STRING = (traitlets.Unicode, traitlets.ObjectName, traitlets.CUnicode)
_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


class TypesError(Exception):
    """The target cannot be found or is not a class with traits."""


def load_class(target: str) -> type[traitlets.HasTraits]:
    """The class `target` (``"package.module:Class"``) names."""
    module_name, sep, qualname = target.partition(":")
    if not sep or not module_name or not qualname:
        raise TypesError(f"expected MODULE:CLASS (e.g. my_widget:Counter), got {target!r}")
    try:
        obj: Any = importlib.import_module(module_name)
    except ImportError as error:
        raise TypesError(f"cannot import {module_name!r}: {error}") from None
    for part in qualname.split("."):
        if not hasattr(obj, part):
            raise TypesError(f"{module_name!r} has no attribute {qualname!r}")
        obj = getattr(obj, part)
    if not (isinstance(obj, type) and issubclass(obj, traitlets.HasTraits)):
        raise TypesError(
            f"{target} is not a traitlets class (e.g. an anywidget.AnyWidget subclass)"
        )
    return obj


def synced_traits(cls: type[traitlets.HasTraits]) -> dict[str, traitlets.TraitType[Any, Any]]:
    """The traits tagged ``sync=True`` that `cls` adds to its widget base classes, by name."""
    import ipywidgets

    from ..widget import AnyWidget

    inherited: set[str] = set()
    for base in (AnyWidget, ipywidgets.DOMWidget, ipywidgets.Widget):
        if issubclass(cls, base):
            inherited = set(base.class_traits())
            break
    traits = cls.class_traits(sync=True)
    return {name: trait for name, trait in sorted(traits.items()) if name not in inherited}


def ts_type(trait: traitlets.TraitType[Any, Any]) -> str:
    """The TypeScript type of `trait`'s value as it arrives in the front end."""
    text = _bare_type(trait)
    if getattr(trait, "allow_none", False) and text not in ("unknown", "null"):
        text = f"{_grouped(text)} | null"
    return text


def _bare_type(trait: traitlets.TraitType[Any, Any]) -> str:
    if _is_widget_reference(trait):
        return "string"
    if isinstance(trait, traitlets.Bool):
        return "boolean"
    if isinstance(trait, _NUMBER):
        return "number"
    if isinstance(trait, _STRING):
        return "string"
    if isinstance(trait, traitlets.Bytes):
        return "DataView"
    if isinstance(trait, traitlets.UseEnum):
        return _literals(_enum_values(trait.enum_class))
    if isinstance(trait, traitlets.Enum):
        return _literals(list(trait.values or []))
    if isinstance(trait, traitlets.Tuple):
        items = getattr(trait, "_traits", None)
        if items:
            return f"[{', '.join(ts_type(item) for item in items)}]"
        return "unknown[]"
    if isinstance(trait, traitlets.Container):
        item = getattr(trait, "_trait", None)
        return f"{_grouped(ts_type(item)) if item is not None else 'unknown'}[]"
    if isinstance(trait, traitlets.Dict):
        return _dict_type(trait)
    if isinstance(trait, traitlets.Union):
        return " | ".join(dict.fromkeys(ts_type(option) for option in trait.trait_types))
    return "unknown"


def _dict_type(trait: traitlets.Dict[Any, Any]) -> str:
    per_key: dict[str, Any] = getattr(trait, "_per_key_traits", None) or {}
    value = getattr(trait, "_value_trait", None)
    value_type = ts_type(value) if value is not None else "unknown"
    if not per_key:
        return f"Record<string, {value_type}>"
    fields = "; ".join(f"{_property(key)}?: {ts_type(item)}" for key, item in per_key.items())
    rest = f"; [key: string]: {value_type}" if value is not None else ""
    return f"{{ {fields}{rest} }}"


def _is_widget_reference(trait: traitlets.TraitType[Any, Any]) -> bool:
    # A trait holding a widget is sent as "IPY_MODEL_<id>" (WidgetTrait, Instance(Widget), InstanceDict).
    import ipywidgets

    if type(trait).__name__ == "WidgetTrait":
        return True  # the published `anywidget.WidgetTrait`, however it is implemented
    if not isinstance(trait, traitlets.ClassBasedTraitType):
        return False

    klass = getattr(trait, "klass", None)
    return isinstance(klass, type) and issubclass(klass, ipywidgets.Widget)


def _enum_values(enum_class: type[enum.Enum]) -> list[Any]:
    # Members of str/int enums go on the wire as their values; others by name.
    return [
        member.value if isinstance(member.value, (str, int, float)) else member.name
        for member in enum_class
    ]


def _literals(values: list[Any]) -> str:
    parts = [json.dumps(value) for value in values if isinstance(value, (str, int, float, bool))]
    return " | ".join(dict.fromkeys(parts)) or "never"


def _grouped(text: str) -> str:
    return f"({text})" if "|" in text else text


def _property(name: str) -> str:
    return name if _IDENTIFIER.match(name) and not keyword.iskeyword(name) else json.dumps(name)


def interface(cls: type[traitlets.HasTraits], name: str | None = None) -> str:
    """TypeScript source declaring `name` (default ``<Class>Model``): `cls`'s synced traits."""
    lines = [
        f"/** Synced traits of {cls.__module__}.{cls.__qualname__}; generated by "
        "`python -m anywidget types`. */",
        f"export interface {name or cls.__name__ + 'Model'} {{",
    ]
    for trait_name, trait in synced_traits(cls).items():
        lines.append(f"  {_property(trait_name)}: {ts_type(trait)};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Print the interface for the class named on the command line; 2 on a bad target."""
    parser = argparse.ArgumentParser(prog="python -m anywidget types")
    add_arguments(parser)
    return run(parser.parse_args(argv))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The `types` subcommand's arguments."""
    parser.add_argument(
        "target", metavar="MODULE:CLASS", help="the widget class, e.g. my_widget:Counter"
    )
    parser.add_argument("--name", help="the interface's name (default: <Class>Model)")


def run(args: argparse.Namespace) -> int:
    """Run `types` with parsed arguments."""
    if "" not in sys.path and "." not in sys.path:
        sys.path.insert(0, "")  # like `python -m`, find modules in the working directory
    try:
        cls = load_class(args.target)
    except TypesError as error:
        print(f"anywidget types: {error}", file=sys.stderr)
        return 2
    sys.stdout.write(interface(cls, args.name))
    return 0
