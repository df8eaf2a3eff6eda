"""Experimental API: any class as a widget, and Python methods callable from the front end."""

from __future__ import annotations

from ._commands import command
from ._decorators import dataclass, widget
from ._descriptor import MimeBundleDescriptor

__all__ = ["MimeBundleDescriptor", "command", "dataclass", "widget"]
