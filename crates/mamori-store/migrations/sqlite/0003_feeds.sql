-- Vulnerability feeds (shared by every hospital of an instance: an ISAC hub loads NVD once)
-- and per-hospital risk acceptances of findings. Times are microseconds since the epoch (UTC).

-- One row per imported file (or archive), keyed by the SHA-256 of its bytes: importing the
-- same bytes again is a no-op, and `feed status` shows which feed versions are loaded.
CREATE TABLE feed_imports (
    sha256       TEXT PRIMARY KEY NOT NULL,
    file_name    TEXT NOT NULL,
    sources      TEXT NOT NULL,
    imported_at  BIGINT NOT NULL,
    actor        TEXT NOT NULL,
    records      BIGINT NOT NULL,
    inserted     BIGINT NOT NULL,
    updated      BIGINT NOT NULL,
    unchanged    BIGINT NOT NULL,
    older        BIGINT NOT NULL,
    problems     BIGINT NOT NULL,
    problem_list TEXT NOT NULL
);

-- One row per feed record: the feed's own JSON for it (minified), as last imported.
CREATE TABLE vuln_records (
    source        TEXT NOT NULL,
    record_id     TEXT NOT NULL,
    modified      TEXT,
    body_sha256   TEXT NOT NULL,
    body          TEXT NOT NULL,
    import_sha256 TEXT NOT NULL,
    PRIMARY KEY (source, record_id)
);

-- Risk acceptances as an append-only, hash-chained event list per hospital.
CREATE TABLE vuln_exception_events (
    hospital_id  TEXT NOT NULL REFERENCES hospitals (id),
    seq          BIGINT NOT NULL,
    at           BIGINT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    exception_id TEXT NOT NULL,
    body         TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    entry_hash   TEXT NOT NULL,
    PRIMARY KEY (hospital_id, seq)
);

CREATE INDEX vuln_exception_events_id ON vuln_exception_events (hospital_id, exception_id);
