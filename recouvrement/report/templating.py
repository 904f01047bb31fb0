"""The one Jinja environment of the package's HTML templates (index page, letters).

Templates live in ``recouvrement/templates/<folder>`` and are read through
:mod:`recouvrement.conventions.data`. Autoescape is always on: every value that comes
from client data (debtor names, references, comments) is escaped, never interpreted.
Undefined variables are errors, so a template never prints an empty figure silently.
"""

from __future__ import annotations

import jinja2

from recouvrement import formatting as fm
from recouvrement.conventions.data import package_path, read_text
from recouvrement.report.fonts import font_face_css

#: French formatting filters available in every template.
FILTERS = {
    "eur": fm.fmt_eur,
    "pct": fm.fmt_pct,
    "intfr": fm.fmt_int,
    "date": fm.fmt_date,
    "month": fm.fmt_month,
    "days": lambda v: fm.fmt_days(v, 1),
}


def jinja_env(folder: str) -> jinja2.Environment:
    """An autoescaping, strict environment on ``recouvrement/templates/<folder>``."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(package_path("templates", folder))),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(FILTERS)
    return env


def template_css(folder: str, name: str) -> str:
    """A stylesheet of ``recouvrement/templates/<folder>``, to inline in a document.

    Preceded by the ``@font-face`` rules of the font shipped in the package
    (:func:`recouvrement.report.fonts.font_face_css`): the stylesheets name only that
    family, so letters, index and tables look the same on every machine.
    """
    return font_face_css() + "\n" + read_text("templates", folder, name)
