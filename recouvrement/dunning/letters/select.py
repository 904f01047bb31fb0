"""The letters of the next dunning actions: which debtors, which invoices, which history."""

from __future__ import annotations

import pandas as pd

from recouvrement import conventions as cv
from recouvrement.aging import Snapshot
from recouvrement.dunning.letters.draft import draft_letter
from recouvrement.dunning.letters.kinds import FORMAL_NOTICE, letter_kind
from recouvrement.dunning.letters.model import HistoryEntry, Letter

__all__ = ["HISTORY_MAX", "INTEREST_COLUMNS", "letter_history", "letters_for"]

#: The columns of the interest table a letter uses, when present.
INTEREST_COLUMNS = (
    "interest",
    "indemnity",
    "rate",
    "claimable",
    "policy",
    "claimed",
    "basis",
    "provisional",
)
#: The dates of the log a letter recalls at most (the latest).
HISTORY_MAX = 3


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def letter_history(
    log: pd.DataFrame | None,
    debtor_id: str,
    invoices: pd.DataFrame,
    date: pd.Timestamp,
    as_of: pd.Timestamp,
) -> tuple[HistoryEntry, ...]:
    """The logged actions a letter dated ``date`` may recall, oldest first.

    An action of the log (``debtor_id, invoice_id, date, channel, level``) is recalled
    when it is dated strictly before the letter (and not after ``as_of``, the date of
    the facts) and strictly after the due date of an invoice of the letter: on that
    invoice, or on the debtor without invoice (after the earliest due date). The
    actions of one date make one entry (highest level, every channel); the
    :data:`HISTORY_MAX` latest dates are kept. Nothing else is ever said.
    """
    if log is None or log.empty:
        return ()
    due = dict(zip(invoices["invoice_id"], invoices["due_date"], strict=True))
    when = log["date"]
    on_invoice = log["invoice_id"].isin(list(due)) & (log["invoice_id"].map(due) < when)
    on_debtor = (
        log["invoice_id"].isna() & (log["debtor_id"] == debtor_id) & (when > min(due.values()))
    )
    mine = log[(when < date) & (when <= as_of) & (on_invoice | on_debtor)]
    order = {i: k for k, i in enumerate(invoices["invoice_id"])}
    out = []
    for day, same in mine.groupby("date", sort=True):
        channels = same["channel"] if "channel" in same.columns else pd.Series([], dtype="object")
        named = sorted({i for i in same["invoice_id"] if not _missing(i)}, key=order.__getitem__)
        out.append(
            HistoryEntry(
                date=pd.Timestamp(day),
                level=int(same["level"].max()),
                channels=tuple(dict.fromkeys(str(c).strip() for c in channels if not _missing(c))),
                invoices=() if same["invoice_id"].isna().any() else tuple(named),
            )
        )
    return tuple(out[-HISTORY_MAX:])


def letters_for(
    snap: Snapshot,
    actions: pd.DataFrame,
    interest: pd.DataFrame | None = None,
    *,
    penalty_rate: float | None = None,
    provisional: bool = False,
) -> list[Letter]:
    """The letters of the next dunning actions, one per debtor procedure.

    Parameters
    ----------
    snap : Snapshot
        The ledger at the audit date (:class:`recouvrement.aging.Snapshot`): invoices,
        debtors (kind, civility, insolvency date), dunning log, the company's
        ``creditor:`` and ``dunning: letters:`` settings.
    actions : DataFrame
        ``NextActions.actions`` of :func:`recouvrement.dunning.next_actions`
        (``debtor_id, name, level, channel, action_date, invoices, levels`` ...).
        Not modified.
    interest : DataFrame, optional
        :func:`recouvrement.legal.late_payment_interest` at the audit date: each
        invoice's penalties, indemnity, rate, whether ``claimable`` and, when the
        table has them, ``policy`` (``réclamer`` / ``renoncer``), ``basis``,
        ``provisional``. Missing: no penalty stated.
    penalty_rate : float, optional
        The rate of an invoice whose row has none (percent per year); the rows' own
        ``rate`` is used first.
    provisional : bool
        For an interest table without a ``provisional`` column: the rate is
        provisional (a checklist item, never printed).

    Returns
    -------
    list of Letter
        In the order of ``actions``.

    Notes
    -----
    - The letter is dated the day its action is due (the audit date when already
      late), moved to the next business day; its amounts are those of the audit date.
    - The kind of letter comes from the step's channel: a registered letter makes a
      mise en demeure, a call or a hand-over (agency, court) no letter, any other
      channel a reminder. Level 0 (a pre-due notice) gets none.
    - A letter lists only the procedure's invoices overdue at its date (due date
      strictly before it) with something left to pay. A **mise en demeure lists only
      the invoices whose own level** (``levels``) **reached the registered step**:
      the others of the procedure are not claimed in it; they wait for their own
      step (a later letter), so that nothing is put on notice before its time.
    - No letter to a debtor whose ``insolvency_date`` is on or before the letter's
      date: its claims are declared to the insolvency administrator instead (what
      the plan of the next actions says).
    - The history recalled: :func:`letter_history`.
    - Penalties and the indemnity: only those the interest rows say are claimed
      (see :func:`~recouvrement.dunning.letters.draft.draft_letter`), with the legal
      basis of the debtor's regime; a debtor of unknown kind gets none, and a
      checklist item.

    """
    ledger, day = snap.ledger, snap.as_of
    items = snap.items.set_index("invoice_id")
    kinds = ledger.kinds()
    debtors = ledger.debtors.drop_duplicates("debtor_id").set_index("debtor_id")
    insolvency = debtors.get("insolvency_date", pd.Series(dtype="datetime64[ns]"))
    civility = debtors.get("civility", pd.Series(dtype="object"))
    extra = None
    if interest is not None and len(interest):
        extra = interest.drop_duplicates("invoice_id").set_index("invoice_id")
    log = ledger.actions if ledger.has("actions") else None
    meta = ledger.meta or {}
    settings = (meta.get("dunning") or {}).get("letters") or {}
    creditor = meta.get("creditor") or {}
    fallback = "" if ledger.name == "—" else ledger.name
    has_levels = "levels" in actions.columns
    out = []
    for row in actions.itertuples(index=False):
        if row.level < 1:
            continue
        step = letter_kind(int(row.level), row.channel)
        if step is None:
            continue
        date = cv.next_business_day(max(day, cv.as_date(row.action_date)))
        judged = insolvency.get(row.debtor_id)
        if not _missing(judged) and pd.Timestamp(judged) <= date:
            continue  # insolvency proceedings: declare the claim, never dun
        levels = list(row.levels) if has_levels else [row.level] * len(row.invoices)
        ids = [
            i
            for i, lvl in zip(row.invoices, levels, strict=True)
            if i in items.index
            and items.loc[i, "due_date"] < date
            and items.loc[i, "residual"] > 0
            and (step[0] != FORMAL_NOTICE or lvl >= row.level)
        ]
        if not ids:
            continue
        inv = items.loc[ids, ["issue_date", "due_date", "amount", "residual"]]
        inv = inv.rename_axis("invoice_id").reset_index()
        if extra is not None:
            for col in INTEREST_COLUMNS:
                if col in extra.columns:
                    inv[col] = inv["invoice_id"].map(extra[col]).to_numpy()
        kind = kinds.get(row.debtor_id)
        out.append(
            draft_letter(
                row.debtor_id,
                row.name,
                int(row.level),
                inv,
                date,
                channel=row.channel,
                debtor_kind=None if _missing(kind) else str(kind),
                civility=civility.get(row.debtor_id),
                creditor=creditor,
                settings=settings,
                history=letter_history(log, row.debtor_id, inv, date, day),
                amounts_at=day,
                penalty_rate=penalty_rate,
                provisional=provisional,
                creditor_name=fallback,
            )
        )
    return out
