"""A tiny bookkeeper for tests: balanced FEC entries, as lines or as a file.

Amounts are integer cents. Every entry balances: an invoice credits sales and VAT (20 %),
a payment debits the bank, a write-off debits 654 and reverses the VAT, an opening
entry is balanced on 890000.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

HEADER = (
    "JournalCode JournalLib EcritureNum EcritureDate CompteNum CompteLib CompAuxNum "
    "CompAuxLib PieceRef PieceDate EcritureLib Debit Credit EcritureLet DateLet ValidDate "
    "Montantdevise Idevise"
).split()

JOURNALS = {"VE": "Ventes", "BQ": "Banque", "OD": "Opérations diverses", "AN": "À nouveaux"}


def _split(ttc: int) -> tuple[int, int]:
    ht = (ttc * 10 + 6) // 12
    return ht, ttc - ht


@dataclass
class Books:
    """Entries of one fiscal year's FEC."""

    rows: list[dict] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)

    def entry(
        self,
        journal: str,
        date: str,
        lines: list[tuple],
        ref: str = "",
        piece_date: str | None = None,
    ) -> None:
        """``lines``: ``(account, aux, debit, credit, let, date_let)`` tuples."""
        self.numbers[journal] = self.numbers.get(journal, 0) + 1
        for account, aux, debit, credit, let, date_let in lines:
            self.rows.append(
                {
                    "journal": journal,
                    "entry": f"{self.numbers[journal]:05d}",
                    "date": date,
                    "account": account,
                    "aux": aux,
                    "aux_lib": f"Client {aux}" if aux else "",
                    "piece_ref": ref,
                    "piece_date": piece_date or date,
                    "debit": debit,
                    "credit": credit,
                    "let": let or "",
                    "date_let": date_let or "",
                }
            )

    def invoice(self, aux: str, date: str, ttc: int, ref: str, let=None, date_let=None):
        ht, tva = _split(ttc)
        self.entry(
            "VE",
            date,
            [
                ("411000", aux, ttc, 0, let, date_let),
                ("706000", "", 0, ht, None, None),
                ("445710", "", 0, tva, None, None),
            ],
            ref,
        )

    def credit_note(self, aux: str, date: str, ttc: int, ref: str, let=None, date_let=None):
        ht, tva = _split(ttc)
        self.entry(
            "VE",
            date,
            [
                ("411000", aux, 0, ttc, let, date_let),
                ("706000", "", ht, 0, None, None),
                ("445710", "", tva, 0, None, None),
            ],
            ref,
        )

    def payment(self, aux: str, date: str, amount: int, ref: str = "", let=None, date_let=None):
        self.entry(
            "BQ",
            date,
            [("512000", "", amount, 0, None, None), ("411000", aux, 0, amount, let, date_let)],
            ref,
        )

    def write_off(self, aux: str, date: str, ttc: int, ref: str = "", let=None, date_let=None):
        ht, tva = _split(ttc)
        self.entry(
            "OD",
            date,
            [
                ("654000", "", ht, 0, None, None),
                ("445710", "", tva, 0, None, None),
                ("411000", aux, 0, ttc, let, date_let),
            ],
            ref,
        )

    def opening(self, date: str, items: list[tuple]):
        """``items``: ``(aux, net cents, ref, piece_date, let)``; balanced on 890000."""
        lines = [
            ("411000", aux, max(net, 0), max(-net, 0), let, None) for aux, net, _, _, let in items
        ]
        total = sum(net for _, net, _, _, _ in items)
        lines.append(("890000", "", max(-total, 0), max(total, 0), None, None))
        self.numbers["AN"] = self.numbers.get("AN", 0) + 1
        for (account, aux, debit, credit, let, _), item in zip(lines, [*items, None], strict=True):
            self.rows.append(
                {
                    "journal": "AN",
                    "entry": f"{self.numbers['AN']:05d}",
                    "date": date,
                    "account": account,
                    "aux": aux,
                    "aux_lib": f"Client {aux}" if aux else "",
                    "piece_ref": item[2] if item else "",
                    "piece_date": (item[3] or date) if item else date,
                    "debit": debit,
                    "credit": credit,
                    "let": let or "",
                    "date_let": "",
                }
            )

    def text(self, sep: str = "\t") -> str:
        """The FEC file's text (``YYYYMMDD`` dates, decimal comma)."""

        def d(value: str) -> str:
            return value.replace("-", "") if value else ""

        def amount(cents: int) -> str:
            return f"{cents // 100},{cents % 100:02d}"

        out = [sep.join(HEADER)]
        for r in self.rows:
            out.append(
                sep.join(
                    [
                        r["journal"],
                        JOURNALS.get(r["journal"], r["journal"]),
                        r["entry"],
                        d(r["date"]),
                        r["account"],
                        "Clients" if r["account"].startswith("411") else "Autre",
                        r["aux"],
                        r["aux_lib"],
                        r["piece_ref"],
                        d(r["piece_date"]),
                        "Libellé",
                        amount(r["debit"]),
                        amount(r["credit"]),
                        r["let"],
                        d(r["date_let"]),
                        d(r["date"]),
                        "",
                        "",
                    ]
                )
            )
        return "\r\n".join(out) + "\r\n"

    def write(self, path: Path, sep: str = "\t") -> Path:
        path.write_text(self.text(sep), encoding="utf-8")
        return path

    def frame(self, file: int = 0) -> pd.DataFrame:
        """The lines as :func:`recouvrement.io.fec.read.read_fec_file` returns them."""
        f = pd.DataFrame(self.rows)
        blank = {"": None}
        out = pd.DataFrame(
            {
                "line": range(2, len(f) + 2),
                "journal": f["journal"],
                "journal_lib": f["journal"].map(JOURNALS),
                "entry": f["entry"],
                "date": pd.to_datetime(f["date"]),
                "account": f["account"],
                "account_lib": "Clients",
                "aux": f["aux"].replace(blank),
                "aux_lib": f["aux_lib"].replace(blank),
                "piece_ref": f["piece_ref"],
                "piece_date": pd.to_datetime(f["piece_date"]),
                "label": "Libellé",
                "debit": f["debit"].astype("int64"),
                "credit": f["credit"].astype("int64"),
                "let": f["let"].replace(blank),
                "date_let": pd.to_datetime(f["date_let"].replace(blank)),
            }
        )
        return out.assign(file=file)
