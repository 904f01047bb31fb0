"""A report of June 2012 runs end to end in-process, with penalties checked by hand.

The company folder is written here (canonical CSV columns, ISO dates of 2008-2012) and
the report is computed as the notebook does (``open_report`` on a plan), then its code
cells are executed in this process with the plan the runner would inject. The rates
come from the tables shipped in ``recouvrement/data/rates``:

- ECB main refinancing rate 1.25 % on 1 July 2011 (1.50 % only from 13 July 2011),
  1.00 % on 1 January 2012 (since 14 December 2011): penalty rates 11.25 % for S2 2011
  and 11.00 % for S1 2012 (art. L.441-10, formerly L.441-6, code de commerce);
- the day count of the package: from the day after the due date to the as-of date (or
  the settlement date) included, 365 days a year even in leap year 2012 (February 2012
  has 29 days).

A report whose month is before the ECB table fails with one French sentence naming the
table, the period it covers and the file to complete.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd
import pytest

from recouvrement.legal import RateTableError
from recouvrement.report.context import open_report
from recouvrement.report.plan import make_plan
from recouvrement.report.sections.audit import penalties
from recouvrement.runner.errors import user_message
from recouvrement.runner.manifest import NOTEBOOK

NBSP = "\u00a0"

INVOICES = """invoice_id,debtor_id,issue_date,due_date,amount
F2008,D1,2008-09-01,2008-10-31,500.00
F1,D1,2011-12-01,2012-01-31,1000.00
F2,D2,2011-10-15,2011-11-30,2000.00
F3,D2,2012-02-01,2012-03-02,750.00
F4,D2,2012-06-15,2012-07-15,300.00
"""
PAYMENTS = """payment_id,debtor_id,invoice_id,date,amount
P1,D2,F2,2012-02-15,2000.00
P2,D2,F3,2012-03-01,750.00
"""
DEBTORS = """debtor_id,name,kind
D1,Menuiserie Ancienne SARL,professionnel
D2,Transports d'Antan SA,professionnel
"""


def _company(root: Path, company: str, files: dict[str, str]) -> Path:
    folder = root / "data" / company
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return root / "data"


@pytest.fixture
def report_2012(tmp_path):
    data = _company(
        tmp_path,
        "ancienne",
        {"invoices.csv": INVOICES, "payments.csv": PAYMENTS, "debtors.csv": DEBTORS},
    )
    return open_report(make_plan("ancienne", "2012-06", data_dir=data))


def test_the_penalty_rate_of_june_2012(report_2012):
    penalty = report_2012.audit.penalty
    assert penalty.half_year_start == pd.Timestamp("2012-01-01")
    assert (penalty.ecb_rate, penalty.rate) == (1.00, 11.00)
    assert penalty.basis == "taux BCE + 10 points"
    assert not penalty.provisional and penalty.note == ""


def test_penalties_of_2012_by_hand(report_2012):
    interest = report_2012.audit.interest.set_index("invoice_id")
    # F3 was paid before its due date and F4 is not due: neither is late
    assert sorted(interest.index) == ["F1", "F2", "F2008"]

    f1 = interest.loc["F1"]  # 1 000,00 € due 31/01/2012, unpaid at 30/06/2012
    # 01/02 → 30/06/2012 = 29 + 31 + 30 + 31 + 30 = 151 days;
    # 1 000 × 11 % × 151 / 365 = 45,5068… → 45,51 €
    assert (f1["days_late"], f1["rate"], f1["interest"]) == (151, 11.00, 45.51)
    assert f1["rate_detail"] == f"S1 2012 : 11,00{NBSP}% du 01/02/2012 au 30/06/2012"
    assert f1["claimable"] and f1["reason"] == (
        "pénalités réclamables ; indemnité forfaitaire de 40 € non due : délai de paiement "
        "commencé avant le 01/01/2013 (décret n° 2012-1115, art. 2)"
    )

    f2 = interest.loc["F2"]  # 2 000,00 € due 30/11/2011, paid 15/02/2012
    # 01/12 → 31/12/2011: 31 days at 11,25 % = 2 000 × 0,1125 × 31 / 365 = 19,1096…
    # 01/01 → 15/02/2012: 46 days at 11,00 % = 2 000 × 0,11 × 46 / 365 = 27,7260…
    # total 46,8356… → 46,84 € (rounded once, on the invoice's total)
    assert f2["settled_date"] == pd.Timestamp("2012-02-15")
    assert (f2["days_late"], f2["rate"], f2["interest"]) == (77, 11.00, 46.84)
    assert f2["rate_detail"] == (
        f"S2 2011 : 11,25{NBSP}% du 01/12/2011 au 31/12/2011 ; "
        f"S1 2012 : 11,00{NBSP}% du 01/01/2012 au 15/02/2012"
    )

    # no 40 € indemnity: both terms started before 01/01/2013 (décret n° 2012-1115)
    assert f1["indemnity"] == f2["indemnity"] == 0.0
    assert "délai de paiement commencé avant le 01/01/2013" in f1["reason"]


def test_an_invoice_older_than_the_tables_is_flagged_not_computed(report_2012):
    old = report_2012.audit.interest.set_index("invoice_id").loc["F2008"]
    assert pd.isna(old["interest"]) and not old["claimable"]
    # due 31/10/2008: the first half-year of its penalties starts on 01/07/2008
    assert old["reason"].startswith("pénalités non calculées")
    assert (
        "taux BCE au 01/07/2008 absent de la table des taux BCE, qui couvre du 13/05/2009 au "
        "01/07/2025 : les pénalités de retard du 2nd semestre 2008 ne peuvent pas être "
        "calculées ; ajouter les taux antérieurs, avec leur source, au fichier "
        "recouvrement/data/rates/ecb_main_refinancing_rate.csv"
    ) in old["reason"]


def test_claims_of_2012(report_2012):
    totals = report_2012.audit.totals
    assert totals["claimable_interest"] == 92.35  # 45,51 + 46,84
    assert totals["claimable_indemnities"] == 0.0
    assert totals["total_claimable"] == 92.35
    assert not totals["provisional"]
    claims = report_2012.audit.claims.set_index("debtor_id")
    assert claims.loc["D1", "total_claimable"] == 45.51  # F2008 not computed, no indemnity
    assert claims.loc["D2", "total_claimable"] == 46.84


def test_the_penalties_section_states_the_2012_rate(report_2012):
    text = html.unescape(" ".join(str(block) for block in penalties(report_2012)))
    assert f"Taux du semestre en cours : taux BCE + 10 points, soit 11,00{NBSP}% l'an." in text


def test_indemnity_from_2013_only(report_2012):
    # terms started before 01/01/2013: no indemnity, the reason says why
    interest = report_2012.audit.interest.set_index("invoice_id")
    assert interest.loc["F1", "indemnity"] == 0.0


def test_the_2012_report_notebook_runs_in_process(tmp_path):
    data = _company(
        tmp_path,
        "ancienne",
        {"invoices.csv": INVOICES, "payments.csv": PAYMENTS, "debtors.csv": DEBTORS},
    )
    plan = make_plan("ancienne", "2012-06", data_dir=data)
    nb = json.loads(Path(NOTEBOOK).read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    parameters = {**plan.parameters, "plan": plan.to_dict()}
    injected = "\n".join(f"{k} = {v!r}" for k, v in parameters.items())
    shown: list = []
    namespace = {"display": lambda *blocks: shown.extend(blocks)}
    for code in [cells[0], injected, *cells[1:]]:
        code = code.replace("from IPython.display import display\n", "")
        exec(compile(code, "audit_mensuel.ipynb", "exec"), namespace)
    assert namespace["r"].audit.totals["total_claimable"] == 92.35
    assert len(shown) > 40  # every section displayed something


def test_a_month_before_the_ecb_table_fails_with_one_french_sentence(tmp_path):
    data = _company(
        tmp_path,
        "tresancienne",
        {
            "invoices.csv": "invoice_id,debtor_id,issue_date,due_date,amount\n"
            "F1,D1,2008-11-01,2008-12-31,1000.00\nF2,D1,2009-03-02,2009-04-01,500.00\n",
            "payments.csv": "payment_id,debtor_id,invoice_id,date,amount\n"
            "P1,D1,F2,2009-03-20,500.00\n",
            "debtors.csv": DEBTORS,
        },
    )
    with pytest.raises(RateTableError) as caught:
        open_report(make_plan("tresancienne", "2009-03", data_dir=data))
    assert user_message(caught.value) == (
        "taux BCE au 01/01/2009 absent de la table des taux BCE, qui couvre du 13/05/2009 au "
        "01/07/2025 : les pénalités de retard du 1er semestre 2009 ne peuvent pas être "
        "calculées ; ajouter les taux antérieurs, avec leur source, au fichier "
        "recouvrement/data/rates/ecb_main_refinancing_rate.csv (mode d'emploi : "
        "recouvrement/data/rates/README.md)"
    )
