"""The actors of one document and their relations: from the knowledge base and the events."""

from __future__ import annotations

from collections.abc import Sequence

from eventlens.kb import KnowledgeBase
from eventlens.model import Actor, Event, Mention, TextSpan
from eventlens.nlp import canonical

# Event types that relate their two actors, and the relation they state.
_RELATION_OF_EVENT = {
    "CONSULT": "met_with",
    "ASSAULT": "fought",
    "COOPERATE": "cooperated_with",
    "AGREE": "agreed_with",
}
_ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP", "TITLE", "PRON"})


def document_actors(
    kb: KnowledgeBase, mentions: Sequence[Mention], events: Sequence[Event]
) -> tuple[Actor, ...]:
    """Every actor the document names (linked ones once, with all their mentions), with
    the knowledge base's relations and the relations its events state."""
    spans: dict[str, list[TextSpan]] = {}
    info: dict[str, tuple[str, str | None, str | None, str | None]] = {}
    for index, said in enumerate(mentions):
        m = canonical(mentions, index)
        if m.kb_id is None and (said.label not in _ACTOR_LABELS or m.label in ("PRON", "TITLE")):
            continue
        if m.kb_id is not None:
            actor = kb.get(m.kb_id)
            if actor is None:
                continue
            key = actor.id
            info.setdefault(key, (actor.name, actor.id, actor.type, actor.country))
        else:
            if m.label == "NORP":
                continue  # "Syrian", "Iranian": a nationality, not an actor by itself
            key = m.text
            info.setdefault(key, (m.text, None, "person" if m.label == "PERSON" else None, None))
        spans.setdefault(key, []).append(TextSpan(said.text, said.start, said.end))
    for event in events:
        for ref in event.actor1 + event.actor2:
            key = ref.kb_id or ref.name
            info.setdefault(key, (ref.name, ref.kb_id, ref.type, ref.country))
            spans.setdefault(key, [])
    relations: dict[str, list[tuple[str, str]]] = {key: [] for key in info}
    for key, (_, kb_id, _, _) in info.items():
        if kb_id is not None:
            relations[key].extend(kb.relations(kb_id))
    for event in events:
        relation = _RELATION_OF_EVENT.get(event.type)
        if relation is None or (event.type == "CONSULT" and event.mode != "meeting"):
            continue
        for doer in event.actor1:
            for other in event.actor2:
                pair = (relation, other.name)
                key = doer.kb_id or doer.name
                if pair not in relations[key]:
                    relations[key].append(pair)
    return tuple(
        Actor(name, kb_id, type_, country, tuple(spans[key]), tuple(relations[key]))
        for key, (name, kb_id, type_, country) in info.items()
    )
