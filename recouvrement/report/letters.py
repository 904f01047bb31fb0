"""The letters (:mod:`recouvrement.dunning.letters`) rendered as one HTML document (→ PDF).

Each letter's content is its text blocks, rendered as they are: the ``.docx`` and the
register (:mod:`recouvrement.report.letter_docx`, :mod:`recouvrement.report.
letter_files`) say the same. The template (``recouvrement/templates/letters``) escapes
everything (Jinja autoescape): debtor names and references from client files cannot
inject markup.
"""

from __future__ import annotations

from collections.abc import Iterable

from recouvrement.dunning.letters import Letter
from recouvrement.report.templating import jinja_env, template_css

#: The default title of the letters document.
LETTERS_TITLE = "Lettres de relance et mises en demeure"


class RenderedLetters(str):
    """The HTML of :func:`render_letters`, which keeps the letters it shows (``letters``).

    It is a ``str`` like any HTML; :func:`recouvrement.report.attachments.attachment`
    reads ``letters`` to attach the ``.docx``, the register and the checklist too.
    """

    letters: tuple[Letter, ...]
    title: str

    def __new__(cls, html: str, letters: Iterable[Letter], title: str) -> RenderedLetters:
        """The HTML ``html`` of ``letters``, titled ``title``."""
        out = super().__new__(cls, html)
        out.letters = tuple(letters)
        out.title = title
        return out


def render_letters(letters: Iterable[Letter], *, title: str = LETTERS_TITLE) -> RenderedLetters:
    """All letters as one self-contained HTML document, one letter per printed page.

    Everything from client data is escaped by the template (Jinja autoescape).
    """
    letters = list(letters)
    html = (
        jinja_env("letters")
        .get_template("letters.html.j2")
        .render(letters=letters, title=title, css=template_css("letters", "letters.css"))
    )
    return RenderedLetters(html, letters, title)
