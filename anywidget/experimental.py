"""Experimental API: any class as a widget, and Python methods callable from the front end."""

from __future__ import annotations

from ._objects.decorators import dataclass, widget
from ._objects.descriptor import MimeBundleDescriptor
from ._wire.commands import command

__all__ = ["MimeBundleDescriptor", "command", "dataclass", "widget"]
