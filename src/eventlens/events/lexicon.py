"""The English event lexicon: trigger words and context cues, read from the data files."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from eventlens.errors import DataError
from eventlens.events.classifier import EventClass
from eventlens.events.resources import read_yaml
from eventlens.model import PLOVER_TYPES


@dataclass(frozen=True)
class TriggerEntry:
    """One trigger word group of ``triggers_en.yaml``."""

    lemmas: frozenset[str]
    pos: str
    type: str
    mode: str | None
    acled: tuple[str, str] | None
    actor2: tuple[str, ...]
    requires_prep: frozenset[str]
    requires_object: frozenset[str]
    requires_modifier: frozenset[str]
    unless: tuple[str, ...]
    requires_words: frozenset[str]
    subject_labels: frozenset[str]
    object_labels: frozenset[str]
    territorial: bool
    protest: bool
    requires_place_object: bool
    confidence: float


@dataclass(frozen=True)
class Instrument:
    """Words naming a weapon, and the ASSAULT mode and ACLED sub-type they imply."""

    words: frozenset[str]
    mode: str
    acled: tuple[str, str] | None


@dataclass(frozen=True)
class EventLexicon:
    """Everything the English event extractor reads from data files."""

    triggers: dict[tuple[str, str], tuple[TriggerEntry, ...]]
    light_verbs: frozenset[str]
    occurrence_verbs: frozenset[str]
    agent_verbs: frozenset[str]
    abstract_objects: frozenset[str]
    accidental_explosives: frozenset[str]
    non_violent_means: frozenset[str]
    unopposed_words: frozenset[str]
    territory_objects: frozenset[str]
    instruments: tuple[Instrument, ...]
    civilian_nouns: frozenset[str]
    protest_gatherings: frozenset[str]
    request_modes: dict[str, frozenset[str]]
    protest_intervention: frozenset[str]
    protest_violence: frozenset[str]
    protest_harm: frozenset[str]
    reporting_verbs: frozenset[str]
    anonymous_sources: frozenset[str]
    official_sources: frozenset[str]
    outlet_sources: frozenset[str]
    modality: dict[str, frozenset[str]]
    generic_actors: dict[str, str]  # head noun -> actor type
    generic_actor_names: dict[str, str]  # actor type -> the name its unnamed actors go by
    associate_participles: frozenset[str]
    associate_nouns: frozenset[str]
    associate_joint_nouns: frozenset[str]
    associate_joiners: frozenset[str]
    government_nouns: frozenset[str]
    both_parties: frozenset[str]
    town_anaphors: frozenset[str]
    area_anaphors: frozenset[str]
    near_words: frozenset[str]
    speaking_verbs: frozenset[str]
    departure_verbs: frozenset[str]
    bearings: frozenset[str]

    def entries(self, lemma: str, pos: str) -> tuple[TriggerEntry, ...]:
        """The trigger entries for a lemma with a part of speech (none for most words)."""
        return self.triggers.get((lemma.lower(), pos), ())

    @functools.cached_property
    def instrument_words(self) -> frozenset[str]:
        """The one-word names of weapons ("drone", "rockets")."""
        return frozenset(w for i in self.instruments for w in i.words if " " not in w)


def _pair(value: list[str] | None) -> tuple[str, str] | None:
    return (value[0], value[1]) if value else None


def _entry(raw: dict) -> TriggerEntry:
    if raw["type"] not in PLOVER_TYPES:
        raise DataError(f"triggers_en.yaml: unknown PLOVER type {raw['type']!r}")
    return TriggerEntry(
        lemmas=frozenset(raw["lemmas"]),
        pos=raw["pos"],
        type=raw["type"],
        mode=raw.get("mode"),
        acled=_pair(raw.get("acled")),
        actor2=tuple(raw.get("actor2", ())),
        requires_prep=frozenset(raw.get("requires_prep", ())),
        requires_object=frozenset(raw.get("requires_object", ())),
        requires_modifier=frozenset(raw.get("requires_modifier", ())),
        unless=tuple(raw.get("unless", ())),
        requires_words=frozenset(raw.get("requires_words", ())),
        subject_labels=frozenset(raw.get("subject_labels", ())),
        object_labels=frozenset(raw.get("object_labels", ())),
        territorial=bool(raw.get("territorial")),
        protest=bool(raw.get("protest")),
        requires_place_object=bool(raw.get("requires_place_object")),
        confidence=float(raw.get("confidence", 0.7)),
    )


@functools.lru_cache(maxsize=1)
def english_lexicon() -> EventLexicon:
    """The shipped English lexicon, read once per process."""
    triggers_raw = read_yaml("triggers_en.yaml")
    context = read_yaml("context_en.yaml")
    triggers: dict[tuple[str, str], list[TriggerEntry]] = {}
    for raw in triggers_raw["triggers"]:
        entry = _entry(raw)
        for lemma in entry.lemmas:
            triggers.setdefault((lemma, entry.pos), []).append(entry)
    generic = {word: kind for kind, words in context["generic_actors"].items() for word in words}
    return EventLexicon(
        triggers={k: tuple(v) for k, v in triggers.items()},
        light_verbs=frozenset(triggers_raw["light_verbs"]),
        occurrence_verbs=frozenset(triggers_raw["occurrence_verbs"]),
        agent_verbs=frozenset(triggers_raw["agent_verbs"]),
        abstract_objects=frozenset(triggers_raw["abstract_objects"]),
        accidental_explosives=frozenset(triggers_raw["accidental_explosives"]),
        non_violent_means=frozenset(triggers_raw["non_violent_means"]),
        unopposed_words=frozenset(triggers_raw["unopposed_words"]),
        territory_objects=frozenset(triggers_raw["territory_objects"]),
        instruments=tuple(
            Instrument(frozenset(i["words"]), i["mode"], _pair(i.get("acled")))
            for i in triggers_raw["instruments"]
        ),
        civilian_nouns=frozenset(triggers_raw["civilian_nouns"]),
        protest_gatherings=frozenset(triggers_raw["protest_gatherings"]),
        request_modes={mode: frozenset(words) for mode, words in triggers_raw["request_modes"].items()},
        protest_intervention=frozenset(triggers_raw["protest_intervention"]),
        protest_violence=frozenset(triggers_raw["protest_violence"]),
        protest_harm=frozenset(triggers_raw["protest_harm"]),
        reporting_verbs=frozenset(context["reporting_verbs"]),
        anonymous_sources=frozenset(context["anonymous_sources"]),
        official_sources=frozenset(context["official_sources"]),
        outlet_sources=frozenset(context["outlet_sources"]),
        modality={k: frozenset(v) for k, v in context["modality"].items()},
        generic_actors=generic,
        generic_actor_names=dict(context["generic_actor_names"]),
        associate_participles=frozenset(context["associate_participles"]),
        associate_nouns=frozenset(context["associate_nouns"]),
        associate_joint_nouns=frozenset(context["associate_joint_nouns"]),
        associate_joiners=frozenset(context["associate_joiners"]),
        government_nouns=frozenset(context["government_nouns"]),
        both_parties=frozenset(context["both_parties"]),
        town_anaphors=frozenset(context["place_anaphors"]["town"]),
        area_anaphors=frozenset(context["place_anaphors"]["area"]),
        near_words=frozenset(context["near_words"]),
        speaking_verbs=frozenset(context["speaking_verbs"]),
        departure_verbs=frozenset(context["departure_verbs"]),
        bearings=frozenset(context["bearings"]),
    )


# Where the target of an event found by the sentence classifier sits: its object, or the phrase
# after "on", "against", "at" or "with" ("opened fire on", "a raid against").
_CLASS_TARGET_SLOTS = ("dobj", "nsubjpass", "prep:on", "prep:against", "prep:at", "prep:with")


def class_entry(kind: EventClass, lemma: str, pos: str, confidence: float) -> TriggerEntry:
    """A trigger entry for a word the sentence classifier found to tell an event of ``kind``."""
    assert kind.type is not None
    return TriggerEntry(
        lemmas=frozenset({lemma}),
        pos=pos,
        type=kind.type,
        mode=kind.mode,
        acled=kind.acled,
        actor2=_CLASS_TARGET_SLOTS,
        requires_prep=frozenset(),
        requires_object=frozenset(),
        requires_modifier=frozenset(),
        unless=(),
        requires_words=frozenset(),
        subject_labels=frozenset(),
        object_labels=frozenset(),
        territorial=False,
        protest=kind.type == "PROTEST",
        requires_place_object=False,
        confidence=confidence,
    )
