-- eventlens store schema, version 1.
-- Plain SQL that SQLite and PostgreSQL both accept: TEXT, INTEGER, BOOLEAN, DOUBLE PRECISION,
-- composite keys, no autoincrement, no JSON types. Dates and timestamps are ISO 8601 TEXT and
-- JSON columns are TEXT, so both databases return the same Python values.
-- Files are NNNN_name.sql, applied in version order (all missing ones in one transaction) and recorded in
-- schema_version. The runner splits a file on ";" at the end of a line: one statement per ";".

CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    url TEXT,
    outlet TEXT,
    title TEXT,
    published TEXT,                       -- ISO date
    language TEXT NOT NULL,
    text TEXT NOT NULL,
    boilerplate_removed TEXT NOT NULL,    -- JSON array of strings
    ingested_at TEXT NOT NULL             -- ISO 8601 UTC timestamp
);

CREATE INDEX documents_ingested_at ON documents (ingested_at);
CREATE INDEX documents_url ON documents (url);

-- Event ids are unique within their document only, hence the composite key.
CREATE TABLE events (
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    position INTEGER NOT NULL,            -- order of the event in its document's result
    type TEXT NOT NULL,
    mode TEXT,
    acled_type TEXT,
    acled_subtype TEXT,
    date TEXT,                            -- as extracted: YYYY-MM-DD, YYYY-MM, YYYY, ...
    date_start TEXT,                      -- first and last day the date can mean (derived,
    date_end TEXT,                        -- for since/until); NULL when there is no date
    time_precision TEXT NOT NULL,
    historical BOOLEAN NOT NULL,
    modality TEXT NOT NULL,
    attribution_outlet TEXT,
    attribution_speaker TEXT,
    attribution_sourcing TEXT NOT NULL,
    fatalities INTEGER,
    confidence DOUBLE PRECISION NOT NULL,
    evidence_text TEXT NOT NULL,
    evidence_start INTEGER NOT NULL,
    evidence_end INTEGER NOT NULL,
    place_name TEXT,                      -- NULL exactly when the event has no place
    place_geonameid INTEGER,
    place_lat DOUBLE PRECISION,
    place_lon DOUBLE PRECISION,
    place_country TEXT,
    place_admin1 TEXT,
    place_admin2 TEXT,
    place_precision INTEGER,
    place_text TEXT,
    place_feature TEXT,
    place_score DOUBLE PRECISION,
    PRIMARY KEY (document_id, id)
);

CREATE INDEX events_date_start ON events (date_start);
CREATE INDEX events_date_end ON events (date_end);
CREATE INDEX events_type ON events (lower(type));
CREATE INDEX events_acled_type ON events (lower(acled_type));
CREATE INDEX events_acled_subtype ON events (lower(acled_subtype));
CREATE INDEX events_place_lat_lon ON events (place_lat, place_lon);
CREATE INDEX events_place_geonameid ON events (place_geonameid);

-- The *_fold columns hold casefolded copies for case-insensitive matching that is the same
-- on every database (SQLite's lower() folds ASCII only).
CREATE TABLE event_actors (
    document_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('actor1', 'actor2', 'associated')),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    kb_id TEXT,
    type TEXT,
    country TEXT,
    text TEXT NOT NULL,
    name_fold TEXT NOT NULL,
    kb_id_fold TEXT,
    text_fold TEXT NOT NULL,
    PRIMARY KEY (document_id, event_id, role, position),
    FOREIGN KEY (document_id, event_id) REFERENCES events (document_id, id) ON DELETE CASCADE
);

CREATE INDEX event_actors_name_fold ON event_actors (name_fold);
CREATE INDEX event_actors_kb_id_fold ON event_actors (kb_id_fold);
CREATE INDEX event_actors_text_fold ON event_actors (text_fold);

CREATE TABLE actors (
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    kb_id TEXT,
    type TEXT,
    country TEXT,
    mentions TEXT NOT NULL,               -- JSON [{"text", "start", "end"}]
    relations TEXT NOT NULL,              -- JSON [[relation, actor name]]
    PRIMARY KEY (document_id, position)
);

CREATE INDEX actors_kb_id ON actors (kb_id);
CREATE INDEX actors_name ON actors (name);

CREATE TABLE places (
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    geonameid INTEGER,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    country TEXT,
    admin1 TEXT,
    admin2 TEXT,
    geo_precision INTEGER NOT NULL,
    text TEXT NOT NULL,
    feature TEXT,
    score DOUBLE PRECISION NOT NULL,
    mentions TEXT NOT NULL,               -- JSON [{"text", "start", "end"}]
    PRIMARY KEY (document_id, position)
);

CREATE INDEX places_geonameid ON places (geonameid);
