"""Experimental API: any class as a widget, and Python methods callable from the front end."""

from __future__ import annotations

from ._commands import command

__all__ = ["command"]
