"""Vendor packages from the npm registry, so that nothing is loaded from a CDN.

A manifest (a JSON file) records a package's version, its tarball's integrity hash, its
licence, and which of its files are needed: `katex.json` beside this file for the math the
build renders, `plotly.json` for the interactive figures, `tests/axe-core.json` for the
browser tests' accessibility checks. On first use the
tarball is fetched into the vendor folder (`.cache/vendor/`, gitignored) with `npm pack`
(npm comes with Node.js; GitHub's runners and our CI machines have it) and must match the
recorded hash, whichever registry npm is configured to use. The listed files are unpacked
once and later uses reuse them.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import tarfile
from pathlib import Path


class VendorError(Exception):
    """A package could not be fetched or did not match its manifest."""


def read_manifest(path: Path) -> dict:
    """The manifest at `path`, with its file name kept for messages."""
    return {**json.loads(path.read_text(encoding="utf-8")), "manifest": path.name}


def _integrity(path: Path, expected: str) -> str:
    algorithm, _, _ = expected.partition("-")
    digest = hashlib.new(algorithm, path.read_bytes()).digest()
    return f"{algorithm}-{base64.b64encode(digest).decode()}"


def _fetch(manifest: dict, vendor: Path) -> Path:
    name, version = manifest["package"], manifest["version"]
    tarball = vendor / f"{name}-{version}.tgz"
    if not tarball.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise VendorError(
                f"{manifest['purpose']} needs {name} {version}, fetched with `npm pack`, but "
                "npm is not installed: install Node.js (it comes with npm), "
                f"or put {tarball.name} into {vendor}"
            )
        vendor.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [npm, "pack", f"{name}@{version}", "--pack-destination", str(vendor), "--silent"],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0 or not tarball.exists():
            raise VendorError(f"`npm pack {name}@{version}` failed:\n{done.stderr.strip()}")
    if _integrity(tarball, manifest["integrity"]) != manifest["integrity"]:
        tarball.unlink()
        raise VendorError(
            f"{tarball.name} does not match the integrity hash in {manifest['manifest']}"
        )
    return tarball


def _wanted(member: str, files: list[str]) -> bool:
    path = member.removeprefix("package/")
    return any(path == entry or (entry.endswith("/") and path.startswith(entry))
               for entry in files)


def vendored_files(manifest_path: Path, vendor: Path) -> dict[str, Path]:
    """The package's listed files, as {path where they are served: unpacked file}.

    The served path is the path inside the package, less the manifest's `strip_prefix`.
    Fetches and unpacks the package into `vendor` the first time.
    """
    manifest = read_manifest(manifest_path)
    unpacked = vendor / f"{manifest['package']}-{manifest['version']}"
    stamp = unpacked / ".complete"
    # The stamp records what was unpacked: a manifest that lists other files unpacks again.
    unpacked_what = json.dumps({"integrity": manifest["integrity"], "files": manifest["files"]})
    if not stamp.exists() or stamp.read_text(encoding="utf-8") != unpacked_what:
        tarball = _fetch(manifest, vendor)
        shutil.rmtree(unpacked, ignore_errors=True)
        with tarfile.open(tarball) as tar:
            members = [m for m in tar.getmembers()
                       if m.isfile() and _wanted(m.name, manifest["files"])]
            tar.extractall(unpacked, members=members, filter="data")
        stamp.write_text(unpacked_what, encoding="utf-8")
    package = unpacked / "package"
    strip = manifest.get("strip_prefix", "")
    return {
        path.relative_to(package).as_posix().removeprefix(strip): path
        for path in sorted(package.rglob("*"))
        if path.is_file()
    }
