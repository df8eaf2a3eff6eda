"""The local CDN stand-in (harness/cdn.py) resolves npm ranges from the path as received, as jsDelivr
and unpkg do, and says why when it cannot answer."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from anywidget._wire.protocol import MODULE_VERSION_RANGE
from harness.cdn import Cdn, CdnMiss, local_cdn, resolve_range


def fake_package(folder: Path, version: str) -> Path:
    (folder / "dist").mkdir(parents=True)
    (folder / "package.json").write_text(json.dumps({"name": "anywidget", "version": version}))
    (folder / "dist" / "index.js").write_text(f"define([], () => ({{ version: {version!r} }}));")
    return folder


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture(scope="module")
def cdn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cdn]:
    root = tmp_path_factory.mktemp("fake-packages")
    versions = [fake_package(root / version, version) for version in ("0.11.0", "0.12.3", "0.13.0")]
    with local_cdn({"anywidget": versions}) as served:
        yield served


def test_npm_semver_resolves_ranges_as_a_cdn_does() -> None:
    versions = ("0.11.0", "0.12.0", "0.13.0")
    assert resolve_range("~0.12.*||~0.11.*", versions) == "0.12.0"
    assert resolve_range("~0.11.*", versions) == "0.11.0"
    assert resolve_range("^0.12.0", versions) == "0.12.0"
    assert resolve_range(">=0.11 <0.13", versions) == "0.12.0"
    assert resolve_range("0.11.0 - 0.12.0", versions) == "0.12.0"
    assert resolve_range("*", versions) == "0.13.0"
    with pytest.raises(
        CdnMiss, match=r"no version in '~0.14.\*': the CDN has 0.11.0, 0.12.0, 0.13.0"
    ):
        resolve_range("~0.14.*", versions)
    with pytest.raises(CdnMiss, match="not an npm version range"):
        resolve_range("~~0.1", versions)


def test_the_kernel_range_url_encoded_gets_the_newest_matching_version(cdn: Cdn) -> None:
    path = f"/anywidget@{quote(MODULE_VERSION_RANGE, safe='~*')}/dist/index"
    assert "%7C%7C" in path
    cdn.requested.clear()
    status, body = fetch(cdn.url + path.lstrip("/"))
    assert (status, body) == (200, "define([], () => ({ version: '0.12.3' }));")
    # Logged as received, still URL-encoded.
    assert cdn.requested == [path]


def test_a_range_nothing_matches_is_a_404_saying_so(cdn: Cdn) -> None:
    status, body = fetch(f"{cdn.url}anywidget@~0.9.*/dist/index.js")
    assert status == 404
    assert body == "no version in '~0.9.*': the CDN has 0.11.0, 0.12.3, 0.13.0"


def test_unknown_packages_files_and_paths_outside_a_package_are_refused(cdn: Cdn) -> None:
    assert fetch(f"{cdn.url}ipywidgets@8/dist/index.js") == (
        404,
        "the CDN has no package 'ipywidgets'",
    )
    assert fetch(f"{cdn.url}anywidget@0.12.3/dist/nothing.js") == (
        404,
        "anywidget@0.12.3 has no file 'dist/nothing.js'",
    )
    status, _ = fetch(f"{cdn.url}anywidget@0.12.3/..%2F..%2F0.11.0/package.json")
    assert status == 404
    assert fetch(f"{cdn.url}anywidget@%7E%7E1/dist/index.js") == (
        400,
        "'~~1' is not an npm version range",
    )
