-- SPDX-License-Identifier: GPL-3.0-or-later
-- Casework schema 1: the organisation, staff, settings and the audit log.
-- Applied inside one transaction; PRAGMA user_version is set by the runner.
-- Times are stored as integer seconds since 1970-01-01 UTC.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
);
-- Rows written at creation: 'database-uuid', 'created-at'. The audit head
-- ('audit-head-seq', 'audit-head-hash') is kept here by cw-audit.c.

CREATE TABLE staff (
  id                   INTEGER PRIMARY KEY,
  username             TEXT NOT NULL UNIQUE,
  display_name         TEXT NOT NULL CHECK (length (display_name) > 0),
  job_title            TEXT NOT NULL DEFAULT '',
  roles                INTEGER NOT NULL DEFAULT 0 CHECK (roles BETWEEN 0 AND 15),
  line_manager_id      INTEGER REFERENCES staff (id) CHECK (line_manager_id IS NULL OR line_manager_id <> id),
  active               INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL
);
CREATE INDEX staff_line_manager ON staff (line_manager_id);

-- Organisation settings; keys and defaults are known to cw-session.c.
CREATE TABLE settings (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
);

CREATE TABLE audit (
  seq            INTEGER PRIMARY KEY,          -- 1, 2, 3 … with no gaps
  at             INTEGER NOT NULL,             -- unix time, UTC
  actor_id       INTEGER,                      -- staff.id, NULL for nobody
  actor_username TEXT NOT NULL DEFAULT '',
  action         TEXT NOT NULL,
  object_type    TEXT NOT NULL DEFAULT '',
  object_id      TEXT NOT NULL DEFAULT '',
  detail         TEXT NOT NULL DEFAULT '',
  prev_hash      TEXT NOT NULL,                -- hex SHA-256 of the previous row
  hash           TEXT NOT NULL                 -- hex SHA-256 of prev_hash || this row
);
CREATE INDEX audit_actor ON audit (actor_id, seq);
CREATE INDEX audit_object ON audit (object_type, object_id, seq);

-- The log is append-only whatever code asks.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
  SELECT RAISE (ABORT, 'The audit log cannot be changed.');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
  SELECT RAISE (ABORT, 'The audit log cannot be changed.');
END;
