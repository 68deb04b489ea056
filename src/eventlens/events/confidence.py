"""How sure an event is: one score for English and Arabic events alike."""

from __future__ import annotations

from collections.abc import Sequence

from eventlens.model import ActorRef, Place
from eventlens.settings import ConfidenceSettings


def event_confidence(
    base: float,
    actor1: Sequence[ActorRef],
    place: Place | None,
    sourcing: str,
    modality: str,
    nominal: bool,
    settings: ConfidenceSettings,
) -> float:
    """The trigger's own confidence, raised by a known doer, lowered by a missing doer or place,
    anonymous sourcing, a modality other than asserted, or a noun for a trigger (by the amounts of
    the ``[confidence]`` section of settings.toml)."""
    score = base
    if any(a.kb_id for a in actor1):
        score += settings.known_doer_bonus
    elif not actor1:
        score -= settings.no_doer_penalty
    score -= settings.no_place_penalty if place is None else 0.0
    score -= settings.anonymous_penalty if sourcing == "anonymous" else 0.0
    score -= settings.not_asserted_penalty if modality != "asserted" else 0.0
    score -= settings.nominal_penalty if nominal else 0.0
    return round(min(settings.ceiling, max(settings.floor, score)), 2)
