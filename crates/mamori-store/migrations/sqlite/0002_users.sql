-- Who may use mamori, per hospital (tenant). Secrets are never stored in the clear:
-- passwords as argon2id PHC strings, session and API tokens as SHA-256 hex digests.
-- Times are microseconds since the Unix epoch (UTC).
CREATE TABLE users (
    hospital_id   TEXT NOT NULL REFERENCES hospitals (id),
    login         TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL,
    vendor_id     TEXT,
    password_hash TEXT NOT NULL,
    disabled      BOOLEAN NOT NULL,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (hospital_id, login)
);

CREATE TABLE sessions (
    hospital_id  TEXT NOT NULL,
    token_digest TEXT NOT NULL,
    login        TEXT NOT NULL,
    csrf_token   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    PRIMARY KEY (hospital_id, token_digest),
    FOREIGN KEY (hospital_id, login) REFERENCES users (hospital_id, login) ON DELETE CASCADE
);

CREATE INDEX sessions_expiry ON sessions (expires_at);
CREATE INDEX sessions_login ON sessions (hospital_id, login);

CREATE TABLE api_tokens (
    hospital_id  TEXT NOT NULL,
    token_digest TEXT NOT NULL,
    login        TEXT NOT NULL,
    label        TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT,
    PRIMARY KEY (hospital_id, token_digest),
    FOREIGN KEY (hospital_id, login) REFERENCES users (hospital_id, login) ON DELETE CASCADE
);

CREATE INDEX api_tokens_login ON api_tokens (hospital_id, login);
