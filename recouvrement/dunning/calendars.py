"""Dunning calendars as data: steps, validation, the bundled presets.

A calendar is a list of steps (level, days after the due date, channel, French
label); the presets ``standard`` and ``progressif`` live in
``recouvrement/data/dunning_calendars.yml``, read once through
:mod:`recouvrement.conventions.data`. Which calendar a debtor follows is the
company's policy (:mod:`recouvrement.dunning.policy`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from recouvrement.conventions.data import read_yaml

__all__ = [
    "CALENDARS_FILE",
    "CUSTOM_NAME",
    "SPEC_WHERE",
    "STEP_EXAMPLE",
    "STEP_KEYS",
    "Calendar",
    "DunningConfigError",
    "Step",
    "as_int",
    "load_calendar",
    "notice_preset",
    "parse_calendar",
    "preset_names",
    "quote",
]

#: Package data file holding the preset calendars.
CALENDARS_FILE = "dunning_calendars.yml"

#: Keys of one calendar step.
STEP_KEYS = ("level", "days", "channel", "label")

#: Name of a calendar given as a list of steps, without a name.
CUSTOM_NAME = "personnalisé"

#: How the messages place a calendar given as a spec (not from a configuration).
SPEC_WHERE = "calendrier"


#: A step written in full, the example of the messages.
STEP_EXAMPLE = "{level: 1, days: 5, channel: email, label: Relance}"


class DunningConfigError(ValueError):
    """An invalid calendar or ``dunning:`` section.

    The message is French: it names the key, the value read, what is expected and the fix.
    """


def quote(value: Any) -> str:
    """``« value »`` on one line, cut after 60 characters (a value read from a configuration)."""
    text = "".join(c if c.isprintable() else "\ufffd" for c in str(value))
    return f"« {text if len(text) <= 60 else text[:59] + '…'} »"


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
        where = f"calendrier {quote(self.name)}"
        if not self.steps:
            raise DunningConfigError(
                f"{where} : aucune étape ; en donner au moins une après l'échéance "
                f"(par exemple [{STEP_EXAMPLE}])"
            )
        days = [s.days for s in self.steps]
        levels = [s.level for s in self.steps]
        if any(b <= a for a, b in zip(days, days[1:], strict=False)):
            raise DunningConfigError(
                f"{where} : les jours des étapes doivent croître strictement, lus : {days} ; "
                "ranger les étapes de la plus tôt à la plus tardive, sans deux fois le même jour"
            )
        if any(b <= a for a, b in zip(levels, levels[1:], strict=False)):
            raise DunningConfigError(
                f"{where} : les niveaux des étapes doivent croître strictement avec les jours, "
                f"lus : {levels} ; numéroter les étapes 1, 2, 3… dans l'ordre des jours"
            )
        if not self.reminders:
            raise DunningConfigError(
                f"{where} : aucune étape après l'échéance (days ≥ 1), jours lus : {days} ; "
                "ajouter au moins une relance (par exemple days: 5)"
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
        where = f"calendrier {quote(self.name)} : pre_due_notice"
        days = as_int(days, where)
        if days < 1:
            raise DunningConfigError(
                f"{where} = {quote(days)} : un nombre de jours au moins égal à 1 est attendu "
                "(par exemple pre_due_notice: 5 pour un avis 5 jours avant l'échéance)"
            )
        base = notice_preset()
        if self.reminders[0].level <= base.level:
            raise DunningConfigError(
                f"{where} : l'avis avant échéance prend le niveau {base.level} ; les relances "
                f"du calendrier doivent commencer au niveau {base.level + 1}"
            )
        notice = Step(base.level, -days, channel or base.channel, label or base.label)
        return Calendar(self.name, (notice, *self.reminders), self.description)

    def table(self) -> pd.DataFrame:
        """The steps as a frame ``level, days, channel, label`` (for the report)."""
        return pd.DataFrame(
            [(s.level, s.days, s.channel, s.label) for s in self.steps], columns=list(STEP_KEYS)
        )


def as_int(value: Any, where: str) -> int:
    """``value`` as an ``int`` (an integral float is accepted; a bool is not).

    Parameters
    ----------
    value : Any
        A configuration value or a function argument.
    where : str
        Its name in the error message (``dunning.calendars.maison[0].days``).

    Raises
    ------
    DunningConfigError
        When ``value`` is not an integer.

    """
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise DunningConfigError(
            f"{where} = {quote(value)} : un nombre entier est attendu, sans guillemets "
            "(par exemple 5)"
        )
    return int(value)


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise DunningConfigError(
            f"{where} = {quote(value)} : un texte non vide est attendu (par exemple email)"
        )
    return value.strip()


def _parse_step(spec: Any, where: str) -> Step:
    if not isinstance(spec, Mapping):
        raise DunningConfigError(
            f"{where} = {quote(spec)} : une étape est une table avec les clés "
            f"{', '.join(STEP_KEYS)} (par exemple {STEP_EXAMPLE})"
        )
    unknown = sorted(set(map(str, spec)) - set(STEP_KEYS))
    missing = [k for k in STEP_KEYS if k not in spec]
    if unknown or missing:
        raise DunningConfigError(
            f"{where} : une étape a exactement les clés {', '.join(STEP_KEYS)}"
            + (f" ; clé(s) inconnue(s) : {', '.join(unknown)}" if unknown else "")
            + (f" ; clé(s) manquante(s) : {', '.join(missing)}" if missing else "")
            + f" (par exemple {STEP_EXAMPLE})"
        )
    level = as_int(spec["level"], f"{where}.level")
    if level < 0:
        raise DunningConfigError(
            f"{where}.level = {quote(level)} : un niveau positif ou nul est attendu "
            "(par exemple level: 1)"
        )
    return Step(
        level=level,
        days=as_int(spec["days"], f"{where}.days"),
        channel=_text(spec["channel"], f"{where}.channel"),
        label=_text(spec["label"], f"{where}.label"),
    )


def parse_calendar(name: str, spec: Any, where: str) -> Calendar:
    """A :class:`Calendar` from a list of steps or a mapping ``{steps, description}``.

    Parameters
    ----------
    name : str
        The calendar's name, unless the mapping gives one (``name:``).
    spec : list of mappings or mapping
        The steps ``{level, days, channel, label}``, or ``{steps, description, name}``.
    where : str
        Where the spec comes from, prefixed to every error message
        (``dunning.calendars.maison``).

    Raises
    ------
    DunningConfigError
        Naming the offending key and value.

    """
    description = ""
    if isinstance(spec, Mapping):
        unknown = sorted(set(map(str, spec)) - {"steps", "description", "name"})
        if unknown or "steps" not in spec:
            raise DunningConfigError(
                f"{where} : un calendrier est une liste d'étapes ou une table avec la clé steps "
                f"(et, au choix, description et name) ; clés lues : "
                f"{', '.join(sorted(map(str, spec))) or '(aucune)'} (par exemple "
                f"{{steps: [{STEP_EXAMPLE}], description: Relances maison}})"
            )
        description = str(spec.get("description") or "")
        name = str(spec.get("name") or name)
        spec = spec["steps"]
    if isinstance(spec, str | bytes) or not isinstance(spec, Sequence):
        raise DunningConfigError(
            f"{where} = {quote(spec)} : une liste d'étapes est attendue "
            f"(par exemple [{STEP_EXAMPLE}])"
        )
    steps = tuple(_parse_step(s, f"{where}[{i}]") for i, s in enumerate(spec))
    try:
        return Calendar(name, steps, description)
    except DunningConfigError as exc:
        if where == SPEC_WHERE:
            raise  # the calendar's own message names it already
        raise DunningConfigError(f"{where} : {exc}") from None


@lru_cache(maxsize=1)
def _presets_raw() -> dict[str, Any]:
    return read_yaml("data", CALENDARS_FILE)


def notice_preset() -> Step:
    """The bundled pre-due notice (level 0, its channel, label and default days)."""
    return _parse_step(_presets_raw()["pre_due_notice"], f"{CALENDARS_FILE} : pre_due_notice")


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
            return parse_calendar(
                name_or_spec, own[name_or_spec], f"dunning.calendars.{name_or_spec}"
            )
        presets = _presets_raw()["calendars"]
        if name_or_spec in presets:
            return parse_calendar(
                name_or_spec, presets[name_or_spec], f"{CALENDARS_FILE} : {name_or_spec}"
            )
        known = sorted({*own, *presets})
        raise DunningConfigError(
            f"calendrier de relance inconnu {quote(name_or_spec)} ; calendriers connus : "
            f"{', '.join(known)} (ou un calendrier de la société, sous dunning.calendars)"
        )
    return parse_calendar(CUSTOM_NAME, name_or_spec, SPEC_WHERE)
