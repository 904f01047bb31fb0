"""Lettrage of a sample ledger: matching groups, oldest-first allocation, codes.

A FEC does not say which payment settled which invoice: it letters them, giving the
same code (``EcritureLet``) to the lines of a customer account that settle one
another. The ledger's tables do say it, row by row (``invoice_id`` of a payment,
credit note or write-off). For a FEC and the tables to tell the same story, every
*lettrage group* must be settled oldest first:

* a lettrage group is a connected component of the graph whose nodes are the
  invoices and the credits (payment ids, credit note ids, write-off references) and
  whose edges are the allocations (one row of a table);
* allocating the group's credits, ordered by date then reference, to its invoices,
  ordered by issue date then reference, each invoice taking at most its amount, must
  give exactly the table's allocations (:func:`fifo_allocations`,
  :func:`follows_fifo`).

Everything here is plain Python on a few hundred rows: day numbers and cents.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple


class Allocation(NamedTuple):
    """One row of a table that settles (part of) an invoice.

    Attributes
    ----------
    credit : str
        Reference of the credit: payment id, credit note id or write-off reference.
    invoice : str
        The invoice id.
    date : int
        Day number of the credit.
    cents : int
        Amount allocated to the invoice.

    """

    credit: str
    invoice: str
    date: int
    cents: int


class Group(NamedTuple):
    """One lettrage group: its invoices and credits, each sorted oldest first.

    ``invoices`` are ``(issue day, invoice id)``, ``credits`` ``(day, reference)``.
    """

    invoices: tuple[tuple[int, str], ...]
    credits: tuple[tuple[int, str], ...]


def lettrage_groups(allocations: Iterable[Allocation], issue: Mapping[str, int]) -> list[Group]:
    """Split allocations into lettrage groups (connected components).

    Parameters
    ----------
    allocations : iterable of Allocation
        The allocation rows (of one debtor or several: a group never spans two
        debtors, since a credit is allocated to its debtor's invoices only).
    issue : mapping of str to int
        Issue day of every invoice of ``allocations``.

    Returns
    -------
    list of Group
        Sorted by their first credit (day, then reference).

    """
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(node: tuple[str, str]) -> tuple[str, str]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    credit_day: dict[str, int] = {}
    for a in allocations:
        credit_day[a.credit] = a.date
        root_c, root_i = find(("c", a.credit)), find(("i", a.invoice))
        if root_c != root_i:
            parent[max(root_c, root_i)] = min(root_c, root_i)
    members: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for node in list(parent):
        members.setdefault(find(node), []).append(node)
    groups = [
        Group(
            invoices=tuple(sorted((issue[ref], ref) for kind, ref in nodes if kind == "i")),
            credits=tuple(sorted((credit_day[ref], ref) for kind, ref in nodes if kind == "c")),
        )
        for nodes in members.values()
    ]
    return sorted(groups, key=lambda g: g.credits[0])


def fifo_allocations(
    group: Group,
    caps: Mapping[str, int],
    amounts: Mapping[str, int],
    *,
    reverse_ties: bool = False,
) -> dict[tuple[str, str], int] | None:
    """Allocate a group's credits to its invoices, oldest first.

    Parameters
    ----------
    group : Group
        The lettrage group.
    caps : mapping of str to int
        What each invoice can take, in cents (its amount, or what is left of it).
    amounts : mapping of str to int
        The amount of each credit, in cents.
    reverse_ties : bool, default False
        Order the credits of the same day, and the invoices of the same issue day, by
        decreasing reference instead: a group whose allocation depends on that order
        is ambiguous for a reader that breaks ties in another way.

    Returns
    -------
    dict of (str, str) to int or None
        ``(credit, invoice) -> cents``; ``None`` when a credit is left over
        (an overpayment, which no group may have).

    """

    def ordered(items: tuple[tuple[int, str], ...]) -> list[str]:
        by_ref = sorted(items, key=lambda item: item[1], reverse=reverse_ties)
        return [ref for _, ref in sorted(by_ref, key=lambda item: item[0])]

    invoices = ordered(group.invoices)
    left = {ref: caps[ref] for ref in invoices}
    out: dict[tuple[str, str], int] = {}
    for credit in ordered(group.credits):
        rest = amounts[credit]
        for ref in invoices:
            if rest == 0:
                break
            take = min(rest, left[ref])
            if take:
                out[(credit, ref)] = out.get((credit, ref), 0) + take
                left[ref] -= take
                rest -= take
        if rest:
            return None
    return out


def follows_fifo(
    allocations: Sequence[Allocation], issue: Mapping[str, int], caps: Mapping[str, int]
) -> bool:
    """Whether every lettrage group of ``allocations`` is settled oldest first.

    Parameters
    ----------
    allocations : sequence of Allocation
        The allocation rows.
    issue : mapping of str to int
        Issue day of each invoice.
    caps : mapping of str to int
        What each invoice can take, in cents.

    Returns
    -------
    bool
        True when, in every group, :func:`fifo_allocations` gives exactly the table's
        allocations, whatever the order of ties (same day, same issue day).

    """
    table: dict[tuple[str, str], int] = {}
    amounts: dict[str, int] = {}
    for a in allocations:
        table[(a.credit, a.invoice)] = table.get((a.credit, a.invoice), 0) + a.cents
        amounts[a.credit] = amounts.get(a.credit, 0) + a.cents
    for group in lettrage_groups(allocations, issue):
        expected = {
            (c, i): cents
            for (c, i), cents in table.items()
            if c in {ref for _, ref in group.credits}
        }
        for reverse in (False, True):
            if fifo_allocations(group, caps, amounts, reverse_ties=reverse) != expected:
                return False
    return True


def lettrage_code(position: int) -> str:
    """The code of a debtor's ``position``-th group: ``AA``, ``AB``... ``ZZ`` (0-based)."""
    letters = string.ascii_uppercase
    if not 0 <= position < len(letters) ** 2:
        raise ValueError(f"no two-letter lettrage code for position {position}")
    return letters[position // len(letters)] + letters[position % len(letters)]


def lettrage_marks(
    allocations: Sequence[Allocation], issue: Mapping[str, int], debtor: Mapping[str, str]
) -> tuple[dict[str, str], dict[str, str], dict[str, int]]:
    """The lettrage codes of one fiscal year's lines, and the lettering day of invoices.

    Parameters
    ----------
    allocations : sequence of Allocation
        The allocations of the credits dated in the fiscal year.
    issue : mapping of str to int
        Issue day of each invoice.
    debtor : mapping of str to str
        Debtor id of each invoice.

    Returns
    -------
    invoice_codes, credit_codes : dict of str to str
        Code of each lettered invoice and credit. Per debtor, the groups get ``AA``,
        ``AB``... in the order they were first lettered (day, then reference of
        their first credit).
    invoice_days : dict of str to int
        Day of the first credit allocated to each lettered invoice (its ``DateLet``).

    """
    invoice_codes: dict[str, str] = {}
    credit_codes: dict[str, str] = {}
    count: dict[str, int] = {}
    for group in lettrage_groups(allocations, issue):
        who = debtor[group.invoices[0][1]]
        code = lettrage_code(count.get(who, 0))
        count[who] = count.get(who, 0) + 1
        invoice_codes.update((ref, code) for _, ref in group.invoices)
        credit_codes.update((ref, code) for _, ref in group.credits)
    invoice_days: dict[str, int] = {}
    for a in sorted(allocations, key=lambda a: (a.date, a.credit)):
        invoice_days.setdefault(a.invoice, a.date)
    return invoice_codes, credit_codes, invoice_days


def follows_fifo_by_year(
    allocations: Sequence[Allocation],
    issue: Mapping[str, int],
    amounts: Mapping[str, int],
    year_start: int,
) -> bool:
    """Whether the allocations are settled oldest first over the history and in each year.

    Parameters
    ----------
    allocations : sequence of Allocation
        The allocation rows.
    issue, amounts : mapping of str to int
        Issue day and amount (cents) of each invoice.
    year_start : int
        Day number of the first day of the second fiscal year.

    Returns
    -------
    bool
        :func:`follows_fifo` holds on the whole history, on the first year's
        allocations (each invoice capped at its amount), and on the second year's
        allocations (an invoice of the first year capped at what was left of it at
        the close: the line of the opening entry its credits are lettered with).

    """
    first = [a for a in allocations if a.date < year_start]
    second = [a for a in allocations if a.date >= year_start]
    left = dict(amounts)
    for a in first:
        left[a.invoice] -= a.cents
    return (
        follows_fifo(allocations, issue, amounts)
        and follows_fifo(first, issue, amounts)
        and follows_fifo(second, issue, left)
    )
