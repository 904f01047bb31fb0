"""The letters of the next dunning actions: which debtors, which invoices, which history."""

from __future__ import annotations

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.aging import Snapshot
from recouvrement.dunning.letters.draft import (
    claimed_invoices,
    letter_deadline,
    letter_of,
    regime_for,
)
from recouvrement.dunning.letters.furniture import furniture
from recouvrement.dunning.letters.kinds import letter_kind, registered_channel
from recouvrement.dunning.letters.model import HistoryEntry, InvoiceRows, Letter

__all__ = [
    "HISTORY_MAX",
    "INTEREST_COLUMNS",
    "letter_histories",
    "letter_history",
    "letters_for",
]

#: The columns of the interest table a letter uses, when present.
INTEREST_COLUMNS = (
    "interest",
    "indemnity",
    "rate",
    "claimable",
    "policy",
    "claimed",
    "basis",
    "provisional",
)
#: The dates of the log a letter recalls at most (the latest).
HISTORY_MAX = 3


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _key(channel: object) -> object:
    """A channel as a dictionary key: a missing one is ``None``."""
    return None if _missing(channel) else channel


def letter_history(
    log: pd.DataFrame | None,
    debtor_id: str,
    invoices: pd.DataFrame,
    date: pd.Timestamp,
    as_of: pd.Timestamp,
) -> tuple[HistoryEntry, ...]:
    """The logged actions a letter dated ``date`` may recall, oldest first.

    An action of the log (``debtor_id, invoice_id, date, channel, level``) is recalled
    when it is dated strictly before the letter (and not after ``as_of``, the date of
    the facts) and strictly after the due date of an invoice of the letter: on that
    invoice, or on the debtor without invoice (after the earliest due date). The
    actions of one date make one entry (highest level, every channel); the
    :data:`HISTORY_MAX` latest dates are kept. Nothing else is ever said.
    """
    if log is None or log.empty:
        return ()
    due = dict(zip(invoices["invoice_id"], invoices["due_date"], strict=True))
    first = min(due.values())
    channels = log["channel"] if "channel" in log.columns else [None] * len(log)
    days: dict[pd.Timestamp, list[tuple[int, object, object]]] = {}
    for when, debtor, invoice, level, channel in zip(
        log["date"], log["debtor_id"], log["invoice_id"], log["level"], channels, strict=True
    ):
        if _missing(when) or when >= date or when > as_of:
            continue
        if _missing(invoice):
            if debtor != debtor_id or when <= first:
                continue
        elif invoice not in due or when <= due[invoice]:
            continue
        days.setdefault(pd.Timestamp(when), []).append((int(level), invoice, channel))
    order = {i: k for k, i in enumerate(invoices["invoice_id"])}
    out = []
    for day in sorted(days)[-HISTORY_MAX:]:
        same = days[day]
        named = {i for _, i, _ in same if not _missing(i)}
        out.append(
            HistoryEntry(
                date=day,
                level=max(lvl for lvl, _, _ in same),
                channels=tuple(
                    dict.fromkeys(str(c).strip() for _, _, c in same if not _missing(c))
                ),
                invoices=()
                if any(_missing(i) for _, i, _ in same)
                else tuple(sorted(named, key=order.__getitem__)),
            )
        )
    return tuple(out)


def letters_for(
    snap: Snapshot,
    actions: pd.DataFrame,
    interest: pd.DataFrame | None = None,
    *,
    penalty_rate: float | None = None,
    provisional: bool = False,
) -> list[Letter]:
    """The letters of the next dunning actions, one per debtor procedure.

    Parameters
    ----------
    snap : Snapshot
        The ledger at the audit date (:class:`recouvrement.aging.Snapshot`): invoices,
        debtors (kind, civility, insolvency date), dunning log, the company's
        ``creditor:`` and ``dunning: letters:`` settings.
    actions : DataFrame
        ``NextActions.actions`` of :func:`recouvrement.dunning.next_actions`
        (``debtor_id, name, level, channel, action_date, invoices, levels`` ...).
        Not modified.
    interest : DataFrame, optional
        :func:`recouvrement.legal.late_payment_interest` at the audit date: each
        invoice's penalties, indemnity, rate, whether ``claimable`` and, when the
        table has them, ``policy`` (``réclamer`` / ``renoncer``), ``basis``,
        ``provisional``. Missing: no penalty stated.
    penalty_rate : float, optional
        The rate stated when ``interest`` has no ``rate`` column (percent per year);
        otherwise each row's own rate is (a public buyer's is not a professional's).
    provisional : bool
        For an interest table without a ``provisional`` column: the rate is
        provisional (a checklist item, never printed).

    Returns
    -------
    list of Letter
        In the order of ``actions``.

    Notes
    -----
    - The letter is dated the day its action is due (the audit date when already
      late), moved to the next business day; its amounts are those of the audit date.
    - The kind of letter comes from the step's channel: a registered letter makes a
      mise en demeure, a call or a hand-over (agency, court) no letter, any other
      channel a reminder. Level 0 (a pre-due notice) gets none.
    - A letter lists only the procedure's invoices overdue at its date (due date
      strictly before it) with something left to pay. A **mise en demeure lists only
      the invoices whose own level** (``levels``) **reached the registered step**:
      the others of the procedure are not claimed in it; they wait for their own
      step (a later letter), so that nothing is put on notice before its time.
    - No letter to a debtor whose ``insolvency_date`` is on or before the letter's
      date: its claims are declared to the insolvency administrator instead (what
      the plan of the next actions says).
    - The history recalled: :func:`letter_history`.
    - Penalties and the indemnity: only those the interest rows say are claimed
      (see :func:`~recouvrement.dunning.letters.draft.draft_letter`), with the legal
      basis of the debtor's regime; a debtor of unknown kind gets none, and a
      checklist item.

    """
    ledger, day = snap.ledger, snap.as_of
    items = snap.items
    debtors = ledger.debtors.drop_duplicates("debtor_id").set_index("debtor_id")
    insolvency = debtors.get("insolvency_date", pd.Series(dtype="datetime64[ns]"))
    civility = debtors.get("civility", pd.Series(dtype="object"))
    meta = ledger.meta or {}
    settings = (meta.get("dunning") or {}).get("letters") or {}
    furnished = furniture(
        meta.get("creditor") or {},
        settings,
        fallback_name="" if ledger.name == "—" else ledger.name,
    )
    chosen, pieces = _chosen(actions, items, day, insolvency)
    if not len(chosen):
        return []
    # each debtor's kind as Ledger.kinds says: the table's, else the default kind
    listed = debtors["kind"] if "kind" in debtors.columns else pd.Series(dtype="object")
    kinds = chosen["debtor_id"].map(listed.dropna().astype("object")).astype("object")
    if ledger.default_kind is not None:
        kinds = kinds.fillna(ledger.default_kind)
    chosen["kind"] = [None if _missing(k) else str(k) for k in kinds]

    # every letter's invoices prepared at once (a company may have thousands of letters)
    at = items.index[pieces["position"].to_numpy()]
    inv = items.loc[at, ["invoice_id", "issue_date", "due_date", "amount", "residual"]]
    inv = inv.reset_index(drop=True)
    if interest is not None and len(interest):
        extra = interest.drop_duplicates("invoice_id").set_index("invoice_id")
        inv = inv.join(extra[[c for c in INTEREST_COLUMNS if c in extra.columns]], on="invoice_id")
    regimes = {
        key: regime_for(*key)
        for key in set(zip(chosen["kind"], chosen["date"].tolist(), strict=True))
    }
    has = [
        (r is not None and r.has_penalties, r is not None and r.indemnity_cents > 0)
        for r in (
            regimes[k, d] for k, d in zip(chosen["kind"], chosen["date"].tolist(), strict=True)
        )
    ]
    which = pieces["letter"].to_numpy()
    prepared = claimed_invoices(
        inv,
        penalties=np.array([h[0] for h in has], dtype=bool)[which],
        indemnities=np.array([h[1] for h in has], dtype=bool)[which],
        penalty_rate=penalty_rate,
        provisional=provisional,
    )
    prepared["letter"] = which
    prepared = prepared.sort_values(["letter", "due_date", "invoice_id"], kind="stable")
    prepared = prepared.reset_index(drop=True)
    letter = prepared["letter"].to_numpy()
    starts = np.flatnonzero(np.r_[True, letter[1:] != letter[:-1]])
    stops = np.r_[starts[1:], len(letter)]
    claimed = prepared[prepared["claimed"].to_numpy(dtype=bool)]
    by = claimed.groupby("letter", sort=False)
    rates = by["rate"].nunique()
    one_rate = by["rate"].first()[rates == 1].astype("float64").to_dict()
    flagged = by["provisional"].any().to_dict()
    civilities = {} if civility.empty else civility.to_dict()
    prepared["place"] = np.arange(len(prepared)) - np.repeat(starts, stops - starts)
    histories = letter_histories(
        ledger.actions if ledger.has("actions") else None, prepared, chosen, day
    )
    shared = prepared.drop(columns=["provisional", "letter", "place"])
    deadlines: dict[tuple[str, pd.Timestamp], str] = {}
    facts = zip(
        chosen["debtor_id"].tolist(),
        chosen["name"].tolist(),
        chosen["level"].astype("int64").tolist(),
        chosen["channel"].tolist(),
        chosen["date"].tolist(),
        chosen["kind"].tolist(),
        strict=True,
    )
    out = []
    for k, (debtor, name, level, channel, date, kind) in enumerate(facts):
        kind_title = letter_kind(level, channel)
        key = (kind_title[0] if kind_title else "", date)
        if key not in deadlines:
            deadlines[key] = letter_deadline(key[0], date, dict(settings))
        out.append(
            letter_of(
                debtor,
                name,
                level,
                channel,
                InvoiceRows(shared, int(starts[k]), int(stops[k])),
                date,
                debtor_kind=kind,
                civility=civilities.get(debtor),
                furniture=furnished,
                settings=settings,
                history=histories.get(k, ()),
                amounts_at=day,
                penalty_rate=float(one_rate[k]) if k in one_rate else None,
                provisional=bool(flagged.get(k, False)),
                deadline=deadlines[key],
            )
        )
    return out


def _chosen(
    actions: pd.DataFrame, items: pd.DataFrame, day: pd.Timestamp, insolvency: pd.Series
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The procedures that get a letter, and their invoices (``letter``, ``position``).

    ``letter`` numbers the letters in the order of ``actions``; ``position`` is the
    row of ``items`` (open items at ``day``) of each invoice of the letter.
    """
    acts = actions.reset_index(drop=True)
    steps = list(
        zip(acts["level"].astype("int64").tolist(), map(_key, acts["channel"]), strict=True)
    )
    kinds = {key: (None if key[0] < 1 else letter_kind(*key)) for key in set(steps)}
    acts = acts[np.array([kinds[key] is not None for key in steps], dtype=bool)]
    acts = acts.reset_index(drop=True)
    asked = np.maximum(
        pd.to_datetime(acts["action_date"]).to_numpy(dtype="datetime64[ns]"),
        np.datetime64(day, "ns"),
    )
    days, which = np.unique(asked, return_inverse=True)
    business = [cv.next_business_day(pd.Timestamp(d)) for d in days]
    acts["date"] = [business[i] for i in which.ravel().tolist()]
    known = {str(d): t for d, t in insolvency.items() if not _missing(t)}
    judged = np.array(
        [np.datetime64(known.get(str(d), "NaT"), "ns") for d in acts["debtor_id"].tolist()],
        dtype="datetime64[ns]",
    )
    open_ = np.isnat(judged) | (judged > acts["date"].to_numpy(dtype="datetime64[ns]"))
    acts = acts[open_].reset_index(drop=True)
    channels = [_key(c) for c in acts["channel"].tolist()]
    registered = {c: registered_channel(c) for c in set(channels)}
    sizes = acts["invoices"].map(len).to_numpy(dtype="int64")
    ids = [i for row in acts["invoices"].tolist() for i in row]
    if "levels" in acts.columns:
        levels = [int(v) for row in acts["levels"].tolist() for v in row]
    else:
        levels = np.repeat(acts["level"].to_numpy(dtype="int64"), sizes).tolist()
    pieces = pd.DataFrame(
        {
            "letter": np.repeat(np.arange(len(acts)), sizes),
            "invoice_id": pd.Series(ids, dtype="object"),
            "lvl": np.asarray(levels, dtype="int64"),
        }
    )
    position = pd.Index(items["invoice_id"].astype("object")).get_indexer(pieces["invoice_id"])
    found = position >= 0
    pos = np.where(found, position, 0)
    k = pieces["letter"].to_numpy()
    date = acts["date"].to_numpy(dtype="datetime64[ns]")[k]
    due = items["due_date"].to_numpy(dtype="datetime64[ns]")[pos]
    residual = items["residual"].to_numpy()[pos]
    step = acts["level"].to_numpy(dtype="int64")[k]
    reg = np.array([registered[c] for c in channels], dtype=bool)[k]
    keep = found & (due < date) & (residual > 0) & (~reg | (pieces["lvl"].to_numpy() >= step))
    pieces = pieces[keep].assign(position=position[keep])
    # letters with at least one invoice, renumbered in the order of ``actions``
    used = np.unique(pieces["letter"].to_numpy())
    chosen = acts.iloc[used].reset_index(drop=True)
    pieces["letter"] = np.searchsorted(used, pieces["letter"].to_numpy())
    return chosen, pieces.reset_index(drop=True)


def letter_histories(
    log: pd.DataFrame | None,
    invoices: pd.DataFrame,
    letters: pd.DataFrame,
    as_of: pd.Timestamp,
) -> dict[int, tuple[HistoryEntry, ...]]:
    """:func:`letter_history` of every letter at once, by letter number.

    ``invoices``: each letter's invoices (``letter, invoice_id, due_date`` and
    ``place``, the invoice's rank in its letter); ``letters``: one row per
    letter number (``debtor_id, date``). An action on an invoice of a letter counts for
    it; an action on the debtor without invoice counts for the debtor's letter.
    """
    if log is None or log.empty:
        return {}
    log = log.reset_index(drop=True)
    log = log.assign(
        row=np.arange(len(log)),
        channel=log["channel"] if "channel" in log.columns else None,
    )
    log = log[log["date"].notna() & (log["date"] <= as_of)]
    named = log["invoice_id"].notna()
    on_invoice = log[named].merge(
        invoices[["letter", "invoice_id", "due_date", "place"]], on="invoice_id", how="inner"
    )
    on_invoice = on_invoice[on_invoice["date"] > on_invoice["due_date"]]
    first_due = invoices.groupby("letter", sort=True)["due_date"].min()
    owners = letters[["debtor_id"]].assign(letter=np.arange(len(letters)))
    on_debtor = log[~named].merge(owners, on="debtor_id", how="inner")
    on_debtor = on_debtor[on_debtor["date"] > first_due.reindex(on_debtor["letter"]).to_numpy()]
    both = pd.concat([on_invoice, on_debtor], ignore_index=True)
    both = both[
        both["date"].to_numpy()
        < letters["date"].to_numpy(dtype="datetime64[ns]")[both["letter"].to_numpy(dtype="int64")]
    ]
    if both.empty:
        return {}
    both = both.sort_values(["letter", "date", "row"], kind="stable")
    # the HISTORY_MAX latest dates of each letter
    days = both[["letter", "date"]].drop_duplicates()
    days = days.assign(rank=days.groupby("letter").cumcount(ascending=False))
    both = both.merge(days[days["rank"] < HISTORY_MAX], on=["letter", "date"], how="inner")
    letter = both["letter"].to_numpy(dtype="int64")
    date = both["date"].to_numpy(dtype="datetime64[ns]")
    edges = np.flatnonzero(np.r_[True, (letter[1:] != letter[:-1]) | (date[1:] != date[:-1])])
    ends = np.r_[edges[1:], len(letter)]
    levels = both["level"].tolist()
    channels = both["channel"].tolist()
    ids = both["invoice_id"].tolist()
    place = both["place"].tolist()
    out: dict[int, list[HistoryEntry]] = {}
    for a, b in zip(edges.tolist(), ends.tolist(), strict=True):
        named = {i: n for i, n in zip(ids[a:b], place[a:b], strict=True) if not _missing(i)}
        out.setdefault(int(letter[a]), []).append(
            HistoryEntry(
                date=pd.Timestamp(date[a]),
                level=max(int(v) for v in levels[a:b]),
                channels=tuple(
                    dict.fromkeys(str(c).strip() for c in channels[a:b] if not _missing(c))
                ),
                invoices=()
                if any(_missing(i) for i in ids[a:b])
                else tuple(sorted(named, key=named.__getitem__)),
            )
        )
    return {k: tuple(v) for k, v in out.items()}
