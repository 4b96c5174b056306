-- Versions and audit entries no longer carry a foreign key to hospitals in PostgreSQL.
-- PostgreSQL checks such a key with one trigger query per inserted row, which made about
-- a sixth of a 50,000-asset import (250,000 rows). The rule it guarded still holds:
-- `commit_changes`, the only writer of both tables, takes the hospital's row lock first
-- and refuses a hospital that does not exist, and no statement deletes hospitals.
-- SQLite keeps its keys: there a check is one index probe.
ALTER TABLE record_versions DROP CONSTRAINT IF EXISTS record_versions_hospital_id_fkey;
ALTER TABLE audit_log DROP CONSTRAINT IF EXISTS audit_log_hospital_id_fkey;
