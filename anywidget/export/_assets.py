"""The prebuilt files an offline page inlines: RequireJS, html-manager and our AMD module."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"
# Written by scripts/build-dist.mjs from the npm packages; shipped in the wheel.
REQUIRE_JS = "require.js"
EMBED_AMD = "embed-amd.js"
ANYWIDGET_AMD = "anywidget.js"
VERSIONS = "versions.json"


class MissingAssetsError(FileNotFoundError):
    """The front-end files for offline pages are not installed (a checkout without a build)."""


@dataclass(frozen=True)
class Assets:
    """The scripts of an offline page, as text."""

    require_js: str
    embed_amd: str
    anywidget_amd: str
    html_manager_version: str


def load_assets(directory: Path = STATIC) -> Assets:
    """Read the offline page's scripts from `directory`; raise `MissingAssetsError` if absent."""
    names = (REQUIRE_JS, EMBED_AMD, ANYWIDGET_AMD, VERSIONS)
    missing = [name for name in names if not (directory / name).is_file()]
    if missing:
        raise MissingAssetsError(
            f"anywidget's offline front end is missing {', '.join(missing)} in {directory}: "
            "reinstall anywidget from a wheel, or in a checkout run `npm run build:dist`"
        )
    versions = json.loads((directory / VERSIONS).read_text(encoding="utf-8"))
    return Assets(
        require_js=(directory / REQUIRE_JS).read_text(encoding="utf-8"),
        embed_amd=(directory / EMBED_AMD).read_text(encoding="utf-8"),
        anywidget_amd=(directory / ANYWIDGET_AMD).read_text(encoding="utf-8"),
        html_manager_version=str(versions["@jupyter-widgets/html-manager"]),
    )
