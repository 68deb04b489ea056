"""The places a parse names, resolved in one call to the toponym resolver (English and Arabic)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from eventlens.geo import ToponymMention, ToponymResolver
from eventlens.geo.countries import country_of_name
from eventlens.kb import KnowledgeBase
from eventlens.model import Mention, Parse, Place, PlaceMentions, TextSpan, Token

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def resolve_places(
    parse: Parse,
    resolver: ToponymResolver,
    kb: KnowledgeBase,
    qualifier: Callable[[Mention], str | None] = lambda mention: None,
    weapons: frozenset[str] = frozenset(),
) -> dict[int, Place]:
    """Mention index -> Place, for the place mentions the resolver placed: places, and the
    countries the knowledge base links as state actors. Each is resolved in its sentence, with
    the ``qualifier`` the caller reads around it (None: the resolver reads the sentence itself).
    A name that qualifies one of the ``weapons`` ("Katyusha rockets", "Grad missiles") is the
    weapon's model, no place."""
    indexes = [
        i
        for i, m in enumerate(parse.mentions)
        if m.label in PLACE_LABELS and _place_or_state(m, kb) and not _names_a_weapon(parse, m, weapons)
    ]
    queries = []
    for i in indexes:
        m = parse.mentions[i]
        context, context_start = _sentence_of(parse, m.start)
        queries.append(
            ToponymMention(
                m.text, m.start, m.end, context, qualifier=qualifier(m), context_start=context_start
            )
        )
    resolved = resolver.resolve(queries)
    return {i: p for i, p in zip(indexes, resolved, strict=True) if p is not None}


def _names_a_weapon(parse: Parse, mention: Mention, weapons: frozenset[str]) -> bool:
    last = parse.tokens[mention.token_end - 1]
    head = parse.tokens[last.head]
    return last.dep == "compound" and head.i >= mention.token_end and head.lemma.lower() in weapons


def _place_or_state(mention: Mention, kb: KnowledgeBase) -> bool:
    if mention.kb_id is None:
        return True
    actor = kb.get(mention.kb_id)
    return actor is not None and actor.type == "state"


def places_within_names(parse: Parse, resolver: ToponymResolver) -> list[tuple[TextSpan, Place]]:
    """The countries and first-level regions named by nationality words ("Turkish", "Syrians")
    and inside organisations' names ("Texas Department of Health", "University of Ohio").

    A reader of "Turkish troops shelled Tal Rifaat" meets Turkey in the report, so the country is
    among the document's places, as geoparsing corpora mark it; it is never an event's place,
    which is where the shelling happened, not the shooters' country.
    """
    countries: list[tuple[TextSpan, Place]] = []
    regions: list[TextSpan] = []
    tokens, text = parse.tokens, parse.document.text
    for m in parse.mentions:
        if m.label == "NORP":
            choices = [[TextSpan(m.text, m.start, m.end)]]
        elif m.label == "ORG":
            choices = _region_words_of(tokens[m.token_start : m.token_end], text)
        else:
            continue
        for spans in choices:  # the longest words that name a country or region, of each choice
            for span in spans:
                code = country_of_name(span.text)
                if code is not None and (country := resolver.gazetteer.country(code)) is not None:
                    countries.append((span, country))
                    break
                if m.label == "ORG" and _names_a_region(resolver, span.text):
                    regions.append(span)
                    break
    queries = [ToponymMention(s.text, s.start, s.end, _sentence_of(parse, s.start)[0]) for s in regions]
    resolved = zip(regions, resolver.resolve(queries), strict=True)
    return countries + [(s, p) for s, p in resolved if p is not None and p.feature in ("admin1", "country")]


def _names_a_region(resolver: ToponymResolver, name: str) -> bool:
    """Whether the gazetteer knows the name, as it is written, for a first-level region."""
    return any(
        c.match == "exact" and c.feature in ("admin1", "country") for c in resolver.gazetteer.lookup(name)
    )


def _region_words_of(tokens: Sequence[Token], text: str) -> list[list[TextSpan]]:
    """The words an organisation's name may name a region with, longest first: its first one to
    three capitalised words ("Ohio State University"), and its words after a last "of" ("Bank of
    America")."""
    while tokens and tokens[0].pos == "DET":
        tokens = tokens[1:]
    leading = [
        _span(tokens[:width], text)
        for width in range(min(3, len(tokens) - 1), 0, -1)
        if all(t.text[:1].isupper() for t in tokens[:width])
    ]
    ofs = [n for n, t in enumerate(tokens) if t.text == "of"]
    after_of = ofs and 0 < ofs[-1] < len(tokens) - 1 and len(tokens) - ofs[-1] - 1 <= 3
    return [leading, [_span(tokens[ofs[-1] + 1 :], text)] if after_of else []]


def _span(tokens: Sequence[Token], text: str) -> TextSpan:
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    return TextSpan(text[start:end], start, end)


def _sentence_of(parse: Parse, offset: int) -> tuple[str, int | None]:
    """The text of the sentence holding ``offset``, and where it starts ("", None: in none)."""
    sentence = next((s for s in parse.sentences if s.start <= offset < s.end), None)
    return (parse.document.text[sentence.start : sentence.end], sentence.start) if sentence else ("", None)


def place_mentions(
    mentions: Sequence[Mention],
    places: dict[int, Place],
    within_names: Sequence[tuple[TextSpan, Place]] = (),
) -> tuple[PlaceMentions, ...]:
    """Each place of the document once, with every mention that names it, in document order;
    ``within_names`` adds the places named inside other names (``places_within_names``)."""
    named = [(TextSpan(mentions[i].text, mentions[i].start, mentions[i].end), p) for i, p in places.items()]
    grouped: dict[object, list] = {}
    for span, place in sorted(named + list(within_names), key=lambda pair: pair[0].start):
        key = place.geonameid if place.geonameid is not None else place.name
        grouped.setdefault(key, [place, []])[1].append(span)
    return tuple(PlaceMentions(p, tuple(spans)) for p, spans in grouped.values())
