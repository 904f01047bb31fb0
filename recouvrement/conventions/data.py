"""The one reader of the package's own data files (``recouvrement/data``, ``templates``).

Conventions that are data, not code, are shipped inside the package: the dunning
calendar presets (``data/dunning_calendars.yml``), the dated rate tables
(``data/rates/*.csv``), the scoring weights (``data/scoring_weights.csv``), the
report templates (``templates/``) and the report notebook (``notebooks/``). Every
module that needs one asks here, so a file is located and decoded in one place:
UTF-8 always, CSV cells as text (each reader checks and converts its own columns).

Nothing here reads a client's file: that is :mod:`recouvrement.io`'s job.
"""

from __future__ import annotations

import io
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

#: The package whose data files these are.
PACKAGE = "recouvrement"


def package_path(*parts: str) -> Path:
    """Filesystem path of a file or folder shipped in the package (e.g. a template folder).

    Raises
    ------
    FileNotFoundError
        When the package has no such file or folder.

    """
    path = Path(str(resources.files(PACKAGE).joinpath(*parts)))
    if not path.exists():
        raise FileNotFoundError(f"{label(*parts)}: not shipped with the package")
    return path


def label(*parts: str) -> str:
    """How a package file is named in messages: ``recouvrement/data/rates/x.csv``."""
    return "/".join((PACKAGE, *parts))


def read_text(*parts: str) -> str:
    """The text of a package file, decoded as UTF-8."""
    return package_path(*parts).read_text(encoding="utf-8")


def read_yaml(*parts: str) -> Any:
    """A YAML file of the package, parsed (``yaml.safe_load``)."""
    return yaml.safe_load(read_text(*parts))


def read_csv(*parts: str) -> pd.DataFrame:
    """A comma-separated UTF-8 table of the package, every cell as text (no NA guessing)."""
    return pd.read_csv(io.StringIO(read_text(*parts)), dtype="str", keep_default_na=False)
