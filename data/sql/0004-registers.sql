-- SPDX-License-Identifier: GPL-3.0-or-later
-- Casework schema 4: the staff registers the codes of conduct require —
-- gifts and hospitality, contacts with children and families (with the
-- manager's approval of planned social contact) and photo consent.
--
-- Each register row is a header and its versions. The header says whose
-- row it is and copies the current version's columns that lists order and
-- filter by; the versions hold what was declared. A version that has been
-- decided or reviewed, or that a later version has superseded, never
-- changes, and nothing is ever deleted: a correction is a new version with
-- a reason. Photo consent versions never change at all.
--
-- Flags are stored as core computed them when the version was written,
-- with the organisation's settings of that time (cw-gift-register.c,
-- cw-contact-register.c); "not yet reviewed" is read from the review.
-- Dates of events are local calendar text ('YYYY-MM-DD', 'HH:MM'); system
-- times are integer seconds since 1970-01-01 UTC.

-- Gifts and hospitality -------------------------------------------------

CREATE TABLE gifts (
  id              INTEGER PRIMARY KEY,
  staff_id        INTEGER NOT NULL REFERENCES staff (id),     -- who declared (their gift)
  declared_at     INTEGER NOT NULL,                           -- system clock
  current_version INTEGER NOT NULL DEFAULT 1 CHECK (current_version >= 1),
  gift_date       TEXT NOT NULL,
  direction       TEXT NOT NULL CHECK (direction IN ('received', 'given')),
  child_id        INTEGER REFERENCES children (id),
  flags           INTEGER NOT NULL DEFAULT 0,
  decided         INTEGER NOT NULL DEFAULT 0 CHECK (decided IN (0, 1))
);
CREATE INDEX gifts_staff ON gifts (staff_id, gift_date);
CREATE INDEX gifts_date ON gifts (gift_date);
CREATE INDEX gifts_child ON gifts (child_id, gift_date);
CREATE INDEX gifts_undecided ON gifts (decided, staff_id);

CREATE TABLE gift_versions (
  id                         INTEGER PRIMARY KEY,
  gift_id                    INTEGER NOT NULL REFERENCES gifts (id),
  version                    INTEGER NOT NULL CHECK (version >= 1),
  written_at                 INTEGER NOT NULL,
  written_by                 INTEGER NOT NULL REFERENCES staff (id),
  correction_reason          TEXT NOT NULL DEFAULT '',   -- required for version > 1
  gift_date                  TEXT NOT NULL,
  direction                  TEXT NOT NULL CHECK (direction IN ('received', 'given')),
  child_id                   INTEGER REFERENCES children (id),
  family_member_name         TEXT NOT NULL DEFAULT '',
  family_member_relationship TEXT NOT NULL DEFAULT '',
  description                TEXT NOT NULL CHECK (length (description) > 0),
  value_pence                INTEGER NOT NULL CHECK (value_pence >= 0),
  cash                       INTEGER NOT NULL DEFAULT 0 CHECK (cash IN (0, 1)),
  group_collection           INTEGER NOT NULL DEFAULT 0 CHECK (group_collection IN (0, 1)),
  occasion                   TEXT NOT NULL DEFAULT '',
  part_of_plan               INTEGER NOT NULL DEFAULT 0 CHECK (part_of_plan IN (0, 1)),
  plan_name                  TEXT NOT NULL DEFAULT '',
  plan_agreed_with           TEXT NOT NULL DEFAULT '',
  same_given_to_all          INTEGER NOT NULL DEFAULT 0 CHECK (same_given_to_all IN (0, 1)),
  flags                      INTEGER NOT NULL DEFAULT 0,
  repeat_count               INTEGER NOT NULL DEFAULT 1,  -- gifts in the window, this one included
  decision                   TEXT CHECK (decision IS NULL OR decision IN
                                         ('accepted', 'declined', 'returned', 'donated')),
  decision_reason            TEXT NOT NULL DEFAULT '',
  decided_by                 INTEGER REFERENCES staff (id),
  decided_at                 INTEGER,
  UNIQUE (gift_id, version),
  CHECK ((decision IS NULL) = (decided_by IS NULL) AND (decision IS NULL) = (decided_at IS NULL)),
  CHECK (child_id IS NOT NULL OR length (family_member_name) > 0)
);

CREATE TRIGGER gift_versions_decided_no_update BEFORE UPDATE ON gift_versions
WHEN old.decision IS NOT NULL
BEGIN
  SELECT RAISE (ABORT, 'A decided gift declaration cannot be changed. Add a correction instead.');
END;
CREATE TRIGGER gift_versions_superseded_no_update BEFORE UPDATE ON gift_versions
WHEN old.version <> (SELECT current_version FROM gifts WHERE id = old.gift_id)
BEGIN
  SELECT RAISE (ABORT, 'An earlier version of a gift declaration cannot be changed.');
END;
-- On an undecided version only the decision may be written.
CREATE TRIGGER gift_versions_content_no_update BEFORE UPDATE ON gift_versions
WHEN new.gift_id IS NOT old.gift_id OR new.version IS NOT old.version
  OR new.written_at IS NOT old.written_at OR new.written_by IS NOT old.written_by
  OR new.correction_reason IS NOT old.correction_reason OR new.gift_date IS NOT old.gift_date
  OR new.direction IS NOT old.direction OR new.child_id IS NOT old.child_id
  OR new.family_member_name IS NOT old.family_member_name
  OR new.family_member_relationship IS NOT old.family_member_relationship
  OR new.description IS NOT old.description OR new.value_pence IS NOT old.value_pence
  OR new.cash IS NOT old.cash OR new.group_collection IS NOT old.group_collection
  OR new.occasion IS NOT old.occasion OR new.part_of_plan IS NOT old.part_of_plan
  OR new.plan_name IS NOT old.plan_name OR new.plan_agreed_with IS NOT old.plan_agreed_with
  OR new.same_given_to_all IS NOT old.same_given_to_all OR new.flags IS NOT old.flags
  OR new.repeat_count IS NOT old.repeat_count
BEGIN
  SELECT RAISE (ABORT, 'A gift declaration cannot be changed. Add a correction instead.');
END;
CREATE TRIGGER gift_versions_no_delete BEFORE DELETE ON gift_versions
BEGIN
  SELECT RAISE (ABORT, 'A gift declaration cannot be deleted.');
END;
CREATE TRIGGER gifts_no_delete BEFORE DELETE ON gifts
BEGIN
  SELECT RAISE (ABORT, 'A gift declaration cannot be deleted.');
END;
CREATE TRIGGER gifts_header_fixed BEFORE UPDATE ON gifts
WHEN new.id IS NOT old.id OR new.staff_id IS NOT old.staff_id
  OR new.declared_at IS NOT old.declared_at OR new.current_version < old.current_version
BEGIN
  SELECT RAISE (ABORT, 'A gift declaration cannot be changed. Add a correction instead.');
END;

-- Contacts with children and families ------------------------------------

-- Planned social contact is approved by the line manager (or a DSL) before
-- it happens; a contact record then links to the approval.
CREATE TABLE contact_approvals (
  id               INTEGER PRIMARY KEY,
  staff_id         INTEGER NOT NULL REFERENCES staff (id),
  requested_at     INTEGER NOT NULL,
  child_id         INTEGER REFERENCES children (id),
  other_party_name TEXT NOT NULL DEFAULT '',
  planned_date     TEXT NOT NULL,
  details          TEXT NOT NULL CHECK (length (details) > 0),
  status           TEXT NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'approved', 'declined')),
  decided_by       INTEGER REFERENCES staff (id),
  decided_at       INTEGER,
  decision_reason  TEXT NOT NULL DEFAULT '',
  CHECK ((status = 'pending') = (decided_by IS NULL)
         AND (decided_by IS NULL) = (decided_at IS NULL))
);
CREATE INDEX contact_approvals_staff ON contact_approvals (staff_id, planned_date);
CREATE INDEX contact_approvals_status ON contact_approvals (status, staff_id);

CREATE TRIGGER contact_approvals_decided_no_update BEFORE UPDATE ON contact_approvals
WHEN old.status <> 'pending'
BEGIN
  SELECT RAISE (ABORT, 'A decided approval cannot be changed. Ask for a new approval instead.');
END;
CREATE TRIGGER contact_approvals_request_no_update BEFORE UPDATE ON contact_approvals
WHEN new.id IS NOT old.id OR new.staff_id IS NOT old.staff_id
  OR new.requested_at IS NOT old.requested_at OR new.child_id IS NOT old.child_id
  OR new.other_party_name IS NOT old.other_party_name
  OR new.planned_date IS NOT old.planned_date OR new.details IS NOT old.details
BEGIN
  SELECT RAISE (ABORT, 'A request for approval cannot be changed. Ask for a new one instead.');
END;
CREATE TRIGGER contact_approvals_no_delete BEFORE DELETE ON contact_approvals
BEGIN
  SELECT RAISE (ABORT, 'A request for approval cannot be deleted.');
END;

CREATE TABLE contacts (
  id              INTEGER PRIMARY KEY,
  staff_id        INTEGER NOT NULL REFERENCES staff (id),
  recorded_at     INTEGER NOT NULL,                           -- system clock
  current_version INTEGER NOT NULL DEFAULT 1 CHECK (current_version >= 1),
  contact_day     TEXT NOT NULL,
  contact_time    TEXT NOT NULL,
  child_id        INTEGER REFERENCES children (id),
  flags           INTEGER NOT NULL DEFAULT 0,
  reviewed        INTEGER NOT NULL DEFAULT 0 CHECK (reviewed IN (0, 1)),
  entry_id        INTEGER REFERENCES entries (id)              -- the chronology note, if any
);
CREATE INDEX contacts_staff ON contacts (staff_id, contact_day, contact_time);
CREATE INDEX contacts_day ON contacts (contact_day, contact_time);
CREATE INDEX contacts_child ON contacts (child_id, contact_day);
CREATE INDEX contacts_unreviewed ON contacts (reviewed, staff_id);

CREATE TABLE contact_versions (
  id                INTEGER PRIMARY KEY,
  contact_id        INTEGER NOT NULL REFERENCES contacts (id),
  version           INTEGER NOT NULL CHECK (version >= 1),
  written_at        INTEGER NOT NULL,
  written_by        INTEGER NOT NULL REFERENCES staff (id),
  correction_reason TEXT NOT NULL DEFAULT '',
  contact_day       TEXT NOT NULL,
  contact_time      TEXT NOT NULL,
  child_id          INTEGER REFERENCES children (id),
  other_party_kind  TEXT NOT NULL CHECK (other_party_kind IN ('child', 'parent-carer', 'other')),
  other_party_name  TEXT NOT NULL DEFAULT '',
  channel           TEXT NOT NULL CHECK (channel IN ('in-person', 'phone-call', 'text', 'email',
                                                     'video-call', 'messaging-app',
                                                     'social-media', 'letter')),
  device            TEXT NOT NULL CHECK (device IN ('none', 'work', 'personal')),
  initiator         TEXT NOT NULL CHECK (initiator IN ('staff', 'child', 'parent', 'other')),
  planned           INTEGER NOT NULL DEFAULT 0 CHECK (planned IN (0, 1)),
  purpose           TEXT NOT NULL CHECK (purpose IN ('work', 'social', 'coincidental',
                                                     'emergency')),
  witness           TEXT NOT NULL DEFAULT '',
  summary           TEXT NOT NULL CHECK (length (summary) > 0),
  follow_up         TEXT NOT NULL DEFAULT '',
  approval_id       INTEGER REFERENCES contact_approvals (id),
  flags             INTEGER NOT NULL DEFAULT 0,
  reviewed_by       INTEGER REFERENCES staff (id),
  reviewed_at       INTEGER,
  review_comment    TEXT NOT NULL DEFAULT '',
  further_action    TEXT NOT NULL DEFAULT '',
  UNIQUE (contact_id, version),
  CHECK ((reviewed_by IS NULL) = (reviewed_at IS NULL))
);

CREATE TRIGGER contact_versions_reviewed_no_update BEFORE UPDATE ON contact_versions
WHEN old.reviewed_at IS NOT NULL
BEGIN
  SELECT RAISE (ABORT, 'A reviewed contact record cannot be changed. Add a correction instead.');
END;
CREATE TRIGGER contact_versions_superseded_no_update BEFORE UPDATE ON contact_versions
WHEN old.version <> (SELECT current_version FROM contacts WHERE id = old.contact_id)
BEGIN
  SELECT RAISE (ABORT, 'An earlier version of a contact record cannot be changed.');
END;
-- On an unreviewed version only the review may be written.
CREATE TRIGGER contact_versions_content_no_update BEFORE UPDATE ON contact_versions
WHEN new.contact_id IS NOT old.contact_id OR new.version IS NOT old.version
  OR new.written_at IS NOT old.written_at OR new.written_by IS NOT old.written_by
  OR new.correction_reason IS NOT old.correction_reason
  OR new.contact_day IS NOT old.contact_day OR new.contact_time IS NOT old.contact_time
  OR new.child_id IS NOT old.child_id OR new.other_party_kind IS NOT old.other_party_kind
  OR new.other_party_name IS NOT old.other_party_name OR new.channel IS NOT old.channel
  OR new.device IS NOT old.device OR new.initiator IS NOT old.initiator
  OR new.planned IS NOT old.planned OR new.purpose IS NOT old.purpose
  OR new.witness IS NOT old.witness OR new.summary IS NOT old.summary
  OR new.follow_up IS NOT old.follow_up OR new.approval_id IS NOT old.approval_id
  OR new.flags IS NOT old.flags
BEGIN
  SELECT RAISE (ABORT, 'A contact record cannot be changed. Add a correction instead.');
END;
CREATE TRIGGER contact_versions_no_delete BEFORE DELETE ON contact_versions
BEGIN
  SELECT RAISE (ABORT, 'A contact record cannot be deleted.');
END;
CREATE TRIGGER contacts_no_delete BEFORE DELETE ON contacts
BEGIN
  SELECT RAISE (ABORT, 'A contact record cannot be deleted.');
END;
CREATE TRIGGER contacts_header_fixed BEFORE UPDATE ON contacts
WHEN new.id IS NOT old.id OR new.staff_id IS NOT old.staff_id
  OR new.recorded_at IS NOT old.recorded_at OR new.current_version < old.current_version
  OR (old.entry_id IS NOT NULL AND new.entry_id IS NOT old.entry_id)
BEGIN
  SELECT RAISE (ABORT, 'A contact record cannot be changed. Add a correction instead.');
END;

-- Photo consent -----------------------------------------------------------

-- Purposes are 0 not asked, 1 granted, 2 refused (CwPhotoPermission).
CREATE TABLE photo_consents (
  id              INTEGER PRIMARY KEY,
  child_id        INTEGER NOT NULL REFERENCES children (id),
  recorded_by     INTEGER NOT NULL REFERENCES staff (id),     -- who first recorded it
  created_at      INTEGER NOT NULL,
  current_version INTEGER NOT NULL DEFAULT 1 CHECK (current_version >= 1),
  date_given      TEXT NOT NULL,
  review_date     TEXT NOT NULL DEFAULT '',
  withdrawn_on    TEXT NOT NULL DEFAULT '',
  never_publish   INTEGER NOT NULL DEFAULT 0 CHECK (never_publish IN (0, 1))
);
CREATE INDEX photo_consents_child ON photo_consents (child_id, date_given);
CREATE INDEX photo_consents_recorder ON photo_consents (recorded_by, date_given);
CREATE INDEX photo_consents_review ON photo_consents (review_date);
CREATE INDEX photo_consents_withdrawn ON photo_consents (withdrawn_on);

CREATE TABLE photo_consent_versions (
  id                  INTEGER PRIMARY KEY,
  consent_id          INTEGER NOT NULL REFERENCES photo_consents (id),
  version             INTEGER NOT NULL CHECK (version >= 1),
  written_at          INTEGER NOT NULL,
  written_by          INTEGER NOT NULL REFERENCES staff (id),
  correction_reason   TEXT NOT NULL DEFAULT '',
  consenter_name      TEXT NOT NULL CHECK (length (consenter_name) > 0),
  relationship        TEXT NOT NULL CHECK (relationship IN ('parent-carer', 'local-authority',
                                                            'child')),
  written_consent     INTEGER NOT NULL DEFAULT 0 CHECK (written_consent IN (0, 1)),
  form_reference      TEXT NOT NULL DEFAULT '',
  child_agreement     TEXT NOT NULL DEFAULT 'not-asked'
                      CHECK (child_agreement IN ('not-asked', 'agreed', 'did-not-agree')),
  child_agreed_on     TEXT NOT NULL DEFAULT '',
  purpose_case_record INTEGER NOT NULL DEFAULT 0 CHECK (purpose_case_record IN (0, 1, 2)),
  purpose_displays    INTEGER NOT NULL DEFAULT 0 CHECK (purpose_displays IN (0, 1, 2)),
  purpose_newsletters INTEGER NOT NULL DEFAULT 0 CHECK (purpose_newsletters IN (0, 1, 2)),
  purpose_website     INTEGER NOT NULL DEFAULT 0 CHECK (purpose_website IN (0, 1, 2)),
  purpose_social_media INTEGER NOT NULL DEFAULT 0 CHECK (purpose_social_media IN (0, 1, 2)),
  purpose_press       INTEGER NOT NULL DEFAULT 0 CHECK (purpose_press IN (0, 1, 2)),
  purpose_promotional INTEGER NOT NULL DEFAULT 0 CHECK (purpose_promotional IN (0, 1, 2)),
  naming              TEXT NOT NULL DEFAULT 'no-name' CHECK (naming IN ('no-name', 'first-name')),
  date_given          TEXT NOT NULL,
  review_date         TEXT NOT NULL DEFAULT '',
  retention           TEXT NOT NULL DEFAULT '',
  withdrawn_on        TEXT NOT NULL DEFAULT '',
  withdrawn_by        TEXT NOT NULL DEFAULT '',
  withdrawal_action   TEXT NOT NULL DEFAULT '',
  never_publish       INTEGER NOT NULL DEFAULT 0 CHECK (never_publish IN (0, 1)),
  manager_consent_by  INTEGER REFERENCES staff (id),
  manager_consent_at  INTEGER,
  UNIQUE (consent_id, version),
  CHECK ((manager_consent_by IS NULL) = (manager_consent_at IS NULL))
);

CREATE TRIGGER photo_consent_versions_no_update BEFORE UPDATE ON photo_consent_versions
BEGIN
  SELECT RAISE (ABORT, 'A photo consent record cannot be changed. Add a correction instead.');
END;
CREATE TRIGGER photo_consent_versions_no_delete BEFORE DELETE ON photo_consent_versions
BEGIN
  SELECT RAISE (ABORT, 'A photo consent record cannot be deleted.');
END;
CREATE TRIGGER photo_consents_no_delete BEFORE DELETE ON photo_consents
BEGIN
  SELECT RAISE (ABORT, 'A photo consent record cannot be deleted.');
END;
CREATE TRIGGER photo_consents_header_fixed BEFORE UPDATE ON photo_consents
WHEN new.id IS NOT old.id OR new.child_id IS NOT old.child_id
  OR new.recorded_by IS NOT old.recorded_by OR new.created_at IS NOT old.created_at
  OR new.current_version < old.current_version
BEGIN
  SELECT RAISE (ABORT, 'A photo consent record cannot be changed. Add a correction instead.');
END;
