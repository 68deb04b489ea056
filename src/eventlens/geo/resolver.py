"""Toponym resolution: a document's place mentions to gazetteer places, all at once.

Every mention gets its candidate places from the gazetteer; each candidate is scored by
- how well the name matched: exact, key, loose key, fuzzy; a key match counts for less beside
  another place's exact match ("Tyre" is Tyre, not Tehran, also written "Teera"), and a town
  for less when the name is lower case or a common word ("June", "north-east");
- the place's size (log of population; countries and regions by theirs; a town whose
  population GeoNames does not know as a village, a curated sea or province-sized region as a
  province);
- its kind: a country's name is most likely the country, a curated point is worth naming, and
  a town's name is the town, not the province named after it (nor the region named like a
  large city of its country: "Washington"), unless the wording says "province" or
  "countryside";
- the document's country focus: the hint, the countries of the other mentions that are not
  ambiguous, and, weakly, the nationalities the sentences name ("Tripoli" in a report about
  Lebanon); a place off the focus and its neighbours loses a little when its name is written
  as the report writes it (Washington) and much when it only shares a key (Salé for "Salih");
  a misspelt (fuzzy) name is taken only for a place in a focus country itself;
- a town outside the focus theatre named by an alternate name that is not a spelling of its
  own (Hatta, India, also listed as "Hatla") is less likely, and one that a name matches only
  fuzzily, or by a transliteration key of a plain-ASCII name ("Money" for Monee), is no
  candidate at all;
- its distance to the places the other mentions resolved to ("al-Qaim" next to Albu Kamal),
  at first to any of their close-to-best candidates, so that two ambiguous names of
  neighbouring villages (Dhiban and al-Busayrah, in Syria and in Jordan) settle together;
- the admin1 regions its sentence names ("Hajin, in the eastern Deir Ezzor countryside"), and,
  much more, the region or country written right after it ("Columbia, S.C.", "London, Ont.",
  "Alexandria, Egypt"), unless the name is itself a region or country (a list: "Ohio,
  Kentucky and Indiana");
- whether the gazetteer knows the name for this one place only.
The best candidates are chosen, then re-chosen with the distances to each other's choices
until they settle. A village matched by a transliteration key alone, outside the report's own
country and far from every other place chosen, loses as an off-focus key match does. A mention
whose best score stays under a threshold resolves to None. The weights, penalties and cut-offs
are the ``[resolver]`` section of settings.toml, each with what it was tuned on.

Geo-precision of the Place returned: 1 a town, village or curated point; 2 a town qualified
("near X", "outskirts of X", "eastern X", "X countryside" of a town that is no region's
namesake, a caller's ``qualifier``) or a district-sized curated region; 3 an admin1 region
("Homs province", "the eastern Deir Ezzor countryside") or a country (whatever the wording).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from eventlens.geo.build import FOCUS_COUNTRIES
from eventlens.geo.countries import demonym_countries
from eventlens.geo.distance import haversine_km
from eventlens.geo.gazetteer import Candidate, Gazetteer, common_words
from eventlens.geo.phrases import ToponymPhrase, kind_of_word, parse_phrase, region_words
from eventlens.model import Place
from eventlens.names import is_arabic, name_key, normalize_arabic, strip_arabic_proclitics
from eventlens.settings import GEONAMES_FEATURES, ResolverSettings, shipped_settings

_NAME_WORD = re.compile(r"[A-Z][\w’'-]*")
# A name's qualifier: a comma, then up to three capitalised words ("Columbia, S.C.", "London,
# Ont.", "Wheeling, West Virginia").
_QUALIFIER = re.compile(r"\s*,\s*([A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,2})")


@dataclass(frozen=True)
class ToponymMention:
    """A place name as the NLP stage found it.

    ``start``/``end`` are offsets in the document; ``context`` is the sentence it is in and
    ``context_start`` that sentence's offset in the document (when known, the mention is found
    in the context by offset, else by its first occurrence there). ``qualifier`` is the caller's
    reading of the wording around the name: a word of ``data/toponym_context.tsv`` ('near',
    'outskirts', 'province', 'countryside', ...) acts as if the text said it; any other word
    counts as 'near' (geo-precision 2). Without it the resolver reads the context itself.
    """

    text: str
    start: int = 0
    end: int = 0
    context: str = ""
    qualifier: str | None = None
    context_start: int | None = None


@dataclass(frozen=True)
class _Option:
    candidate: Candidate
    precision: int
    base: float


@dataclass
class _Group:
    """The mentions that share one name and wording; they resolve together, to one place.

    ``qualifiers``: the regions (country, admin1 code or None) named right after a mention, as
    in "Columbia, S.C." or "London, Ontario".
    """

    phrase: ToponymPhrase
    options: list[_Option]
    contexts: set[str]
    pick: _Option | None = None
    score: float = 0.0
    qualifiers: set[tuple[str, str | None]] = field(default_factory=set)


class ToponymResolver:
    """Resolves the toponyms of one document at a time against a Gazetteer.

    ``settings``: the weights, penalties and cut-offs of the scores (the ``[resolver]`` section
    of settings.toml, where each says what it was tuned on); the shipped ones by default.
    """

    def __init__(self, gazetteer: Gazetteer, settings: ResolverSettings | None = None):
        self.gazetteer = gazetteer
        self._settings = settings or shipped_settings().resolver

    def resolve(
        self, mentions: Sequence[ToponymMention], *, country_hint: str | None = None
    ) -> list[Place | None]:
        """One Place (or None, when no candidate is good enough) per mention, in order.

        ``country_hint`` (ISO2) weighs like three mentions of that country. A Place's ``text`` is
        its mention's text, ``score`` the resolver's score scaled into [0, 1] (about 0.48 is the
        threshold, 0.7 a well-supported choice).
        """
        groups: dict[tuple, _Group] = {}
        group_of: list[tuple | None] = []
        sentence_starts = _sentence_starts(mentions)
        for mention in mentions:
            phrase, after = self._read(mention, sentence_starts.get(mention.context))
            if not phrase.core or not any(ch.isalpha() for ch in phrase.core):
                group_of.append(None)
                continue
            key = (name_key(phrase.core), phrase.kind, phrase.direction)
            group = groups.get(key)
            if group is None:
                group = groups[key] = _Group(phrase, self._options(mention.text, phrase), set())
            if mention.context:
                group.contexts.add(mention.context)
            if (qualifier := self._qualifier(after)) is not None:
                group.qualifiers.add(qualifier)
            group_of.append(key)

        focus = self._focus(list(groups.values()), mentions, country_hint)
        sentence_regions = {ctx: self._sentence_regions(ctx) for g in groups.values() for ctx in g.contexts}
        self._choose(list(groups.values()), focus, sentence_regions)

        results: list[Place | None] = []
        for mention, key in zip(mentions, group_of, strict=True):
            group = groups.get(key) if key is not None else None
            if group is None or group.pick is None:
                results.append(None)
                continue
            option = group.pick
            results.append(
                option.candidate.to_place(
                    text=mention.text,
                    precision=option.precision,
                    score=round(min(1.0, group.score / self._settings.score_scale), 3),
                )
            )
        return results

    # -- reading the mentions ---------------------------------------------------------------

    def _read(self, mention: ToponymMention, inferred_start: int | None) -> tuple[ToponymPhrase, str]:
        """The mention's phrase, and the text of its sentence after it."""
        before = after = ""
        if mention.context:
            position = -1
            context_start = mention.context_start if mention.context_start is not None else inferred_start
            if context_start is not None:
                offset = mention.start - context_start
                if mention.context[offset : offset + len(mention.text)] == mention.text:
                    position = offset
            if position < 0:
                position = mention.context.find(mention.text)
            if position >= 0:
                before = mention.context[:position]
                after = mention.context[position + len(mention.text) :]
        phrase = parse_phrase(mention.text, before, after)
        if mention.qualifier and phrase.kind is None:
            phrase = replace(phrase, kind=kind_of_word(mention.qualifier) or "nearby")
        return phrase, after

    def _qualifier(self, after: str) -> tuple[str, str | None] | None:
        """The admin1 region or country a name is qualified with: ", S.C.", ", Ontario", ", Egypt"."""
        match = _QUALIFIER.match(after)
        if match is None:
            return None
        words = match.group(1).split()
        for n in range(len(words), 0, -1):
            for c in self.gazetteer.lookup(" ".join(words[:n]), self._settings.lookup_limit):
                if c.match == "exact" and c.feature == "admin1":
                    return (c.country, c.admin1_code)
                if c.match == "exact" and c.feature == "country":
                    return (c.country, None)
        return None

    def _options(self, text: str, phrase: ToponymPhrase) -> list[_Option]:
        """The candidate places of a mention, with the precision each would give."""
        gaz = self.gazetteer
        # A curated region or a region's own name written in full wins: "Damascus countryside",
        # "Rural Damascus", "the eastern Deir Ezzor countryside", "al-Qaim border crossing".
        worded = name_key(text) != name_key(phrase.core)
        for full in (phrase.region_name(), text if worded else None):
            if full:
                # A town counts only when the words are its name as written ("Kansas City"):
                # "Marib city" is Marib, whose region the next lookup finds anyway.
                found = [
                    c
                    for c in gaz.lookup(full, self._settings.lookup_limit)
                    if c.match != "fuzzy" and (c.feature != "populated" or c.match == "exact")
                ]
                if found:
                    return [self._option(c, c.precision) for c in found]
        candidates = [
            c
            for c in gaz.lookup(phrase.core, self._settings.lookup_limit)
            if c.similarity >= self._settings.min_similarity and not _world_misspelling(c)
        ]
        candidates = _prefer_exact(candidates, self._settings.key_beside_exact)
        latin = not is_arabic(phrase.core)
        if latin and len(phrase.core.replace(" ", "")) < self._settings.min_town_letters:
            candidates = [c for c in candidates if c.feature != "populated"]  # "al", "US", "T4"
        if latin and (
            phrase.core.islower() or (" " not in phrase.core and phrase.core.lower() in common_words())
        ):
            # "June", "Hope", "north-east": a town (or a region: Cameroon's "North") of that
            # name is the less likely reading.
            candidates = [
                replace(c, similarity=c.similarity - self._settings.common_word_penalty)
                if c.feature != "country"
                else c
                for c in candidates
            ]
        if phrase.kind == "admin":
            return self._region_options(candidates, prefer_region=True)
        if phrase.kind == "countryside":
            return self._region_options(candidates, prefer_region=False)
        options = [self._option(c, c.precision) for c in candidates]
        return self._namesakes(options, penalise="admin1")

    def _region_options(self, candidates: list[Candidate], prefer_region: bool) -> list[_Option]:
        """Options for "X province" (prefer_region) and "X countryside": the admin1 region X
        names, else (province) the region of a town X, else the area around the town X."""
        regions = [c for c in candidates if c.feature == "admin1"]
        towns = [c for c in candidates if c.feature != "admin1" and c.feature != "country"]
        # A country's name stays the country's under region wording: "the Tillaberi region of
        # Niger" is the country, not Niger State.
        countries = [self._option(c, 3) for c in candidates if c.feature == "country"]
        if prefer_region and not regions:
            seen = set()
            for town in towns:
                if town.admin1_code and (town.country, town.admin1_code) not in seen:
                    seen.add((town.country, town.admin1_code))
                    region = self.gazetteer.admin1_region(town.country, town.admin1_code)
                    if region is not None:
                        regions.append(
                            replace(
                                region,
                                match=town.match,
                                similarity=town.similarity * self._settings.region_of_town_similarity,
                            )
                        )
            if regions:
                return [self._option(r, 3) for r in regions] + countries
            return [self._option(t, 3) for t in towns] + countries
        if prefer_region:
            return [self._option(r, 3) for r in regions] + countries
        options = (
            countries
            + [self._option(r, 3) for r in regions]
            + [self._option(t, max(2, t.precision)) for t in towns]
        )
        return self._namesakes(options, penalise="populated")

    def _option(self, candidate: Candidate, precision: int) -> _Option:
        settings = self._settings
        base = settings.similarity_weight * candidate.similarity
        base += settings.size_weight * _size(candidate, settings.unknown_population)
        bonus = settings.feature_bonus.of(candidate.feature)
        base += settings.curated_bonus if bonus is None else bonus
        if _foreign_alias(candidate):
            base -= settings.foreign_alias_penalty
        return _Option(candidate, precision, base)

    def _namesakes(self, options: list[_Option], penalise: str) -> list[_Option]:
        """A town and the admin1 region named after it: keep the one the wording asks for.

        A bare "Idlib" is the city, not Idlib governorate ("admin1" penalised); "Idlib
        countryside" is the governorate, not the city ("populated" penalised).
        """
        regions = {
            (o.candidate.country, o.candidate.admin1_code): o
            for o in options
            if o.candidate.feature == "admin1"
        }
        towns = defaultdict(list)
        big_towns = defaultdict(list)
        for o in options:
            if o.candidate.feature == "populated":
                towns[(o.candidate.country, o.candidate.admin1_code)].append(o)
                if o.candidate.population >= self._settings.namesake_city_population:
                    big_towns[o.candidate.country].append(o)
        result = []
        for o in options:
            key = (o.candidate.country, o.candidate.admin1_code)
            if penalise == "admin1" and o.candidate.feature == "admin1":
                # Only a town that bears the region's name: Halba is also called "Akkar", but
                # "Akkar" is the governorate; Idlib city is "Idlib", Nabatîyé et Tahta "Nabatîyé".
                # A city elsewhere in the country counts when it is a large one: "Washington"
                # is the capital, not the state.
                names = (name_key(o.candidate.name), name_key(o.candidate.matched_name))
                namesakes = [*towns.get(key, ()), *big_towns.get(o.candidate.country, ())]
                if any(
                    t.candidate.similarity
                    >= o.candidate.similarity - self._settings.namesake_similarity_margin
                    and name_key(t.candidate.name).startswith(names)
                    for t in namesakes
                ):
                    o = replace(o, base=o.base - self._settings.namesake_penalty)
            elif penalise == "populated" and o.candidate.feature == "populated" and key in regions:
                o = replace(o, base=o.base - self._settings.namesake_penalty)
            result.append(o)
        return result

    # -- the document's country focus and regions --------------------------------------------

    def _focus(
        self, groups: list[_Group], mentions: Sequence[ToponymMention], hint: str | None
    ) -> dict[int, dict[str, float]]:
        """Per group, the weight of each country in the focus of the rest of the document.

        Votes: the hint; each other mention that names one country's place unambiguously (an
        exact name whose best place beats every other country's by a margin); each nationality
        a sentence names, weakly (an "Israeli drone" over Tyre is an actor, not a place). A
        group's own vote is left out of its focus, so a lone name cannot confirm itself.
        """
        common: dict[str, float] = defaultdict(float)
        if hint:
            common[hint.upper()] += self._settings.hint_votes
        for context in sorted({m.context for m in mentions if m.context}):  # sums in one order
            for country in demonym_countries(context):
                common[country] += self._settings.demonym_votes
        own: dict[int, str] = {}
        for group in groups:
            ranked = sorted(group.options, key=lambda o: -o.base)
            if not ranked or ranked[0].candidate.country is None or ranked[0].base < self._settings.threshold:
                continue  # a place too unlikely to be chosen on its own sets no focus
            top = ranked[0]
            if not any(
                o.candidate.match == "exact"
                and o.candidate.similarity >= 1.0
                and o.candidate.country == top.candidate.country
                for o in ranked
            ):
                # A name that only shares a key with the places of a country does not set the
                # focus; one written as some place of it is written does ("Deir Ezzor", the
                # governorate's name, for the city).
                continue
            rivals = [o for o in ranked[1:] if o.candidate.country != top.candidate.country]
            if not rivals or top.base - rivals[0].base >= self._settings.unambiguous_margin:
                own[id(group)] = top.candidate.country
        mention_votes: dict[str, float] = defaultdict(float)
        for country in own.values():
            mention_votes[country] += 1.0
        return {id(g): self._weights(common, mention_votes, own.get(id(g))) for g in groups}

    def _weights(
        self, common: dict[str, float], mention_votes: dict[str, float], own: str | None
    ) -> dict[str, float]:
        votes = defaultdict(float, common)
        for country, count in mention_votes.items():
            votes[country] += count - (1.0 if country == own else 0.0)
        votes = {country: count for country, count in votes.items() if count > 0}
        if not votes:
            return {}
        # At least one mention's worth of votes makes a full focus; nationalities alone make less.
        scale = max(max(votes.values()), 1.0)
        neighbours = self.gazetteer.neighbours
        weights: dict[str, float] = defaultdict(float)
        for country, count in votes.items():
            weight = count / scale
            weights[country] = max(weights[country], self._settings.focus_weight * weight)
            for neighbour in neighbours.get(country, ()):
                weights[neighbour] = max(weights[neighbour], self._settings.neighbour_weight * weight)
        return dict(weights)

    def _sentence_regions(self, context: str) -> set[tuple[str, str]]:
        """The admin1 regions a sentence names with a region word: "Homs province", "ريف حلب"."""
        regions: set[tuple[str, str]] = set()
        names: list[str] = []
        english, arabic = region_words()
        if is_arabic(context):
            words = normalize_arabic(context).split()
            for i, word in enumerate(words):
                if word in arabic or strip_arabic_proclitics(word) in arabic:
                    following = words[i + 1 : i + 4]
                    names += [" ".join(following[:n]) for n in (3, 2, 1) if len(following) >= n]
        else:
            words = context.split()
            for i, word in enumerate(words):
                if word.lower().strip(",.;:") not in english:
                    continue
                preceding = [
                    w.rstrip(",").removesuffix("'s").removesuffix("’s") for w in words[max(0, i - 3) : i]
                ]
                preceding = [w for w in preceding if _NAME_WORD.fullmatch(w)]
                names += [" ".join(preceding[-n:]) for n in (3, 2, 1) if len(preceding) >= n]
                if i + 1 < len(words) and words[i + 1] == "of":
                    following = [w.strip(",.;:") for w in words[i + 2 : i + 5]]
                    following = [w for w in following if _NAME_WORD.fullmatch(w)]
                    names += [" ".join(following[:n]) for n in (3, 2, 1) if len(following) >= n]
        for name in names:
            found = [
                c
                for c in self.gazetteer.lookup(name, self._settings.lookup_limit)
                if c.match != "fuzzy" and c.feature == "admin1"
            ]
            for c in found:
                regions.add((c.country, c.admin1_code))
            if found:
                break
        return regions

    # -- choosing ----------------------------------------------------------------------------

    def _choose(
        self, groups: list[_Group], focus: dict[int, dict[str, float]], sentence_regions: dict[str, set]
    ) -> None:
        def static_scores(group: _Group) -> list[tuple[_Option, float]]:
            weights = focus[id(group)]
            regions = set().union(*(sentence_regions.get(ctx, set()) for ctx in group.contexts))
            close = [
                o for o in group.options if o.candidate.similarity >= self.gazetteer.settings.key_similarity
            ]
            # A name that the gazetteer knows for one place only is evidence of its own.
            unique = (
                len(close) == 1 and close[0].candidate.match == "exact" and close[0].candidate.similarity >= 1
            )
            # "Columbia, S.C." places Columbia in South Carolina; in a list of regions ("Ohio,
            # Kentucky and Indiana") the name after the comma qualifies nothing.
            top = max(group.options, key=lambda o: o.base, default=None)
            qualifies = top is not None and top.candidate.feature not in ("country", "admin1")
            qualifiers = group.qualifiers if qualifies else set()
            scored = []
            for option in group.options:
                c = option.candidate
                weight = weights.get(c.country or "")
                if (
                    weights
                    and c.match == "fuzzy"
                    and (weight is None or weight < self._settings.focus_weight / 2)
                ):
                    continue  # a misspelt name of a place off the report's own countries is a guess
                if weight is None:
                    # Off the document's focus and its neighbours: a place written as the
                    # report writes it may be (Washington), one that only shares a key with the
                    # name is most likely not (Salé for "Salih" in a report from Iraq).
                    off_focus = (
                        self._settings.off_focus_penalty
                        if c.match == "exact"
                        else self._settings.off_focus_key_penalty
                    )
                    weight = -off_focus if weights and c.country else 0.0
                score = option.base + weight
                if (c.country, c.admin1_code) in regions:
                    score += self._settings.sentence_region_weight
                if (c.country, c.admin1_code) in qualifiers or (c.country, None) in qualifiers:
                    score += self._settings.qualifier_weight
                if unique and option is close[0]:
                    score += self._settings.unique_name_bonus
                scored.append((option, score))
            return scored

        statics = {id(g): static_scores(g) for g in groups}
        for group in groups:
            best = max(statics[id(group)], key=lambda pair: pair[1], default=None)
            group.pick, group.score = best if best else (None, 0.0)
        # First round: each other mention supports with all its close-to-best candidates.
        contenders = {
            id(g): [
                o.candidate for o, score in statics[id(g)] if score >= g.score - self._settings.support_margin
            ]
            for g in groups
        }

        for round_ in range(self._settings.max_rounds):
            changed = False
            for group in groups:
                anchors = [
                    contenders[id(g)] if round_ == 0 else [g.pick.candidate]
                    for g in groups
                    if g is not group
                    and g.pick is not None
                    and g.pick.candidate.lat is not None
                    and g.pick.candidate.feature != "country"
                    and name_key(g.phrase.core) != name_key(group.phrase.core)
                ]
                best, best_score = None, -math.inf
                for option, score in statics[id(group)]:
                    score += self._settings.proximity_weight * _proximity(
                        option.candidate, anchors, self._settings
                    )
                    if score > best_score:
                        best, best_score = option, score
                if best is not group.pick:
                    changed = True
                group.pick, group.score = best, best_score
            if not changed:
                break

        for group in groups:
            if group.pick is not None and _stray(group, groups, focus[id(group)], self._settings):
                group.score -= self._settings.off_focus_key_penalty
            if group.pick is None or group.score < self._settings.threshold:
                group.pick = None
                continue
            if group.phrase.kind == "nearby" or (group.phrase.direction and group.phrase.kind is None):
                group.pick = replace(group.pick, precision=max(2, group.pick.precision))


def _world_misspelling(candidate: Candidate) -> bool:
    """A town outside the focus theatre matched only fuzzily, or by a transliteration key when
    GeoNames writes its name in plain ASCII: "Money" is not Monee, "Messi" not Massy. Keys are
    for names romanised from Arabic and its neighbours ("Tajoura" for Tājūrā’), which GeoNames
    writes with diacritics; an English or French name is written one way."""
    if candidate.feature != "populated" or candidate.country in FOCUS_COUNTRIES:
        return False
    return candidate.match == "fuzzy" or (candidate.match == "key" and candidate.name.isascii())


def _prefer_exact(candidates: list[Candidate], key_beside_exact: float) -> list[Candidate]:
    """Lower the key matches beside an exact one: when the name as written is one of place A's
    names, a place B that only shares its key is less likely ("Tyre" is Tyre, not Tehran, also
    written "Teera"). A town is not lowered beside its own region's exact name (Deir Ezzor)."""
    exact = [c for c in candidates if c.match == "exact"]
    if not exact:
        return candidates
    lowered = []
    for c in candidates:
        own_region = (c.country, c.admin1_code)
        if c.match != "exact" and any(
            e.feature != "admin1" or (e.country, e.admin1_code) != own_region for e in exact
        ):
            c = replace(c, similarity=c.similarity - key_beside_exact)
        lowered.append(c)
    return lowered


def _sentence_starts(mentions: Sequence[ToponymMention]) -> dict[str, int]:
    """Where each context sentence starts in the document, when the caller did not say: read
    off a mention whose text occurs once in it, so that a name written twice in one sentence
    ("Deir Ezzor 24 ... the eastern Deir Ezzor countryside") is read at the right place."""
    starts: dict[str, int] = {}
    for mention in mentions:
        if mention.context_start is not None or not mention.context or mention.context in starts:
            continue
        if mention.end <= mention.start or mention.context.count(mention.text) != 1:
            continue
        starts[mention.context] = mention.start - mention.context.index(mention.text)
    return starts


def _proximity(candidate: Candidate, anchors: list[list[Candidate]], settings: ResolverSettings) -> float:
    """How close a candidate is to the other mentions' places (each mention's closest
    candidate among those given for it): 1 on top of them, 0 far away."""
    if not anchors or candidate.lat is None or candidate.lon is None:
        return 0.0
    closeness = [
        max(
            (
                math.exp(-haversine_km(candidate.lat, candidate.lon, a.lat, a.lon) / settings.proximity_km)
                for a in group
                if a.lat is not None
            ),
            default=0.0,
        )
        for group in anchors
    ]
    closest = settings.proximity_closest_share
    return closest * max(closeness) + (1 - closest) * sum(closeness) / len(closeness)


def _stray(
    group: _Group, groups: list[_Group], weights: dict[str, float], settings: ResolverSettings
) -> bool:
    """Whether a group's pick is a key-only match of a town outside the report's own country,
    far from all the other places the report resolved (al-Baghdadi in Anbar, which the
    gazetteer lacks, is not Baghdadeh in Iran)."""
    c = group.pick.candidate
    if (
        c.match == "exact"
        or c.feature != "populated"
        or c.lat is None
        or c.population >= settings.stray_max_population
    ):
        return False
    if not weights or weights.get(c.country or "", 0.0) >= settings.focus_weight / 2:
        return False  # a report with no focus of its own has nothing to stray from
    others = [
        g.pick.candidate
        for g in groups
        if g is not group
        and g.pick is not None
        and g.pick.candidate.lat is not None
        and g.pick.candidate.feature != "country"
    ]
    return bool(others) and all(haversine_km(c.lat, c.lon, o.lat, o.lon) > settings.stray_km for o in others)


def _size(candidate: Candidate, unknown_population: int) -> float:
    """The size term of a candidate's score, in [0, 1]: log10 of its population over 7; a town
    GeoNames gives no population counts ``unknown_population``."""
    if candidate.feature not in GEONAMES_FEATURES and candidate.precision >= 3:
        return 1.0  # a curated sea or province-sized region: as prominent as a province
    population = candidate.population
    if population == 0 and candidate.feature == "populated":
        population = unknown_population
    return min(1.0, math.log10(population + 1) / 7.0)


def _foreign_alias(candidate: Candidate) -> bool:
    """A town outside the focus theatre matched by an alternate name that is not a spelling
    of its own name: GeoNames lists many transliterations that are other places' names."""
    return (
        candidate.feature == "populated"
        and candidate.country not in FOCUS_COUNTRIES
        and candidate.match != "fuzzy"
        and name_key(candidate.matched_name or candidate.name) != name_key(candidate.name)
    )
