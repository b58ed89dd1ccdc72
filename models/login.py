"""Who is at the keyboard: the login of the process's real uid, from the system's user
database (importable without SQLAlchemy, for the dashboard's start; :mod:`models.access` maps
it to a user).

Identity never comes from the environment (``LOGNAME``, ``USER`` and the like are the
caller's to set). Two things may stand in for the uid's login, each set once by the command
line after checking that it may: the login named by an SSH forced command
(:mod:`models.ssh_access`), and, on PostgreSQL when each person connects with their own role,
the database role (:func:`models.access.resolve_actor` reads it).
"""

from __future__ import annotations

import os
import pwd

_forced: str | None = None
_database_role = False


def system_login() -> str:
    """The login of the real uid, as the system's user database names it (the uid itself
    when it has no entry, so that an unnamed uid is never mistaken for a named user)."""
    uid = os.getuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid:{uid}"


def os_login() -> str:
    """Who acts: the login an SSH forced command named (once checked), else the real uid's."""
    return _forced if _forced is not None else system_login()


def force_login(login: str | None) -> None:
    """Set by the command line only, after :mod:`models.ssh_access` allowed it."""
    global _forced
    _forced = login


def forced_login() -> str | None:
    return _forced


def use_database_role(enabled: bool) -> None:
    """PostgreSQL with one role per person: the connected role is the login (a setting)."""
    global _database_role
    _database_role = enabled


def database_role_is_login() -> bool:
    return _database_role and _forced is None
