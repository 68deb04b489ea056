"""ACLED's codebook rules for one row of an ACLED CSV, written out here from the codebook (2023 and
later) rather than read from eventlens' own tables, so a test of the export checks it against them.

A plain module, imported as ``from tests.export.acled_codebook import codebook_problems``.
"""

from __future__ import annotations

import math
from datetime import date

SUB_EVENT_TYPES = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    },
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    },
}
REGIONS = {
    "Western Africa",
    "Middle Africa",
    "Eastern Africa",
    "Southern Africa",
    "Northern Africa",
    "South Asia",
    "Southeast Asia",
    "East Asia",
    "Middle East",
    "Europe",
    "Caucasus and Central Asia",
    "Central America",
    "South America",
    "Caribbean",
    "North America",
    "Oceania",
    "Antarctica",
}
SOURCE_SCALES = {
    "Local partner",
    "Subnational",
    "National",
    "Regional",
    "International",
    "New media",
    "Other",
}


def _disorder(event_type: str, sub_event_type: str) -> str:
    if sub_event_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    if sub_event_type == "Mob violence" or event_type in (
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
    ):
        return "Political violence"
    if event_type in ("Protests", "Riots"):
        return "Demonstrations"
    return "Strategic developments"


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def codebook_problems(row: dict[str, str]) -> list[str]:
    """What in the row breaks ACLED's rules; empty when it keeps them all."""
    problems = []

    def check(ok: bool, what: str) -> None:
        if not ok:
            problems.append(f"{row.get('event_id_cnty')}: {what}")

    try:
        day = date.fromisoformat(row["event_date"])
    except ValueError:
        day = None
    check(day is not None, f"event_date {row['event_date']!r} is no YYYY-MM-DD date")
    check(day is None or row["year"] == str(day.year), "year is not event_date's year")
    check(row["time_precision"] in ("1", "2", "3"), f"time_precision {row['time_precision']!r}")
    subtypes = SUB_EVENT_TYPES.get(row["event_type"])
    check(subtypes is not None, f"event_type {row['event_type']!r}")
    check(subtypes is None or row["sub_event_type"] in subtypes, f"sub_event_type {row['sub_event_type']!r}")
    if subtypes is not None:
        check(row["disorder_type"] == _disorder(row["event_type"], row["sub_event_type"]), "disorder_type")
    inter1, inter2 = _int(row["inter1"]), _int(row["inter2"])
    check(row["actor1"] != "", "no actor1")
    check(inter1 is not None and 1 <= inter1 <= 8, f"inter1 {row['inter1']!r}")
    check(inter2 is not None and 0 <= inter2 <= 8, f"inter2 {row['inter2']!r}")
    check((row["actor2"] == "") == (inter2 == 0), "inter2 is 0 exactly when there is no actor2")
    if inter1 is not None and inter2 is not None:
        expected = f"{min(inter1, inter2)}{max(inter1, inter2)}" if inter2 else f"{inter1}0"
        check(row["interaction"] == expected, f"interaction {row['interaction']!r}, not {expected}")
    check(row["civilian_targeting"] in ("", "Civilian targeting"), "civilian_targeting")
    check(row["civilian_targeting"] == "" or inter2 == 7, "civilian targeting without civilians")
    check(row["iso"].isdigit(), f"iso {row['iso']!r}")
    check(row["country"] != "", "no country")
    check(row["region"] in REGIONS, f"region {row['region']!r}")
    check(row["location"] != "", "no location")
    try:
        lat, lon = float(row["latitude"]), float(row["longitude"])
        check(math.isfinite(lat) and -90 <= lat <= 90 and -180 <= lon <= 180, "coordinates out of range")
    except ValueError:
        check(False, "latitude or longitude is no number")
    check(row["geo_precision"] in ("1", "2", "3"), f"geo_precision {row['geo_precision']!r}")
    check(row["source"] != "", "no source")
    scales = row["source_scale"].split("-")
    check(all(scale in SOURCE_SCALES for scale in scales), f"source_scale {row['source_scale']!r}")
    check(_int(row["fatalities"]) is not None, f"fatalities {row['fatalities']!r}")
    check(_int(row["timestamp"]) is not None, f"timestamp {row['timestamp']!r}")
    return problems
