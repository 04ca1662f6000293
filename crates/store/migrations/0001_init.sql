-- Cases are stored whole, as their case-file JSON: one document, one row, one transaction
-- per edit. Scenarios live inside the case document (a scenario records only overrides).
CREATE TABLE cases (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    body        TEXT    NOT NULL,
    template    TEXT,
    revision    INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);

-- Frozen, named snapshots of a case ("Board, 2026-12-01"). Never updated.
CREATE TABLE versions (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    UNIQUE (case_id, name)
);

-- The user's prices: edits of shipped items (same id) and new items. Kept apart from the
-- shipped catalog, which is embedded in the binary and never written here.
CREATE TABLE catalog_overrides (
    item_id     TEXT    PRIMARY KEY,
    body        TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
