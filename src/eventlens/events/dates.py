"""When: resolving a date expression against the report's publication date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import dateparser

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
_MONTH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\bmonth\b", re.IGNORECASE)
_RELATIVE = re.compile(r"yesterday|today|tonight|last|this|ago|day\b|tomorrow|next", re.IGNORECASE)
_HISTORICAL_DAYS = 31


@dataclass(frozen=True)
class ResolvedDate:
    """A date at a precision: ``value`` is YYYY-MM-DD, YYYY-MM or YYYY."""

    value: str
    precision: str
    day: date


def resolve_date(expression: str, published: date | None) -> ResolvedDate | None:
    """Read a date expression ("in October 2017", "on Tuesday") relative to ``published``.

    Relative expressions need a publication date; without one they resolve to nothing.
    """
    if not _DATE_CUE.search(expression):
        return None
    if published is None and _RELATIVE.search(expression) and not re.search(r"\b(?:19|20)\d\d\b", expression):
        return None
    base = datetime.combine(published, datetime.min.time()) if published else datetime(2100, 1, 1)
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first"}
    cleaned = re.sub(r"^(?:in|on|at|since|during|early|late|mid|last|the)\s+", "", expression.strip(), flags=re.I)
    parsed = dateparser.parse(cleaned, languages=["en"], settings=settings)
    if parsed is None:
        return None
    day = parsed.date()
    if _DAY.search(cleaned) and not re.fullmatch(r"(?:19|20)\d\d", cleaned):
        return ResolvedDate(day.isoformat(), "day", day)
    if _WEEK.search(cleaned):
        return ResolvedDate(day.isoformat(), "week", day)
    if _MONTH.search(cleaned):
        return ResolvedDate(day.strftime("%Y-%m"), "month", day)
    return ResolvedDate(str(day.year), "year", day)


def is_historical(resolved: ResolvedDate | None, published: date | None) -> bool:
    """A recalled past event: dated more than a month before the report (or dated at all,
    when the report itself carries no date)."""
    if resolved is None:
        return False
    if published is None:
        return True
    return resolved.day < published - timedelta(days=_HISTORICAL_DAYS)
