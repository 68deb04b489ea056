"""How many died: the death counts a sentence states."""

from __future__ import annotations

from eventlens.events.syntax import DependencyTree
from eventlens.model import Token

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "a": 1,
    "an": 1,
}
_DEATH_VERBS = frozenset({"kill", "die", "slay", "execute", "murder", "assassinate", "martyr"})
_NO_DEATH_WORDS = frozenset({"wound", "wounded", "injure", "injured", "injuries", "casualties", "damage"})
_DEATH_WORDS = frozenset({"dead", "killed", "death", "deaths", "fatalities", "bodies", "martyrs", "martyred"})
# Words that make a count a running total over a period, not the deaths of one event: "230
# people have been killed since October", "the toll so far this year".
_RUNNING_TOTAL_WORDS = frozenset({"since", "far", "date", "overall", "altogether", "cumulative"})


def number_value(tok: Token) -> int | None:
    """The integer a number token says ("12", "1,200", "three"), or None."""
    text = tok.text.lower().replace(",", "")
    if text.isdigit():
        return int(text)
    return _NUMBER_WORDS.get(text)


def fatalities_in(tree: DependencyTree, tokens: range) -> int | None:
    """The deaths a sentence states: "killing three civilians", "12 fighters were killed",
    "the death toll rose to 7"; counts of different victim groups are added up. 0 when it
    tells only of wounded or damage, None when it says nothing of harm."""
    total = 0
    found = False
    counted: set[int] = set()
    for i in tokens:
        tok = tree.tokens[i]
        lemma = tok.lemma.lower()
        victims: list[Token] = []
        if tok.pos == "VERB" and lemma in _DEATH_VERBS:
            if lemma == "die":
                victims = tree.children(i, ("nsubj",))
            else:
                victims = tree.children(i, ("dobj", "nsubjpass"))
        elif tok.text.lower() in _DEATH_WORDS and tok.pos in ("ADJ", "NOUN"):
            head = tree.tokens[tok.head]
            if (
                tok.dep in ("acomp", "oprd")
                and head.pos == "VERB"
                and (shot := tree.children(head.i, ("dobj", "nsubjpass")))
            ):
                victims = shot  # "shot dead 24 people", "were found dead"
            else:
                victims = [head] if tok.dep in ("amod", "acomp") else [tok]
            if lemma in ("toll", "death") or tok.text.lower() in ("death", "deaths", "fatalities"):
                victims += [t for t in tree.subtree(i) if t.dep == "pobj"]
        if victims and _running_total(tree, tok):
            continue
        for victim in victims:
            for group in [victim, *tree.children(victim.i, ("conj",))]:
                count = _count_of(tree, group)
                if count is not None and group.i not in counted:
                    counted.add(group.i)
                    total += count
                    found = True
    if found:
        return total
    # "wounding a child", "without causing casualties", "material damage": the report says
    # whom the event hurt, and no one died, which is 0 (ACLED's usage), not unknown.
    words = {tree.tokens[i].lemma.lower() for i in tokens} | {tree.tokens[i].text.lower() for i in tokens}
    return 0 if words & _NO_DEATH_WORDS else None


# Where a clause ends: what hangs on it by these arcs tells something else.
_OTHER_CLAUSES = frozenset({"relcl", "ccomp", "advcl", "conj"})
# "in the past two years", "over recent months": a clause told over such a period sums events up.
_LONG_PERIODS = frozenset({"month", "months", "year", "years", "decade", "decades"})
_PERIOD_MARKS = frozenset({"past", "last", "recent", "previous"})


def tells_a_tally(tree: DependencyTree, verb: Token) -> bool:
    """Whether a clause sums up months or years ("Mine explosions have killed dozens of
    civilians in the past two years"): a tally of many events, none of them an event itself."""
    for t in tree.subtree(verb.i, _OTHER_CLAUSES):
        if t.text.lower() in _LONG_PERIODS and t.dep == "pobj":
            if any(m.text.lower() in _PERIOD_MARKS for m in tree.children(t.i, ("amod",))):
                return True
    return False


def _running_total(tree: DependencyTree, tok: Token) -> bool:
    """A count over a period ("since October", "so far", "to date"), read in the clause of the
    death word: its own subtree and that of the verb it hangs on."""
    clause = tree.tokens[tok.head] if tok.pos != "VERB" else tok
    for t in tree.subtree(clause.i, _OTHER_CLAUSES):
        word = t.text.lower()
        if word == "since" or (
            word in _RUNNING_TOTAL_WORDS and t.i > 0 and tree.tokens[t.i - 1].text.lower() in ("so", "to")
        ):
            return True
        if word in ("overall", "altogether", "cumulative"):
            return True
    return False


def _count_of(tree: DependencyTree, noun: Token) -> int | None:
    value = number_value(noun) if noun.pos == "NUM" else None
    if value is not None:
        return value
    for mod in tree.children(noun.i, ("nummod", "quantmod")):
        if (value := number_value(mod)) is not None:
            return value
    if noun.tag == "NN" and any(
        d.text.lower() in ("a", "an", "the", "one") for d in tree.children(noun.i, ("det",))
    ):
        return 1  # "a shepherd was killed", "killing its driver" counts one
    if noun.tag == "NN" and tree.children(noun.i, ("poss",)):
        return 1
    return None
