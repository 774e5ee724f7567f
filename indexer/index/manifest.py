"""The index folder: builds, the pointer to the current one, and each build's manifest.

    <index>/CURRENT                  id of the build readers use (replaced atomically)
    <index>/builds/<id>/manifest.json
    <index>/builds/<id>/passages.db  dense.faiss  keyword/
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from indexer.errors import CorruptIndex, IndexNotFound

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
POINTER = "CURRENT"
KEEP_BUILDS = 2


def builds_dir(index_dir: Path) -> Path:
    return Path(index_dir) / "builds"


def current_build_dir(index_dir: Path) -> Path:
    """The folder of the build readers should use; IndexNotFound when there is none."""
    pointer = Path(index_dir) / POINTER
    try:
        build_id = pointer.read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        raise IndexNotFound(index_dir) from None
    folder = builds_dir(index_dir) / build_id
    if not build_id or not (folder / MANIFEST).is_file():
        raise CorruptIndex(index_dir, f"{POINTER} points to a missing build {build_id!r}")
    return folder


def read_manifest(build_dir: Path) -> dict:
    try:
        manifest = json.loads((Path(build_dir) / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexNotFound(build_dir.parent.parent) from None
    except (ValueError, UnicodeDecodeError):
        raise CorruptIndex(build_dir.parent.parent, f"{MANIFEST} is not valid JSON") from None
    if manifest.get("format_version") != FORMAT_VERSION:
        raise CorruptIndex(build_dir.parent.parent,
                           f"format version {manifest.get('format_version')!r}, expected {FORMAT_VERSION}")
    return manifest


def try_current_manifest(index_dir: Path) -> dict | None:
    try:
        return read_manifest(current_build_dir(index_dir))
    except (IndexNotFound, CorruptIndex):
        return None


def file_digest(path: Path) -> str:
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def describe_files(build_dir: Path) -> dict:
    files = {}
    for path in sorted(Path(build_dir).rglob("*")):
        if path.is_file() and path.name != MANIFEST:
            files[path.relative_to(build_dir).as_posix()] = {"size": path.stat().st_size,
                                                             "digest": file_digest(path)}
    return files


def verify_files(build_dir: Path, manifest: dict, index_dir: Path) -> None:
    """Every file the manifest lists exists with its size and digest: never a silent wrong answer."""
    for name, expected in manifest.get("files", {}).items():
        path = Path(build_dir) / name
        if not path.is_file():
            raise CorruptIndex(index_dir, f"{name} is missing")
        if path.stat().st_size != expected["size"] or file_digest(path) != expected["digest"]:
            raise CorruptIndex(index_dir, f"{name} does not match its checksum")


def write_manifest(build_dir: Path, manifest: dict) -> None:
    manifest = dict(manifest, format_version=FORMAT_VERSION, files=describe_files(build_dir))
    tmp = Path(build_dir) / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, Path(build_dir) / MANIFEST)


def publish(index_dir: Path, build_id: str) -> None:
    """Point readers at a finished build in one atomic rename, then prune old builds."""
    index_dir = Path(index_dir)
    tmp = index_dir / (POINTER + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(build_id + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, index_dir / POINTER)
    prune(index_dir, keep=build_id)


def prune(index_dir: Path, keep: str) -> None:
    import shutil

    folder = builds_dir(index_dir)
    finished = sorted((p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")),
                      key=lambda p: p.name)
    # Keep the current build and the one before it, so a reader still loading the old one is safe.
    old = [p for p in finished if p.name != keep][: max(0, len(finished) - KEEP_BUILDS)]
    for path in old:
        shutil.rmtree(path, ignore_errors=True)
    for path in folder.iterdir():
        if path.name.startswith(".tmp-"):
            shutil.rmtree(path, ignore_errors=True)
