"""How sure and who says so: an event's modality and its attribution."""

from __future__ import annotations

from collections.abc import Sequence

from eventlens.events.lexicon import EventLexicon
from eventlens.events.syntax import DependencyTree
from eventlens.events.triggers import Trigger
from eventlens.model import Attribution, Mention, Token
from eventlens.nlp import canonical

_SPEAKER_STOP = frozenset({"relcl", "acl", "punct", "cc", "conj", "prep", "appos"})


class ModalityReader:
    """Reads modality off the trigger's auxiliaries, negation and governing verbs."""

    def __init__(self, lexicon: EventLexicon):
        self._cues = lexicon.modality
        self._reporting = lexicon.reporting_verbs

    def modality(self, tree: DependencyTree, trigger: Trigger) -> str:
        if trigger.called_for:
            return "called for"
        anchor = trigger.anchor
        kids = tree.children(anchor.i)
        lemmas = {k.lemma.lower() for k in kids} | {k.text.lower() for k in kids}
        governors = _governing_verbs(tree, anchor)
        governing = [a.lemma.lower() for a in governors]
        if any(k.dep == "neg" for k in kids):
            return "denied"
        for governor, verb in zip(governors, governing, strict=True):
            if verb in self._cues["denied"] and verb in self._reporting | self._cues["denied"]:
                return "denied"
            if verb in self._cues["claimed"]:
                return "claimed"
            if verb in self._cues["called_for"] and trigger.entry.type != "REQUEST":
                return "called for"
            if verb in self._cues["planned"]:
                return "planned"
            if verb in self._reporting:
                break
            if {k.lemma.lower() for k in tree.children(governor.i, ("aux",))} & self._cues["future_aux"]:
                return "planned"  # "will travel to Baghdad to ask for": the asking is to come too
        if any(k.dep == "mark" and k.text.lower() in self._cues["hypothetical_marks"] for k in kids):
            return "hypothetical"
        if lemmas & self._cues["hypothetical_aux"]:
            # "they said they would hold a sit-in": a future told in reported speech.
            reported = "would" in lemmas and any(verb in self._reporting for verb in governing)
            return "planned" if reported else "hypothetical"
        if lemmas & self._cues["future_aux"] or ({"going"} & lemmas and "to" in lemmas):
            return "planned"
        return "asserted"


def _governing_verbs(tree: DependencyTree, anchor: Token) -> list[Token]:
    """The verbs above the anchor's clause, nearest first, up to the sentence root."""
    out = []
    tok = anchor
    for head in tree.governors(anchor.i):
        if tok.dep in ("xcomp", "ccomp", "pcomp", "advcl", "pobj", "prep", "dobj", "acl", "conj"):
            if head.pos in ("VERB", "AUX", "NOUN"):
                out.append(head)
        tok = head
    return out


class AttributionReader:
    """Finds the reporting verb that governs an event and classifies its speaker."""

    def __init__(self, lexicon: EventLexicon):
        self._lex = lexicon

    def attribution(
        self,
        tree: DependencyTree,
        text: str,
        mentions: Sequence[Mention],
        mention_at: dict[int, int],
        trigger: Trigger,
        sentence_tokens: range,
        outlet: str | None,
    ) -> Attribution:
        verb = self._reporting_verb(tree, trigger, sentence_tokens)
        if verb is None:
            return Attribution(outlet, None, "outlet")
        speaker = self._speaker_head(tree, verb)
        if speaker is None:
            return Attribution(outlet, None, "outlet")
        start, end = tree.span(speaker.i, _SPEAKER_STOP)
        phrase = tree.tokens[start:end]
        speaker_text = tree.text(start, end, text)
        words = {t.lemma.lower() for t in phrase} | {t.text.lower() for t in phrase}
        names = [mention_at[t.i] for t in phrase if t.i in mention_at]
        named = [canonical(mentions, i) for i in names]
        if speaker.lemma.lower() in self._lex.outlet_sources and not any(m.label == "PERSON" for m in named):
            return Attribution(outlet, speaker_text, "outlet")
        # A named person is named sourcing, whatever office they hold; an office or body
        # speaking without a name is official.
        if any(m.label == "PERSON" for m in named):
            return Attribution(outlet, speaker_text, "named")
        if words & self._lex.official_sources or any(m.kb_id for m in named):
            return Attribution(outlet, speaker_text, "official")
        if any(m.label == "ORG" for m in named):
            return Attribution(outlet, speaker_text, "named")
        if speaker.lemma.lower() in self._lex.anonymous_sources or speaker.pos == "PRON":
            return Attribution(outlet, speaker_text, "anonymous")
        return Attribution(outlet, speaker_text, "named" if named else "anonymous")

    def _reporting_verb(self, tree: DependencyTree, trigger: Trigger, sentence_tokens: range) -> Token | None:
        reporting = self._lex.reporting_verbs
        for head in tree.governors(trigger.anchor.i):
            if head.pos == "VERB" and head.lemma.lower() in reporting:
                return head
        # "X attacked Y, the source said": the reporting verb hangs on the event's clause.
        for tok in (tree.tokens[i] for i in sentence_tokens):
            if (
                tok.pos == "VERB"
                and tok.lemma.lower() in reporting
                and tok.dep in ("parataxis", "ROOT", "advcl")
            ) and (
                tok.dep == "ROOT"
                or tree.tokens[tok.head].i
                in {
                    trigger.anchor.i,
                    *[a.i for a in tree.ancestors(trigger.anchor.i)],
                }
            ):
                return tok
        # "according to the sources"
        for tok in (tree.tokens[i] for i in sentence_tokens):
            if tok.text.lower() == "according":
                to = tree.child(tok.i, "prep")
                if to is not None and tree.child(to.i, "pobj") is not None:
                    return tok
        return None

    def _speaker_head(self, tree: DependencyTree, verb: Token) -> Token | None:
        if verb.text.lower() == "according":
            to = tree.child(verb.i, "prep")
            return tree.child(to.i, "pobj") if to is not None else None
        return tree.child(verb.i, "nsubj") or _agent_of(tree, verb)


def _agent_of(tree: DependencyTree, verb: Token) -> Token | None:
    agent = tree.child(verb.i, "agent")
    return tree.child(agent.i, "pobj") if agent is not None else None
