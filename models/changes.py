"""Noticing commits made by anyone else, cheaply.

Every write transaction bumps ``change_counter`` (see :mod:`models.uow`). A
:class:`ChangeWatcher` keeps one connection of its own and waits for the next change:

* SQLite: ``PRAGMA data_version`` on that connection changes when another connection
  commits; reading it costs microseconds and touches no table, so polling it four times a
  second keeps an idle dashboard quiet.
* PostgreSQL: ``LISTEN`` on the channel that writers ``NOTIFY`` in their transaction.
  Notifications are lost while the listening connection is down, so a slow poll of the
  counter stands behind them, and every reconnection compares the counter.

When the database cannot be reached, :meth:`ChangeWatcher.wait` raises
:class:`DatabaseUnavailable`; the next call tries to reconnect, so a caller that keeps
calling recovers by itself once the database is back.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from models.db import redacted
from models.errors import DomainError
from models.uow import NOTIFY_CHANNEL


@dataclass(frozen=True)
class Change:
    """The database's revision after a change, and when it was made (UTC)."""

    revision: int
    changed_at: dt.datetime | None


class DatabaseUnavailable(DomainError):
    """The watcher lost its connection; the last figures are stale."""


class ChangeWatcher:
    """Waits for commits by other connections. Use from one thread only."""

    def __init__(
        self,
        engine: Engine,
        *,
        sqlite_interval: float = 0.25,
        slow_poll_interval: float = 5.0,
    ) -> None:
        self._engine = engine
        self._sqlite = engine.dialect.name == "sqlite"
        self._sqlite_interval = sqlite_interval
        self._slow_poll_interval = slow_poll_interval
        self._conn: Any = None  # a raw DBAPI connection owned by the watcher
        self._data_version: int | None = None
        self._revision: int | None = None
        self._last_slow_poll = 0.0

    # -- public -----------------------------------------------------------------------
    @property
    def revision(self) -> int | None:
        return self._revision

    def current(self) -> Change:
        """Connect if needed and return the current revision (raises when unreachable)."""
        self._ensure_connected()
        return self._read_counter()

    def wait(self, timeout: float) -> Change | None:
        """Block up to ``timeout`` seconds; return the new revision if someone committed."""
        deadline = time.monotonic() + timeout
        try:
            reconnected = self._ensure_connected()
            if reconnected:
                change = self._read_counter_if_changed()
                if change is not None:
                    return change
            if self._sqlite:
                return self._wait_sqlite(deadline)
            return self._wait_postgresql(deadline)
        except DBAPIError as exc:
            self._drop()
            raise self._unavailable(exc) from exc
        except OSError as exc:  # socket errors surface directly from psycopg at times
            self._drop()
            raise self._unavailable(exc) from exc
        except Exception as exc:
            if _is_driver_error(exc):
                self._drop()
                raise self._unavailable(exc) from exc
            raise

    def close(self) -> None:
        self._drop()

    # -- connection -------------------------------------------------------------------
    def _ensure_connected(self) -> bool:
        """Open the watcher's connection when it has none. True when it (re)connected."""
        if self._conn is not None:
            return False
        try:
            raw = self._engine.raw_connection()
        except DBAPIError as exc:
            raise self._unavailable(exc) from exc
        self._conn = raw
        if self._sqlite:
            self._data_version = self._pragma_data_version()
        else:
            driver: Any = raw.driver_connection  # psycopg's own connection: LISTEN needs autocommit
            driver.autocommit = True
            driver.execute(f"LISTEN {NOTIFY_CHANNEL}")
        self._last_slow_poll = time.monotonic()
        return True

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                # Invalidate: the pooled connection may be broken; never hand it back.
                conn.invalidate()
            except Exception:  # noqa: BLE001 - closing a dead connection may fail; it is gone anyway
                pass

    def _unavailable(self, exc: BaseException) -> DatabaseUnavailable:
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return DatabaseUnavailable("db.unreachable", url=redacted(self._engine.url), detail=detail)

    # -- SQLite -----------------------------------------------------------------------
    def _pragma_data_version(self) -> int:
        cur = self._conn.cursor()
        try:
            cur.execute("PRAGMA data_version")
            return int(cur.fetchone()[0])
        finally:
            cur.close()

    def _wait_sqlite(self, deadline: float) -> Change | None:
        while True:
            version = self._pragma_data_version()
            if version != self._data_version:
                self._data_version = version
                change = self._read_counter_if_changed()
                if change is not None:
                    return change
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            time.sleep(min(self._sqlite_interval, remaining))

    # -- PostgreSQL -------------------------------------------------------------------
    def _wait_postgresql(self, deadline: float) -> Change | None:
        driver = self._conn.driver_connection
        while True:
            remaining = deadline - time.monotonic()
            slow_due = self._last_slow_poll + self._slow_poll_interval - time.monotonic()
            block = max(0.0, min(remaining, slow_due))
            notified = False
            for _ in driver.notifies(timeout=block, stop_after=1):
                notified = True
            if notified or time.monotonic() >= self._last_slow_poll + self._slow_poll_interval:
                self._last_slow_poll = time.monotonic()
                change = self._read_counter_if_changed()
                if change is not None:
                    return change
            if time.monotonic() >= deadline:
                return None

    # -- the counter ------------------------------------------------------------------
    def _read_counter(self) -> Change:
        cur = self._conn.cursor()
        try:
            cur.execute("SELECT revision, changed_at FROM change_counter WHERE id = 1")
            row = cur.fetchone()
        finally:
            cur.close()
        if self._sqlite:
            # Reading outside SQLAlchemy: SQLite hands back the stored text.
            changed_at = dt.datetime.fromisoformat(row[1]) if row and row[1] else None
        else:
            changed_at = row[1] if row else None
        revision = int(row[0]) if row else 0
        self._revision = revision
        return Change(revision, changed_at)

    def _read_counter_if_changed(self) -> Change | None:
        before = self._revision
        change = self._read_counter()
        return change if before is not None and change.revision != before else None


def _is_driver_error(exc: BaseException) -> bool:
    module = type(exc).__module__
    return module.startswith("psycopg") or module.startswith("sqlite3")
