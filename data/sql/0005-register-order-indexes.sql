-- SPDX-License-Identifier: GPL-3.0-or-later
-- Casework schema 5: indexes that give the register lists their order, so
-- that the first page of a filtered list walks an index instead of sorting
-- every matching row (measured in BENCHMARKS.md, "Registers": the DSL's
-- "not reviewed" contacts went from 255 ms to 2 ms at 300,000 rows).

CREATE INDEX photo_consents_date ON photo_consents (date_given);
CREATE INDEX gifts_undecided_date ON gifts (decided, gift_date);
CREATE INDEX contacts_unreviewed_day ON contacts (reviewed, contact_day, contact_time);
