from __future__ import annotations

from models.collation import name_sort_key


def _sorted(names: list[str]) -> list[str]:
    return sorted(names, key=name_sort_key)


def test_given_name_decides_first() -> None:
    assert _sorted(["Trần Văn Bình", "Nguyễn Thị An"]) == ["Nguyễn Thị An", "Trần Văn Bình"]


def test_vietnamese_alphabet_letters_are_primary() -> None:
    # a < ă < â, d < đ, o < ô < ơ, u < ư: whole letters, not accents.
    assert _sorted(["Lê Ân", "Lê Ăn", "Lê An"]) == ["Lê An", "Lê Ăn", "Lê Ân"]
    assert _sorted(["Lê Đức", "Lê Dũng", "Lê Em"]) == ["Lê Dũng", "Lê Đức", "Lê Em"]
    assert _sorted(["Võ Ưng", "Võ Uyên"]) == ["Võ Uyên", "Võ Ưng"]


def test_tones_break_ties_only() -> None:
    assert _sorted(["Lê Thị Hà", "Lê Thị Ha", "Lê Thị Hạ"]) == ["Lê Thị Ha", "Lê Thị Hà", "Lê Thị Hạ"]
    # A different letter in the middle name outweighs a tone in the given name.
    assert _sorted(["Lê Văn Ba", "Lê Thị Bá"]) == ["Lê Thị Bá", "Lê Văn Ba"]


def test_then_middle_then_family() -> None:
    names = ["Trần Văn An", "Nguyễn Văn An", "Nguyễn Thị An"]
    assert _sorted(names) == ["Nguyễn Thị An", "Nguyễn Văn An", "Trần Văn An"]


def test_shorter_word_first_and_nfd_input() -> None:
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Phạm Anh")
    assert name_sort_key(nfd) == name_sort_key("Phạm Anh")
    assert _sorted(["Phạm Anh", "Phạm An"]) == ["Phạm An", "Phạm Anh"]
