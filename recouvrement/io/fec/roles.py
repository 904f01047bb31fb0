"""What each receivable line of a FEC is, read from its whole entry.

A FEC has no "invoice" or "payment" column: a line of a customer account is an
invoice because its entry credits sales and VAT, a payment because its entry debits a
bank. Journal codes alone are not enough (``OD`` holds write-offs, transfers and
corrections alike; software name their journals freely), so the role of a receivable
line is decided from the accounts of the other lines of its entry (same file, same
``JournalCode`` and ``EcritureNum``), unless the company's configuration gives its
journal a role (``fec: journals:``).

=================  ===================================================  ==================
Role               Receivable line and its entry                        Ledger table
=================  ===================================================  ==================
``invoice``        debit; the entry credits sales (7*) or VAT (445*)    invoices (sale)
``credit_note``    credit; the entry debits sales (7*) or VAT (445*)    credit notes
``payment``        credit; the entry debits a bank, cash (5*) or bills   payments
                   of exchange received (413*, LCR)
``refund``         debit; the entry credits a bank or cash account (5*) invoices (not a sale)
``write_off``      credit; the entry debits a loss account (654*, 6714*) write-offs
``opening``        any line of an opening journal (AN, ANO, RAN, ANC)   see :mod:`.openings`
``adjustment``     anything else (a correction...); a transfer 411 →    invoices / payments,
                   416 is then recognised apart (:mod:`.transfers`)     not sales, not cash
=================  ===================================================  ==================

Precedence when an entry has several counterparts: a bank first (a receipt booked with
its bank charges is a payment), then a loss (a write-off that also reverses the VAT
debits 654 *and* 445: it is a write-off, not a credit note), then sales.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from recouvrement.io.fec_config import FecConfig

#: Roles of a receivable line.
ROLES = ("invoice", "credit_note", "payment", "refund", "write_off", "opening", "adjustment")

#: Account prefixes of the counterparts that decide a role (plan comptable général).
BANK_PREFIXES = ("5", "413")  # banks and cash; bills of exchange received (LCR, effets)
SALES_PREFIXES = ("7", "445")
LOSS_PREFIXES = ("654", "6714")


#: How a company's FEC is read: the typed ``fec:`` section of ``recouvrement.yml``, its
#: defaults filled in (one class for the configuration and the reader). Its ``scope``
#: (trade, doubtful and advance prefixes) is the receivable lines, the customer
#: accounts; lines of other accounts are counterparts, their auxiliary codes ignored.
FecOptions = FecConfig


def starts(accounts: pd.Series, prefixes: Sequence[str]) -> np.ndarray:
    """Boolean per account: it starts with one of ``prefixes``."""
    if not prefixes:
        return np.zeros(len(accounts), dtype=bool)
    return accounts.astype("str").str.startswith(tuple(prefixes)).to_numpy(dtype=bool)


def line_roles(lines: pd.DataFrame, options: FecOptions) -> pd.DataFrame:
    """The receivable lines of ``lines`` with their ``role`` (see the module's table).

    Parameters
    ----------
    lines : DataFrame
        Every line of a company's FEC files: ``file`` (position of the file), and the
        columns of :class:`~recouvrement.io.fec.read.FecFile` (``journal``, ``entry``,
        ``account``, ``aux``, ``debit``, ``credit`` in cents...).
    options : FecOptions
        Account prefixes, opening journals and journal roles.

    Returns
    -------
    DataFrame
        The receivable lines (accounts of ``options.scope``), in file order, with the
        columns of ``lines`` plus ``net`` (debit − credit, cents), ``position`` (1-based
        rank of the line in its entry) and ``role``.

    Notes
    -----
    A journal given a role in ``options.journals`` decides alone (``sales``: debit =
    invoice, credit = credit note; ``bank``: credit = payment, debit = refund;
    ``write_off``: credit = write-off; ``opening``: opening; ``misc``: the entry
    decides). Otherwise: opening journals are openings; a credit whose entry debits a
    bank (5*) is a payment, else one that debits a loss (654*, 6714*) a write-off, else
    one that debits sales or VAT (7*, 445*) a credit note; a debit whose entry credits
    a bank is a refund, else one that credits sales or VAT an invoice; the rest are
    adjustments.

    """
    key = ["file", "journal", "entry"]
    entry = lines.groupby(key, sort=False, observed=True).ngroup().to_numpy()
    account = lines["account"]
    debit = lines["debit"].to_numpy(dtype="int64")
    credit = lines["credit"].to_numpy(dtype="int64")
    in_scope = starts(account, options.scope)
    n_entries = int(entry.max()) + 1 if len(entry) else 0

    def entry_has(mask: np.ndarray) -> np.ndarray:
        per_entry = np.bincount(entry[mask], minlength=n_entries) > 0
        return per_entry[entry]

    counterpart = ~in_scope
    bank = starts(account, BANK_PREFIXES) & counterpart
    sales = starts(account, SALES_PREFIXES) & counterpart
    loss = starts(account, LOSS_PREFIXES) & counterpart
    bank_dr, bank_cr = entry_has(bank & (debit > credit)), entry_has(bank & (credit > debit))
    sales_dr, sales_cr = entry_has(sales & (debit > credit)), entry_has(sales & (credit > debit))
    loss_dr = entry_has(loss & (debit > credit))

    net = debit - credit
    is_debit = net > 0
    role = np.full(len(lines), "adjustment", dtype=object)
    # debits: refund before invoice; credits: payment, credit note, write-off
    role[is_debit & sales_cr] = "invoice"
    role[is_debit & bank_cr] = "refund"
    cr = ~is_debit
    role[cr & sales_dr] = "credit_note"
    role[cr & loss_dr] = "write_off"
    role[cr & bank_dr] = "payment"
    journal = lines["journal"].astype("str")
    overridden = [c for c, r in options.journals.items() if r != "opening"]
    opening = [j for j in options.opening_journals if j not in overridden]
    role[journal.isin(opening).to_numpy()] = "opening"
    for code, jrole in options.journals.items():
        hit = (journal == code).to_numpy()
        if jrole == "opening":
            role[hit] = "opening"
        elif jrole == "sales":
            role[hit & is_debit] = "invoice"
            role[hit & cr] = "credit_note"
        elif jrole == "bank":
            role[hit & is_debit] = "refund"
            role[hit & cr] = "payment"
        elif jrole == "write_off":
            role[hit & cr] = "write_off"
            role[hit & is_debit] = "adjustment"
    position = lines.groupby(key, sort=False, observed=True).cumcount().to_numpy() + 1
    out = lines.assign(net=net, position=position, role=role)
    return out[in_scope].reset_index(drop=True)
