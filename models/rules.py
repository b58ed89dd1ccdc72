"""Parameters of the Party rules, loaded from ``rules.toml``, as they stood on each day.

Every rule section of ``rules.toml`` (``[[admission]]``, ``[[readmission]]``, ...) is a list of
versions, each with the interval in which it was in force (``valid_from`` .. ``valid_to``, both
included) and only the keys that changed from the version before. :meth:`Rules.on` gives the
rules in force on a day; :meth:`Rules.param` and :meth:`Rules.citation` look one value up by
its dotted key (``"admission.max_age_years"``, ``"admission.age_regulation"``). Write checks ask
for the day of the event, reasons and reports for the end of their period, so a refusal in 2026
cites the regulation of 2026 and one about 2020 that of 2020.

The problem-cell thresholds (``[problems.*]``) are the committee's own choices, not
regulation: they are not dated, and each names the dated citation (if any) that the duty it
watches rests on.

The defaults ship beside this module; a ``rules.toml`` in the user's config directory (or the
file named by ``$GIAOBAN_RULES``) overrides any of them, table by table (a section given there
replaces that section's list of versions).
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

DEFAULT_RULES = Path(__file__).with_name("rules.toml")
ENV_RULES = "GIAOBAN_RULES"


class RulesFileError(ValueError):
    """The rules file is not usable (a gap or an overlap between versions, a missing key)."""


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
    # Over the maximum age, admission needs the decision of this level (recorded with it).
    over_age_decided_by: str
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
    # Bars as the regulation lists them: removal grounds, kinds of exit (a leave is barred
    # unless one of ``exit_exceptions`` applies) and circumstances of the earlier exit.
    barred_grounds: tuple[str, ...]
    barred_exits: tuple[str, ...]
    exit_exceptions: tuple[str, ...]
    barred_circumstances: tuple[str, ...]
    regulation: str


@dataclass(frozen=True)
class RemovalRules:
    regulation: str


@dataclass(frozen=True)
class AwarenessClassRules:
    certificate_valid_years: int
    regulation: str


@dataclass(frozen=True)
class TransferRules:
    # Temporary transfer for a change of residence or work: at least ``min_months`` and less
    # than ``residence_or_work_below_months``; for full-time training up to
    # ``training_max_months`` (both ends included).
    temporary_min_months: int
    residence_or_work_below_months: int
    training_max_months: int
    regulation: str


@dataclass(frozen=True)
class ExemptionRules:
    # Charter Article 7: elderly or sick members, no time limit.
    charter_regulation: str
    # Members working far away: a temporary exemption shorter than this many months.
    far_away_below_months: int
    far_away_regulation: str


@dataclass(frozen=True)
class OrganisationRules:
    min_official_members: int
    regulation: str


@dataclass(frozen=True)
class Regulation213Rules:
    regulation: str
    comment_request_regulation: str
    residence_duties_regulation: str
    exemptions_regulation: str


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
class MakeupRules:
    """The members' make-up (models.figures.makeup): a hamlet or neighbourhood whose cell has
    fewer than ``few_members`` members on the rolls is listed as having few; the committee's own
    threshold, labelled ``few_members_label``."""

    few_members: int
    few_members_label: str


@dataclass(frozen=True)
class ProblemRule:
    """One problem-cell rule: whether it runs, how bad it is, its threshold(s), its basis.

    ``citation`` is the dotted key of the dated citation the watched duty rests on (None when
    the rule is wholly the committee's own); ``local`` says the threshold is the committee's
    own choice, which reasons say."""

    name: str
    enabled: bool
    severity: int
    citation: str | None = None
    local: bool = True
    params: dict[str, Any] = field(default_factory=dict)

    def param(self, key: str) -> Any:
        return self.params[key]


_SECTIONS: dict[str, type] = {
    "admission": AdmissionRules,
    "probation": ProbationRules,
    "readmission": ReadmissionRules,
    "removal": RemovalRules,
    "awareness_class": AwarenessClassRules,
    "transfer": TransferRules,
    "exemption": ExemptionRules,
    "organisation": OrganisationRules,
    "regulation_213": Regulation213Rules,
    "removal_warning": RemovalWarningRules,
    "makeup": MakeupRules,
}


@dataclass(frozen=True)
class Version:
    """One section's values in force from ``valid_from`` to ``valid_to`` (None: open)."""

    valid_from: dt.date | None
    valid_to: dt.date | None
    values: dict[str, Any]

    def covers(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Rules:
    admission: AdmissionRules
    probation: ProbationRules
    readmission: ReadmissionRules
    removal: RemovalRules
    awareness_class: AwarenessClassRules
    transfer: TransferRules
    exemption: ExemptionRules
    organisation: OrganisationRules
    regulation_213: Regulation213Rules
    removal_warning: RemovalWarningRules
    makeup: MakeupRules
    problems: dict[str, ProblemRule]
    source: tuple[str, ...] = ()  # the files these rules were read from, in order
    # Each section's versions; empty for rules already taken at a day.
    versions: dict[str, tuple[Version, ...]] = field(default_factory=dict, compare=False, repr=False)

    def on(self, day: dt.date) -> Rules:
        """The rules in force on ``day``. A section a caller replaced on this object (a test,
        a stricter local setting) stays as replaced."""
        if not self.versions:
            return self
        chosen = {}
        for name in _SECTIONS:
            mine, versions = getattr(self, name), self.versions[name]
            replaced = mine != _build(name, versions[-1].values)
            chosen[name] = mine if replaced else _section_on(name, versions, day)
        return Rules(**chosen, problems=self.problems, source=self.source)

    def param(self, key: str, on: dt.date) -> Any:
        """The value of ``"section.name"`` in force on ``on``."""
        section, _, name = key.partition(".")
        if section not in _SECTIONS or name not in {f.name for f in fields(_SECTIONS[section])}:
            raise KeyError(f"no rule parameter {key!r}")
        return getattr(getattr(self.on(on), section), name)

    def citation(self, key: str, on: dt.date) -> str:
        """The regulation ``"section.name"`` cites on ``on`` (a name ending in ``regulation``)."""
        if not key.rsplit(".", 1)[-1].endswith("regulation"):
            raise KeyError(f"{key!r} is not a citation")
        return str(self.param(key, on))

    def interval(self, section: str, on: dt.date) -> tuple[dt.date | None, dt.date | None]:
        """When the version of ``section`` in force on ``on`` starts and ends."""
        for v in self.versions.get(section, ()):
            if v.covers(on):
                return v.valid_from, v.valid_to
        return None, None


def _section_on(name: str, versions: tuple[Version, ...], day: dt.date) -> Any:
    for v in versions:
        if v.covers(day):
            return _build(name, v.values)
    # Before the first version the file knows of: the first one (its interval says from when).
    return _build(name, versions[0].values)


def _build(name: str, values: dict[str, Any]) -> Any:
    cls = _SECTIONS[name]
    vals = dict(values)
    if name == "admission":
        vals["occasions"] = tuple(o if isinstance(o, Occasion) else Occasion(**o) for o in vals["occasions"])
    for f in fields(cls):
        if isinstance(vals.get(f.name), list):
            vals[f.name] = tuple(vals[f.name])
    missing = [f.name for f in fields(cls) if f.name not in vals]
    if missing:
        raise RulesFileError(f"[{name}] lacks {', '.join(missing)}")
    unknown = sorted(set(vals) - {f.name for f in fields(cls)})
    if unknown:
        raise RulesFileError(f"[{name}] has unknown keys {', '.join(unknown)}")
    return cls(**vals)


def _versions(name: str, spec: Any) -> tuple[Version, ...]:
    """A section's list of versions, each completed by the ones before it, checked to follow
    one another without gap or overlap."""
    raw = spec if isinstance(spec, list) else [spec]
    out: list[Version] = []
    values: dict[str, Any] = {}
    for i, entry in enumerate(raw):
        entry = dict(entry)
        start, end = entry.pop("valid_from", None), entry.pop("valid_to", None)
        if i and (start is None or out[-1].valid_to is None or start != out[-1].valid_to + dt.timedelta(days=1)):
            raise RulesFileError(f"[[{name}]] version {i + 1} must start the day after version {i} ends")
        if start is not None and end is not None and end < start:
            raise RulesFileError(f"[[{name}]] version {i + 1} ends before it starts")
        values = {**values, **entry}
        out.append(Version(start, end, values))
        _build(name, values)  # refuse an incomplete version when the file is read
    if out[-1].valid_to is not None:
        raise RulesFileError(f"[[{name}]] the last version must stay in force (no valid_to)")
    return tuple(out)


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
    versions = {name: _versions(name, data[name]) for name in _SECTIONS}
    problems = {}
    for name, spec in data.get("problems", {}).items():
        spec = dict(spec)
        problems[name] = ProblemRule(
            name=name,
            enabled=bool(spec.pop("enabled", True)),
            severity=int(spec.pop("severity", 1)),
            citation=spec.pop("citation", None) or None,
            local=bool(spec.pop("local", True)),
            params=spec,
        )
    sections = {name: _build(name, versions[name][-1].values) for name in _SECTIONS}
    return Rules(**sections, problems=problems, source=source, versions=versions)


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


def problem_basis(rules: Rules, rule: ProblemRule, on: dt.date, lang: str | None = None) -> str:
    """What a problem rule's reason rests on at ``on``: the dated citation of the duty it
    watches, and, when its threshold is the committee's own choice, a label saying so."""
    from models import i18n
    from models import rules_messages as _messages  # noqa: F401  registers the label

    parts = [rules.citation(rule.citation, on)] if rule.citation else []
    if rule.local:
        parts.append(i18n.t("rules.local_threshold", lang))
    return "; ".join(parts)
