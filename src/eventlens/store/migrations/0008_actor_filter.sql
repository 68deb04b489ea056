-- eventlens store schema, version 8: the actor filter at a million events.
-- Portable SQL as in 0001.

-- The actor filter keeps the events with an entry of event_actors whose casefolded name, KB id or
-- text is the filter's. It reads three parts that share no entry (filtering.py's _ACTOR_PARTS), each
-- from an index that holds the event keys: the entries with that name (event_actors_name_fold,
-- 0002), those with that KB id and another name, and those with that text and another name and KB
-- id. The partial indexes of the last two replace the indexes of every KB id and text, which
-- nothing else reads: an actor is then read once, not once per index that holds it. They hold the
-- columns of their conditions too, which SQLite would otherwise read from the table.
DROP INDEX event_actors_kb_id_fold;
DROP INDEX event_actors_text_fold;
CREATE INDEX event_actors_kb_id_only ON event_actors (kb_id_fold, document_id, event_id, role, name_fold)
    WHERE kb_id_fold <> name_fold;
CREATE INDEX event_actors_text_only ON event_actors (text_fold, document_id, event_id, role, name_fold, kb_id_fold)
    WHERE text_fold <> name_fold AND (kb_id_fold IS NULL OR text_fold <> kb_id_fold);

-- SQLite then looks the events up by their keys, in an index only it has (migrations/__init__.py:
-- events_by_key); PostgreSQL tests each event against the filter as a semi-join (postgres.py).
