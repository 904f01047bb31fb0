"""Rendering the letter drafts (:mod:`recouvrement.dunning.letters`) as one HTML document.

The templates (``recouvrement/templates/letters``) escape everything (Jinja
autoescape): debtor names and references from client files cannot inject markup.
"""

from __future__ import annotations

from collections.abc import Iterable

from recouvrement.conventions.law import RECOVERY_INDEMNITY_EUR
from recouvrement.dunning.letters import Letter, letter_kind
from recouvrement.formatting import fmt_number
from recouvrement.report.templating import jinja_env, template_css


def render_letters(
    letters: Iterable[Letter], *, title: str = "Projets de lettres de relance"
) -> str:
    """All letters as one self-contained HTML document, one letter per printed page.

    Everything from client data is escaped by the template (Jinja autoescape).
    """
    env = jinja_env("letters")
    env.filters.update(
        rate=lambda v: f"{fmt_number(v, 2)}\u00a0%",
        level_title=lambda lvl: letter_kind(lvl)[1].lower(),
    )
    return env.get_template("letters.html.j2").render(
        letters=list(letters),
        title=title,
        css=template_css("letters", "letters.css"),
        indemnity=RECOVERY_INDEMNITY_EUR,
    )
