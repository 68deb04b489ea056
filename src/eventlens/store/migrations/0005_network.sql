-- eventlens store schema, version 5: the actor network at a million events.
-- Portable SQL as in 0001. The store writes the new columns with every event and actor; the
-- migration's backfill fills them for the rows stored before (migrations/__init__.py).

-- Each actor's network node, stored with it: its KB id, its crowd type (and country) when it is an
-- unlinked crowd, else its casefolded name (sql.py's _node_key).
ALTER TABLE event_actors ADD COLUMN node_key TEXT;

-- The network reads the actors of the events that are not plain (below) and their nodes from this
-- index alone: an event's actor1 and actor2 on the first three columns, their nodes after.
CREATE INDEX event_actors_node ON event_actors (document_id, event_id, role, node_key, name, type, country);

-- A plain event (at most one actor1, at most one actor2, no associated actor; nearly every event)
-- carries its network: net_plain = 1 and its actor1 (source) and actor2 (target) node, name, type
-- and country, NULL for a role without an actor. Other events have net_plain = 0 and are read
-- through event_actors.
ALTER TABLE events ADD COLUMN net_plain INTEGER;
ALTER TABLE events ADD COLUMN net_source TEXT;
ALTER TABLE events ADD COLUMN net_source_name TEXT;
ALTER TABLE events ADD COLUMN net_source_type TEXT;
ALTER TABLE events ADD COLUMN net_source_country TEXT;
ALTER TABLE events ADD COLUMN net_target TEXT;
ALTER TABLE events ADD COLUMN net_target_name TEXT;
ALTER TABLE events ADD COLUMN net_target_type TEXT;
ALTER TABLE events ADD COLUMN net_target_country TEXT;

-- The plain events' edges are counted per (source, target, type) by a walk of this index, and
-- each edge's first events (in the events' order) read by a seek; it holds the dates and the
-- country too, so those filters read no row.
CREATE INDEX events_network ON events (
    net_plain, net_source, net_target, type, COALESCE(date_start, '9999-12-31'), document_id, position, id,
    net_source_name, net_source_type, net_source_country, net_target_name, net_target_type,
    net_target_country, date_start, date_end, place_country
);
CREATE INDEX events_network_rest ON events (document_id, id) WHERE net_plain = 0;
