-- eventlens store schema, version 5: the actor network at a million events.
-- Portable SQL as in 0001.

-- Each actor's network node, stored with it: its KB id, its crowd type (and country) when it is an
-- unlinked crowd, else its casefolded name. The store writes it with every actor; the migration
-- fills it for the rows stored before (sql.py's _node_key and the backfill say the same).
ALTER TABLE event_actors ADD COLUMN node_key TEXT;

-- The network reads an event's actors and their nodes from this index alone: its edges join an
-- event to its actor1 and actor2 on the first three columns, its nodes group them by the fourth.
CREATE INDEX event_actors_node ON event_actors (document_id, event_id, role, node_key, name, type, country);
