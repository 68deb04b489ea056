"""The ACLED event type and sub-type of an event, and the mode its weapons imply."""

from __future__ import annotations

import functools
import re

from eventlens.events.lexicon import EventLexicon, TriggerEntry
from eventlens.model import ActorRef

_STATE_TYPES = frozenset({"state_military", "state"})
_NON_STATE_ARMED_TYPES = frozenset({"rebel_group", "political_militia", "identity_militia", "militia"})
_ARMED_TYPES = _NON_STATE_ARMED_TYPES | {"state_military", "external"}
TERRITORY_SUBTYPES = frozenset({"Government regains territory", "Non-state actor overtakes territory"})


@functools.lru_cache(maxsize=64)
def _word_pattern(words: frozenset[str]) -> re.Pattern[str]:
    return re.compile(
        r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b"
    )


def _names_any(text: str, words: frozenset[str]) -> bool:
    return _word_pattern(words).search(text) is not None


def instrument_of(lexicon: EventLexicon, clause_text: str):
    """The first instrument of the lexicon the clause names ("drone", "landmine"), if any."""
    lowered = clause_text.lower()
    return next((i for i in lexicon.instruments if _names_any(lowered, i.words)), None)


def code_event(
    lexicon: EventLexicon,
    entry: TriggerEntry,
    clause_text: str,
    actor1: tuple[ActorRef, ...],
    actor2: tuple[ActorRef, ...],
    target_words: set[str],
    fatalities: int | None,
) -> tuple[str | None, str | None, str | None]:
    """(mode, ACLED type, ACLED sub-type) for a trigger in its clause."""
    mode = entry.mode
    acled = entry.acled
    if entry.type == "ASSAULT":
        instrument = instrument_of(lexicon, clause_text)
        if instrument is not None and mode not in ("abduction", "assassination"):
            mode = instrument.mode
            if instrument.acled:
                acled = instrument.acled
        civilians = any(a.type == "civilians" for a in actor2) or bool(target_words & lexicon.civilian_nouns)
        armed_target = any(a.type in _ARMED_TYPES for a in actor2)
        # An assassination of someone who bears no arms is violence against a civilian.
        civilians = civilians or (mode == "assassination" and not armed_target)
        protest = any(a.type == "protesters" for a in actor2) or bool(
            target_words & lexicon.protest_gatherings
        )
        if protest and instrument is None and any(a.type in _STATE_TYPES for a in actor1):
            # Police or troops on a protest: ACLED codes the protest met with force, lethal or not.
            acled = (
                "Protests",
                "Excessive force against protesters" if fatalities else "Protest with intervention",
            )
        elif acled is None or acled[0] == "Battles":
            if entry.territorial and _names_any(clause_text.lower(), lexicon.unopposed_words):
                mode = "territory handed over"
                acled = ("Strategic developments", "Non-violent transfer of territory")
            elif entry.territorial:
                acled = ("Battles", territory_subtype(actor1) or "Non-state actor overtakes territory")
            elif civilians:
                acled = ("Violence against civilians", "Attack")
            else:
                acled = ("Battles", "Armed clash")
    elif entry.type == "REQUEST" and mode is None:
        lowered = clause_text.lower()
        mode = next((m for m, words in lexicon.request_modes.items() if _names_any(lowered, words)), None)
    if acled is None:
        return mode, None, None
    subtype = protest_subtype(lexicon, acled[1], clause_text, fatalities, actor2)
    return mode, ACLED_TYPE_OF_PROTEST_SUBTYPE.get(subtype, acled[0]), subtype


def territory_subtype(actor1: tuple[ActorRef, ...]) -> str | None:
    """ACLED's sub-type of territory taken by force, which is the taker's side: state forces
    regain it, rebels and militias overtake it; None when the taker is unknown or foreign."""
    kinds = {a.type for a in actor1}
    if kinds & _STATE_TYPES:
        return "Government regains territory"
    if kinds & _NON_STATE_ARMED_TYPES:
        return "Non-state actor overtakes territory"
    return None


# ACLED's demonstration sub-event types and their event types.
ACLED_TYPE_OF_PROTEST_SUBTYPE = {
    "Peaceful protest": "Protests",
    "Protest with intervention": "Protests",
    "Excessive force against protesters": "Protests",
    "Violent demonstration": "Riots",
}


def protest_subtype(
    lexicon: EventLexicon, subtype: str, text: str, fatalities: int | None, actor2: tuple[ActorRef, ...]
) -> str:
    """ACLED's choice among its demonstration sub-event types, in its codebook's order, for an
    event coded ``subtype`` told in ``text``: demonstrators who turn violent make a riot whatever
    the forces did; forces that intervene make a protest with intervention, or excessive force
    where they used lethal weapons or killed or hurt protesters. An arrest of protesters, or one
    told with a protest, is the protest's intervention, not an arrest campaign. Other sub-types,
    and a protest with no word of either, keep the coding the rules or the classifier gave."""
    lowered = text.lower()
    if subtype == "Arrests" and (
        any(a.type == "protesters" for a in actor2) or _names_any(lowered, lexicon.protest_gatherings)
    ):
        subtype = "Protest with intervention"
    elif subtype not in ACLED_TYPE_OF_PROTEST_SUBTYPE:
        return subtype
    if _names_any(lowered, lexicon.protest_violence):
        return "Violent demonstration"
    if subtype == "Excessive force against protesters":
        return subtype
    if subtype == "Protest with intervention" or _names_any(lowered, lexicon.protest_intervention):
        harmed = bool(fatalities) or _names_any(lowered, lexicon.protest_harm)
        return "Excessive force against protesters" if harmed else "Protest with intervention"
    return subtype
