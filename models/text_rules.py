"""What text may be stored: one rule for every name, code and free-text field.

Every write path (the CLI, the dashboard's forms, imports) reaches the database through the
operations of :mod:`models.record`; they check each text field here before writing it, so a
refusal names the field and the rule and nothing is written. What was stored before these
rules existed is made harmless on the way out by :mod:`models.safe_text`.
"""

from __future__ import annotations

import re
import unicodedata

from models import i18n
from models.errors import DomainError
from models.safe_text import codepoint, first_control, is_invisible

i18n.register(
    {
        "text.control_char": (
            "có ký tự điều khiển hoặc ký tự ẩn {char}; hãy gõ lại, không dán từ nguồn khác.",
            "holds the control or invisible character {char}; type it again rather than pasting it.",
        ),
        "text.invisible": (
            "chỉ gồm ký tự ẩn (khoảng trắng, ký tự độ rộng bằng 0); hãy nhập nội dung thật.",
            "holds only invisible characters (spaces, zero-width characters); enter real text.",
        ),
        "text.too_long": (
            "dài {length} ký tự, quá giới hạn {max} ký tự.",
            "is {length} characters long, over the limit of {max}.",
        ),
        "text.code_pattern": (
            "mã “{code}” không hợp lệ: chỉ dùng chữ Latinh không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới "
            "(bắt đầu bằng chữ hoặc số, tối đa {max} ký tự, không có “..”).",
            "the code '{code}' is not valid: use unaccented Latin letters, digits, dots, hyphens and "
            "underscores only (starting with a letter or digit, at most {max} characters, no '..').",
        ),
        "field.note": ("Ghi chú", "note"),
        "field.decision_no": ("Số quyết định", "decision number"),
        "field.decided_by": ("Cấp quyết định", "decided by"),
        "field.occasion": ("Dịp kết nạp", "occasion"),
        "field.counterpart_text": ("Nơi ngoài hệ thống", "outside organisation"),
        "field.card_no": ("Số thẻ đảng viên", "Party card number"),
        "field.login": ("Tên đăng nhập", "login"),
        "field.display_name": ("Tên hiển thị", "display name"),
    }
)

#: Longest accepted text per field, in characters (after NFC). Names are bounded at 100: the
#: longest Vietnamese full names run to about 40 characters. Each bound is within the column.
MAX_LENGTH: dict[str, int] = {
    "full_name": 100,
    "name": 200,  # an organisation's name ("Chi bộ Cơ quan Đảng ủy - Ủy ban nhân dân ...")
    "display_name": 100,
    "login": 64,
    "ethnicity": 40,
    "residence": 200,
    "card_no": 20,
    "decision_no": 60,
    "decided_by": 200,
    "occasion": 120,
    "counterpart_text": 200,
    "note": 1000,
    "code": 32,
}

#: An organisation code: it names files (``bao-cao-de-dan-<code>-...docx``) and goes into
#: URLs of nothing, so no separators, no spaces, no "..".
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def check_text(value: str, field: str, *, max_length: int | None = None) -> str:
    """``value`` in NFC if it may be stored in ``field``; else a refusal naming the field:
    a control or format character, only invisible characters, or longer than the bound."""
    text = unicodedata.normalize("NFC", value)
    bad = first_control(text)
    if bad is not None:
        raise DomainError("text.control_char", field=field, char=codepoint(bad))
    if is_invisible(text):
        raise DomainError("text.invisible", field=field)
    limit = max_length if max_length is not None else MAX_LENGTH.get(field)
    if limit is not None and len(text) > limit:
        raise DomainError("text.too_long", field=field, length=len(text), max=limit)
    return text


def check_optional(value: str | None, field: str) -> str | None:
    """:func:`check_text` for a field that may be left empty (None or blank: None)."""
    if value is None or not value.strip():
        return None
    return check_text(value.strip(), field)


def check_code(code: str, field: str = "code") -> str:
    """An organisation code as typed, stripped, if it follows the pattern of codes."""
    code = check_text((code or "").strip(), field, max_length=10_000)
    limit = MAX_LENGTH["code"]
    if len(code) > limit or not _CODE.fullmatch(code) or ".." in code:
        raise DomainError("text.code_pattern", field=field, code=code[:limit + 8], max=limit)
    return code




def check_values(values: dict[str, object], skip: frozenset[str] = frozenset()) -> None:
    """Check, in place, every text in ``values`` (column name to value) whose column is one of
    :data:`MAX_LENGTH`'s fields; codes by :func:`check_code`. Values are replaced by their NFC
    form. ``skip``: columns already checked by the caller."""
    for key, value in values.items():
        if key in skip or not isinstance(value, str) or key not in MAX_LENGTH:
            continue
        values[key] = check_code(value, key) if key == "code" else check_text(value, key)


__all__ = ["MAX_LENGTH", "check_code", "check_optional", "check_text", "check_values"]
