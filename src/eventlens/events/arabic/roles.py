"""Who did it to whom, in Arabic: actor phrases of a sentence and their roles by word order.

News Arabic puts the doer after the verb (VSO: قصفت قوات النظام البلدة) and often before it
too (SVO); the target is the object after the doer or the phrase after ضد، على، بحق; the
doer of a noun is its genitive (قصف قوات النظام) or the phrase after على يد، من قبل; an event
noun's genitive is its target for arrests and killings (اعتقال شاب، مقتل قيادي); "بين X و Y"
names both sides. A civilian is never the doer of an attack or an arrest: after a verb it is
the victim of a passive (قُتل مدني برصاص ...), which Arabic writes without vowels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from eventlens.events.arabic.context import has_stem
from eventlens.events.arabic.lexicon import ArabicLexicon, ArabicTrigger
from eventlens.events.lexicon import english_lexicon
from eventlens.geo import country_of_name
from eventlens.kb import KnowledgeBase
from eventlens.model import ActorRef, Mention
from eventlens.nlp.arabic import ArabicWord, arabic_cues, fold_word
from eventlens.settings import ArabicSettings

_ACTOR_LABELS = frozenset({"ORG", "PERSON", "GPE"})
_VICTIM_TYPES = frozenset({"civilians"})
_HOSTILE_TYPES = frozenset({"ASSAULT", "COERCE"})
_PARTITIVES = frozenset({"من"})


@dataclass(frozen=True)
class ActorSlot:
    """An actor phrase of a sentence: its words and what it refers to."""

    start: int
    end: int
    actor: ActorRef


class ArabicRoleFinder:
    """The actor phrases of one document and the roles they take around a trigger."""

    def __init__(
        self,
        lexicon: ArabicLexicon,
        kb: KnowledgeBase,
        text: str,
        words: Sequence[ArabicWord],
        mentions: Sequence[Mention],
        year: int | None,
        reach: ArabicSettings,
    ):
        self._lex = lexicon
        self._reach = reach
        self._kb = kb
        self._text = text
        self._words = words
        self._year = year
        self._titles = arabic_cues().person_titles
        self._slots = self._find_slots(mentions)
        self._slot_words = {i for s in self._slots for i in range(s.start, s.end)}

    def slots_in(self, start: int, end: int) -> list[ActorSlot]:
        """The actor phrases that start among words [start, end)."""
        return [s for s in self._slots if start <= s.start < end]

    def roles(
        self,
        entry: ArabicTrigger,
        pos: str,
        first: int,
        last: int,
        sentence: tuple[int, int],
        segment_end: int,
    ) -> tuple[tuple[ActorRef, ...], tuple[ActorRef, ...]]:
        """(actor1, actor2) of a trigger spanning words [first, last)."""
        start, end = sentence
        between = self._between(last, segment_end)
        if between is not None:
            return (between[0].actor,), ((between[1].actor,) if between[1] else ())
        after = self.slots_in(last, segment_end)
        before = [s for s in self.slots_in(start, first) if s.end <= first]
        marks = {id(s): self._marker(s.start, first, last) for s in after + before}
        doer = next((s for s in after if marks[id(s)] == "agent"), None)
        target = next((s for s in after if marks[id(s)] == "target"), None)
        if pos == "NOUN":
            genitive = next((s for s in after if self._is_genitive(s, last) and marks[id(s)] is None), None)
            if genitive is not None:
                if entry.genitive == "actor1" and doer is None and genitive.actor.type not in _VICTIM_TYPES:
                    doer = genitive
                elif target is None and genitive is not doer:
                    target = genitive
            if doer is None:
                doer = self._light_verb_subject(first, start)
        else:
            plain = [s for s in after if marks[id(s)] is None and s is not target and s is not doer]
            if doer is None and plain:
                if entry.type in _HOSTILE_TYPES and plain[0].actor.type in _VICTIM_TYPES:
                    target = target or plain[0]  # the victim of a passive: قُتل مدني
                else:
                    doer = plain[0]
                plain = plain[1:]
            if target is None and plain and doer is not None:
                target = plain[0]
            if target is None:
                target = next((s for s in after if marks[id(s)] == "with" and s is not doer), None)
        if doer is None and pos == "VERB":
            # SVO: "قوات النظام قصفت"; a noun's doer is never found this far from it ("دعا X
            # إلى فتح تحقيق في الهجوم").
            doer = next(
                (
                    s
                    for s in reversed(before)
                    if marks[id(s)] in (None, "agent") and s.actor.type not in _VICTIM_TYPES
                ),
                None,
            )
        if target is None and entry.type in _HOSTILE_TYPES:
            # "أصيب ثلاثة جنود من الجيش العراقي بانفجار": the hurt named before the blow.
            target = next((s for s in reversed(before) if marks[id(s)] == "victim"), None)
        if doer is None and entry.type == "PROTEST":
            doer = next(
                (s for s in self.slots_in(start, end) if s.actor.type in ("protesters", "civilians")), None
            )
        actor1 = (doer.actor,) if doer else ()
        actor2 = (target.actor,) if target and (not doer or target.actor != doer.actor) else ()
        return actor1, actor2

    def _is_genitive(self, slot: ActorSlot, last: int) -> bool:
        """Right after the noun, or after one adjective of it (القصف المدفعي لقوات النظام،
        بغارات جوية للطيران الروسي)."""
        if slot.start == last:
            return True
        between = self._words[last].folded
        return slot.start == last + 1 and (between.startswith("ال") or between.endswith(("ي", "يه")))

    def _between(self, last: int, segment_end: int) -> tuple[ActorSlot, ActorSlot | None] | None:
        """ "اشتباكات بين قسد وعناصر من داعش": the two slots after بين."""
        for i in range(last, min(segment_end, last + 3)):
            if has_stem(self._words[i], self._lex.between):
                slots = self.slots_in(i + 1, segment_end)
                if slots and slots[0].start == i + 1:
                    return slots[0], (slots[1] if len(slots) > 1 else None)
        return None

    def _light_verb_subject(self, noun: int, sentence_start: int) -> ActorSlot | None:
        """ "شنت قوات النظام هجوماً": the subject of the light verb before the noun, after it
        (VSO) or just before it (وكان سليماني قد قاد معركة)."""
        for i in range(noun - 1, max(sentence_start, noun - self._reach.light_verb_reach) - 1, -1):
            if has_stem(self._words[i], self._lex.light_verbs):
                inside = [s for s in self.slots_in(i + 1, noun) if s.end <= noun]
                if inside:
                    return inside[0]
                before = [
                    s
                    for s in self.slots_in(max(sentence_start, i - self._reach.subject_reach), i)
                    if s.end <= i
                ]
                return before[-1] if before and before[-1].actor.type not in _VICTIM_TYPES else None
        return None

    def _marker(self, start: int, first: int, last: int) -> str | None:
        """What the words before a slot say of its role: agent (على يد، برصاص قناص من),
        target (ضد، على مواقع لـ), counterpart (مع، بـ), a place or origin (في، من), victim
        (أصيب، مقتل). The trigger's own words mark nothing (استهدف is the verb, not "targeting")."""
        for j in range(start - 1, max(0, start - self._reach.marker_reach) - 1, -1):
            word = self._words[j]
            if first <= j < last or word.kind != "word" or j in self._slot_words:
                break
            if has_stem(word, self._lex.agent_markers):
                return "agent"
            if has_stem(word, self._lex.target_markers):
                return "target"
            if has_stem(word, self._lex.death_words) or has_stem(word, self._lex.injury_words):
                return "victim"
        if start == 0 or first <= start - 1 < last:
            return None
        word = self._words[start - 1]
        if has_stem(word, self._lex.reporting_verbs):
            return "speaker"  # "وقالت خلية الإعلام الأمني إن ...": who tells, not who did
        if word.folded == "مع" or (word.folded.startswith("ب") and len(word.folded) > 3):
            return "with"  # "التقى بقادة X", "اجتمع مع X": the counterpart
        if word.folded in ("في", "من", "الى", "الي", "عن", "داخل", "قرب"):
            return "oblique"
        return None

    def _find_slots(self, mentions: Sequence[Mention]) -> list[ActorSlot]:
        slots: list[ActorSlot] = []
        covered: set[int] = set()
        for m in mentions:
            covered.update(range(m.token_start, m.token_end))
            actor = self._actor_of_mention(m)
            if actor is not None:
                slots.append(ActorSlot(m.token_start, m.token_end, actor))
        for m in mentions:
            if m.label == "NORP" and (forces := self._forces(m)) is not None:
                slots.append(forces)
        slots = self._titled(sorted(slots, key=lambda s: s.start))
        taken = {i for s in slots for i in range(s.start, s.end)}
        for i, word in enumerate(self._words):
            if i in covered or i in taken or word.kind != "word":
                continue
            kind = next(
                (self._lex.generic_actors[s] for s in word.stems() if s in self._lex.generic_actors), None
            )
            if kind is None:
                continue
            partitive = self._partitive(i, slots)
            if partitive is not None:
                # "عناصر من تنظيم داعش": one phrase, the named group's.
                slots.remove(partitive)
                slots.append(ActorSlot(i, partitive.end, partitive.actor))
                taken.update(range(i, partitive.end))
                continue
            end = i + 1
            # "مسلحون مجهولون", "عناصر الأمن": an adjective or a second noun of the phrase.
            if (
                end < len(self._words)
                and end not in covered
                and self._words[end].kind == "word"
                and (
                    self._words[end].folded.endswith(("ون", "ين", "يه", "ي"))
                    and self._words[end].folded not in ("في", "الذي", "التي")
                )
                and not has_stem(self._words[end], self._lex.reporting_verbs)
            ):
                end += 1
            text = self._text[word.start : self._words[end - 1].end]
            # Victims and crowds go by their kind, as in English reports ("مدنيين اثنين": Civilians).
            name = english_lexicon().generic_actor_names.get(kind, text)
            slots.append(ActorSlot(i, end, ActorRef(name, None, kind, None, text)))
            taken.update(range(i, end))
        return sorted(slots, key=lambda s: s.start)

    def _titled(self, slots: list[ActorSlot]) -> list[ActorSlot]:
        """ "قائد فيلق القدس قاسم سليماني" is the person; "قائد فيلق القدس" alone is the
        force's commander that year when the knowledge base knows one; "قسد" in brackets
        after "قوات سوريا الديمقراطية" is the same actor, said again."""
        out: list[ActorSlot] = []
        n = 0
        while n < len(slots):
            slot = slots[n]
            after = slots[n + 1] if n + 1 < len(slots) else None
            titled = (
                slot.start > 0
                and has_stem(self._words[slot.start - 1], self._titles)
                and slot.actor.type != "person"
            )
            if titled and after is not None and after.start == slot.end and after.actor.type == "person":
                out.append(ActorSlot(slot.start, after.end, after.actor))
                n += 2
                continue
            if (
                titled
                and slot.actor.kb_id
                and len(heads := self._kb.commanders_of(slot.actor.kb_id, self._year)) == 1
            ):
                person = heads[0]
                text = self._text[self._words[slot.start - 1].start : self._words[slot.end - 1].end]
                slot = ActorSlot(
                    slot.start, slot.end, ActorRef(person.name, person.id, person.type, person.country, text)
                )
            if (
                out
                and out[-1].actor.kb_id
                and out[-1].actor.kb_id == slot.actor.kb_id
                and all(w.kind == "punct" for w in self._words[out[-1].end : slot.start])
            ):
                out[-1] = ActorSlot(out[-1].start, slot.end, out[-1].actor)
            else:
                out.append(slot)
            n += 1
        return out

    def _partitive(self, i: int, slots: list[ActorSlot]) -> ActorSlot | None:
        """ "عناصر من قسد", "خلايا تنظيم داعش": the named group after a generic noun (and من)
        is the actor."""
        if i + 2 < len(self._words) and self._words[i + 1].folded in _PARTITIVES:
            return next((s for s in slots if s.start == i + 2), None)
        return next((s for s in slots if s.start == i + 1), None)

    def _actor_of_mention(self, m: Mention) -> ActorRef | None:
        if m.kb_id is not None:
            actor = self._kb.get(m.kb_id)
            if actor is None or actor.type == "media":
                return None
            return ActorRef(actor.name, actor.id, actor.type, actor.country, m.text)
        if m.label == "PERSON":
            return ActorRef(m.text, None, "person", None, m.text)
        return None

    def _forces(self, m: Mention) -> ActorSlot | None:
        """ "قوات تركية", "طائرة مسيرة روسية": a nationality after a word of forces or weapons
        is its state's forces, looked up under the knowledge base's Arabic aliases."""
        start = m.token_start
        noun = next(
            (
                j
                for j in (start - 1, start - 2)
                if j >= 0 and has_stem(self._words[j], self._lex.forces_nouns)
            ),
            None,
        )
        if noun is None or country_of_name(m.text) is None:
            return None
        masc = _bare_adjective(m.text)
        for pattern in self._lex.forces_patterns:
            name = pattern.format(fem=masc + "ه", masc=masc)
            actor = self._kb.lookup(name, self._year)
            if actor is not None:
                text = self._text[self._words[noun].start : m.end]
                return ActorSlot(
                    noun, m.token_end, ActorRef(actor.name, actor.id, actor.type, actor.country, text)
                )
        return None


def _bare_adjective(text: str) -> str:
    """The masculine singular of a nationality without its article: التركية -> تركي."""
    word = fold_word(text).removeprefix("ال")
    for ending in ("يين", "يون", "يه", "ين"):
        if word.endswith(ending):
            return word[: -len(ending)] + "ي"
    return word
