"""Organisation names made shorter where space is short, keeping the part that tells them apart."""

from __future__ import annotations

from models.safe_text import one_line

#: Kinds of Party organisation a name starts with, the longest first.
KIND_PREFIXES = ("Đảng bộ cơ sở ", "Đảng bộ bộ phận ", "Đảng bộ ", "Đảng ủy ", "Chi bộ cơ sở ", "Chi bộ ", "Tổ đảng ")


def distinct_name(name: str) -> str:
    """An organisation's name without its kind (``Đảng bộ xã Long Hòa`` → ``xã Long Hòa``), on one
    line with any control character shown (models.safe_text)."""
    name = one_line(name)
    for prefix in KIND_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix):]
    return name
