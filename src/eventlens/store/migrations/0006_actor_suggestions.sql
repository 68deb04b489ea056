-- eventlens store schema, version 6: the actors' suggestions at a million events.
-- Portable SQL as in 0001.

-- The relations of a page of actors: each actor's different lists, first seen first, from a walk of
-- its entries here, which keep them grouped (a document's row per actor, so a busy actor has many).
CREATE INDEX actors_relations ON actors (kb_id, name, relations, document_id, position);

-- Actors by how many events they take part in, also for a search of their names: the index of 0004
-- with the casefolded names and KB ids, so the search reads no row. It replaces that index, whose
-- columns it begins with.
DROP INDEX event_actors_key;
CREATE INDEX event_actors_search ON event_actors (COALESCE(kb_id, name), document_id, event_id, name_fold, kb_id_fold);
