"""When: resolving a date expression against the report's publication date."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import dateparser

from eventlens.model import STATEMENT_TYPES, Event

# A date expression must carry one of these to be read as a date at all: a bare "24" or
# "35 minutes" is not a date.
_DATE_CUE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b(?:19|20)\d\d\b|"
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\byesterday\b|\btoday\b|\btonight\b|"
    r"\blast (?:night|week|month|year)\b|\bthis (?:morning|evening|week|month|year)\b|\bago\b|"
    r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\btomorrow\b|\bnext (?:week|month|year)\b",
    re.IGNORECASE,
)
_DAY = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\b(?!\s*(?:days?|weeks?|months?|years?))|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|"
    r"\byesterday\b|\btoday\b|\btonight\b|\blast night\b|\bthis (?:morning|evening)\b|\btomorrow\b|\bdays? ago\b",
    re.IGNORECASE,
)
_WEEK = re.compile(r"\bweek\b", re.IGNORECASE)
_MONTH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\bmonth\b", re.IGNORECASE
)
_RELATIVE = re.compile(r"yesterday|today|tonight|last|this|ago|day\b|tomorrow|next", re.IGNORECASE)


@dataclass(frozen=True)
class ResolvedDate:
    """A date at a precision: ``value`` is YYYY-MM-DD, YYYY-MM or YYYY."""

    value: str
    precision: str
    day: date


def resolve_date(expression: str, published: date | None) -> ResolvedDate | None:
    """Read a date expression ("in October 2017", "on Tuesday") relative to ``published``.

    Relative expressions need a publication date; without one they resolve to nothing. The
    forms news reports use most are read by rule; dateparser takes the rest.
    """
    if not _DATE_CUE.search(expression):
        return None
    published = published if published is None or published.year > 1 else None  # year 1: nothing before it
    if published is None and not re.search(r"\b(?:19|20)\d\d\b", expression):
        return None  # "on Tuesday", "in October": no year to place them in
    cleaned = re.sub(
        r"^(?:in|on|at|since|during|early|late|mid|last|the)\s+", "", expression.strip(), flags=re.IGNORECASE
    )
    return _by_rule(expression.strip().lower(), published) or _by_dateparser(cleaned, published)


_MONTHS = {
    m: n
    for n, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}
_WEEKDAYS = {
    d: n for n, d in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
}
_MONTH_WORD = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DAY_MONTH_YEAR = re.compile(
    rf"(?:on\s+)?(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_WORD},?\s*((?:19|20)\d\d)?"
)
_MONTH_DAY_YEAR = re.compile(
    rf"(?:on\s+)?{_MONTH_WORD}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s*((?:19|20)\d\d))?"
)
_MONTH_YEAR = re.compile(
    rf"(?:(?:in|during|since|early|late|mid|by)[\s-]+)*{_MONTH_WORD},?\s+((?:19|20)\d\d)"
)
_MONTH_ONLY = re.compile(rf"(?:(?:in|during|since|early|late|mid|by|last)[\s-]+)*{_MONTH_WORD}")
_YEAR = re.compile(r"(?:(?:in|during|since|early|late|mid|by|the\s+year)[\s-]+)*((?:19|20)\d\d)")
_WEEKDAY = re.compile(
    r"(?:on\s+|last\s+|this\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:\s+(?:morning|afternoon|evening|night))?"
)


_PERIOD = re.compile(
    r"(?:in\s+|during\s+|over\s+|earlier\s+|later\s+)?(?:the\s+)?(last|past|previous|this|current)\s+(week|month|year)"
)


def _period(which: str, unit: str, published: date) -> ResolvedDate:
    """ "last month", "this week": the calendar period before (or of) the publication date."""
    back = which != "this" and which != "current"
    if unit == "week":
        monday = published - timedelta(days=published.weekday() + (7 if back else 0))
        return ResolvedDate(monday.isoformat(), "week", monday)
    if unit == "month":
        first = published.replace(day=1)
        if back:
            first = (first - timedelta(days=1)).replace(day=1)
        return ResolvedDate(first.strftime("%Y-%m"), "month", first)
    year = published.year - 1 if back else published.year
    return ResolvedDate(str(year), "year", date(year, 1, 1))


def _by_rule(text: str, published: date | None) -> ResolvedDate | None:
    if published is not None:
        if text in ("yesterday", "last night") or text.startswith("yesterday "):
            day = published - timedelta(days=1)
            return ResolvedDate(day.isoformat(), "day", day)
        if text in ("today", "tonight", "this morning", "this evening", "this afternoon"):
            return ResolvedDate(published.isoformat(), "day", published)
        if match := _PERIOD.fullmatch(text):
            return _period(match.group(1), match.group(2), published)
    for pattern, day_group, month_group, year_group in (
        (_DAY_MONTH_YEAR, 1, 2, 3),
        (_MONTH_DAY_YEAR, 2, 1, 3),
    ):
        if match := pattern.fullmatch(text):
            year = match.group(year_group)
            if year is None and published is None:
                return None
            try:
                day = date(
                    int(year) if year else published.year,
                    _MONTHS[match.group(month_group)[:3]],
                    int(match.group(day_group)),
                )
            except ValueError:
                return None
            if year is None and day > published:
                day = day.replace(year=day.year - 1)  # "November 27" in a January report
            return ResolvedDate(day.isoformat(), "day", day)
    if published is not None and (match := _WEEKDAY.match(text)) and not _MONTH.search(text):
        # "on Tuesday", "Friday night", and the NER's "Friday three" ("on Friday three men")
        day = published - timedelta(days=(published.weekday() - _WEEKDAYS[match.group(1)]) % 7)
        return ResolvedDate(day.isoformat(), "day", day)
    if match := _MONTH_YEAR.fullmatch(text):
        day = date(int(match.group(2)), _MONTHS[match.group(1)[:3]], 1)
        return ResolvedDate(day.strftime("%Y-%m"), "month", day)
    if published is not None and (match := _MONTH_ONLY.fullmatch(text)):
        # "in August": the last August at or before the report, this month included.
        month = _MONTHS[match.group(1)[:3]]
        year = published.year if month <= published.month else published.year - 1
        return ResolvedDate(f"{year}-{month:02d}", "month", date(year, month, 1))
    if match := _YEAR.fullmatch(text):
        day = date(int(match.group(1)), 1, 1)
        return ResolvedDate(match.group(1), "year", day)
    return None


def _by_dateparser(cleaned: str, published: date | None) -> ResolvedDate | None:
    base = datetime.combine(published, datetime.min.time()) if published else datetime(2100, 1, 1)
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first"}
    parsed = dateparser.parse(cleaned, languages=["en"], settings=settings)
    if parsed is None:
        return None
    day = parsed.date()
    if _DAY.search(cleaned) and not re.fullmatch(r"(?:19|20)\d\d", cleaned):
        return ResolvedDate(day.isoformat(), "day", day)
    if _WEEK.search(cleaned):
        monday = day - timedelta(days=day.weekday())
        return ResolvedDate(monday.isoformat(), "week", monday)
    if _MONTH.search(cleaned):
        return ResolvedDate(day.strftime("%Y-%m"), "month", day)
    return ResolvedDate(str(day.year), "year", day)


def is_historical(resolved: ResolvedDate | None, published: date | None, days: int) -> bool:
    """A recalled past event: dated more than ``days`` before the report (or dated at all,
    when the report itself carries no date)."""
    if resolved is None:
        return False
    if published is None:
        return True
    return (resolved.day - published).days < -days  # a difference: no OverflowError near year 1


def with_narrative_dates(events: list[Event], dateline: date | None) -> list[Event]:
    """An event the report does not date happened when the story around it did: it takes the
    date of the latest dated event told before it; before the first one, the date of the
    report's dateline ("SWEIDA, July 12, 2022 -"), else the first dated event's. Recalled past
    events neither give nor take such a date, and statements (accusations, threats, requests)
    are dated only when the report dates them."""
    current = [e for e in events if e.date and not e.historical]
    if dateline is not None:
        story = (dateline.isoformat(), "day")
    elif current:
        story = (current[0].date, current[0].time_precision)
    else:
        return events
    out = []
    for event in events:
        if event.date and not event.historical:
            story = (event.date, event.time_precision)
        elif event.date is None and event.modality == "asserted" and event.type not in STATEMENT_TYPES:
            event = dataclasses.replace(event, date=story[0], time_precision=story[1])
        out.append(event)
    return out
