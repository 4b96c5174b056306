-- Checklist answers given by hand (MHLW checklist, vendor sheets, self-assessment), per
-- hospital and fiscal year. Append-only: the newest row per (fiscal year, item, vendor) is
-- the answer in force and the older rows are its history, which the inspection may ask for.
-- vendor_id '' = the hospital's own sheet. Dates are ISO civil dates (Asia/Tokyo);
-- recorded_at is microseconds since the Unix epoch (UTC).
CREATE TABLE checklist_answers (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    hospital_id  TEXT NOT NULL REFERENCES hospitals (id),
    fiscal_year  INTEGER NOT NULL,
    item_id      TEXT NOT NULL,
    vendor_id    TEXT NOT NULL,
    answer       TEXT NOT NULL,
    checked_on   TEXT NOT NULL,
    target_date  TEXT,
    owner        TEXT,
    comment      TEXT,
    answered_by  TEXT NOT NULL,
    recorded_at  BIGINT NOT NULL
);

CREATE INDEX checklist_answers_item ON checklist_answers (hospital_id, fiscal_year, item_id, vendor_id, id);
