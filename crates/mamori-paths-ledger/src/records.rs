//! Which ledger records a fix changes, so the hospital (or its vendor) knows what to edit and
//! the audit log later shows it was done.

use mamori_core::{Ledger, RecordKind, RecordRef};
use mamori_paths::{Change, Holder};

/// The ledger records to change to apply `change`, in a stable order.
pub fn records_to_change(change: &Change, ledger: &Ledger) -> Vec<RecordRef> {
    match change {
        // A rule split by CIDR resolution is `RULE#n` in the facts; the record is `RULE`.
        Change::RemoveRule(rule) => {
            let id = rule.as_str().split('#').next().unwrap_or(rule.as_str());
            vec![RecordRef::new(RecordKind::FirewallRules, id)]
        }
        Change::PatchVuln { vuln, on } => patch_records(vuln.as_str(), on, ledger),
        Change::BreakCredential(group) => credential_records(group.as_str(), ledger),
        Change::TakeBackupOffline(backup) => {
            vec![RecordRef::new(RecordKind::Backups, backup.as_str())]
        }
        Change::AddMfa(point) => vec![RecordRef::new(RecordKind::ConnectionPoints, point.as_str())],
    }
}

/// A hand-recorded vulnerability is its own record; a feed finding (id = the CVE) is fixed by
/// updating the software of the asset or point, whose record then carries the new CPE names.
fn patch_records(vuln: &str, on: &Holder, ledger: &Ledger) -> Vec<RecordRef> {
    if ledger.vulnerabilities.iter().any(|v| v.id.as_str() == vuln) {
        return vec![RecordRef::new(RecordKind::Vulnerabilities, vuln)];
    }
    match on {
        Holder::Asset(asset) => vec![RecordRef::new(RecordKind::Assets, asset.as_str())],
        Holder::Point(point) => vec![RecordRef::new(RecordKind::ConnectionPoints, point.as_str())],
    }
}

/// A group is its record plus every account in it (each gets its own secret); an account
/// without a group is its own record (`account:ID` in the facts).
fn credential_records(group: &str, ledger: &Ledger) -> Vec<RecordRef> {
    if let Some(account) = group.strip_prefix("account:") {
        return vec![RecordRef::new(RecordKind::Accounts, account)];
    }
    let mut records = vec![RecordRef::new(RecordKind::CredentialGroups, group)];
    let mut accounts: Vec<RecordRef> = ledger
        .accounts
        .iter()
        .filter(|a| a.credential_group_id.as_ref().map(|g| g.as_str()) == Some(group))
        .map(|a| RecordRef::new(RecordKind::Accounts, a.id.as_str()))
        .collect();
    accounts.sort();
    records.extend(accounts);
    records
}
