-- A deleted case goes to the trash with its versions, and comes back whole: `deleted_at`
-- marks it, and only cases not in the trash need unique names (a new case may take the name
-- of a trashed one; the trashed one is renamed if its name is taken when it is restored).
--
-- SQLite cannot drop a column's UNIQUE constraint, so both tables are rebuilt. `versions`
-- is rebuilt first, pointing at the new `cases`, so that dropping the old `cases` (an
-- implicit DELETE with foreign keys on) cascades to nothing; the renames then carry the
-- reference over. All in the migration's one transaction.
CREATE TABLE cases_next (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL COLLATE NOCASE,
    body        TEXT    NOT NULL,
    template    TEXT,
    revision    INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    deleted_at  TEXT
);
INSERT INTO cases_next (id, name, body, template, revision, created_at, updated_at)
    SELECT id, name, body, template, revision, created_at, updated_at FROM cases;

CREATE TABLE versions_next (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases_next(id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    UNIQUE (case_id, name)
);
INSERT INTO versions_next (id, case_id, name, body, created_at)
    SELECT id, case_id, name, body, created_at FROM versions;

DROP TABLE versions;
DROP TABLE cases;
ALTER TABLE cases_next RENAME TO cases;
ALTER TABLE versions_next RENAME TO versions;

CREATE UNIQUE INDEX cases_live_name ON cases (name) WHERE deleted_at IS NULL;
CREATE INDEX versions_case ON versions (case_id);
