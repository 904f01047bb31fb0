"""The company's dunning policy: its ``dunning:`` section and which debtor follows which calendar.

The section names a default calendar (a preset or one of the company's own
``calendars``), optionally one calendar per risk class (``by_risk_class``) and a
pre-due notice (``pre_due_notice``); see :mod:`recouvrement.dunning`. The risk class
of a debtor is an input (``risk_classes``: debtor_id -> class, from the scoring); a
debtor without a class, or whose class has no calendar, follows the default calendar.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from recouvrement.conventions.risk import RISK_CLASSES
from recouvrement.dunning.calendars import (
    CUSTOM_NAME,
    Calendar,
    DunningConfigError,
    load_calendar,
    notice_preset,
    parse_calendar,
    quote,
)
from recouvrement.ledger import Ledger

__all__ = [
    "CONFIG_KEYS",
    "DEFAULT_CALENDAR",
    "RISK_CLASSES",
    "CalendarArg",
    "assign_calendars",
    "calendar_for",
    "own_calendars",
]

#: Calendar used when the company configures none.
DEFAULT_CALENDAR = "standard"

#: Keys allowed in the company's ``dunning:`` section (``letters`` belongs to
#: :mod:`recouvrement.dunning.letters`).
CONFIG_KEYS = ("calendar", "calendars", "by_risk_class", "pre_due_notice", "letters")

#: The file the ``dunning:`` section comes from, first word of its messages.
CONFIG_FILE = "recouvrement.yml"

#: What the audit functions accept as ``calendar``: ``None`` is the company's policy.
CalendarArg = Calendar | str | Sequence[Mapping[str, Any]] | Mapping[str, Any] | None


@dataclass(frozen=True)
class _Policy:
    """The company's calendars: the default one and one per risk class."""

    default: Calendar
    by_class: Mapping[str, Calendar] = field(default_factory=dict)


def _parse_policy(spec: Any) -> _Policy:
    """Validate the company's ``dunning:`` section (see the module docstring).

    Every message starts with the file's name (:data:`CONFIG_FILE`).
    """
    try:
        return _policy(spec)
    except DunningConfigError as exc:
        raise DunningConfigError(f"{CONFIG_FILE} : {exc}") from None


def _policy(spec: Any) -> _Policy:
    if spec is None:
        return _Policy(load_calendar(DEFAULT_CALENDAR))
    if not isinstance(spec, Mapping):
        raise DunningConfigError(
            f"dunning = {quote(spec)} : une table de réglages des relances est attendue, "
            f"avec les clés {', '.join(CONFIG_KEYS)} (par exemple dunning: {{calendar: "
            "progressif})"
        )
    unknown = sorted(set(map(str, spec)) - set(CONFIG_KEYS))
    if unknown:
        raise DunningConfigError(
            f"dunning : clé(s) inconnue(s) {', '.join(unknown)} ; clés admises : "
            f"{', '.join(CONFIG_KEYS)}"
        )
    own = spec.get("calendars") or {}
    if not isinstance(own, Mapping):
        raise DunningConfigError(
            f"dunning.calendars = {quote(own)} : une table « nom : liste d'étapes » est "
            "attendue (par exemple calendars: {maison: [{level: 1, days: 5, channel: email, "
            "label: Relance}]})"
        )
    for name in own:  # validate every company calendar, even unused
        load_calendar(str(name), calendars=own)
    default = spec.get("calendar", DEFAULT_CALENDAR)
    if isinstance(default, str):
        calendar = load_calendar(default, calendars=own)
    else:
        calendar = parse_calendar(CUSTOM_NAME, default, "dunning.calendar")
    by_class_spec = spec.get("by_risk_class") or {}
    if not isinstance(by_class_spec, Mapping):
        raise DunningConfigError(
            f"dunning.by_risk_class = {quote(by_class_spec)} : une table « classe de risque : "
            "nom de calendrier » est attendue (par exemple by_risk_class: {à risque: progressif})"
        )
    by_class = {}
    for cls, name in by_class_spec.items():
        if cls not in RISK_CLASSES:
            raise DunningConfigError(
                f"dunning.by_risk_class : classe de risque inconnue {quote(cls)} ; "
                f"classes : {', '.join(RISK_CLASSES)}"
            )
        if not isinstance(name, str):
            raise DunningConfigError(
                f"dunning.by_risk_class.{cls} = {quote(name)} : le nom d'un calendrier est "
                "attendu (par exemple progressif)"
            )
        by_class[cls] = load_calendar(name, calendars=own)
    notice = spec.get("pre_due_notice")
    if notice is not None and notice is not False:
        days = -notice_preset().days if notice is True else notice
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
        # a Python argument: its value is shown as Python writes it
        raise DunningConfigError(
            f"{where} : classe de risque inconnue {value!r} ; classes : {', '.join(RISK_CLASSES)}"
        )


def own_calendars(ledger: Ledger) -> Mapping[str, Any] | None:
    """The company's own calendars (``dunning: calendars:``, name -> spec), if any."""
    spec = ledger.meta.get("dunning")
    return spec.get("calendars") if isinstance(spec, Mapping) else None


def assign_calendars(
    ledger: Ledger,
    calendar: CalendarArg,
    risk_classes: Mapping[str, str] | None,
    debtor_ids: pd.Series,
) -> tuple[pd.Series, dict[str, Calendar]]:
    """Calendar name per row of ``debtor_ids`` and the calendars by name.

    Parameters
    ----------
    ledger : Ledger
        Its ``meta["dunning"]`` holds the company's policy.
    calendar : Calendar, str, spec or None
        One calendar for every row
        (:func:`~recouvrement.dunning.calendars.load_calendar`; a name may be one of
        the company's own calendars); ``None``: the company's policy, per risk class.
    risk_classes : mapping or None
        debtor_id -> risk class, only with ``calendar=None``.
    debtor_ids : Series
        The debtor of each row.

    Returns
    -------
    names : Series of str
        Same index as ``debtor_ids``: the name of each row's calendar.
    calendars : dict
        Name -> :class:`Calendar`, for every name of ``names``.

    Raises
    ------
    ValueError
        ``calendar`` and ``risk_classes`` both given (ambiguous), or ``risk_classes``
        not a mapping.
    DunningConfigError
        Invalid calendar or ``dunning:`` section, or unknown risk class.

    """
    if calendar is not None:
        if risk_classes is not None:
            raise ValueError(
                "risk_classes choisit les calendriers par la politique de la société "
                "(dunning.by_risk_class) : passer calendar=None pour l'appliquer, ou ne pas "
                "passer risk_classes"
            )
        cal = load_calendar(calendar, calendars=own_calendars(ledger))
        return pd.Series(cal.name, index=debtor_ids.index, dtype="str"), {cal.name: cal}
    policy = _parse_policy(ledger.meta.get("dunning"))
    by_name = {policy.default.name: policy.default}
    names = pd.Series(policy.default.name, index=debtor_ids.index, dtype="str")
    if risk_classes is None:
        return names, by_name
    if not isinstance(risk_classes, Mapping):
        raise ValueError(
            "risk_classes doit associer chaque debtor_id à sa classe de risque (un dict), "
            f"pas un objet {type(risk_classes).__name__}"
        )
    for debtor, cls in risk_classes.items():
        _check_class(cls, f"risk_classes[{debtor!r}]")
    classes = debtor_ids.map(dict(risk_classes))
    for cls, cal in policy.by_class.items():
        by_name[cal.name] = cal
        names = names.mask(classes == cls, cal.name)
    return names, by_name
