"""How sure an event is: one score for English and Arabic events alike."""

from __future__ import annotations

from collections.abc import Sequence

from eventlens.model import ActorRef, Place


def event_confidence(
    base: float, actor1: Sequence[ActorRef], place: Place | None, sourcing: str, modality: str, nominal: bool
) -> float:
    """The trigger's own confidence, raised by a known doer, lowered by a missing doer or place,
    anonymous sourcing, a modality other than asserted, or a noun for a trigger."""
    score = base
    score += 0.1 if any(a.kb_id for a in actor1) else (-0.15 if not actor1 else 0.0)
    score -= 0.1 if place is None else 0.0
    score -= 0.05 if sourcing == "anonymous" else 0.0
    score -= 0.1 if modality != "asserted" else 0.0
    score -= 0.05 if nominal else 0.0
    return round(min(0.99, max(0.05, score)), 2)
