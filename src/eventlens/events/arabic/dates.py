"""When, in Arabic: date expressions of a sentence, resolved against the publication date.

Levantine/Iraqi month names (كانون الثاني … تشرين الأول), Egyptian/Gulf and Maghrebi ones,
Arabic-Indic digits, weekdays with or without صباح/مساء/يوم, أمس/اليوم, and calendar periods
(الشهر الماضي). The words come from ``context_ar.yaml``; results are the English resolver's
``ResolvedDate`` records, so one ``is_historical`` rule serves both languages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from eventlens.events.arabic.lexicon import ArabicLexicon
from eventlens.events.dates import ResolvedDate
from eventlens.nlp.arabic import ArabicWord, fold_word


@dataclass(frozen=True)
class ArabicDate:
    """A date expression of the text: its word range and what it resolves to."""

    start: int  # first word
    end: int  # end word
    resolved: ResolvedDate


class ArabicDateReader:
    """Finds and resolves the date expressions in a run of words."""

    def __init__(self, lexicon: ArabicLexicon):
        raw = lexicon.dates
        months = {" ".join(fold_word(w) for w in k.split()): v for k, v in raw["months"].items()}
        weekdays = {fold_word(k): v for k, v in raw["weekdays"].items()}
        self._weekdays = weekdays
        self._relative = {
            " ".join(fold_word(w) for w in k.split()): v for k, v in raw["relative_days"].items()
        }
        self._periods = {
            " ".join(fold_word(w) for w in k.split()): tuple(v) for k, v in raw["periods"].items()
        }
        self._months = months
        month = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
        parts = "|".join(re.escape(fold_word(w)) for w in raw["day_parts"])
        years = "|".join(re.escape(fold_word(w)) for w in raw["year_words"])
        # Patterns over the sentence's folded words joined by single spaces; a leading و/ب/ف/ل
        # (وفي، بتاريخ) is outside the match.
        weekday = "|".join(map(re.escape, weekdays))
        relative = "|".join(map(re.escape, sorted(self._relative, key=len, reverse=True)))
        period = "|".join(map(re.escape, self._periods))
        year = r"((?:19|20)\d\d)"
        of_year = rf"(?: (?:من )?(?:عام |العام )?{year})?"
        part = rf"(?:[وفبل]?(?:{parts}) )?"
        self._patterns = (
            ("dmy", _words(rf"(\d{{1,2}}) (?:من )?(?:شهر )?[وبل]?({month}){of_year}")),
            ("numeric", _words(rf"(\d{{1,2}}) ?[/.-] ?(\d{{1,2}}) ?[/.-] ?{year}")),
            # A month with its year; without one, only after شهر or في: a bare آب is also the
            # end of باب ("door", "Bab al-Hawa").
            ("my", _words(rf"(?:شهر )?[وبل]?({month}) (?:من )?(?:عام |العام )?{year}")),
            ("my", _words(rf"(?:شهر|في) ({month}){of_year}")),
            ("year", _words(rf"[وبل]?(?:{years}) {year}")),
            ("weekday", _words(rf"{part}[وفبل]?({weekday})(?: (الماضي|الفائت|المنصرم|المقبل|القادم))?")),
            ("relative", _words(rf"{part}[وفبل]?({relative})")),
            ("period", _words(rf"[وفبل]?(?:خلال )?({period})")),
        )

    def find(self, words: list[ArabicWord], start: int, end: int, published: date | None) -> list[ArabicDate]:
        """The resolved date expressions among ``words[start:end]``, in order, not overlapping."""
        offsets = []
        pieces = []
        length = 0
        for i in range(start, end):
            offsets.append(length)
            pieces.append(words[i].folded)
            length += len(words[i].folded) + 1
        text = " ".join(pieces)
        found: list[ArabicDate] = []
        taken: set[int] = set()
        for kind, pattern in self._patterns:
            for match in pattern.finditer(text):
                first = start + _word_at(offsets, match.start())
                last = start + _word_at(offsets, match.end() - 1) + 1
                if taken & set(range(first, last)):
                    continue
                resolved = self._resolve(kind, match, published)
                if resolved is not None:
                    taken.update(range(first, last))
                    found.append(ArabicDate(first, last, resolved))
        return sorted(found, key=lambda d: d.start)

    def _resolve(self, kind: str, match: re.Match[str], published: date | None) -> ResolvedDate | None:
        try:
            if kind == "dmy":
                year = int(match.group(3)) if match.group(3) else (published.year if published else None)
                if year is None:
                    return None
                day = date(year, self._months[match.group(2)], int(match.group(1)))
                if match.group(3) is None and published is not None and day > published:
                    day = day.replace(year=day.year - 1)
                return ResolvedDate(day.isoformat(), "day", day)
            if kind == "numeric":
                day = date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
                return ResolvedDate(day.isoformat(), "day", day)
        except ValueError:
            return None
        if kind == "my":
            if match.group(2) is None:
                if published is None:
                    return None
                year = (
                    published.year if self._months[match.group(1)] <= published.month else published.year - 1
                )
            else:
                year = int(match.group(2))
            day = date(year, self._months[match.group(1)], 1)
            return ResolvedDate(day.strftime("%Y-%m"), "month", day)
        if kind == "year":
            return ResolvedDate(match.group(1), "year", date(int(match.group(1)), 1, 1))
        if published is None:
            return None
        if kind == "weekday":
            weekday = self._weekdays[match.group(1)]
            if match.group(2) in ("المقبل", "القادم"):
                day = published + timedelta(days=(weekday - published.weekday()) % 7 or 7)
            else:
                day = published - timedelta(days=(published.weekday() - weekday) % 7)
            return ResolvedDate(day.isoformat(), "day", day)
        if kind == "relative":
            day = published - timedelta(days=self._relative[match.group(1)])
            return ResolvedDate(day.isoformat(), "day", day)
        unit, step = self._periods[match.group(1)]
        return _period(unit, step, published)


def _words(pattern: str) -> re.Pattern[str]:
    """``pattern`` matched only as whole words of the joined text."""
    return re.compile(rf"(?<!\S){pattern}(?!\S)")


def _period(unit: str, step: int, published: date) -> ResolvedDate:
    if unit == "week":
        monday = published - timedelta(days=published.weekday() - 7 * step)
        return ResolvedDate(monday.isoformat(), "week", monday)
    if unit == "month":
        first = published.replace(day=1)
        if step < 0:
            first = (first - timedelta(days=1)).replace(day=1)
        return ResolvedDate(first.strftime("%Y-%m"), "month", first)
    year = published.year + step
    return ResolvedDate(str(year), "year", date(year, 1, 1))


def _word_at(offsets: list[int], position: int) -> int:
    """The index of the word whose folded text covers ``position`` of the joined text."""
    lo = 0
    for n, offset in enumerate(offsets):
        if offset <= position:
            lo = n
        else:
            break
    return lo
