"""Who did what to whom: the doer and the target of a trigger, as actors."""

from __future__ import annotations

import re
from collections.abc import Sequence

from eventlens.events.lexicon import EventLexicon
from eventlens.events.syntax import DependencyTree
from eventlens.events.triggers import Trigger, headless_predicate, said_in_writing
from eventlens.kb import KnowledgeBase
from eventlens.model import ActorRef, Mention, Token
from eventlens.nlp import canonical

# Mention labels that can name an actor.
ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP", "TITLE", "PRON", "GPE"})
_TYPE_OF_LABEL = {"PERSON": "person", "TITLE": "person", "PRON": "person"}
# What an actor phrase stops at: clauses and prepositions say something else about it.
_NP_STOP = frozenset({"relcl", "acl", "advcl", "prep", "punct", "cc", "conj", "ccomp", "parataxis"})
_SUBJECTS = ("nsubj", "nsubjpass")
_QUANTITY_NOUNS = frozenset(
    {
        "hundred",
        "hundreds",
        "dozen",
        "dozens",
        "thousand",
        "thousands",
        "score",
        "scores",
        "group",
        "number",
        "crowd",
    }
)
# Event types that are acts of the speaker when coordinated with a verb of saying.
_SPEAKER_TYPES = frozenset({"ACCUSE", "REJECT", "THREATEN", "REQUEST", "AGREE"})
# No actor's name is longer: a longer "name" is a headline the tagger took for one.
_LONGEST_NAME_WORDS = 8
# Where the search for an event noun stops: another clause tells another story.
_CLAUSE_STOP = frozenset({"relcl", "ccomp", "parataxis", "conj"})


class ActorFinder:
    """Maps the noun phrases around a trigger to actors of the knowledge base or new actors."""

    def __init__(
        self,
        kb: KnowledgeBase,
        lexicon: EventLexicon,
        tree: DependencyTree,
        mentions: Sequence[Mention],
        text: str,
        year: int | None,
        outlet: str | None = None,
        seats: dict[int, str] | None = None,
    ):
        self._kb = kb
        self._outlet = outlet
        # mention index -> KB id of the government seated in the capital it names
        self._seats = seats or {}
        self._year = year
        self._text = text
        self._instrument_words = lexicon.instrument_words
        self._lex = lexicon
        self._tree = tree
        self._mentions = mentions
        # token index -> index of the first actor-like mention covering it
        self.mention_at: dict[int, int] = {}
        for index, m in enumerate(mentions):
            if m.label in ACTOR_LABELS:
                for i in range(m.token_start, m.token_end):
                    self.mention_at.setdefault(i, index)

    def roles(self, trigger: Trigger) -> tuple[tuple[ActorRef, ...], tuple[ActorRef, ...]]:
        """(actor1, actor2). When only an event noun names the sides ("killed in clashes
        between X and Y"), its sides are both roles, and the dead are not the target."""
        actor1 = self._named_doer(trigger)
        if actor1:
            return actor1, self.target(trigger)
        doers, targets = self._event_noun_actors(trigger)
        return doers, targets or self.target(trigger)

    def associates(self, trigger: Trigger) -> tuple[ActorRef, ...]:
        """The doer's backers and partners (ACLED's associated actors), read where the clause
        or the doer's phrase joins them: "backed by Russian warplanes", "with the support of
        the coalition", "alongside Iraqi troops", "in coordination with the army"."""
        tree = self._tree
        subject = self._subject(trigger.anchor.i)
        hosts = {trigger.anchor.i, trigger.token.i}
        if subject is not None:
            hosts |= tree.subtree_indexes(subject.i)
        found: list[ActorRef] = []
        for host in sorted(hosts):
            for child in tree.children(host):
                for phrase in self._associate_phrases(child):
                    found.extend(a for a in self.actors_at(phrase) or self._wielders(tree.tokens[phrase]))
        return tuple(dict.fromkeys(found))

    def _associate_phrases(self, tok: Token) -> list[int]:
        """The heads of the phrases a modifier joins as partners, if it is such a modifier."""
        tree, lex = self._tree, self._lex
        word = tok.lemma.lower()

        def objects(preps: list[Token]) -> list[int]:
            return [o.i for p in preps for o in tree.children(p.i, ("pobj",))]

        def preps_of(head: Token, words: set[str]) -> list[Token]:
            return [p for p in tree.children(head.i, ("prep",)) if p.text.lower() in words]

        if tok.tag == "VBN" and word in lex.associate_participles:  # "backed by X"
            return objects(tree.children(tok.i, ("agent",)))
        if word in lex.associate_joiners:  # "alongside X", "together with X"
            return objects([tok] if tok.dep == "prep" else preps_of(tok, {"with"}))
        if tok.dep == "prep" and word in ("with", "in"):  # "with the support of X", "in coordination with X"
            nouns, links = (
                (lex.associate_nouns, {"of", "from"})
                if word == "with"
                else (lex.associate_joint_nouns, {"with"})
            )
            heads = [o for o in tree.children(tok.i, ("pobj",)) if o.lemma.lower() in nouns]
            return objects([p for h in heads for p in preps_of(h, links)])
        return []

    def _named_doer(self, trigger: Trigger) -> tuple[ActorRef, ...]:
        """actor1: the "by" agent, else the subject of the anchor verb (inherited along conj)."""
        if trigger.agent is not None:
            return self.actors_at(trigger.agent.i)
        if self._passive(trigger.anchor):
            agent = self._tree.child(trigger.anchor.i, "agent")
            pobj = self._tree.child(agent.i, "pobj") if agent else None
            actors = self.actors_at(pobj.i) if pobj is not None else ()
            if not actors and pobj is not None and pobj.lemma.lower() in self._instrument_words:
                actors = self._wielders(pobj)  # "killed by a sniper bullet fired by regime forces"
        elif trigger.nominal and trigger.anchor.i != trigger.token.i and trigger.token.dep in _SUBJECTS:
            actors = self._modifier_actors(trigger.token.i)
        else:
            subject = self._subject(trigger.anchor.i)
            actors = self.actors_at(subject.i) if subject is not None else ()
            if not actors and subject is not None:
                actors = self._government_of_capital(subject.i)  # "Beirut rejected the plan"
            if not actors and subject is not None and subject.lemma.lower() in self._instrument_words:
                actors = self._wielders(subject)  # "a Turkish drone struck ..."
            if not actors and trigger.nominal:
                actors = self._modifier_actors(trigger.token.i)
        return actors

    def _passive(self, verb: Token) -> bool:
        """A passive clause, or a headline's bare participle ("Twelve fighters killed as ...")."""
        tree = self._tree
        if tree.child(verb.i, "auxpass") or tree.child(verb.i, "nsubjpass"):
            return True
        return (
            verb.tag == "VBN"
            and tree.child(verb.i, "aux") is None
            and tree.child(verb.i, "nsubj") is not None
        )

    def _event_noun_actors(self, trigger: Trigger) -> tuple[tuple[ActorRef, ...], tuple[ActorRef, ...]]:
        """(doers, targets) named by an event noun of the clause: "killed in clashes between X
        and Y", "killed in a Turkish drone strike"."""
        for tok in self._tree.subtree(trigger.token.i, _CLAUSE_STOP):
            if tok.i == trigger.token.i or tok.pos != "NOUN" or not self._lex.entries(tok.lemma, "NOUN"):
                continue
            # "clashes between X and Y", "clashes that broke out between X and Y"
            owners = [tok.i] + [c.i for c in self._tree.children(tok.i, ("relcl", "acl"))]
            preps = [p for owner in owners for p in self._tree.children(owner, ("prep",))]
            for prep in preps:
                if prep.text.lower() == "between":
                    sides = [p for p in self._tree.children(prep.i, ("pobj",))]
                    if sides:
                        pair = self.actors_at(sides[0].i)
                        if pair:
                            return pair[:1], pair[1:]
            if doers := self._modifier_actors(tok.i):
                return doers, ()
        return (), ()

    def target(self, trigger: Trigger) -> tuple[ActorRef, ...]:
        """actor2: the first slot of the trigger's ``actor2`` list that names an actor."""
        for slot in trigger.entry.actor2:
            for token in self._slot_tokens(trigger, slot):
                if actors := self.actors_at(token.i):
                    return actors
        return ()

    def addressee_tokens(self, trigger: Trigger) -> set[int]:
        """The heads of the trigger's target slots, with their coordinates: a place named
        there is whom the event addresses ("called on Baghdad and Erbil"), not where it was."""
        heads = [
            t
            for slot in trigger.entry.actor2
            if slot.startswith("prep:")
            for t in self._slot_tokens(trigger, slot)
        ]
        return {t.i for h in heads for t in [h, *self._tree.children(h.i, ("conj",))]}

    def names_both_parties(self, trigger: Trigger) -> bool:
        """True when the doer is "the two sides", "both parties": the parties told before."""
        subject = self._subject(trigger.anchor.i)
        if subject is None:
            return False
        start, end = self._tree.span(subject.i, _NP_STOP)
        phrase = " ".join(t.text.lower() for t in self._tree.tokens[start:end])
        return any(words in phrase for words in self._lex.both_parties)

    def subject_label(self, trigger: Trigger) -> str | None:
        """The label of the mention the doer is named by (PERSON, ORG, ...), if any."""
        subject = trigger.agent or self._subject(trigger.anchor.i)
        if subject is None:
            return None
        index = self._mention_in_phrase(subject.i)
        return canonical(self._mentions, index).label if index is not None else None

    def object_tokens(self, trigger: Trigger) -> list:
        """Direct objects and passive subjects of the trigger verb."""
        return self._tree.children(trigger.token.i, ("dobj", "nsubjpass"))

    def actors_at(self, head: int) -> tuple[ActorRef, ...]:
        """The actors a noun phrase names, its coordinated phrases included ("X and Y")."""
        heads = [head] + [c.i for c in self._tree.children(head, ("conj",))]
        found: list[ActorRef] = []
        for h in heads:
            for actor in self._governments_of(h) or [self._actor_of_phrase(h)]:
                if actor is not None and actor not in found:
                    found.append(actor)
        return tuple(found)

    def _governments_of(self, head: int) -> list[ActorRef]:
        """ "Senior Hungarian and Romanian officials": the governments of the nationalities
        that qualify a head naming officials."""
        tree = self._tree
        if tree.tokens[head].lemma.lower() not in self._lex.government_nouns and (
            tree.tokens[head].text.lower() not in self._lex.government_nouns
        ):
            return []
        qualifiers = [c for c in tree.children(head, ("amod", "compound")) if c.i in self.mention_at]
        qualifiers += [c for q in qualifiers for c in tree.children(q.i, ("conj",)) if c.i in self.mention_at]
        governments = []
        for q in qualifiers:
            m = self._mentions[self.mention_at[q.i]]
            if m.label != "NORP":
                continue
            state = self._kb.lookup(f"{m.text} government", self._year)
            if state is not None:
                governments.append(ActorRef(state.name, state.id, state.type, state.country, m.text))
        return governments

    def _government_of_capital(self, head: int) -> tuple[ActorRef, ...]:
        index = self.mention_at.get(head)
        state = self._kb.get(self._seats[index]) if index in self._seats else None
        if state is None:
            return ()
        return (ActorRef(state.name, state.id, state.type, state.country, self._mentions[index].text),)

    def _slot_tokens(self, trigger: Trigger, slot: str) -> list:
        tree, token = self._tree, trigger.token
        if slot == "nsubjpass" and self._passive(token):
            return tree.children(token.i, ("nsubjpass", "nsubj"))
        if slot == "dobj" or slot == "nsubjpass":
            return tree.children(token.i, (slot,))
        word = slot.split(":", 1)[1]
        out = []
        for owner in {token.i, trigger.anchor.i}:
            for prep in tree.children(owner, ("prep", "dative")):
                if prep.text.lower() == word:
                    out.extend(tree.children(prep.i, ("pobj", "pcomp")))
        return out

    def _subject(self, verb: int) -> object | None:
        """The subject of a verb; a conjoined or controlled verb takes its head's."""
        tree = self._tree
        seen = set()
        while verb not in seen:
            seen.add(verb)
            subject = tree.child(verb, "nsubj") or tree.child(verb, "nsubjpass")
            if subject is not None:
                return subject
            tok = tree.tokens[verb]
            if headless_predicate(tree, tok):
                return tree.tokens[tok.head]
            if said_in_writing(tree, tok):
                verb = tree.tokens[tok.head].head  # the authors: who issued or read the statement
                continue
            if tok.dep in ("conj", "advcl", "xcomp", "pcomp") and tok.head != tok.i:
                head = tree.tokens[tok.head]
                if (
                    tok.dep == "conj"
                    and head.lemma.lower() in self._lex.reporting_verbs
                    and not self._speaker_act(tok)
                ):
                    # "sources said that X arrived, met ...": the parser hangs "met" on "said".
                    clause = next((c for c in tree.children(head.i, ("ccomp",)) if c.i < tok.i), None)
                    if clause is not None:
                        verb = clause.i
                        continue
                if tok.dep == "xcomp" and (obj := tree.child(head.i, "dobj")) is not None:
                    return obj  # object control: "called on X to ...", "asked X to ..."
                verb = head.i if head.pos in ("VERB", "AUX") else tree.tokens[head.head].i
                continue
            return None
        return None

    def _wielders(self, weapon: Token) -> tuple[ActorRef, ...]:
        """Who used a weapon: its modifiers ("a Turkish drone"), or the agent of the verb
        that describes it ("a bullet fired by regime forces")."""
        if actors := self._modifier_actors(weapon.i):
            return actors
        for verb in self._tree.children(weapon.i, ("acl", "relcl")):
            agent = self._tree.child(verb.i, "agent")
            pobj = self._tree.child(agent.i, "pobj") if agent else None
            if pobj is not None and (actors := self.actors_at(pobj.i)):
                return actors
        if any(d.text.lower() == "the" for d in self._tree.children(weapon.i, ("det",))):
            # "the drone" is the drone named before: "A Turkish drone struck ... the drone fired"
            for earlier in reversed(self._tree.tokens[: weapon.i]):
                if earlier.lemma == weapon.lemma and (actors := self._modifier_actors(earlier.i)):
                    return actors
        return ()

    def _speaker_act(self, verb: Token) -> bool:
        """A verb of saying or alleging, done by whoever speaks: "The SDF said ... and accused it"."""
        return verb.lemma.lower() in self._lex.reporting_verbs or any(
            e.type in _SPEAKER_TYPES for e in self._lex.entries(verb.lemma, "VERB")
        )

    def _modifier_actors(self, noun: int) -> tuple[ActorRef, ...]:
        """The doer named inside an event noun: "a Turkish drone strike", "SDF shelling"."""
        for mod in self._tree.children(noun, ("poss", "compound", "amod", "nmod")):
            if actors := self.actors_at(mod.i):
                return actors
        by = next((p for p in self._tree.children(noun, ("prep",)) if p.text.lower() == "by"), None)
        pobj = self._tree.child(by.i, "pobj") if by else None
        return self.actors_at(pobj.i) if pobj is not None else ()

    def _mention_in_phrase(self, head: int) -> int | None:
        """The mention that names a phrase: at its head, else in its modifiers, else in "of ..."."""
        if head in self.mention_at:
            return self.mention_at[head]
        tree = self._tree
        for tok in sorted(tree.subtree(head, _NP_STOP), key=lambda t: abs(t.i - head)):
            if tok.i in self.mention_at:
                return self.mention_at[tok.i]
        head_tok = tree.tokens[head]
        if head_tok.lemma.lower() in self._lex.generic_actors or head_tok.pos == "NOUN":
            for prep in tree.children(head, ("prep",)):
                if prep.text.lower() == "of":
                    for pobj in tree.children(prep.i, ("pobj",)):
                        if (found := self._mention_in_phrase(pobj.i)) is not None:
                            return found
        return None

    def _actor_of_phrase(self, head: int) -> ActorRef | None:
        head_tok = self._tree.tokens[head]
        if head_tok.lemma.lower() not in self._lex.generic_actors and self._tree.children(
            head, ("nummod", "quantmod")
        ):
            return None  # "5,000 US dollars", "300 olive trees": a quantity, not an actor
        index = self._mention_in_phrase(head)
        if index is not None and not self._is_qualifier(index, head):
            if (named := self._actor_of_mention(index)) is not None:
                return named
        if (generic := self._generic_actor(head)) is not None:
            return generic
        if head_tok.lemma.lower() in _QUANTITY_NOUNS:
            # "hundreds of residents", "dozens of fighters"
            of = next((p for p in self._tree.children(head, ("prep",)) if p.text.lower() == "of"), None)
            pobj = self._tree.child(of.i, "pobj") if of is not None else None
            return self._actor_of_phrase(pobj.i) if pobj is not None else None
        # "the militia's positions": the owner names the actor.
        owner = self._tree.child(head, "poss")
        return self._actor_of_phrase(owner.i) if owner is not None and owner.i != head else None

    def _is_qualifier(self, index: int, head: int) -> bool:
        """A nationality or a possessive pronoun that only qualifies the phrase's head:
        "the Syrian elements", "his forces"."""
        m = self._mentions[index]
        if m.kb_id is not None or m.token_start <= head < m.token_end:
            return False
        return m.label in ("NORP", "PRON")

    def _actor_of_mention(self, index: int) -> ActorRef | None:
        said = self._mentions[index]
        m = canonical(self._mentions, index)
        if len(m.text.split()) > _LONGEST_NAME_WORDS or (
            self._outlet and m.text.casefold() == self._outlet.casefold()
        ):
            return None  # a headline the tagger took for a name, or the outlet that reports
        if m.kb_id is not None:
            actor = self._kb.get(m.kb_id)
            if actor is None or actor.type == "media":
                return None
            return ActorRef(actor.name, actor.id, actor.type, actor.country, said.text)
        if m.label == "TITLE":
            # "the governor of Kirkuk" whom nothing names: the office is the actor.
            text = re.sub(r"^(?:the|an?)\s+", "", m.text, flags=re.IGNORECASE)
            return ActorRef(text, None, "person", None, said.text)
        if m.label in ("PRON", "GPE", "LOC", "FAC"):
            return None  # an unresolved pronoun, or a place name
        if m.label == "NORP":
            # "Russian air strikes", "a Turkish drone": a nationality doing something is its
            # state's forces.
            forces = self._kb.lookup(f"{m.text} forces", self._year)
            if forces is not None:
                return ActorRef(forces.name, forces.id, forces.type, forces.country, said.text)
        # "Syrian government forces", an unknown name: its head noun says what kind of actor it is.
        last = self._tree.tokens[m.token_end - 1]
        kind = _TYPE_OF_LABEL.get(m.label) or self._lex.generic_actors.get(last.lemma.lower())
        return ActorRef(m.text, None, kind, None, said.text)

    def _generic_actor(self, head: int) -> ActorRef | None:
        tok = self._tree.tokens[head]
        kind = self._lex.generic_actors.get(tok.lemma.lower()) or self._lex.generic_actors.get(
            tok.text.lower()
        )
        if kind is None:
            return None
        if kind == "state_military":
            # "rebel forces", "militia fighters": a word of an armed group before "forces" says whose.
            qualifiers = self._tree.children(head, ("compound", "amod"))
            if any(self._lex.generic_actors.get(q.lemma.lower()) == "militia" for q in qualifiers):
                kind = "militia"
        start, end = self._tree.span(head, _NP_STOP)
        while start < end and self._tree.tokens[start].dep in ("det", "predet"):
            start += 1
        while end > start + 1 and self._tree.tokens[end - 1].dep in ("case", "punct"):
            end -= 1
        text = self._tree.text(start, end, self._text)
        name = self._lex.generic_actor_names.get(kind) or _without_counts(self._tree, start, end, self._text)
        return ActorRef(name, None, kind, None, text)


def _without_counts(tree: DependencyTree, start: int, end: int, text: str) -> str:
    """An unnamed group's name, one spelling whatever its count or case: "Two council members"
    and "the council members" are both "council members"."""
    kept = [
        t
        for t in tree.tokens[start:end]
        if t.pos != "NUM" and t.dep not in ("nummod", "quantmod", "det", "predet")
    ]
    if not kept:
        return tree.text(start, end, text).lower()
    return tree.text(kept[0].i, kept[-1].i + 1, text).lower()
