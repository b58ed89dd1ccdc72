"""The engine factory: one function from a URL to a configured engine.

Nothing here runs at import time; callers build an engine with :func:`make_engine`
and pass sessions down. SQLite gets the settings it needs for several writers on one
file (WAL, foreign keys, busy timeout, BEGIN IMMEDIATE for writes); PostgreSQL goes
through psycopg 3.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

ENV_DATABASE_URL = "GIAOBAN_DATABASE_URL"

# Execution option that marks a connection as one that will write. SQLite then starts
# its transaction with BEGIN IMMEDIATE, taking the write lock up front; a deferred
# transaction that later tries to write fails at once with "database is locked",
# whatever the busy timeout.
WRITE_OPTION = "giaoban_write"

SQLITE_BUSY_TIMEOUT_S = 30.0
#: How long a PostgreSQL connection may take to open (libpq waits for TCP's own timeout,
#: minutes, on a server that does not answer); the dashboard says so and tries again.
POSTGRES_CONNECT_TIMEOUT_S = 5


def default_database_path() -> Path:
    """The embedded database in the user's data directory."""
    from platformdirs import user_data_path

    return user_data_path("giaoban", appauthor=False) / "giaoban.sqlite"


def default_database_url() -> str:
    return f"sqlite:///{default_database_path()}"


def resolve_url(url: str | None = None) -> str:
    """The URL to use: the argument, then $GIAOBAN_DATABASE_URL, then the default file."""
    if url:
        return url
    env = os.environ.get(ENV_DATABASE_URL)
    if env:
        return env
    return default_database_url()


def normalise_url(url: str | URL) -> URL:
    """Pin PostgreSQL URLs to psycopg 3 (a bare postgresql:// would ask for psycopg2)."""
    u = make_url(url)
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    return u


#: Query parameters that carry a password (libpq reads ``password``; drivers know the others).
SECRET_PARAMETERS = ("password", "passwd", "pwd", "sslpassword")
_HIDDEN = "***"


def redacted(url: str | URL) -> str:
    """The URL as it may appear in logs, messages and on screen: never with its password,
    neither the one in its user part nor one among its query parameters. Passwords belong
    in ``~/.pgpass`` or ``PGPASSWORD`` (see the README), but people paste URLs."""
    try:
        u = normalise_url(url)
    except (ArgumentError, ValueError):
        return _scrubbed_text(str(url))
    query = {k: (_HIDDEN if k.lower() in SECRET_PARAMETERS else v) for k, v in u.query.items()}
    return u.set(query=query).render_as_string(hide_password=True).replace("%2A%2A%2A", _HIDDEN)


def _scrubbed_text(text: str) -> str:
    """A URL SQLAlchemy cannot parse, its user-info password and password parameters hidden."""
    text = re.sub(r"(://[^:/@?#]*:)[^@/?#]*@", rf"\g<1>{_HIDDEN}@", text)
    names = "|".join(SECRET_PARAMETERS)
    return re.sub(rf"([?&](?:{names})=)[^&#]*", rf"\g<1>{_HIDDEN}", text, flags=re.IGNORECASE)


def secrets_of(url: str | URL) -> list[str]:
    """The passwords a URL holds (user part and query), to take out of error messages."""
    try:
        u = normalise_url(url)
    except (ArgumentError, ValueError):
        return []
    found = [u.password] if u.password else []
    for k, v in u.query.items():
        if k.lower() in SECRET_PARAMETERS:
            found.extend([v] if isinstance(v, str) else list(v))
    return [str(s) for s in found if s]


def without_secrets(text: str, url: str | URL) -> str:
    """``text`` (a driver's error message, say) with every password of ``url`` hidden."""
    for secret in secrets_of(url):
        text = text.replace(secret, _HIDDEN)
    return text


def is_sqlite(engine_or_url: Engine | str | URL) -> bool:
    if isinstance(engine_or_url, Engine):
        return engine_or_url.dialect.name == "sqlite"
    return normalise_url(engine_or_url).get_backend_name() == "sqlite"


def make_engine(url: str | URL | None = None, *, echo: bool = False, **kwargs: Any) -> Engine:
    """Build a configured engine for ``url`` (see :func:`resolve_url` for the default)."""
    u = _parsed(resolve_url(url) if not isinstance(url, URL) else url)
    if u.get_backend_name() == "sqlite":
        return _sqlite_engine(u, echo=echo, **kwargs)
    if u.get_backend_name() == "postgresql":
        kwargs.setdefault("pool_pre_ping", True)
        connect_args = dict(kwargs.pop("connect_args", {}))
        connect_args.setdefault("connect_timeout", POSTGRES_CONNECT_TIMEOUT_S)
        return create_engine(u, echo=echo, connect_args=connect_args, **kwargs)
    from models.errors import DomainError

    raise DomainError("db.unsupported", url=redacted(u))


def _parsed(url: str | URL) -> URL:
    """The URL, pinned to psycopg; one that is no URL at all is refused in words (shown up to
    its scheme only: what follows may hold a password)."""
    from sqlalchemy.exc import ArgumentError

    try:
        return normalise_url(url)
    except ArgumentError:
        from models.errors import DomainError

        scheme = str(url).split("://", 1)[0] + "://…" if "://" in str(url) else "…"
        raise DomainError("db.unsupported", url=scheme) from None


def create_private_file(path: Path) -> None:
    """Create the database file ``path`` and the directories above it that are missing,
    readable by their owner only (the directory 0700, the file 0600): it holds members' names,
    birth dates and residences. SQLite gives its -wal and -shm files the main file's mode.
    An existing file or directory is left as its owner set it."""
    missing = []
    parent = path.parent
    while not parent.exists():
        missing.append(parent)
        parent = parent.parent
    for directory in reversed(missing):
        try:
            directory.mkdir(mode=0o700)
        except FileExistsError:
            continue
        os.chmod(directory, 0o700)  # whatever the umask
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:
        return
    os.fchmod(fd, 0o600)
    os.close(fd)


def _sqlite_engine(u: URL, *, echo: bool, **kwargs: Any) -> Engine:
    database = u.database
    if database and database != ":memory:" and not database.startswith("file:"):
        path = Path(database).expanduser()
        if _not_writable(path):
            u = _read_only_url(path)
        elif not path.exists():
            try:
                create_private_file(path)
            except OSError:
                # Not ours to create (a read-only place, say): SQLite says so on connecting,
                # in the message every unreachable database gets.
                pass
    connect_args = dict(kwargs.pop("connect_args", {}))
    connect_args.setdefault("timeout", SQLITE_BUSY_TIMEOUT_S)
    # Threads: the TUI reads in worker threads; the pool hands each its own connection.
    connect_args.setdefault("check_same_thread", False)
    engine = create_engine(u, echo=echo, connect_args=connect_args, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        try:
            cur.execute("PRAGMA foreign_keys = ON")
            cur.execute(f"PRAGMA busy_timeout = {int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
            if database and database != ":memory:" and not read_only(engine):
                cur.execute("PRAGMA journal_mode = WAL")
                cur.execute("PRAGMA synchronous = NORMAL")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if conn.get_execution_options().get(WRITE_OPTION):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


def _not_writable(path: Path) -> bool:
    """An existing database file this process may not write: the file, or its directory
    (where SQLite keeps the write-ahead log), is read-only to it (a copy handed to a viewer)."""
    return path.is_file() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def _read_only_url(path: Path) -> URL:
    """The file opened read-only. In a directory it may not write, SQLite cannot make the
    shared-memory file a read of a WAL database needs: the file is then read as immutable
    (nobody can change it there without write rights to the directory either)."""
    query = {"mode": "ro", "uri": "true"}
    if not os.access(path.parent, os.W_OK):
        query["immutable"] = "1"
    return URL.create("sqlite", database=f"file:{path}", query=query)


def read_only(engine: Engine) -> bool:
    """Whether ``engine`` reads a SQLite file it may not write (see :func:`make_engine`)."""
    return engine.dialect.name == "sqlite" and engine.url.query.get("mode") == "ro"


def sqlite_path(engine: Engine) -> str | None:
    """The SQLite file ``engine`` opens (None for PostgreSQL or memory)."""
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database or ""
    return database.removeprefix("file:") or None


def write_engine(engine: Engine) -> Engine:
    """A view of ``engine`` whose transactions are write transactions."""
    return engine.execution_options(**{WRITE_OPTION: True})


def connection_failure(exc: BaseException, url: str | URL) -> Exception | None:
    """The refusal to show for ``exc`` when it says the database at ``url`` cannot be
    reached (server down, no such database, authentication refused, a file that cannot be
    opened); None for any other error. The password never appears in it."""
    from sqlalchemy.exc import DBAPIError

    from models.errors import DomainError

    if not isinstance(exc, DBAPIError) or exc.statement is not None and "unable to open database" not in str(exc.orig):
        return None
    detail = " ".join(line.strip() for line in str(exc.orig).strip().splitlines() if line.strip())
    return DomainError("db.unreachable", url=redacted(url), detail=without_secrets(detail, url))


def core(session: Session) -> Connection:
    """``session``'s connection, for a Core statement in its transaction.

    What the ORM holds unwritten is flushed first, as an ORM query would (autoflush), so the
    rows reach the database in the order the code made them. The write path uses Core
    statements built once (module constants with bound parameters: their cache keys are
    memoized and their compiled forms reused) instead of ORM objects and flushes, which cost
    most of a write's time."""
    if session.autoflush:
        session.flush()
    return session.connection()
