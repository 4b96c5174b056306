-- The ledger as versioned records, scoped by hospital (tenant) from the start.
-- Times are microseconds since the Unix epoch (UTC). Bodies are canonical JSON text,
-- hashed by the audit log exactly as stored.
CREATE TABLE hospitals (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE record_versions (
    hospital_id TEXT NOT NULL REFERENCES hospitals (id),
    kind        TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    version     BIGINT NOT NULL,
    valid_from  BIGINT NOT NULL,
    valid_to    BIGINT,
    body        TEXT NOT NULL,
    PRIMARY KEY (hospital_id, kind, record_id, version)
);

CREATE INDEX record_versions_current
    ON record_versions (hospital_id, kind, record_id) WHERE valid_to IS NULL;
CREATE INDEX record_versions_time
    ON record_versions (hospital_id, valid_from);

CREATE TABLE audit_log (
    hospital_id TEXT NOT NULL REFERENCES hospitals (id),
    seq         BIGINT NOT NULL,
    at          BIGINT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    version     BIGINT NOT NULL,
    body_hash   TEXT NOT NULL,
    reason      TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    entry_hash  TEXT NOT NULL,
    PRIMARY KEY (hospital_id, seq)
);

CREATE INDEX audit_log_record ON audit_log (hospital_id, kind, record_id);
