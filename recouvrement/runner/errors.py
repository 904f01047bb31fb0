"""What a user reads when a report fails, and what ``error.txt`` keeps for whoever debugs it.

The console, the status table and the index page show one French sentence: the
message of a user error (a file, a key, a value and the fix), or, for anything else,
that an unexpected error occurred and where its details are. Python exception names,
notebook cell numbers and tracebacks go only to ``error.txt`` beside the failed report,
and there every absolute path is replaced by a label (``<société>``, ``<python>``...):
the file can be sent to someone else without disclosing the machine's layout.
"""

from __future__ import annotations

import re
import sys
import tempfile
import traceback
from collections.abc import Mapping
from pathlib import Path

#: Exceptions whose message is written for the user (French, names the file or key and the fix).
USER_ERRORS = frozenset(
    {
        "LedgerError",
        "ReportError",
        "CompanyError",
        "DunningConfigError",
        "RateTableError",
        "ResourceLimitError",
    }
)

#: What the user reads when the error is not one of :data:`USER_ERRORS`.
UNEXPECTED = (
    "erreur inattendue pendant la production du rapport ; les détails techniques sont dans "
    "error.txt, à transmettre au support"
)

_ABSOLUTE = re.compile(r"(?<![\w.<>~])/(?:[^/\s'\"()<>:,]+/)+([^/\s'\"()<>:,]*)")


class ResourceLimitError(RuntimeError):
    """A stage of a report went beyond its time or size bound: the company fails, not the batch."""


#: What the user reads when a report needs more memory than its process may take.
OUT_OF_MEMORY = (
    "la production du rapport a dépassé la mémoire permise : document trop volumineux ; "
    "réduire limits.max_rows ou limits.max_letters dans recouvrement.yml"
)


def user_message(exc: BaseException) -> str:
    """The one French sentence a user reads about ``exc`` (no exception name, no cell number)."""
    name = getattr(exc, "ename", None) or type(exc).__name__
    text = str(getattr(exc, "evalue", None) or exc) if hasattr(exc, "ename") else str(exc)
    if name in USER_ERRORS and text.strip():
        return text.strip()
    if name == "MemoryError":
        return OUT_OF_MEMORY
    return UNEXPECTED


def technical_details(exc: BaseException) -> str:
    """The exception's name, the notebook cell if any, and its traceback, for ``error.txt``."""
    lines = [f"{getattr(exc, 'ename', None) or type(exc).__name__}"]
    cell = getattr(exc, "exec_count", None)
    if cell:
        lines[0] += f" (cellule {cell} du notebook)"
    lines.append("".join(traceback.format_exception(exc)))
    return "\n".join(lines)


def path_labels(**roots: Path | None) -> dict[str, str]:
    """Absolute prefixes of this run and their labels, longest first.

    ``roots`` are the run's own folders (``société=``, ``données=``, ``rapports=``...);
    the package's, the interpreter's, the home and the temporary folders are added.
    """
    labels = {str(Path(p).resolve()): f"<{k}>" for k, p in roots.items() if p is not None}
    package = Path(__file__).resolve().parents[1]
    labels.setdefault(str(package.parent), "<code>")
    labels.setdefault(sys.prefix, "<python>")
    labels.setdefault(sys.base_prefix, "<python>")
    labels.setdefault(tempfile.gettempdir(), "<tmp>")
    labels.setdefault(str(Path.home()), "~")
    return dict(sorted(labels.items(), key=lambda kv: -len(kv[0])))


def without_paths(text: str, labels: Mapping[str, str]) -> str:
    """``text`` with each absolute path replaced: known prefixes by a label, others ``…/name``."""
    for prefix, label in labels.items():
        if prefix not in ("/", ""):
            text = text.replace(prefix, label)
    return _ABSOLUTE.sub(lambda m: f"…/{m.group(1)}", text)


def error_report(exc: BaseException, labels: Mapping[str, str]) -> str:
    """The content of ``error.txt``: the user's sentence, then the details, no absolute path."""
    return without_paths(
        f"{user_message(exc)}\n\nDétails techniques :\n{technical_details(exc)}", labels
    )
