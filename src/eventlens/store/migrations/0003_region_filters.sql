-- eventlens store schema, version 3: the country and first-level division filters.
-- Portable SQL as in 0001. place_admin1_fold is filled by the store (Python's casefold: GeoNames
-- writes 721 division names with letters beyond ASCII, "Durrës", which SQLite's lower() keeps)
-- for new rows and, when this migration runs, for the rows already stored.

ALTER TABLE events ADD COLUMN place_admin1_fold TEXT;

-- A division is a few events among many: its index finds them without reading the others.
-- A country may hold most of a store, but a small one among large ones is read from its index too.
CREATE INDEX events_place_admin1_fold ON events (place_admin1_fold);
CREATE INDEX events_place_country ON events (place_country);
