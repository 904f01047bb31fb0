"""Cash before dunning: unapplied credits proposed against open invoices (lettrage to do).

A debtor may hold credits that the ledger has not applied to any invoice at the audit
date ``D``: cash received but not matched (lettrage missing), credit notes not
allocated, overpayments. The aged balance shows them per debtor in its ``Non affecté``
column, and the debtor's invoices stay open beside them, so a debtor who has paid
could be dunned. :func:`proposed_matches` proposes, per debtor, which of its open
invoices these credits settle, by two rules in order:

1. **montant identique**: a credit whose amount equals an open invoice's residual
   exactly settles it (credits in date order, then id; each invoice used once, the
   oldest such invoice by due date, then id);
2. **antériorité**: the credits left, oldest first (date, then id), settle the open
   invoices left, oldest first (due date, then invoice id), partial allocations allowed.

The proposal is advice ("Encaissements à lettrer"): the ledger, the open items and the
aged balance are **not** changed; :meth:`CashMatches.residual_after` shows what would
be left to dun once the proposal is booked. Amounts are computed in integer cents.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from recouvrement.aging.arrays import CREDIT, PAYMENT, WRITE_OFF, to_cents, to_euros
from recouvrement.aging.snapshot import Snapshot

#: ``credit_kind`` of a payment and of a credit note.
CREDIT_KINDS = {PAYMENT: "règlement", CREDIT: "avoir"}
#: ``rule`` of a proposed match.
RULE_EXACT, RULE_OLDEST = "montant identique", "antériorité"
#: ``source``: why a credit is unapplied at ``D`` (see :func:`proposed_matches`).
SOURCE_UNMATCHED = "non lettré"
SOURCE_LATER_INVOICE = "facture émise après la date"
SOURCE_LATER_MATCH = "lettré après la date"
SOURCE_OVERPAYMENT = "trop-perçu"
SOURCES = (SOURCE_UNMATCHED, SOURCE_LATER_INVOICE, SOURCE_LATER_MATCH, SOURCE_OVERPAYMENT)

#: Columns of :attr:`CashMatches.matches`.
MATCH_COLUMNS = (
    "debtor_id name credit_id credit_kind credit_date credit_amount invoice_id "
    "issue_date due_date days_past_due invoice_residual matched rule disputed "
    "insolvent"
).split()
#: Columns of :attr:`CashMatches.credits`.
CREDIT_COLUMNS = (
    "debtor_id name credit_id credit_kind credit_date source credit_amount matched left"
).split()
#: Columns of :attr:`CashMatches.left`.
LEFT_COLUMNS = (
    "debtor_id name insolvent unapplied matched left write_offs open_residual residual_after"
).split()
#: Index of :attr:`CashMatches.totals` (the sums of the amounts of :attr:`CashMatches.left`).
TOTAL_KEYS = ["unapplied", "matched", "left", "write_offs", "open_residual", "residual_after"]


@dataclass(frozen=True)
class CashMatches:
    """The matches proposed at one date (see :func:`proposed_matches`); euros throughout.

    Attributes
    ----------
    as_of : Timestamp
    matches : DataFrame
        One row per (credit, invoice) allocation: :data:`MATCH_COLUMNS`.
        ``credit_amount`` is the credit's unapplied amount at ``as_of``,
        ``invoice_residual`` the invoice's residual at ``as_of`` (before the proposal),
        ``matched`` what the credit settles of it, ``rule`` :data:`RULE_EXACT` or
        :data:`RULE_OLDEST`; ``disputed`` (invoice under an open dispute) and
        ``insolvent`` (debtor in insolvency proceedings) flag rows to check. Sorted by
        debtor, credit date, credit id, invoice due date, invoice id.
    covered : Series
        Index ``invoice_id``: Σ ``matched`` per invoice (invoices with a match only).
    credits : DataFrame
        Every unapplied payment and credit note of every debtor: :data:`CREDIT_COLUMNS`;
        ``source`` says why it is unapplied (:data:`SOURCES`), ``left`` =
        ``credit_amount`` − ``matched``. Sorted by debtor, credit date, credit id.
    left : DataFrame
        One row per debtor with an unapplied credit or write-off: :data:`LEFT_COLUMNS`.
        ``unapplied`` (Σ ``credit_amount`` of its credits) = ``matched`` + ``left``;
        ``left`` is a credit balance to refund or check; ``write_offs``: write-offs
        unapplied (not proposed); ``unapplied + write_offs`` = − its ``Non affecté`` in
        the aged balance; ``open_residual`` (Σ residual of its open invoices) −
        ``matched`` = ``residual_after``. Sorted by debtor.
    totals : Series
        The sums of :attr:`left`'s amounts (:data:`TOTAL_KEYS`), exact to the cent.

    """

    as_of: pd.Timestamp
    matches: pd.DataFrame
    covered: pd.Series
    credits: pd.DataFrame
    left: pd.DataFrame
    totals: pd.Series

    def residual_after(self, items: pd.DataFrame) -> pd.DataFrame:
        """The open items ``items`` with the residual left to dun once the proposal is booked.

        ``items`` are open items of the same date (``snap.items``, ``snap.to_dun``...);
        ``residual`` becomes residual − Σ matched (to the cent), a column ``matched``
        (euros proposed against the row, 0 when none) is added, and the rows fully
        covered drop out. ``items`` is not changed.
        """
        cov = to_cents(self.covered.reindex(items["invoice_id"].to_numpy()).fillna(0.0))
        rest = to_cents(items["residual"]) - cov
        out = items.copy()
        out["residual"] = to_euros(rest)
        out["matched"] = to_euros(cov)
        return out[rest > 0].reset_index(drop=True)


def proposed_matches(snap: Snapshot) -> CashMatches:
    """The unapplied credits of each debtor proposed against its open invoices at ``snap.as_of``.

    Parameters
    ----------
    snap : Snapshot
        The ledger at the audit date.

    Returns
    -------
    CashMatches

    Notes
    -----
    **Unapplied at D** is the engine's rule (:func:`~recouvrement.aging.state.state_at`,
    the ``Non affecté`` column of the aged balance), split into credits:

    - a payment or credit note dated ≤ ``D`` that is not applied to an issued invoice at
      ``D``: without invoice (:data:`SOURCE_UNMATCHED`; a row on an invoice the ledger
      does not know is kept on its debtor without invoice), on an invoice issued after
      ``D`` (:data:`SOURCE_LATER_INVOICE`, an advance), or matched after ``D``
      (``applied_date`` > ``D``, :data:`SOURCE_LATER_MATCH`; the later lettrage is not
      used: it is not known at ``D``);
    - an overpayment (:data:`SOURCE_OVERPAYMENT`): what the payments, credit notes and
      write-offs applied to an invoice exceed its amount by, charged to the last applied
      of them first (latest applied date, then date, then ledger order).

    Payments and credit notes dated after ``D`` do not exist yet. A payment's debtor is
    its invoice's (the ledger's repair) and the ledger sets aside a credit with neither
    invoice nor debtor, so every credit has a known debtor and is matched only against
    that debtor's invoices. Write-offs not applied to an invoice (or overpaying one) are
    a loss booked by the creditor, not a credit of the debtor: they are not proposed and
    are shown in ``left.write_offs`` so that everything ties to ``Non affecté``.

    A debtor without an open invoice keeps its credits in :attr:`CashMatches.left`
    (a credit balance). Open invoices are those of ``snap.items`` (residual > 0),
    due or not. Disputed invoices and debtors in insolvency proceedings are matched
    too: applying cash received is a bookkeeping fact, not a dunning decision; the rows
    are flagged ``disputed`` / ``insolvent`` for the consultant to check (a disputed
    invoice paid may close the dispute; for a debtor in proceedings, a payment after
    the judgment of a claim born before it is prohibited, art. L.622-7 code de commerce).

    Identities, to the cent: Σ matched + Σ left = Σ unapplied (per debtor and in
    total); Σ matched ≤ Σ unapplied and ≤ Σ open residual per debtor; per invoice
    ``covered`` ≤ its residual; per credit ``matched`` ≤ ``credit_amount``.

    """
    a, items = snap.arrays, snap.items
    ev, amount, source = _unapplied_portions(a, snap.state, np.datetime64(snap.as_of, "ns"))
    n_deb = len(a.debtor_ids)
    wo = a.ev_kind[ev] == WRITE_OFF
    write_offs = _per_debtor(a.ev_debtor[ev[wo]], amount[wo], n_deb)
    ev, amount, source = ev[~wo], amount[~wo], source[~wo]
    kind, ids, c_deb = a.ev_kind[ev], _event_ids(snap.ledger)[ev], a.ev_debtor[ev]
    # credits in (debtor, date, id, kind, ledger order) order: a credit's row is its rank
    id_rank = pd.factorize(pd.Series(ids, dtype="str"), sort=True)[0]
    order = np.lexsort((ev, kind, id_rank, a.ev_date[ev], c_deb))
    ev, amount, source, kind, ids, c_deb = (
        x[order] for x in (ev, amount, source, kind, ids, c_deb)
    )
    # open invoices: the open items, in their (debtor, due date, invoice id) order
    r_deb = np.searchsorted(a.debtor_ids, items["debtor_id"].to_numpy(dtype=object))
    r_amt = to_cents(items["residual"])
    ci, ri, matched, exact = _allocate(c_deb, amount, r_deb, r_amt, n_deb)

    names, insolvent = snap.ledger.debtor_names, np.isin(a.debtor_ids, list(snap.insolvent))
    c_matched = np.bincount(ci, weights=matched, minlength=len(ev)).astype("int64")
    credits = pd.DataFrame(
        {
            "debtor_id": pd.array(a.debtor_ids[c_deb], dtype="str"),
            "name": _names(names, a.debtor_ids[c_deb]),
            "credit_id": pd.array(ids, dtype="str"),
            "credit_kind": _kinds(kind),
            "credit_date": a.ev_date[ev],
            "source": pd.array(np.asarray(SOURCES, dtype=object)[source], dtype="str"),
            "credit_amount": to_euros(amount),
            "matched": to_euros(c_matched),
            "left": to_euros(amount - c_matched),
        }
    )
    inv_cols = ["invoice_id", "issue_date", "due_date", "days_past_due", "residual", "disputed"]
    matches = pd.concat(
        [
            credits.iloc[ci].drop(columns=["source", "matched", "left"]).reset_index(drop=True),
            items.iloc[ri][inv_cols].reset_index(drop=True),
        ],
        axis=1,
    ).rename(columns={"residual": "invoice_residual"})
    matches["matched"] = to_euros(matched)
    matches["rule"] = pd.array(np.where(exact, RULE_EXACT, RULE_OLDEST).astype(object), dtype="str")
    matches["insolvent"] = insolvent[c_deb[ci]]
    hit = np.bincount(ri, minlength=len(items)) > 0
    covered = pd.Series(
        to_euros(np.bincount(ri, weights=matched, minlength=len(items)).astype("int64")[hit]),
        index=pd.Index(items["invoice_id"].to_numpy()[hit], dtype="str", name="invoice_id"),
        name="matched",
    ).sort_index()
    cents = {
        "unapplied": _per_debtor(c_deb, amount, n_deb),
        "matched": _per_debtor(c_deb, c_matched, n_deb),
        "write_offs": write_offs,
        "open_residual": _per_debtor(r_deb, r_amt, n_deb),
    }
    cents["left"] = cents["unapplied"] - cents["matched"]
    cents["residual_after"] = cents["open_residual"] - cents["matched"]
    keep = np.flatnonzero((cents["unapplied"] > 0) | (write_offs > 0))  # codes: sorted ids
    left = pd.DataFrame(
        {
            "debtor_id": pd.array(a.debtor_ids[keep], dtype="str"),
            "name": _names(names, a.debtor_ids[keep]),
            "insolvent": insolvent[keep],
            **{key: to_euros(cents[key][keep]) for key in LEFT_COLUMNS[3:]},
        }
    )
    totals = pd.Series(
        [to_euros(int(cents[key][keep].sum())) for key in TOTAL_KEYS],
        index=TOTAL_KEYS,
        name="total",
        dtype="float64",
    )
    return CashMatches(snap.as_of, matches[MATCH_COLUMNS], covered, credits, left, totals)


def _unapplied_portions(a, st, d) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(event index, unapplied cents, source code) of every event unapplied at ``d``.

    The rule of :func:`~recouvrement.aging.state.state_at`: events dated ≤ ``d`` and not
    applied to an issued invoice, then the overpayments charged to their latest events.
    """
    has_inv = a.ev_inv >= 0
    later_invoice = np.zeros(len(a.ev_inv), dtype=bool)
    later_invoice[has_inv] = ~st.issued[a.ev_inv[has_inv]]
    dated = a.ev_date <= d
    loose = dated & (~has_inv | later_invoice | (a.ev_applied > d))
    src = np.where(~has_inv, 0, np.where(later_invoice, 1, 2))
    # overpayments: charged to the invoice's applied events, latest first
    over = np.zeros(len(a.ev_inv), dtype=bool)
    over[has_inv] = st.residual[a.ev_inv[has_inv]] < 0
    j = np.flatnonzero(over & dated & ~loose)
    j = j[
        np.lexsort((-j, -a.ev_date[j].view("int64"), -a.ev_applied[j].view("int64"), a.ev_inv[j]))
    ]
    inv, amt = a.ev_inv[j], a.ev_amount[j]
    # what the later events of the same invoice already carry
    prev = pd.Series(amt).groupby(inv).cumsum().to_numpy(dtype="int64") - amt
    portion = np.clip(-st.residual[inv] - prev, 0, amt)
    keep = portion > 0
    loose_idx = np.flatnonzero(loose)
    return (
        np.concatenate([loose_idx, j[keep]]),
        np.concatenate([a.ev_amount[loose_idx], portion[keep]]).astype("int64"),
        np.concatenate([src[loose_idx], np.full(int(keep.sum()), 3)]).astype("int64"),
    )


def _event_ids(ledger) -> np.ndarray:
    """Per event (ledger arrays order): the payment id, the credit note id, or None."""
    return np.concatenate(
        [
            ledger.payments["payment_id"].to_numpy(dtype=object),
            ledger.credit_notes["credit_note_id"].to_numpy(dtype=object),
            np.full(len(ledger.write_offs), None, dtype=object),
        ]
    )


def _names(names: pd.Series, debtor_ids: np.ndarray) -> np.ndarray:
    """The debtors' names (missing when the debtors table gives none)."""
    return pd.Series(debtor_ids, dtype="str").map(names).astype("str").to_numpy()


def _kinds(kind: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """``credit_kind`` of each event kind (payments and credit notes only)."""
    labels = np.where(kind == PAYMENT, CREDIT_KINDS[PAYMENT], CREDIT_KINDS[CREDIT])
    return pd.array(labels.astype(object), dtype="str")


def _allocate(
    c_deb: np.ndarray, c_amt: np.ndarray, r_deb: np.ndarray, r_amt: np.ndarray, n_deb: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Rules 1 then 2 on credits and invoices sorted by debtor, then priority.

    Returns (credit row, invoice row, cents, rule 1 or not), ordered by credit, then invoice.
    """
    ci1, ri1 = _exact(c_deb, c_amt, r_deb, r_amt)
    c_free, r_free = np.ones(len(c_amt), dtype=bool), np.ones(len(r_amt), dtype=bool)
    c_free[ci1], r_free[ri1] = False, False
    cf, rf = np.flatnonzero(c_free), np.flatnonzero(r_free)
    k2, j2, m2 = _fifo(c_deb[cf], c_amt[cf], r_deb[rf], r_amt[rf], n_deb)
    ci, ri = np.concatenate([ci1, cf[k2]]), np.concatenate([ri1, rf[j2]])
    matched = np.concatenate([c_amt[ci1], m2])
    exact = np.arange(len(ci)) < len(ci1)
    order = np.lexsort((ri, ci))
    return ci[order], ri[order], matched[order], exact[order]


def _occurrence(deb: np.ndarray, amt: np.ndarray) -> np.ndarray:
    """Per row (rows in priority order): how many earlier rows share its (debtor, amount)."""
    keys = pd.DataFrame({"d": deb, "m": amt})
    return keys.groupby(["d", "m"], sort=False).cumcount().to_numpy(dtype="int64")


def _exact(
    c_deb: np.ndarray, c_amt: np.ndarray, r_deb: np.ndarray, r_amt: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Rule 1: the n-th credit of an amount takes the n-th open invoice of that residual.

    Both sides are in priority order; this is the greedy "each credit in turn takes the
    oldest unused invoice of its amount", since only equal amounts compete.
    """
    left = pd.DataFrame({"d": c_deb, "m": c_amt, "n": _occurrence(c_deb, c_amt)})
    right = pd.DataFrame({"d": r_deb, "m": r_amt, "n": _occurrence(r_deb, r_amt)})
    left["ci"], right["ri"] = np.arange(len(left)), np.arange(len(right))
    pairs = left.merge(right, on=["d", "m", "n"], how="inner")
    return pairs["ci"].to_numpy(dtype="int64"), pairs["ri"].to_numpy(dtype="int64")


def _fifo(
    c_deb: np.ndarray, c_amt: np.ndarray, r_deb: np.ndarray, r_amt: np.ndarray, n_deb: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rule 2: each debtor's credits settle its invoices in order, partial allocations allowed.

    Both sides sorted by debtor, then priority. Each debtor's credits and invoices are
    laid end to end on one axis of cents, from the same origin (debtors one after the
    other); a (credit, invoice) pair is matched for the length of their overlap.
    Returns (credit row, invoice row, cents), ordered by credit, then invoice.
    """
    if not len(c_amt) or not len(r_amt):
        empty = np.zeros(0, dtype="int64")
        return empty, empty, empty
    c_tot, r_tot = np.zeros(n_deb, dtype="int64"), np.zeros(n_deb, dtype="int64")
    np.add.at(c_tot, c_deb, c_amt)
    np.add.at(r_tot, r_deb, r_amt)
    span = np.maximum(c_tot, r_tot)
    base = np.cumsum(span) - span

    def ends(deb: np.ndarray, amt: np.ndarray, tot: np.ndarray) -> np.ndarray:
        return base[deb] + np.cumsum(amt) - (np.cumsum(tot) - tot)[deb]

    c_end, r_end = ends(c_deb, c_amt, c_tot), ends(r_deb, r_amt, r_tot)
    c_start, r_start = c_end - c_amt, r_end - r_amt
    points = np.unique(np.concatenate([c_start, c_end, r_start, r_end]))
    lo, hi = points[:-1], points[1:]
    k = np.searchsorted(c_start, lo, side="right") - 1
    j = np.searchsorted(r_start, lo, side="right") - 1
    ok = (k >= 0) & (j >= 0)
    ok &= (lo < c_end[k.clip(0)]) & (lo < r_end[j.clip(0)])
    return k[ok], j[ok], (hi - lo)[ok]


def _per_debtor(codes: np.ndarray, cents: np.ndarray, n_deb: int) -> np.ndarray:
    """Σ ``cents`` per debtor code (all ``n_deb`` debtors)."""
    out = np.zeros(n_deb, dtype="int64")
    np.add.at(out, codes, cents)
    return out
