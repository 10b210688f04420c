"""Vendor MathJax from the npm registry so that the site typesets math offline.

`mathjax.json` (next to this file) records the version, the tarball's integrity hash, the
licence, and which files of the package the site needs. On first use the tarball is fetched
into `.cache/vendor/` (gitignored) with `npm pack` (npm comes with Node.js; GitHub's runners
and our CI machines have it) and must match the recorded hash, whichever registry npm is
configured to use. The listed files are unpacked once and later builds reuse them. Nothing
is loaded from a CDN.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import tarfile
from pathlib import Path

MANIFEST = json.loads(Path(__file__).with_name("mathjax.json").read_text(encoding="utf-8"))


class VendorError(Exception):
    """MathJax could not be fetched or did not match the manifest."""


def _integrity(path: Path) -> str:
    algorithm, _, _ = MANIFEST["integrity"].partition("-")
    digest = hashlib.new(algorithm, path.read_bytes()).digest()
    return f"{algorithm}-{base64.b64encode(digest).decode()}"


def _fetch(vendor: Path) -> Path:
    name, version = MANIFEST["package"], MANIFEST["version"]
    tarball = vendor / f"{name}-{version}.tgz"
    if not tarball.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise VendorError(
                f"the site's math needs {name} {version}, fetched with `npm pack`, but npm "
                "is not installed: install Node.js (it comes with npm), "
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
    if _integrity(tarball) != MANIFEST["integrity"]:
        tarball.unlink()
        raise VendorError(f"{tarball.name} does not match the integrity hash in mathjax.json")
    return tarball


def _wanted(member: str) -> bool:
    path = member.removeprefix("package/")
    return any(
        path == entry or (entry.endswith("/") and path.startswith(entry))
        for entry in MANIFEST["files"]
    )


def vendored_files(vendor: Path) -> dict[str, Path]:
    """The files the site needs, as {path relative to `assets/mathjax/`: unpacked file}.

    Fetches and unpacks the package into `vendor` the first time.
    """
    unpacked = vendor / f"{MANIFEST['package']}-{MANIFEST['version']}"
    stamp = unpacked / ".complete"
    if not stamp.exists():
        tarball = _fetch(vendor)
        shutil.rmtree(unpacked, ignore_errors=True)
        with tarfile.open(tarball) as tar:
            members = [m for m in tar.getmembers() if m.isfile() and _wanted(m.name)]
            tar.extractall(unpacked, members=members, filter="data")
        stamp.write_text(MANIFEST["integrity"], encoding="utf-8")
    package = unpacked / "package"
    return {
        path.relative_to(package).as_posix().removeprefix("es5/"): path
        for path in sorted(package.rglob("*"))
        if path.is_file()
    }
