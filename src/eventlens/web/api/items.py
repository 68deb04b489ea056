"""Records as the API's JSON: an event with its document, its key and the machine's values."""

from __future__ import annotations

from typing import Any

from eventlens.model import Document, event_to_dict
from eventlens.store import StoredEvent


def document_ref(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "title": doc.title,
        "outlet": doc.outlet,
        "published": doc.published,
        "language": doc.language,
        "url": doc.url,
    }


def event_item(stored: StoredEvent) -> dict[str, Any]:
    """The API's EventItem: event_to_dict plus the document, the key and the machine's values."""
    item = event_to_dict(stored.event)
    machine = None
    if stored.corrected_fields:
        original = event_to_dict(stored.machine)
        machine = {field: original[field] for field in stored.corrected_fields}
    item.update(
        document_id=stored.document.id,
        key=stored.key,
        document=document_ref(stored.document),
        corrected=bool(stored.corrected_fields),
        machine=machine,
    )
    return item
