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
      letters: {...}                 # read by recouvrement.dunning.letters, not here

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

- :mod:`~recouvrement.dunning.calendars`: steps, calendars, their validation, the presets;
- :mod:`~recouvrement.dunning.policy`: the company's ``dunning:`` section, which calendar
  each debtor follows;
- :mod:`~recouvrement.dunning.attribution`: which logged actions count for which invoice;
- :mod:`~recouvrement.dunning.coverage`: invoices to dun with and without a reminder;
- :mod:`~recouvrement.dunning.adherence`: level expected by the calendar against level logged;
- :mod:`~recouvrement.dunning.effectiveness`: share paid soon after the actions, per level;
- :mod:`~recouvrement.dunning.next_actions`: the next procedure per debtor, the exclusions;
- :mod:`~recouvrement.dunning.after_settlement`: actions logged after their invoice was
  settled ("never dun what is paid");
- :mod:`~recouvrement.dunning.letters`: the reminder-letter drafts of the next actions;
- :mod:`~recouvrement.dunning.rules`: the French rules of the methodology appendix.
"""

from recouvrement.dunning.adherence import (
    ADHERENCE_COLUMNS,
    STATUS_AHEAD,
    STATUS_LATE,
    STATUS_NONE,
    STATUS_ON_TIME,
    STATUSES,
    Adherence,
    adherence,
)
from recouvrement.dunning.after_settlement import (
    AFTER_SETTLEMENT_COLUMNS,
    REGISTERED_CHANNELS,
    action_rows_after_settlement,
    actions_after_settlement,
    actions_and_rows_after_settlement,
    is_registered,
    settlement_dates,
)
from recouvrement.dunning.calendars import (
    CALENDARS_FILE,
    STEP_KEYS,
    Calendar,
    DunningConfigError,
    Step,
    load_calendar,
    preset_names,
)
from recouvrement.dunning.coverage import (
    COVERED_LABEL,
    UNCOVERED_LABEL,
    Coverage,
    dunning_coverage,
)
from recouvrement.dunning.effectiveness import (
    DEFAULT_MONTHS,
    DEFAULT_WITHIN_DAYS,
    EFFECTIVENESS_COLUMNS,
    effectiveness,
)
from recouvrement.dunning.next_actions import (
    ACTION_COLUMNS,
    ACTION_LATE,
    ACTION_UPCOMING,
    DEFAULT_HORIZON_DAYS,
    EXCLUDED_COLUMNS,
    EXCLUSIONS,
    REASON_CASH,
    REASON_DISPUTE,
    REASON_EXHAUSTED,
    REASON_INSOLVENCY,
    REASON_PAID,
    NextActions,
    next_actions,
)
from recouvrement.dunning.policy import (
    CONFIG_KEYS,
    DEFAULT_CALENDAR,
    RISK_CLASSES,
    CalendarArg,
    calendar_for,
)
from recouvrement.dunning.rules import RULES

__all__ = [
    "ACTION_COLUMNS",
    "ACTION_LATE",
    "ACTION_UPCOMING",
    "ADHERENCE_COLUMNS",
    "AFTER_SETTLEMENT_COLUMNS",
    "CALENDARS_FILE",
    "CONFIG_KEYS",
    "COVERED_LABEL",
    "DEFAULT_CALENDAR",
    "DEFAULT_HORIZON_DAYS",
    "DEFAULT_MONTHS",
    "DEFAULT_WITHIN_DAYS",
    "EFFECTIVENESS_COLUMNS",
    "EXCLUDED_COLUMNS",
    "EXCLUSIONS",
    "REASON_DISPUTE",
    "REASON_CASH",
    "REASON_EXHAUSTED",
    "REASON_INSOLVENCY",
    "REASON_PAID",
    "REGISTERED_CHANNELS",
    "RISK_CLASSES",
    "RULES",
    "STATUSES",
    "STATUS_AHEAD",
    "STATUS_LATE",
    "STATUS_NONE",
    "STATUS_ON_TIME",
    "STEP_KEYS",
    "UNCOVERED_LABEL",
    "Adherence",
    "Calendar",
    "CalendarArg",
    "Coverage",
    "DunningConfigError",
    "NextActions",
    "Step",
    "action_rows_after_settlement",
    "actions_after_settlement",
    "actions_and_rows_after_settlement",
    "adherence",
    "calendar_for",
    "dunning_coverage",
    "effectiveness",
    "is_registered",
    "load_calendar",
    "next_actions",
    "preset_names",
    "settlement_dates",
]
