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
    # The head, signature and recipients of the report (Hướng dẫn 36-HD/VPTW, 2018), filled in
    # once by the office. An empty field prints as the dotted blank an office fills in by hand,
    # except the two names of the head, which fall back to the organisation and its parent.
    report_superior: str = ""  # "ĐẢNG BỘ THÀNH PHỐ HỒ CHÍ MINH"; empty: the parent's name
    report_issuer: str = ""  # "ĐẢNG ỦY XÃ CẦN GIỜ"; empty: the organisation's name
    report_place: str = ""  # "Cần Giờ", the place of the date line
    report_number_symbol: str = ""  # the ký hiệu after the number: "BC/ĐU" gives "Số …-BC/ĐU"
    report_signer_on_behalf: str = "T/M BAN THƯỜNG VỤ"
    report_signer_position: str = ""  # "PHÓ BÍ THƯ THƯỜNG TRỰC"
    report_signer_name: str = ""
    report_recipients: tuple[str, ...] = ()  # "Ban Thường vụ Thành ủy (để báo cáo)", ...

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
    "report_superior": "GIAOBAN_REPORT_SUPERIOR",
    "report_issuer": "GIAOBAN_REPORT_ISSUER",
    "report_place": "GIAOBAN_REPORT_PLACE",
    "report_number_symbol": "GIAOBAN_REPORT_NUMBER_SYMBOL",
    "report_signer_on_behalf": "GIAOBAN_REPORT_SIGNER_ON_BEHALF",
    "report_signer_position": "GIAOBAN_REPORT_SIGNER_POSITION",
    "report_signer_name": "GIAOBAN_REPORT_SIGNER_NAME",
    # Recipients separated by ";" (a recipient's own text may hold commas).
    "report_recipients": "GIAOBAN_REPORT_RECIPIENTS",
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
    if kind == "tuple[str, ...]":
        items = value.split(";") if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)):
            raise ValueError(f"{name}: a list of texts is expected")
        return tuple(str(i).strip() for i in items if str(i).strip())
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
