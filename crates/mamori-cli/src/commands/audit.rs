//! `mamori audit verify` and `mamori audit log`.

use mamori_i18n::text;
use mamori_store::{AuditViolation, LedgerStore, verify_audit};

use super::Context;
use crate::exit;
use crate::output::{say, spinner, warn};

pub async fn verify(store: &impl LedgerStore, context: &Context) -> anyhow::Result<u8> {
    let lang = context.lang;
    let progress = spinner(lang, "cli-progress-verify");
    let report = verify_audit(store, &context.hospital).await?;
    progress.finish_and_clear();
    let args = [
        ("hospital", context.hospital.0.clone()),
        ("entries", report.entries.to_string()),
        ("versions", report.versions.to_string()),
        ("seq", report.head_seq.to_string()),
        ("hash", report.head_hash.clone()),
        ("count", report.violations.len().to_string()),
    ];
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    if report.is_intact() {
        say(lang, "cli-audit-intact", &args);
        return Ok(exit::OK);
    }
    warn(lang, "cli-audit-broken", &args);
    for violation in &report.violations {
        eprintln!("  - {}", describe_violation(lang, violation));
    }
    Ok(exit::AUDIT_FAILED)
}

fn describe_violation(lang: mamori_i18n::Lang, violation: &AuditViolation) -> String {
    let (key, args): (&str, Vec<(&str, String)>) = match violation {
        AuditViolation::SequenceGap { expected, found } => (
            "cli-audit-sequence-gap",
            vec![
                ("expected", expected.to_string()),
                ("found", found.to_string()),
            ],
        ),
        AuditViolation::BrokenLink { seq } => {
            ("cli-audit-broken-link", vec![("seq", seq.to_string())])
        }
        AuditViolation::EntryAltered { seq } => {
            ("cli-audit-entry-altered", vec![("seq", seq.to_string())])
        }
        AuditViolation::VersionMissing {
            seq,
            record,
            version,
        } => (
            "cli-audit-version-missing",
            vec![
                ("seq", seq.to_string()),
                ("record", record.to_string()),
                ("version", version.to_string()),
            ],
        ),
        AuditViolation::BodyAltered {
            seq,
            record,
            version,
        } => (
            "cli-audit-body-altered",
            vec![
                ("seq", seq.to_string()),
                ("record", record.to_string()),
                ("version", version.to_string()),
            ],
        ),
        AuditViolation::ValidityAltered { record, version } => (
            "cli-audit-validity-altered",
            vec![
                ("record", record.to_string()),
                ("version", version.to_string()),
            ],
        ),
        AuditViolation::VersionWithoutEntry { record, version } => (
            "cli-audit-version-without-entry",
            vec![
                ("record", record.to_string()),
                ("version", version.to_string()),
            ],
        ),
    };
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    text(lang, key, &args)
}

pub async fn log(store: &impl LedgerStore, context: &Context, limit: i64) -> anyhow::Result<u8> {
    let lang = context.lang;
    let mut entries = Vec::new();
    let mut after = 0;
    loop {
        let page = store
            .audit_entries(&context.hospital, after, 10_000)
            .await?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        entries.extend(page);
    }
    let start = entries.len().saturating_sub(limit.max(0) as usize);
    for entry in entries.get(start..).unwrap_or_default() {
        let action = text(
            lang,
            &format!("cli-audit-action-{}", entry.action.code()),
            &[],
        );
        println!(
            "{:>6}  {}  {:<12}  {:<6}  {}@v{}  {}",
            entry.seq, entry.at, entry.actor, action, entry.record, entry.version, entry.reason
        );
    }
    Ok(exit::OK)
}
