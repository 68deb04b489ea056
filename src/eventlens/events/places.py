"""The places a parse names, resolved in one call to the toponym resolver (English and Arabic)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from eventlens.geo import ToponymMention, ToponymResolver
from eventlens.kb import KnowledgeBase
from eventlens.model import Mention, Parse, Place, PlaceMentions, TextSpan

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def resolve_places(
    parse: Parse,
    resolver: ToponymResolver,
    kb: KnowledgeBase,
    qualifier: Callable[[Mention], str | None] = lambda mention: None,
) -> dict[int, Place]:
    """Mention index -> Place, for the place mentions the resolver placed: places, and the
    countries the knowledge base links as state actors. Each is resolved in its sentence, with
    the ``qualifier`` the caller reads around it (None: the resolver reads the sentence itself)."""
    indexes = [i for i, m in enumerate(parse.mentions) if m.label in PLACE_LABELS and _place_or_state(m, kb)]
    text = parse.document.text
    queries = []
    for i in indexes:
        m = parse.mentions[i]
        sentence = next((s for s in parse.sentences if s.start <= m.start < s.end), None)
        context, context_start = (
            (text[sentence.start : sentence.end], sentence.start) if sentence else ("", None)
        )
        queries.append(
            ToponymMention(
                m.text, m.start, m.end, context, qualifier=qualifier(m), context_start=context_start
            )
        )
    resolved = resolver.resolve(queries)
    return {i: p for i, p in zip(indexes, resolved, strict=True) if p is not None}


def _place_or_state(mention: Mention, kb: KnowledgeBase) -> bool:
    if mention.kb_id is None:
        return True
    actor = kb.get(mention.kb_id)
    return actor is not None and actor.type == "state"


def place_mentions(mentions: Sequence[Mention], places: dict[int, Place]) -> tuple[PlaceMentions, ...]:
    """Each place of the document once, with every mention that names it, in document order."""
    grouped: dict[object, list] = {}
    for index, place in sorted(places.items()):
        m = mentions[index]
        key = place.geonameid if place.geonameid is not None else place.name
        grouped.setdefault(key, [place, []])[1].append(TextSpan(m.text, m.start, m.end))
    return tuple(PlaceMentions(p, tuple(spans)) for p, spans in grouped.values())
