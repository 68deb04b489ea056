"""The boilerplate filter: page furniture that scrapers leave in the plain text of a report.

A line (a paragraph of the scraped text) is removed by one of three rules, and kept otherwise:

(a) it matches a widget or notice pattern of ``data/boilerplate_patterns.yaml`` (bylines,
    language switchers, share buttons, "Read more", copyright and copy-protection notices,
    cookie banners, tags, comment counters, navigation), or it is only a timestamp;
(b) it is short (fewer than 8 words), does not read as a sentence (``looks_like_sentence``) and
    shows a UI signal: a menu separator (" / ", " | ", " » "), an "error:" prefix, an
    all-capitals label, a label ending in a colon, or no letters at all. Latin and Arabic script
    mixed on one short line is a signal too, but not enough alone (an Arabic line may quote a
    Latin acronym: "المصدر: AFP"). The first line that survives rule (a) is taken for the
    headline and needs two signals; a dateline ("DAMASCUS, March 14 (SANA) -") is never
    removed here;
(c) with site learning on, it is short and was already seen in at least two earlier documents of
    the same site in this run (so from the third document on), which is how footer and sidebar
    lines that no pattern knows are caught. The counts are per site and bounded, so the filter
    runs on a stream without holding the corpus.

A short line that is not clearly UI ("Deir Ezzor 24 exclusive", a kicker) is kept: dropping a
sentence of the report costs events, keeping a stray label costs little.

"Reads as a sentence" is a heuristic, so ingest stays fast without a parser: at least 8 words;
or at least 3 words and sentence-final punctuation; or at least 2 words one of which is a verb
of the small lexicon in ``data/sentence_cues.yaml``; or at least 4 words of which a quarter or
more are function words ("of", "the", "في", "من").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from eventlens.errors import DataError
from eventlens.ingest.dates import find_dateline_date, is_timestamp_line
from eventlens.names import normalize_arabic

SHORT_LINE_WORDS = 8
_PATTERN_MAX_CHARS = 500

_WORD = re.compile(r"[^\W\d_]+")
_ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")
_LOWER_LATIN = re.compile("[a-z\u00df-\u00ff]")
_SEPARATOR = re.compile(r"\s[/|·•»›>«‹]\s|^[|/·•»›>«‹]\s|\s[|/·•»›>«‹]$")
_ERROR_PREFIX = re.compile(r"error\s*:", re.IGNORECASE)
_TERMINAL = re.compile(r"[.!?…؟。][\"'”’»)\]]*$")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
# An all-capitals place opening a lead paragraph: "DAMASCUS, ...", "DEIR EZZOR (SANA) - ...".
_CAPS_DATELINE = re.compile(r"[A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+){0,3}\s*(?:\([^)]{1,40}\))?\s*[,–—-]\s")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200e\u200f\u2060\ufeff\u00ad"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\t\x0b\x0c"), " ")


def normalize_text(text: str) -> str:
    """NFC, one kind of newline, no invisible marks or odd spaces: the text lines are cut from."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE).translate(_SPACES)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    return (
        "".join(c if c == "\n" or c >= " " or c == "\t" else " " for c in text)
        if _has_controls(text)
        else text
    )


def _has_controls(text: str) -> bool:
    return any(c < " " and c != "\n" for c in text)


@dataclass(frozen=True)
class _Cues:
    function_words: frozenset[str]
    verbs: frozenset[str]


@functools.cache
def _cues() -> _Cues:
    data = yaml.safe_load(_data_text("sentence_cues.yaml"))
    function_words: set[str] = set()
    verbs: set[str] = set()
    for lang in data.values():
        function_words.update(_fold_word(w) for w in lang["function_words"])
        verbs.update(_fold_word(w) for w in lang["verbs"])
    return _Cues(frozenset(function_words), frozenset(verbs))


def _data_text(name: str) -> str:
    return resources.files("eventlens.ingest").joinpath("data", name).read_text("utf-8")


def _fold_word(word: str) -> str:
    return normalize_arabic(str(word)).lower()


@functools.cache
def _compile_patterns(source: str, text: str) -> re.Pattern[str]:
    """All patterns of one pattern file as one alternation, each group with its own case flag."""
    try:
        data = yaml.safe_load(text)
        vocabulary = {
            name: f"(?:{alternation})" for name, alternation in (data.get("vocabulary") or {}).items()
        }
        parts = []
        for group in data["groups"]:
            flags = "" if group.get("case_sensitive") else "(?i:"
            for pattern in group["patterns"]:
                for name, alternation in vocabulary.items():
                    pattern = pattern.replace("{" + name + "}", alternation)
                re.compile(pattern)
                parts.append(f"{flags}{pattern})" if flags else f"(?:{pattern})")
        return re.compile("|".join(parts))
    except (yaml.YAMLError, KeyError, TypeError, AttributeError, re.error) as exc:
        raise DataError(f"{source}: invalid boilerplate pattern file ({exc})") from exc


def _words(line: str) -> list[str]:
    return [_fold_word(w) for w in _WORD.findall(line)]


def looks_like_sentence(line: str) -> bool:
    """True when a line reads as prose rather than a label; see the module docstring."""
    words = _words(line)
    n = len(words)
    if n >= SHORT_LINE_WORDS:
        return True
    if n >= 3 and _TERMINAL.search(line):
        return True
    cues = _cues()
    if n >= 2 and any(_in_lexicon(w, cues.verbs) for w in words):
        return True
    if n >= 4:
        function = sum(_in_lexicon(w, cues.function_words) for w in words)
        return function / n >= 0.25
    return False


def _in_lexicon(word: str, lexicon: frozenset[str]) -> bool:
    # Arabic writes "and" and "so" onto the next word: وقال, فيما.
    return word in lexicon or (len(word) > 3 and word[0] in "وف" and word[1:] in lexicon)


def ui_signals(line: str) -> tuple[str, ...]:
    """The reasons a short line looks like page furniture (empty when it does not)."""
    signals = []
    if _LATIN_LETTER.search(line) and _ARABIC_LETTER.search(line):
        signals.append("mixed scripts")
    if _SEPARATOR.search(line):
        signals.append("separator")
    if _ERROR_PREFIX.match(line):
        signals.append("error prefix")
    letters = _LATIN_LETTER.findall(line)
    if (
        len(letters) >= 3
        and not _LOWER_LATIN.search(line)
        and not _ARABIC_LETTER.search(line)
        and len(line.split()) <= 4
    ):
        signals.append("capitals label")
    if line.endswith((":", "：")) and len(line.split()) <= 3:
        signals.append("colon label")
    if not _LETTER_OR_DIGIT.search(line):
        signals.append("no letters")
    return tuple(signals)


def is_dateline(line: str) -> bool:
    """True for the lead of a report that opens with its place and date."""
    return opens_caps_dateline(line) or find_dateline_date(line) is not None


def opens_caps_dateline(text: str, pos: int = 0) -> bool:
    """True when ``text`` at ``pos`` opens a wire dateline: a place in capitals, an optional
    agency in parentheses, then a comma or dash ("KIRKUK, May 6 (ZRM) -")."""
    return _CAPS_DATELINE.match(text, pos) is not None


class SiteProfile:
    """Short lines of one site counted by the documents they occur in, bounded in memory.

    ``is_repeated`` answers from the documents observed so far, so a line is learned as the
    site's furniture from its ``min_documents``-th document on; earlier documents keep it.
    """

    def __init__(self, min_documents: int = 3, max_entries: int = 200_000):
        self.min_documents = min_documents
        self.max_entries = max_entries
        self._counts: dict[int, int] = {}
        self._documents: set[int] = set()

    @staticmethod
    def _key(line: str) -> int:
        return hash(" ".join(line.casefold().split()))

    def is_repeated(self, line: str) -> bool:
        """True when the line was in at least ``min_documents - 1`` earlier documents."""
        return self._counts.get(self._key(line), 0) >= self.min_documents - 1

    def learn(self, text: str) -> None:
        """Count the short lines of one page of the site (to train a profile before a run)."""
        lines = [" ".join(line.split()) for line in normalize_text(text).split("\n")]
        lines = [line for line in lines if line]
        self.observe((line for line in lines if len(line.split()) < SHORT_LINE_WORDS), hash("\n".join(lines)))

    def observe(self, lines: Iterable[str], fingerprint: int) -> None:
        """Count each distinct line once for this document; a document seen before counts nothing."""
        if fingerprint in self._documents:
            return
        if len(self._documents) >= self.max_entries:
            self._documents.clear()
        self._documents.add(fingerprint)
        for key in {self._key(line) for line in lines}:
            self._counts[key] = self._counts.get(key, 0) + 1
        if len(self._counts) > self.max_entries:
            # Lines seen once are most of the table and the least likely to be furniture.
            self._counts = {k: c for k, c in self._counts.items() if c > 1}


class BoilerplateFilter:
    """Removes page furniture from scraped plain text, keeping every sentence of the report.

    Built once (patterns compiled once per pattern file); with ``learn_sites`` it also learns
    the repeated lines of each site it is given through ``clean(text, site=...)``, starting
    from ``site_profiles`` when given (profiles trained beforehand with ``SiteProfile.learn``,
    so that even the first pages of a run lose their site's furniture). Learning mutates the
    filter: share one between threads only with ``learn_sites=False``.
    """

    def __init__(
        self,
        patterns_path: Path | None = None,
        *,
        learn_sites: bool = True,
        min_site_documents: int = 3,
        site_profiles: dict[str, SiteProfile] | None = None,
    ):
        if patterns_path is None:
            source, text = "boilerplate_patterns.yaml", _data_text("boilerplate_patterns.yaml")
        else:
            source, text = str(patterns_path), Path(patterns_path).read_text("utf-8")
        self._patterns = _compile_patterns(source, text)
        self.learn_sites = learn_sites
        self.min_site_documents = min_site_documents
        self._sites: dict[str, SiteProfile] = dict(site_profiles or {})

    def site_profile(self, site: str) -> SiteProfile:
        """The learned profile of one site (created empty on first use)."""
        profile = self._sites.get(site)
        if profile is None:
            profile = self._sites[site] = SiteProfile(self.min_site_documents)
        return profile

    def matches_pattern(self, line: str) -> bool:
        """True when a whole line is one of the data file's widget or notice patterns."""
        line = " ".join(line.split())
        return len(line) <= _PATTERN_MAX_CHARS and self._patterns.fullmatch(line) is not None

    def clean(self, text: str, *, site: str | None = None) -> tuple[str, tuple[str, ...]]:
        """The text without its boilerplate lines, and the removed lines in order.

        Paragraphs (runs of lines between blank lines) keep their structure: kept lines of one
        paragraph are joined by "\\n", paragraphs by "\\n\\n"; spaces inside a line are collapsed.
        """
        profile = self.site_profile(site) if site and self.learn_sites else None
        paragraphs: list[list[str]] = [[]]
        for raw in normalize_text(text).split("\n"):
            line = " ".join(raw.split())
            if line:
                paragraphs[-1].append(line)
            elif paragraphs[-1]:
                paragraphs.append([])
        kept_paragraphs: list[list[str]] = []
        removed: list[str] = []
        headline_pending = True
        for paragraph in paragraphs:
            kept = []
            for line in paragraph:
                if self._is_boilerplate(line, headline_pending, profile):
                    removed.append(line)
                else:
                    kept.append(line)
                    headline_pending = False
            if kept:
                kept_paragraphs.append(kept)
        if profile is not None:
            lines = [line for paragraph in paragraphs for line in paragraph]
            short = [line for line in lines if len(line.split()) < SHORT_LINE_WORDS]
            profile.observe(short, hash("\n".join(lines)))
        return "\n\n".join("\n".join(p) for p in kept_paragraphs), tuple(removed)

    def _is_boilerplate(self, line: str, headline: bool, profile: SiteProfile | None) -> bool:
        if len(line) <= _PATTERN_MAX_CHARS and self._patterns.fullmatch(line):
            return True
        n_words = len(line.split())
        if n_words >= SHORT_LINE_WORDS:
            return False
        if is_timestamp_line(line):
            return True
        if is_dateline(line):
            return False
        if profile is not None and profile.is_repeated(line):
            return True
        if looks_like_sentence(line):
            return False
        signals = ui_signals(line)
        strong = len(signals) - ("mixed scripts" in signals)
        return strong >= 1 and len(signals) >= (2 if headline else 1)
