"""The events stage for Arabic: a Parse of an Arabic report in, the same Extraction out.

Triggers come from the Arabic lexicon, roles from word order (``roles``), places from the
shared ``EventPlacer`` and ``ToponymResolver``, dates from ``dates``, modality, attribution and
fatalities from ``context``. The Parse of an Arabic report has no dependency parse, so the
placer is given a shallow one: every word of a sentence hangs on the trigger that opens its
stretch of the sentence (words before the first trigger on the first), which makes "the
trigger's clause" the words up to the next trigger, as Arabic news sentences chain their
events (قصفت ... واستهدفت ...).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from eventlens.events.arabic.context import ArabicContextReader, has_stem, names_phrase
from eventlens.events.arabic.dates import ArabicDateReader
from eventlens.events.arabic.lexicon import ArabicLexicon, arabic_lexicon
from eventlens.events.arabic.roles import ArabicRoleFinder
from eventlens.events.arabic.triggers import ArabicTriggerFinder, FoundTrigger
from eventlens.events.confidence import event_confidence
from eventlens.events.dates import is_historical, with_narrative_dates
from eventlens.events.extractor import Extraction
from eventlens.events.lexicon import english_lexicon
from eventlens.events.location import EventPlacer
from eventlens.events.network import document_actors
from eventlens.events.places import place_mentions, resolve_places
from eventlens.events.syntax import DependencyTree
from eventlens.events.triggers import Trigger
from eventlens.geo import ToponymResolver
from eventlens.kb import KnowledgeBase
from eventlens.model import (
    STATEMENT_TYPES,
    ActorRef,
    Event,
    Parse,
    Place,
    Sentence,
    TextSpan,
    Token,
)
from eventlens.nlp.arabic import ArabicWord, place_qualifier
from eventlens.settings import ArabicSettings, ConfidenceSettings, EventSettings, shipped_settings

_NAME_LABELS = frozenset({"ORG", "PERSON", "GPE", "LOC", "FAC"})
_STATE_TYPES = frozenset({"state_military", "state"})
_ARMED_TYPES = frozenset(
    {"state_military", "rebel_group", "political_militia", "identity_militia", "militia", "external"}
)
# Modes that say less than another telling of the same attack may.
_GENERIC_MODES = (None, "armed clash", "firearms")


@dataclass(frozen=True)
class _Report:
    """What the extraction of one report's events shares."""

    parse: Parse
    words: list[ArabicWord]
    tree: DependencyTree
    roles: ArabicRoleFinder
    placer: EventPlacer
    places: dict[int, Place]
    anchors: frozenset[int]  # the first word of every trigger
    outlet: str | None
    datelines: frozenset[int]  # the words of a dateline's place ("إدلب - قصفت ..."): no event's


class ArabicEventExtractor:
    """Finds Arabic triggers and fills their roles, places, dates, modality and attribution.

    ``confidence`` and ``settings`` (how many words around a trigger or a name the rules read)
    are the ``[confidence]`` and ``[arabic]`` sections of settings.toml; the shipped ones by default.
    """

    def __init__(
        self,
        kb: KnowledgeBase,
        resolver: ToponymResolver,
        lexicon: ArabicLexicon | None = None,
        confidence: ConfidenceSettings | None = None,
        events: EventSettings | None = None,
        settings: ArabicSettings | None = None,
    ):
        self._kb = kb
        self._resolver = resolver
        self._confidence = confidence or shipped_settings().confidence
        self._events = events or shipped_settings().events
        self._reach = settings or shipped_settings().arabic
        self._lex = lexicon or arabic_lexicon()
        self._triggers = ArabicTriggerFinder(self._lex, self._reach.trigger_context_words)
        self._dates = ArabicDateReader(self._lex)
        self._context = ArabicContextReader(self._lex, self._reach)

    def extract(self, parse: Parse) -> Extraction:
        document = parse.document
        text = document.text
        words = [_word(t) for t in parse.tokens]
        places = resolve_places(
            parse, self._resolver, self._kb, lambda mention: place_qualifier(words, mention.token_start)
        )
        outlet = document.outlet
        year = document.published.year if document.published else None
        roles = ArabicRoleFinder(self._lex, self._kb, text, words, parse.mentions, year, self._reach)
        named = {
            i for m in parse.mentions if m.label in _NAME_LABELS for i in range(m.token_start, m.token_end)
        }
        demands = self._lex.modality["called_for"]
        found = [
            (sentence, trigger)
            for sentence in parse.sentences
            for trigger in _called_for(
                words,
                list(self._triggers.find(words, sentence.token_start, sentence.token_end, named)),
                demands,
                self._reach.call_reach,
            )
        ]
        tree = DependencyTree(_shallow_parse(parse.tokens, parse.sentences, [t for _, t in found]))
        placer = EventPlacer(
            english_lexicon(), tree, text, parse.mentions, places, self._events.inferred_place_score_factor
        )
        report = _Report(
            parse,
            words,
            tree,
            roles,
            placer,
            places,
            frozenset(t.first for _, t in found),
            outlet,
            _datelines(parse, words),
        )
        events: list[Event] = []
        told: Event | None = None  # the latest event of the current sentence
        for n, (sentence, trigger) in enumerate(found):
            following = (
                found[n + 1][1].first
                if n + 1 < len(found) and found[n + 1][0] is sentence
                else sentence.token_end
            )
            if told is not None and told.evidence.start != sentence.start:
                told = None
            event = self._event(report, sentence, trigger, following, told)
            if event is not None:
                events.append(event)
                told = event
        placed = {
            s.start
            for s in parse.sentences
            if any(s.start <= parse.mentions[i].start < s.end for i in places)
        }
        events = with_narrative_dates(_without_duplicates(events, placed), None)
        actors = document_actors(self._kb, parse.mentions, events)
        return Extraction(outlet, tuple(events), actors, place_mentions(parse.mentions, places))

    def _event(
        self, report: _Report, sentence: Sentence, trigger: FoundTrigger, segment_end: int, told: Event | None
    ) -> Event | None:
        parse, words, roles, outlet = report.parse, report.words, report.roles, report.outlet
        document = parse.document
        entry = trigger.entry
        actor1, actor2 = roles.roles(
            entry,
            trigger.pos,
            trigger.first,
            trigger.last,
            (sentence.token_start, sentence.token_end),
            segment_end,
        )
        if (
            not actor1
            and told is not None
            and trigger.pos == "VERB"
            and words[trigger.first].folded[:1] in "وف"
        ):
            actor1 = told.actor1  # "وصل X إلى البوكمال والتقى بقادة ...": the same doer
        if entry.subject_labels and not any(a.type == "person" for a in actor1):
            return None
        anchor = report.tree.tokens[trigger.first]
        actor_tokens = {
            i
            for s in roles.slots_in(sentence.token_start, sentence.token_end)
            if s.actor in actor1 + actor2
            for i in range(s.start, s.end)
        }
        if entry.type in STATEMENT_TYPES:
            # Whose people speak is not where what they ask for is to happen ("طالب شيوخ عشائر
            # دير الزور ... في بلدة ذيبان"); protesters and detainees are where their town is.
            actor_tokens |= self._origin_places(parse, words, report.places, sentence)
        actor_tokens |= report.datelines
        place = self._anaphor_place(parse, words, sentence, report.places) or report.placer.place(
            Trigger(anchor, entry, anchor), sentence, set(report.anchors - {trigger.first}), actor_tokens
        )
        start, end = sentence.token_start, sentence.token_end
        fatalities = (
            self._context.fatalities(words, start, end) if entry.type in ("ASSAULT", "PROTEST") else None
        )
        mode, acled_type, acled_subtype = self._code(
            entry, words, start, segment_end, actor1, actor2, fatalities
        )
        dates = self._dates.find(words, start, end, document.published)
        resolved = min(dates, key=lambda d: abs(d.start - trigger.first)).resolved if dates else None
        floor = max([a for a in report.anchors if start <= a < trigger.first], default=start)
        modality = (
            "called for"
            if trigger.called_for
            else self._context.modality(words, floor, trigger.first, trigger.future)
        )
        attribution = self._context.attribution(words, start, end, parse.mentions, outlet)
        if attribution.sourcing == "outlet" and entry.type in STATEMENT_TYPES and actor1:
            author = actor1[0]
            attribution = dataclasses.replace(
                attribution, speaker=author.text, sourcing="named" if author.type == "person" else "official"
            )
        evidence = TextSpan(document.text[sentence.start : sentence.end], sentence.start, sentence.end)
        return Event(
            id=f"ev_{hashlib.sha1(f'{document.id}:{words[trigger.first].start}'.encode()).hexdigest()[:12]}",
            type=entry.type,
            mode=mode,
            acled_type=acled_type,
            acled_subtype=acled_subtype,
            actor1=actor1,
            actor2=actor2,
            associated=(),
            place=place,
            date=resolved.value if resolved else None,
            time_precision=resolved.precision if resolved else "unknown",
            historical=is_historical(resolved, document.published, self._events.historical_days),
            modality=modality,
            attribution=attribution,
            fatalities=fatalities,
            confidence=event_confidence(
                entry.confidence,
                actor1,
                place,
                attribution.sourcing,
                modality,
                trigger.pos == "NOUN",
                self._confidence,
            ),
            evidence=evidence,
        )

    def _origin_places(
        self, parse: Parse, words: list[ArabicWord], places: dict[int, Place], sentence: Sentence
    ) -> set[int]:
        """The words of places that say whose people act, not where: "شيوخ عشائر دير الزور",
        "أبناء بلدة البصيرة" (skipping a cue word such as مدينة between)."""
        out: set[int] = set()
        for n in places:
            m = parse.mentions[n]
            if not sentence.token_start <= m.token_start < sentence.token_end:
                continue
            j = m.token_start - 1
            if j >= 0 and words[j].folded in self._lex.place_cue_words:
                j -= 1
            if j >= 0 and words[j].kind == "word" and set(words[j].stems()) & self._lex.origin_nouns:
                out.update(range(m.token_start, m.token_end))
        return out

    def _anaphor_place(
        self, parse: Parse, words: list[ArabicWord], sentence: Sentence, places: dict[int, Place]
    ) -> Place | None:
        """ "وكانت المدينة قد تعرضت لقصف": in a sentence that names no place, "the town" is the
        latest town named before it (as precise), "the area" the same, less precise."""
        if any(sentence.start <= parse.mentions[i].start < sentence.end for i in places):
            return None
        for i in range(sentence.token_start, sentence.token_end):
            word = words[i]
            kind = (
                "town"
                if word.folded in self._lex.town_anaphors
                else "area"
                if word.folded in self._lex.area_anaphors
                else None
            )
            if kind is None:
                continue
            earlier = [
                (parse.mentions[n].end, p)
                for n, p in places.items()
                if parse.mentions[n].end <= sentence.start
                and p.precision < 3
                and (kind == "area" or p.feature == "populated")
            ]
            if not earlier:
                return None
            place = max(earlier, key=lambda pair: pair[0])[1]
            precision = place.precision if kind == "town" else max(place.precision, 2)
            return dataclasses.replace(place, precision=precision, text=word.text)
        return None

    def _code(
        self,
        entry,
        words,
        start: int,
        end: int,
        actor1: tuple[ActorRef, ...],
        actor2: tuple[ActorRef, ...],
        fatalities: int | None,
    ) -> tuple[str | None, str | None, str | None]:
        """(mode, ACLED type, ACLED sub-type): the instruments the clause names, the target."""
        mode, acled = entry.mode, entry.acled
        if entry.type == "ASSAULT":
            instrument = next(
                (i for i in self._lex.instruments if names_phrase(words, start, end, i.words)), None
            )
            if instrument is not None and mode not in ("abduction", "assassination"):
                mode = instrument.mode
                acled = instrument.acled or acled
            civilians = any(a.type == "civilians" for a in actor2) or any(
                has_stem(words[i], self._lex.civilian_nouns) for i in range(start, end)
            )
            armed_target = any(a.type in _ARMED_TYPES for a in actor2)
            # An assassination of someone who bears no arms is violence against a civilian.
            civilians = (civilians or mode == "assassination") and not armed_target
            if acled is None or acled[0] == "Battles":
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
            mode = next(
                (
                    m
                    for m, phrases in self._lex.request_modes.items()
                    if names_phrase(words, start, end, phrases)
                ),
                None,
            )
        elif entry.protest and entry.mode != "riot" and names_phrase(words, start, end, self._lex.riot_words):
            mode, acled = "riot", ("Riots", "Violent demonstration")  # "أحرق محتجون مبنى ..."
        elif (
            entry.protest
            and entry.mode != "riot"
            and names_phrase(words, start, end, self._lex.protest_intervention)
        ):
            acled = (
                "Protests",
                "Excessive force against protesters" if fatalities else "Protest with intervention",
            )
        return (mode, acled[0], acled[1]) if acled else (mode, None, None)


def _called_for(
    words: Sequence[ArabicWord], triggers: list[FoundTrigger], demands: frozenset[str], call_reach: int
) -> list[FoundTrigger]:
    """What a request asks for is no event of its own: "دعا ناشطون إلى تظاهرة" is a protest
    called for (the request is dropped), "للمطالبة بالإفراج عن المعتقلين" asks for a release
    that has not happened (dropped), and a protest's demands are the protest's. Only protests
    are kept as called for, as the English annotation codes them. A request up to ``call_reach``
    words before a trigger asks for it ("دعا إلى إضراب عام": the strike, called for)."""
    kept: list[FoundTrigger] = []
    for n, trigger in enumerate(triggers):
        demanded = any(
            set(words[j].stems()) & demands for j in range(max(0, trigger.first - 2), trigger.first)
        )
        asked = (
            kept
            and kept[-1].entry.type == "REQUEST"
            and (
                trigger.first - kept[-1].last <= call_reach
                or words[trigger.first - 1].folded in ("الى", "الي")
            )
        )
        if trigger.entry.type == "REQUEST" and any(k.entry.type == "PROTEST" for k in kept):
            continue  # what a protest demands: "رافعين شعارات تطالب بالإصلاح"
        if trigger.entry.type != "REQUEST" and (demanded or asked):
            if asked:
                kept.pop()
            if trigger.entry.type == "PROTEST":
                kept.append(dataclasses.replace(trigger, called_for=True))
            continue
        kept.append(trigger)
    return kept


def _datelines(parse: Parse, words: list[ArabicWord]) -> frozenset[int]:
    """The words of a place that opens a paragraph before a dash or colon: "إدلب - ",
    "دير الزور – ". The report was filed there; its events happened where its sentences say."""
    text = parse.document.text
    out: set[int] = set()
    for m in parse.mentions:
        opens_line = m.start == 0 or text[m.start - 1] == "\n"
        if opens_line and m.token_end < len(words) and words[m.token_end].text in ("-", "–", "—", ":"):
            out.update(range(m.token_start, m.token_end))
    return frozenset(out)


def _word(token: Token) -> ArabicWord:
    kind = {"PUNCT": "punct", "NUM": "number"}.get(token.pos, "word")
    return ArabicWord(token.text, token.idx, token.idx + len(token.text), kind, token.lemma)


def _shallow_parse(
    tokens: Sequence[Token], sentences: Sequence[Sentence], triggers: list[FoundTrigger]
) -> list[Token]:
    """Tokens re-headed on the trigger of their stretch of the sentence (see the module doc)."""
    firsts = sorted(t.first for t in triggers)
    out = list(tokens)
    for sentence in sentences:
        own = [f for f in firsts if sentence.token_start <= f < sentence.token_end]
        if not own:
            continue
        for i in range(sentence.token_start, sentence.token_end):
            head = max((f for f in own if f <= i), default=own[0])
            tok = tokens[i]
            if i == own[0]:
                out[i] = dataclasses.replace(tok, head=i, dep="ROOT", pos="VERB")
            elif i == head:
                # A later trigger is coordinated with the first: without a place of its own
                # it takes the place of the first one's clause.
                out[i] = dataclasses.replace(tok, head=own[0], dep="conj", pos="VERB")
            else:
                out[i] = dataclasses.replace(tok, head=head, dep="pobj")
    return out


def _same_event(a: Event, b: Event) -> bool:
    """Two tellings of one event (of one type, see ``_twin``): the same place, and no doer,
    target or date that differs."""
    if (a.place.geonameid if a.place else None) != (b.place.geonameid if b.place else None):
        return False
    for left, right in ((a.actor1, b.actor1), (a.actor2, b.actor2)):
        names_a, names_b = {x.kb_id or x.name for x in left}, {x.kb_id or x.name for x in right}
        if names_a and names_b and not names_a & names_b:
            return False
    return not (a.date and b.date and a.date != b.date) and a.modality == b.modality


def _twin(kept: list[Event], event: Event, placed: set[int]) -> int | None:
    """The index of the kept event that ``event`` tells again, if any: another trigger of the
    same sentence and type (قصفت ... ما أدى إلى مقتل), the same event told again elsewhere
    (the headline and the body), or a detail told after it in a sentence that names no place
    of its own (وأفاد مراسلنا بأن الغارات استهدفت مزارع الزيتون)."""
    for n in range(len(kept) - 1, -1, -1):
        k = kept[n]
        if k.type != event.type or (k.type != "ASSAULT" and k.mode != event.mode):
            continue
        if k.evidence.start == event.evidence.start:
            return n
        if _same_event(k, event) and (
            k.acled_type == event.acled_type or None in (k.acled_type, event.acled_type)
        ):
            return n
        if (
            event.evidence.start not in placed
            and _compatible(k, event)
            and event.modality == k.modality
            and event.historical == k.historical
            and not (k.date and event.date and k.date != event.date)
        ):
            return n
    return None


def _compatible(a: Event, b: Event) -> bool:
    """No doer and no target that differ where both name one."""
    for left, right in ((a.actor1, b.actor1), (a.actor2, b.actor2)):
        names_a, names_b = {x.kb_id or x.name for x in left}, {x.kb_id or x.name for x in right}
        if (
            names_a
            and names_b
            and not names_a & names_b
            and (any(x.kb_id for x in left) and any(x.kb_id for x in right))
        ):
            return False
    return True


def _without_duplicates(events: list[Event], placed: set[int]) -> list[Event]:
    """One event per real-world event (see ``_twin``); the surer telling is kept, completed
    with what only the other says."""
    kept: list[Event] = []
    for event in events:
        twin = _twin(kept, event, placed)
        if twin is None:
            kept.append(event)
            continue
        first, second = (
            (kept[twin], event) if kept[twin].confidence >= event.confidence else (event, kept[twin])
        )
        specific = second if first.mode in _GENERIC_MODES and second.mode not in _GENERIC_MODES else first
        kept[twin] = dataclasses.replace(
            first,
            mode=specific.mode,
            acled_type=specific.acled_type,
            acled_subtype=specific.acled_subtype,
            actor1=first.actor1 or second.actor1,
            actor2=first.actor2 or second.actor2,
            place=_better_place(first.place, second.place),
            date=first.date or second.date,
            time_precision=first.time_precision if first.date else second.time_precision,
            fatalities=first.fatalities if first.fatalities is not None else second.fatalities,
        )
    return kept


def _better_place(a: Place | None, b: Place | None) -> Place | None:
    if a is None or (b is not None and b.precision < a.precision):
        return b
    return a
