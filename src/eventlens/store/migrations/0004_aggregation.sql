-- eventlens store schema, version 4: indexes for the page's aggregates at a million events.
-- Portable SQL as in 0001.

-- The map's clusters count events per grid cell and type inside the view: this index holds
-- everything that query reads, so it never touches the table. It replaces the (lat, lon) index,
-- whose columns it begins with. The dates ride along for the period filter.
DROP INDEX events_place_lat_lon;
CREATE INDEX events_map ON events (place_lat, place_lon, type, date_start, date_end);

-- The table of admin regions: counts and fatalities per (country, first-level division).
CREATE INDEX events_region ON events (place_country, place_admin1, fatalities, date_start, date_end);

-- Newest first: the list walks this index backwards, undated events last (the order of 0002
-- puts them last going forwards).
CREATE INDEX events_newest ON events (COALESCE(date_start, '0000-01-01'), document_id, position, date_end);

-- Actors by how many events they take part in: one walk of this index groups and counts them.
CREATE INDEX event_actors_key ON event_actors (COALESCE(kb_id, name), document_id, event_id);
