"""What the words around a place name say about it: "the eastern Deir Ezzor countryside",
"Homs province", "near Manbij", "ريف دير الزور الشرقي" (see ``data/toponym_context.tsv``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from eventlens.geo.build import read_tsv
from eventlens.names import is_arabic, normalize_arabic, strip_arabic_proclitics

KINDS = ("admin", "countryside", "nearby")
# Words that stand before a name on their own ("near Manbij", "rural Idlib"); every other
# "before" word is written with "of" ("outskirts of", "province of", "east of").
_BARE_BEFORE = frozenset({"near", "nearby", "around", "outside", "rural"})
_ENGLISH_WORD = re.compile(r"[\w’'-]+")
_ARTICLE_THE = "the"
_SAME = "same"  # a word that names the place itself: "Marib city", "مدينة حلب"


@dataclass(frozen=True)
class ToponymPhrase:
    """A mention split into the name it contains and what its wording adds.

    ``kind`` is 'admin' (the admin1 region the name names), 'countryside' (the region, or the
    area around a town), 'nearby' (near, outskirts of, east of: the place at geo-precision 2)
    or None; ``direction`` the part of the region ("eastern", "الشرقي") or None.
    """

    core: str
    kind: str | None = None
    direction: str | None = None

    @property
    def arabic(self) -> bool:
        return is_arabic(self.core)

    def region_name(self) -> str | None:
        """How a curated region would be named: "eastern Deir Ezzor countryside", "ريف X الشرقي"."""
        if self.kind != "countryside" or not self.direction:
            return None
        if self.arabic:
            return f"ريف {self.core} {self.direction}"
        return f"{self.direction} {self.core} countryside"


@dataclass(frozen=True)
class _Lexicon:
    before: dict[str, str]
    after: dict[str, str]
    directions_before: frozenset[str]
    directions_after: tuple[str, ...]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    directions_before: set[str] = set()
    directions_after: list[str] = []
    for row in read_tsv("toponym_context.tsv"):
        form = normalize_arabic(row["form"]) if is_arabic(row["form"]) else row["form"].lower()
        if row["kind"] == "direction":
            (directions_before.add(form) if row["position"] == "before" else directions_after.append(form))
            continue
        if row["position"] in ("before", "either"):
            before.setdefault(form, row["kind"])
        if row["position"] in ("after", "either"):
            after.setdefault(form, row["kind"])
    # Longest first, so "الشمالي الشرقي" wins over "الشمالي".
    directions_after.sort(key=len, reverse=True)
    return _Lexicon(before, after, frozenset(directions_before), tuple(directions_after))


def kind_of_word(word: str) -> str | None:
    """The kind ('admin', 'countryside', 'nearby') a context word gives a name, if any."""
    lex = _lexicon()
    form = normalize_arabic(word) if is_arabic(word) else word.lower().strip()
    return _kind(lex.after.get(form) or lex.before.get(form))


def region_words() -> tuple[frozenset[str], frozenset[str]]:
    """The words that make a name a region's: English ones written after the name ("Homs
    province", "Idlib countryside") and Arabic ones written before it ("محافظة حمص", "ريف إدلب")."""
    lex = _lexicon()
    english = frozenset(w for w, k in lex.after.items() if k in ("admin", "countryside") and not is_arabic(w))
    arabic = frozenset(w for w, k in lex.before.items() if k in ("admin", "countryside") and is_arabic(w))
    return english, arabic


def parse_phrase(text: str, before: str = "", after: str = "") -> ToponymPhrase:
    """Split a mention (and the text just ``before`` and ``after`` it) into name and wording.

    Words inside the mention count first ("Homs province" as one mention), then the context
    ("Homs" followed by " province"). The name is returned as written, stripped of those words.
    """
    if is_arabic(text):
        return _parse_arabic(text, before, after)
    return _parse_english(text, before, after)


def _parse_english(text: str, before: str, after: str) -> ToponymPhrase:
    lex = _lexicon()
    words = text.split()
    kind = direction = None
    while len(words) > 1:
        first = words[0].lower().strip(",.;:")
        if first == _ARTICLE_THE:
            words.pop(0)
        elif first in lex.directions_before:
            direction = first
            words.pop(0)
        elif first in _BARE_BEFORE and first in lex.before:
            kind = kind or _kind(lex.before[first])
            words.pop(0)
        elif first in lex.before and len(words) > 2 and words[1].lower() == "of":
            kind = kind or _kind(lex.before[first])
            del words[:2]
        else:
            break
    if len(words) > 1 and (last := words[-1].lower().strip(",.;:")) in lex.after:
        kind = kind or _kind(lex.after[last])
        words.pop()
        if len(words) > 1 and words[-1].lower() in lex.directions_before:
            direction = direction or words.pop().lower()  # "Raqqa's western countryside"
        if words[-1].endswith(("'s", "’s")):
            words[-1] = words[-1][:-2]
    core = " ".join(words).strip(",.;:")
    if kind is None or direction is None:
        ctx_kind, ctx_direction = _english_context(before, after)
        kind = kind or ctx_kind
        direction = direction or ctx_direction
    return ToponymPhrase(core, kind, direction)


def _english_context(before: str, after: str) -> tuple[str | None, str | None]:
    lex = _lexicon()
    kind = direction = None
    following = _ENGLISH_WORD.findall(after[:40])
    if following and following[0].lower() in ("'s", "’s", "s") and len(following) > 1:
        following = following[1:]
    if following and (word := following[0].lower()) in lex.after and not after.lstrip().startswith(","):
        kind = _kind(lex.after[word])
    tail = [w.lower() for w in _ENGLISH_WORD.findall(before[-60:])]
    i = len(tail) - 1
    if i >= 0 and not before.rstrip().endswith((",", ".", ";", ":")):
        if tail[i] == _ARTICLE_THE:
            i -= 1
        if i >= 0 and tail[i] in lex.directions_before:
            direction = tail[i]
            i -= 1
            if i >= 0 and tail[i] == _ARTICLE_THE:
                i -= 1
        if i >= 0 and tail[i] in _BARE_BEFORE and tail[i] in lex.before:
            kind = kind or _kind(lex.before[tail[i]])
        elif i >= 1 and tail[i] == "of" and tail[i - 1] in lex.before:
            kind = kind or _kind(lex.before[tail[i - 1]])
            if direction is None and i >= 2 and tail[i - 2] in lex.directions_before:
                direction = tail[i - 2]
    return kind, direction


def _kind(kind: str | None) -> str | None:
    return None if kind == _SAME else kind


def _arabic_word_kind(word: str) -> str | None:
    """The kind an Arabic word before a name gives it (``_SAME`` for مدينة and the like)."""
    lex = _lexicon()
    word = normalize_arabic(word)
    for form in (word, strip_arabic_proclitics(word, first=True)):
        if form in lex.before:
            return lex.before[form]
    return None


def _parse_arabic(text: str, before: str, after: str) -> ToponymPhrase:
    lex = _lexicon()
    words = normalize_arabic(text).split()
    kind = direction = None
    if len(words) > 1 and (kind := _arabic_word_kind(words[0])) is not None:
        words.pop(0)
        kind = _kind(kind)
    rest = " ".join(words)
    for form in lex.directions_after:
        if rest.endswith(" " + form) and len(rest) > len(form) + 1:
            direction = form
            rest = rest[: -len(form) - 1]
            break
    if kind is None:
        tail = normalize_arabic(before).split()[-2:]
        if tail:
            kind = _kind(_arabic_word_kind(tail[-1]))
            if (
                kind is None
                and len(tail) == 2
                and tail[-1] == "من"
                and _arabic_word_kind(tail[0]) == "nearby"
            ):
                kind = "nearby"  # بالقرب من
    if direction is None:
        head = " ".join(normalize_arabic(after).split()[:2])
        for form in lex.directions_after:
            if head == form or head.startswith(form + " "):
                direction = form
                break
    return ToponymPhrase(rest, kind, direction)
