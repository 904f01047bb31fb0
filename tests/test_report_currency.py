"""A company whose books are in US dollars: its report never prints « € » for its amounts."""

from __future__ import annotations

import html

import pytest

from recouvrement.formatting import fmt_eur, set_money_unit
from recouvrement.report.context import open_report
from recouvrement.report.sections import appendix, dashboard, front, portfolio

INVOICES = """invoice_id,debtor_id,issue_date,due_date,amount
F1,D1,2026-01-15,2026-02-14,1200.00
F2,D2,2026-02-10,2026-03-12,800.50
"""
PAYMENTS = """payment_id,debtor_id,invoice_id,date,amount
P1,D1,F1,2026-03-01,200.00
"""


@pytest.fixture
def usd_report(tmp_path):
    company = tmp_path / "data" / "dollar"
    company.mkdir(parents=True)
    (company / "invoices.csv").write_text(INVOICES, encoding="utf-8")
    (company / "payments.csv").write_text(PAYMENTS, encoding="utf-8")
    (company / "recouvrement.yml").write_text(
        'name: "Dollar Inc"\ncurrency: USD\ndefault_debtor_kind: professionnel\n',
        encoding="utf-8",
    )
    yield open_report(company="dollar", month="2026-03", data_dir=tmp_path / "data")
    set_money_unit("EUR")


def text(blocks) -> str:
    return html.unescape(" ".join(str(b) for b in blocks))


def test_a_usd_company_is_reported_in_usd(usd_report):
    r = usd_report
    assert r.ledger.currency == "USD"
    cover = text(front.cover(r))
    # 1 200,00 + 800,50 − 200,00 = 1 800,50 USD (the dashboard's portfolio line)
    assert "1\u00a0800,50\u00a0USD" in text(dashboard.dashboard(r))
    assert "Montants TTC en USD (devise de la société)" in cover
    assert "€" not in text(portfolio.aged_balance(r))
    assert "USD" in text(appendix.conventions(r))


def test_euros_are_back_for_the_next_report(usd_report):
    set_money_unit("EUR")
    assert fmt_eur(1234.5) == "1\u00a0234,50\u00a0€"
