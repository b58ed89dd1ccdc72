"""What is wrong with an imported file, located by sheet, row and column, and the refusal
that carries every problem found."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from models import i18n
from models.errors import DomainError
from models.io import messages as _messages  # noqa: F401  registers the catalogue

#: How many problems a refusal lists before "... and N more".
SHOWN_PROBLEMS = 50
#: Checking stops after this many problems: a file that broken is refused either way, and
#: listing every bad cell of a hostile file would take minutes and hundreds of megabytes.
MAX_PROBLEMS = 200


@dataclass(frozen=True)
class Problem:
    """One rule broken at one place. ``row`` is the spreadsheet's own row number (1-based)."""

    key: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    regulation: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    file: str | None = None

    def location(self, lang: str | None = None) -> str:
        if self.sheet is not None and self.row is not None and self.column is not None:
            return i18n.t("io.location", lang, sheet=self.sheet, row=self.row, column=self.column)
        if self.sheet is not None and self.row is not None:
            return i18n.t("io.location.row", lang, sheet=self.sheet, row=self.row)
        if self.sheet is not None:
            return i18n.t("io.location.sheet", lang, sheet=self.sheet)
        return i18n.t("io.location.file", lang, file=self.file or "?")

    def rule(self, lang: str | None = None) -> str:
        params = dict(self.params)
        # Parameters that are themselves message keys (e.g. the encoding's name).
        for name in [k for k in params if k.endswith("_key")]:
            params[name[: -len("_key")]] = i18n.t(params.pop(name), lang)
        text = i18n.t(self.key, lang, **params)
        if self.regulation:
            text = f"{text} {i18n.t('error.rule_suffix', lang, regulation=self.regulation)}"
        return text

    def message(self, lang: str | None = None) -> str:
        return f"{self.location(lang)}: {self.rule(lang)}"


class ImportRefused(DomainError):
    """The file was refused; nothing was written. ``problems`` lists every reason found."""

    def __init__(self, file: str, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("io.refused", file=file, count=len(self.problems))

    def message(self, lang: str | None = None) -> str:
        lines = [super().message(lang)]
        lines += [p.message(lang) for p in self.problems[:SHOWN_PROBLEMS]]
        if len(self.problems) > SHOWN_PROBLEMS:
            lines.append(i18n.t("io.more_errors", lang, count=len(self.problems) - SHOWN_PROBLEMS))
        return "\n".join(lines)
