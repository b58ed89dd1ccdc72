"""The sentences of :mod:`models.rules` (kept apart so the rules load without the catalogue)."""

from __future__ import annotations

from models import i18n

i18n.register(
    {
        "rules.local_threshold": ("ngưỡng do cấp ủy tự đặt", "the committee's own threshold"),
    }
)
