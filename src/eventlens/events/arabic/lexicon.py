"""The Arabic event lexicon: trigger words with their generated inflections, and context cues.

Read from ``events/data/triggers_ar.yaml`` and ``context_ar.yaml``. A verb is listed by its past
and present third-person masculine singular; the other persons, numbers and genders that news
writing uses are generated here by rule (a suffix on the past stem, a person prefix and a
suffix on the present stem), so the data file lists lemmas, not paradigms. Every word is kept
in its folded form (``nlp.arabic.fold_word``), as the text's words are matched.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib.resources import files

import yaml

from eventlens.errors import DataError
from eventlens.model import PLOVER_TYPES
from eventlens.nlp.arabic import fold_word

# Past: he, she, they (m.), they two (m.), they two (f.), they (f.), we.
_PAST_SUFFIXES = ("", "ت", "وا", "ا", "تا", "ن", "نا")
# Present: the person prefix replaces the 3rd masc. ي; then he/she, they (m.), they two, they (f.),
# and the subjunctive/jussive plural written with a silent alif.
_PRESENT_PREFIXES = ("ي", "ت", "ن", "ا")
_PRESENT_SUFFIXES = ("", "ون", "ان", "ن", "وا")


@dataclass(frozen=True)
class ArabicTrigger:
    """One trigger group of ``triggers_ar.yaml``: its coding and the context it needs."""

    type: str
    mode: str | None
    acled: tuple[str, str] | None
    genitive: str  # actor1 or actor2: what an actor right after the noun is
    requires_near: frozenset[str]
    unless_near: frozenset[str]
    subject_labels: frozenset[str]
    territorial: bool
    protest: bool
    confidence: float


@dataclass(frozen=True)
class ArabicInstrument:
    """Words naming a weapon, and the ASSAULT mode and ACLED sub-type they imply."""

    words: tuple[tuple[str, ...], ...]
    mode: str
    acled: tuple[str, str] | None


@dataclass(frozen=True)
class ArabicLexicon:
    """Everything the Arabic event extractor reads from data files, folded."""

    words: dict[str, tuple[tuple[ArabicTrigger, str], ...]]  # folded form -> (trigger, VERB|NOUN)
    phrases: dict[str, tuple[tuple[tuple[str, ...], ArabicTrigger], ...]]  # first word -> phrases
    light_verbs: frozenset[str]
    not_triggers: frozenset[str]
    blocked_by: frozenset[str]
    instruments: tuple[ArabicInstrument, ...]
    request_modes: dict[str, tuple[tuple[str, ...], ...]]
    civilian_nouns: frozenset[str]
    protest_intervention: tuple[tuple[str, ...], ...]
    riot_words: tuple[tuple[str, ...], ...]
    target_markers: frozenset[str]
    agent_markers: frozenset[str]
    between: frozenset[str]
    generic_actors: dict[str, str]
    forces_nouns: frozenset[str]
    town_anaphors: frozenset[str]
    origin_nouns: frozenset[str]
    place_cue_words: frozenset[str]
    area_anaphors: frozenset[str]
    forces_patterns: tuple[str, ...]
    reporting_verbs: frozenset[str]
    anonymous_sources: frozenset[str]
    outlet_sources: frozenset[str]
    official_sources: frozenset[str]
    modality: dict[str, frozenset[str]]
    death_words: frozenset[str]
    injury_words: frozenset[str]
    no_casualties: tuple[tuple[str, ...], ...]
    number_words: dict[str, int]
    dual_nouns: frozenset[str]
    dates: dict

    def entries(self, folded: str) -> tuple[tuple[ArabicTrigger, str], ...]:
        """The (trigger, part of speech) pairs of one folded stem (none for most words)."""
        return self.words.get(folded, ())


def verb_forms(past: str, present: str) -> set[str]:
    """The folded inflected forms of a verb given by its past and present 3rd masc. singular."""
    past, present = fold_word(past), fold_word(present)
    forms = {past + suffix for suffix in _PAST_SUFFIXES}
    body = present[1:]
    forms.update(prefix + body + suffix for prefix in _PRESENT_PREFIXES for suffix in _PRESENT_SUFFIXES)
    return forms


def _fold_phrase(text: str) -> tuple[str, ...]:
    return tuple(fold_word(w) for w in text.split())


def _folded_set(words: list[str]) -> frozenset[str]:
    return frozenset(" ".join(_fold_phrase(w)) for w in words)


def _read(name: str) -> dict:
    path = files("eventlens.events").joinpath(f"data/{name}")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DataError(f"{name}: {exc}") from exc


def _pair(value: list[str] | None) -> tuple[str, str] | None:
    return (value[0], value[1]) if value else None


def _trigger(raw: dict) -> ArabicTrigger:
    if raw["type"] not in PLOVER_TYPES:
        raise DataError(f"triggers_ar.yaml: unknown PLOVER type {raw['type']!r}")
    genitive = raw.get("genitive", "actor1")
    if genitive not in ("actor1", "actor2"):
        raise DataError(f"triggers_ar.yaml: genitive must be actor1 or actor2, not {genitive!r}")
    return ArabicTrigger(
        type=raw["type"],
        mode=raw.get("mode"),
        acled=_pair(raw.get("acled")),
        genitive=genitive,
        requires_near=_folded_set(raw.get("requires_near", [])),
        unless_near=_folded_set(raw.get("unless_near", [])),
        subject_labels=frozenset(raw.get("subject_labels", ())),
        territorial=bool(raw.get("territorial")),
        protest=bool(raw.get("protest")),
        confidence=float(raw.get("confidence", 0.7)),
    )


@functools.lru_cache(maxsize=1)
def arabic_lexicon() -> ArabicLexicon:
    """The shipped Arabic lexicon, read once per process."""
    raw_triggers = _read("triggers_ar.yaml")
    context = _read("context_ar.yaml")
    words: dict[str, list[tuple[ArabicTrigger, str]]] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], ArabicTrigger]]] = {}
    for raw in raw_triggers["triggers"]:
        trigger = _trigger(raw)
        verbs: set[str] = set()
        for pair in raw.get("verbs", ()):
            if len(pair) != 2:
                raise DataError(f"triggers_ar.yaml: a verb is [past, present], not {pair!r}")
            verbs |= verb_forms(*pair)
        verbs |= {fold_word(w) for w in raw.get("forms", ())}
        for form in sorted(verbs):
            words.setdefault(form, []).append((trigger, "VERB"))
        for noun in raw.get("nouns", ()):
            words.setdefault(fold_word(noun), []).append((trigger, "NOUN"))
        for phrase in raw.get("phrases", ()):
            folded = _fold_phrase(phrase)
            phrases.setdefault(folded[0], []).append((folded, trigger))
    generic = {fold_word(w): kind for kind, ws in context["generic_actors"].items() for w in ws}
    return ArabicLexicon(
        words={k: tuple(v) for k, v in words.items()},
        # Longest phrases first, so "دراجة نارية مفخخة" wins over "دراجة".
        phrases={k: tuple(sorted(v, key=lambda p: -len(p[0]))) for k, v in phrases.items()},
        light_verbs=_folded_set(raw_triggers["light_verbs"]),
        not_triggers=_folded_set(raw_triggers["not_triggers"]),
        blocked_by=_folded_set(raw_triggers["blocked_by"]),
        instruments=tuple(
            ArabicInstrument(tuple(_fold_phrase(w) for w in i["words"]), i["mode"], _pair(i.get("acled")))
            for i in raw_triggers["instruments"]
        ),
        request_modes={
            m: tuple(_fold_phrase(w) for w in ws) for m, ws in raw_triggers["request_modes"].items()
        },
        civilian_nouns=_folded_set(raw_triggers["civilian_nouns"]),
        protest_intervention=tuple(_fold_phrase(w) for w in raw_triggers["protest_intervention"]),
        riot_words=tuple(_fold_phrase(w) for w in raw_triggers["riot_words"]),
        target_markers=_folded_set(context["target_markers"]),
        agent_markers=_folded_set(context["agent_markers"]),
        between=_folded_set(context["between"]),
        generic_actors=generic,
        forces_nouns=_folded_set(context["forces_nouns"]),
        town_anaphors=_folded_set(context["place_anaphors"]["town"]),
        origin_nouns=_folded_set(context["origin_nouns"]),
        place_cue_words=_folded_set(context["place_cue_words"]),
        area_anaphors=_folded_set(context["place_anaphors"]["area"]),
        forces_patterns=tuple(context["forces_patterns"]),
        reporting_verbs=_folded_set(context["reporting_verbs"]),
        anonymous_sources=_folded_set(context["anonymous_sources"]),
        outlet_sources=_folded_set(context["outlet_sources"]),
        official_sources=_folded_set(context["official_sources"]),
        modality={k: _folded_set(v) for k, v in context["modality"].items()},
        death_words=_folded_set(context["death_words"]),
        injury_words=_folded_set(context["injury_words"]),
        no_casualties=tuple(_fold_phrase(w) for w in context["no_casualties"]),
        number_words={fold_word(k): int(v) for k, v in context["number_words"].items()},
        dual_nouns=_folded_set(context["dual_nouns"]),
        dates=context["dates"],
    )
