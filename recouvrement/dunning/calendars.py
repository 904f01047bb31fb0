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
    "STEP_KEYS",
    "Calendar",
    "DunningConfigError",
    "Step",
    "as_int",
    "load_calendar",
    "notice_preset",
    "parse_calendar",
    "preset_names",
]

#: Package data file holding the preset calendars.
CALENDARS_FILE = "dunning_calendars.yml"

#: Keys of one calendar step.
STEP_KEYS = ("level", "days", "channel", "label")

#: Name of a calendar given as a list of steps, without a name.
CUSTOM_NAME = "personnalisé"


class DunningConfigError(ValueError):
    """An invalid calendar or ``dunning:`` section; the message names the offending value."""


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
        days = as_int(days, f"calendar {self.name!r}: pre_due_notice")
        if days < 1:
            raise DunningConfigError(
                f"calendar {self.name!r}: pre_due_notice must be a number of days ≥ 1, got {days}"
            )
        base = notice_preset()
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
    level = as_int(spec["level"], f"{where}.level")
    if level < 0:
        raise DunningConfigError(f"{where}.level: must be ≥ 0, got {level}")
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


def notice_preset() -> Step:
    """The bundled pre-due notice (level 0, its channel, label and default days)."""
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
            return parse_calendar(
                name_or_spec, own[name_or_spec], f"dunning.calendars.{name_or_spec}"
            )
        presets = _presets_raw()["calendars"]
        if name_or_spec in presets:
            return parse_calendar(
                name_or_spec, presets[name_or_spec], f"{CALENDARS_FILE}: {name_or_spec}"
            )
        known = sorted({*own, *presets})
        raise DunningConfigError(
            f"unknown dunning calendar {name_or_spec!r}; known calendars: {', '.join(known)}"
        )
    return parse_calendar(CUSTOM_NAME, name_or_spec, "calendar")
