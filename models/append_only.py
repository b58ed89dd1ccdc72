"""The triggers that keep the event logs and the audit log append-only, as they must stand
now: ``giaoban init`` re-creates them and checks them, since the role that owns the tables can
drop them (SQLite) or disable them (PostgreSQL). Migration 0001 created the same triggers."""

from __future__ import annotations

from sqlalchemy import Connection, text

from models.schema import APPEND_ONLY_TABLES

_PG_FUNCTION = (
    "CREATE OR REPLACE FUNCTION giaoban_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$"
)


def expected(dialect: str) -> dict[str, str]:
    """Each trigger's name and the statement that creates it."""
    out: dict[str, str] = {}
    for table in APPEND_ONLY_TABLES:
        if dialect == "postgresql":
            out[f"{table}_append_only"] = (
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION giaoban_append_only()"
            )
            # TRUNCATE bypasses row triggers.
            out[f"{table}_no_truncate"] = (
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION giaoban_append_only()"
            )
        else:
            for verb in ("UPDATE", "DELETE"):
                out[f"{table}_no_{verb.lower()}"] = (
                    f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                )
    return out


def _table_of(name: str) -> str:
    return next(t for t in APPEND_ONLY_TABLES if name.startswith(f"{t}_"))


def _in_force(conn: Connection) -> dict[str, str]:
    """The protective triggers present and enabled, with their SQL where the database keeps it."""
    if conn.dialect.name == "postgresql":
        rows = conn.execute(
            text("SELECT t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                 "WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND c.relnamespace = to_regnamespace(current_schema())")
        ).all()
    else:
        rows = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")).all()
    return {name: sql for name, sql in rows}


def _same(found: str | None, wanted: str) -> bool:
    if found is None:
        return False
    return " ".join(found.split()).lower() == " ".join(wanted.split()).lower()


def restore(conn: Connection) -> list[str]:
    """Re-create every protective trigger that is missing, disabled or not as it should be;
    the names of those restored. On PostgreSQL the trigger function is always re-created (its
    body could have been replaced). Raises RuntimeError when a trigger is still not in force
    afterwards (the caller's role cannot create it)."""
    dialect = conn.dialect.name
    wanted = expected(dialect)
    before = _in_force(conn)
    if dialect == "postgresql":
        conn.execute(text(_PG_FUNCTION))
    restored = []
    for name, sql in wanted.items():
        # PostgreSQL shows its own rendering of the definition: presence and state are what count.
        ok = name in before if dialect == "postgresql" else _same(before.get(name), sql)
        if ok:
            continue
        on = f" ON {_table_of(name)}" if dialect == "postgresql" else ""
        conn.execute(text(f"DROP TRIGGER IF EXISTS {name}{on}"))
        conn.execute(text(sql))
        restored.append(name)
    missing = sorted(set(wanted) - set(_in_force(conn)))
    if missing:
        raise RuntimeError(f"append-only triggers not in force: {', '.join(missing)}")
    return restored


__all__ = ["expected", "restore"]
