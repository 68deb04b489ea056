-- eventlens store schema, version 7: the actors' counts, kept as the documents are written.
-- Portable SQL as in 0001. The store adds a document's counts to these tables in the transaction that
-- writes the document (sql.py's _count_actors); the migration's backfill counts the rows stored before
-- (migrations/__init__.py). Both are counts of event_actors, the machine's coding: corrections leave
-- them as they are.

-- Each actor as the actors' list groups them (its KB id, else its name) and the number of different
-- events it takes part in, in any role: the list reads its busiest actors here instead of counting
-- every entry of event_actors.
CREATE TABLE actor_counts (
    actor TEXT PRIMARY KEY,
    events INTEGER NOT NULL
);

CREATE INDEX actor_counts_busiest ON actor_counts (events DESC, actor);

-- Each different spelling of an actor in event_actors: its casefolded name and KB id ('' when it has
-- none, so that the three columns can be a key), and how many entries of event_actors have it. A
-- search of the actors' names reads this table; an actor whose every spelling matches takes its
-- count from actor_counts.
CREATE TABLE actor_names (
    actor TEXT NOT NULL,
    name_fold TEXT NOT NULL,
    kb_id_fold TEXT NOT NULL,
    entries INTEGER NOT NULL,
    PRIMARY KEY (actor, name_fold, kb_id_fold)
);
