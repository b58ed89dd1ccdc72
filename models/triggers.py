"""Row triggers written once for both databases: SQLite's ``CREATE TRIGGER ... BEGIN ... END``
and PostgreSQL's trigger function plus ``CREATE TRIGGER ... EXECUTE FUNCTION``."""

from __future__ import annotations

from sqlalchemy.orm import Session


def create_row_trigger(session: Session, name: str, table: str, op: str, body: str, when: str | None = None) -> None:
    """An ``AFTER op`` trigger on ``table`` running ``body`` (statements joined by "; ") for
    each row, when ``when`` (a condition over NEW/OLD) holds. On PostgreSQL its function is
    ``giaoban_<name>``."""
    conn = session.connection()
    if session.get_bind().dialect.name == "postgresql":
        run = f"IF {when} THEN {body}; END IF" if when else body
        conn.exec_driver_sql(
            f"CREATE OR REPLACE FUNCTION giaoban_{name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"{run}; RETURN NULL; END $$"
        )
        conn.exec_driver_sql(f"CREATE TRIGGER {name} AFTER {op} ON {table} FOR EACH ROW EXECUTE FUNCTION giaoban_{name}()")
    else:
        condition = f" WHEN {when}" if when else ""
        conn.exec_driver_sql(f"CREATE TRIGGER {name} AFTER {op} ON {table}{condition} BEGIN {body}; END")


def drop_row_trigger(session: Session, name: str, table: str) -> None:
    on = f" ON {table}" if session.get_bind().dialect.name == "postgresql" else ""
    session.connection().exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}{on}")
