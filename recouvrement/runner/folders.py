"""The report folders: the output folder, atomic publication, and what killed runs leave.

:func:`writable_out_dir` checks the output folder before any work; :func:`publish`
renames a finished report into place. A report is built in a hidden temporary folder
beside its target (``<out>/<company>/.<YYYY-MM>.tmp-<pid>-*``), an old report moved aside before its
replacement (``.<YYYY-MM>.old-<pid>-*``), and each Jupyter kernel talks through Unix
sockets and a connection file in a private folder (``<tmp>/rc-kernel-<pid>-*``). A run
killed in the middle leaves them; every name carries the process id of its run, so the
next batch removes those whose process is gone (:func:`clean_stale`), and never the ones
of a run still going.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from recouvrement.report.plan import ReportError

#: Prefix of a kernel's private folder in the temporary directory.
KERNEL_DIR_PREFIX = "rc-kernel-"

#: Leftovers of an earlier version carry no process id: removed when older than this.
LEGACY_AGE_S = 24 * 3600

_LEFTOVER = re.compile(r"^\..+\.(tmp|old)-(\d+)-")
_LEGACY = re.compile(r"^\..+\.(tmp|old)-")
_KERNEL = re.compile(rf"^{KERNEL_DIR_PREFIX}(\d+)-")


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs (``kill(pid, 0)``; ours or another user's)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def tmp_prefix(month: str) -> str:
    """Prefix of the temporary folder of a report being built by this process."""
    return f".{month}.tmp-{os.getpid()}-"


def aside_name(name: str) -> str:
    """Name of an old report folder moved aside by this process before its replacement."""
    return f".{name}.old-{os.getpid()}-{time.monotonic_ns()}"


def kernel_dir() -> Path:
    """A new private folder for one kernel's sockets and connection file."""
    return Path(tempfile.mkdtemp(prefix=f"{KERNEL_DIR_PREFIX}{os.getpid()}-"))


def _stale(path: Path, pattern: re.Pattern[str]) -> bool:
    match = pattern.match(path.name)
    if match is not None:
        return not pid_alive(int(match.groups()[-1]))
    if pattern is _LEFTOVER and _LEGACY.match(path.name):
        return time.time() - path.stat().st_mtime > LEGACY_AGE_S
    return False


def clean_stale(out_root: Path) -> list[str]:
    """Remove what killed runs left under ``out_root`` and in the temporary directory.

    Returns the names removed (relative to their parent), for the log. Folders of a run
    whose process still runs are kept; nothing else is touched.
    """
    removed = []
    candidates = []
    if out_root.is_dir():
        candidates += [
            (p, _LEFTOVER)
            for company in out_root.iterdir()
            if company.is_dir() and not company.name.startswith(".")
            for p in company.iterdir()
            if p.is_dir() and p.name.startswith(".")
        ]
    temp = Path(tempfile.gettempdir())
    candidates += [(p, _KERNEL) for p in temp.glob(f"{KERNEL_DIR_PREFIX}*") if p.is_dir()]
    for path, pattern in candidates:
        try:
            if _stale(path, pattern):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path.name)
        except OSError:  # vanished meanwhile, or not ours to read
            continue
    return removed


def writable_out_dir(out_dir: str | os.PathLike[str]) -> Path:
    """The output folder, created if needed; a clear error when it cannot hold reports.

    Raises
    ------
    ReportError
        When ``out_dir`` is a file, or cannot be created or written to.

    """
    out = Path(out_dir).expanduser().resolve()
    if out.exists() and not out.is_dir():
        raise ReportError(
            f"le dossier des rapports « {out_dir} » est un fichier : choisir un dossier"
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportError(
            f"impossible de créer le dossier des rapports « {out_dir} » ({exc.strerror}) : "
            "choisir un dossier où l'on peut écrire"
        ) from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise ReportError(
            f"le dossier des rapports « {out_dir} » n'est pas accessible en écriture : "
            "choisir un autre dossier ou en corriger les droits"
        )
    return out


def publish(tmp: Path, final: Path) -> None:
    """Rename ``tmp`` to ``final``, replacing an existing folder (old one moved aside first)."""
    old = None
    if final.exists():
        old = final.parent / aside_name(final.name)
        os.rename(final, old)
    os.rename(tmp, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
