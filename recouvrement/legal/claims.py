"""What can be claimed, per debtor, per legal basis and in total, and what is claimed.

:func:`claimable_by_debtor`, :func:`claimable_by_basis` and :func:`interest_totals` sum
the frame of :func:`~recouvrement.legal.interest.late_payment_interest` exactly (via
cents): the principal overdue, the interest and indemnities computed, those the law
allows to claim (``claimable``), split into those the company claims and those it
waives (its claim policy), and each debtor's eligibility to the small-claims
procedures. No total is given without its split.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recouvrement.aging import to_cents
from recouvrement.conventions import DEBTOR_KINDS
from recouvrement.conventions.law import SMALL_CLAIMS_LIMIT_EUR
from recouvrement.legal.config import CLAIM_CHOICES
from recouvrement.legal.interest import INTEREST_COLUMNS

#: Columns of :func:`claimable_by_debtor` and their dtypes, in order.
CLAIM_DTYPES = {
    "debtor_id": "str",
    "regime": "str",
    "basis": "str",
    "n_invoices": "int64",
    "principal_overdue": "float64",
    "interest": "float64",
    "indemnities": "float64",
    "total_claimable": "float64",
    "policy": "str",
    "claimed": "float64",
    "waived": "float64",
    "claim_total": "float64",
    "small_claims": "bool",
    "provisional": "bool",
}
CLAIM_COLUMNS = list(CLAIM_DTYPES)

#: Columns of :func:`claimable_by_basis` and their dtypes, in order.
BASIS_DTYPES = {
    "kind": "str",
    "regime": "str",
    "basis": "str",
    "policy": "str",
    "n_invoices": "int64",
    "n_debtors": "int64",
    "interest": "float64",
    "indemnities": "float64",
    "total": "float64",
}
BASIS_COLUMNS = list(BASIS_DTYPES)


def _sum_eur(values: pd.Series, *, min_count: int = 0) -> float:
    """Exact sum of euro amounts (via cents); NaN skipped, NaN if fewer than ``min_count``."""
    present = values.dropna()
    if len(present) < min_count:
        return np.nan
    return int(to_cents(present.to_numpy()).sum()) / 100


def _check_interest_frame(frame: pd.DataFrame) -> None:
    """Raise unless ``frame`` has the columns of :func:`late_payment_interest`."""
    missing = [c for c in INTEREST_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(
            "expected the frame returned by late_payment_interest; missing column(s) "
            + ", ".join(missing)
        )


def _distinct(codes: np.ndarray, values: pd.Series, n: int) -> np.ndarray:
    """Per group of ``codes``: its distinct non-empty texts, in order, joined by `` / ``."""
    texts, words = pd.factorize(values.astype("str"), use_na_sentinel=False)
    words = np.asarray(words, dtype=object)
    named = np.array([bool(w) for w in words.tolist()], dtype=bool)[texts]
    key = codes[named].astype("int64") * max(len(words), 1) + texts[named]
    _, first_seen = np.unique(key, return_index=True)  # each (group, text) once, in order
    seen = np.sort(first_seen)
    pairs = pd.DataFrame({"code": codes[named][seen], "text": words[texts[named][seen]]})
    pairs = pairs.sort_values("code", kind="stable")
    out = np.full(n, "", dtype="object")
    code, text = pairs["code"].to_numpy(), pairs["text"].to_numpy()
    first = np.flatnonzero(np.r_[True, code[1:] != code[:-1]]) if len(code) else code
    size = np.diff(np.r_[first, len(code)])
    out[code[first[size == 1]]] = text[first[size == 1]]
    for pos, k in zip(first[size > 1].tolist(), size[size > 1].tolist(), strict=True):
        out[code[pos]] = " / ".join(text[pos : pos + k].tolist())
    return out


def _cents(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Euro amounts as exact cents (0 where missing), and where they are present."""
    present = values.notna().to_numpy()
    return np.where(present, to_cents(values.fillna(0.0).to_numpy(dtype="float64")), 0), present


def claimable_by_debtor(interest_frame: pd.DataFrame) -> pd.DataFrame:
    """What the law allows to claim from each debtor, and what is claimed (policy).

    Parameters
    ----------
    interest_frame : DataFrame
        The result of :func:`late_payment_interest` (not modified).

    Returns
    -------
    DataFrame
        One row per debtor, sorted by ``debtor_id``, columns :data:`CLAIM_COLUMNS`:
        ``regime`` and ``basis`` (the debtor's regime and the legal basis of its
        interest), ``n_invoices`` (invoices overdue or paid late),
        ``principal_overdue`` (Σ residual at ``as_of``, euros), ``interest`` and
        ``indemnities`` (Σ computed, euros; NaN when nothing was computed, e.g. a
        debtor of unknown kind), ``total_claimable`` (Σ interest + indemnity of the
        claimable invoices, what the law allows), split into ``claimed`` and
        ``waived`` by ``policy`` (the company's choice for the debtor, ``réclamer``
        or ``renoncer``), ``claim_total`` (principal of the invoices neither disputed
        nor under insolvency + ``claimed``), ``small_claims`` (0 < ``claim_total`` <
        5 000 €) and ``provisional`` (any rate of the debtor is provisional).

    Notes
    -----
    ``total_claimable = claimed + waived``; ``claim_total = Σ residual (not
    disputed, not insolvent) + claimed``: what is waived is not claimed in court
    either. Sums are exact to the cent. A private debtor's principal counts
    (small-claims procedures are open against anyone), and its interest at the legal
    rate once a formal notice is logged. ``small_claims`` is strict: 5 000,00 € is
    not eligible.

    """
    _check_interest_frame(interest_frame)
    f = interest_frame
    codes, ids = pd.factorize(f["debtor_id"], sort=True)
    rows = codes >= 0
    f, codes, n = f[rows], codes[rows], len(ids)
    claimable = f["claimable"].to_numpy(dtype=bool)
    claimed_rows = f["claimed"].to_numpy(dtype=bool)
    pursuable = ~(f["disputed"].to_numpy(dtype=bool) | f["insolvent"].to_numpy(dtype=bool))
    interest, n_interest = _cents(f["interest"])
    indemnity, n_indemnity = _cents(f["indemnity"])
    residual, _ = _cents(f["residual"])

    def total(cents: np.ndarray, where: np.ndarray | None = None) -> list[int]:
        out = np.zeros(n, dtype="int64")
        np.add.at(out, codes, cents if where is None else np.where(where, cents, 0))
        return out.tolist()

    def count(present: np.ndarray) -> np.ndarray:
        return np.bincount(codes, weights=present, minlength=n)

    c_interest, c_indemnity = total(interest, claimable), total(indemnity, claimable)
    k_interest, k_indemnity = total(interest, claimed_rows), total(indemnity, claimed_rows)
    pursued = total(residual, pursuable)
    total_claimable = [
        round(x / 100 + y / 100, 2) for x, y in zip(c_interest, c_indemnity, strict=True)
    ]
    claimed = [round(x / 100 + y / 100, 2) for x, y in zip(k_interest, k_indemnity, strict=True)]
    claim_total = [round(x / 100 + y, 2) for x, y in zip(pursued, claimed, strict=True)]
    out = pd.DataFrame(
        {
            "debtor_id": np.asarray(ids, dtype="object"),
            "regime": _distinct(codes, f["regime"], n),
            "basis": _distinct(codes, f["basis"], n),
            "n_invoices": np.bincount(codes, minlength=n),
            "principal_overdue": [c / 100 for c in total(residual)],
            "interest": np.where(count(n_interest) > 0, [c / 100 for c in total(interest)], np.nan),
            "indemnities": np.where(
                count(n_indemnity) > 0, [c / 100 for c in total(indemnity)], np.nan
            ),
            "total_claimable": total_claimable,
            "policy": _distinct(codes, f["policy"], n),
            "claimed": claimed,
            "waived": [round(x - y, 2) for x, y in zip(total_claimable, claimed, strict=True)],
            "claim_total": claim_total,
            "small_claims": [0 < x < SMALL_CLAIMS_LIMIT_EUR for x in claim_total],
            "provisional": count(f["provisional"].to_numpy(dtype=bool)) > 0,
        },
        columns=CLAIM_COLUMNS,
    )
    return out.astype(CLAIM_DTYPES)


def claimable_by_basis(interest_frame: pd.DataFrame) -> pd.DataFrame:
    """What the law allows to claim, per legal basis and per decision (claimed or waived).

    Parameters
    ----------
    interest_frame : DataFrame
        The result of :func:`late_payment_interest` (not modified).

    Returns
    -------
    DataFrame
        One row per kind of debtor and policy having claimable invoices, columns
        :data:`BASIS_COLUMNS`: ``kind``, ``regime``, ``basis`` (``art. L.441-10 C.
        com.``, ``art. R.2192-31 CCP``, ``art. 1231-6 C. civ.``), ``policy``
        (``réclamer`` or ``renoncer``), ``n_invoices``, ``n_debtors``, ``interest``,
        ``indemnities`` and ``total`` (euros, exact to the cent); in the order of
        :data:`~recouvrement.conventions.DEBTOR_KINDS`, ``réclamer`` first.

    Notes
    -----
    Σ ``total`` = :func:`interest_totals`' ``total_claimable``; the rows of policy
    ``réclamer`` sum to its ``claimed_total``, those of ``renoncer`` to
    ``waived_total``.

    """
    _check_interest_frame(interest_frame)
    f = interest_frame[interest_frame["claimable"].to_numpy(dtype=bool)]
    records = []
    for kind in DEBTOR_KINDS:
        for choice in CLAIM_CHOICES:
            g = f[(f["kind"] == kind) & (f["policy"] == choice)]
            if g.empty:
                continue
            interest, indemnities = _sum_eur(g["interest"]), _sum_eur(g["indemnity"])
            records.append(
                {
                    "kind": kind,
                    "regime": _distinct(np.zeros(len(g), dtype="int64"), g["regime"], 1)[0],
                    "basis": _distinct(np.zeros(len(g), dtype="int64"), g["basis"], 1)[0],
                    "policy": choice,
                    "n_invoices": len(g),
                    "n_debtors": int(g["debtor_id"].nunique()),
                    "interest": interest,
                    "indemnities": indemnities,
                    "total": round(interest + indemnities, 2),
                }
            )
    return pd.DataFrame.from_records(records, columns=BASIS_COLUMNS).astype(BASIS_DTYPES)


def interest_totals(interest_frame: pd.DataFrame) -> pd.Series:
    """Totals of :func:`late_payment_interest`, for the report.

    Returns
    -------
    Series
        ``n_invoices``, ``n_debtors``, ``principal_overdue``, ``interest``,
        ``indemnities`` (all rows, computed values only); what the law allows to
        claim: ``claimable_interest``, ``claimable_indemnities``,
        ``total_claimable``; split by the company's claim policy:
        ``claimed_interest``, ``claimed_indemnities``, ``claimed_total``,
        ``n_debtors_claimed`` and ``waived_interest``, ``waived_indemnities``,
        ``waived_total``, ``n_debtors_waived``; ``provisional`` (any provisional
        rate) and ``provisional_note`` (the distinct French notes, ``""`` when
        none). Euros, exact to the cent. The split by legal basis is
        :func:`claimable_by_basis`.

    Notes
    -----
    ``total_claimable = Σ interest + Σ indemnity`` over the rows with
    ``claimable`` ``= claimed_total + waived_total``; it equals the sum of
    :func:`claimable_by_debtor`'s column, and ``claimed_total`` the sum of its
    ``claimed``.

    """
    _check_interest_frame(interest_frame)
    f = interest_frame
    claimable = f["claimable"].to_numpy(dtype=bool)
    claimed = f["claimed"].to_numpy(dtype=bool)
    waived = claimable & ~claimed
    c_interest = _sum_eur(f.loc[claimable, "interest"])
    c_indemnities = _sum_eur(f.loc[claimable, "indemnity"])
    split = {}
    for name, rows in (("claimed", claimed), ("waived", waived)):
        interest = _sum_eur(f.loc[rows, "interest"])
        indemnities = _sum_eur(f.loc[rows, "indemnity"])
        split[f"{name}_interest"] = interest
        split[f"{name}_indemnities"] = indemnities
        split[f"{name}_total"] = round(interest + indemnities, 2)
        split[f"n_debtors_{name}"] = int(f.loc[rows, "debtor_id"].nunique())
    # one clause per missing rate, each said once (a row may carry several half-years)
    distinct = pd.unique(f["provisional_note"].to_numpy(dtype=object))
    clauses = (c.strip() for n in distinct.tolist() if n for c in n.split(" ; "))
    notes = [c for c in dict.fromkeys(clauses) if c]
    return pd.Series(
        {
            "n_invoices": len(f),
            "n_debtors": int(f["debtor_id"].nunique()),
            "principal_overdue": _sum_eur(f["residual"]),
            "interest": _sum_eur(f["interest"]),
            "indemnities": _sum_eur(f["indemnity"]),
            "claimable_interest": c_interest,
            "claimable_indemnities": c_indemnities,
            "total_claimable": round(c_interest + c_indemnities, 2),
            **split,
            "provisional": bool(f["provisional"].any()),
            "provisional_note": " ; ".join(notes),
        },
        dtype="object",
    )
