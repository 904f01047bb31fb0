r"""Where a path named by the user leads: a company's report reads only its own folder.

Two checks, made before anything is opened: :func:`leaves_folder` reads the path as
written (an absolute path or a ``..`` step is refused even where a link would bring it
back), :func:`is_inside` resolves the links. The configuration's ``file:`` keys
(:mod:`~recouvrement.io.schema`, :mod:`~recouvrement.io.folder`) and the ``--targets``
option (:mod:`recouvrement.report.plan`) use both.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

from recouvrement.ledger import LedgerError

#: What a message says of a file that leads outside the company folder.
OUTSIDE = (
    "mène hors du dossier de la société (lien symbolique) ; un rapport ne lit que les "
    "fichiers de son propre dossier : remplacer le lien par une copie du fichier"
)


def leaves_folder(value: str) -> str | None:
    r"""How a path written by the user leaves the company folder, or ``None``.

    ``"absolute"`` for an absolute path (POSIX, or Windows with a drive or a root),
    ``"parent"`` for a ``..`` step (``/`` or ``\`` separated). Read as text only.
    """
    if PurePosixPath(value).is_absolute() or PureWindowsPath(value).anchor:
        return "absolute"
    if ".." in PureWindowsPath(value).parts:
        return "parent"
    return None


def is_inside(file: Path, root: Path) -> bool:
    """Whether ``file``, links resolved, lies inside ``root`` (already resolved).

    Nothing is opened; a loop of links is not inside (not a file of the folder).
    """
    try:
        return file.resolve().is_relative_to(root)
    except (OSError, RuntimeError):
        return False


def check_inside(file: Path, root: Path, label: str) -> None:
    """Refuse ``file`` unless, links resolved, it lies inside ``root`` (already resolved).

    Nothing is opened: the path is only resolved. ``label`` names the file in the
    message as the user wrote it (in the configuration or the folder listing).

    Raises
    ------
    LedgerError
        The file leads outside ``root`` (or its links loop).

    """
    if not is_inside(file, root):
        raise LedgerError([f"{label} {OUTSIDE}"])
