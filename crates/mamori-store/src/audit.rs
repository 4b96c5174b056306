//! The hash-chained audit log: how entries are hashed, and the verification that detects
//! a changed, inserted, removed or reordered entry and a record version edited behind
//! mamori's back.

use std::collections::HashMap;

use mamori_core::RecordRef;
use sha2::{Digest, Sha256};

use crate::types::*;

/// The `prev_hash` of a hospital's first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The fields an entry hash covers, serialised as a JSON array so no separator can be forged.
#[allow(clippy::too_many_arguments)]
pub(crate) fn entry_hash(
    prev_hash: &str,
    seq: i64,
    at: Micros,
    actor: &str,
    action: AuditAction,
    record: &RecordRef,
    version: i64,
    body_hash: &str,
    reason: &str,
) -> String {
    // A tuple serialises as the same compact JSON array as a `json!` tree would, without
    // building the tree (one per entry of a 125,000-record import).
    let material = (
        prev_hash,
        seq,
        at.0,
        actor,
        action.code(),
        record.kind.code(),
        record.id.as_str(),
        version,
        body_hash,
        reason,
    );
    // Strings and integers always serialise: the error case cannot happen.
    sha256_hex(&serde_json::to_vec(&material).unwrap_or_default())
}

/// One way the stored data disagrees with its audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditViolation {
    /// Sequence numbers must run 1, 2, 3 … without gaps.
    SequenceGap { expected: i64, found: i64 },
    /// The entry's `prev_hash` is not the previous entry's hash.
    BrokenLink { seq: i64 },
    /// The entry's own fields no longer hash to its `entry_hash`.
    EntryAltered { seq: i64 },
    /// The version an entry names is missing.
    VersionMissing {
        seq: i64,
        record: RecordRef,
        version: i64,
    },
    /// The stored body differs from the one the entry hashed.
    BodyAltered {
        seq: i64,
        record: RecordRef,
        version: i64,
    },
    /// The version's validity interval disagrees with the entries' times.
    ValidityAltered { record: RecordRef, version: i64 },
    /// A stored version no audit entry created.
    VersionWithoutEntry { record: RecordRef, version: i64 },
}

/// The result of verification: the head of the chain and every violation found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditReport {
    pub entries: usize,
    pub versions: usize,
    pub head_seq: i64,
    pub head_hash: String,
    pub violations: Vec<AuditViolation>,
}

impl AuditReport {
    pub fn is_intact(&self) -> bool {
        self.violations.is_empty()
    }
}

/// Reads the whole log and every stored version of one hospital and checks them against
/// each other. Write the printed head hash down somewhere else: truncating the newest
/// entries can only be detected against a head remembered outside the database.
pub async fn verify_audit(
    store: &impl LedgerStore,
    hospital: &HospitalId,
) -> StoreResult<AuditReport> {
    let mut entries = Vec::new();
    let mut after = 0;
    loop {
        let page = store.audit_entries(hospital, after, 10_000).await?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        entries.extend(page);
    }
    let versions = store.stored_versions(hospital).await?;
    Ok(check_audit(&entries, &versions))
}

/// The pure part of verification.
pub fn check_audit(entries: &[AuditEntry], versions: &[StoredVersion]) -> AuditReport {
    let mut violations = check_chain(entries);
    violations.extend(check_versions(entries, versions));
    let (head_seq, head_hash) = entries.last().map_or((0, GENESIS_HASH.to_owned()), |last| {
        (last.seq, last.entry_hash.clone())
    });
    AuditReport {
        entries: entries.len(),
        versions: versions.len(),
        head_seq,
        head_hash,
        violations,
    }
}

fn check_chain(entries: &[AuditEntry]) -> Vec<AuditViolation> {
    let mut violations = Vec::new();
    let mut prev_hash = GENESIS_HASH.to_owned();
    for (index, entry) in entries.iter().enumerate() {
        let expected_seq = index as i64 + 1;
        if entry.seq != expected_seq {
            violations.push(AuditViolation::SequenceGap {
                expected: expected_seq,
                found: entry.seq,
            });
        }
        if entry.prev_hash != prev_hash {
            violations.push(AuditViolation::BrokenLink { seq: entry.seq });
        }
        let recomputed = entry_hash(
            &entry.prev_hash,
            entry.seq,
            entry.at,
            &entry.actor,
            entry.action,
            &entry.record,
            entry.version,
            &entry.body_hash,
            &entry.reason,
        );
        if recomputed != entry.entry_hash {
            violations.push(AuditViolation::EntryAltered { seq: entry.seq });
        }
        prev_hash = entry.entry_hash.clone();
    }
    violations
}

fn check_versions(entries: &[AuditEntry], versions: &[StoredVersion]) -> Vec<AuditViolation> {
    let mut violations = Vec::new();
    let stored: HashMap<(&RecordRef, i64), &StoredVersion> = versions
        .iter()
        .map(|v| ((&v.record, v.version), v))
        .collect();
    // When each version began and ended according to the log.
    let mut created_at: HashMap<(&RecordRef, i64), Micros> = HashMap::new();
    let mut ended_at: HashMap<(&RecordRef, i64), Micros> = HashMap::new();
    for entry in entries {
        let key = (&entry.record, entry.version);
        match stored.get(&key) {
            None => violations.push(AuditViolation::VersionMissing {
                seq: entry.seq,
                record: entry.record.clone(),
                version: entry.version,
            }),
            Some(version) if version.body_hash != entry.body_hash => {
                violations.push(AuditViolation::BodyAltered {
                    seq: entry.seq,
                    record: entry.record.clone(),
                    version: entry.version,
                })
            }
            Some(_) => {}
        }
        match entry.action {
            AuditAction::Create => {
                created_at.insert(key, entry.at);
            }
            AuditAction::Update => {
                created_at.insert(key, entry.at);
                ended_at.insert((&entry.record, entry.version - 1), entry.at);
            }
            AuditAction::Delete => {
                ended_at.insert(key, entry.at);
            }
        }
    }
    for version in versions {
        let key = (&version.record, version.version);
        match created_at.get(&key) {
            None => violations.push(AuditViolation::VersionWithoutEntry {
                record: version.record.clone(),
                version: version.version,
            }),
            Some(at)
                if *at != version.valid_from || ended_at.get(&key).copied() != version.valid_to =>
            {
                violations.push(AuditViolation::ValidityAltered {
                    record: version.record.clone(),
                    version: version.version,
                });
            }
            Some(_) => {}
        }
    }
    violations
}

#[cfg(test)]
mod tests {
    use mamori_core::RecordKind;

    use super::*;

    /// The hash material must stay byte-identical to the `json!` array that chains already
    /// stored were made with.
    fn check(prev: &str, actor: &str, id: &str, reason: &str) {
        let record = RecordRef::new(RecordKind::Assets, id);
        let at = Micros(1_732_000_000_123_456);
        let tree = serde_json::json!([
            prev, 7, at.0, actor, "update", "assets", id, 3, "ab12", reason
        ]);
        assert_eq!(
            entry_hash(
                prev,
                7,
                at,
                actor,
                AuditAction::Update,
                &record,
                3,
                "ab12",
                reason
            ),
            sha256_hex(tree.to_string().as_bytes())
        );
    }

    #[test]
    fn entry_hash_material_is_the_json_array_of_its_fields() {
        check(GENESIS_HASH, "admin", "asset-00001", "import 機器.csv");
        check("ff", "山田 \"太郎\"", "a\\b\nc\u{1}", "理由\t改行\r\n");
        check("", "", "", "");
    }
}
