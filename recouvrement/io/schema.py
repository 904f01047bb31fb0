"""The schema of ``recouvrement.yml``: pydantic models, strict, with nothing extra.

Every key of the file has a type and nothing is coerced: ``30.9``, ``"30"`` or
``trente`` for a number of days are refused, not truncated or guessed; an unknown key
is refused, not ignored. :func:`validate` checks a mapping read from the file and
returns the typed :class:`ConfigFile`, or the list of every problem found, each a
French sentence (:mod:`recouvrement.io.messages`), with those of the rules between keys
(:func:`cross_problems`: a ``from`` that loops, a column mapped twice...). The keys are
documented in :mod:`recouvrement.io.config`; the ``tables:`` and ``read:`` parts are in
:mod:`recouvrement.io.schema_tables`, the ``fec:`` section in
:mod:`recouvrement.io.fec_config`.

The meaning of the ``dunning:`` section (which calendars exist, risk classes) stays
checked by :mod:`recouvrement.dunning`; this schema checks its types only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    Field,
    PlainValidator,
    StringConstraints,
    ValidationError,
)

from recouvrement import conventions as cv
from recouvrement.io.fec_config import FEC_KEYS, FecSection, fec_problems
from recouvrement.io.messages import french_problems
from recouvrement.io.schema_tables import (
    READ_KEYS,
    STRICT,
    TABLE_KEYS,
    ReadOptions,
    Tables,
    Text,
    refuse,
    tables_problems,
)

#: The dates ``limits:`` may set (a ledger spans far less; pandas dates end in 2262).
LIMIT_DATES = (dt.date(1950, 1, 1), dt.date(2199, 12, 31))

#: A currency code: three capital letters.
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


def _calendar(value: Any) -> Any:
    if isinstance(value, str | list | Mapping):
        return value
    raise refuse(
        "le nom d'un calendrier, une liste d'étapes ou une table {steps: ...} est attendu "
        "(par exemple calendar: progressif)"
    )


def _steps(value: Any) -> Any:
    if isinstance(value, list | Mapping):
        return value
    raise refuse(
        "une liste d'étapes est attendue (par exemple maison: [{level: 1, days: 5, "
        "channel: email, label: Relance}])"
    )


def _limit_date(value: dt.date) -> dt.date:
    low, high = LIMIT_DATES
    if not low <= value <= high:
        raise refuse(
            f"une date entre le {low:%d/%m/%Y} et le {high:%d/%m/%Y} est attendue "
            "(par exemple 2000-01-01)"
        )
    return value


def _rate(value: float) -> float:
    if value < 1:
        raise refuse(
            "un taux en pour cent par an est attendu, pas une fraction (par exemple "
            "contractual_rate: 12.0 pour 12 %, et non 0.12)"
        )
    return value


def _notice(value: Any) -> bool | int:
    if isinstance(value, bool | int):
        return value
    raise refuse(
        "true, false ou un nombre entier de jours est attendu (par exemple pre_due_notice: 5)"
    )


class Dunning(BaseModel):
    """The ``dunning:`` section, its types only (its meaning: :mod:`recouvrement.dunning`)."""

    model_config = STRICT

    calendar: Annotated[Any, PlainValidator(_calendar)] = None
    calendars: dict[str, Annotated[Any, PlainValidator(_steps)]] | None = None
    by_risk_class: dict[str, Text] | None = None
    pre_due_notice: Annotated[Any, PlainValidator(_notice)] = None
    letters: dict[str, Any] | None = None


#: What the company does with the penalties and indemnities it may claim.
ClaimChoice = Literal["réclamer", "renoncer"]


class ClaimPolicy(BaseModel):
    """``legal: claim_policy:``: claim or waive, by default, per risk class, per debtor."""

    model_config = STRICT

    default: ClaimChoice | None = None
    by_risk_class: dict[str, ClaimChoice] | None = None
    debtors: dict[str, ClaimChoice] | None = None


class Legal(BaseModel):
    """The ``legal:`` section: the contractual penalty rate, percent per year; the claim policy."""

    model_config = STRICT

    contractual_rate: (
        Annotated[float, Field(gt=0, le=100, allow_inf_nan=False), AfterValidator(_rate)] | None
    ) = None
    claim_policy: ClaimPolicy | None = None


class Creditor(BaseModel):
    """The ``creditor:`` section: who writes the letters, with its mandatory mentions.

    Art. R.123-237 code de commerce: every letter of a company states its name, legal
    form and share capital, its RCS registration (city and SIREN) and its registered
    office; ``iban``, ``bic`` and ``payment`` say how to pay.
    """

    model_config = STRICT

    name: Text | None = None
    legal_form: Text | None = None
    capital: Text | None = None
    rcs: Text | None = None
    siren: Annotated[str, StringConstraints(pattern=r"^\d{3} ?\d{3} ?\d{3}$")] | None = None
    address: Text | None = None
    iban: Text | None = None
    bic: Text | None = None
    payment: Text | None = None


class ReportSection(BaseModel):
    """The ``report:`` section: who signs the report, for whom, and the company's size.

    ``consultant`` (the firm or consultant who signs) and ``addressee`` (to whom the
    report is handed, e.g. « Direction financière ») are printed on the cover;
    ``size`` picks the public reference of the company's size class (micro-entreprise,
    PME, ETI, grande entreprise: décret 2008-1354).
    """

    model_config = STRICT

    consultant: Text | None = None
    addressee: Text | None = None
    size: Literal["micro", "pme", "eti", "ge"] | None = None


class LimitsSection(BaseModel):
    """The ``limits:`` section (:class:`recouvrement.conventions.Limits`)."""

    model_config = STRICT

    date_min: Annotated[dt.date, AfterValidator(_limit_date)] | None = None
    date_max: Annotated[dt.date, AfterValidator(_limit_date)] | None = None
    max_amount: (
        Annotated[float, Field(gt=0, le=cv.MAX_AMOUNT_CEILING_EUR, allow_inf_nan=False)] | None
    ) = None
    max_letters: Annotated[int, Field(ge=1)] | None = None
    max_rows: Annotated[int, Field(ge=1)] | None = None


class Defaults(BaseModel):
    """The ``defaults:`` section: the value of a column a file lacks or leaves empty.

    ``kind`` is the kind of a debtor (:data:`recouvrement.conventions.DEBTOR_KINDS`),
    ``currency`` the currency of an invoice, payment, credit note or write-off,
    ``channel`` the channel of a logged dunning action.
    """

    model_config = STRICT

    kind: Literal[cv.DEBTOR_KINDS] | None = None
    currency: Currency | None = None
    channel: Text | None = None


class ConfigFile(BaseModel):
    """The whole of ``recouvrement.yml``, typed."""

    model_config = STRICT

    name: Text | None = None
    sector: Text | None = None
    notes: Any = None
    currency: Currency | None = None
    default_terms_days: Annotated[int, Field(ge=0)] | None = None
    default_debtor_kind: Literal[cv.DEBTOR_KINDS] | None = None
    defaults: Defaults | None = None
    read: ReadOptions | None = None
    tables: Tables | None = None
    dunning: Dunning | None = None
    legal: Legal | None = None
    creditor: Creditor | None = None
    report: ReportSection | None = None
    limits: LimitsSection | None = None
    fec: FecSection | None = None


#: Allowed keys of each mapping of the file, by its path (``*``: any name).
ALLOWED = {
    (): tuple(ConfigFile.model_fields),
    ("defaults",): tuple(Defaults.model_fields),
    ("read",): READ_KEYS,
    ("tables",): tuple(cv.TABLES),
    ("tables", "*"): TABLE_KEYS,
    ("tables", "*", "read"): READ_KEYS,
    ("dunning",): tuple(Dunning.model_fields),
    ("legal",): tuple(Legal.model_fields),
    ("legal", "claim_policy"): tuple(ClaimPolicy.model_fields),
    ("creditor",): tuple(Creditor.model_fields),
    ("report",): tuple(ReportSection.model_fields),
    ("limits",): tuple(LimitsSection.model_fields),
    ("fec",): FEC_KEYS,
}


def cross_problems(raw: Any, source: str) -> list[str]:
    """The rules between keys, on the mapping as read (whatever its types).

    - those of ``tables:`` (:func:`~recouvrement.io.schema_tables.tables_problems`);
    - ``limits.date_min`` is not after ``limits.date_max``;
    - ``defaults.kind`` and ``default_debtor_kind``, when both are written, agree;
    - a file of ``fec.files`` is named once.
    """
    if not isinstance(raw, Mapping):
        return []
    out = tables_problems(raw.get("tables"), source)
    limits = raw.get("limits")
    if isinstance(limits, Mapping):
        low, high = limits.get("date_min"), limits.get("date_max")
        if isinstance(low, dt.date) and isinstance(high, dt.date) and low > high:
            out.append(
                f"{source} : limits : date_min ({low:%d/%m/%Y}) est après date_max "
                f"({high:%d/%m/%Y}) ; aucune date ne serait admise : corriger l'une des deux"
            )
    defaults = raw.get("defaults")
    kind = defaults.get("kind") if isinstance(defaults, Mapping) else None
    old = raw.get("default_debtor_kind")
    if kind in cv.DEBTOR_KINDS and old in cv.DEBTOR_KINDS and kind != old:
        out.append(
            f"{source} : defaults.kind = « {kind} » et default_debtor_kind = « {old} » se "
            "contredisent : c'est le même réglage, le type d'un débiteur que les fichiers ne "
            f"disent pas ; n'en garder qu'un (par exemple defaults: {{kind: {kind}}})"
        )
    return out + fec_problems(raw.get("fec"), source)


def validate(raw: Mapping[Any, Any], source: str) -> tuple[ConfigFile | None, list[str]]:
    """Check ``raw`` (the file's mapping) against the schema.

    Parameters
    ----------
    raw : mapping
        The content of ``recouvrement.yml`` as read by YAML.
    source : str
        The file's name, first word of every message.

    Returns
    -------
    config : ConfigFile or None
        ``None`` when a problem was found.
    problems : list of str
        Every problem, in French (type errors, unknown keys, and the rules between
        keys: a ``from`` that loops, a column mapped twice, ``date_min`` after
        ``date_max``...).

    """
    problems = cross_problems(raw, source)
    try:
        config = ConfigFile.model_validate(raw)
    except ValidationError as exc:
        return None, french_problems(exc.errors(), source, ALLOWED) + problems
    return (None if problems else config), problems
