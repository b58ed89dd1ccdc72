"""Every screen string the dashboard asks for exists in both languages."""

from __future__ import annotations

import re
from pathlib import Path

from tui.i18n import CATALOGUE, tr

TUI = Path(__file__).resolve().parents[2] / "tui"


def test_every_literal_key_is_in_the_catalogue():
    used = set()
    for path in TUI.rglob("*.py"):
        used |= set(re.findall(r"\btr\(\s*\"([a-z0-9_.]+)\"", path.read_text(encoding="utf-8")))
    assert used, "the scan found no keys at all"
    assert sorted(used - set(CATALOGUE)) == []


def test_both_languages_are_filled_and_vietnamese_has_its_diacritics():
    for key, (vi, en) in CATALOGUE.items():
        assert vi.strip() or key == "pace.closed", key
        assert en.strip() or key == "pace.closed", key
    assert tr("kpi.removed", "vi") == "Xóa tên" and tr("kpi.removed", "en") == "Removed"
