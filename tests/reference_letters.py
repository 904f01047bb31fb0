"""The reference of the vectorised :func:`recouvrement.dunning.letters.letters_for`.

The per-letter loop that chose the letters, rescanned the dunning log for each one and
looked its invoices up one by one (before issue 14), kept verbatim as the documented
reference: ``tests/test_letters_vectorised.py`` checks that the vectorised letters say
exactly the same (facts, invoices, history, text). Not used by the package.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.aging import Snapshot
from recouvrement.dunning.letters.draft import assemble_letter, claimed_invoices, regime_for
from recouvrement.dunning.letters.furniture import furniture
from recouvrement.dunning.letters.kinds import letter_kind, registered_channel
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
    first = min(due.values())
    channels = log["channel"] if "channel" in log.columns else [None] * len(log)
    days: dict[pd.Timestamp, list[tuple[int, object, object]]] = {}
    for when, debtor, invoice, level, channel in zip(
        log["date"], log["debtor_id"], log["invoice_id"], log["level"], channels, strict=True
    ):
        if _missing(when) or when >= date or when > as_of:
            continue
        if _missing(invoice):
            if debtor != debtor_id or when <= first:
                continue
        elif invoice not in due or when <= due[invoice]:
            continue
        days.setdefault(pd.Timestamp(when), []).append((int(level), invoice, channel))
    order = {i: k for k, i in enumerate(invoices["invoice_id"])}
    out = []
    for day in sorted(days)[-HISTORY_MAX:]:
        same = days[day]
        named = {i for _, i, _ in same if not _missing(i)}
        out.append(
            HistoryEntry(
                date=day,
                level=max(lvl for lvl, _, _ in same),
                channels=tuple(
                    dict.fromkeys(str(c).strip() for _, _, c in same if not _missing(c))
                ),
                invoices=()
                if any(_missing(i) for _, i, _ in same)
                else tuple(sorted(named, key=order.__getitem__)),
            )
        )
    return tuple(out)


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
        The rate stated when ``interest`` has no ``rate`` column (percent per year);
        otherwise each row's own rate is (a public buyer's is not a professional's).
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
    due, residual = items["due_date"].to_dict(), items["residual"].to_dict()
    kinds = ledger.kinds()
    debtors = ledger.debtors.drop_duplicates("debtor_id").set_index("debtor_id")
    insolvency = debtors.get("insolvency_date", pd.Series(dtype="datetime64[ns]"))
    civility = debtors.get("civility", pd.Series(dtype="object"))
    logs: dict[str, pd.DataFrame] = {}
    if ledger.has("actions") and len(ledger.actions):
        log = ledger.actions
        mapped = log["invoice_id"].map(items["debtor_id"].astype("object"))
        owner = mapped.astype("object").where(mapped.notna(), log["debtor_id"].astype("object"))
        logs = {str(d): rows for d, rows in log.groupby(owner, sort=False)}
    meta = ledger.meta or {}
    settings = (meta.get("dunning") or {}).get("letters") or {}
    furnished = furniture(
        meta.get("creditor") or {},
        settings,
        fallback_name="" if ledger.name == "—" else ledger.name,
    )
    has_levels = "levels" in actions.columns
    chosen = []  # (action row, date, kind of debtor, invoice ids)
    for row in actions.itertuples(index=False):
        if row.level < 1 or letter_kind(int(row.level), row.channel) is None:
            continue
        date = cv.next_business_day(max(day, cv.as_date(row.action_date)))
        judged = insolvency.get(row.debtor_id)
        if not _missing(judged) and pd.Timestamp(judged) <= date:
            continue  # insolvency proceedings: declare the claim, never dun
        registered = registered_channel(row.channel)
        levels = list(row.levels) if has_levels else [row.level] * len(row.invoices)
        ids = [
            i
            for i, lvl in zip(row.invoices, levels, strict=True)
            if i in due
            and due[i] < date
            and residual[i] > 0
            and (not registered or lvl >= row.level)
        ]
        kind = kinds.get(row.debtor_id)
        if ids:
            chosen.append((row, date, None if _missing(kind) else str(kind), ids))
    if not chosen:
        return []
    # every letter's invoices prepared at once (a company may have thousands of letters)
    pieces = [(k, i) for k, (_, _, _, ids) in enumerate(chosen) for i in ids]
    which = np.array([k for k, _ in pieces])
    inv = items.loc[[i for _, i in pieces], ["issue_date", "due_date", "amount", "residual"]]
    inv = inv.rename_axis("invoice_id").reset_index()
    if interest is not None and len(interest):
        extra = interest.drop_duplicates("invoice_id").set_index("invoice_id")
        inv = inv.join(extra[[c for c in INTEREST_COLUMNS if c in extra.columns]], on="invoice_id")
    regimes = [regime_for(kind, date) for _, date, kind, _ in chosen]
    prepared = claimed_invoices(
        inv,
        penalties=np.array([r is not None and r.has_penalties for r in regimes])[which],
        indemnities=np.array([r is not None and r.indemnity_cents > 0 for r in regimes])[which],
        penalty_rate=penalty_rate,
        provisional=provisional,
    )
    prepared["letter"] = which
    prepared = prepared.sort_values(["letter", "due_date", "invoice_id"], kind="stable")
    out = []
    for k, part in prepared.groupby("letter", sort=True):
        row, date, kind, _ = chosen[k]
        part = part.drop(columns="letter").reset_index(drop=True)
        out.append(
            assemble_letter(
                row.debtor_id,
                row.name,
                int(row.level),
                row.channel,
                part,
                date,
                debtor_kind=kind,
                civility=civility.get(row.debtor_id),
                furniture=furnished,
                settings=settings,
                history=letter_history(logs.get(row.debtor_id), row.debtor_id, part, date, day),
                amounts_at=day,
            )
        )
    return out
