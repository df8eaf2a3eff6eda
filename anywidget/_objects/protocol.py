"""The `Widget` protocol: the type of objects displayed through a `MimeBundleDescriptor`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing_extensions import Protocol

if TYPE_CHECKING:
    from .descriptor import MimeBundleDescriptor


class Widget(Protocol):
    """An object whose class has a `MimeBundleDescriptor` at ``_repr_mimebundle_``.

    Examples
    --------
    >>> def show(obj: Widget) -> None: ...
    """

    _repr_mimebundle_: MimeBundleDescriptor
