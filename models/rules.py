"""Parameters of the Party rules, loaded from ``rules.toml``.

The defaults ship beside this module; a ``rules.toml`` in the user's config directory (or the
file named by ``$GIAOBAN_RULES``) overrides any of them, table by table. Each parameter
group carries the regulation it comes from, so messages can cite it.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

DEFAULT_RULES = Path(__file__).with_name("rules.toml")
ENV_RULES = "GIAOBAN_RULES"


@dataclass(frozen=True)
class Occasion:
    day: int
    month: int
    name: str


@dataclass(frozen=True)
class AdmissionRules:
    min_age_years: int
    max_age_years: int
    age_regulation: str
    decision_working_days: int
    decision_regulation: str
    ceremony_working_days: int
    ceremony_regulation: str
    occasions: tuple[Occasion, ...]

    def occasion_on(self, day: dt.date) -> Occasion | None:
        for o in self.occasions:
            if o.day == day.day and o.month == day.month:
                return o
        return None


@dataclass(frozen=True)
class ProbationRules:
    months: int
    regulation: str
    recognition_working_days: int
    recognition_regulation: str


@dataclass(frozen=True)
class ReadmissionRules:
    min_months_after_exit: int
    max_times: int
    excluded_grounds: tuple[str, ...]
    excluded_exits: tuple[str, ...]
    regulation: str


@dataclass(frozen=True)
class AwarenessClassRules:
    certificate_valid_years: int
    regulation: str


@dataclass(frozen=True)
class TransferRules:
    temporary_min_months: int
    temporary_max_months: int
    regulation: str


@dataclass(frozen=True)
class ExemptionRules:
    max_months: int
    regulation: str


@dataclass(frozen=True)
class OrganisationRules:
    min_official_members: int
    regulation: str


@dataclass(frozen=True)
class RemovalWarningRules:
    """The early warning of removal: warn at ``warn_months`` (the committee's own setting,
    labelled ``warn_label``), flag at ``flag_months`` (the Charter's ground), counting distinct
    months within the trailing ``window_months``."""

    warn_months: int
    warn_label: str
    flag_months: int
    window_months: int
    regulation: str


@dataclass(frozen=True)
class ProblemRule:
    """One problem-cell rule: whether it runs, how bad it is, its threshold(s), its basis."""

    name: str
    enabled: bool
    severity: int
    regulation: str
    params: dict[str, Any] = field(default_factory=dict)

    def param(self, key: str) -> Any:
        return self.params[key]


@dataclass(frozen=True)
class Rules:
    admission: AdmissionRules
    probation: ProbationRules
    readmission: ReadmissionRules
    awareness_class: AwarenessClassRules
    transfer: TransferRules
    exemption: ExemptionRules
    organisation: OrganisationRules
    regulation_213: str
    removal_warning: RemovalWarningRules
    problems: dict[str, ProblemRule]
    source: tuple[str, ...]  # the files these rules were read from, in order


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def user_rules_path() -> Path:
    env = os.environ.get(ENV_RULES)
    if env:
        return Path(env)
    from platformdirs import user_config_path

    return user_config_path("giaoban", appauthor=False) / "rules.toml"


def parse_rules(data: dict[str, Any], source: tuple[str, ...] = ()) -> Rules:
    adm = dict(data["admission"])
    adm["occasions"] = tuple(Occasion(**o) for o in adm["occasions"])
    ra = dict(data["readmission"])
    ra["excluded_grounds"] = tuple(ra["excluded_grounds"])
    ra["excluded_exits"] = tuple(ra["excluded_exits"])
    problems = {}
    for name, spec in data.get("problems", {}).items():
        spec = dict(spec)
        problems[name] = ProblemRule(
            name=name,
            enabled=bool(spec.pop("enabled", True)),
            severity=int(spec.pop("severity", 1)),
            regulation=str(spec.pop("regulation", "")),
            params=spec,
        )
    return Rules(
        admission=AdmissionRules(**adm),
        probation=ProbationRules(**data["probation"]),
        readmission=ReadmissionRules(**ra),
        awareness_class=AwarenessClassRules(**data["awareness_class"]),
        transfer=TransferRules(**data["transfer"]),
        exemption=ExemptionRules(**data["exemption"]),
        organisation=OrganisationRules(**data["organisation"]),
        regulation_213=data["regulation_213"]["regulation"],
        removal_warning=RemovalWarningRules(**data["removal_warning"]),
        problems=problems,
        source=source,
    )


def load_rules(path: Path | None = None) -> Rules:
    """The defaults, overridden by ``path`` (or the user's rules file when it exists)."""
    data = tomllib.loads(DEFAULT_RULES.read_text(encoding="utf-8"))
    sources = [str(DEFAULT_RULES)]
    override = path if path is not None else user_rules_path()
    if override.exists():
        data = _merge(data, tomllib.loads(override.read_text(encoding="utf-8")))
        sources.append(str(override))
    return parse_rules(data, tuple(sources))


@lru_cache(maxsize=1)
def default_rules() -> Rules:
    """The rules in force for this process (cached; tests pass their own ``Rules``)."""
    return load_rules()


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole calendar months, clamped to the end of a shorter month."""
    import calendar

    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_in_months(birth: dt.date, on: dt.date) -> int:
    """Completed months of age on ``on`` (the Charter counts age in months)."""
    months = (on.year - birth.year) * 12 + (on.month - birth.month)
    if on.day < birth.day and not (on == _month_end(on) and birth.day > on.day):
        months -= 1
    return months


def _month_end(day: dt.date) -> dt.date:
    import calendar

    return day.replace(day=calendar.monthrange(day.year, day.month)[1])
