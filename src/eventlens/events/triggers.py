"""Finding the words that assert an event, with the clause they anchor."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from eventlens.events.lexicon import EventLexicon, TriggerEntry
from eventlens.events.syntax import DependencyTree
from eventlens.model import Sentence, Token

# A verb in these relations describes its head rather than asserting an event: "the people
# killed in recent strikes", "banners calling for a strike".
_NOT_A_PREDICATE = frozenset({"amod", "aux", "auxpass", "compound", "acl"})


@dataclass(frozen=True)
class Trigger:
    """A trigger word and the verb its actors hang on.

    ``anchor`` is the verb whose subject is the doer: the trigger itself for verbs, the light
    verb of "conducted a battle", or the acl verb of "the visit made by X". ``agent`` is a
    token naming the doer directly (the "by" phrase), when there is one. ``called_for``
    marks an event that its anchor calls for ("called for a general strike").
    """

    token: Token
    entry: TriggerEntry
    anchor: Token
    agent: Token | None = None
    called_for: bool = False

    @property
    def nominal(self) -> bool:
        return self.token.pos == "NOUN"


class TriggerFinder:
    """Yields the triggers of a sentence that the lexicon and the parse accept."""

    def __init__(self, lexicon: EventLexicon):
        self._lex = lexicon

    def find(self, tree: DependencyTree, sentence: Sentence) -> Iterator[Trigger]:
        for tok in tree.tokens[sentence.token_start : sentence.token_end]:
            # A lower-case word the tagger took for a proper noun ("a sit-in") is a common noun.
            noun = tok.pos == "NOUN" or (tok.pos == "PROPN" and tok.text.islower())
            pos = "VERB" if tok.pos == "VERB" else "NOUN" if noun else None
            if pos is None or (
                tok.dep in _NOT_A_PREDICATE
                and not headless_predicate(tree, tok)
                and not said_in_writing(tree, tok)
            ):
                continue
            for entry in self._lex.entries(tok.lemma, pos):
                trigger = self._verb(tree, tok, entry) if pos == "VERB" else self._noun(tree, tok, entry)
                if trigger is not None:
                    yield trigger
                    break

    def _calls_for(self, tree: DependencyTree, prep: Token) -> bool:
        return tree.tokens[prep.head].lemma.lower() in self._lex.modality["called_for"]

    def _verb(self, tree: DependencyTree, tok: Token, entry: TriggerEntry) -> Trigger | None:
        if entry.type == "REQUEST" and any(
            self._lex.entries(o.lemma, "NOUN")
            for p in tree.children(tok.i, ("prep",))
            if p.text.lower() == "for"
            for o in tree.children(p.i, ("pobj",))
        ):
            return None  # the event called for is coded instead
        if entry.type == "THREATEN" and self._said_of_an_event(tree, tok):
            return None
        if entry.requires_prep:
            preps = {c.text.lower() for c in tree.children(tok.i, ("prep", "prt", "dative"))}
            if not preps & entry.requires_prep:
                return None
        if entry.unless:
            # "fired into the air": the words after the verb say it was no attack.
            _start, end = tree.span(tok.i)
            following = " ".join(t.text.lower() for t in tree.tokens[tok.i : end])
            if any(phrase in following for phrase in entry.unless):
                return None
        if entry.requires_words and not {t.lemma.lower() for t in tree.subtree(tok.i)} & entry.requires_words:
            return None
        objects = tree.children(tok.i, ("dobj", "nsubjpass"))
        if entry.requires_object and not any(_object_words(tree, o) & entry.requires_object for o in objects):
            return None
        if entry.type == "ASSAULT" and any(o.lemma.lower() in self._lex.abstract_objects for o in objects):
            return None
        if entry.mode == "explosives" and self._blew_up_by_accident(tree, tree.children(tok.i, ("nsubj",))):
            return None
        if entry.type == "ASSAULT" and any(
            o.lemma.lower() in self._lex.non_violent_means or o.text.lower() in self._lex.non_violent_means
            for p in tree.children(tok.i, ("prep",))
            if p.text.lower() == "with"
            for o in tree.children(p.i, ("pobj",))
        ):
            return None
        return Trigger(tok, entry, tok)

    def _said_of_an_event(self, tree: DependencyTree, tok: Token) -> bool:
        """Whether the verb's subject is an event or a state of affairs, not someone who threatens:
        "attacks, which threatened the truce", "the fighting threatens the harvest"."""
        subject = tree.child(tok.i, "nsubj")
        if subject is None:
            return False
        if subject.lemma.lower() in ("which", "that"):
            # "the attacks, which he said threatened": the noun the relative clause is about.
            clause = next((a for a in [tok, *tree.ancestors(tok.i)] if a.dep == "relcl"), None)
            if clause is None:
                return False
            subject = tree.tokens[clause.head]
        lemma = subject.lemma.lower()
        return bool(self._lex.entries(lemma, "NOUN")) or lemma in self._lex.abstract_objects

    def _blew_up_by_accident(self, tree: DependencyTree, what: list[Token]) -> bool:
        """Whether what exploded is a thing that blows up by accident and names no weapon:
        "a gas cylinder exploded", "a boiler explosion" (but "a bomb planted at the plant")."""
        nouns = {t.lemma.lower() for w in what for t in tree.subtree(w.i) if t.pos in ("NOUN", "PROPN")}
        return bool(nouns & self._lex.accidental_explosives) and not nouns & self._lex.instrument_words

    def _noun(self, tree: DependencyTree, tok: Token, entry: TriggerEntry) -> Trigger | None:
        if (
            entry.requires_modifier
            and not {c.lemma.lower() for c in tree.children(tok.i, ("compound", "amod"))}
            & entry.requires_modifier
        ):
            return None
        if entry.mode == "explosives":
            kinds = tree.children(tok.i, ("compound", "amod"))
            kinds += [
                o
                for p in tree.children(tok.i, ("prep",))
                if p.text.lower() == "of"
                for o in tree.children(p.i, ("pobj",))
            ]
            if self._blew_up_by_accident(tree, kinds):
                return None
        head = tree.tokens[tok.head]
        if tok.dep == "pobj" and head.text.lower() == "in" and (verb := _participation_verb(tree, head)):
            return Trigger(tok, entry, verb)
        if tok.dep == "pobj" and head.text.lower() == "for" and self._calls_for(tree, head):
            # "called for a general strike": the strike is the event, as called for.
            return Trigger(tok, entry, tree.tokens[head.head], called_for=True)
        if tok.dep == "dobj" and _lemma_in(head, self._lex.light_verbs):
            if entry.requires_object and tok.lemma.lower() not in entry.requires_object:
                return None
            return Trigger(tok, entry, head)
        if tok.dep in ("nsubj", "nsubjpass") and head.lemma.lower() in self._lex.occurrence_verbs:
            if self._lex.entries(head.lemma, "VERB"):
                return None  # "an airstrike killed three": the verb carries the event
            return Trigger(tok, entry, head)
        for acl in tree.children(tok.i, ("acl",)):
            if acl.lemma.lower() in self._lex.agent_verbs:
                agent = tree.child(acl.i, "agent")
                pobj = tree.child(agent.i, "pobj") if agent else None
                if pobj is not None:
                    return Trigger(tok, entry, acl, agent=pobj)
        return None


# Nouns of a written or read statement: what they call for, their authors call for.
STATEMENT_NOUNS = frozenset(
    {"statement", "letter", "appeal", "message", "petition", "communique", "declaration"}
)


def said_in_writing(tree: DependencyTree, tok: Token) -> bool:
    """ "read a statement calling on Baghdad to ...": the participle is the authors' act."""
    return tok.dep == "acl" and tok.tag == "VBG" and tree.tokens[tok.head].lemma.lower() in STATEMENT_NOUNS


def headless_predicate(tree: DependencyTree, tok: Token) -> bool:
    """A verb the parser hung on the sentence's head noun although it is the main verb:
    "The Asayish arrested on Friday three men", "A Turkish drone targeted on Saturday a car",
    parsed as a noun phrase with a participle."""
    head = tree.tokens[tok.head]
    if tok.dep != "acl" or head.dep != "ROOT" or head.pos not in ("PROPN", "NOUN"):
        return False
    # Right after its subject, or with an object of its own (a participle describing a
    # noun has none): "The Brigade, backed by Iran, seized on Thursday five houses".
    return tok.i == head.i + 1 or tree.child(tok.i, "dobj") is not None


def _lemma_in(tok: Token, words: frozenset[str]) -> bool:
    """The word's lemma, or its past form stripped by rule when the lemmatizer erred
    ("staged" lemmatised as "stag"), is in ``words``."""
    lemma = tok.lemma.lower()
    if lemma in words:
        return True
    text = tok.text.lower()
    return text.endswith("ed") and (text[:-1] in words or text[:-2] in words)


def _participation_verb(tree: DependencyTree, prep: Token) -> Token | None:
    """The verb of "took part in a march", "participated in the protest", whose subject did it."""
    head = tree.tokens[prep.head]
    if head.lemma.lower() in ("participate", "engage"):
        return head
    if head.lemma.lower() == "take" and any(
        o.lemma.lower() == "part" for o in tree.children(head.i, ("dobj",))
    ):
        return head  # "took part on Sunday in a march"
    verb = tree.tokens[head.head]
    return verb if head.lemma.lower() == "part" and verb.lemma.lower() == "take" else None


def _object_words(tree: DependencyTree, obj: Token) -> set[str]:
    """The object's lemma and its compounds: "a ceasefire agreement" gives both words."""
    words = {obj.lemma.lower(), obj.text.lower()}
    words.update(c.lemma.lower() for c in tree.children(obj.i, ("compound", "amod")))
    return words
