"""A stand-in for the npm CDNs (jsDelivr, unpkg) on 127.0.0.1, and the npm packages it serves.

Widget managers without a server of their own (html-manager, Panel's ipywidgets_bokeh, VS Code, Colab)
fetch a front end from `<cdn>/<npm name>@<range>/<file>`, the range being the kernel's
`_model_module_version` as sent, URL-encoded. The stand-in resolves that range as the CDNs do, with
npm's own semver (harness/resolve_range.mjs), among the local package folders it was given.

    with local_cdn({"anywidget": [checkout_package()]}) as cdn:
        page.goto(...)  # a page whose loader uses cdn.url
        assert cdn.requested == ["/anywidget@~0.12.*%7C%7C~0.11.*/dist/index"]
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import json
import mimetypes
import re
import shutil
import subprocess
import tarfile
import tempfile
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "node_modules"
_RESOLVER = Path(__file__).with_name("resolve_range.mjs")
# `/<name>@<range>/<file>` or `/<name>/<file>` (the newest version); names may be scoped.
_REQUEST = re.compile(r"/((?:@[^/]+/)?[^/@]+)(?:@([^/]*))?/(.*)")


@dataclass
class Cdn:
    """A running local CDN: its base URL (ending in "/") and each request path, as received."""

    url: str
    requested: list[str] = field(default_factory=list)


class CdnMiss(LookupError):
    """A request the CDN cannot answer; the message says why, as the page will see it."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def node() -> str:
    """The `node` on PATH (the front-end build needs it too)."""
    found = shutil.which("node")
    if found is None:
        raise RuntimeError("node is needed to resolve npm version ranges (npm's semver)")
    return found


@functools.lru_cache(maxsize=256)
def resolve_range(spec: str, versions: tuple[str, ...]) -> str:
    """The newest of `versions` in npm range `spec`, as npm resolves it; `CdnMiss` when none is."""
    result = subprocess.run(
        [node(), str(_RESOLVER), spec, *versions],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    answer = json.loads(result.stdout)
    if not answer["valid"]:
        raise CdnMiss(400, f"{spec!r} is not an npm version range")
    if answer["version"] is None:
        raise CdnMiss(404, f"no version in {spec!r}: the CDN has {', '.join(versions) or 'none'}")
    return str(answer["version"])


class _Packages:
    """Package folders by npm name, and what a request path means among them."""

    def __init__(self, packages: Mapping[str, Sequence[Path]]) -> None:
        self.folders: dict[str, dict[str, Path]] = {}
        for name, folders in packages.items():
            for folder in folders:
                version = json.loads((folder / "package.json").read_text())["version"]
                self.folders.setdefault(name, {})[version] = folder

    def locate(self, raw_path: str) -> Path:
        """The file `raw_path` (percent-encoded, as received) asks for."""
        match = _REQUEST.fullmatch(urlsplit(raw_path).path)
        if match is None:
            raise CdnMiss(404, f"{raw_path} is not /<npm name>@<range>/<file>")
        name, spec, rest = unquote(match.group(1)), match.group(2), unquote(match.group(3))
        versions = self.folders.get(name)
        if versions is None:
            raise CdnMiss(404, f"the CDN has no package {name!r}")
        version = resolve_range(unquote(spec or "*") or "*", tuple(sorted(versions)))
        folder = versions[version].resolve()
        # As jsDelivr and unpkg do, `dist/index` means `dist/index.js` (ipywidgets_bokeh asks so).
        for candidate in (folder / rest, folder / f"{rest}.js"):
            target = candidate.resolve()
            if folder in target.parents and target.is_file():
                return target
        raise CdnMiss(404, f"{name}@{version} has no file {rest!r}")


class _Handler(BaseHTTPRequestHandler):
    packages: _Packages
    cdn: Cdn

    def do_GET(self) -> None:
        self.cdn.requested.append(self.path)
        try:
            target = self.packages.locate(self.path)
        except CdnMiss as miss:
            self._answer(miss.status, str(miss).encode(), "text/plain; charset=utf-8")
            return
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind in {"text/javascript", "application/javascript"}:
            kind = "text/javascript; charset=utf-8"
        self._answer(200, target.read_bytes(), kind)

    def _answer(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        # As the CDNs do: pages load their scripts cross-origin (crossorigin="anonymous", fetch).
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the request log is `cdn.requested`


@contextlib.contextmanager
def local_cdn(packages: Mapping[str, Sequence[Path]]) -> Iterator[Cdn]:
    """Serve `packages` (npm name -> unpacked package folders, one per version) on 127.0.0.1."""
    handler = type("Handler", (_Handler,), {"packages": _Packages(packages)})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    cdn = Cdn(f"http://127.0.0.1:{server.server_address[1]}/")
    handler.cdn = cdn
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield cdn
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# ------------------------------------------------------------------------------ packages to serve
@functools.cache
def _scratch() -> Path:
    path = Path(tempfile.mkdtemp(prefix="e2e-npm-packs-"))
    atexit.register(shutil.rmtree, path, True)
    return path


@functools.cache
def npm_pack(spec: str) -> Path:
    """`npm pack <spec>` (a registry spec such as "anywidget@0.11.0", or a folder), unpacked, as a
    CDN serves it; packed once per test run."""
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is needed to pack front ends for the local CDN")
    target = Path(tempfile.mkdtemp(dir=_scratch()))
    result = subprocess.run(
        [npm, "pack", spec, "--json", "--pack-destination", str(target)],
        cwd=target,
        capture_output=True,
        text=True,
        timeout=180,
    )
    if result.returncode != 0:
        raise RuntimeError(f"npm pack {spec} failed:\n{result.stderr[-2000:]}")
    (info,) = json.loads(result.stdout)
    with tarfile.open(target / info["filename"]) as archive:
        archive.extractall(target, filter="data")
    return target / "package"


def checkout_package() -> Path:
    """This checkout's npm package (its built `dist/`), as `npm publish` would upload it."""
    return npm_pack(str(ROOT))


def node_package(name: str) -> Path:
    """An npm package from this checkout's node_modules (html-manager, RequireJS), as it stands."""
    return NODE_MODULES / name
