"""SHA-256 fingerprints of a company's input files: the one place input files are hashed.

A report records the fingerprint of every file of its company's folder (read by the
ledger or not: adding or changing any of them makes the report stale) and a
reproducibility stamp built from them (:mod:`recouvrement.runner.plan`). Each input
file is hashed once per report, here.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

#: Bytes read at a time while hashing.
CHUNK = 1 << 20


def sha256_file(path: str | os.PathLike[str]) -> str:
    """SHA-256 of a file's bytes, hex."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def folder_files(folder: str | os.PathLike[str]) -> list[Path]:
    """Every file of a company folder, recursively, hidden files and folders excepted, sorted."""
    root = Path(folder)
    out = []
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or not p.is_file():
            continue
        out.append(p)
    return out


def fingerprint_folder(folder: str | os.PathLike[str]) -> dict[str, str]:
    """SHA-256 of every file of a company folder: ``{relative posix path: sha256}``, sorted.

    ``recouvrement.yml`` included. Every file counts, read by the ledger or not.
    """
    root = Path(folder)
    return {p.relative_to(root).as_posix(): sha256_file(p) for p in folder_files(root)}


def files_digest(paths: Iterable[Path]) -> str:
    """One SHA-256 over several files (names and contents), independent of their order."""
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.name.encode())
        h.update(sha256_file(p).encode())
    return h.hexdigest()
