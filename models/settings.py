"""One typed settings object: defaults, then ``config.toml`` in the user's config directory,
then ``GIAOBAN_*`` environment variables, then command-line flags, each overriding the one
before. ``giaoban config`` prints the effective settings with the password hidden.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

ENV_CONFIG = "GIAOBAN_CONFIG"


@dataclass(frozen=True)
class Settings:
    database_url: str | None = None  # None: the SQLite file in the user data directory
    lang: str = "vi"
    theme: str = "giaoban-dark"
    # Chart marker: "hd" (half blocks) renders with every font; "braille" and "fhd" need fonts
    # that many terminals lack.
    chart_marker: str = "hd"
    # Presentation mode: seconds between slides, 0 for manual only.
    auto_advance: int = 0
    # How often an open dashboard checks for others' commits, in seconds.
    watch_interval: float = 0.25
    animations: bool = False
    # SSH access (README): the OS account that owns the database and whose authorized_keys
    # name each person with ``--login``; that argument is honoured for this account only.
    ssh_account: str | None = None
    # PostgreSQL with one role per person: the connected role is the login, not the OS user.
    login_from_database_role: bool = False

    def redacted(self) -> dict[str, Any]:
        """The settings as a dict fit for printing: the database password hidden."""
        out = asdict(self)
        if self.database_url:
            from models.db import redacted

            out["database_url"] = redacted(self.database_url)
        return out


_ENV = {
    "database_url": "GIAOBAN_DATABASE_URL",
    "lang": "GIAOBAN_LANG",
    "theme": "GIAOBAN_THEME",
    "chart_marker": "GIAOBAN_CHART_MARKER",
    "auto_advance": "GIAOBAN_AUTO_ADVANCE",
    "watch_interval": "GIAOBAN_WATCH_INTERVAL",
    "animations": "GIAOBAN_ANIMATIONS",
}


def config_path() -> Path:
    env = os.environ.get(ENV_CONFIG)
    if env:
        return Path(env)
    from platformdirs import user_config_path

    return user_config_path("giaoban", appauthor=False) / "config.toml"


def _coerce(name: str, value: Any) -> Any:
    kind = {f.name: f.type for f in fields(Settings)}[name]
    if kind == "bool":
        return value if isinstance(value, bool) else str(value).strip().lower() in ("1", "true", "yes", "on")
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    return value if value is None else str(value)


def load_settings(overrides: dict[str, Any] | None = None, path: Path | None = None) -> Settings:
    """Defaults < config file < environment < ``overrides`` (flags; None values ignored)."""
    settings = Settings()
    file = path or config_path()
    if file.exists():
        data = tomllib.loads(file.read_text(encoding="utf-8"))
        unknown = set(data) - {f.name for f in fields(Settings)}
        if unknown:
            raise ValueError(f"{file}: unknown settings {', '.join(sorted(unknown))}")
        settings = replace(settings, **{k: _coerce(k, v) for k, v in data.items()})
    env = {k: _coerce(k, os.environ[v]) for k, v in _ENV.items() if os.environ.get(v)}
    settings = replace(settings, **env)
    if overrides:
        settings = replace(settings, **{k: _coerce(k, v) for k, v in overrides.items() if v is not None})
    return settings
