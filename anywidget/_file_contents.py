"""The published anywidget's file objects, where packages written for 0.9 to 0.11 import them from."""

from __future__ import annotations

from ._sources.file_contents import _VIRTUAL_FILES, FileContents, VirtualFileContents

__all__ = ["_VIRTUAL_FILES", "FileContents", "VirtualFileContents"]
