"""The table of art. D.441-6 I 2° code de commerce: invoices issued, unpaid at the year end, late.

The management report of a company whose accounts are audited states, for its customers,
"le nombre et le montant total des factures émises non réglées à la date de clôture de
l'exercice dont le terme est échu", by bands of lateness and as a percentage of the year's
turnover (I 2°), HT or TTC as it says (III, décret n° 2017-350 of 20 March 2017), late
against the contractual terms or else the legal ones, with the disputed invoices it
excludes stated by number and amount (IV). The layout is the model of the code's annexe
4-1 (arrêté of 6 April 2016, amended by the arrêté of 20 March 2017), "tableau prévu au I
de l'article D.441-6": (A) tranches de retard de paiement (``0 jour (indicatif)``, ``1 à 30
jours``, ``31 à 60 jours``, ``61 à 90 jours``, ``91 jours et plus``, ``Total (1 jour et
plus)``; number, amount, percentage of turnover), (B) factures exclues du (A) relatives à
des dettes et créances litigieuses ou non comptabilisées, (C) délais de paiement de
référence utilisés (contractuels ou légaux, art. L.441-10). Sources read: the article's
text (french-business-law.com, "Article D441-6 of the French Commercial code"), efl.fr
("Informations comptables sur les délais de paiement : publication des modèles de
tableaux"; "Rapport de gestion : délais de paiement … HT ou TTC"), fntp.fr ("Informations
sur les délais de paiement dans les rapports de gestion"), CNCC avis technique "Délais de
paiement" (actualisation 2017).

The choices of this package (the rendered table's notes say them too,
:mod:`recouvrement.report.d441_6`):

- **Amount per invoice: what is still unpaid at the year end**, TTC (the residual of
  :func:`~recouvrement.aging.state.state_at`: amount − payments, credit notes and
  write-offs allocated up to that date), not the original amount, so that the table
  **reconciles with the aged balance** at that date, to the cent:
  (A) + (B) + not yet due + other debits + unapplied = aged balance total
  (:attr:`D4416Table.reconciliation`; a difference raises ``ReconciliationError``).
- **TTC**: the ledger's amounts are the customer accounts', taxes included. The turnover
  is Σ invoices (origin ``facture``) issued in the fiscal year, TTC, credit notes not
  deducted.
- **Lateness**: days from the due date to the year end, the aged balance's count and
  bands (:func:`~recouvrement.aging.state.bucket_codes`, basis ``due``, 30/60/90);
  ``0 jour (indicatif)``: due on the closing day itself; not yet due: outside (A).
- **(B)**: the invoices whose term is reached under a dispute open at the year end
  (:func:`~recouvrement.aging.state.disputed_at`); disputed and not yet due: not due.
- **Other debits**: an opening balance (``à nouveau``) stands for earlier years' invoices
  still unpaid: in (A), one line one invoice; a refund or an adjustment is no invoice:
  outside (A) and (B), its own line of the reconciliation.
- **Insolvent debtors**: their invoices are issued and unpaid: in (A).
- **Unapplied cash and credits** are not deducted from (A): their own line, as in the
  aged balance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.aging import (
    ReconciliationError,
    aged_balance,
    bucket_codes,
    disputed_at,
    insolvent_at,
    ledger_arrays,
    state_at,
    to_cents,
    to_euros,
)
from recouvrement.formatting import fmt_date, fmt_int
from recouvrement.ledger import Ledger

#: The lateness columns of (A), in the model's order; the last is the total of 1 day and more.
BANDS = (
    "0 jour (indicatif)",
    "1 à 30 jours",
    "31 à 60 jours",
    "61 à 90 jours",
    "91 jours et plus",
    "Total (1 jour et plus)",
)

#: Edges of the bands in days late: the aged balance's default scheme, the same rule.
BAND_EDGES = cv.Buckets((30, 60, 90))

#: Origins of the debit items counted as invoices in (A): sales and opening balances.
IN_SCOPE_ORIGINS = (cv.INVOICE_ORIGINS[0], cv.INVOICE_ORIGINS[1])

#: Legal payment terms without agreed ones: 30 days after delivery (art. L.441-10 I).
LEGAL_TERMS_DAYS = 30

#: Columns of :attr:`D4416Table.invoices` (the invoices of (A) and (B)).
DETAIL_COLUMNS = [
    "invoice_id",
    "debtor_id",
    "debtor_name",
    "origin",
    "issue_date",
    "due_date",
    "amount",
    "residual",
    "days_late",
    "band",
    "part",
    "insolvent",
]

#: Keys of the rows of :attr:`D4416Table.reconciliation`, in order.
RECONCILIATION_KEYS = tuple(
    "zero_day late excluded not_due other unapplied total aged_balance difference".split()
)


@dataclass(frozen=True)
class D4416Table:
    """The D.441-6 table of one fiscal year end (see the module docstring).

    Attributes
    ----------
    company, currency : str
        The company's name and the currency of every amount (the ledger's).
    year_start, year_end : Timestamp
        The fiscal year, both days included.
    bands : DataFrame
        (A): index :data:`BANDS`; ``n_invoices`` (int), ``amount`` (TTC, exact cents) and
        ``pct_turnover`` (percent of :attr:`turnover`, NaN when it is 0).
    excluded_count, excluded_amount : int, float
        (B): the disputed invoices whose term is reached, and what is unpaid of them.
    terms_kind : str
        (C): ``Délais contractuels``, ``Délais légaux``, both, or estimated (FEC).
    terms : tuple of str
        (C): where the due dates come from, in French.
    turnover, turnover_count : float, int
        Σ invoices (origin ``facture``) issued in the fiscal year, TTC; their number.
    reconciliation : DataFrame
        Index :data:`RECONCILIATION_KEYS`; ``n`` (Int64, missing for sums) and ``amount``:
        (A) 0 jour, (A) total, (B), not yet due, other debits, unapplied (≤ 0), their
        total, the aged balance's total, the difference (0).
    invoices : DataFrame
        The invoices of (A) and (B) (:data:`DETAIL_COLUMNS`; ``part`` ``A`` or ``B``).
    disputes_given : bool
        Whether the ledger has a disputes table (else (B) is empty by construction).

    """

    company: str
    currency: str
    year_start: pd.Timestamp
    year_end: pd.Timestamp
    bands: pd.DataFrame
    excluded_count: int
    excluded_amount: float
    terms_kind: str
    terms: tuple[str, ...]
    turnover: float
    turnover_count: int
    reconciliation: pd.DataFrame
    invoices: pd.DataFrame
    disputes_given: bool


def fiscal_year_start(year_end: object) -> pd.Timestamp:
    """First day of the twelve months ending at ``year_end`` (31/12/2025 -> 01/01/2025).

    The day after ``year_end``, one year back: a year ending on 28/02/2025 starts on
    01/03/2024, one ending on 30/06/2025 on 01/07/2024.
    """
    end = cv.as_date(year_end, "year_end")
    return end + pd.Timedelta(days=1) - pd.DateOffset(years=1)


def d441_6_table(ledger: Ledger, year_end: object, *, year_start: object = None) -> D4416Table:
    """The D.441-6 table (invoices issued, unpaid and late) at the year end ``year_end``.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    year_end : date-like
        The closing date of the fiscal year.
    year_start : date-like, optional
        The first day of the fiscal year (its turnover); default the twelve months ending
        at ``year_end`` (:func:`fiscal_year_start`).

    Returns
    -------
    D4416Table

    Raises
    ------
    ValueError
        ``year_start`` after ``year_end`` (French message with both dates).
    ReconciliationError
        When the table does not reconcile with the aged balance (a bug, never data).

    """
    end = cv.as_date(year_end, "year_end")
    start = fiscal_year_start(end) if year_start is None else cv.as_date(year_start, "year_start")
    if start > end:
        raise ValueError(
            f"début d'exercice {fmt_date(start)} postérieur à la clôture {fmt_date(end)} : "
            "indiquer un début d'exercice antérieur à la date de clôture"
        )
    a = ledger_arrays(ledger)
    st = state_at(a, end)
    days, pos = bucket_codes(BAND_EDGES, "due", a.issue, a.due, end)
    band = np.where(days == 0, 0, pos)  # the aged balance's "Non échu" split: 0 jour | not due
    open_ = st.issued & (st.residual > 0)
    invoice = np.isin(_origins(ledger), IN_SCOPE_ORIGINS)
    reached = days >= 0
    disputed = disputed_at(ledger, end)
    in_a = open_ & invoice & reached & ~disputed
    in_b = open_ & invoice & reached & disputed
    sale_year = a.sale & (a.issue >= _day(start)) & (a.issue <= _day(end))

    def n_and_cents(mask: np.ndarray) -> tuple[int, int]:
        return int(mask.sum()), int(st.residual[mask].sum())

    per_band = [n_and_cents(in_a & (band == k)) for k in range(len(BANDS) - 1)]
    late = (sum(n for n, _ in per_band[1:]), sum(c for _, c in per_band[1:]))
    per_band.append(late)
    turnover = int(a.amount[sale_year].sum())
    bands = pd.DataFrame(
        {
            "n_invoices": np.asarray([n for n, _ in per_band], dtype="int64"),
            "amount": to_euros(np.asarray([c for _, c in per_band], dtype="int64")),
            "pct_turnover": [c * 100 / turnover if turnover else np.nan for _, c in per_band],
        },
        index=pd.Index(BANDS, name="band", dtype="str"),
    )
    excluded = n_and_cents(in_b)
    rows = [
        per_band[0],
        late,
        excluded,
        n_and_cents(open_ & invoice & ~reached),
        n_and_cents(open_ & ~invoice),
        (None, int(st.unapplied.sum())),
    ]
    total = sum(c for _, c in rows)
    aged = int(to_cents(aged_balance(ledger, end)[cv.TOTAL_LABEL].to_numpy()).sum())
    rows += [(None, total), (None, aged), (None, total - aged)]
    if total != aged:
        raise ReconciliationError(
            f"the D.441-6 table at {end:%Y-%m-%d} does not reconcile with the aged balance: "
            f"{total / 100:.2f} vs {aged / 100:.2f}"
        )
    reconciliation = pd.DataFrame(
        {
            "n": pd.array([n for n, _ in rows], dtype="Int64"),
            "amount": to_euros(np.asarray([c for _, c in rows], dtype="int64")),
        },
        index=pd.Index(RECONCILIATION_KEYS, name="key", dtype="str"),
    )
    insolvent = np.isin(a.debtor_ids[a.inv_debtor], sorted(insolvent_at(ledger, end)))
    kind, terms = reference_terms(ledger, sale_year)
    return D4416Table(
        company=ledger.name,
        currency=ledger.currency,
        year_start=start,
        year_end=end,
        bands=bands,
        excluded_count=excluded[0],
        excluded_amount=float(to_euros(excluded[1])),
        terms_kind=kind,
        terms=terms,
        turnover=float(to_euros(turnover)),
        turnover_count=int(sale_year.sum()),
        reconciliation=reconciliation,
        invoices=_detail(ledger, st.residual, days, band, in_a, in_b, insolvent),
        disputes_given=ledger.has("disputes"),
    )


def _day(value: pd.Timestamp) -> np.datetime64:
    return np.datetime64(value, "ns")


def _origins(ledger: Ledger) -> np.ndarray:
    """Per invoice (ledger order): its origin, an empty one being an invoice (``facture``)."""
    inv = ledger.invoices
    if "origin" not in inv.columns:
        return np.full(len(inv), cv.INVOICE_ORIGINS[0], dtype=object)
    return inv["origin"].fillna(cv.INVOICE_ORIGINS[0]).to_numpy(dtype=object)


def _detail(
    ledger: Ledger,
    residual: np.ndarray,
    days: np.ndarray,
    band: np.ndarray,
    in_a: np.ndarray,
    in_b: np.ndarray,
    insolvent: np.ndarray,
) -> pd.DataFrame:
    """The invoices of (A) and (B), most late first."""
    idx = np.flatnonzero(in_a | in_b)
    inv = ledger.invoices.iloc[idx]
    names = ledger.debtor_names
    debtor = inv["debtor_id"].astype("str")
    out = pd.DataFrame(
        {
            "invoice_id": inv["invoice_id"].astype("str").to_numpy(),
            "debtor_id": debtor.to_numpy(),
            "debtor_name": debtor.map(lambda d: names.get(d, d)).astype("str").to_numpy(),
            "origin": pd.array(_origins(ledger)[idx], dtype="str"),
            "issue_date": inv["issue_date"].to_numpy(),
            "due_date": inv["due_date"].to_numpy(),
            "amount": to_euros(np.asarray(ledger.cents("invoices"), dtype="int64")[idx]),
            "residual": to_euros(residual[idx]),
            "days_late": days[idx],
            "band": pd.array([BANDS[k] for k in band[idx]], dtype="str"),
            "part": pd.array(np.where(in_a[idx], "A", "B"), dtype="str"),
            "insolvent": insolvent[idx],
        },
        columns=DETAIL_COLUMNS,
    )
    out = out.sort_values(["days_late", "invoice_id"], ascending=[False, True])
    return out.reset_index(drop=True)


def reference_terms(ledger: Ledger, year_invoices: np.ndarray) -> tuple[str, tuple[str, ...]]:
    """(C): the kind of the reference terms and, in French, where the due dates come from.

    A FEC records no due date: each debtor's terms have a source (contract, estimate from
    the payments, the company's default: :mod:`recouvrement.io.fec.terms`). Other ledgers
    read each invoice's due date from the files (its agreed terms); a missing one is the
    issue date + ``default_terms_days``. Default terms of 30 days are the legal ones (art.
    L.441-10 I: 30 days after delivery, counted here from the invoice date); other default
    terms are the company's own general terms. ``year_invoices``: per invoice, whether it
    is a sale of the fiscal year (their terms are summed up).
    """
    days = ledger.default_terms_days
    legal = days == LEGAL_TERMS_DAYS
    default_kind = "délais légaux" if legal else "délais contractuels"
    default = f"date de facture + {days} jours (default_terms_days) : " + (
        f"délai légal supplétif de {days} jours de l'art. L.441-10 I, compté ici à partir "
        "de la date de facture"
        if legal
        else "conditions générales de la société"
    )
    found: list[tuple[str, str]] = []  # (kind, line)
    book_terms = getattr(ledger.meta.get("fec"), "terms", None)
    if isinstance(book_terms, pd.DataFrame):  # a FEC: terms per debtor, with their source
        n = book_terms["source"].value_counts()
        texts = {
            "contract": (
                "délais contractuels",
                "Délais contractuels (recouvrement.yml ou table des débiteurs)",
            ),
            "observed": (
                "délais estimés",
                "Délais estimés faute de délai convenu connu "
                "(délai de règlement médian observé, au plus 60 jours ; ni "
                "contractuels ni légaux, à confirmer par la société)",
            ),
            "default": (default_kind, "Délai par défaut, " + default),
        }
        for source, (kind, text) in texts.items():
            if n.get(source, 0):
                found.append((kind, f"{text} : {_count(n[source], 'client')}."))
    else:
        q = ledger.quality
        due = (q["table"] == "invoices") & q["problem"].str.startswith("échéance manquante")
        repaired = int((due & (q["action"] == "corrigée")).sum())
        if repaired < len(ledger.invoices):
            found.append(
                (
                    "délais contractuels",
                    "Délais contractuels : l'échéance portée sur chaque "
                    "facture (fichier des factures).",
                )
            )
        if repaired:
            found.append(
                (default_kind, f"{_count(repaired, 'facture')} sans échéance : {default}.")
            )
        listed = ledger.debtors["terms_days"].dropna().astype("int64").value_counts()
        if len(listed):
            text = " ; ".join(
                f"{d} jours : {_count(k, 'client')}" for d, k in listed.sort_index().items()
            )
            found.append(("", f"Conditions de paiement de la table des débiteurs : {text}."))
    inv = ledger.invoices[year_invoices]
    spread = (inv["due_date"] - inv["issue_date"]).dt.days.value_counts()
    spread = spread.iloc[np.lexsort((spread.index.to_numpy(), -spread.to_numpy()))]
    if len(spread):
        top = spread.head(4)
        parts = [f"{d} jours ({_count(k, 'facture')})" for d, k in top.items()]
        if spread.sum() > top.sum():
            parts.append(f"autres délais ({_count(int(spread.sum() - top.sum()), 'facture')})")
        found.append(
            (
                "",
                f"Délai entre facture et échéance des factures de l'exercice : {', '.join(parts)}.",
            )
        )
    kind = " et ".join(dict.fromkeys(k for k, _ in found if k)) or "aucun délai connu"
    return kind[0].upper() + kind[1:], tuple(line for _, line in found)


def _count(n: int, word: str) -> str:
    """``3 factures``, ``1 client``: a French count and its noun."""
    return f"{fmt_int(n)} {word}{'s' if n > 1 else ''}"
