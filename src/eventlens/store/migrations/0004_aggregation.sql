-- eventlens store schema, version 4: indexes for the page's aggregates at a million events.
-- Portable SQL as in 0001.

-- The map's cells count events per place and type inside the view: this index holds everything
-- that query reads (the dates and fatalities for those filters too), so it never reads the
-- table, and its order groups the events of one place without sorting them. It replaces the
-- (lat, lon) index, whose columns it begins with.
DROP INDEX events_place_lat_lon;
CREATE INDEX events_map ON events (place_lat, place_lon, type, place_geonameid, fatalities, date_start, date_end);

-- The timeline counts events and sums fatalities per first day from this index alone, for a
-- period, a PLOVER type or a box too.
DROP INDEX events_date_start;
CREATE INDEX events_date_start ON events (date_start, fatalities, date_end, type, place_lat, place_lon);

-- The table of admin regions: counts and fatalities per (country, first-level division), for a
-- period, a PLOVER type or a box too.
CREATE INDEX events_region ON events (
    place_country, place_admin1, fatalities, date_start, date_end, type, place_lat, place_lon
);

-- Newest first: the list walks this index backwards, undated events last (the order of 0002
-- puts them last going forwards).
CREATE INDEX events_newest ON events (COALESCE(date_start, '0000-01-01'), document_id, position, date_end);

-- Actors by how many events they take part in: one walk of this index groups and counts them.
CREATE INDEX event_actors_key ON event_actors (COALESCE(kb_id, name), document_id, event_id);
