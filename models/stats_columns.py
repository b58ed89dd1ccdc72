"""The columns of the per-organisation, per-year figures (``org_year_stats`` and
``org_year_rollup``) and the SQL condition that makes an event count in each.

Conditions are written over ``NEW`` (the event row, as a trigger sees it) and ``m`` (its
member); :mod:`models.stats` reuses them over an alias of ``member_events`` named ``NEW`` when
it rebuilds everything from the event log, so the triggers and the rebuild cannot disagree.
Only events that move a member onto or off the rolls count (temporary transfers do not).
"""

from __future__ import annotations

from models.enums import MassOrg, RemovalGround

#: Events that count at all (the trigger's WHEN clause).
ROLL_EVENT = (
    "(NEW.kind IN ('admission', 'removal', 'leave', 'expulsion', 'death')"
    " OR (NEW.kind IN ('transfer_in', 'transfer_out') AND NEW.transfer_scope = 'permanent'))"
)

#: The upper end of the "aged 18-30" band; the lower end is the admission age, which every
#: admission meets (the admission rule refuses younger people).
YOUTH_MAX_AGE_YEARS = 30


def _age_at_event(dialect: str) -> str:
    if dialect == "postgresql":
        return "CAST(date_part('year', age(NEW.event_date, m.birth_date)) AS INTEGER)"
    return (
        "(CAST(strftime('%Y', NEW.event_date) AS INTEGER) - CAST(strftime('%Y', m.birth_date) AS INTEGER)"
        " - (strftime('%m-%d', NEW.event_date) < strftime('%m-%d', m.birth_date)))"
    )


def year_of_event(dialect: str) -> str:
    if dialect == "postgresql":
        return "CAST(EXTRACT(YEAR FROM NEW.event_date) AS INTEGER)"
    return "CAST(strftime('%Y', NEW.event_date) AS INTEGER)"


def columns(dialect: str) -> list[tuple[str, str]]:
    """(column, condition) for every count kept, in table order."""
    adm = "NEW.kind = 'admission'"
    cols = [
        ("admitted", adm),
        ("women", f"{adm} AND m.sex = 'female'"),
        ("youth_union", f"{adm} AND NEW.youth_union = TRUE"),
        ("on_occasion", f"{adm} AND NEW.occasion IS NOT NULL"),
        ("aged_upto_30", f"{adm} AND {_age_at_event(dialect)} <= {YOUTH_MAX_AGE_YEARS}"),
    ]
    cols += [(f"rec_{m.value}", f"{adm} AND NEW.recommended_by = '{m.value}'") for m in MassOrg]
    cols += [
        ("transfer_in", "NEW.kind = 'transfer_in'"),
        ("transfer_out", "NEW.kind = 'transfer_out'"),
    ]
    cols += [(f"removed_{g.value}", f"NEW.removal_ground = '{g.value}'") for g in RemovalGround]
    cols += [("left_party", "NEW.kind = 'leave'"), ("expelled", "NEW.kind = 'expulsion'"), ("died", "NEW.kind = 'death'")]
    return cols


#: Column names (the same on every dialect).
COLUMN_NAMES: tuple[str, ...] = tuple(name for name, _ in columns("sqlite"))
REMOVAL_COLUMNS: tuple[str, ...] = tuple(f"removed_{g.value}" for g in RemovalGround)
EXIT_COLUMNS: tuple[str, ...] = (*REMOVAL_COLUMNS, "left_party", "expelled", "died")
