-- SPDX-License-Identifier: GPL-3.0-or-later
-- Casework schema 3: the judgement part of decision and professional-
-- judgement notes, the queue of sign-off requests, and the append-only
-- history of sign-off events. Times are integer seconds since 1970-01-01
-- UTC (system clock); dates the author gives are 'YYYY-MM-DD' or ''.

-- The judgement part of one version of a note (decision or professional
-- judgement). Like the version it belongs to, it never changes once that
-- version is finished.
CREATE TABLE judgement_details (
  version_id               INTEGER PRIMARY KEY REFERENCES entry_versions (id),
  circumstances            TEXT NOT NULL DEFAULT '',
  action                   TEXT NOT NULL DEFAULT '',
  action_status            TEXT NOT NULL DEFAULT ''
                           CHECK (action_status IN ('', 'taken', 'proposed')),
  reasons                  TEXT NOT NULL DEFAULT '',
  warranted                TEXT NOT NULL DEFAULT ''
                           CHECK (warranted IN ('', 'yes', 'no', 'unsure')),
  warranted_explanation    TEXT NOT NULL DEFAULT '',
  proportionate            TEXT NOT NULL DEFAULT ''
                           CHECK (proportionate IN ('', 'yes', 'no', 'unsure')),
  proportionate_explanation TEXT NOT NULL DEFAULT '',
  safe                     TEXT NOT NULL DEFAULT ''
                           CHECK (safe IN ('', 'yes', 'no', 'unsure')),
  safe_explanation         TEXT NOT NULL DEFAULT '',
  equitable                TEXT NOT NULL DEFAULT ''
                           CHECK (equitable IN ('', 'yes', 'no', 'unsure')),
  equitable_explanation    TEXT NOT NULL DEFAULT '',
  discussed_with           TEXT NOT NULL DEFAULT '',
  discussed_on             TEXT NOT NULL DEFAULT '',
  disagreement             TEXT NOT NULL DEFAULT '',
  referral_agency          TEXT NOT NULL DEFAULT 'none'
                           CHECK (referral_agency IN ('none', 'lado', 'childrens-social-care',
                                                      'police', 'other')),
  referral_agency_name     TEXT NOT NULL DEFAULT '',
  referral_date            TEXT NOT NULL DEFAULT '',
  referral_reference       TEXT NOT NULL DEFAULT '',
  saved_at                 INTEGER NOT NULL
);

-- One request per finished version that needs a line manager's sign-off.
-- assigned_to is the author's line manager when it was queued (NULL: none,
-- so a DSL signs). state: 'waiting' for the line manager (or a covering
-- DSL), 'escalated' to the DSL, 'signed-off', 'referred' (disagreement and
-- a referral to another agency), 'returned' to the author for more
-- information, 'superseded' by a newer version before anyone acted.
CREATE TABLE sign_off_requests (
  id          INTEGER PRIMARY KEY,
  version_id  INTEGER NOT NULL UNIQUE REFERENCES entry_versions (id),
  entry_id    INTEGER NOT NULL REFERENCES entries (id),
  author_id   INTEGER NOT NULL REFERENCES staff (id),
  assigned_to INTEGER REFERENCES staff (id),
  queued_at   INTEGER NOT NULL,
  state       TEXT NOT NULL DEFAULT 'waiting'
              CHECK (state IN ('waiting', 'escalated', 'signed-off', 'referred', 'returned',
                               'superseded')),
  closed_at   INTEGER
);
CREATE INDEX sign_off_requests_open ON sign_off_requests (state, queued_at);
CREATE INDEX sign_off_requests_entry ON sign_off_requests (entry_id, id);
CREATE INDEX sign_off_requests_author ON sign_off_requests (author_id, state);

-- What a signer decided, with the SHA-256 of exactly what they signed:
-- signed_hash = SHA-256 over the version's content_hash and the canonical
-- encoding of its judgement part (cw_judgement_compute_signed_hash()).
CREATE TABLE sign_off_events (
  id               INTEGER PRIMARY KEY,
  request_id       INTEGER NOT NULL REFERENCES sign_off_requests (id),
  version_id       INTEGER NOT NULL REFERENCES entry_versions (id),
  entry_id         INTEGER NOT NULL REFERENCES entries (id),
  signer_id        INTEGER NOT NULL REFERENCES staff (id),
  signer_name      TEXT NOT NULL,               -- as at the time
  signer_role      TEXT NOT NULL,               -- job title and roles at the time
  capacity         TEXT NOT NULL CHECK (capacity IN ('line-manager', 'dsl')),
  at               INTEGER NOT NULL,            -- system clock
  decision         TEXT NOT NULL CHECK (decision IN ('signed-off', 'disagreed')),
  follow_up        TEXT NOT NULL DEFAULT ''
                   CHECK (follow_up IN ('', 'escalate', 'refer', 'return')),
  comment          TEXT NOT NULL DEFAULT '',    -- a sign-off's comment, a disagreement's reason
  agency           TEXT NOT NULL DEFAULT ''
                   CHECK (agency IN ('', 'lado', 'childrens-social-care', 'police', 'other')),
  agency_name      TEXT NOT NULL DEFAULT '',
  agency_reference TEXT NOT NULL DEFAULT '',
  signed_hash      TEXT NOT NULL CHECK (length (signed_hash) = 64),
  CHECK ((decision = 'signed-off' AND follow_up = '') OR
         (decision = 'disagreed' AND follow_up <> '' AND length (comment) > 0)),
  CHECK ((follow_up = 'refer') = (agency <> ''))
);
CREATE INDEX sign_off_events_entry ON sign_off_events (entry_id, id);
CREATE INDEX sign_off_events_request ON sign_off_events (request_id, id);

-- A finished version's judgement part never changes, whatever code asks.
CREATE TRIGGER judgement_details_finished_no_insert BEFORE INSERT ON judgement_details
WHEN (SELECT finished FROM entry_versions WHERE id = new.version_id) = 1
BEGIN
  SELECT RAISE (ABORT, 'A finished judgement cannot be changed. Add a correction instead.');
END;
CREATE TRIGGER judgement_details_finished_no_update BEFORE UPDATE ON judgement_details
WHEN (SELECT finished FROM entry_versions WHERE id = old.version_id) = 1
  OR (SELECT finished FROM entry_versions WHERE id = new.version_id) = 1
BEGIN
  SELECT RAISE (ABORT, 'A finished judgement cannot be changed. Add a correction instead.');
END;
CREATE TRIGGER judgement_details_finished_no_delete BEFORE DELETE ON judgement_details
WHEN (SELECT finished FROM entry_versions WHERE id = old.version_id) = 1
BEGIN
  SELECT RAISE (ABORT, 'A finished judgement cannot be deleted.');
END;

-- A discarded draft takes its judgement part with it.
CREATE TRIGGER judgement_details_draft_delete BEFORE DELETE ON entry_versions
WHEN old.finished = 0
BEGIN
  DELETE FROM judgement_details WHERE version_id = old.id;
END;

-- A correction starts from a copy of the current version's judgement part,
-- as it starts from a copy of its content.
CREATE TRIGGER judgement_details_copy_for_correction AFTER INSERT ON entry_versions
WHEN new.finished = 0 AND new.version > 1
BEGIN
  INSERT INTO judgement_details (version_id, circumstances, action, action_status, reasons,
    warranted, warranted_explanation, proportionate, proportionate_explanation, safe,
    safe_explanation, equitable, equitable_explanation, discussed_with, discussed_on,
    disagreement, referral_agency, referral_agency_name, referral_date, referral_reference,
    saved_at)
  SELECT new.id, j.circumstances, j.action, j.action_status, j.reasons,
    j.warranted, j.warranted_explanation, j.proportionate, j.proportionate_explanation, j.safe,
    j.safe_explanation, j.equitable, j.equitable_explanation, j.discussed_with, j.discussed_on,
    j.disagreement, j.referral_agency, j.referral_agency_name, j.referral_date,
    j.referral_reference, new.saved_at
  FROM judgement_details j
  WHERE j.version_id = (SELECT v.id FROM entry_versions v JOIN entries e ON e.id = v.entry_id
                        WHERE v.entry_id = new.entry_id AND v.version = e.current_version
                        AND v.finished = 1);
END;

-- A professional judgement is finished only with its judgement part.
CREATE TRIGGER judgement_details_required BEFORE UPDATE OF finished ON entry_versions
WHEN old.finished = 0 AND new.finished = 1 AND new.kind = 'professional-judgement'
  AND NOT EXISTS (SELECT 1 FROM judgement_details WHERE version_id = new.id)
BEGIN
  SELECT RAISE (ABORT,
    'A professional judgement needs its judgement part before it is finished.');
END;

-- Finishing a correction supersedes any request of the same note that
-- nobody acted on (whatever the correction's kind): a signer only ever
-- acts on the current version.
CREATE TRIGGER sign_off_supersede AFTER UPDATE OF finished ON entry_versions
WHEN old.finished = 0 AND new.finished = 1 AND new.version > 1
BEGIN
  UPDATE sign_off_requests
  SET state = 'superseded',
      closed_at = coalesce (new.finished_at, CAST (strftime ('%s', 'now') AS INTEGER))
  WHERE entry_id = new.entry_id AND version_id <> new.id AND state IN ('waiting', 'escalated');
END;

-- Finishing a version that has a judgement part queues it for the
-- author's line manager (NULL when none: a DSL signs), in the same
-- transaction.
CREATE TRIGGER sign_off_queue AFTER UPDATE OF finished ON entry_versions
WHEN old.finished = 0 AND new.finished = 1
  AND new.kind IN ('professional-judgement', 'decision')
  AND EXISTS (SELECT 1 FROM judgement_details WHERE version_id = new.id)
BEGIN
  INSERT INTO sign_off_requests (version_id, entry_id, author_id, assigned_to, queued_at, state)
  VALUES (new.id, new.entry_id, new.author_id,
          (SELECT line_manager_id FROM staff WHERE id = new.author_id),
          coalesce (new.finished_at, CAST (strftime ('%s', 'now') AS INTEGER)), 'waiting');
END;

-- Requests are never deleted; only an open request changes, and only its
-- state and when it closed.
CREATE TRIGGER sign_off_requests_no_delete BEFORE DELETE ON sign_off_requests
BEGIN
  SELECT RAISE (ABORT, 'A sign-off request cannot be deleted.');
END;
CREATE TRIGGER sign_off_requests_closed_no_update BEFORE UPDATE ON sign_off_requests
WHEN old.state NOT IN ('waiting', 'escalated')
  OR new.id IS NOT old.id OR new.version_id IS NOT old.version_id
  OR new.entry_id IS NOT old.entry_id OR new.author_id IS NOT old.author_id
  OR new.assigned_to IS NOT old.assigned_to OR new.queued_at IS NOT old.queued_at
BEGIN
  SELECT RAISE (ABORT, 'A sign-off that has been dealt with cannot be changed.');
END;

-- The sign-off history is append-only whatever code asks.
CREATE TRIGGER sign_off_events_no_update BEFORE UPDATE ON sign_off_events
BEGIN
  SELECT RAISE (ABORT, 'A sign-off cannot be changed.');
END;
CREATE TRIGGER sign_off_events_no_delete BEFORE DELETE ON sign_off_events
BEGIN
  SELECT RAISE (ABORT, 'A sign-off cannot be deleted.');
END;
