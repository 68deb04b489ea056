"""The events stage: a Parse in, the document's events, actors and places out."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from eventlens.events.coding import code_event
from eventlens.events.context import AttributionReader, ModalityReader
from eventlens.events.dates import is_historical, resolve_date
from eventlens.events.fatalities import fatalities_in
from eventlens.events.lexicon import EventLexicon, english_lexicon
from eventlens.events.location import EventPlacer
from eventlens.events.network import document_actors
from eventlens.events.roles import ActorFinder
from eventlens.events.syntax import DependencyTree
from eventlens.events.triggers import Trigger, TriggerFinder, headless_predicate
from eventlens.geo import ToponymMention, ToponymResolver
from eventlens.kb import KnowledgeBase
from eventlens.model import Actor, Event, Mention, Parse, Place, PlaceMentions, TextSpan

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@dataclass(frozen=True)
class Extraction:
    """What the events stage read out of one document; ``outlet`` as the report names it."""

    outlet: str | None
    events: tuple[Event, ...]
    actors: tuple[Actor, ...]
    places: tuple[PlaceMentions, ...]


class EventExtractor:
    """Finds triggers, fills their roles, places, dates, modality and attribution."""

    def __init__(self, kb: KnowledgeBase, resolver: ToponymResolver, lexicon: EventLexicon | None = None):
        self._kb = kb
        self._resolver = resolver
        self._lex = lexicon or english_lexicon()
        self._triggers = TriggerFinder(self._lex)
        self._modality = ModalityReader(self._lex)
        self._attribution = AttributionReader(self._lex)

    def extract(self, parse: Parse) -> Extraction:
        document = parse.document
        mentions = parse.mentions
        tree = DependencyTree(parse.tokens)
        places = self._resolve_places(parse)
        outlet = document.outlet or self._outlet_in(parse, tree)
        year = document.published.year if document.published else None
        finder = ActorFinder(self._kb, self._lex, tree, mentions, document.text, year)
        mention_at = finder.mention_at
        placer = EventPlacer(self._lex, tree, document.text, mentions, places)

        triggers = _outside_accusations([(s, t) for s in parse.sentences for t in self._triggers.find(tree, s)], tree)
        anchors = {t.anchor.i for _, t in triggers}
        found: list[tuple[Trigger, Event]] = []
        for sentence, trigger in triggers:
            event = self._event(parse, tree, finder, placer, mention_at, sentence, trigger, anchors, outlet, found)
            if event is not None:
                found.append((trigger, event))
        events = _without_duplicates(_merge_nested(found, tree))
        events = _with_narrative_dates(self._credit_claims(parse, tree, finder, events))
        actors = document_actors(self._kb, mentions, events)
        return Extraction(outlet, tuple(events), actors, _place_mentions(mentions, places))

    def _event(self, parse, tree, finder, placer, mention_at, sentence, trigger: Trigger, anchors, outlet, found) -> Event | None:
        entry = trigger.entry
        document = parse.document
        if entry.subject_labels and finder.subject_label(trigger) not in entry.subject_labels:
            return None
        actor1, actor2 = finder.roles(trigger)
        if not actor1 and finder.names_both_parties(trigger):
            told = next((e for _, e in reversed(found) if e.actor1), None)
            if told is not None:
                actor1, actor2 = told.actor1, actor2 or told.actor2
        objects = finder.object_tokens(trigger)
        if entry.object_labels and not actor2:
            return None
        if entry.requires_place_object and not any(
            placer.names_place(o.i) or o.lemma.lower() in self._lex.territory_objects for o in objects
        ):
            return None
        actor_tokens = _tokens_of_actors(parse.mentions, mention_at, actor1 + actor2)
        if entry.type in _STATEMENT_TYPES:
            actor_tokens |= finder.addressee_tokens(trigger)
        place = placer.place(trigger, sentence, anchors - {trigger.anchor.i}, actor_tokens)
        sentence_range = range(sentence.token_start, sentence.token_end)
        clause_start, clause_end = tree.span(trigger.anchor.i)
        if headless_predicate(tree, trigger.anchor):
            # The weapon is in the subject the parser took for the head: "A Turkish drone targeted ..."
            clause_start = min(clause_start, tree.span(trigger.anchor.head, frozenset({"acl", "appos", "relcl"}))[0])
        clause_text = tree.text(clause_start, clause_end, document.text)
        fatalities = fatalities_in(tree, sentence_range) if entry.type in ("ASSAULT", "PROTEST") else None
        target_words = {t.lemma.lower() for o in objects for t in tree.subtree(o.i)}
        mode, acled_type, acled_subtype = code_event(self._lex, entry, clause_text, actor1, actor2, target_words, fatalities)
        resolved = self._date(parse, tree, trigger, anchors)
        modality = self._modality.modality(tree, trigger)
        attribution = self._attribution.attribution(
            tree, document.text, parse.mentions, mention_at, trigger, sentence_range, outlet
        )
        if attribution.sourcing == "outlet" and entry.type in _STATEMENT_TYPES and actor1:
            # An accusation, threat or demand nobody reports is its author's own statement.
            author = actor1[0]
            sourcing = "named" if author.type == "person" else "official"
            attribution = dataclasses.replace(attribution, speaker=author.text, sourcing=sourcing)
        confidence = _confidence(entry.confidence, actor1, place, attribution.sourcing, modality, trigger.nominal)
        evidence = TextSpan(document.text[sentence.start:sentence.end], sentence.start, sentence.end)
        return Event(
            id=f"ev_{hashlib.sha1(f'{document.id}:{trigger.token.idx}'.encode()).hexdigest()[:12]}",
            type=entry.type,
            mode=mode,
            acled_type=acled_type,
            acled_subtype=acled_subtype,
            actor1=actor1,
            actor2=tuple(a for a in actor2 if (a.kb_id or a.name) not in {b.kb_id or b.name for b in actor1}),
            associated=(),
            place=place,
            date=resolved.value if resolved else None,
            time_precision=resolved.precision if resolved else "unknown",
            historical=is_historical(resolved, document.published),
            modality=modality,
            attribution=attribution,
            fatalities=fatalities,
            confidence=confidence,
            evidence=evidence,
        )

    def _credit_claims(self, parse: Parse, tree: DependencyTree, finder: ActorFinder, events: list[Event]) -> list[Event]:
        """"X claimed responsibility for the attack": X is the doer of the latest attack told
        before whose doer the report did not name. The claim itself is no new event."""
        for tok in parse.tokens:
            if tok.lemma.lower() != "claim" or tok.pos != "VERB":
                continue
            if not any(o.lemma.lower() == "responsibility" for o in tree.children(tok.i, ("dobj",))):
                continue
            subject = tree.child(tok.i, "nsubj")
            claimers = finder.actors_at(subject.i) if subject is not None else ()
            if not claimers:
                continue
            sentence = next(s for s in parse.sentences if s.token_start <= tok.i < s.token_end)
            events = [e for e in events if not (e.evidence.start == sentence.start and e.type == "ASSAULT" and not e.actor1)]
            earlier = [n for n, e in enumerate(events) if e.type == "ASSAULT" and not e.actor1 and e.evidence.start < sentence.start]
            if earlier:
                events[earlier[-1]] = dataclasses.replace(events[earlier[-1]], actor1=claimers)
        return events

    def _date(self, parse: Parse, tree: DependencyTree, trigger: Trigger, anchors: set[int]):
        clause = tree.subtree_indexes(trigger.anchor.i) | tree.subtree_indexes(trigger.token.i)
        others = {a for a in anchors if a != trigger.anchor.i and a in clause}
        for a in others:
            clause -= tree.subtree_indexes(a)
        candidates = [m for m in parse.mentions if m.label in ("DATE", "TIME") and m.token_start in clause]
        candidates.sort(key=lambda m: tree.distance(trigger.token.i, m.token_start))
        for m in candidates:
            if (resolved := resolve_date(m.text, parse.document.published)) is not None:
                return resolved
        return None

    def _resolve_places(self, parse: Parse) -> dict[int, Place]:
        indexes = [
            i for i, m in enumerate(parse.mentions)
            if m.label in _PLACE_LABELS and (m.kb_id is None or self._is_state(m.kb_id))
        ]
        text = parse.document.text
        queries = []
        for i in indexes:
            m = parse.mentions[i]
            sentence = next((s for s in parse.sentences if s.start <= m.start < s.end), None)
            context, context_start = (text[sentence.start:sentence.end], sentence.start) if sentence else ("", None)
            queries.append(ToponymMention(m.text, m.start, m.end, context, context_start=context_start))
        resolved = self._resolver.resolve(queries)
        return {i: p for i, p in zip(indexes, resolved, strict=True) if p is not None}

    def _is_state(self, kb_id: str) -> bool:
        actor = self._kb.get(kb_id)
        return actor is not None and actor.type == "state"

    def _outlet_in(self, parse: Parse, tree: DependencyTree) -> str | None:
        """The outlet a scraped report names as its own: "sources told X", "X exclusive"."""
        for m in parse.mentions:
            actor = self._kb.get(m.kb_id) if m.kb_id else None
            if actor is None or actor.type != "media":
                continue
            head = tree.tokens[m.token_end - 1]
            above = [head] + list(tree.ancestors(head.i))[:2]
            if any(t.dep in ("dative",) or (t.dep == "pobj" and tree.tokens[t.head].text.lower() == "to") for t in above):
                return actor.name
            if m.start < 300:
                return actor.name
        return None


_STATEMENT_TYPES = frozenset({"ACCUSE", "REJECT", "THREATEN", "REQUEST"})
# Events whose clause is what an accusation, denial or rejection is about, not an event.
_CONTENT_TYPES = frozenset({"ACCUSE", "REJECT"})


def _with_narrative_dates(events: list[Event]) -> list[Event]:
    """An event the report does not date happened when the story around it did: it takes the
    date of the latest dated event told before it (the first one told, for those before it).
    Recalled past events neither give nor take such a date, and statements (accusations,
    threats, requests) are dated only when the report dates them."""
    current = [e for e in events if e.date and not e.historical]
    if not current:
        return events
    dated = current[0]
    out = []
    for event in events:
        if event.date and not event.historical:
            dated = event
        elif event.date is None and event.modality == "asserted" and event.type not in _STATEMENT_TYPES:
            event = dataclasses.replace(event, date=dated.date, time_precision=dated.time_precision)
        out.append(event)
    return out


def _outside_accusations(triggers: list[tuple], tree: DependencyTree) -> list[tuple]:
    """Drop triggers inside what an accusation is about: "accused it of targeting civilians"."""
    heads = {t.token.i for _, t in triggers if t.entry.type in _CONTENT_TYPES}
    return [
        (s, t) for s, t in triggers
        if t.token.i in heads or not any(a.i in heads for a in tree.ancestors(t.anchor.i))
    ]


def _merge_nested(found: list[tuple[Trigger, Event]], tree: DependencyTree) -> list[Event]:
    """One event for two triggers of the same type when one is in the other's clause:
    "conducted a battle to control the city", "two were killed when artillery shelled X".

    The event that names its doer is kept, completed with what only the other one knows."""
    events = [event for _, event in found]
    absorbed: set[int] = set()
    for a, (outer, _) in enumerate(found):
        inside = tree.subtree_indexes(outer.token.i)
        for b, (inner, _) in enumerate(found):
            if a == b or a in absorbed or b in absorbed or inner.entry.type != outer.entry.type:
                continue
            # Coordinated finite verbs tell events of their own ("arrived, met and began a
            # tour"); coordinated participles and the blows of one attack tell one ("killing
            # two and wounding one", "attacked the post and killed two").
            one_telling = inner.anchor.tag in ("VBG", "VBN") or inner.entry.type == "ASSAULT"
            separate = inner.anchor.dep == "conj" and not one_telling and inner.anchor.i != outer.anchor.i
            # ", killing two fighters": a participle adds to the event of its sentence,
            # wherever the parser hung it.
            trailing = inner.anchor.tag == "VBG" and inner.anchor.dep in ("advcl", "acl", "conj", "xcomp") and (
                events[a].evidence.start == events[b].evidence.start
            )
            if not trailing and (inner.anchor.i not in inside or separate):
                continue
            keep, drop = (a, b) if events[a].actor1 or not events[b].actor1 else (b, a)
            events[keep] = _completed(events[keep], events[drop])
            absorbed.add(drop)
    return [e for n, e in enumerate(events) if n not in absorbed]


def _completed(event: Event, other: Event) -> Event:
    generic_modes = (None, "armed clash", "firearms")
    specific = other if event.mode in generic_modes and other.mode not in generic_modes else event
    place = event.place
    if other.place is not None and (place is None or other.place.precision < place.precision):
        place = other.place
    return dataclasses.replace(
        event,
        mode=specific.mode,
        acled_type=specific.acled_type,
        acled_subtype=specific.acled_subtype,
        actor1=event.actor1 or other.actor1,
        actor2=event.actor2 or other.actor2,
        place=place,
        date=event.date or other.date,
        time_precision=event.time_precision if event.date else other.time_precision,
        historical=event.historical or other.historical,
        fatalities=event.fatalities if event.fatalities is not None else other.fatalities,
    )


def _tokens_of_actors(mentions: Sequence[Mention], mention_at: dict[int, int], actors) -> set[int]:
    texts = {a.text for a in actors}
    return {i for i, n in mention_at.items() if mentions[n].text in texts}


def _confidence(base: float, actor1, place: Place | None, sourcing: str, modality: str, nominal: bool) -> float:
    score = base
    score += 0.1 if any(a.kb_id for a in actor1) else (-0.15 if not actor1 else 0.0)
    score -= 0.1 if place is None else 0.0
    score -= 0.05 if sourcing == "anonymous" else 0.0
    score -= 0.1 if modality != "asserted" else 0.0
    score -= 0.05 if nominal else 0.0
    return round(min(0.99, max(0.05, score)), 2)


def _same_event(a: Event, b: Event) -> bool:
    """Two tellings of one event: same type, mode, modality and place, and nothing that
    differs where both say something (doer, target, date)."""
    if (a.type, a.mode, a.modality) != (b.type, b.mode, b.modality):
        return False
    doers_a, doers_b = ({x.kb_id or x.name for x in e.actor1} for e in (a, b))
    if doers_a and doers_b and doers_a != doers_b:
        return False
    if (a.place.geonameid if a.place else None) != (b.place.geonameid if b.place else None):
        return False
    if a.date and b.date and a.date != b.date:
        return False
    targets_a, targets_b = ({x.kb_id or x.name for x in e.actor2} for e in (a, b))
    return not (targets_a and targets_b and targets_a != targets_b)


def _without_duplicates(events: list[Event]) -> list[Event]:
    """One event per real-world event: a report often says a thing twice, as its headline
    and its body. Two triggers of one sentence are two events ("arrived in X and began a
    tour of X"). The telling with the higher confidence is kept, completed by the other."""
    kept: list[Event] = []
    for event in events:
        twin = next(
            (n for n, k in enumerate(kept) if k.evidence.start != event.evidence.start and _same_event(k, event)), None
        )
        if twin is None:
            kept.append(event)
            continue
        first, second = (kept[twin], event) if kept[twin].confidence >= event.confidence else (event, kept[twin])
        kept[twin] = _completed(first, second)
    return kept


def _place_mentions(mentions: Sequence[Mention], places: dict[int, Place]) -> tuple[PlaceMentions, ...]:
    grouped: dict[object, list] = {}
    for index, place in sorted(places.items()):
        m = mentions[index]
        key = place.geonameid if place.geonameid is not None else place.name
        grouped.setdefault(key, [place, []])[1].append(TextSpan(m.text, m.start, m.end))
    return tuple(PlaceMentions(p, tuple(spans)) for p, spans in grouped.values())
