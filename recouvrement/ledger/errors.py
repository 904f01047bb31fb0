"""The one error of the ledger contract: structural problems, in French, all listed at once."""

from __future__ import annotations


class LedgerError(ValueError):
    """Structural problems that make a ledger impossible to build.

    ``problems`` is the list of messages (French); the exception text lists them all,
    each naming the table, the file and how to fix the input.
    """

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(
            f"le grand livre ne peut pas être construit ({len(self.problems)} problème(s)) :"
            f"\n{lines}"
        )
