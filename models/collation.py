"""Vietnamese name order: given name, then middle names, then family name, each compared
in the Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y), tone
marks deciding only between otherwise equal names."""

from __future__ import annotations

import unicodedata

_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
# Letters outside the Vietnamese alphabet (f, j, w, z in foreign names) sort after y.
_EXTRA = "fjwz"
_ORDER = {ch: i for i, ch in enumerate(_ALPHABET + _EXTRA)}
# Tone marks, in the customary order: none, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Combining marks that make a base letter (ă â ê ô ơ ư); others are tones.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}


def _split_letter(ch: str) -> tuple[str, int]:
    """A precomposed character as (base letter with its letter marks, tone number)."""
    decomposed = unicodedata.normalize("NFD", ch.lower())
    base = decomposed[0]
    tone = 0
    letter_marks = ""
    for mark in decomposed[1:]:
        if mark in _TONES:
            tone = _TONES[mark]
        elif mark in _LETTER_MARKS:
            letter_marks += mark
    return unicodedata.normalize("NFC", base + letter_marks), tone


def _word_key(word: str) -> tuple[str, str]:
    primary, tones = [], []
    for ch in unicodedata.normalize("NFC", word):
        letter, tone = _split_letter(ch)
        if letter in _ORDER:
            primary.append(chr(0x41 + _ORDER[letter]))
        elif letter.isalnum():
            primary.append(chr(0x41 + len(_ORDER)) + letter)
        else:
            continue
        tones.append(str(tone))
    return "".join(primary), "".join(tones)


#: Separates the given name, the middle names and the family name in a key. It sorts below
#: the separator of words inside the middle names ("!"), so the middle names are compared as a
#: group: "Lê Minh An" (middle "Minh") before "Trần Minh Hữu An" (middle "Minh Hữu"), whatever
#: the family names.
_PART = " "
_WORD = "!"


def name_sort_key(full_name: str) -> str:
    """A string whose plain (binary) order is the Vietnamese order of the names.

    The key is ASCII-ordered by: given name, then the middle names (together), then the family
    name (primary letters), then the tones of the same words. Store it beside the name to sort
    and page in SQL.
    """
    words = unicodedata.normalize("NFC", full_name).split()
    if not words:
        return ""
    given, middles, family = words[-1], words[1:-1], words[:1] if len(words) > 1 else []
    keys = [_word_key(w) for w in (given, *middles, *family)]
    primary = _PART.join(
        (keys[0][0], _WORD.join(k[0] for k in keys[1 : 1 + len(middles)]), *(k[0] for k in keys[1 + len(middles) :]))
    )
    tones = "".join(k[1] for k in keys)
    return f"{primary}~{tones}"


def fold(text: str) -> str:
    """``text`` without diacritics and case, for searching: "binh khanh" finds "Bình Khánh",
    "dang" finds "Đảng"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
