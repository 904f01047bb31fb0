"""Shared fixtures: small, deterministic company folders written to temporary directories.

``make_company`` writes the canonical CSV files of one audited company (invoices,
payments, debtors and a ``recouvrement.yml``), reproducibly from a seed, so that
end-to-end tests never depend on the bundled samples or on another engineer's data.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from pathlib import Path

import pytest

#: A debtor name that must come out escaped in every report.
XSS_NAME = "<script>alert(1)</script>"


def make_company(
    root: Path,
    company: str,
    *,
    name: str,
    debtor_names: Sequence[str],
    seed: int = 0,
    invoices_per_debtor: int = 6,
    start: dt.date = dt.date(2025, 11, 1),
    end: dt.date = dt.date(2026, 10, 31),
    sector: str = "construction",
    bad_rows: bool = True,
) -> Path:
    """Write ``<root>/<company>/`` with invoices, payments, debtors and recouvrement.yml.

    Invoices are issued between ``start`` and ``end`` with 30- or 45-day terms;
    about two thirds are paid (some partially, some late), the rest stay open, so
    every aging bucket is populated. With ``bad_rows`` a few rows are malformed
    (negative amount, unreadable date, missing due date, unknown invoice) so that
    the data-quality section has findings. Returns the company folder.
    """
    rng = random.Random(seed)
    folder = root / company
    folder.mkdir(parents=True, exist_ok=True)
    span = (end - start).days
    inv_lines = ["invoice_id,debtor_id,issue_date,due_date,amount"]
    pay_lines = ["payment_id,debtor_id,invoice_id,date,amount"]
    deb_lines = ["debtor_id,name,kind,sector,credit_limit,insolvency_date"]
    n_inv = n_pay = 0
    for d, debtor_name in enumerate(debtor_names, start=1):
        debtor = f"C{d:03d}"
        quoted = '"' + debtor_name.replace('"', '""') + '"'
        deb_lines.append(
            f"{debtor},{quoted},professionnel,{sector},{rng.choice([5000, 20000, 50000])},"
        )
        for _ in range(invoices_per_debtor):
            n_inv += 1
            issue = start + dt.timedelta(days=rng.randrange(span))
            due = issue + dt.timedelta(days=rng.choice([30, 45]))
            amount = round(rng.uniform(300, 9000), 2)
            inv = f"F{n_inv:05d}"
            inv_lines.append(f"{inv},{debtor},{issue:%Y-%m-%d},{due:%Y-%m-%d},{amount:.2f}")
            fate = rng.random()
            if fate < 0.55:  # paid in full, on time or late
                n_pay += 1
                paid_on = due + dt.timedelta(days=rng.randint(-10, 70))
                pay_lines.append(f"P{n_pay:05d},{debtor},{inv},{paid_on:%Y-%m-%d},{amount:.2f}")
            elif fate < 0.75:  # partially paid
                n_pay += 1
                paid_on = due + dt.timedelta(days=rng.randint(0, 40))
                part = round(amount * rng.choice([0.3, 0.5]), 2)
                pay_lines.append(f"P{n_pay:05d},{debtor},{inv},{paid_on:%Y-%m-%d},{part:.2f}")
    if bad_rows:
        inv_lines.append(f"F{n_inv + 1:05d},C001,2026-09-01,2026-10-01,-120.00")  # negative amount
        inv_lines.append(f"F{n_inv + 2:05d},C001,31/02/2026,2026-10-01,500.00")  # impossible date
        inv_lines.append(f"F{n_inv + 3:05d},C002,2026-08-15,,1500.00")  # missing due date
        pay_lines.append(f"P{n_pay + 1:05d},C002,F99999,2026-10-05,250.00")  # unknown invoice
    (folder / "invoices.csv").write_text("\n".join(inv_lines) + "\n", encoding="utf-8")
    (folder / "payments.csv").write_text("\n".join(pay_lines) + "\n", encoding="utf-8")
    (folder / "debtors.csv").write_text("\n".join(deb_lines) + "\n", encoding="utf-8")
    (folder / "recouvrement.yml").write_text(
        f'name: "{name}"\nsector: {sector}\ndefault_terms_days: 30\n', encoding="utf-8"
    )
    return folder


ALPHA_DEBTORS = (
    "Maçonnerie Alpha & Fils",
    XSS_NAME,
    "Charpentes du Rhône",
    "Électricité Morel",
    "Plâtrerie Dubois",
    "Couverture Lefèvre",
)
BETA_DEBTORS = (
    "Boulangerie Beta-Martin",
    "Garage Bêta Services",
    "Pharmacie du Centre Beta",
    "Hôtel Beta Plage",
)


@pytest.fixture(scope="session")
def two_companies(tmp_path_factory) -> Path:
    """A data folder with companies ``alpha`` (one debtor named like a script) and ``beta``."""
    root = tmp_path_factory.mktemp("data")
    make_company(root, "alpha", name="Alpha Construction SAS", debtor_names=ALPHA_DEBTORS, seed=1)
    make_company(
        root,
        "beta",
        name="Beta Commerce SARL",
        debtor_names=BETA_DEBTORS,
        seed=2,
        sector="commerce",
    )
    return root


@pytest.fixture
def company_factory(tmp_path):
    """``make_company`` bound to a fresh temporary data folder (returns the folder)."""

    def factory(company: str = "acme", **kwargs) -> Path:
        kwargs.setdefault("name", f"{company.title()} SA")
        kwargs.setdefault("debtor_names", ("Débiteur Un", "Débiteur Deux", "Débiteur Trois"))
        make_company(tmp_path / "data", company, **kwargs)
        return tmp_path / "data"

    return factory


def untypeset(text: str) -> str:
    """Exported text with the typographer's marks back to plain ones (spaces, apostrophe).

    The exported documents are set in French typography
    (:mod:`recouvrement.report.typography`); the tests that look for a sentence written
    with plain spaces and ``'`` compare it with this. The typography itself is tested
    in ``test_report_typography.py`` and on the real exports.
    """
    for a, b in (("’", "'"), ("«\u00a0", "« "), ("\u00a0»", " »"), ("\u00a0:", " :")):
        text = text.replace(a, b)
    for mark in ";?!":
        text = text.replace(f"\u202f{mark}", f" {mark}")
    return text
