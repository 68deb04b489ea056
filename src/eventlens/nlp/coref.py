"""In-document coreference: surnames, role titles and pronouns linked to the actor they name.

Rules, in the order they apply:
- a surname alone ("Soleimani") refers to the full name mentioned in the document
  ("Qasem Soleimani"), whatever label the statistical NER gave it;
- a role title ("the Quds Force commander", "the commander of the Quds Force") refers to the
  person it stands in apposition to, else to a person of the document whom the knowledge base
  records as holding that command in the report's year, else to the commander the knowledge
  base knows for that year; else it stays a title, which names an actor by itself;
- a personal pronoun refers to the latest person (or title) before it, within three sentences;
  "it"/"its" to the latest organisation.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
from collections.abc import Callable, Sequence
from importlib.resources import files

import yaml

from eventlens.kb import KnowledgeBase
from eventlens.model import Mention, Sentence, Token

_PRONOUN_WINDOW_SENTENCES = 3


@functools.lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    data = yaml.safe_load(files("eventlens.nlp").joinpath("data/titles.yaml").read_text(encoding="utf-8"))
    pronouns = data["pronouns"]
    return frozenset(data["titles"]), frozenset(pronouns["person"]), frozenset(pronouns["organisation"])


class CoreferenceResolver:
    """Adds title and pronoun mentions to a document's mentions and links each to its antecedent."""

    def __init__(self, kb: KnowledgeBase):
        self._kb = kb
        self._titles, self._person_pronouns, self._organisation_pronouns = _lexicon()

    def resolve(
        self,
        text: str,
        tokens: Sequence[Token],
        sentences: Sequence[Sentence],
        mentions: Sequence[Mention],
        year: int | None,
    ) -> tuple[Mention, ...]:
        """Return the mentions, titles and pronouns added, sorted by offset, with ``refers_to`` set."""
        covered = {i for m in mentions for i in range(m.token_start, m.token_end)}
        found = list(mentions) + self._titles_and_pronouns(text, tokens, covered)
        found += _unmarked_surnames(tokens, found, covered)
        found.sort(key=lambda m: (m.start, -m.end))
        found = self._link_surnames(found)
        found = self._link_titles(tokens, found, year)
        return tuple(self._link_pronouns(tokens, sentences, found))

    def _titles_and_pronouns(self, text: str, tokens: Sequence[Token], covered: set[int]) -> list[Mention]:
        added = []
        for tok in tokens:
            if tok.i in covered:
                continue
            lower = tok.text.lower()
            if tok.pos == "PRON" and lower in self._person_pronouns | self._organisation_pronouns:
                added.append(Mention(tok.text, tok.idx, tok.idx + len(tok.text), "PRON", tok.i, tok.i + 1))
            elif tok.pos == "NOUN" and tok.tag == "NN" and tok.lemma.lower() in self._titles:
                start, end = _title_extent(tokens, tok)
                first, last = tokens[start], tokens[end - 1]
                stop = last.idx + len(last.text)
                added.append(Mention(text[first.idx : stop], first.idx, stop, "TITLE", start, end))
        return added

    def _link_surnames(self, mentions: list[Mention]) -> list[Mention]:
        full_names: dict[str, int] = {}
        for i, m in enumerate(mentions):
            if m.label == "PERSON" and " " in m.text:
                full_names.setdefault(m.text.split()[-1].lower(), i)
        for i, m in enumerate(mentions):
            antecedent = full_names.get(m.text.lower())
            if antecedent is not None and antecedent != i and m.kb_id is None and " " not in m.text:
                mentions[i] = dataclasses.replace(m, label="PERSON", refers_to=antecedent)
        return mentions

    def _link_titles(
        self, tokens: Sequence[Token], mentions: list[Mention], year: int | None
    ) -> list[Mention]:
        for i, m in enumerate(mentions):
            if m.label != "TITLE":
                continue
            target = self._title_target(tokens, mentions, i, year)
            if isinstance(target, int):
                mentions[i] = dataclasses.replace(m, refers_to=target)
            elif isinstance(target, str):
                mentions[i] = dataclasses.replace(m, kb_id=target)
        return mentions

    def _title_target(
        self, tokens: Sequence[Token], mentions: list[Mention], index: int, year: int | None
    ) -> int | str | None:
        title = mentions[index]
        for j, m in enumerate(mentions):
            if m.label == "PERSON" and title.token_start <= m.token_start and m.token_end <= title.token_end:
                return j
        # Apposition: "the commander of the Quds Force, Qasem Soleimani" or "Soleimani, the commander".
        for j in (index - 1, index + 1, index + 2):
            if (
                0 <= j < len(mentions)
                and mentions[j].label == "PERSON"
                and _adjacent(tokens, title, mentions[j])
            ):
                return j
        organisations = [
            m.kb_id
            for m in mentions
            if m.kb_id and title.token_start <= m.token_start and m.token_end <= title.token_end
        ]
        for org in organisations:
            commanders = {a.id for a in self._kb.commanders_of(org, year)}
            for j, m in enumerate(mentions):
                if m.kb_id in commanders:
                    return j
            if len(commanders) == 1:
                return next(iter(commanders))
        return None

    def _link_pronouns(
        self, tokens: Sequence[Token], sentences: Sequence[Sentence], mentions: list[Mention]
    ) -> list[Mention]:
        sentence_of = _sentence_index(sentences)
        for i, m in enumerate(mentions):
            if m.label != "PRON":
                continue
            wanted = {"PERSON", "TITLE"} if m.text.lower() in self._person_pronouns else {"ORG"}
            j = _latest_subject(tokens, mentions, i, wanted)
            if j is None:
                j = _latest(mentions, i, wanted)
            if (
                j is not None
                and sentence_of(m.token_start) - sentence_of(mentions[j].token_start)
                <= _PRONOUN_WINDOW_SENTENCES
            ):
                mentions[i] = dataclasses.replace(m, refers_to=j)
        return mentions


def _unmarked_surnames(
    tokens: Sequence[Token], mentions: Sequence[Mention], covered: set[int]
) -> list[Mention]:
    """Surnames of the document's full names that the NER left unlabelled, as in a headline."""
    surnames = {m.text.split()[-1] for m in mentions if m.label == "PERSON" and " " in m.text}
    return [
        Mention(t.text, t.idx, t.idx + len(t.text), "PERSON", t.i, t.i + 1)
        for t in tokens
        if t.i not in covered and t.pos == "PROPN" and t.text in surnames
    ]


def canonical(mentions: Sequence[Mention], index: int) -> Mention:
    """The mention a chain of ``refers_to`` links ends at."""
    seen = set()
    while mentions[index].refers_to is not None and index not in seen:
        seen.add(index)
        index = mentions[index].refers_to
    return mentions[index]


def _title_extent(tokens: Sequence[Token], head: Token) -> tuple[int, int]:
    """The noun phrase of a title: its determiner and compounds, and an "of ..." complement."""
    start = head.i
    while (
        start > 0
        and tokens[start - 1].head == head.i
        and tokens[start - 1].dep in ("det", "compound", "amod", "poss")
    ):
        start -= 1
    end = head.i + 1
    for tok in tokens[head.i + 1 :]:
        if tok.i != end:
            break
        if tok.head == head.i and tok.dep == "prep" and tok.text.lower() == "of":
            end = _subtree_end(tokens, tok)
        elif tok.dep == "compound" and tok.head == head.i:
            end = tok.i + 1
        else:
            break
    # Compounds before the title ("Quds Force commander") hang on their own head chain.
    while start > 0 and tokens[start - 1].dep == "compound" and start - 1 < head.i:
        start -= 1
    if start > 0 and tokens[start - 1].dep == "det" and tokens[start - 1].head >= start:
        start -= 1
    return start, end


def _subtree_end(tokens: Sequence[Token], root: Token) -> int:
    end = root.i + 1
    for tok in tokens[root.i + 1 :]:
        node, inside = tok, False
        while True:
            if node.i == root.i:
                inside = True
                break
            if node.head == node.i:
                break
            node = tokens[node.head]
        if not inside:
            break
        end = tok.i + 1
    return end


def _adjacent(tokens: Sequence[Token], a: Mention, b: Mention) -> bool:
    """True when only punctuation, quotes or "of the ..." modifiers separate the two mentions."""
    lo, hi = (a, b) if a.token_start < b.token_start else (b, a)
    between = tokens[lo.token_end : hi.token_start]
    return len(between) <= 2 and all(t.pos in ("PUNCT", "SPACE") or t.dep in ("punct",) for t in between)


def _latest(mentions: Sequence[Mention], index: int, labels: set[str]) -> int | None:
    for j in range(index - 1, -1, -1):
        if mentions[j].label in labels:
            return j
    return None


def _latest_subject(
    tokens: Sequence[Token], mentions: Sequence[Mention], index: int, labels: set[str]
) -> int | None:
    """The latest mention of one of ``labels`` that is a clause's subject: the salient
    antecedent of "he" is who acted, not a name met in passing."""
    for j in range(index - 1, -1, -1):
        m = mentions[j]
        if m.label in labels and _head_of(tokens, m).dep in ("nsubj", "nsubjpass"):
            return j
    return None


def _head_of(tokens: Sequence[Token], mention: Mention) -> Token:
    """The token of a mention whose head lies outside it: "Service" in "Security Service of Ukraine"."""
    inside = range(mention.token_start, mention.token_end)
    return next(
        (tokens[i] for i in inside if tokens[i].head not in inside or tokens[i].head == i),
        tokens[mention.token_end - 1],
    )


def _sentence_index(sentences: Sequence[Sentence]) -> Callable[[int], int]:
    starts = [s.token_start for s in sentences]

    def sentence_of(token_index: int) -> int:
        return bisect.bisect_right(starts, token_index) - 1

    return sentence_of
