"""The ``recouvrement.yml`` of a sample company folder: settings and their YAML text.

The YAML is written by hand (a handful of scalars and nested mappings), so that
the committed files do not depend on a YAML library's formatting.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from recouvrement import conventions as cv
from tools.samples.profiles import CompanyProfile
from tools.samples.styles import CANONICAL_LAYOUTS, STYLE_SPECS


def _yaml_scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def _yaml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) else _yaml_scalar(key)


def _yaml_lines(mapping: Mapping[str, Any], indent: int = 0) -> list[str]:
    lines = []
    pad = "  " * indent
    for key, value in mapping.items():
        if isinstance(value, Mapping):
            lines.append(f"{pad}{_yaml_key(key)}:")
            lines.extend(_yaml_lines(value, indent + 1))
        else:
            lines.append(f"{pad}{_yaml_key(key)}: {_yaml_scalar(value)}")
    return lines


def company_config(profile: CompanyProfile, style: str | None = None) -> dict[str, Any]:
    """Return the ``recouvrement.yml`` settings of a sample company folder, as a mapping.

    Only what differs from the canonical layout is listed under ``tables``; the
    value maps are inverted (source value -> canonical value), as the reader
    expects.

    Parameters
    ----------
    profile : CompanyProfile
        Gives the name, sector and default terms.
    style : str, optional
        The export style (default: the profile's).

    Returns
    -------
    dict of str to Any
        The settings, in the order they are written.

    """
    spec = STYLE_SPECS[style or profile.style]
    config: dict[str, Any] = {
        "name": profile.name,
        "sector": profile.sector,
        "default_terms_days": profile.default_terms_days,
    }
    if spec.read_block:
        config["read"] = {
            "sep": spec.sep,
            "decimal": spec.decimal,
            "encoding": spec.encoding,
            "date_format": spec.date_format,
        }
    tables: dict[str, Any] = {}
    for table in cv.TABLES:
        layout = spec.layouts[table]
        if layout.file == CANONICAL_LAYOUTS[table].file and not layout.columns:
            continue
        entry: dict[str, Any] = {}
        if table == "disputes" and spec.disputes_in_invoices:
            entry["from"] = "invoices"
            entry["where"] = {"Litige": "Oui"}
        else:
            entry["file"] = layout.file
        if layout.columns:
            entry["columns"] = {source: canonical for canonical, source in layout.columns.items()}
        values = {
            col: {src: canonical for canonical, src in mapping.items() if src != canonical}
            for col, mapping in layout.value_map.items()
        }
        if any(values.values()):
            entry["values"] = {col: m for col, m in values.items() if m}
        tables[table] = entry
    if tables:
        config["tables"] = tables
    if profile.letters:
        config["dunning"] = {"letters": dict(profile.letters)}
    if profile.creditor:
        config["creditor"] = dict(profile.creditor)
    if profile.report:
        config["report"] = dict(profile.report)
    return config


def config_text(profile: CompanyProfile, style: str) -> str:
    """Return the text of the ``recouvrement.yml`` of a sample company folder.

    Parameters
    ----------
    profile : CompanyProfile
        The company.
    style : str
        The export style of the folder (a key of
        :data:`~tools.samples.styles.STYLE_SPECS`).

    Returns
    -------
    str
        The settings of :func:`company_config`, see :func:`settings_text`.

    """
    return settings_text(profile, company_config(profile, style))


def settings_text(profile: CompanyProfile, settings: Mapping[str, Any]) -> str:
    """Return the text of a ``recouvrement.yml`` holding ``settings``.

    Parameters
    ----------
    profile : CompanyProfile
        The company (named in the header, with its seed).
    settings : mapping of str to Any
        Scalars (str, int, bool) and nested mappings, written in their order.

    Returns
    -------
    str
        Two French comment lines naming the generator, then the settings as YAML.

    """
    header = [
        f"# {profile.name} : société fictive, données générées par tools.samples",
        f"# (graine {profile.seed}). Ne pas modifier à la main : python -m tools.samples",
    ]
    return "\n".join([*header, *_yaml_lines(settings)]) + "\n"
