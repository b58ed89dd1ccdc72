"""Domain errors: refusals that a person reads, naming the field and the rule.

A :class:`DomainError` carries a message key and its parameters, so it renders in
Vietnamese (the default) or English wherever it is shown.
"""

from __future__ import annotations

from typing import Any

from models import i18n

i18n.register(
    {
        "error.prefix.field": ("Trường “{field}”", "Field '{field}'"),
        "error.rule_suffix": ("(theo {regulation})", "(under {regulation})"),
        "db.busy": (
            "Cơ sở dữ liệu đang bận vì người khác đang ghi; chưa ghi gì, xin thử lại.",
            "The database is busy with another writer; nothing was written, please try again.",
        ),
        "db.integrity": (
            "Dữ liệu vi phạm ràng buộc của cơ sở dữ liệu ({detail}); chưa ghi gì.",
            "The data breaks a database constraint ({detail}); nothing was written.",
        ),
        "db.unreachable": (
            "Không kết nối được cơ sở dữ liệu {url}: {detail}",
            "Cannot reach the database {url}: {detail}",
        ),
        "db.read_only": (
            "Không ghi được: tệp cơ sở dữ liệu {path} chỉ cho đọc (tệp hoặc thư mục chứa nó không cho "
            "ghi); chưa ghi gì. Hãy ghi vào cơ sở dữ liệu gốc, hoặc nhờ quản trị cấp quyền ghi.",
            "Cannot write: the database file {path} is read-only (the file or its directory may not be "
            "written); nothing was written. Write to the original database, or ask the administrator for "
            "write access.",
        ),
        "db.unsupported": (
            "Không dùng được cơ sở dữ liệu “{url}”: giaoban chỉ làm việc với SQLite "
            "(sqlite:///đường/dẫn/tệp.sqlite) và PostgreSQL (postgresql://người_dùng@máy/tên_csdl).",
            "Cannot use the database '{url}': giaoban works with SQLite "
            "(sqlite:///path/to/file.sqlite) and PostgreSQL (postgresql://user@host/dbname) only.",
        ),
        "db.not_initialised": (
            "Cơ sở dữ liệu {url} chưa được khởi tạo hoặc chưa nâng cấp; hãy chạy “giaoban init”.",
            "The database {url} is not initialised or not upgraded; run 'giaoban init'.",
        ),
    }
)


class DomainError(Exception):
    """A refused operation. ``field`` names the input at fault; ``regulation`` the rule's source."""

    def __init__(
        self,
        key: str,
        *,
        field: str | None = None,
        regulation: str | None = None,
        **params: Any,
    ) -> None:
        self.key = key
        self.field = field
        self.regulation = regulation
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str | None = None) -> str:
        text = i18n.t(self.key, lang, **self.params)
        if self.field:
            field_label = i18n.t(f"field.{self.field}", lang) if i18n.has(f"field.{self.field}") else self.field
            text = f"{i18n.t('error.prefix.field', lang, field=field_label)}: {text}"
        if self.regulation:
            text = f"{text} {i18n.t('error.rule_suffix', lang, regulation=self.regulation)}"
        return text

    def __str__(self) -> str:
        return self.message()


class AccessDenied(DomainError):
    """The acting user's role or scope does not allow the operation."""


class NotFound(DomainError):
    """A code or id names nothing in the database."""
