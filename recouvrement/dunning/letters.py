"""Reminder letters: French drafts per debtor, from templates, for the next dunning actions.

One letter per debtor procedure (several overdue invoices of one debtor go into one
letter), of the kind its dunning level calls for:

============  =====================================  =========================
level         letter                                 deadline given
============  =====================================  =========================
1             première relance (rappel courtois)     8 days
2             deuxième relance (pénalités rappelées) 8 days
3             troisième relance (dernier rappel)     8 days
4 and above   mise en demeure (LRAR)                 10 days from receipt
============  =====================================  =========================

Every letter carries what DOMAIN.md requires: an object; for each invoice its number,
date, nature, due date and amount due; for a professional debtor the penalty rate and
the 40 € recovery indemnity per invoice (art. L.441-10 du Code de commerce) with the
amounts accrued at the date of the letter; the deadline; the contact; the signature;
and the line "if already paid, disregard". The tone is courteous, professional and
firm; a letter never threatens and never mentions any third party (both are offences:
art. 312-10 and 226-1 du Code pénal). A mise en demeure recalls the previous reminders
and states the consequence (legal interest runs, art. 1344-1 du Code civil; court
action) without threat.

These are **drafts** for the consultant or the client's credit controller: what the
ledger cannot know (the nature of the goods or services, the contact, the signatory)
comes from the company's ``recouvrement.yml`` (``dunning: letters: {nature, contact,
signatory}``) or is left as a visible ``[à compléter : …]`` field, never invented:
a debtor without a name is addressed by such a field (:func:`addressee`), never by its
id as if it were a name; a debtor of unknown kind gets no penalty stated and a note
asking to check its kind before sending.

The drafts are rendered to HTML by :func:`recouvrement.report.letters.render_letters`,
whose templates escape everything: debtor names and references from client files
cannot inject markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from recouvrement import conventions as cv
from recouvrement.aging import Snapshot
from recouvrement.conventions.law import PROFESSIONAL
from recouvrement.formatting import fmt_date

__all__ = [
    "DEADLINE_DAYS",
    "FORMAL_NOTICE_DAYS",
    "LETTER_KINDS",
    "Letter",
    "addressee",
    "draft_letter",
    "letter_kind",
    "letters_for",
]

#: Days given to pay in a reminder letter (levels 1 to 3).
DEADLINE_DAYS = 8
#: Days from receipt given by a mise en demeure (DOMAIN.md: 10 by default; 8 or 15 used).
FORMAL_NOTICE_DAYS = 10
#: The notice periods a mise en demeure may give, in words.
NOTICE_WORDS = {8: "huit", 10: "dix", 15: "quinze"}
#: Level -> (kind, French title). Level 4 and above: mise en demeure.
LETTER_KINDS: dict[int, tuple[str, str]] = {
    1: ("relance_1", "Première relance"),
    2: ("relance_2", "Deuxième relance"),
    3: ("relance_3", "Troisième relance"),
    4: ("mise_en_demeure", "Mise en demeure"),
}
_TODO = "[à compléter : {}]"


def addressee(debtor_id: str, name: object) -> str:
    """The debtor's name, or ``[à compléter : raison sociale du débiteur <id>]`` without one."""
    if name is None or pd.isna(name) or not str(name).strip():
        return _TODO.format(f"raison sociale du débiteur {debtor_id}")
    return str(name)


def letter_kind(level: int) -> tuple[str, str]:
    """``(kind, title)`` of the letter for a dunning level (≥ 1).

    Raises
    ------
    ValueError
        For a level below 1.

    """
    if int(level) < 1:
        raise ValueError(f"a reminder letter needs a dunning level ≥ 1, got {level!r}")
    return LETTER_KINDS[min(int(level), 4)]


@dataclass(frozen=True)
class Letter:
    """One drafted letter, to render with :func:`~recouvrement.report.letters.render_letters`.

    Attributes
    ----------
    debtor_id, debtor_name : str
        Addressee (client data: escaped when rendered); ``debtor_name`` is
        :func:`addressee`'s (a placeholder when the ledger has no name).
    kind, title : str
        From :func:`letter_kind`.
    level : int
        Dunning level the letter implements.
    date : Timestamp
        Date of the letter (the as-of date of the audit).
    deadline : str
        The deadline sentence's date part (``"15/11/2026"`` or ``"dix jours à compter
        de la réception de la présente"``).
    professional : bool
        Whether penalties and the 40 € indemnity apply (art. L.441-10).
    invoices : DataFrame
        ``invoice_id, issue_date, due_date, amount, residual, interest, indemnity``
        (euros; ``interest``/``indemnity`` 0 for private debtors).
    penalty_rate : float or None
        Annual rate of the late-payment penalties, percent.
    previous : list of (Timestamp, int)
        Earlier reminders of the procedure (date, level), oldest first.
    creditor, nature, contact, signatory : str
        Letter furniture (``[à compléter : …]`` when unknown).
    provisional : bool
        Penalties computed with a rate marked provisional by the legal rate tables.
    amounts_at : Timestamp
        Date the residuals and penalties were computed at (``date`` by default).
    kind_known : bool
        The debtor's kind (professional or private) is known; when not, no penalty is
        stated and the letter asks to check the kind before sending.

    """

    debtor_id: str
    debtor_name: str
    kind: str
    title: str
    level: int
    date: pd.Timestamp
    deadline: str
    professional: bool
    invoices: pd.DataFrame = field(repr=False)
    penalty_rate: float | None
    previous: list[tuple[pd.Timestamp, int]]
    creditor: str
    nature: str
    contact: str
    signatory: str
    provisional: bool = False
    amounts_at: pd.Timestamp | None = None
    kind_known: bool = True

    def __post_init__(self) -> None:
        if self.amounts_at is None:
            object.__setattr__(self, "amounts_at", self.date)

    @property
    def principal(self) -> float:
        """Σ residual of the invoices, euros."""
        return round(float(self.invoices["residual"].sum()), 2)

    @property
    def penalties(self) -> float:
        """Σ late-payment interest, euros."""
        return round(float(self.invoices["interest"].sum()), 2)

    @property
    def indemnities(self) -> float:
        """Σ recovery indemnities, euros."""
        return round(float(self.invoices["indemnity"].sum()), 2)

    @property
    def total(self) -> float:
        """Principal + penalties + indemnities, euros."""
        return round(self.principal + self.penalties + self.indemnities, 2)


_INVOICE_COLUMNS = ("invoice_id", "issue_date", "due_date", "amount", "residual")


def draft_letter(
    debtor_id: str,
    debtor_name: str | None,
    level: int,
    invoices: pd.DataFrame,
    as_of: object,
    *,
    professional: bool = True,
    penalty_rate: float | None = None,
    previous: Iterable[tuple[object, int]] = (),
    creditor: str,
    settings: Mapping[str, Any] | None = None,
    provisional: bool = False,
    amounts_at: object = None,
    kind_known: bool = True,
) -> Letter:
    """Draft the letter of one debtor procedure.

    Parameters
    ----------
    debtor_id, debtor_name : str
        The debtor (name missing or empty: the visible placeholder of :func:`addressee`).
    level : int
        Dunning level to implement (see :func:`letter_kind`).
    invoices : DataFrame
        The debtor's invoices in the procedure: ``invoice_id, issue_date, due_date,
        amount, residual`` and optionally ``interest`` and ``indemnity`` (euros, from
        :mod:`recouvrement.legal`; missing = 0). Not modified.
    as_of : date-like
        When it is sent: dated then, or on the next business day (French public holidays),
        and so is its deadline.
    professional : bool
        Professional debtor: penalties and the 40 € indemnity are stated.
    penalty_rate : float, optional
        Annual penalty rate, percent (stated for professional debtors).
    previous : iterable of (date, level)
        Earlier reminders of the procedure, recalled by levels 2+.
    creditor : str
        The company that writes (the audited company).
    settings : mapping, optional
        ``nature``, ``contact``, ``signatory``, ``deadline_days`` (reminders, default
        8) and ``notice_days`` (mise en demeure: 8, 10 or 15, default 10) from the
        company's configuration (``dunning: letters:``).
    provisional : bool
        The penalty rate is provisional (a footnote asks to check it before sending).
    amounts_at : date-like, optional
        Date the residuals and penalties were computed at, when not ``as_of``.
    kind_known : bool
        Whether the debtor's kind is known. ``False``: no penalty nor indemnity is
        stated (whatever ``professional`` says) and the letter carries a note asking
        to check the kind before sending.

    Returns
    -------
    Letter

    Raises
    ------
    ValueError
        No invoice, a missing column, a level below 1, a non-positive residual (a
        paid invoice is never dunned) or an invalid deadline setting.

    """
    kind, title = letter_kind(level)
    missing = [c for c in _INVOICE_COLUMNS if c not in invoices.columns]
    if missing:
        raise ValueError(f"invoices lack column(s) {missing}")
    if invoices.empty:
        raise ValueError(f"no invoice to claim from debtor {debtor_id!r}")
    if (invoices["residual"] <= 0).any():
        paid = invoices.loc[invoices["residual"] <= 0, "invoice_id"].tolist()
        raise ValueError(f"invoice(s) {paid} have nothing left to pay: never dun what is paid")
    asked = cv.as_date(as_of)
    day = cv.next_business_day(asked)  # dated on a business day (French public holidays)
    professional = bool(professional and kind_known)
    inv = invoices.loc[:, list(_INVOICE_COLUMNS)].copy()
    for col in ("interest", "indemnity"):
        values = invoices[col] if col in invoices.columns else 0.0
        inv[col] = pd.Series(values, index=invoices.index).fillna(0.0) if professional else 0.0
    inv = inv.sort_values(["due_date", "invoice_id"], kind="stable").reset_index(drop=True)
    settings = dict(settings or {})
    if kind == "mise_en_demeure":
        notice = settings.get("notice_days", FORMAL_NOTICE_DAYS)
        if notice not in NOTICE_WORDS:
            raise ValueError(
                f"dunning.letters.notice_days: {notice!r}; a mise en demeure gives "
                f"{', '.join(map(str, NOTICE_WORDS))} days"
            )
        deadline = f"{NOTICE_WORDS[notice]} jours à compter de la réception de la présente"
    else:
        days = settings.get("deadline_days", DEADLINE_DAYS)
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 60:
            raise ValueError(
                f"dunning.letters.deadline_days: {days!r}; expected a number of days, 1 to 60"
            )
        deadline = fmt_date(cv.next_business_day(day + pd.Timedelta(days=days)))
    return Letter(
        debtor_id=str(debtor_id),
        debtor_name=addressee(str(debtor_id), debtor_name),
        kind=kind,
        title=title,
        level=int(level),
        date=day,
        deadline=deadline,
        professional=bool(professional),
        invoices=inv,
        penalty_rate=penalty_rate if professional else None,
        previous=[(cv.as_date(d), int(lvl)) for d, lvl in previous],
        creditor=creditor,
        nature=str(settings.get("nature") or _TODO.format("nature des prestations ou produits")),
        contact=str(settings.get("contact") or _TODO.format("service et coordonnées à contacter")),
        signatory=str(settings.get("signatory") or _TODO.format("nom et fonction du signataire")),
        provisional=bool(provisional and professional),
        amounts_at=cv.as_date(amounts_at) if amounts_at is not None else asked,
        kind_known=bool(kind_known),
    )


def letters_for(
    snap: Snapshot,
    actions: pd.DataFrame,
    interest: pd.DataFrame | None = None,
    *,
    penalty_rate: float | None = None,
    provisional: bool = False,
) -> list[Letter]:
    """The letter drafts of the next dunning actions, one per debtor procedure.

    Parameters
    ----------
    snap : Snapshot
        The ledger at the audit date (:class:`recouvrement.aging.Snapshot`): invoices,
        debtors, dunning log, company settings; the letters are dated from it.
    actions : DataFrame
        ``NextActions.actions`` of :func:`recouvrement.dunning.next_actions`
        (``debtor_id, name, level, invoices`` ...). Not modified.
    interest : DataFrame, optional
        :func:`recouvrement.legal.late_payment_interest` at ``as_of``: the penalties
        and indemnity of each invoice (missing: none stated).
    penalty_rate : float, optional
        The annual penalty rate stated in the letters (percent).
    provisional : bool
        The rate is provisional (each letter then carries a footnote).

    Returns
    -------
    list of Letter
        In the order of ``actions``. Actions of level 0 (pre-due notice, an email) and
        of level 5 and above (collection agency or court: no letter to draft) get no
        letter. Penalties and the indemnity are stated for professional debtors only
        (kind: :meth:`recouvrement.ledger.Ledger.kinds`, the company's default kind
        included); a debtor of unknown kind gets none (they are not claimable, see
        :mod:`recouvrement.legal`) and a note asking to check its kind.

    Notes
    -----
    A letter is dated the day its action is due (``as_of`` when already late) and
    claims only the action's invoices overdue by that date (a procedure may group
    invoices that fall due later in the month: they wait for the next letter). The
    invoices of a letter come with their residual at ``as_of`` (the snapshot's
    open items); the previous reminders it recalls are
    the logged actions of those invoices (or of the debtor, without invoice) dated on
    or before ``as_of``, one per date, the three latest.

    """
    ledger, day = snap.ledger, snap.as_of
    items = snap.items.set_index("invoice_id")
    kinds = ledger.kinds()
    extra = interest.set_index("invoice_id") if interest is not None and len(interest) else None
    log = ledger.actions if ledger.has("actions") else None
    settings = ((ledger.meta or {}).get("dunning") or {}).get("letters") or {}
    out = []
    for row in actions.itertuples(index=False):
        if row.level < 1 or row.level >= 5:
            continue
        # the letter is dated when the action is due (today if already late) and claims
        # only what is overdue by then: a procedure may group invoices due later
        sent = max(day, cv.as_date(row.action_date))
        ids = [i for i in row.invoices if i in items.index and items.loc[i, "due_date"] < sent]
        if not ids:
            continue
        inv = items.loc[ids, ["issue_date", "due_date", "amount", "residual"]].reset_index()
        inv = inv.rename(columns={"index": "invoice_id"})
        if extra is not None:
            inv["interest"] = inv["invoice_id"].map(extra["interest"]).fillna(0.0).to_numpy()
            inv["indemnity"] = inv["invoice_id"].map(extra["indemnity"]).fillna(0.0).to_numpy()
        previous: list[tuple[pd.Timestamp, int]] = []
        if log is not None:
            mine = log[
                (log["date"] <= day)
                & (
                    log["invoice_id"].isin(ids)
                    | (log["invoice_id"].isna() & (log["debtor_id"] == row.debtor_id))
                )
            ]
            firsts = mine.groupby("date")["level"].max().sort_index().tail(3)
            previous = [(d, int(lvl)) for d, lvl in firsts.items()]
        kind = kinds.get(row.debtor_id)
        out.append(
            draft_letter(
                row.debtor_id,
                row.name,
                int(row.level),
                inv,
                sent,
                professional=kind == PROFESSIONAL,
                penalty_rate=penalty_rate,
                previous=previous,
                creditor=ledger.name,
                settings=settings,
                provisional=provisional,
                amounts_at=day,
                kind_known=kind in cv.DEBTOR_KINDS,
            )
        )
    return out
