"""Name normalisation shared by the knowledge base and the gazetteer.

Conflict reporting spells one name many ways: Al-Bukamal, Albu Kamal, Abu Kamal, البوكمال.
``name_key`` folds a Latin-script name to a key that survives the common transliteration
variants; ``normalize_arabic`` folds Arabic script the way Arabic search engines do;
``name_keys`` adds the looser keys a gazetteer indexes as well (glued articles, abu/albu).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from anyascii import anyascii

_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي", "ک": "ك", "ی": "ي"}
)
_ARABIC_CHARS = re.compile("[\u0600-\u06ff]")
_WORD_SPLIT = re.compile(r"[^a-z0-9]+")
# The article written apart from its noun: always "al"/"el"/"ul"; the assimilated forms
# ("ez-Zor", "as-Suwayda", "ar Raqqa", "an Nabk") only before the consonant they double,
# so that "Ed Davey" or "At Home" keep their first word.
_SEPARATE_ARTICLES = frozenset({"al", "el", "ul", "il"})
_ASSIMILATED_ARTICLE = re.compile(r"^[aeiu](sh|th|dh|[tdrzsnl])$")
# The same article glued to its noun: "Ezzor", "Arraqqa", "Assuwayda" (loose keys only).
_GLUED_ASSIMILATED = re.compile(r"^[aeiu](sh|th|dh|[tdrzsn])(?=\1)")
# Ordered vowel and consonant foldings for English and French transliterations of Arabic.
_LATIN_FOLDS = (
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("ei", "i"),
    ("ey", "i"),
    ("ai", "i"),
    ("ay", "i"),
    ("e", "a"),
    ("o", "u"),
    ("dh", "z"),
    ("th", "t"),
    ("kh", "k"),
    ("gh", "g"),
    ("sh", "s"),
    ("q", "k"),
    ("g", "k"),
    ("ph", "f"),
    ("y", "i"),
    ("w", "u"),
)
_DOUBLED = re.compile(r"(.)\1+")
_HAS_DOUBLED = re.compile(r"(.)\1")
# "Abu", "Abou", "Albu", "Bu": the kunya prefix that Syrian and Iraqi place names carry in
# several written forms (Abu Kamal, Albu Kamal, Al-Bukamal, Boukamal are one town).
_ABU_WORDS = frozenset({"abu", "abou", "albu", "albou", "bu", "bou"})
_ABU_PREFIXES = ("albou", "albu", "abou", "abu")
_ARABIC_ABU = ("ابو", "بو")


def is_arabic(text: str) -> bool:
    """True when the text contains Arabic script."""
    return bool(_ARABIC_CHARS.search(text))


def normalize_arabic(text: str) -> str:
    """Fold alef forms, taa marbuta, yaa and hamza seats; drop diacritics and tatweel."""
    return " ".join(_ARABIC_DIACRITICS.sub("", text).translate(_ARABIC_FOLD).split())


def strip_arabic_proclitics(word: str, first: bool = True) -> str:
    """Drop the article (with و ب ف ك ل before it) and, on a name's first word, a lone و ب ل.

    The lone letters are stripped only from a first word of more than three letters: inside a
    name they are as often part of the root (كمال) as a proclitic.
    """
    for prefix in ("وال", "بال", "فال", "كال", "لل", "ال"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix) :]
    if first and word[:1] in "وبل" and len(word) > 3:
        return word[1:]
    return word


def fold_text(text: str) -> str:
    """Lower-case ASCII form of a Latin-script name: accents, quotes and hamza marks removed."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        text = text.replace("ʿ", "").replace("ʾ", "").replace("‘", "").replace("’", "'")
        text = anyascii(text)
    return text.lower().replace("`", "").replace("'", "")


def name_key(name: str) -> str:
    """A key equal for the usual spelling variants of one name (articles, hyphens, vowels).

    Arabic script is normalised and stripped of proclitics word by word; Latin script is
    folded to ASCII, the article written apart (al-, el-, and ez-/as-/ar- before the letter
    they assimilate to) dropped, vowel and consonant spellings folded word by word (ou/u,
    ee/i, q/k/g, dh/z, a final -ah/-eh), spaces and hyphens removed and doubled letters
    collapsed.
    """
    if is_arabic(name):
        return "".join(_arabic_words(name))
    return _join_latin(_latin_words(name))


def name_keys(name: str) -> tuple[str, ...]:
    """``name_key`` first, then the looser keys a gazetteer also indexes, without repeats.

    The loose key drops an article glued to its noun ("Albukamal", "Ezzor", "ديرالزور") and
    folds the kunya forms abu/abou/albu/bu to one ("Abu Kamal" = "Albu Kamal" = "Bukamal").
    It finds more and so is worth less: callers rank a loose match below a ``name_key`` one.
    """
    if is_arabic(name):
        words = _arabic_words(name)
        primary = "".join(words)
        loose = "".join(_loose_arabic(w) for w in words)
    else:
        words = _latin_words(name)
        primary = _join_latin(words)
        loose_words = [_loose_latin(w) for w in words]
        loose = primary if loose_words == words else _join_latin(loose_words)
    if not loose or loose == primary:
        return (primary,)
    return (primary, loose)


def _arabic_words(name: str) -> list[str]:
    words = normalize_arabic(name).split()
    return [strip_arabic_proclitics(w, first=i == 0) for i, w in enumerate(words)]


def _latin_words(name: str) -> list[str]:
    words = [w for w in _WORD_SPLIT.split(fold_text(name)) if w]
    kept = []
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        if following and word in _SEPARATE_ARTICLES:
            continue
        if following and (m := _ASSIMILATED_ARTICLE.match(word)) and following.startswith(m.group(1)):
            continue
        kept.append(word)
    return kept


@functools.lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    if len(word) > 3 and word.endswith("h") and word[-2] in "aei":
        word = word[:-1]  # taa marbuta: Raqqah/Raqqa, Hasakeh/Hasaka
    for old, new in _LATIN_FOLDS:
        if old in word:
            word = word.replace(old, new)
    return word


def _join_latin(words: list[str]) -> str:
    # Doubled letters carry no information across transliterations (Deir Ezzor / Deir ez-Zor).
    text = "".join([_fold_word(w) for w in words])
    return _DOUBLED.sub(_first_letter, text) if _HAS_DOUBLED.search(text) else text


def _first_letter(match: re.Match[str]) -> str:
    return match.group(1)


def _loose_latin(word: str) -> str:
    if word in _ABU_WORDS:
        return "bu"
    for prefix in _ABU_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return "bu" + word[len(prefix) :]
    if word[:2] in ("al", "el") and len(word) >= 6:
        return word[2:]
    if m := _GLUED_ASSIMILATED.match(word):
        rest = word[m.end() :]
        if len(rest) >= 3:
            return rest
    return word


def _loose_arabic(word: str) -> str:
    if word in _ARABIC_ABU:
        return "بو"
    if word.startswith("ابو") and len(word) >= 6:
        return "بو" + word[3:]
    # Two words written as one, the second's article inside: ديرالزور = دير الزور.
    inner = word.find("ال", 3)
    if inner >= 3 and len(word) - inner - 2 >= 3:
        return word[:inner] + word[inner + 2 :]
    return word
