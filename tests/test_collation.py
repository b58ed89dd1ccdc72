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


def test_middle_names_are_kept_apart_from_the_family_name() -> None:
    # Given name "An" in both; middle "Minh" before "Minh Hữu", whatever the family name.
    assert _sorted(["Trần Minh Hữu An", "Lê Minh An"]) == ["Lê Minh An", "Trần Minh Hữu An"]
    assert _sorted(["Trần Minh An", "Lê An"]) == ["Lê An", "Trần Minh An"]
    assert _sorted(["Võ An", "Lê An"]) == ["Lê An", "Võ An"]


def test_the_migration_keeps_the_same_key() -> None:
    import importlib.util

    from models.schema_version import VERSIONS

    spec = importlib.util.spec_from_file_location("m0010", VERSIONS / "0012_dated_rules.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name in ("Lê Minh An", "Trần Minh Hữu An", "An", "Nguyễn Thị Ánh", "Phạm Văn Đức Ưng"):
        assert module._name_key(name) == name_sort_key(name)


def test_migration_0010_rekeys_the_names_already_stored(bare_engine) -> None:
    import datetime as dt

    from alembic import command
    from sqlalchemy import text

    from models.db import write_engine
    from models.migrate import alembic_config

    cfg = alembic_config()
    with write_engine(bare_engine).begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0008")
        for name in ("Trần Minh Hữu An", "Lê Minh An"):
            conn.execute(text("INSERT INTO members (full_name, sort_key, sex, birth_date, ethnicity, created_at) "
                              "VALUES (:n, 'old', 'male', :b, 'Kinh', :c)"),
                         {"n": name, "b": dt.date(1990, 1, 1), "c": dt.datetime(2026, 1, 1)})
    with write_engine(bare_engine).begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    with bare_engine.connect() as conn:
        ordered = [r[0] for r in conn.execute(text("SELECT full_name FROM members ORDER BY sort_key"))]
        keys = dict(conn.execute(text("SELECT full_name, sort_key FROM members")).all())
    assert ordered == ["Lê Minh An", "Trần Minh Hữu An"]
    assert keys["Lê Minh An"] == name_sort_key("Lê Minh An")
