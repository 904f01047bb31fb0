"""Dunning ("relances") audit: calendars as data, coverage, adherence, effectiveness, next actions.

A dunning **calendar** is a list of steps (level, days after the due date, channel,
French label); the presets ``standard`` and ``progressif`` live in
``recouvrement/data/dunning_calendars.yml``. A company picks or defines its own in
the ``dunning:`` section of its ``recouvrement.yml``::

    dunning:
      calendar: maison               # default calendar: a preset or one of `calendars`
      calendars:                     # optional, the company's own calendars
        maison:
          - {level: 1, days: 3, channel: email, label: "Relance courtoise"}
          - {level: 2, days: 20, channel: LRAR, label: "Mise en demeure"}
      by_risk_class:                 # optional, calendar per risk class
        "à risque": progressif
        fiable: standard
      pre_due_notice: 5              # optional, notice 5 days before the due date
      letters: {...}                 # read by recouvrement.letters, not here

The risk class of a debtor is an input (``risk_classes``: debtor_id -> class, from
the scoring); a debtor without a class, or whose class has no calendar, follows the
default calendar.

Conventions shared by every function (consistent with
:func:`recouvrement.kpi.dunning_coverage_rate` and :func:`recouvrement.kpi.activation_rate`):

- **as-of**: every function takes the ledger's :class:`~recouvrement.aging.Snapshot` at
  the audit date ``as_of`` (its open items); actions dated after ``as_of`` do not exist yet.
- **to dun** ("à relancer", :attr:`Snapshot.to_dun`): open (residual > 0), overdue
  (``due_date < as_of``), not under an open dispute, debtor not in insolvency proceedings
  (``debtors.insolvency_date ≤ as_of``; no exclusion without a debtors table).
- **a reminder counts for an invoice** when it is dated in ``[due_date, as_of]`` and is
  logged on the invoice, or on its debtor with an empty ``invoice_id`` (it then
  applies to every invoice of the debtor due by its date). Actions dated before the
  due date are pre-due notices, not reminders.
- **logged level** of an invoice: the highest level of the reminders that count.
- **one procedure per debtor**: the next actions of several invoices of one debtor are
  grouped into one action at the highest level due, on the earliest date due.

Nothing here reads files other than the bundled calendar presets, prints or mutates
its inputs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from recouvrement import aging
from recouvrement import conventions as cv
from recouvrement.aging import Snapshot
from recouvrement.conventions.data import read_yaml
from recouvrement.conventions.risk import RISK_CLASSES
from recouvrement.formatting import fmt_date, fmt_eur, fmt_int, fmt_pct
from recouvrement.ledger import Ledger

__all__ = [
    "ACTION_LATE",
    "ACTION_UPCOMING",
    "CONFIG_KEYS",
    "DEFAULT_CALENDAR",
    "DEFAULT_HORIZON_DAYS",
    "DEFAULT_MONTHS",
    "DEFAULT_WITHIN_DAYS",
    "EXCLUSIONS",
    "RISK_CLASSES",
    "RULES",
    "STATUSES",
    "Adherence",
    "Calendar",
    "Coverage",
    "DunningConfigError",
    "NextActions",
    "Step",
    "adherence",
    "calendar_for",
    "dunning_coverage",
    "effectiveness",
    "load_calendar",
    "next_actions",
    "preset_names",
]

# ---------------------------------------------------------------------------
# Named conventions
# ---------------------------------------------------------------------------
#: Package data file holding the preset calendars.
CALENDARS_FILE = "dunning_calendars.yml"

#: Calendar used when the company configures none.
DEFAULT_CALENDAR = "standard"

#: Keys allowed in the company's ``dunning:`` section (``letters`` belongs to
#: :mod:`recouvrement.letters`).
CONFIG_KEYS = ("calendar", "calendars", "by_risk_class", "pre_due_notice", "letters")

#: Keys of one calendar step.
STEP_KEYS = ("level", "days", "channel", "label")

#: Days after an action within which a payment is credited to it (effectiveness).
DEFAULT_WITHIN_DAYS = 15

#: Months of actions looked at by :func:`effectiveness`.
DEFAULT_MONTHS = 12

#: Look-ahead of :func:`next_actions`, in days.
DEFAULT_HORIZON_DAYS = 30

#: Adherence statuses, in report order.
STATUS_ON_TIME = "à jour"
STATUS_LATE = "en retard"
STATUS_NONE = "aucune relance"
STATUS_AHEAD = "en avance"
STATUSES = (STATUS_ON_TIME, STATUS_LATE, STATUS_NONE, STATUS_AHEAD)

#: Status of a proposed action: its date is past (catch up now) or to come.
ACTION_LATE = "en retard"
ACTION_UPCOMING = "à venir"

#: Coverage rows.
COVERED_LABEL = "relancées"
UNCOVERED_LABEL = "sans relance"

#: Why an invoice is not proposed for dunning, and what to do instead, by priority.
REASON_PAID = "payée"
REASON_INSOLVENCY = "procédure collective"
REASON_DISPUTE = "litige"
REASON_EXHAUSTED = "calendrier épuisé"
EXCLUSIONS: dict[str, str] = {
    REASON_PAID: "rien : clore la procédure, ne plus relancer (facture réglée)",
    REASON_INSOLVENCY: "déclarer la créance au mandataire judiciaire",
    REASON_DISPUTE: "résoudre le litige avant toute relance",
    REASON_EXHAUSTED: (
        "décider de la suite : procédure contentieuse (injonction de payer, agence) "
        "ou passage en perte"
    ),
}

_CUSTOM_NAME = "personnalisé"
_NONE = -1  # "no level" in integer arrays
_KEY = np.int64(2**32)  # invoice code * _KEY + day: one sortable key per (invoice, day)
_DAY_OFFSET = np.int64(2**31)

ADHERENCE_COLUMNS = [
    "invoice_id",
    "debtor_id",
    "due_date",
    "days_past_due",
    "residual",
    "calendar",
    "expected_level",
    "expected_label",
    "expected_date",
    "logged_level",
    "last_action_date",
    "reached_date",
    "status",
    "days_late",
    "missed_steps",
]
ACTION_COLUMNS = [
    "debtor_id",
    "name",
    "level",
    "channel",
    "label",
    "action_date",
    "status",
    "days_overdue",
    "invoices",
    "n_invoices",
    "amount",
    "calendar",
]
EXCLUDED_COLUMNS = ["invoice_id", "debtor_id", "name", "due_date", "residual", "reason", "todo"]
EFFECTIVENESS_COLUMNS = ["level", "label", "n_actions", "amount", "paid", "share_paid"]


class DunningConfigError(ValueError):
    """An invalid calendar or ``dunning:`` section; the message names the offending value."""


# ---------------------------------------------------------------------------
# Calendars
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    """One step of a dunning calendar.

    Attributes
    ----------
    level : int
        Dunning level (≥ 0) logged in the ``actions`` table when the step is done.
    days : int
        Days after the due date; ≤ 0 is a notice before (or on) the due date.
    channel : str
        Channel (``email``, ``courrier``, ``LRAR``, ``téléphone``, ``agence``...).
    label : str
        French description of the step.

    """

    level: int
    days: int
    channel: str
    label: str

    @property
    def notice(self) -> bool:
        """Whether the step is a notice before the due date (``days ≤ 0``)."""
        return self.days <= 0


@dataclass(frozen=True)
class Calendar:
    """A dunning calendar: steps ordered by day, levels strictly increasing.

    Build one with :func:`load_calendar` (preset name or spec) or directly from
    :class:`Step` objects; both validate.

    Raises
    ------
    DunningConfigError
        No step, days or levels not strictly increasing, no step after the due date.

    """

    name: str
    steps: tuple[Step, ...]
    description: str = ""

    def __post_init__(self) -> None:
        where = f"calendar {self.name!r}"
        if not self.steps:
            raise DunningConfigError(f"{where}: no step; give at least one step after the due date")
        days = [s.days for s in self.steps]
        levels = [s.level for s in self.steps]
        if any(b <= a for a, b in zip(days, days[1:], strict=False)):
            raise DunningConfigError(f"{where}: step days must be strictly increasing, got {days}")
        if any(b <= a for a, b in zip(levels, levels[1:], strict=False)):
            raise DunningConfigError(
                f"{where}: step levels must be strictly increasing with the days, got {levels}"
            )
        if not self.reminders:
            raise DunningConfigError(
                f"{where}: no step after the due date (days ≥ 1), got days {days}"
            )

    @property
    def reminders(self) -> tuple[Step, ...]:
        """The steps after the due date (``days ≥ 1``)."""
        return tuple(s for s in self.steps if not s.notice)

    @property
    def notices(self) -> tuple[Step, ...]:
        """The notices before (or on) the due date (``days ≤ 0``)."""
        return tuple(s for s in self.steps if s.notice)

    def step(self, level: int) -> Step | None:
        """The step of ``level``, or ``None`` when the calendar has no such level."""
        return next((s for s in self.steps if s.level == level), None)

    def with_notice(self, days: int, *, channel: str | None = None, label: str | None = None):
        """A copy with a notice ``days`` (> 0) days before the due date.

        The notice takes level 0 (the preset's), its channel and label unless given;
        an existing notice is replaced.
        """
        days = _int(days, f"calendar {self.name!r}: pre_due_notice")
        if days < 1:
            raise DunningConfigError(
                f"calendar {self.name!r}: pre_due_notice must be a number of days ≥ 1, got {days}"
            )
        base = _notice_preset()
        if self.reminders[0].level <= base.level:
            raise DunningConfigError(
                f"calendar {self.name!r}: a notice needs reminder levels above {base.level}"
            )
        notice = Step(base.level, -days, channel or base.channel, label or base.label)
        return Calendar(self.name, (notice, *self.reminders), self.description)

    def table(self) -> pd.DataFrame:
        """The steps as a frame ``level, days, channel, label`` (for the report)."""
        return pd.DataFrame(
            [(s.level, s.days, s.channel, s.label) for s in self.steps], columns=list(STEP_KEYS)
        )


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise DunningConfigError(f"{where}: expected an integer, got {value!r}")
    return int(value)


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise DunningConfigError(f"{where}: expected a non-empty text, got {value!r}")
    return value.strip()


def _parse_step(spec: Any, where: str) -> Step:
    if not isinstance(spec, Mapping):
        raise DunningConfigError(
            f"{where}: a step is a mapping with keys {', '.join(STEP_KEYS)}, got {spec!r}"
        )
    unknown = sorted(set(map(str, spec)) - set(STEP_KEYS))
    missing = [k for k in STEP_KEYS if k not in spec]
    if unknown or missing:
        raise DunningConfigError(
            f"{where}: a step has exactly the keys {', '.join(STEP_KEYS)}"
            + (f"; unknown: {', '.join(unknown)}" if unknown else "")
            + (f"; missing: {', '.join(missing)}" if missing else "")
        )
    level = _int(spec["level"], f"{where}.level")
    if level < 0:
        raise DunningConfigError(f"{where}.level: must be ≥ 0, got {level}")
    return Step(
        level=level,
        days=_int(spec["days"], f"{where}.days"),
        channel=_text(spec["channel"], f"{where}.channel"),
        label=_text(spec["label"], f"{where}.label"),
    )


def _parse_calendar(name: str, spec: Any, where: str) -> Calendar:
    """A :class:`Calendar` from a list of steps or a mapping ``{steps, description}``."""
    description = ""
    if isinstance(spec, Mapping):
        unknown = sorted(set(map(str, spec)) - {"steps", "description", "name"})
        if unknown or "steps" not in spec:
            raise DunningConfigError(
                f"{where}: a calendar is a list of steps or a mapping with 'steps' "
                f"(and optional 'description'); got keys {sorted(map(str, spec))}"
            )
        description = str(spec.get("description") or "")
        name = str(spec.get("name") or name)
        spec = spec["steps"]
    if isinstance(spec, str | bytes) or not isinstance(spec, Sequence):
        raise DunningConfigError(f"{where}: expected a list of steps, got {spec!r}")
    steps = tuple(_parse_step(s, f"{where}[{i}]") for i, s in enumerate(spec))
    try:
        return Calendar(name, steps, description)
    except DunningConfigError as exc:
        raise DunningConfigError(f"{where}: {exc}") from None


@lru_cache(maxsize=1)
def _presets_raw() -> dict[str, Any]:
    return read_yaml("data", CALENDARS_FILE)


def _notice_preset() -> Step:
    return _parse_step(_presets_raw()["pre_due_notice"], f"{CALENDARS_FILE}: pre_due_notice")


def preset_names() -> tuple[str, ...]:
    """Names of the bundled calendars (``standard``, ``progressif``)."""
    return tuple(_presets_raw()["calendars"])


def load_calendar(
    name_or_spec: Calendar | str | Sequence[Mapping[str, Any]] | Mapping[str, Any],
    *,
    calendars: Mapping[str, Any] | None = None,
) -> Calendar:
    """A validated dunning calendar from a preset name or a spec.

    Parameters
    ----------
    name_or_spec : Calendar, str, list of mappings or mapping
        A :class:`Calendar` (returned as is); a name (a key of ``calendars``, then a
        preset: ``"standard"``, ``"progressif"``); a list of steps
        ``{level, days, channel, label}``; or a mapping ``{steps, description, name}``.
    calendars : mapping, optional
        The company's own calendars (name -> spec), looked up before the presets.

    Returns
    -------
    Calendar

    Raises
    ------
    DunningConfigError
        Unknown name (the known ones are listed) or invalid spec (the offending key
        and value are named).

    Notes
    -----
    A step's ``days`` count from the due date: J+5 is ``5``, a notice 5 days before
    the due date is ``-5``. Days and levels must both be strictly increasing, and
    at least one step must come after the due date.

    Examples
    --------
    >>> [s.days for s in load_calendar("standard").steps]
    [5, 15, 30]

    """
    if isinstance(name_or_spec, Calendar):
        return name_or_spec
    if isinstance(name_or_spec, str):
        own = dict(calendars or {})
        if name_or_spec in own:
            return _parse_calendar(
                name_or_spec, own[name_or_spec], f"dunning.calendars.{name_or_spec}"
            )
        presets = _presets_raw()["calendars"]
        if name_or_spec in presets:
            return _parse_calendar(
                name_or_spec, presets[name_or_spec], f"{CALENDARS_FILE}: {name_or_spec}"
            )
        known = sorted({*own, *presets})
        raise DunningConfigError(
            f"unknown dunning calendar {name_or_spec!r}; known calendars: {', '.join(known)}"
        )
    return _parse_calendar(_CUSTOM_NAME, name_or_spec, "calendar")


@dataclass(frozen=True)
class _Policy:
    """The company's calendars: the default one and one per risk class."""

    default: Calendar
    by_class: Mapping[str, Calendar] = field(default_factory=dict)


def _parse_policy(spec: Any) -> _Policy:
    """Validate the company's ``dunning:`` section (see the module docstring)."""
    if spec is None:
        return _Policy(load_calendar(DEFAULT_CALENDAR))
    if not isinstance(spec, Mapping):
        raise DunningConfigError(
            f"dunning: expected a mapping with keys among {', '.join(CONFIG_KEYS)}, got {spec!r}"
        )
    unknown = sorted(set(map(str, spec)) - set(CONFIG_KEYS))
    if unknown:
        raise DunningConfigError(
            f"dunning: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(CONFIG_KEYS)}"
        )
    own = spec.get("calendars") or {}
    if not isinstance(own, Mapping):
        raise DunningConfigError(
            f"dunning.calendars: expected a mapping name -> list of steps, got {own!r}"
        )
    for name in own:  # validate every company calendar, even unused
        load_calendar(str(name), calendars=own)
    default = spec.get("calendar", DEFAULT_CALENDAR)
    if isinstance(default, str):
        calendar = load_calendar(default, calendars=own)
    else:
        calendar = _parse_calendar(_CUSTOM_NAME, default, "dunning.calendar")
    by_class_spec = spec.get("by_risk_class") or {}
    if not isinstance(by_class_spec, Mapping):
        raise DunningConfigError(
            f"dunning.by_risk_class: expected a mapping risk class -> calendar name, "
            f"got {by_class_spec!r}"
        )
    by_class = {}
    for cls, name in by_class_spec.items():
        if cls not in RISK_CLASSES:
            raise DunningConfigError(
                f"dunning.by_risk_class: unknown risk class {cls!r}; "
                f"classes: {', '.join(RISK_CLASSES)}"
            )
        if not isinstance(name, str):
            raise DunningConfigError(
                f"dunning.by_risk_class.{cls}: expected a calendar name, got {name!r}"
            )
        by_class[cls] = load_calendar(name, calendars=own)
    notice = spec.get("pre_due_notice")
    if notice is not None and notice is not False:
        days = -_notice_preset().days if notice is True else notice
        calendar = calendar.with_notice(days)
        by_class = {c: cal.with_notice(days) for c, cal in by_class.items()}
    return _Policy(calendar, by_class)


def calendar_for(ledger: Ledger, risk_class: str | None = None) -> Calendar:
    """The company's calendar (from ``ledger.meta["dunning"]``), for a risk class.

    Parameters
    ----------
    ledger : Ledger
        Its ``meta["dunning"]`` is the ``dunning:`` section of ``recouvrement.yml``.
    risk_class : str, optional
        One of :data:`RISK_CLASSES`; ``None`` gives the default calendar.

    Returns
    -------
    Calendar
        The calendar of ``by_risk_class`` for the class when the company defines
        one, otherwise the default (``calendar:``, else ``standard``).

    Raises
    ------
    DunningConfigError
        Invalid ``dunning:`` section, or unknown risk class.

    """
    policy = _parse_policy(ledger.meta.get("dunning"))
    if risk_class is None:
        return policy.default
    _check_class(risk_class, "risk_class")
    return policy.by_class.get(risk_class, policy.default)


def _check_class(value: Any, where: str) -> None:
    if value not in RISK_CLASSES:
        raise DunningConfigError(
            f"{where}: unknown risk class {value!r}; classes: {', '.join(RISK_CLASSES)}"
        )


CalendarArg = Calendar | str | Sequence[Mapping[str, Any]] | Mapping[str, Any] | None


def _assign(
    ledger: Ledger,
    calendar: CalendarArg,
    risk_classes: Mapping[str, str] | None,
    debtor_ids: pd.Series,
) -> tuple[pd.Series, dict[str, Calendar]]:
    """Calendar name per row of ``debtor_ids`` and the calendars by name."""
    if calendar is not None:
        if risk_classes is not None:
            raise ValueError(
                "risk_classes select calendars through the company's dunning.by_risk_class: "
                "pass calendar=None to use them, or drop risk_classes"
            )
        own = (ledger.meta.get("dunning") or {}) if isinstance(calendar, str) else {}
        own_calendars = own.get("calendars") if isinstance(own, Mapping) else None
        cal = load_calendar(calendar, calendars=own_calendars)
        return pd.Series(cal.name, index=debtor_ids.index, dtype="str"), {cal.name: cal}
    policy = _parse_policy(ledger.meta.get("dunning"))
    by_name = {policy.default.name: policy.default}
    names = pd.Series(policy.default.name, index=debtor_ids.index, dtype="str")
    if risk_classes is None:
        return names, by_name
    if not isinstance(risk_classes, Mapping):
        raise ValueError(
            f"risk_classes must map debtor_id -> risk class, got {type(risk_classes).__name__}"
        )
    for debtor, cls in risk_classes.items():
        _check_class(cls, f"risk_classes[{debtor!r}]")
    classes = debtor_ids.map(dict(risk_classes))
    for cls, cal in policy.by_class.items():
        by_name[cal.name] = cal
        names = names.mask(classes == cls, cal.name)
    return names, by_name


# ---------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------
def _attributed(ledger: Ledger, items: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    """Actions that count for each invoice of ``items``: ``invoice_id, date, level``.

    ``items`` holds ``invoice_id, debtor_id, start``: an action counts when dated in
    ``[start, day]`` and logged on the invoice, or on its debtor without invoice.
    """
    act = ledger.actions
    act = act.loc[act["date"] <= day, ["debtor_id", "invoice_id", "date", "level"]]
    keys = items[["invoice_id", "debtor_id", "start"]]
    on_invoice = act[act["invoice_id"].notna()].drop(columns="debtor_id")
    on_invoice = on_invoice.merge(keys, on="invoice_id", how="inner")
    loose = act[act["invoice_id"].isna() & act["debtor_id"].notna()].drop(columns="invoice_id")
    loose = loose.merge(keys, on="debtor_id", how="inner")
    both = pd.concat([on_invoice, loose], ignore_index=True)
    both = both.loc[both["date"] >= both["start"], ["invoice_id", "date", "level"]]
    both["level"] = both["level"].astype("int64")
    return both.reset_index(drop=True)


def _logged(attributed: pd.DataFrame, invoice_ids: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """(highest level logged or -1, date of the latest action or NaT) per invoice."""
    by = attributed.groupby("invoice_id", sort=False)
    ids = invoice_ids.to_numpy()
    level = by["level"].max().reindex(ids).fillna(_NONE).to_numpy(dtype="int64")
    last = by["date"].max().astype(cv.DATE_DTYPE).reindex(ids)
    return level, pd.Series(last.to_numpy(), index=invoice_ids.index, dtype=cv.DATE_DTYPE)


def _days(delta: pd.Series) -> pd.Series:
    return (delta // pd.Timedelta(days=1)).astype("Int64")


# ---------------------------------------------------------------------------
# Coverage
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Coverage:
    """Overdue invoices with and without a reminder at ``as_of`` (see :func:`dunning_coverage`).

    Attributes
    ----------
    as_of : Timestamp
    invoices : DataFrame
        The invoices to dun: ``invoice_id, debtor_id, due_date, days_past_due,
        residual`` (euros), ``calendar``, ``dunned`` (≥ 1 reminder counts) and
        ``reminder_expected`` (the calendar's first reminder is due:
        ``days_past_due ≥`` its days). Sorted like :func:`aging.open_items`.

    """

    as_of: pd.Timestamp
    invoices: pd.DataFrame

    @property
    def n_overdue(self) -> int:
        """Number of invoices to dun."""
        return len(self.invoices)

    @property
    def n_dunned(self) -> int:
        """Invoices to dun with at least one reminder."""
        return int(self.invoices["dunned"].sum())

    @property
    def n_undunned(self) -> int:
        """Invoices to dun without any reminder."""
        return self.n_overdue - self.n_dunned

    @property
    def n_undunned_expected(self) -> int:
        """Invoices without reminder although the calendar's first reminder is due."""
        inv = self.invoices
        return int((~inv["dunned"] & inv["reminder_expected"]).sum())

    def table(self) -> pd.DataFrame:
        """Counts and amounts, with and without reminder, and their shares.

        Returns
        -------
        DataFrame
            Index ``relancées``, ``sans relance``, ``total``; columns ``n_invoices``,
            ``amount`` (euros), ``share_invoices`` and ``share_amount`` (percent of the
            total; NaN when there is nothing to dun).

        """
        inv = self.invoices
        rows = {}
        for label, mask in (
            (COVERED_LABEL, inv["dunned"]),
            (UNCOVERED_LABEL, ~inv["dunned"]),
            (cv.TOTAL_LABEL.lower(), pd.Series(True, index=inv.index)),
        ):
            cents = aging.to_cents(inv.loc[mask, "residual"]).sum()
            rows[label] = (int(mask.sum()), int(cents) / 100)
        out = pd.DataFrame.from_dict(rows, orient="index", columns=["n_invoices", "amount"])
        n_total, amount_total = rows[cv.TOTAL_LABEL.lower()]
        out["share_invoices"] = out["n_invoices"] / n_total * 100 if n_total else np.nan
        out["share_amount"] = out["amount"] / amount_total * 100 if amount_total else np.nan
        return out

    def describe(self) -> str:
        """French sentence for the report ("x % des factures échues...")."""
        if self.n_overdue == 0:
            return f"Aucune facture échue à relancer au {fmt_date(self.as_of)}."
        t = self.table().loc[UNCOVERED_LABEL]
        return (
            f"Au {fmt_date(self.as_of)}, {fmt_pct(t['share_invoices'])} des factures échues à "
            f"relancer ({fmt_int(t['n_invoices'])} sur {fmt_int(self.n_overdue)}, "
            f"{fmt_eur(t['amount'])}) n'ont fait l'objet d'aucune relance ; pour "
            f"{fmt_int(self.n_undunned_expected)} d'entre elles, la date de la première "
            "relance du calendrier était passée."
        )


def dunning_coverage(
    snap: Snapshot,
    calendar: CalendarArg = None,
    *,
    risk_classes: Mapping[str, str] | None = None,
) -> Coverage:
    """Overdue open invoices with and without any reminder at ``as_of``.

    Parameters
    ----------
    snap : Snapshot
        The ledger at the audit date (:class:`recouvrement.aging.Snapshot`); its
        ``actions`` table (dunning log) is needed (an empty one means nothing done).
    calendar : Calendar, str, spec or None
        The calendar (see :func:`load_calendar`); ``None`` = the company's
        (:func:`calendar_for`, per risk class with ``risk_classes``). It only
        decides ``reminder_expected``.
    risk_classes : mapping, optional
        debtor_id -> risk class, with ``calendar=None``.

    Returns
    -------
    Coverage
        ``.table()`` (counts, euros, percent shares) and ``.describe()`` (French).

    Notes
    -----
    ::

        to dun  = open, due_date < as_of, no open dispute, debtor not insolvent
        dunned  = ≥ 1 action dated in [due_date, as_of], on the invoice or on its
                  debtor (empty invoice_id)
        share without reminder = #(to dun, not dunned) / #to dun × 100

    The same base and the same rule as :func:`recouvrement.kpi.dunning_coverage_rate`,
    whose value is ``100 − share without reminder`` (tested). Amounts are residuals
    at ``as_of``. With nothing to dun, shares are NaN.

    Examples
    --------
    >>> dunning_coverage(snapshot(ledger, "2025-04-30")).describe()  # doctest: +SKIP

    """
    ledger, day = snap.ledger, snap.as_of
    if not ledger.has("actions"):
        raise ValueError("dunning coverage needs the actions table (dunning log), not provided")
    items = snap.to_dun.copy()
    names, cals = _assign(ledger, calendar, risk_classes, items["debtor_id"])
    items["start"] = items["due_date"]
    level, _ = _logged(_attributed(ledger, items, day), items["invoice_id"])
    first = names.map({n: c.reminders[0].days for n, c in cals.items()}).astype("int64")
    out = items[["invoice_id", "debtor_id", "due_date", "days_past_due", "residual"]].copy()
    out["calendar"] = names
    out["dunned"] = level != _NONE
    out["reminder_expected"] = out["days_past_due"] >= first
    return Coverage(day, out)


# ---------------------------------------------------------------------------
# Adherence
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Adherence:
    """Calendar adherence per invoice and its summary (see :func:`adherence`)."""

    as_of: pd.Timestamp
    invoices: pd.DataFrame
    summary: pd.DataFrame


def _expected(cal: Calendar, dpd: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(index into cal.reminders of the step expected by now or -1, its level or -1)."""
    days = np.array([s.days for s in cal.reminders], dtype="int64")
    levels = np.array([s.level for s in cal.reminders], dtype="int64")
    idx = np.searchsorted(days, dpd, side="right") - 1
    return idx, np.where(idx >= 0, levels[np.maximum(idx, 0)], _NONE)


def adherence(
    snap: Snapshot,
    calendar: CalendarArg = None,
    *,
    risk_classes: Mapping[str, str] | None = None,
) -> Adherence:
    """Compare, per overdue invoice, the level the calendar expects with the level logged.

    Parameters
    ----------
    snap : Snapshot
        The ledger at the audit date (:class:`recouvrement.aging.Snapshot`); its
        ``actions`` table (dunning log) is needed (an empty one means nothing done).
    calendar : Calendar, str, spec or None
        As in :func:`dunning_coverage`.
    risk_classes : mapping, optional
        debtor_id -> risk class, with ``calendar=None``.

    Returns
    -------
    Adherence
        ``invoices``: one row per invoice to dun, columns ``invoice_id, debtor_id,
        due_date, days_past_due, residual`` (euros), ``calendar``,
        ``expected_level`` (Int64, NA when no reminder is due yet),
        ``expected_label``, ``expected_date`` (due_date + the step's days),
        ``logged_level`` (Int64, NA when no reminder), ``last_action_date``,
        ``reached_date`` (first reminder at a level ≥ the expected one),
        ``status`` (``à jour``, ``en retard``, ``aucune relance``, ``en avance``),
        ``days_late`` (Int64, see Notes) and ``missed_steps`` (calendar steps due
        and not reached). Sorted like :func:`aging.open_items`.
        ``summary``: index = the four statuses (all present), columns
        ``n_invoices``, ``amount`` (euros), ``share_invoices`` (percent) and
        ``mean_days_late`` (days, NaN when no row has one).

    Notes
    -----
    For an invoice ``days_past_due = as_of − due_date`` days late::

        expected level = level of the last reminder step with days ≤ days_past_due
        logged level   = max level of the reminders that count (dated in
                         [due_date, as_of], on the invoice or its debtor)
        status = aucune relance  if a level is expected and nothing is logged
                 en retard       if logged < expected
                 à jour          if logged = expected (or nothing expected, nothing logged)
                 en avance       if logged > expected
        days_late = reached_date − expected_date   when the expected level is reached
                    as_of − expected_date          otherwise (still running)

    so an invoice dunned at level 2 on J+16 under a J+15 step is ``à jour`` with
    ``days_late = 1``; a negative value is a step done early. Pre-due notices are
    not audited here (they cannot be caught up once the invoice is due).

    Examples
    --------
    >>> adherence(snapshot(ledger, "2025-04-30")).summary  # doctest: +SKIP

    """
    ledger, day = snap.ledger, snap.as_of
    if not ledger.has("actions"):
        raise ValueError("calendar adherence needs the actions table (dunning log), not provided")
    items = snap.to_dun.copy()
    names, cals = _assign(ledger, calendar, risk_classes, items["debtor_id"])
    items["start"] = items["due_date"]
    attributed = _attributed(ledger, items, day)
    logged, last = _logged(attributed, items["invoice_id"])
    n = len(items)
    expected = np.full(n, _NONE, dtype="int64")
    exp_days = np.zeros(n, dtype="int64")
    exp_label = np.full(n, None, dtype=object)
    missed = np.zeros(n, dtype="int64")
    dpd = items["days_past_due"].to_numpy(dtype="int64")
    for name, cal in cals.items():
        rows = np.flatnonzero((names == name).to_numpy())
        idx, lvl = _expected(cal, dpd[rows])
        expected[rows] = lvl
        steps = cal.reminders
        exp_days[rows] = [steps[i].days if i >= 0 else 0 for i in idx]
        exp_label[rows] = [steps[i].label if i >= 0 else None for i in idx]
        s_days = np.array([s.days for s in steps])
        s_levels = np.array([s.level for s in steps])
        due = (s_days[None, :] <= dpd[rows, None]) & (s_levels[None, :] > logged[rows, None])
        missed[rows] = due.sum(axis=1)
    has_expected = expected != _NONE
    # first date a reminder at ≥ the expected level was logged
    exp_by_inv = pd.Series(expected, index=items["invoice_id"].to_numpy())
    hit = attributed[
        attributed["level"].to_numpy() >= exp_by_inv.reindex(attributed["invoice_id"]).to_numpy()
    ]
    first_hit = hit.groupby("invoice_id")["date"].min().astype(cv.DATE_DTYPE)
    reached = pd.Series(
        first_hit.reindex(items["invoice_id"].to_numpy()).to_numpy(),
        index=items.index,
        dtype=cv.DATE_DTYPE,
    ).where(has_expected)
    expected_date = (items["due_date"] + pd.to_timedelta(exp_days, unit="D")).where(has_expected)
    status = np.select(
        [has_expected & (logged == _NONE), logged < expected, logged == expected],
        [STATUS_NONE, STATUS_LATE, STATUS_ON_TIME],
        default=STATUS_AHEAD,
    )
    done_by = reached.fillna(day)
    out = items[["invoice_id", "debtor_id", "due_date", "days_past_due", "residual"]].copy()
    out["calendar"] = names
    out["expected_level"] = pd.array(np.where(has_expected, expected, 0), dtype="Int64")
    out.loc[~has_expected, "expected_level"] = pd.NA
    out["expected_label"] = pd.array(exp_label, dtype="str")
    out["expected_date"] = expected_date.astype(cv.DATE_DTYPE)
    out["logged_level"] = pd.array(np.where(logged == _NONE, 0, logged), dtype="Int64")
    out.loc[logged == _NONE, "logged_level"] = pd.NA
    out["last_action_date"] = last
    out["reached_date"] = reached
    out["status"] = pd.array(status, dtype="str")
    out["days_late"] = _days(done_by - out["expected_date"])
    out["missed_steps"] = missed
    return Adherence(day, out[ADHERENCE_COLUMNS], _adherence_summary(out))


def _adherence_summary(inv: pd.DataFrame) -> pd.DataFrame:
    total = len(inv)
    rows = []
    for status in STATUSES:
        part = inv[inv["status"] == status]
        late = part["days_late"].dropna()
        rows.append(
            {
                "n_invoices": len(part),
                "amount": int(aging.to_cents(part["residual"]).sum()) / 100,
                "share_invoices": len(part) / total * 100 if total else np.nan,
                "mean_days_late": float(late.astype("float64").mean()) if len(late) else np.nan,
            }
        )
    return pd.DataFrame(rows, index=pd.Index(STATUSES, name="status"))


# ---------------------------------------------------------------------------
# Effectiveness
# ---------------------------------------------------------------------------
class _CumByInvoice:
    """Cumulated amounts per invoice over time: Σ amounts of an invoice dated ≤ a day."""

    def __init__(self, inv: np.ndarray, dates: np.ndarray, cents: np.ndarray):
        key = self._key(inv, dates)
        order = np.argsort(key, kind="stable")
        self.key = key[order]
        self.cum = np.concatenate([[0], np.cumsum(cents[order])]).astype("int64")

    @staticmethod
    def _key(inv: np.ndarray, dates: np.ndarray) -> np.ndarray:
        days = dates.astype("datetime64[D]").astype("int64")
        return inv.astype("int64") * _KEY + (days + _DAY_OFFSET)

    def upto(self, inv: np.ndarray, dates: np.ndarray) -> np.ndarray:
        hi = np.searchsorted(self.key, self._key(inv, dates), side="right")
        lo = np.searchsorted(self.key, inv.astype("int64") * _KEY, side="left")
        return self.cum[hi] - self.cum[lo]


def effectiveness(
    snap: Snapshot,
    calendar: CalendarArg = None,
    *,
    within_days: int = DEFAULT_WITHIN_DAYS,
    months: int = DEFAULT_MONTHS,
) -> pd.DataFrame:
    """Per dunning level: actions, amount outstanding at the action, share paid soon after.

    Parameters
    ----------
    snap : Snapshot
        The ledger at the audit date (:class:`recouvrement.aging.Snapshot`); its
        ``actions`` table (dunning log) is needed (an empty one means nothing done).
    calendar : Calendar, str, spec or None
        Gives the label of each level (the company's default calendar when ``None``).
    within_days : int
        A payment counts for an action when dated within this many days after it
        (default 15).
    months : int
        Actions dated in the last ``months`` calendar months (default 12).

    Returns
    -------
    DataFrame
        One row per level logged in the period, ascending: ``level``, ``label``
        (the calendar's, or ``niveau N (hors calendrier)``), ``n_actions``,
        ``amount`` (euros outstanding at the actions), ``paid`` (euros paid within
        ``within_days`` days) and ``share_paid`` (percent; NaN when ``amount`` is 0).

    Notes
    -----
    Actions dated in ``(as_of − months, as_of − within_days]``: the later ones are
    too recent for their window to be over and are left out. For an action dated
    ``d``::

        invoices   = the invoice it is logged on; for a debtor-level action (empty
                     invoice_id), the debtor's open invoices due by d
        amount     = Σ residual at the end of d (payments, credit notes and
                     write-offs dated ≤ d deducted; 0 when settled)
        paid       = Σ min(residual at d, payments dated in (d, d + within_days])
        share_paid = Σ paid / Σ amount × 100, per level

    Credit notes and write-offs are not payments (as in
    :func:`recouvrement.kpi.activation_rate`). A payment following two actions
    within the window is credited to both (the attribution is not exclusive).

    Examples
    --------
    >>> effectiveness(snapshot(ledger, "2025-04-30"), within_days=15)  # doctest: +SKIP

    """
    ledger, day = snap.ledger, snap.as_of
    within_days = _int(within_days, "within_days")
    months = _int(months, "months")
    if within_days < 1:
        raise ValueError(f"within_days must be ≥ 1, got {within_days}")
    if months < 1:
        raise ValueError(f"months must be ≥ 1, got {months}")
    if not ledger.has("actions"):
        raise ValueError("dunning effectiveness needs the actions table, not provided")
    cal = (
        load_calendar(calendar, calendars=_own_calendars(ledger))
        if calendar is not None
        else calendar_for(ledger)
    )
    start = cv.shift_months(day, -months)
    last = day - pd.Timedelta(days=within_days)
    act = ledger.actions
    act = act.loc[
        (act["date"] > start) & (act["date"] <= last), ["debtor_id", "invoice_id", "date", "level"]
    ].reset_index(drop=True)
    act["action"] = np.arange(len(act))
    act["level"] = act["level"].astype("int64")

    a = snap.arrays
    inv = pd.DataFrame(
        {
            "invoice_id": pd.array(a.invoice_ids, dtype="str"),
            "debtor_id": pd.array(a.debtor_ids[a.inv_debtor], dtype="str"),
            "code": np.arange(len(a.invoice_ids)),
            "issue_date": a.issue,
            "due_date": a.due,
        }
    )
    on_invoice = act[act["invoice_id"].notna()].drop(columns="debtor_id")
    on_invoice = on_invoice.merge(inv.drop(columns="debtor_id"), on="invoice_id", how="inner")
    loose = act[act["invoice_id"].isna() & act["debtor_id"].notna()].drop(columns="invoice_id")
    loose = loose.merge(inv, on="debtor_id", how="inner")
    loose = loose[(loose["issue_date"] <= loose["date"]) & (loose["due_date"] <= loose["date"])]
    pairs = pd.concat([on_invoice, loose], ignore_index=True)

    code = pairs["code"].to_numpy(dtype="int64")
    when = pairs["date"].to_numpy(dtype="datetime64[ns]")
    alloc = a.ev_inv >= 0
    allocated = _CumByInvoice(a.ev_inv[alloc], a.ev_date[alloc], a.ev_amount[alloc])
    pay = alloc & (a.ev_kind == aging.PAYMENT)
    paid_cum = _CumByInvoice(a.ev_inv[pay], a.ev_date[pay], a.ev_amount[pay])
    residual = a.amount[code] - allocated.upto(code, when)
    residual = np.where(a.issue[code] <= when, np.maximum(residual, 0), 0)
    later = when + np.timedelta64(within_days, "D")
    paid = np.minimum(paid_cum.upto(code, later) - paid_cum.upto(code, when), residual)
    pairs["amount"] = residual
    pairs["paid"] = paid

    n_actions = act.groupby("level")["action"].count()
    sums = pairs.groupby("level")[["amount", "paid"]].sum()
    out = pd.DataFrame({"n_actions": n_actions}).join(sums, how="left").fillna(0)
    out.index.name = "level"
    out = out.reset_index()
    out["level"] = out["level"].astype("int64")
    out["n_actions"] = out["n_actions"].astype("int64")
    amount, paid_c = out["amount"].astype("int64"), out["paid"].astype("int64")
    out["amount"] = aging.to_euros(amount.to_numpy())
    out["paid"] = aging.to_euros(paid_c.to_numpy())
    out["share_paid"] = (paid_c / amount.where(amount > 0) * 100).astype("float64")
    out["label"] = pd.array(
        [
            s.label if (s := cal.step(int(lvl))) is not None else f"niveau {lvl} (hors calendrier)"
            for lvl in out["level"]
        ],
        dtype="str",
    )
    return out[EFFECTIVENESS_COLUMNS]


def _own_calendars(ledger: Ledger) -> Mapping[str, Any] | None:
    spec = ledger.meta.get("dunning")
    return spec.get("calendars") if isinstance(spec, Mapping) else None


# ---------------------------------------------------------------------------
# Next actions
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class NextActions:
    """The dunning actions to take, one per debtor, and the invoices left out.

    Attributes
    ----------
    as_of : Timestamp
    horizon_days : int
    actions : DataFrame
        Columns ``debtor_id, name, level, channel, label, action_date, status``
        (``en retard`` / ``à venir``), ``days_overdue`` (days since
        ``action_date``, 0 when to come), ``invoices`` (list of invoice ids),
        ``n_invoices``, ``amount`` (euros, residual at ``as_of``), ``calendar``.
        Sorted by ``action_date``, then amount descending.
    excluded : DataFrame
        Columns ``invoice_id, debtor_id, name, due_date, residual, reason, todo``:
        invoices that are not to be dunned and what to do instead (see
        :data:`EXCLUSIONS`). Sorted by reason (in :data:`EXCLUSIONS` order), debtor,
        invoice.

    """

    as_of: pd.Timestamp
    horizon_days: int
    actions: pd.DataFrame
    excluded: pd.DataFrame


def next_actions(
    snap: Snapshot,
    calendar: CalendarArg = None,
    *,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
    risk_classes: Mapping[str, str] | None = None,
) -> NextActions:
    """The dunning actions due in the next ``horizon_days`` days, grouped by debtor.

    Parameters
    ----------
    snap : Snapshot
        The ledger at the audit date (:class:`recouvrement.aging.Snapshot`); its
        ``actions`` table (dunning log) is needed (an empty one means nothing done).
    calendar : Calendar, str, spec or None
        As in :func:`dunning_coverage`.
    horizon_days : int
        Look-ahead in days (default 30).
    risk_classes : mapping, optional
        debtor_id -> risk class, to pick each debtor's calendar through the
        company's ``by_risk_class`` (with ``calendar=None``).

    Returns
    -------
    NextActions
        ``.actions`` (one procedure per debtor) and ``.excluded``.

    Notes
    -----
    Per open invoice at ``as_of`` (residual > 0)::

        logged level = max level of the actions dated in [due_date + first notice
                       days, as_of] (the notice window only when the calendar has one),
                       on the invoice or on its debtor
        next step    = the first calendar step above the logged level (a step is
                       never skipped: each one recalls the previous); a notice is
                       not proposed once the invoice is overdue
        proposed     when due_date + step days ≤ as_of + horizon_days; a date
                       already past is an action late ("en retard"), to do now

    Per debtor, one procedure: level = highest proposed level, action date =
    earliest proposed date, invoices = all the proposed ones, amount = their
    residuals. Never proposed, listed in ``excluded`` with what to do instead, by
    priority: paid (settled at ``as_of`` while still open ``horizon_days`` days
    earlier, with at least one action logged: close the procedure), debtor in insolvency
    proceedings (``insolvency_date ≤ as_of``: declare the claim), open dispute
    (resolve it first), calendar exhausted (every step done: decide the
    litigation or the write-off). Open invoices are listed when their first
    calendar step falls by ``as_of + horizon_days``.

    Examples
    --------
    >>> plan = next_actions(snapshot(ledger, "2025-04-30"))  # doctest: +SKIP
    >>> plan.actions[["name", "label", "action_date", "amount"]]  # doctest: +SKIP

    """
    ledger, day = snap.ledger, snap.as_of
    horizon_days = _int(horizon_days, "horizon_days")
    if horizon_days < 0:
        raise ValueError(f"horizon_days must be ≥ 0, got {horizon_days}")
    if not ledger.has("actions"):
        raise ValueError("next actions need the actions table (dunning log), not provided")
    end = day + pd.Timedelta(days=horizon_days)
    names_by_debtor = ledger.debtor_names.to_dict()

    items = snap.items.copy()
    cal_names, cals = _assign(ledger, calendar, risk_classes, items["debtor_id"])
    items["calendar"] = cal_names
    first_days = cal_names.map({n: c.steps[0].days for n, c in cals.items()}).astype("int64")
    items = items[items["due_date"] + pd.to_timedelta(first_days, unit="D") <= end]
    items = items.reset_index(drop=True)

    insolvent = items["debtor_id"].isin(snap.insolvent)
    reason = pd.Series(
        np.where(insolvent, REASON_INSOLVENCY, np.where(items["disputed"], REASON_DISPUTE, "")),
        index=items.index,
    )
    notice_days = items["calendar"].map({n: min(c.steps[0].days, 0) for n, c in cals.items()})
    items["start"] = items["due_date"] + pd.to_timedelta(notice_days.astype("int64"), unit="D")
    logged, _ = _logged(_attributed(ledger, items, day), items["invoice_id"])

    n = len(items)
    level = np.full(n, _NONE, dtype="int64")
    step_days = np.zeros(n, dtype="int64")
    overdue = items["days_past_due"].to_numpy(dtype="int64") >= 1
    for name, cal in cals.items():
        rows = np.flatnonzero((items["calendar"] == name).to_numpy())
        s_days = np.array([s.days for s in cal.steps], dtype="int64")
        s_levels = np.array([s.level for s in cal.steps], dtype="int64")
        open_step = (s_levels[None, :] > logged[rows, None]) & ~(
            (s_days[None, :] <= 0) & overdue[rows, None]
        )
        has = open_step.any(axis=1)
        first = np.argmax(open_step, axis=1)
        level[rows] = np.where(has, s_levels[first], _NONE)
        step_days[rows] = np.where(has, s_days[first], 0)
    action_date = items["due_date"] + pd.to_timedelta(step_days, unit="D")
    exhausted = (level == _NONE) & (reason == "").to_numpy()
    reason = reason.mask(pd.Series(exhausted, index=items.index), REASON_EXHAUSTED)
    proposed = (reason == "").to_numpy() & (level != _NONE) & (action_date <= end).to_numpy()

    todo = items.loc[proposed, ["debtor_id", "invoice_id", "residual", "calendar"]].copy()
    todo["level"] = level[proposed]
    todo["action_date"] = action_date[proposed]
    actions = _group_actions(todo, cals, names_by_debtor, day)

    left = items.loc[reason != "", ["invoice_id", "debtor_id", "due_date", "residual"]].copy()
    left["reason"] = reason[reason != ""]
    paid = _recently_paid(snap, horizon_days, end, cals, calendar, risk_classes)
    excluded = pd.concat([paid, left], ignore_index=True) if len(paid) else left
    excluded["name"] = excluded["debtor_id"].map(names_by_debtor).astype("str")
    excluded["todo"] = excluded["reason"].map(EXCLUSIONS).astype("str")
    excluded["reason"] = excluded["reason"].astype("str")
    order = excluded["reason"].map({r: i for i, r in enumerate(EXCLUSIONS)})
    excluded = excluded.assign(_order=order).sort_values(
        ["_order", "debtor_id", "invoice_id"], kind="stable"
    )
    excluded = excluded[EXCLUDED_COLUMNS].reset_index(drop=True)
    return NextActions(day, horizon_days, actions, excluded)


def _group_actions(
    todo: pd.DataFrame, cals: Mapping[str, Calendar], names: Mapping[str, str], day: pd.Timestamp
) -> pd.DataFrame:
    """One procedure per debtor from the per-invoice proposals of :func:`next_actions`."""
    todo = todo.sort_values(["debtor_id", "invoice_id"], kind="stable")
    todo["cents"] = aging.to_cents(todo["residual"])
    g = todo.groupby("debtor_id", sort=True)
    out = pd.DataFrame(
        {
            "level": g["level"].max(),
            "action_date": g["action_date"].min(),
            "invoices": g["invoice_id"].agg(lambda s: [str(v) for v in s]),
            "n_invoices": g["invoice_id"].count(),
            "cents": g["cents"].sum(),
            "calendar": g["calendar"].first(),
        }
    )
    out.index.name = "debtor_id"
    out = out.reset_index()
    steps = [cals[c].step(int(lvl)) for c, lvl in zip(out["calendar"], out["level"], strict=True)]
    out["debtor_id"] = out["debtor_id"].astype("str")
    out["name"] = out["debtor_id"].map(dict(names)).astype("str")
    out["level"] = out["level"].astype("int64")
    out["channel"] = pd.array([s.channel for s in steps], dtype="str")
    out["label"] = pd.array([s.label for s in steps], dtype="str")
    out["action_date"] = out["action_date"].astype(cv.DATE_DTYPE)
    late = out["action_date"] < day
    out["status"] = pd.array(np.where(late, ACTION_LATE, ACTION_UPCOMING), dtype="str")
    out["days_overdue"] = ((day - out["action_date"]) // pd.Timedelta(days=1)).clip(lower=0)
    out["days_overdue"] = out["days_overdue"].astype("int64")
    out["n_invoices"] = out["n_invoices"].astype("int64")
    out["amount"] = aging.to_euros(out["cents"].to_numpy(dtype="int64"))
    out["calendar"] = out["calendar"].astype("str")
    out = out.sort_values(["action_date", "cents", "debtor_id"], ascending=[True, False, True])
    return out[ACTION_COLUMNS].reset_index(drop=True)


def _recently_paid(
    snap: Snapshot,
    horizon_days: int,
    end: pd.Timestamp,
    cals: Mapping[str, Calendar],
    calendar: CalendarArg,
    risk_classes: Mapping[str, str] | None,
) -> pd.DataFrame:
    """Dunned invoices open ``horizon_days`` before the snapshot's date and settled at it."""
    ledger, day = snap.ledger, snap.as_of
    before = aging.open_items(ledger, day - pd.Timedelta(days=horizon_days))
    still_open = set(snap.items["invoice_id"])
    paid = before[~before["invoice_id"].isin(still_open)].reset_index(drop=True)
    names, more = _assign(ledger, calendar, risk_classes, paid["debtor_id"])
    first = names.map({n: c.steps[0].days for n, c in {**cals, **more}.items()}).astype("int64")
    paid = paid[paid["due_date"] + pd.to_timedelta(first, unit="D") <= end].copy()
    # only the procedures under way: at least one action counts for the invoice
    notice = names.map({n: min(c.steps[0].days, 0) for n, c in {**cals, **more}.items()})
    paid["start"] = paid["due_date"] + pd.to_timedelta(notice.astype("int64"), unit="D")
    logged, _ = _logged(_attributed(ledger, paid, day), paid["invoice_id"])
    paid = paid[logged != _NONE]
    a = snap.arrays
    residual = pd.Series(
        aging.to_euros(snap.state.residual), index=pd.Index(a.invoice_ids, dtype="str")
    ).reindex(paid["invoice_id"].to_numpy())
    out = paid[["invoice_id", "debtor_id", "due_date"]].copy()
    out["residual"] = residual.to_numpy()
    out["reason"] = REASON_PAID
    return out.reset_index(drop=True)


# ---------------------------------------------------------------------------
# Methodology
# ---------------------------------------------------------------------------
#: (rule, French text) for the report's methodology appendix.
RULES: list[tuple[str, str]] = [
    (
        "calendrier",
        "Le calendrier de relance est une donnée : préréglages « standard » (J+5 relance "
        "courtoise, J+15 lettre rappelant les pénalités, J+30 dernière relance amiable) et "
        "« progressif » (J+1 email, J+7 téléphone, J+15 lettre avec pénalités, J+30 mise en "
        "demeure, J+45 agence ou tribunal), ou calendrier propre à l'entreprise, "
        "éventuellement selon la classe de risque du débiteur ; avis avant échéance optionnel.",
    ),
    (
        "à relancer",
        "Une facture est à relancer quand elle est ouverte et échue (au moins un jour de "
        "retard) à la date d'arrêté, hors litige ouvert et hors débiteur en procédure "
        "collective.",
    ),
    (
        "relance comptée",
        "Une relance compte pour une facture quand elle est datée entre son échéance et la "
        "date d'arrêté, enregistrée sur la facture ou sur le débiteur sans facture (elle vaut "
        "alors pour toutes ses factures échues) ; les avis avant échéance ne sont pas des "
        "relances. Le niveau atteint est le plus haut niveau des relances comptées.",
    ),
    (
        "couverture",
        "Part des factures sans relance = factures à relancer sans aucune relance / factures "
        "à relancer × 100, en nombre et en montant (restant dû à la date d'arrêté).",
    ),
    (
        "respect du calendrier",
        "Niveau attendu = niveau de la dernière étape du calendrier dont le délai (jours après "
        "l'échéance) est atteint ; statut « aucune relance » si un niveau est attendu et "
        "aucune relance n'est enregistrée, « en retard » si le niveau atteint est inférieur, "
        "« à jour » s'il est égal, « en avance » s'il est supérieur. Retard = date à laquelle "
        "le niveau attendu a été atteint (ou date d'arrêté s'il ne l'est pas) − date prévue "
        "par le calendrier, en jours.",
    ),
    (
        "efficacité",
        "Par niveau : relances datées des 12 derniers mois (hors relances trop récentes pour "
        "que leur fenêtre soit close), montant restant dû au jour de la relance, part de ce "
        "montant réglée dans les 15 jours qui suivent (avoirs et pertes exclus ; un règlement "
        "suivant deux relances compte pour les deux).",
    ),
    (
        "prochaines actions",
        "Pour chaque facture ouverte, l'étape suivante du calendrier au-dessus du niveau "
        "atteint (aucune étape n'est sautée), proposée si sa date tombe dans les 30 prochains "
        "jours ou est déjà passée (action en retard). Les factures d'un même débiteur sont "
        "regroupées en une seule procédure, au niveau le plus élevé et à la date la plus "
        "proche.",
    ),
    (
        "jamais relancé",
        "Ne sont jamais proposées : les factures réglées (rien à faire), celles d'un débiteur "
        "en procédure collective (déclarer la créance au mandataire judiciaire), celles en "
        "litige (résoudre le litige avant toute relance) ; une facture dont le calendrier est "
        "épuisé est signalée pour décision (contentieux ou passage en perte).",
    ),
]
