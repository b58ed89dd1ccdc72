"""Who is at the keyboard: the OS login (importable without SQLAlchemy, for the dashboard's
start; :mod:`models.access` maps it to a user)."""

from __future__ import annotations

import getpass
import os

ENV_LOGIN = "GIAOBAN_LOGIN"


def os_login() -> str:
    """The OS login of this process (``$GIAOBAN_LOGIN`` overrides it, for tests and demos)."""
    return os.environ.get(ENV_LOGIN) or getpass.getuser()
