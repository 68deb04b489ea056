"""The events stage: a Parse in, the document's events, actors and places out."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from eventlens.events.classifier import (
    EventClass,
    EventClassifier,
    actor_kinds,
    event_classes,
    sentence_features,
    sentence_units,
)
from eventlens.events.coding import (
    ACLED_TYPE_OF_PROTEST_SUBTYPE,
    TERRITORY_SUBTYPES,
    code_event,
    protest_subtype,
    territory_subtype,
)
from eventlens.events.confidence import event_confidence
from eventlens.events.context import AttributionReader, ModalityReader
from eventlens.events.dates import is_historical, resolve_date, with_narrative_dates
from eventlens.events.fatalities import fatalities_in, tells_a_tally
from eventlens.events.lexicon import EventLexicon, class_entry, english_lexicon
from eventlens.events.location import EventPlacer
from eventlens.events.network import document_actors
from eventlens.events.places import place_mentions, places_within_names, resolve_places
from eventlens.events.roles import ActorFinder
from eventlens.events.syntax import DependencyTree
from eventlens.events.triggers import Trigger, TriggerFinder, headless_predicate
from eventlens.geo import ToponymResolver
from eventlens.ingest import find_dateline_date
from eventlens.kb import KnowledgeBase
from eventlens.model import (
    STATEMENT_TYPES,
    Actor,
    ActorRef,
    Event,
    Mention,
    Parse,
    Place,
    PlaceMentions,
    Sentence,
    TextSpan,
    Token,
)
from eventlens.settings import ClassifierSettings, ConfidenceSettings, EventSettings, shipped_settings


@dataclass(frozen=True)
class Extraction:
    """What the events stage read out of one document; ``outlet`` as the report names it."""

    outlet: str | None
    events: tuple[Event, ...]
    actors: tuple[Actor, ...]
    places: tuple[PlaceMentions, ...]


class EventExtractor:
    """Finds triggers, fills their roles, places, dates, modality and attribution.

    ``settings`` (how sure the classifier must be to act) and ``confidence`` are the
    ``[classifier]`` and ``[confidence]`` sections of settings.toml; the shipped ones by default.
    """

    def __init__(
        self,
        kb: KnowledgeBase,
        resolver: ToponymResolver,
        lexicon: EventLexicon | None = None,
        classifier: EventClassifier | None = None,
        settings: ClassifierSettings | None = None,
        confidence: ConfidenceSettings | None = None,
        events: EventSettings | None = None,
    ):
        self._kb = kb
        self._classifier = classifier
        self._actor_kinds = actor_kinds(kb)
        self._settings = settings or shipped_settings().classifier
        self._confidence = confidence or shipped_settings().confidence
        self._events = events or shipped_settings().events
        self._resolver = resolver
        self._lex = lexicon or english_lexicon()
        self._triggers = TriggerFinder(self._lex)
        self._modality = ModalityReader(self._lex)
        self._attribution = AttributionReader(self._lex)

    def extract(self, parse: Parse) -> Extraction:
        document = parse.document
        mentions = parse.mentions
        tree = DependencyTree(parse.tokens)
        places = resolve_places(parse, self._resolver, self._kb, weapons=self._lex.instrument_words)
        outlet = document.outlet or self._outlet_in(parse, tree)
        year = document.published.year if document.published else None
        finder = ActorFinder(
            self._kb, self._lex, tree, mentions, document.text, year, outlet, self._seats(mentions, places)
        )
        placer = EventPlacer(
            self._lex, tree, document.text, mentions, places, self._events.inferred_place_score_factor
        )

        triggers = _outside_accusations(
            [(s, t) for s in parse.sentences for t in self._triggers.find(tree, s)], tree
        )
        reading = _Reading(parse, tree, finder, placer, {t.anchor.i for _, t in triggers}, outlet)
        found: list[tuple[Trigger, Event]] = []
        for sentence, trigger in triggers:
            event = self._event(reading, sentence, trigger, found)
            if event is not None:
                found.append((trigger, event))
        if self._classifier is not None:
            found = self._classified(reading, found)
        found = [(t, self._codebook_coded(reading, t, e)) for t, e in found]
        events = _without_duplicates(
            _merge_nested(_with_casualties_told_after(found, tree, self._events.casualty_gap_chars), tree)
        )
        events = with_narrative_dates(
            self._credit_claims(parse, tree, finder, events), find_dateline_date(document.text)
        )
        events = [_acled_coded_if_told_as_done(e) for e in events]
        actors = document_actors(self._kb, mentions, events)
        named = place_mentions(mentions, places, places_within_names(parse, self._resolver))
        return Extraction(outlet, tuple(events), actors, named)

    def _classified(
        self, reading: _Reading, found: list[tuple[Trigger, Event]]
    ) -> list[tuple[Trigger, Event]]:
        """The rule events recoded, dropped or added by what the sentence classifier reads in
        each sentence: the rules keep roles, places and dates; the classifier names the kind of
        event where the sentence says it plainly enough, and tells sentences of crime, disasters
        or sport from conflict events."""
        parse, tree = reading.parse, reading.tree
        classes = event_classes()
        out: list[tuple[Trigger, Event]] = []
        lede_no_event: float | None = None  # how surely the report's lede tells no conflict event
        for sentence in parse.sentences:
            own = [(t, e) for t, e in found if e.evidence.start == sentence.start]
            units = sentence_units(
                parse.tokens, sentence.token_start, sentence.token_end, parse.mentions, self._actor_kinds
            )
            probabilities = self._classifier.scores(sentence_features(units, parse.tokens)).probabilities
            no_event = sum(p for label, p in probabilities.items() if not classes[label].is_event)
            # A report about a plane crash or a wildfire tells it in its lede; what its later
            # sentences say of "aircraft" or "fire" is that story, not an attack.
            after_quiet_lede = (
                lede_no_event is not None and lede_no_event >= self._settings.lede_no_event_threshold
            )
            if lede_no_event is None and _has_verb(parse, sentence):
                lede_no_event = no_event
            if after_quiet_lede:
                own = [(t, e) for t, e in own if self._kept(e, probabilities)]

            if no_event >= self._settings.drop_threshold:
                out.extend((t, e) for t, e in own if self._kept(e, probabilities))
                continue
            if no_event >= self._settings.drop_unnamed_threshold:
                # "An explosion occurred at a metal plant": by nobody's hand, to nobody, doubted.
                own = [(t, e) for t, e in own if e.actor1 or e.actor2 or self._kept(e, probabilities)]
            label, probability = max(
                ((label, p) for label, p in probabilities.items() if classes[label].is_event),
                key=lambda pair: pair[1],
            )
            kind = classes[label]
            if probability < self._settings.code_threshold or not _names_what_it_needs(parse, sentence, kind):
                out.extend(own)
                continue
            coded = [
                (t, _coded_as(e, kind) if self._recodes(t, e, kind, probability) else e)
                for t, e in own
                if e.type in kind.codes
            ]
            # Where the rules read an event of another kind, the classifier must be sure of its own
            # to add it: "called on the UN to stop the attacks" is one appeal, not a meeting too.
            needed = self._settings.overrule_threshold if own else self._settings.new_event_threshold
            if after_quiet_lede:
                needed = max(needed, self._settings.after_lede_threshold)
            if not coded and probability >= needed:
                trigger = self._class_trigger(tree, units, kind)
                event = self._event(reading, sentence, trigger, out) if trigger is not None else None
                if event is not None:
                    # The weapon the rules read picks the kind of explosion or remote violence.
                    by_weapon = (
                        event.acled_type == _REMOTE_VIOLENCE
                        and kind.acled is not None
                        and kind.acled[0] == _REMOTE_VIOLENCE
                    )
                    coded = [(trigger, event if by_weapon else _coded_as(event, kind))]
            others = [(t, e) for t, e in own if e.type not in kind.codes]
            if probability >= self._settings.overrule_threshold:
                # "targeted Russia with sanctions": the rules' event of another kind is a word's
                # other sense when the classifier is sure what the sentence tells.
                others = [(t, e) for t, e in others if _beyond_the_classifier(e)]
            # The event the sentence is about comes first among its events.
            out.extend(coded + others)
        return out

    def _leaves_a_place(self, reading: _Reading, trigger: Trigger) -> bool:
        """Whether a withdrawal is from a place: "withdrew from the crossing", "pulled out of
        Kirkuk", or a town the gazetteer lacks but the tagger marks as a place."""
        tree, mention_at, mentions = reading.tree, reading.finder.mention_at, reading.parse.mentions
        verbs = {trigger.token.i, trigger.anchor.i}
        if trigger.anchor.dep in ("advcl", "xcomp", "conj"):
            # The classifier's word may be "leaving" of "pulled back from X, leaving it to Y".
            verbs.add(trigger.anchor.head)
        particles = list(verbs) + [
            c.i
            for verb in verbs
            for c in tree.children(verb, ("prt", "advmod", "prep"))
            if c.text.lower() in ("out", "away")
        ]
        left = [
            o
            for word in particles
            for p in tree.children(word, ("prep",))
            if p.text.lower() in ("from", "of")
            for o in tree.children(p.i, ("pobj",))
        ]
        left += [a for o in left for a in tree.children(o.i, ("appos",))]  # "from X, the largest base"
        return any(
            reading.placer.names_place(o.i)
            or o.lemma.lower() in self._lex.territory_objects
            or (o.i in mention_at and mentions[mention_at[o.i]].label in _PLACE_LABELS)
            for o in left
        )

    def _codebook_coded(self, reading: _Reading, trigger: Trigger, event: Event) -> Event:
        """The event with the sub-type ACLED's codebook gives, once the rules and the classifier
        have said which family it is of: forces that leave a town or a base hand it over without
        a fight; territory taken by force is the taker's side's; a demonstration's sub-type
        follows what its sentence tells of the demonstrators and the forces."""
        withdrawal = event.mode == "withdrawal" and event.acled_subtype == "Change to group/activity"
        if withdrawal and self._leaves_a_place(reading, trigger):
            return dataclasses.replace(event, acled_subtype="Non-violent transfer of territory")
        if event.acled_subtype in TERRITORY_SUBTYPES:
            taker = territory_subtype(event.actor1)
            return dataclasses.replace(event, acled_subtype=taker) if taker else event
        if event.acled_subtype is None:
            return event
        subtype = protest_subtype(
            self._lex, event.acled_subtype, event.evidence.text, event.fatalities, event.actor2
        )
        if subtype == event.acled_subtype:
            return event
        mode = event.mode
        if event.type == "PROTEST":
            mode = "riot" if subtype == "Violent demonstration" else "demonstrate"
        return dataclasses.replace(
            event, mode=mode, acled_type=ACLED_TYPE_OF_PROTEST_SUBTYPE[subtype], acled_subtype=subtype
        )

    def _kept(self, event: Event, probabilities: dict[str, float]) -> bool:
        """Whether a rules' event stays in a sentence the classifier reads as no conflict event.

        One beyond the classifier stays, and so does an event of a kind the classifier still
        gives a fair chance."""
        return (
            _beyond_the_classifier(event)
            or _chance_of(event, probabilities, event_classes()) >= self._settings.keep_threshold
        )

    def _recodes(self, trigger: Trigger, event: Event, kind: EventClass, probability: float) -> bool:
        """Whether the classifier's coding replaces the rules': always where the rules only
        defaulted ("attacked" is an armed clash unless a word says more), when it is sure where
        the trigger word itself codes ("clashed"), where the rules name a weapon only when it is
        sure of another ACLED event type ("found a cache of explosive devices"): "a drone fired
        two missiles" stays a drone strike."""
        if event.acled_subtype not in _RULE_DEFAULT_CODES:
            # Weapons named in a seizure or a defusing are no attack with them.
            return (
                kind.acled is not None
                and kind.acled[0] != event.acled_type
                and (probability >= self._settings.overrule_threshold)
            )
        if trigger.entry.acled is None or trigger.entry.acled[1] == "Peaceful protest":
            return True
        return probability >= self._settings.overrule_threshold

    def _declined_by_the_rules(self, token: Token, kind: EventClass) -> bool:
        """Whether the lexicon has the word for the class's type, so the rules have read it and
        found no such event ("the shelling, which threatened the harvest"): the classifier's
        event takes another word or none."""
        return any(e.type == kind.type for e in self._lex.entries(token.lemma, token.pos))

    def _tells_who_says(self, tree: DependencyTree, token: Token) -> bool:
        """A reporting verb or its subject ("officials said"): the source, never the event."""
        reporting = self._lex.reporting_verbs
        return token.lemma.lower() in reporting or (
            token.dep == "nsubj" and tree.tokens[token.head].lemma.lower() in reporting
        )

    def _class_trigger(self, tree: DependencyTree, units, kind: EventClass) -> Trigger | None:
        """The word of the sentence that speaks most for the class, as a trigger of its own."""
        weights = [
            (self._classifier.weight(f"w:{unit}", kind.label), i)
            for i, unit in units
            if tree.tokens[i].pos in ("VERB", "NOUN")
            and not unit.startswith("<")
            and not self._declined_by_the_rules(tree.tokens[i], kind)
            and not self._tells_who_says(tree, tree.tokens[i])
        ]
        if not weights:
            return None
        weight, i = max(weights)
        if weight <= 0:
            return None
        token = tree.tokens[i]
        anchor = token
        if token.pos == "NOUN" and token.dep in ("dobj", "nsubj", "nsubjpass"):
            anchor = tree.tokens[token.head]
        elif token.pos == "NOUN" and token.dep == "pobj":
            anchor = tree.tokens[tree.tokens[token.head].head]
        pos = "VERB" if token.pos == "VERB" else "NOUN"
        entry = class_entry(kind, token.lemma.lower(), pos, self._settings.class_trigger_confidence)
        return Trigger(token, entry, anchor if anchor.pos in ("VERB", "AUX") else token)

    def _event(
        self, reading: _Reading, sentence: Sentence, trigger: Trigger, found: list[tuple[Trigger, Event]]
    ) -> Event | None:
        entry = trigger.entry
        parse, tree, finder, placer = reading.parse, reading.tree, reading.finder, reading.placer
        document = parse.document
        if entry.subject_labels and finder.subject_label(trigger) not in entry.subject_labels:
            return None
        actor1, actor2 = finder.roles(trigger)
        if not actor1 and finder.names_both_parties(trigger):
            told = next((e for _, e in reversed(found) if e.actor1), None)
            if told is not None:
                actor1, actor2 = told.actor1, actor2 or told.actor2
        associated = _others(finder.associates(trigger), actor1 + actor2)
        objects = finder.object_tokens(trigger)
        if entry.object_labels and not actor2:
            return None
        # A noun the classifier chose ("dozens of civilians") is told in its verb's clause.
        clause_verb = next(
            (t for t in (trigger.anchor, *tree.ancestors(trigger.anchor.i)) if t.pos == "VERB"),
            trigger.anchor,
        )
        if tells_a_tally(tree, clause_verb):
            return None
        if entry.requires_place_object and not any(
            placer.names_place(o.i) or o.lemma.lower() in self._lex.territory_objects for o in objects
        ):
            return None
        actor_tokens = _tokens_of_actors(parse.mentions, finder.mention_at, actor1 + actor2 + associated)
        if entry.type in STATEMENT_TYPES:
            actor_tokens |= finder.addressee_tokens(trigger)
        place = placer.place(trigger, sentence, reading.anchors - {trigger.anchor.i}, actor_tokens)
        sentence_range = range(sentence.token_start, sentence.token_end)
        clause_start, clause_end = tree.span(trigger.anchor.i)
        if headless_predicate(tree, trigger.anchor):
            # The weapon is in the subject the parser took for the head: "A Turkish drone targeted ..."
            clause_start = min(
                clause_start, tree.span(trigger.anchor.head, frozenset({"acl", "appos", "relcl"}))[0]
            )
        clause_text = tree.text(clause_start, clause_end, document.text)
        fatalities = fatalities_in(tree, sentence_range) if entry.type in ("ASSAULT", "PROTEST") else None
        target_words = {t.lemma.lower() for o in objects for t in tree.subtree(o.i)}
        mode, acled_type, acled_subtype = code_event(
            self._lex, entry, clause_text, actor1, actor2, target_words, fatalities
        )
        resolved = self._date(parse, tree, trigger, reading.anchors)
        modality = self._modality.modality(tree, trigger)
        attribution = self._attribution.attribution(
            tree, document.text, parse.mentions, finder.mention_at, trigger, sentence_range, reading.outlet
        )
        if attribution.sourcing == "outlet" and entry.type in STATEMENT_TYPES and actor1:
            # An accusation, threat or demand nobody reports is its author's own statement.
            author = actor1[0]
            sourcing = "named" if author.type == "person" else "official"
            attribution = dataclasses.replace(attribution, speaker=author.text, sourcing=sourcing)
        confidence = event_confidence(
            entry.confidence, actor1, place, attribution.sourcing, modality, trigger.nominal, self._confidence
        )
        evidence = TextSpan(document.text[sentence.start : sentence.end], sentence.start, sentence.end)
        return Event(
            id=f"ev_{hashlib.sha1(f'{document.id}:{trigger.token.idx}'.encode()).hexdigest()[:12]}",
            type=entry.type,
            mode=mode,
            acled_type=acled_type,
            acled_subtype=acled_subtype,
            actor1=actor1,
            actor2=_others(actor2, actor1),
            associated=associated,
            place=place,
            date=resolved.value if resolved else None,
            time_precision=resolved.precision if resolved else "unknown",
            historical=is_historical(resolved, document.published, self._events.historical_days),
            modality=modality,
            attribution=attribution,
            fatalities=fatalities,
            confidence=confidence,
            evidence=evidence,
        )

    def _credit_claims(
        self, parse: Parse, tree: DependencyTree, finder: ActorFinder, events: list[Event]
    ) -> list[Event]:
        """ "X claimed responsibility for the attack": X is the doer of the latest attack told
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
            events = [
                e
                for e in events
                if not (e.evidence.start == sentence.start and e.type == "ASSAULT" and not e.actor1)
            ]
            earlier = [
                n
                for n, e in enumerate(events)
                if e.type == "ASSAULT" and not e.actor1 and e.evidence.start < sentence.start
            ]
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

    def _seats(self, mentions: Sequence[Mention], places: dict[int, Place]) -> dict[int, str]:
        """Mentions of capitals, with the KB id of the government seated there."""
        seats = {}
        for index, place in places.items():
            state = self._kb.government_seated_in(place.name, place.country) if place.country else None
            if state is not None and mentions[index].label == "GPE":
                seats[index] = state.id
        return seats

    def _outlet_in(self, parse: Parse, tree: DependencyTree) -> str | None:
        """The outlet a scraped report names as its own: "sources told X", "X exclusive"."""
        for m in parse.mentions:
            actor = self._kb.get(m.kb_id) if m.kb_id else None
            if actor is None or actor.type != "media":
                continue
            head = tree.tokens[m.token_end - 1]
            above = [head] + list(tree.ancestors(head.i))[:2]
            if any(
                t.dep in ("dative",) or (t.dep == "pobj" and tree.tokens[t.head].text.lower() == "to")
                for t in above
            ):
                return actor.name
            if m.start < 300:
                return actor.name
        return None


@dataclass(frozen=True)
class _Reading:
    """What the extractor knows of the document it reads, shared by all its events."""

    parse: Parse
    tree: DependencyTree
    finder: ActorFinder
    placer: EventPlacer
    anchors: set[int]  # the anchor tokens of the rule triggers
    outlet: str | None


def _others(actors: tuple[ActorRef, ...], taken: tuple[ActorRef, ...]) -> tuple[ActorRef, ...]:
    """The actors that are none of ``taken`` (by KB id, else by name)."""
    keys = {a.kb_id or a.name for a in taken}
    return tuple(a for a in actors if (a.kb_id or a.name) not in keys)


def _has_verb(parse: Parse, sentence: Sentence) -> bool:
    """Whether a sentence has a verb: a dateline ("BOGOTA -") or a byline is no lede."""
    return any(parse.tokens[i].pos == "VERB" for i in range(sentence.token_start, sentence.token_end))


def _names_what_it_needs(parse: Parse, sentence: Sentence, kind: EventClass) -> bool:
    """Whether the sentence has a word the class cannot go without (a weapon for a disrupted
    weapons use: "migrants intercepted at sea" is no such event)."""
    if not kind.requires_words:
        return True
    tokens = parse.tokens[sentence.token_start : sentence.token_end]
    return any(
        t.lemma.lower() in kind.requires_words or t.text.lower() in kind.requires_words for t in tokens
    )


def _beyond_the_classifier(event: Event) -> bool:
    """An event the classifier may not drop: one ACLED does not code, recalled history, or one
    told as denied, claimed, planned (the classifier was taught sentences that assert what they tell)."""
    return event.acled_type is None or event.historical or event.modality != "asserted"


def _chance_of(event: Event, probabilities: dict[str, float], classes: dict[str, EventClass]) -> float:
    """The classifier's probability of the event's own ACLED sub-event type."""
    return sum(
        p
        for label, p in probabilities.items()
        if classes[label].acled and classes[label].acled[1] == event.acled_subtype
    )


def _coded_as(event: Event, kind: EventClass) -> Event:
    """The event with the class's ACLED coding (none for a class ACLED does not code) and mode,
    and the class's type where the rules' type is one it retypes."""
    acled_type, acled_subtype = kind.acled or (None, None)
    return dataclasses.replace(
        event,
        type=kind.type if event.type in kind.retypes else event.type,
        mode=kind.mode or event.mode,
        acled_type=acled_type,
        acled_subtype=acled_subtype,
    )


# What the rules code when no word of the sentence says more (an attack's weapon, a protest's
# dispersal): the sub-event types the classifier, reading the whole sentence, may recode.
_REMOTE_VIOLENCE = "Explosions/Remote violence"
_RULE_DEFAULT_CODES = frozenset({None, "Armed clash", "Attack", "Peaceful protest", "Agreement", "Other"})

# Entity labels of names of places, resolved or not.
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

# Events whose clause is what an accusation, denial or rejection is about, not an event.
_CONTENT_TYPES = frozenset({"ACCUSE", "REJECT"})


# What ACLED codes: events reported as done, or claimed done by their authors; not threats,
# plans, calls, conditions or denials ("threatened to storm the town" is no armed clash).
_ACLED_MODALITIES = frozenset({"asserted", "claimed"})


def _acled_coded_if_told_as_done(event: Event) -> Event:
    if event.modality in _ACLED_MODALITIES or event.acled_type is None:
        return event
    return dataclasses.replace(event, acled_type=None, acled_subtype=None)


def _outside_accusations(triggers: list[tuple], tree: DependencyTree) -> list[tuple]:
    """Drop triggers inside what an accusation is about: "accused it of targeting civilians"."""
    heads = {t.token.i for _, t in triggers if t.entry.type in _CONTENT_TYPES}
    return [
        (s, t)
        for s, t in triggers
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
            trailing = (
                inner.anchor.tag == "VBG"
                and inner.anchor.dep in ("advcl", "acl", "conj", "xcomp")
                and (events[a].evidence.start == events[b].evidence.start)
            )
            if not trailing and (inner.anchor.i not in inside or separate):
                continue
            keep, drop = (a, b) if events[a].actor1 or not events[b].actor1 else (b, a)
            events[keep] = _completed(events[keep], events[drop])
            absorbed.add(drop)
    return [e for n, e in enumerate(events) if n not in absorbed]


def _with_casualties_told_after(
    found: list[tuple[Trigger, Event]], tree: DependencyTree, gap_chars: int
) -> list[tuple[Trigger, Event]]:
    """ "X clashed with Y ... At least five fighters were killed": a toll told in the passive,
    by no one's hand, right after a fight (nothing else told between, a few lines at most) is
    that fight's. "A sniper later killed a civilian" has a doer and is an event of its own."""
    out: list[tuple[Trigger, Event]] = []
    for trigger, event in found:
        told = out[-1][1] if out else None
        if (
            told is not None
            and event.type == told.type == "ASSAULT"
            and not event.actor1
            and tree.child(trigger.anchor.i, "nsubj") is None
            and event.fatalities
            and not told.fatalities
            and not told.historical
            and event.mode in _GENERIC_ASSAULT_MODES
            and 0 <= event.evidence.start - told.evidence.end <= gap_chars
        ):
            out[-1] = (
                out[-1][0],
                dataclasses.replace(told, fatalities=event.fatalities, actor2=told.actor2 or event.actor2),
            )
            continue
        out.append((trigger, event))
    return out


_GENERIC_ASSAULT_MODES = (None, "armed clash", "firearms")


def _completed(event: Event, other: Event) -> Event:
    specific = (
        other if event.mode in _GENERIC_ASSAULT_MODES and other.mode not in _GENERIC_ASSAULT_MODES else event
    )
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


def _same_event(a: Event, b: Event) -> bool:
    """Two tellings of one event: same type, mode, modality and place, and nothing that
    differs where both say something (doer, target, date, deaths)."""
    if (a.type, a.mode, a.modality, a.historical) != (b.type, b.mode, b.modality, b.historical):
        return False
    doers_a, doers_b = ({x.kb_id or x.name for x in e.actor1} for e in (a, b))
    if doers_a and doers_b and doers_a != doers_b:
        return False
    if (a.place.geonameid if a.place else None) != (b.place.geonameid if b.place else None):
        return False
    if a.date and b.date and a.date != b.date:
        return False
    if a.fatalities and b.fatalities and a.fatalities != b.fatalities:
        return False  # "24 killed on Sunday ... a woman killed two days later"
    targets_a, targets_b = ({x.kb_id or x.name for x in e.actor2} for e in (a, b))
    return not (targets_a and targets_b and targets_a != targets_b)


def _without_duplicates(events: list[Event]) -> list[Event]:
    """One event per real-world event: a report often says a thing twice, as its headline
    and its body. Two triggers of one sentence are two events ("arrived in X and began a
    tour of X") unless one of them names nobody ("arrested four men ... relatives of the
    detained said"). The telling with the higher confidence is kept, completed by the other."""
    kept: list[Event] = []
    for event in events:
        twin = next(
            (
                n
                for n, k in enumerate(kept)
                if (
                    k.evidence.start != event.evidence.start
                    or not (k.actor1 or k.actor2)
                    or not (event.actor1 or event.actor2)
                )
                and _same_event(k, event)
            ),
            None,
        )
        if twin is None:
            kept.append(event)
            continue
        first, second = (
            (kept[twin], event) if kept[twin].confidence >= event.confidence else (event, kept[twin])
        )
        kept[twin] = _completed(first, second)
    return kept
