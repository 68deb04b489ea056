"""Records as the API's JSON: an event with its document, its key and the machine's values."""

from __future__ import annotations

from typing import Any

from eventlens.model import event_to_dict, event_with_document
from eventlens.store import StoredEvent


def event_item(stored: StoredEvent) -> dict[str, Any]:
    """The API's EventItem: the one event-with-document shape (model.event_with_document) plus
    the document's id, the key and the machine's values."""
    item = event_with_document(stored.document, stored.event)
    machine = None
    if stored.corrected_fields:
        original = event_to_dict(stored.machine)
        machine = {field: original[field] for field in stored.corrected_fields}
    item.update(
        document_id=stored.document.id,
        key=stored.key,
        corrected=bool(stored.corrected_fields),
        machine=machine,
    )
    return item
