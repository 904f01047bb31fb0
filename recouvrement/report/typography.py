"""French typography of a finished HTML document: the spaces and apostrophes a typesetter sets.

Applied once to the whole exported document (:func:`typeset_html`), so that every
sentence, whichever module wrote it, follows the same rules (Lexique des règles
typographiques en usage à l'Imprimerie nationale):

- a non-breaking space (U+00A0) inside « guillemets » and before a colon, and a narrow
  non-breaking space (U+202F) before ; ? ! — so that « and » never end or start a line
  alone and « Total : » never breaks before its colon; only an existing space is
  replaced (``10:30``, ``https://`` and ``?x=1`` keep theirs), guillemets get theirs
  when it is missing;
- the typographic apostrophe ’ between two letters (``l'objectif`` → ``l’objectif``),
  whether written ``'`` or escaped ``&#39;`` / ``&#x27;``.

Only text between tags changes: tags, attribute values, ``<style>``, ``<script>``,
``<svg>``, ``<pre>`` and ``<code>`` are left as they are. Client text is already escaped
when it reaches here; the rules insert spaces and an apostrophe only, never markup.
"""

from __future__ import annotations

import re

__all__ = ["french_text", "typeset_html"]

NBSP = "\u00a0"
NNBSP = "\u202f"

_TAG = re.compile(r"(<[^>]*>)")
_RAW_OPEN = re.compile(r"<(style|script|svg|pre|code|textarea)\b", re.IGNORECASE)
_APOSTROPHE = re.compile(r"(?<=[^\W\d_])(?:'|&#39;|&#x27;)(?=[^\W\d_])")
_RULES = (
    (re.compile(r"«[ \u00a0\u202f]*"), "«" + NBSP),
    (re.compile(r"[ \u00a0\u202f]*»"), NBSP + "»"),
    (re.compile(r"[ \u202f]+:(?=\s|$|<|&)"), NBSP + ":"),
    (re.compile(r"[ \u00a0]+([;?!])"), NNBSP + r"\1"),
)


def french_text(text: str) -> str:
    """One text node set in French typography (module docstring)."""
    out = _APOSTROPHE.sub("’", text)
    for pattern, repl in _RULES:
        out = pattern.sub(repl, out)
    return out


def typeset_html(html: str) -> str:
    """The document with every text node set in French typography (module docstring)."""
    parts = _TAG.split(html)
    raw: str | None = None
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            if raw is None:
                m = _RAW_OPEN.match(part)
                if m and not part.endswith("/>"):
                    raw = m.group(1).lower()
            elif re.match(rf"</{raw}\s*>", part, re.IGNORECASE):
                raw = None
        elif raw is None and part:
            parts[i] = french_text(part)
    return "".join(parts)
