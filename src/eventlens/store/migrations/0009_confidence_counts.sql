-- eventlens store schema, version 9: the confidence filter in the page's counts.
-- Portable SQL as in 0001.

-- The map's cells and the regions' table walk their covering indexes of 0004; with the confidence at
-- their end, a minimum confidence is one more condition decided from the index, not a read of each
-- candidate event's row. (The timeline of such a filter walks events_map, which holds what it counts.)
DROP INDEX events_map;
CREATE INDEX events_map ON events (
    place_lat, place_lon, type, place_geonameid, fatalities, date_start, date_end, confidence
);
DROP INDEX events_region;
CREATE INDEX events_region ON events (
    place_country, place_admin1, fatalities, date_start, date_end, type, place_lat, place_lon, confidence
);
