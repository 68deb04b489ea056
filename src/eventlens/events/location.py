"""Where: the place an event happened at, not merely the first place its sentence names."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from enum import IntEnum

from eventlens.events.lexicon import EventLexicon
from eventlens.events.syntax import CLAUSE_DEPS, DependencyTree
from eventlens.events.triggers import Trigger
from eventlens.ingest import opens_caps_dateline
from eventlens.model import Mention, Place, Sentence, Token

# Precision of a place of each kind when it is named bare; "near X" lowers town precision to 2.
COUNTRY_PRECISION = 3
# Events of saying and agreeing: the places of what they are about are not theirs. (A request
# is placed where what it asks for is to happen, as analysts code it.)
_SAID_TYPES = frozenset({"AGREE", "ACCUSE", "REJECT", "THREATEN", "SANCTION"})
_LOCATIVE_DEPS = frozenset(
    {"pobj", "prep", "compound", "amod", "appos", "conj", "cc", "punct", "npadvmod", "nmod"}
)


class _Role(IntEnum):
    """How a place named in an event's clause relates to the event, best first."""

    SITE = 0  # where it happened: "in Saraqib", "near Saraqib", "shelled Tal Rifaat"
    LANDMARK = 1  # what the site is measured from: "Ariha, 10 km east of Idlib"
    DEPARTURE = 2  # left, or whose people: "withdrew from X", "fled X", "residents of X"


class EventPlacer:
    """Chooses an event's place among the document's resolved toponyms.

    First a toponym of the trigger's own clause, ranked: towns before countries; sites before
    landmarks before places left; the clause's own before those of clauses below it; the most
    precise; the nearest in the parse. So "visited al-Qaim crossing with Iraq" happened at
    al-Qaim, "met in Tal Afar, west of Mosul" in Tal Afar, "sent reinforcements from Deir Ezzor
    to Palmyra" in Palmyra, "in the town of Tafas in western Daraa" in Tafas. Never the event's
    place: where an actor comes from ("fighters from Idlib", "Idlib-based"), where a speaker
    spoke ("said in Baghdad"), the dateline. Else the town of the clause an adjunct event hangs
    on, else the antecedent of an anaphor ("in the city").

    A sentence that names no place gets the one the report implies, one step less precise (at
    least 2) and at ``inferred_score_factor`` of its score: the latest town named before it in
    its paragraph, else the dateline's, else the report's focus, the town it names most.
    """

    def __init__(
        self,
        lexicon: EventLexicon,
        tree: DependencyTree,
        text: str,
        mentions: Sequence[Mention],
        places: dict[int, Place],
        inferred_score_factor: float,
    ):
        self._inferred_score_factor = inferred_score_factor
        self._lex = lexicon
        self._tree = tree
        self._text = text
        self._mentions = mentions
        self._places = places
        self._place_at: dict[int, int] = {}
        for index in places:
            m = mentions[index]
            for i in range(m.token_start, m.token_end):
                self._place_at[i] = index
        # Places named only as where someone spoke or comes from: no event's, even by default.
        self._asides = {
            i
            for i in places
            if self._is_speaker_place(mentions[i].token_end - 1, ())
            or self._is_origin(mentions[i].token_end - 1)
        }
        self._dateline = self._dateline_index()
        self._focus = self._focus_place()

    def names_place(self, token: int) -> bool:
        """True when the token is part of a resolved toponym."""
        return token in self._place_at

    def place(
        self, trigger: Trigger, sentence: Sentence, other_anchors: set[int], actor_tokens: set[int]
    ) -> Place | None:
        """The event's place; for what is said or agreed, only where it was said counts:
        "agreed in Damascus to form committees for the Semalka crossing" happened in Damascus."""
        clause = self._tree.subtree_indexes(trigger.anchor.i) | self._tree.subtree_indexes(trigger.token.i)
        clause = self._without_other_clauses(trigger, clause, other_anchors)
        return (
            self._named_place(trigger, clause, actor_tokens)
            or self._governing_clause_place(trigger, actor_tokens)
            or self._anaphor_place(clause)
            or self._implied_place(sentence.start)
        )

    def _named_place(self, trigger: Trigger, clause: set[int], actor_tokens: set[int]) -> Place | None:
        """The best-ranked toponym of the event's own clause."""
        candidates = []
        for i in sorted(clause):
            index = self._place_at.get(i)
            if (
                index is None
                or index == self._dateline
                or i in actor_tokens
                or not self._may_be_site(trigger, i)
            ):
                continue
            place = self._places[index]
            rank = (
                place.precision >= COUNTRY_PRECISION,
                self._role(i),
                self._in_nested_clause(i, trigger),
                place.precision,
                self._tree.distance(trigger.token.i, i),
            )
            candidates.append((rank, index, i))
        if not candidates:
            return None
        (country_level, *_), index, token = min(candidates)
        place = self._places[index]
        if country_level and self._focus is not None and self._focus.country == place.country:
            # "a strike in western Iraq" in a report about al-Qaim: the report's town, near.
            return _inferred(self._focus, self._inferred_score_factor)
        return self._qualified(place, token)

    def _may_be_site(self, trigger: Trigger, i: int) -> bool:
        """False for the places that cannot be the event's: an actor's origin, a currency's
        country, a speaker's place (for what is said: any place but where it was said)."""
        if self._is_origin(i) or self._is_quantity_modifier(i):
            return False
        if trigger.entry.type in _SAID_TYPES:
            return self._said_at(trigger, i)
        return not self._is_speaker_place(i, (trigger.anchor.i, trigger.token.i))

    def _anaphor_place(self, clause: set[int]) -> Place | None:
        """ "in the city", "the area": the latest place named before, as precise for a town word."""
        for i in sorted(clause):
            tok = self._tree.tokens[i]
            word = tok.lemma.lower()
            if tok.pos in ("NOUN", "ADV") and (
                word in self._lex.town_anaphors or word in self._lex.area_anaphors
            ):
                antecedent = self._latest_before(tok.idx)
                if antecedent is not None:
                    precision = (
                        antecedent.precision
                        if word in self._lex.town_anaphors
                        else max(antecedent.precision, 2)
                    )
                    return dataclasses.replace(antecedent, precision=precision, text=tok.text)
        return None

    def _implied_place(self, sentence_start: int) -> Place | None:
        """For a sentence that names no place: the paragraph's, the dateline's, the report's."""
        implied = self._earlier_in_paragraph(sentence_start)
        if implied is None and self._dateline is not None:
            implied = self._places[self._dateline]
        implied = implied or self._focus
        return _inferred(implied, self._inferred_score_factor) if implied is not None else None

    def _role(self, i: int) -> _Role:
        """How the place at token ``i`` relates to the event of its clause (see ``_Role``)."""
        tok = self._tree.tokens[i]
        if tok.dep == "dobj" and self._tree.tokens[tok.head].lemma.lower() in self._lex.departure_verbs:
            return _Role.DEPARTURE
        for head in self._tree.ancestors(i):
            if head.dep == "prep" and head.text.lower() in ("of", "from"):
                above = self._tree.tokens[head.head]
                if above.lemma.lower() in self._lex.bearings or above.text.lower() in self._lex.bearings:
                    return _Role.LANDMARK
                if head.text.lower() == "from" and above.pos in ("VERB", "AUX"):
                    return _Role.DEPARTURE
                if head.text.lower() == "of" and self._names_people(above):
                    return _Role.DEPARTURE
                return _Role.SITE
            if head.pos not in ("PROPN", "NOUN", "ADP", "PUNCT", "DET", "ADJ"):
                return _Role.SITE
        return _Role.SITE

    def _in_nested_clause(self, i: int, trigger: Trigger) -> bool:
        """True when the place is told in a clause below the event's own: "protested in Manbij
        demanding the release of detainees held in Raqqa"."""
        own = (trigger.anchor.i, trigger.token.i)
        tok = self._tree.tokens[i]
        for head in self._tree.ancestors(i):
            if tok.dep in CLAUSE_DEPS:
                return True
            if head.i in own:
                return False
            tok = head
        return False

    def _names_people(self, tok: Token) -> bool:
        """ "residents", "the governor", "fighters": a noun for people, whose "of X" is their home."""
        word = tok.lemma.lower()
        return (
            word in self._lex.generic_actors
            or tok.text.lower() in self._lex.generic_actors
            or word in self._lex.civilian_nouns
            or word in self._lex.official_sources
        )

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

    def _without_other_clauses(self, trigger: Trigger, clause: set[int], other_anchors: set[int]) -> set[int]:
        """Drop the clauses of other events nested in this one."""
        out = set(clause)
        for anchor in other_anchors:
            if (
                anchor in clause
                and anchor != trigger.anchor.i
                and self._tree.tokens[anchor].dep in CLAUSE_DEPS | {"conj"}
            ) and trigger.token.i not in self._tree.subtree_indexes(anchor):
                out -= self._tree.subtree_indexes(anchor)
        return out

    def _is_origin(self, i: int) -> bool:
        """ "fighters from Idlib", "Idlib-based fighters", "gunmen based in Idlib": a place that
        says where an actor comes from."""
        for head in self._tree.ancestors(i):
            if head.lemma.lower() == "base" and head.tag == "VBN":
                return True
            if head.dep == "prep" and head.text.lower() == "from":
                return self._tree.tokens[head.head].pos in ("NOUN", "PROPN")
            if head.pos not in ("PROPN", "NOUN", "ADP"):
                return False
        return False

    def _is_speaker_place(self, i: int, own: tuple[int, ...]) -> bool:
        """True when the place is the object of a preposition on a verb of saying other than
        the event's own (``own``): "the ministry said in Baghdad", "speaking in Damascus"."""
        tok = self._tree.tokens[i]
        while tok.dep in ("compound", "flat") and tok.head != tok.i:
            tok = self._tree.tokens[tok.head]
        if tok.dep != "pobj":
            return False
        prep = self._tree.tokens[tok.head]
        verb = self._tree.tokens[prep.head]
        if verb.lemma.lower() in self._lex.government_nouns and verb.dep in ("nsubj", "dobj"):
            # "officials in Baghdad said", "quoted a spokesman in Sanaa": where the speaker sits.
            verb = self._tree.tokens[verb.head]
        word = verb.lemma.lower()
        return (
            prep.text.lower() in ("in", "at")
            and verb.pos in ("VERB", "AUX")
            and verb.i not in own
            and (word in self._lex.reporting_verbs or word in self._lex.speaking_verbs)
        )

    def _said_at(self, trigger: Trigger, i: int) -> bool:
        """True when the place hangs on the trigger through prepositions and name parts only,
        not through what is said or asked for; the speakers' own place counts too: "tribal
        figures in Deir ez-Zor accused ..."."""
        anchors = {trigger.anchor.i, trigger.token.i}
        below = None
        for head in self._tree.ancestors(i):
            tok = self._tree.tokens[i]
            speakers_place = tok.dep == "nsubj" and below is not None and below.text.lower() in ("in", "at")
            if tok.dep not in _LOCATIVE_DEPS and not speakers_place:
                return False
            if head.i in anchors:
                return True
            below, i = tok, head.i
        return False

    def _is_quantity_modifier(self, i: int) -> bool:
        """ "5,000 US dollars", "a Syrian pound": a country name that qualifies a quantity."""
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
            if index in self._asides:
                continue
            if m.end <= offset and place.precision < COUNTRY_PRECISION and (best is None or m.end > best[0]):
                best = (m.end, place)
        return best[1] if best else None

    def _earlier_in_paragraph(self, offset: int) -> Place | None:
        """The latest town named before ``offset`` in its paragraph, not an aside."""
        paragraph_start = self._text.rfind("\n\n", 0, offset) + 1
        best = None
        for index, place in self._places.items():
            m = self._mentions[index]
            if index in self._asides or index == self._dateline or place.precision >= COUNTRY_PRECISION:
                continue
            if paragraph_start <= m.start and m.end <= offset and (best is None or m.end > best[0]):
                best = (m.end, place)
        return best[1] if best else None

    def _dateline_index(self) -> int | None:
        """The place in capitals that opens a paragraph before a comma or dash: "BAGHDAD, ..."."""
        for index in sorted(self._places):
            m = self._mentions[index]
            opens_line = m.start == 0 or self._text[m.start - 1] == "\n"
            if opens_line and m.text.isupper() and opens_caps_dateline(self._text, m.start):
                return index
        return None

    def _focus_place(self) -> Place | None:
        """The report's main place: the town-level place it names most, asides not counted; on
        a tie the dateline's, else the first named."""
        towns = [
            (index, p)
            for index, p in sorted(self._places.items())
            if p.precision < COUNTRY_PRECISION and index not in self._asides
        ]
        if not towns:
            return None
        counts = Counter(p.geonameid for _, p in towns)
        best = max(counts.values())
        if self._dateline is not None:
            dateline = self._places[self._dateline]
            if counts.get(dateline.geonameid) == best:
                return dateline
        return next(p for _, p in towns if counts[p.geonameid] == best)


def _inferred(place: Place, score_factor: float) -> Place:
    """A place the report implies rather than names for the event: less precise, less sure."""
    precision = min(COUNTRY_PRECISION, max(place.precision + 1, 2))
    score = round(place.score * score_factor, 3)
    return dataclasses.replace(place, precision=precision, score=score)
