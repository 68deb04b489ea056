"""Where: the place an event happened at, not merely the first place its sentence names."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from eventlens.events.lexicon import EventLexicon
from eventlens.events.syntax import CLAUSE_DEPS, DependencyTree
from eventlens.events.triggers import Trigger
from eventlens.model import Mention, Place

# Precision of a place of each kind when it is named bare; "near X" lowers town precision to 2.
COUNTRY_PRECISION = 3
# Events of saying and agreeing: the places of what they are about are not theirs. (A request
# is placed where what it asks for is to happen, as analysts code it.)
_SAID_TYPES = frozenset({"AGREE", "ACCUSE", "REJECT", "THREATEN", "SANCTION"})
_LOCATIVE_DEPS = frozenset({"pobj", "prep", "compound", "amod", "appos", "conj", "cc", "punct", "npadvmod", "nmod"})


class EventPlacer:
    """Chooses an event's place among the document's resolved toponyms.

    In order: a toponym in the trigger's own clause, nearest in the parse, towns before
    regions before countries ("visited al-Qaim crossing with Iraq" happened at al-Qaim); an
    anaphor in the clause ("in the city", "the area") takes the latest place named before it;
    else the report's focus place, at precision 2.
    """

    def __init__(
        self,
        lexicon: EventLexicon,
        tree: DependencyTree,
        mentions: Sequence[Mention],
        places: dict[int, Place],
        focus: Place | None,
    ):
        self._lex = lexicon
        self._tree = tree
        self._mentions = mentions
        self._places = places
        self._focus = focus
        self._place_at: dict[int, int] = {}
        for index in places:
            m = mentions[index]
            for i in range(m.token_start, m.token_end):
                self._place_at[i] = index

    def _governing_clause_place(self, trigger: Trigger, actor_tokens: set[int]) -> Place | None:
        """A subordinate event takes the town of the clause it depends on: "staged a protest
        in Manbij, demanding protection"."""
        anchor = trigger.anchor
        if anchor.dep not in ("advcl", "xcomp", "conj") or anchor.head == anchor.i:
            return None
        best = None
        for i in self._tree.subtree_indexes(anchor.head) - self._tree.subtree_indexes(anchor.i):
            index = self._place_at.get(i)
            if index is None or i in actor_tokens or self._places[index].precision >= COUNTRY_PRECISION:
                continue
            distance = self._tree.distance(anchor.head, i)
            if best is None or distance < best[0]:
                best = (distance, index)
        return self._places[best[1]] if best else None

    def names_place(self, token: int) -> bool:
        """True when the token is part of a resolved toponym."""
        return token in self._place_at

    def place(self, trigger: Trigger, other_anchors: set[int], actor_tokens: set[int]) -> Place | None:
        """The event's place; for what is said or agreed, only where it was said counts:
        "agreed in Damascus to form committees for the Semalka crossing" happened in Damascus."""
        clause = self._tree.subtree_indexes(trigger.anchor.i) | self._tree.subtree_indexes(trigger.token.i)
        clause = self._without_other_clauses(trigger, clause, other_anchors)
        candidates = []
        for i in sorted(clause):
            index = self._place_at.get(i)
            if index is None or i in actor_tokens or self._is_origin(i) or self._is_quantity_modifier(i):
                continue
            if trigger.entry.type in _SAID_TYPES and not self._said_at(trigger, i):
                continue
            place = self._places[index]
            distance = self._tree.distance(trigger.token.i, i)
            candidates.append((place.precision >= COUNTRY_PRECISION, distance, index, i))
        if candidates:
            country_level, _, index, token = min(candidates)
            place = self._places[index]
            if country_level and self._focus is not None and self._focus.country == place.country:
                # "a strike in western Iraq" in a report about al-Qaim: the report's town, near.
                return dataclasses.replace(self._focus, precision=max(self._focus.precision, 2))
            return self._qualified(place, token)
        if (governing := self._governing_clause_place(trigger, actor_tokens)) is not None:
            return governing
        for i in sorted(clause):
            tok = self._tree.tokens[i]
            word = tok.lemma.lower()
            if tok.pos in ("NOUN", "ADV") and (word in self._lex.town_anaphors or word in self._lex.area_anaphors):
                antecedent = self._latest_before(tok.idx)
                if antecedent is not None:
                    precision = antecedent.precision if word in self._lex.town_anaphors else max(antecedent.precision, 2)
                    return dataclasses.replace(antecedent, precision=precision, text=tok.text)
        if self._focus is not None:
            return dataclasses.replace(self._focus, precision=max(self._focus.precision, 2))
        return None

    def _without_other_clauses(self, trigger: Trigger, clause: set[int], other_anchors: set[int]) -> set[int]:
        """Drop the clauses of other events nested in this one."""
        out = set(clause)
        for anchor in other_anchors:
            if anchor in clause and anchor != trigger.anchor.i and self._tree.tokens[anchor].dep in CLAUSE_DEPS | {"conj"}:
                if trigger.token.i not in self._tree.subtree_indexes(anchor):
                    out -= self._tree.subtree_indexes(anchor)
        return out

    def _is_origin(self, i: int) -> bool:
        """"fighters from Idlib": a place that says where an actor comes from."""
        for head in self._tree.ancestors(i):
            if head.dep == "prep" and head.text.lower() == "from":
                return self._tree.tokens[head.head].pos in ("NOUN", "PROPN")
            if head.pos not in ("PROPN", "NOUN", "ADP"):
                return False
        return False

    def _said_at(self, trigger: Trigger, i: int) -> bool:
        """True when the place hangs on the trigger through prepositions and name parts only,
        not through what is said or asked for."""
        anchors = {trigger.anchor.i, trigger.token.i}
        for head in self._tree.ancestors(i):
            tok = self._tree.tokens[i]
            if tok.dep not in _LOCATIVE_DEPS:
                return False
            if head.i in anchors:
                return True
            i = head.i
        return False

    def _is_quantity_modifier(self, i: int) -> bool:
        """"5,000 US dollars", "a Syrian pound": a country name that qualifies a quantity."""
        tok = self._tree.tokens[i]
        if tok.dep not in ("compound", "amod", "nmod"):
            return False
        return bool(self._tree.children(tok.head, ("nummod", "quantmod")))

    def _qualified(self, place: Place, token: int) -> Place:
        """Lower town precision to 2 when the text says "near X", "outskirts of X"."""
        if place.precision != 1:
            return place
        for head in self._tree.ancestors(token):
            if head.text.lower() in self._lex.near_words:
                return dataclasses.replace(place, precision=2)
            if head.pos == "VERB":
                break
        return place

    def _latest_before(self, offset: int) -> Place | None:
        best = None
        for index, place in self._places.items():
            m = self._mentions[index]
            if m.end <= offset and place.precision < COUNTRY_PRECISION and (best is None or m.end > best[0]):
                best = (m.end, place)
        return best[1] if best else None
