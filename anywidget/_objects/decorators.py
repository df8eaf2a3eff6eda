"""Class decorators that make any class, or a new evented dataclass, display as a widget."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, Callable, TypeVar, overload

from typing_extensions import dataclass_transform

from .descriptor import MimeBundleDescriptor

if TYPE_CHECKING:
    from pathlib import Path

T = TypeVar("T")

_ATTRIBUTE = "_repr_mimebundle_"


def widget(
    *, esm: str | Path, css: str | Path | None = None, **kwargs: Any
) -> Callable[[type[T]], type[T]]:
    """Class decorator: display the class's instances as widgets defined by `esm` and `css`.

    Installs a `MimeBundleDescriptor` as ``_repr_mimebundle_``; `kwargs` are its options and
    extra state.

    Examples
    --------
    >>> @widget(esm="export default { render({ model, el }) { el.textContent = model.get('n') } }")
    ... @dataclasses.dataclass
    ... class Shown:
    ...     n: int = 0
    """

    def decorate(cls: type[T]) -> type[T]:
        descriptor = MimeBundleDescriptor(_esm=esm, _css=css, **kwargs)
        setattr(cls, _ATTRIBUTE, descriptor)
        # Assigned after class creation, so Python does not call this itself; calling it now
        # reports a missing `esm` file at decoration, as for a class attribute.
        descriptor.__set_name__(cls, _ATTRIBUTE)
        return cls

    return decorate


@overload
def dataclass(
    cls: type[T], *, esm: str | Path, css: str | Path | None = None, **dataclass_kwargs: Any
) -> type[T]: ...
@overload
def dataclass(
    cls: None = None, *, esm: str | Path, css: str | Path | None = None, **dataclass_kwargs: Any
) -> Callable[[type[T]], type[T]]: ...
@dataclass_transform()
def dataclass(
    cls: type[T] | None = None,
    *,
    esm: str | Path,
    css: str | Path | None = None,
    **dataclass_kwargs: Any,
) -> type[T] | Callable[[type[T]], type[T]]:
    """Make `cls` a dataclass whose field changes are followed (psygnal) and that displays as a widget.

    `cls` may be given by keyword (``dataclass(cls=Counter, esm=...)``); `dataclass_kwargs`
    go to `dataclasses.dataclass`. Uses psygnal, which ``pip install anywidget`` installs.

    Examples
    --------
    >>> @dataclass(esm="counter.js")
    ... class Counter:
    ...     value: int = 0
    """

    def decorate(klass: type[T]) -> type[T]:
        try:
            from psygnal import evented
        except ImportError:
            raise ImportError(
                "anywidget.experimental.dataclass needs psygnal, a dependency of anywidget that "
                "is missing from this environment: pip install psygnal"
            ) from None
        made: type[T] = evented(dataclasses.dataclass(klass, **dataclass_kwargs))
        return widget(esm=esm, css=css)(made)

    return decorate if cls is None else decorate(cls)
