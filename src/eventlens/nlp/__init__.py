"""The NLP stage: Document -> Parse (tokens, dependency parse, sentences, mentions, coreference)."""

from eventlens.nlp.analyzer import TextAnalyzer
from eventlens.nlp.coref import canonical
from eventlens.nlp.english import bare_english, load_english

__all__ = ["TextAnalyzer", "bare_english", "canonical", "load_english"]
