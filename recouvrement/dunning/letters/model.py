"""The letter as a small document model: facts, text blocks, and what is left to complete.

A :class:`Letter` holds the facts of one letter (addressee, invoices, amounts, history,
the creditor's furniture) and its content built once as :class:`Block` s: heading lines,
paragraphs, the invoice table, signature and mentions, all plain text. Every output
renders those same blocks: the HTML → PDF letters, the editable ``.docx`` and the
register (:mod:`recouvrement.report.letters`, :mod:`recouvrement.report.letter_docx`,
:mod:`recouvrement.report.letter_files`), so the three never say different things.

What a letter cannot state truthfully (a missing mandatory mention, the debtor's kind
unknown, a provisional rate) is never written in it: it is a :class:`ToDo`, gathered
per company by :func:`checklist` (one row per item, not per letter).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd

from recouvrement.conventions.law import PROFESSIONAL

__all__ = [
    "BLOCK_KINDS",
    "Block",
    "ChecklistRow",
    "Furniture",
    "HistoryEntry",
    "InvoiceRows",
    "Letter",
    "ToDo",
    "checklist",
]

#: The kinds of text block, in the order a letter usually has them.
BLOCK_KINDS = (
    "banner",  # the draft banner (missing mandatory mentions)
    "registered",  # "Lettre recommandée avec accusé de réception"
    "letterhead",  # the creditor: name, registered office, contact
    "recipient",  # the debtor: name, client reference
    "place_date",  # "Le 02/11/2026"
    "object",  # "Objet : ..."
    "greeting",  # "Madame, Monsieur,"
    "paragraph",
    "table",  # the invoices: header, rows, total row
    "signature",
    "mentions",  # art. R.123-237 code de commerce, payment details
)


@dataclass(frozen=True)
class Block:
    """One block of a letter's content, plain text (escaped by whoever renders it).

    ``lines`` for every kind but ``table``, which has ``header``, ``rows`` and
    ``footer`` (the total row; empty cells are ``""``) and ``numeric`` (per column,
    right-aligned amounts).
    """

    kind: str
    lines: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    footer: tuple[str, ...] = ()
    numeric: tuple[bool, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in BLOCK_KINDS:
            raise ValueError(f"unknown block kind {self.kind!r}; one of {BLOCK_KINDS}")

    @property
    def cells(self) -> list[str]:
        """Every cell of a table block, row by row (header, rows, total row)."""
        return [c for row in (self.header, *self.rows, self.footer) for c in row]

    def to_json(self) -> dict[str, Any]:
        """A JSON-able dict (see :meth:`from_json`)."""
        if self.kind == "table":
            return {
                "kind": self.kind,
                "header": list(self.header),
                "rows": [list(r) for r in self.rows],
                "footer": list(self.footer),
                "numeric": list(self.numeric),
            }
        return {"kind": self.kind, "lines": list(self.lines)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Block:
        """The block of :meth:`to_json`."""
        return cls(
            kind=str(data["kind"]),
            lines=tuple(str(x) for x in data.get("lines", ())),
            header=tuple(str(x) for x in data.get("header", ())),
            rows=tuple(tuple(str(x) for x in r) for r in data.get("rows", ())),
            footer=tuple(str(x) for x in data.get("footer", ())),
            numeric=tuple(bool(x) for x in data.get("numeric", ())),
        )


def paragraphs_of(blocks: Iterable[Block]) -> list[str]:
    """The text lines of every block but the tables, in order (what a ``.docx`` has)."""
    return [line for b in blocks if b.kind != "table" for line in b.lines]


def cells_of(blocks: Iterable[Block]) -> list[str]:
    """The cells of every table block, in order."""
    return [c for b in blocks if b.kind == "table" for c in b.cells]


@dataclass(frozen=True)
class ToDo:
    """What to complete or check before a letter is sent (never printed in it).

    ``draft``: the letter lacks a mention it needs (it carries the draft banner);
    otherwise a check for the credit manager. ``debtor``: the debtor concerned
    (``""``: the item is the creditor's, the same in every letter).
    """

    label: str
    article: str = ""
    draft: bool = False
    debtor: str = ""


@dataclass(frozen=True)
class ChecklistRow:
    """One item of a company's checklist: what, its article, how many letters, which debtors."""

    item: str
    article: str
    letters: int
    debtors: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """A JSON-able dict."""
        return {
            "item": self.item,
            "article": self.article,
            "letters": self.letters,
            "debtors": list(self.debtors),
        }


def checklist(letters: Sequence[Letter]) -> list[ChecklistRow]:
    """The items to complete or check, one row per item (not per letter), first seen first."""
    rows: dict[tuple[str, str], tuple[int, list[str]]] = {}
    for letter in letters:
        for todo in dict.fromkeys(letter.todo):
            count, debtors = rows.get((todo.label, todo.article), (0, []))
            if todo.debtor and todo.debtor not in debtors:
                debtors.append(todo.debtor)
            rows[todo.label, todo.article] = (count + 1, debtors)
    return [
        ChecklistRow(label, article, count, tuple(sorted(debtors)))
        for (label, article), (count, debtors) in rows.items()
    ]


@dataclass(frozen=True)
class Furniture:
    """What a letter needs beyond the ledger (``recouvrement.yml``), and what is missing.

    ``creditor`` is the name the letter is signed with; ``letterhead`` and
    ``mentions`` are lines (the mandatory mentions of art. R.123-237 code de
    commerce, the payment details); ``payment`` the payment sentence (``""``:
    unknown). ``nature``, ``contact``, ``signatory`` are ``""`` when not given.
    """

    creditor: str
    letterhead: tuple[str, ...]
    mentions: tuple[str, ...]
    payment: str
    nature: str
    contact: str
    signatory: str
    missing: tuple[ToDo, ...] = ()


@dataclass(frozen=True)
class HistoryEntry:
    """Logged dunning actions of one date recalled by a letter, as the log shows them.

    ``level``: the highest level logged that day; ``channels``: the channels logged
    (none when the log has none); ``invoices``: the letter's invoices they name (empty:
    actions on the debtor, without invoice).
    """

    date: pd.Timestamp
    level: int
    channels: tuple[str, ...] = ()
    invoices: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class InvoiceRows:
    """A letter's invoices: rows ``start:stop`` of a frame that many letters share.

    The frame is read-only (every letter of a report points into the one frame of
    their invoices); :meth:`frame` gives the letter's own rows, indexed from 0. Two
    are equal when their rows are.
    """

    shared: pd.DataFrame = field(repr=False)
    start: int = 0
    stop: int = 0

    def __len__(self) -> int:
        return self.stop - self.start

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, InvoiceRows):
            return NotImplemented
        return len(self) == len(other) and self.frame().equals(other.frame())

    __hash__ = object.__hash__

    def column(self, name: str) -> pd.Series:
        """One column of the letter's rows (a view of the shared frame)."""
        return self.shared[name].iloc[self.start : self.stop]

    def frame(self) -> pd.DataFrame:
        """The letter's rows, a new frame indexed from 0."""
        return self.shared.iloc[self.start : self.stop].reset_index(drop=True)


@dataclass(frozen=True)
class Letter:
    """One letter, its facts and its content (:attr:`blocks`), see :func:`draft_letter`.

    Attributes
    ----------
    debtor_id, debtor_name : str
        Addressee (client data: escaped when rendered); ``debtor_name`` is ``""``
        when the ledger has none (then a :class:`ToDo`, never a placeholder).
    kind, title : str
        ``relance_1``, ``relance_2``, ``relance_3`` or ``mise_en_demeure``, and its
        French title.
    level, channel : int, str
        The dunning step the letter implements.
    date : Timestamp
        Date of the letter, a business day.
    deadline : str
        The deadline: a date (``"10/11/2026"``, a business day) or, for a mise en
        demeure, ``"dix jours à compter de la réception de la présente"``.
    debtor_kind : str or None
        ``professionnel``, ``particulier``, ``public`` or None (unknown).
    civility : str or None
        ``"M."`` or ``"Mme"`` (an individual's greeting), else None.
    rows : InvoiceRows
        Where its invoices are (:attr:`invoices` builds their frame when first asked).
    penalty_rate : float or None
        The annual rate stated (percent), None when no penalty is stated or the
        invoices have different rates (then each one's is in the table).
    history : tuple of HistoryEntry
        The logged actions the letter recalls, oldest first.
    furniture : Furniture
    amounts_at : Timestamp
        Date the residuals and penalties were computed at.
    provisional : bool
        A penalty rate stated is provisional (a checklist item, not a footnote).
    notes : tuple of ToDo
        The letter's own checks (unknown kind, provisional rate, missing name).
    composer : callable or None
        Builds the content from the facts (``compose`` with the regime's articles) when
        :attr:`blocks` is first asked: a report writes out at most
        ``limits.max_letters`` letters, the others' text is never built.

    Notes
    -----
    :attr:`invoices` (``invoice_id, issue_date, due_date, amount, residual, interest,
    indemnity, rate, claimed, basis``: euros, ``interest``/``indemnity`` 0 when not
    claimed, ``basis`` the interest table's short legal basis or ``""``) and
    :attr:`blocks` (``()`` without a composer) are built when first used, then kept.

    """

    debtor_id: str
    debtor_name: str
    kind: str
    title: str
    level: int
    channel: str
    date: pd.Timestamp
    deadline: str
    debtor_kind: str | None
    civility: str | None
    rows: InvoiceRows = field(repr=False)
    penalty_rate: float | None
    history: tuple[HistoryEntry, ...]
    furniture: Furniture
    amounts_at: pd.Timestamp
    provisional: bool = False
    notes: tuple[ToDo, ...] = ()
    composer: Callable[[Letter], tuple[Block, ...]] | None = field(
        default=None, repr=False, compare=False
    )

    @cached_property
    def invoices(self) -> pd.DataFrame:
        """The invoices claimed, one row each (see the class' Notes)."""
        return self.rows.frame()

    @cached_property
    def blocks(self) -> tuple[Block, ...]:
        """The content, built once by :func:`~recouvrement.dunning.letters.texts.compose`."""
        return () if self.composer is None else tuple(self.composer(self))

    @property
    def n_invoices(self) -> int:
        """How many invoices the letter claims."""
        return len(self.rows)

    @property
    def registered(self) -> bool:
        """A mise en demeure, sent by registered letter with acknowledgement of receipt."""
        return self.kind == "mise_en_demeure"

    @property
    def creditor(self) -> str:
        """The creditor's name (the audited company)."""
        return self.furniture.creditor

    @property
    def nature(self) -> str:
        """Nature of the goods or services (``""`` when not configured)."""
        return self.furniture.nature

    @property
    def contact(self) -> str:
        """Whom to contact (``""`` when not configured)."""
        return self.furniture.contact

    @property
    def signatory(self) -> str:
        """Name and function of the signatory (``""`` when not configured)."""
        return self.furniture.signatory

    @property
    def professional(self) -> bool:
        """The debtor is a professional."""
        return self.debtor_kind == PROFESSIONAL

    @property
    def kind_known(self) -> bool:
        """The debtor's kind is known."""
        return self.debtor_kind is not None

    @cached_property
    def claims(self) -> bool:
        """Penalties (and possibly the indemnity) are stated for at least one invoice."""
        return bool(self.rows.column("claimed").any())

    @property
    def previous(self) -> list[tuple[pd.Timestamp, int]]:
        """``(date, level)`` of each action recalled, oldest first."""
        return [(h.date, h.level) for h in self.history]

    @property
    def todo(self) -> tuple[ToDo, ...]:
        """Everything to complete or check before sending: the furniture's, the letter's."""
        return (*self.furniture.missing, *self.notes)

    @property
    def draft(self) -> bool:
        """A mention the letter needs is missing: it carries the draft banner."""
        return any(t.draft for t in self.todo)

    @cached_property
    def principal(self) -> float:
        """Σ residual of the invoices, euros."""
        return round(float(self.rows.column("residual").sum()), 2)

    @cached_property
    def penalties(self) -> float:
        """Σ late-payment interest stated, euros."""
        return round(float(self.rows.column("interest").sum()), 2)

    @cached_property
    def indemnities(self) -> float:
        """Σ recovery indemnities stated, euros."""
        return round(float(self.rows.column("indemnity").sum()), 2)

    @cached_property
    def total(self) -> float:
        """Principal + penalties + indemnities, euros."""
        return round(self.principal + self.penalties + self.indemnities, 2)

    @property
    def paragraphs(self) -> list[str]:
        """The text lines of the letter outside its table, in order."""
        return paragraphs_of(self.blocks)

    @property
    def cells(self) -> list[str]:
        """The cells of the invoice table, row by row."""
        return cells_of(self.blocks)
