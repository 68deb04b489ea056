"""Publication dates: metadata values and the dateline at the top of a plain-text report.

Reading a dateline is deliberately conservative: a date is taken only when it has a day, a
month and a four-digit year, stands at the start of one of the first lines (alone, after a
label such as "Published:", or after a dateline place such as "DAMASCUS,"), and is not in the
future. So a number in an outlet name ("Deir Ezzor 24") or a date the report recalls in its
body ("in October 2017") is never taken for the publication date.
"""

from __future__ import annotations

import email.utils
import functools
import re
from datetime import date, datetime, timedelta
from importlib import resources

import yaml

from eventlens.names import normalize_arabic

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_EARLIEST_YEAR = 1990
_DATELINE_LINES = 5
_DATELINE_CHARS = 160


@functools.cache
def _lexicon() -> tuple[dict[str, int], tuple[str, ...]]:
    data = yaml.safe_load(
        resources.files("eventlens.ingest").joinpath("data/month_names.yaml").read_text("utf-8")
    )
    months = {_fold(name): int(number) for number, names in data["months"].items() for name in names}
    return months, tuple(_fold(w) for w in data["weekdays"])


def _fold(text: str) -> str:
    return normalize_arabic(text.translate(_DIGITS)).lower()


def _alternation(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    months, weekdays = _lexicon()
    month = rf"(?:{_alternation(months)})\.?"
    weekday = rf"(?:(?:{_alternation(weekdays)})\.?,?\s+)?"
    # "14 March 2025", "14 آذار/مارس 2025", "March 14, 2025", "2025-03-14", "14/03/2025".
    date_expr = (
        rf"(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{month})(?:\s*[/-]\s*{month})?,?\s+(?P<y1>\d{{4}})"
        rf"|(?P<m2>{month})(?:\s*[/-]\s*{month})?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
        rf"|(?P<y3>\d{{4}})-(?P<m3>\d{{1,2}})-(?P<d3>\d{{1,2}})(?!\d)"
        rf"|(?P<a4>\d{{1,2}})[/.](?P<b4>\d{{1,2}})[/.](?P<y4>\d{{4}})(?!\d)"
    )
    time_core = r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|ص|م)?(?:\s*(?:gmt|utc|[+-]\d{2}:?\d{2}))?"
    time_after = rf"(?:(?:,|\s+at|\s+-|\s+–|\s+\|)?\s*{time_core})"
    time_before = rf"(?:{time_core}\s*[,|–-]?\s*)"
    label = (
        r"(?:(?:published|posted|updated|last updated|dated|نشر|تاريخ النشر|بتاريخ|اخر تحديث|تم النشر|تحديث)"
        r"(?:\s+(?:on|في))?\s*:?\s*|(?:date|تاريخ)\s*:\s*)?"
    )
    # A dateline place before a comma or a dash: "DAMASCUS, March 14, 2025", "دير الزور - 14 آذار 2025",
    # with a second place or a country ("DAMASCUS / BEIRUT,", "KABUL, Afghanistan,") and an agency
    # ("MOSUL, Iraq (AP) —").
    name = r"[\w'’.-]+(?:\s+[\w'’.-]+){0,3}"
    place = rf"(?:{name})(?:\s*(?:/|,|،)\s*{name})?\s*(?:\([^)]{{1,40}}\))?\s*[,،\-–—]\s*"
    return {
        "stamp": re.compile(
            rf"{label}{time_before}?{weekday}(?:{date_expr}){time_after}?[.,]?", re.IGNORECASE
        ),
        "lead": re.compile(rf"(?:{label}|{place}){weekday}(?:{date_expr})", re.IGNORECASE),
        "time": re.compile(rf"{label}{time_core}", re.IGNORECASE),
    }


def _date_of(match: re.Match[str]) -> date | None:
    months, _ = _lexicon()
    groups = match.groupdict()
    try:
        if groups["y1"]:
            y, m, d = int(groups["y1"]), months[_month_key(groups["m1"])], int(groups["d1"])
        elif groups["y2"]:
            y, m, d = int(groups["y2"]), months[_month_key(groups["m2"])], int(groups["d2"])
        elif groups["y3"]:
            y, m, d = int(groups["y3"]), int(groups["m3"]), int(groups["d3"])
        else:
            a, b, y = int(groups["a4"]), int(groups["b4"]), int(groups["y4"])
            if a > 12 >= b or a == b:
                d, m = a, b
            elif b > 12 >= a:
                m, d = a, b
            else:
                return None  # 03/04/2025: day-first or month-first cannot be told apart
        found = date(y, m, d)
    except (KeyError, ValueError):
        return None
    if found.year < _EARLIEST_YEAR or found > date.today() + timedelta(days=1):
        return None
    return found


def _month_key(text: str) -> str:
    return " ".join(text.rstrip(".").split())


def is_timestamp_line(line: str) -> bool:
    """True when the line is only a date or a time, with at most a label ("Updated:")."""
    folded = _fold(line.strip())
    if not folded or len(folded) > 80:
        return False
    patterns = _patterns()
    return bool(patterns["stamp"].fullmatch(folded) or patterns["time"].fullmatch(folded))


def find_dateline_date(text: str) -> date | None:
    """The publication date a report states at its top, or None; see the module docstring."""
    patterns = _patterns()
    seen = 0
    for raw in text.splitlines():
        if not raw.strip():
            continue
        seen += 1
        if seen > _DATELINE_LINES:
            break
        folded = _fold(raw.strip()[:_DATELINE_CHARS])
        match = patterns["lead"].match(folded)
        if match:
            found = _date_of(match)
            if found:
                return found
    return None


def parse_date_value(value: object) -> date | None:
    """A metadata date: ISO 8601 date or datetime, or RFC 822 as feeds write it; else None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ].*", text):
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None
