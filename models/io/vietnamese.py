"""Is this Vietnamese text, or text in a legacy encoding or mojibake?

No package on PyPI does this well (the candidates are input-method engines or unmaintained
converters), so the check is written here from the structure of the syllable: every word that
contains a non-ASCII letter must be one Vietnamese syllable, an onset, a vowel nucleus
(with its glides) and a coda, carrying at most one tone mark. Text produced by reading
Windows-1258, TCVN3 (ABC), VNI or UTF-8 bytes with the wrong code page almost never passes:
it brings letters outside the Vietnamese alphabet (``Þ``, ``ñ``, ``ï``), impossible vowel
clusters (``uyô`` in TCVN3 ``NguyÔn``) or symbols glued to letters (``á»``).

:func:`repair` converts only when the source is unambiguous: UTF-8 read as Windows-1252 that
round-trips exactly, or Windows-1258 read as Windows-1252, and only when exactly one of them
gives valid syllables. Anything else is refused with the encoding it most resembles.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Tone marks as combining characters (NFD): grave, acute, tilde, hook above, dot below.
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Letters of the Vietnamese alphabet (lower case, without tone marks).
_LETTERS = frozenset("aăâbcdđeêghiklmnoôơpqrstuưvxy") | frozenset("fjwz")

_ONSETS = (
    "ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
    # Loan words and ethnic-minority names written in Vietnamese letters.
    "f", "j", "w", "z", "",
)
# Vowel groups that may be followed by a consonant coda (c ch m n ng nh p t).
_CLOSED = (
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "iê", "yê", "oa", "oă", "oe",
    "uâ", "uê", "uô", "ươ", "uy", "uyê", "oo", "ua", "ưa",
)
# Vowel groups that end the syllable (open syllables and glide endings).
_OPEN = (
    "a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "iêu", "yêu", "oa", "oai", "oao",
    "oay", "oe", "oeo", "oi", "ôi", "ơi", "ua", "uây", "ui", "uôi", "uơ", "uy", "uya", "uyu",
    "uê", "ưa", "ưi", "ưu", "ươi", "ươu", "ya", "uyê", "oo",
)
_CODAS = ("ng", "nh", "ch", "c", "m", "n", "p", "t")


def _alternatives(items: tuple[str, ...]) -> str:
    return "|".join(sorted((re.escape(i) for i in items), key=len, reverse=True))


_SYLLABLE = re.compile(
    f"(?:{_alternatives(_ONSETS)})"
    f"(?:(?:{_alternatives(_CLOSED)})(?:{_alternatives(_CODAS)})|(?:{_alternatives(_OPEN)}))"
)
# "gi" and "qu" swallow their vowel: gì, giữa, quốc are onset + the rest; "gi" alone is "g" + "i".
_WORD = re.compile(r"[^\W\d_]+(?:[\u0300-\u036f][^\W\d_]*)*", re.UNICODE)


def _strip_tone(word: str) -> tuple[str, int]:
    """``word`` in lower case without tone marks (NFC), and how many tone marks it had."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for ch in decomposed if ch in TONE_MARKS)
    bare = "".join(ch for ch in decomposed if ch not in TONE_MARKS)
    return unicodedata.normalize("NFC", bare), tones


def is_syllable(word: str) -> bool:
    """True when ``word`` is one Vietnamese syllable with at most one tone mark, written in
    lower case, capitalised or in capitals (``NguyÔn`` is none of these)."""
    if not (word.islower() or word.isupper() or (word[:1].isupper() and word[1:].islower())):
        return False
    bare, tones = _strip_tone(word)
    if tones > 1 or not bare or any(ch not in _LETTERS for ch in bare):
        return False
    return _SYLLABLE.fullmatch(bare) is not None


def words(text: str) -> list[str]:
    return _WORD.findall(text)


_ABBREVIATION = re.compile("[A-ZĐ]+")


def invalid_words(text: str) -> list[str]:
    """The words of ``text`` that hold a non-ASCII letter and are neither Vietnamese
    syllables nor abbreviations in capitals (QĐ, ĐU, HĐND: plain letters and Đ only)."""
    return [w for w in words(text) if not w.isascii() and not _ABBREVIATION.fullmatch(w) and not is_syllable(w)]


# Characters that Vietnamese text never holds but legacy encodings and mojibake bring:
# the C1 controls and the Latin-1 symbols (TCVN3 maps letters there: ¸ µ ¶ · ¹ ¨ © ®),
# and the Windows-1252 punctuation that the bytes 0x80-0x9F become.
_FOREIGN_SYMBOLS = re.compile("[\u0080-\u009f\u00a1-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")
_UTF8_AS_1252 = re.compile("[\u00c2-\u00c6\u00cc\u00cd\u00e1][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")
_VNI = re.compile("[\u00f1\u00d1]|[aeiouyAEIOUY][\u00f9\u00f8\u00fb\u00f5\u00ef\u00eb\u00d9\u00d8\u00db\u00d5\u00cf\u00cb]|[aeoAEO][\u00e2\u00ea\u00f4\u00c2\u00ca\u00d4]")
# cp1258's combining tone marks read as cp1252: Ì (grave) ì (acute) Ò (hook) Þ (tilde) ò (dot).
_CP1258_AS_1252 = re.compile("[A-Za-z\u00c0-\u00ff][\u00cc\u00ec\u00d2\u00de\u00f2]")


class Encoding:
    """Names of the encodings the detector tells apart (keys of messages in the catalogue)."""

    UTF8_AS_CP1252 = "utf8_as_cp1252"
    CP1258 = "cp1258"
    TCVN3 = "tcvn3"
    VNI = "vni"
    UNKNOWN = "unknown"


def _latin1_bytes(text: str) -> bytes | None:
    """``text`` back to the bytes a Windows-1252 reader saw; the five bytes cp1252 leaves
    undefined come back as themselves (readers map them to C1 controls)."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                return None
            out.append(ord(ch))
    return bytes(out)


def _valid(text: str) -> bool:
    return not invalid_words(text) and not _FOREIGN_SYMBOLS.search(text)


def _undo_utf8_as_cp1252(text: str) -> str | None:
    raw = _latin1_bytes(text)
    if raw is None:
        return None
    try:
        fixed = unicodedata.normalize("NFC", raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None
    return fixed if fixed != text else None


def _undo_cp1258_as_cp1252(text: str) -> str | None:
    raw = _latin1_bytes(text)
    if raw is None:
        return None
    try:
        fixed = unicodedata.normalize("NFC", raw.decode("cp1258"))
    except UnicodeDecodeError:
        return None
    return fixed if fixed != text else None


def guess_encoding(text: str) -> str:
    """The legacy encoding or mojibake that ``text`` most resembles (for the message)."""
    if _UTF8_AS_1252.search(text):
        return Encoding.UTF8_AS_CP1252
    if re.search("[\u00a1-\u00bf]", text):
        return Encoding.TCVN3
    if _VNI.search(text):
        return Encoding.VNI
    if _CP1258_AS_1252.search(text):
        return Encoding.CP1258
    return Encoding.UNKNOWN


@dataclass(frozen=True)
class TextCheck:
    """The outcome of checking one piece of text."""

    text: str  # NFC; repaired when ``repaired_from`` is set
    ok: bool
    repaired_from: str | None = None  # the encoding that was undone
    suspect: str | None = None  # when not ok: the encoding it resembles
    bad_word: str | None = None


def check_text(value: str) -> TextCheck:
    """NFC ``value`` and decide whether it is Vietnamese, repairable, or to be refused."""
    text = unicodedata.normalize("NFC", value)
    if text.isascii():
        return TextCheck(text, True)
    if _valid(text):
        return TextCheck(text, True)
    candidates = {}
    for name, undo in ((Encoding.UTF8_AS_CP1252, _undo_utf8_as_cp1252), (Encoding.CP1258, _undo_cp1258_as_cp1252)):
        fixed = undo(text)
        if fixed is not None and not fixed.isascii() and _valid(fixed):
            candidates[name] = fixed
    if len(candidates) == 1:
        (name, fixed), = candidates.items()
        return TextCheck(fixed, True, repaired_from=name)
    bad = invalid_words(text)
    if not bad:
        # Only a stray symbol is wrong: name the whole token that holds it.
        bad = [token for token in text.split() if _FOREIGN_SYMBOLS.search(token)]
    return TextCheck(text, False, suspect=guess_encoding(text), bad_word=bad[0] if bad else None)


def decode_legacy_bytes(data: bytes) -> tuple[str, str] | None:
    """Bytes that are not UTF-8: the text and the encoding when they decode unambiguously.

    Only Windows-1258 is converted: when the bytes decode as cp1258 into valid Vietnamese and
    reading them as Windows-1252 (what else a Windows office file would be) gives invalid
    text. TCVN3 and VNI have no reliable byte-level signature and are refused.
    """
    try:
        as_1258 = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        return None
    if not _valid(as_1258) or as_1258.isascii():
        return None
    try:
        as_1252 = data.decode("cp1252")
    except UnicodeDecodeError:
        as_1252 = None
    if as_1252 is not None and _valid(unicodedata.normalize("NFC", as_1252)):
        return None
    return as_1258, Encoding.CP1258
