"""The ACLED event type and sub-type of an event, and the mode its weapons imply."""

from __future__ import annotations

import functools
import re

from eventlens.events.lexicon import EventLexicon, TriggerEntry
from eventlens.model import ActorRef

_STATE_TYPES = frozenset({"state_military", "state"})
_ARMED_TYPES = frozenset(
    {"state_military", "rebel_group", "political_militia", "identity_militia", "militia", "external"}
)


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
            if entry.territorial:
                state = any(a.type in _STATE_TYPES for a in actor1)
                acled = (
                    "Battles",
                    "Government regains territory" if state else "Non-state actor overtakes territory",
                )
            elif civilians:
                acled = ("Violence against civilians", "Attack")
            else:
                acled = ("Battles", "Armed clash")
    elif entry.type == "REQUEST" and mode is None:
        lowered = clause_text.lower()
        mode = next((m for m, words in lexicon.request_modes.items() if _names_any(lowered, words)), None)
    elif entry.protest:
        if _names_any(clause_text.lower(), lexicon.protest_intervention) and entry.mode != "riot":
            acled = (
                "Protests",
                "Excessive force against protesters" if fatalities else "Protest with intervention",
            )
    if acled is None:
        return mode, None, None
    return mode, acled[0], acled[1]
