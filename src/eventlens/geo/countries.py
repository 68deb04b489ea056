"""Country names and demonyms, English and Arabic: "Iraq", "Iraqi", "the US", "سوريا", "الإيرانية"."""

from __future__ import annotations

import json
import re
from functools import lru_cache

from eventlens.geo.build import geonames_dir, read_tsv
from eventlens.names import is_arabic, normalize_arabic, strip_arabic_proclitics

_CASED = "="  # table keys of abbreviations, matched in their own case
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
# Arabic endings of an adjective of nationality: feminine, plurals, the nisba on a country
# name (سوري, سورية, السوريون, السوريين), tried longest first.
_ARABIC_ENDINGS = ("يين", "يون", "ية", "يه", "ين", "ون")


def country_of_name(text: str) -> str | None:
    """The ISO2 code of the country a name or demonym refers to: "Iraq", "Iraqis", "سوري" -> code.

    English is matched up to case (abbreviations such as "US" only in capitals), a leading
    "the", a possessive and a plural -s; Arabic up to letter forms, the article and the nisba's
    feminine and plural endings. None when it names no country.
    """
    text = " ".join(text.split()).strip(" ,;:'\"’“”()")
    if not text:
        return None
    table = _table()
    if is_arabic(text):
        for form in _arabic_forms(text):
            if (code := table.get(form)) is not None:
                return code
        return None
    text = _LEADING_THE.sub("", text)
    for variant in (text, text.rstrip(".")):
        if (code := table.get(_CASED + variant)) is not None:
            return code
        key = variant.lower()
        for suffix in ("'s", "’s", "s", ""):
            if key.endswith(suffix) and (code := table.get(key[: len(key) - len(suffix)])) is not None:
                return code
    return None


def demonym_countries(text: str) -> list[str]:
    """The ISO2 codes of the country names and demonyms written in ``text``, in order, once each.

    English words are matched only when capitalised ("Syrian forces", not "syrian"); multi-word
    names ("Saudi Arabia", "United States") are matched before their parts.
    """
    found: list[str] = []
    table = _table()
    if is_arabic(text):
        words = normalize_arabic(text).split()
        for width in (3, 2, 1):
            for i in range(len(words) - width + 1):
                phrase = " ".join(words[i : i + width])
                for form in _arabic_forms(phrase):
                    if (code := table.get(form)) is not None and code not in found:
                        found.append(code)
                        break
    for match in _capitalised_runs().finditer(text):
        run = match.group(0).split()
        i = 0
        while i < len(run):
            for width in range(min(4, len(run) - i), 0, -1):
                phrase = " ".join(run[i : i + width])
                if (code := country_of_name(phrase)) is not None:
                    if code not in found:
                        found.append(code)
                    i += width
                    break
            else:
                i += 1
    return found


@lru_cache(maxsize=1)
def _capitalised_runs() -> re.Pattern[str]:
    return re.compile(r"(?:\b[A-Z][\w.’'-]*\s?)+")


def _arabic_forms(text: str) -> list[str]:
    word = normalize_arabic(text)
    forms = [word]
    bare = " ".join(strip_arabic_proclitics(w, first=False) for w in word.split())
    forms.append(bare)
    for base in (word, bare):
        for ending in _ARABIC_ENDINGS:
            if base.endswith(ending) and len(base) - len(ending) >= 3:
                forms.append(base[: -len(ending)] + "ي")
                break
    return forms


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    with open(geonames_dir() / "countries.json", encoding="utf-8") as handle:
        for iso2, country in json.load(handle).items():
            table.setdefault(country["name"].lower(), iso2)
    for row in read_tsv("demonyms.tsv"):
        form = row["form"]
        if is_arabic(form):
            for variant in _arabic_forms(form):
                table.setdefault(variant, row["country"])
        elif form.replace(".", "").isupper():
            table.setdefault(_CASED + form, row["country"])  # "US" the country, "us" a pronoun
        else:
            table.setdefault(_LEADING_THE.sub("", form).lower(), row["country"])
    return table
