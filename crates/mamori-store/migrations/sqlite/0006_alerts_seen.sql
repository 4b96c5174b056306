-- Alerts (KEV or CVSS >= 9.0 on a connection point or crown jewel, not accepted) each viewer
-- has marked as seen, per hospital. A web user is a viewer by user name, the command line by
-- its actor (`--actor`, `MAMORI_ACTOR`, else the OS user). Marking replaces the viewer's set
-- with the alerts present at that moment, so an alert that was gone at the viewer's last look
-- and comes back is new again; `kev` is kept so that an alert that became KEV is new again.
-- Findings themselves are recomputed, never stored: only the key of an alert is kept.
CREATE TABLE vuln_alerts_seen (
    hospital_id TEXT NOT NULL REFERENCES hospitals (id),
    viewer      TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id   TEXT NOT NULL,
    cve         TEXT NOT NULL,
    kev         BOOLEAN NOT NULL,
    seen_at     BIGINT NOT NULL,
    PRIMARY KEY (hospital_id, viewer, target_kind, target_id, cve)
);

-- When each viewer last marked the hospital's alerts as seen, and how many there were.
CREATE TABLE vuln_alert_looks (
    hospital_id TEXT NOT NULL REFERENCES hospitals (id),
    viewer      TEXT NOT NULL,
    looked_at   BIGINT NOT NULL,
    alerts      BIGINT NOT NULL,
    PRIMARY KEY (hospital_id, viewer)
);
