-- eventlens store schema, version 2: analysts' corrections, and what the web API's queries need.
-- Portable SQL as in 0001. The *_fold and evidence_words columns of events are filled by the
-- store (Python's casefold, which SQLite's lower() is not) for new rows and, when this migration
-- runs, for the rows already stored; a backend may add its own text index then (SQLite: an FTS5
-- table, see sqlite.py).

-- An analyst's correction of one field of one event. Rows are only ever added: the event's own
-- row keeps the machine's answer, and the latest correction of a field (highest id) is the one
-- that reads apply.
CREATE TABLE corrections (
    id INTEGER PRIMARY KEY,               -- assigned by the store: the highest id + 1
    document_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    field TEXT NOT NULL CHECK (field IN ('type', 'actor1', 'actor2', 'place')),
    value TEXT,                           -- JSON: a type string, a list of actor refs, a place or null
    analyst TEXT,
    note TEXT,
    created_at TEXT NOT NULL,             -- ISO 8601 UTC timestamp
    FOREIGN KEY (document_id, event_id) REFERENCES events (document_id, id) ON DELETE CASCADE
);

CREATE INDEX corrections_event ON corrections (document_id, event_id, field, id);

-- The casefolded words of the evidence, each after a space (" word word ..."): the text filter
-- matches words and word beginnings, which a LIKE '% word%' finds here.
ALTER TABLE events ADD COLUMN evidence_words TEXT;
ALTER TABLE events ADD COLUMN place_name_fold TEXT;
ALTER TABLE events ADD COLUMN place_text_fold TEXT;

-- Events sort by their first possible day, undated last: pages and cursors follow this index.
-- date_end rides along so that a walk of the index drops events outside since/until without
-- reading their rows.
CREATE INDEX events_order ON events (COALESCE(date_start, '9999-12-31'), document_id, position, date_end);
CREATE INDEX events_place_name_fold ON events (place_name_fold);
CREATE INDEX events_place_text_fold ON events (place_text_fold);

-- Covering indexes: the actor filter reads event keys (and the role, for corrections) from the index alone.
DROP INDEX event_actors_name_fold;
DROP INDEX event_actors_kb_id_fold;
DROP INDEX event_actors_text_fold;
CREATE INDEX event_actors_name_fold ON event_actors (name_fold, document_id, event_id, role);
CREATE INDEX event_actors_kb_id_fold ON event_actors (kb_id_fold, document_id, event_id, role);
CREATE INDEX event_actors_text_fold ON event_actors (text_fold, document_id, event_id, role);
