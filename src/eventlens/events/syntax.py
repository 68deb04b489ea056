"""Walking a dependency parse held in eventlens Token records."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from eventlens.model import Token

# Dependents that start a clause of their own: what lies below them is another statement.
CLAUSE_DEPS = frozenset({"relcl", "advcl", "ccomp", "xcomp", "acl", "parataxis", "csubj"})


class DependencyTree:
    """Children lists and subtree walks over a document's tokens."""

    def __init__(self, tokens: Sequence[Token]):
        self.tokens = tokens
        self._children: list[list[int]] = [[] for _ in tokens]
        self._subtree_cache: dict[int, frozenset[int]] = {}
        for tok in tokens:
            if tok.head != tok.i:
                self._children[tok.head].append(tok.i)

    def children(
        self, i: int, deps: frozenset[str] | set[str] | tuple[str, ...] | None = None
    ) -> list[Token]:
        """The dependents of token ``i``, optionally only those with one of ``deps``."""
        kids = (self.tokens[c] for c in self._children[i])
        return [t for t in kids if deps is None or t.dep in deps]

    def child(self, i: int, dep: str) -> Token | None:
        """The first dependent of token ``i`` with relation ``dep``."""
        return next((t for t in self.children(i) if t.dep == dep), None)

    def subtree(self, i: int, stop: frozenset[str] = frozenset()) -> Iterator[Token]:
        """Token ``i`` and everything below it, not descending into ``stop`` relations."""
        stack = [i]
        while stack:
            j = stack.pop()
            yield self.tokens[j]
            stack.extend(c for c in self._children[j] if self.tokens[c].dep not in stop)

    def subtree_indexes(self, i: int) -> frozenset[int]:
        """The token indexes of the whole subtree of ``i`` (computed once per token)."""
        cached = self._subtree_cache.get(i)
        if cached is None:
            cached = self._subtree_cache[i] = frozenset(t.i for t in self.subtree(i))
        return cached

    def span(self, i: int, stop: frozenset[str] = frozenset()) -> tuple[int, int]:
        """The token range [start, end) that the subtree of ``i`` covers."""
        indexes = [t.i for t in self.subtree(i, stop)]
        return min(indexes), max(indexes) + 1

    def ancestors(self, i: int) -> Iterator[Token]:
        """The heads above token ``i``, nearest first."""
        seen = {i}
        tok = self.tokens[i]
        while tok.head != tok.i and tok.head not in seen:
            seen.add(tok.head)
            tok = self.tokens[tok.head]
            yield tok

    def governors(self, i: int) -> Iterator[Token]:
        """The heads above token ``i`` that govern its clause, nearest first.

        A clause coordinated with its own "that" ("said that X claimed it, and that Y
        launched a raid") is governed by what governs its sister, not by the sister itself."""
        tok = self.tokens[i]
        seen = {i}
        while tok.head != tok.i and tok.head not in seen:
            head = self.tokens[tok.head]
            seen.add(head.i)
            if tok.dep == "conj" and any(c.dep == "mark" for c in self.children(tok.i)):
                tok = head
                continue
            yield head
            tok = head

    def distance(self, i: int, j: int) -> int:
        """Arcs on the path between two tokens of one sentence (a large number across sentences)."""
        up_i = {i: 0}
        for n, tok in enumerate(self.ancestors(i), 1):
            up_i[tok.i] = n
        if j in up_i:
            return up_i[j]
        for n, tok in enumerate(self.ancestors(j), 1):
            if tok.i in up_i:
                return n + up_i[tok.i]
        return 1000

    def text(self, start: int, end: int, source: str) -> str:
        """The document text the token range [start, end) covers."""
        first, last = self.tokens[start], self.tokens[end - 1]
        return source[first.idx : last.idx + len(last.text)]
