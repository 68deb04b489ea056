"""The actor knowledge base: canonical actors with English and Arabic aliases and relations.

``KnowledgeBase.load()`` reads the shipped YAML files (cached per process) plus any user files;
the NLP stage builds its actor matcher from ``alias_patterns()`` and resolves role titles with
``commanders_of()``.
"""

from eventlens.kb.knowledge_base import KbActor, KnowledgeBase, Tenure, lookup_key

__all__ = ["KbActor", "KnowledgeBase", "Tenure", "lookup_key"]
