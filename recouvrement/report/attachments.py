"""Documents a report produces beside it (the letter drafts), carried by the notebook.

Displaying an :class:`Attachment` stores a whole HTML document in the executed
notebook under :data:`ATTACHMENT_MIME`; the report template prints nothing for it and
the runner writes it beside the report as ``<name>.html`` and ``<name>.pdf``. So the
documents come from the very figures of the report.
"""

from __future__ import annotations

from typing import Any

#: MIME type of a document attached to a report.
ATTACHMENT_MIME = "application/vnd.recouvrement.attachment+json"


class Attachment:
    """A document produced by a report beside it (see :func:`attachment`)."""

    def __init__(self, name: str, html: str, count: int):
        if not name.replace("-", "").replace("_", "").isalnum():
            raise ValueError(f"an attachment name is a plain word, got {name!r}")
        self.payload = {"name": name, "html": str(html), "count": int(count)}

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, Any]:
        return {ATTACHMENT_MIME: self.payload}

    def __repr__(self) -> str:
        return f"<Attachment {self.payload['name']}: {self.payload['count']} document(s)>"


def attachment(name: str, html: str, count: int) -> Attachment:
    """Attach a whole HTML document (e.g. the letter drafts) to the report.

    Displaying the returned object stores the document in the executed notebook under
    :data:`ATTACHMENT_MIME`; the report template prints nothing for it and
    the runner writes it beside the report as ``<name>.html`` and
    ``<name>.pdf``. So the documents come from the very figures of the report.
    ``count`` (documents inside, e.g. letters) is recorded in the manifest.
    """
    return Attachment(name, html, count)
