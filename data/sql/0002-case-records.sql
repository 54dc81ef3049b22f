-- SPDX-License-Identifier: GPL-3.0-or-later
-- Casework schema 2: children, the adults around them, case notes (entries)
-- with immutable finished versions, body maps, actions and full-text search.
-- Dates of events are local calendar text ('YYYY-MM-DD', 'HH:MM'); system
-- times are integer seconds since 1970-01-01 UTC.

CREATE TABLE children (
  id                  INTEGER PRIMARY KEY,
  case_reference      TEXT NOT NULL UNIQUE CHECK (length (case_reference) > 0),
  given_names         TEXT NOT NULL CHECK (length (given_names) > 0),
  family_name         TEXT NOT NULL CHECK (length (family_name) > 0),
  preferred_name      TEXT NOT NULL DEFAULT '',
  date_of_birth       TEXT,                       -- 'YYYY-MM-DD'; NULL when unknown
  dob_precision       TEXT NOT NULL DEFAULT 'exact'
                      CHECK (dob_precision IN ('exact', 'approximate', 'unknown')),
  gender              TEXT NOT NULL DEFAULT '',
  ethnicity           TEXT NOT NULL DEFAULT '',
  first_language      TEXT NOT NULL DEFAULT '',
  religion            TEXT NOT NULL DEFAULT '',
  disability          TEXT NOT NULL DEFAULT '',
  legal_status        TEXT NOT NULL DEFAULT 'none',
  allocated_worker_id INTEGER REFERENCES staff (id),
  created_at          INTEGER NOT NULL,
  created_by          INTEGER NOT NULL REFERENCES staff (id),
  updated_at          INTEGER NOT NULL
);
CREATE INDEX children_allocated ON children (allocated_worker_id);
CREATE INDEX children_name ON children (family_name COLLATE NOCASE, given_names COLLATE NOCASE);

CREATE TABLE child_adults (
  id                      INTEGER PRIMARY KEY,
  child_id                INTEGER NOT NULL REFERENCES children (id),
  name                    TEXT NOT NULL CHECK (length (name) > 0),
  relationship            TEXT NOT NULL DEFAULT '',
  parental_responsibility INTEGER NOT NULL DEFAULT 0 CHECK (parental_responsibility IN (0, 1)),
  contact_details         TEXT NOT NULL DEFAULT '',
  position                INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX child_adults_child ON child_adults (child_id, position);

-- Explicit need-to-know shares beyond allocation and line management.
CREATE TABLE child_shares (
  child_id  INTEGER NOT NULL REFERENCES children (id),
  staff_id  INTEGER NOT NULL REFERENCES staff (id),
  shared_by INTEGER NOT NULL REFERENCES staff (id),
  shared_at INTEGER NOT NULL,
  PRIMARY KEY (child_id, staff_id)
);
CREATE INDEX child_shares_staff ON child_shares (staff_id);

-- One row per case note; what it says lives in entry_versions.
-- The columns from event_day to restricted copy the current version, so the
-- chronology can be ordered and filtered without reading every version.
CREATE TABLE entries (
  id                INTEGER PRIMARY KEY,
  child_id          INTEGER NOT NULL REFERENCES children (id),
  author_id         INTEGER NOT NULL REFERENCES staff (id),
  created_at        INTEGER NOT NULL,
  state             TEXT NOT NULL DEFAULT 'draft'
                    CHECK (state IN ('draft', 'finished', 'removed')),
  current_version   INTEGER NOT NULL DEFAULT 0,   -- newest finished version; 0 = none yet
  event_day         TEXT NOT NULL DEFAULT '',     -- 'YYYY-MM-DD' (first of month for month precision)
  event_time        TEXT NOT NULL DEFAULT '',     -- 'HH:MM' or ''
  sequence          INTEGER NOT NULL DEFAULT 0,   -- orders events on the same day
  kind              TEXT NOT NULL DEFAULT 'case-note',
  significant       INTEGER NOT NULL DEFAULT 0,
  restricted        INTEGER NOT NULL DEFAULT 0,
  finished_at       INTEGER,                      -- when version 1 was finished
  removal_requested_by  INTEGER REFERENCES staff (id),
  removal_requested_at  INTEGER,
  removal_reason        TEXT,
  removed_by            INTEGER REFERENCES staff (id),
  removed_at            INTEGER,
  removal_confirm_reason TEXT
);
CREATE INDEX entries_chronology ON entries (child_id, state, event_day, event_time, sequence);
CREATE INDEX entries_author ON entries (author_id, state);

CREATE TABLE entry_versions (
  id                   INTEGER PRIMARY KEY,
  entry_id             INTEGER NOT NULL REFERENCES entries (id),
  version              INTEGER NOT NULL CHECK (version >= 1),
  finished             INTEGER NOT NULL DEFAULT 0 CHECK (finished IN (0, 1)),
  started_at           INTEGER NOT NULL,          -- system clock, never editable
  saved_at             INTEGER NOT NULL,          -- last autosave of a draft
  finished_at          INTEGER,                   -- system clock: "when it was written"
  author_id            INTEGER NOT NULL REFERENCES staff (id),
  author_name          TEXT NOT NULL,             -- as at the time
  author_role          TEXT NOT NULL,             -- job title and roles at the time
  amend_reason         TEXT NOT NULL DEFAULT '',  -- required for version > 1
  kind                 TEXT NOT NULL,
  summary              TEXT NOT NULL DEFAULT '',
  event_date           TEXT NOT NULL DEFAULT '',  -- 'YYYY-MM-DD' or 'YYYY-MM'
  event_time           TEXT NOT NULL DEFAULT '',  -- 'HH:MM' or ''
  event_precision      TEXT NOT NULL DEFAULT 'day'
                       CHECK (event_precision IN ('exact', 'day', 'month', 'approximate')),
  present              TEXT NOT NULL DEFAULT '',
  location             TEXT NOT NULL DEFAULT '',
  child_seen           INTEGER CHECK (child_seen IN (0, 1)),
  child_seen_alone     INTEGER CHECK (child_seen_alone IN (0, 1)),
  child_spoken_to      INTEGER CHECK (child_spoken_to IN (0, 1)),
  child_not_seen_reason TEXT NOT NULL DEFAULT '',
  child_words          TEXT NOT NULL DEFAULT '',
  wishes_feelings      TEXT NOT NULL DEFAULT '',
  observed_facts       TEXT NOT NULL DEFAULT '',
  reported_facts       TEXT NOT NULL DEFAULT '',
  reported_source_name TEXT NOT NULL DEFAULT '',
  reported_source_role TEXT NOT NULL DEFAULT '',
  opinion              TEXT NOT NULL DEFAULT '',
  opinion_evidence     TEXT NOT NULL DEFAULT '',
  strengths            TEXT NOT NULL DEFAULT '',
  difficulties_risks   TEXT NOT NULL DEFAULT '',
  decision             TEXT NOT NULL DEFAULT '',
  decision_reasons     TEXT NOT NULL DEFAULT '',
  impact               TEXT NOT NULL DEFAULT '',
  outcomes             INTEGER NOT NULL DEFAULT 0,  -- CwOutcomes flags
  significant          INTEGER NOT NULL DEFAULT 0 CHECK (significant IN (0, 1)),
  restricted           INTEGER NOT NULL DEFAULT 0 CHECK (restricted IN (0, 1)),
  content_hash         TEXT NOT NULL DEFAULT '',    -- SHA-256 of the finished content
  UNIQUE (entry_id, version)
);

CREATE TABLE entry_actions (
  id         INTEGER PRIMARY KEY,
  version_id INTEGER NOT NULL REFERENCES entry_versions (id),
  position   INTEGER NOT NULL DEFAULT 0,
  what       TEXT NOT NULL,
  who        TEXT NOT NULL DEFAULT '',
  by_when    TEXT NOT NULL DEFAULT ''                -- 'YYYY-MM-DD' or ''
);
CREATE INDEX entry_actions_version ON entry_actions (version_id, position);

CREATE TABLE body_marks (
  id          INTEGER PRIMARY KEY,
  version_id  INTEGER NOT NULL REFERENCES entry_versions (id),
  position    INTEGER NOT NULL DEFAULT 0,
  side        TEXT NOT NULL CHECK (side IN ('front', 'back')),
  x           REAL NOT NULL CHECK (x >= 0 AND x <= 1),   -- fraction of the outline's width
  y           REAL NOT NULL CHECK (y >= 0 AND y <= 1),
  site        TEXT NOT NULL DEFAULT '',
  size        TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',                  -- colour, shape, what it looks like
  skin_broken INTEGER NOT NULL DEFAULT 0 CHECK (skin_broken IN (0, 1))
);
CREATE INDEX body_marks_version ON body_marks (version_id, position);

-- A finished version is never changed or deleted, whatever code asks.
CREATE TRIGGER entry_versions_finished_no_update BEFORE UPDATE ON entry_versions
WHEN old.finished = 1
BEGIN
  SELECT RAISE (ABORT, 'A finished case note cannot be changed. Add a correction instead.');
END;
CREATE TRIGGER entry_versions_finished_no_delete BEFORE DELETE ON entry_versions
WHEN old.finished = 1
BEGIN
  SELECT RAISE (ABORT, 'A finished case note cannot be deleted.');
END;
CREATE TRIGGER entry_actions_finished_no_insert BEFORE INSERT ON entry_actions
WHEN (SELECT finished FROM entry_versions WHERE id = new.version_id) = 1
BEGIN
  SELECT RAISE (ABORT, 'A finished case note cannot be changed. Add a correction instead.');
END;
CREATE TRIGGER entry_actions_finished_no_update BEFORE UPDATE ON entry_actions
WHEN (SELECT finished FROM entry_versions WHERE id = old.version_id) = 1
BEGIN
  SELECT RAISE (ABORT, 'A finished case note cannot be changed. Add a correction instead.');
END;
CREATE TRIGGER entry_actions_finished_no_delete BEFORE DELETE ON entry_actions
WHEN (SELECT finished FROM entry_versions WHERE id = old.version_id) = 1
BEGIN
  SELECT RAISE (ABORT, 'A finished case note cannot be changed. Add a correction instead.');
END;
CREATE TRIGGER body_marks_finished_no_insert BEFORE INSERT ON body_marks
WHEN (SELECT finished FROM entry_versions WHERE id = new.version_id) = 1
BEGIN
  SELECT RAISE (ABORT, 'A finished case note cannot be changed. Add a correction instead.');
END;
CREATE TRIGGER body_marks_finished_no_update BEFORE UPDATE ON body_marks
WHEN (SELECT finished FROM entry_versions WHERE id = old.version_id) = 1
BEGIN
  SELECT RAISE (ABORT, 'A finished case note cannot be changed. Add a correction instead.');
END;
CREATE TRIGGER body_marks_finished_no_delete BEFORE DELETE ON body_marks
WHEN (SELECT finished FROM entry_versions WHERE id = old.version_id) = 1
BEGIN
  SELECT RAISE (ABORT, 'A finished case note cannot be changed. Add a correction instead.');
END;
-- Case notes are removed only by soft delete (entries.state = 'removed').
CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries
BEGIN
  SELECT RAISE (ABORT, 'A case note cannot be deleted. Ask for it to be removed instead.');
END;

-- Full-text search over every text field of every version (FTS4 external
-- content: the text is not stored twice). Queries join back to the
-- current version of each entry.
CREATE VIRTUAL TABLE entry_search USING fts4 (
  content="entry_versions",
  summary, present, location, child_not_seen_reason, child_words, wishes_feelings,
  observed_facts, reported_facts, reported_source_name, reported_source_role,
  opinion, opinion_evidence, strengths, difficulties_risks, decision,
  decision_reasons, impact, amend_reason,
  tokenize=unicode61 "remove_diacritics=1"
);
CREATE TRIGGER entry_search_before_update BEFORE UPDATE ON entry_versions
BEGIN
  DELETE FROM entry_search WHERE docid = old.id;
END;
CREATE TRIGGER entry_search_before_delete BEFORE DELETE ON entry_versions
BEGIN
  DELETE FROM entry_search WHERE docid = old.id;
END;
CREATE TRIGGER entry_search_after_update AFTER UPDATE ON entry_versions
BEGIN
  INSERT INTO entry_search (docid, summary, present, location, child_not_seen_reason,
    child_words, wishes_feelings, observed_facts, reported_facts, reported_source_name,
    reported_source_role, opinion, opinion_evidence, strengths, difficulties_risks,
    decision, decision_reasons, impact, amend_reason)
  VALUES (new.id, new.summary, new.present, new.location, new.child_not_seen_reason,
    new.child_words, new.wishes_feelings, new.observed_facts, new.reported_facts,
    new.reported_source_name, new.reported_source_role, new.opinion, new.opinion_evidence,
    new.strengths, new.difficulties_risks, new.decision, new.decision_reasons, new.impact,
    new.amend_reason);
END;
CREATE TRIGGER entry_search_after_insert AFTER INSERT ON entry_versions
BEGIN
  INSERT INTO entry_search (docid, summary, present, location, child_not_seen_reason,
    child_words, wishes_feelings, observed_facts, reported_facts, reported_source_name,
    reported_source_role, opinion, opinion_evidence, strengths, difficulties_risks,
    decision, decision_reasons, impact, amend_reason)
  VALUES (new.id, new.summary, new.present, new.location, new.child_not_seen_reason,
    new.child_words, new.wishes_feelings, new.observed_facts, new.reported_facts,
    new.reported_source_name, new.reported_source_role, new.opinion, new.opinion_evidence,
    new.strengths, new.difficulties_risks, new.decision, new.decision_reasons, new.impact,
    new.amend_reason);
END;
