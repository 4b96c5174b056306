//! `mamori vuln match|show|exceptions`: the hospital's ledger against the stored feeds.

use std::io::Write;
use std::path::Path;

use anyhow::Context as _;
use mamori_core::Date;
use mamori_findings::{
    Exception, ExceptionChange, Matches, TargetKind, VulnIndex, current_exceptions, ledger_targets,
    match_targets,
};
use mamori_i18n::text;
use mamori_store::{
    AlertSeenStore, ExceptionAction, ExceptionStore, FeedStore, LedgerStore, Micros,
    broken_exception_event, load_ledger,
};
use mamori_vuln::{AliasTable, FeedSet, FeedSource};

use super::vuln_output::FindingWriter;
use super::{Context, parse_as_of};
use crate::args_vuln::MatchFormat;
use crate::exit;
use crate::output::{say, spinner, warn};

/// Every source matching reads (the JVN product list is a dictionary, not advisories).
const MATCH_SOURCES: [FeedSource; 5] = [
    FeedSource::Nvd,
    FeedSource::NvdOverride,
    FeedSource::Cve5,
    FeedSource::Kev,
    FeedSource::Jvn,
];

/// What every vuln command with a store needs.
pub trait VulnStore: LedgerStore + FeedStore + ExceptionStore + AlertSeenStore {}
impl<S: LedgerStore + FeedStore + ExceptionStore + AlertSeenStore> VulnStore for S {}

/// All stored feeds, parsed and indexed.
pub async fn load_index(store: &impl FeedStore) -> anyhow::Result<VulnIndex> {
    load_index_with(store, AliasTable::builtin()).await
}

/// All stored feeds, parsed and indexed with the given vendor-alias table.
pub async fn load_index_with(
    store: &impl FeedStore,
    aliases: &AliasTable,
) -> anyhow::Result<VulnIndex> {
    Ok(VulnIndex::with_aliases(
        load_feed_set(store).await?,
        aliases,
    ))
}

/// All stored feeds matching reads, parsed.
pub async fn load_feed_set(store: &impl FeedStore) -> anyhow::Result<FeedSet> {
    let codes: Vec<&str> = MATCH_SOURCES.iter().map(|s| s.code()).collect();
    let rows = store.feed_bodies(&codes).await?;
    Ok(FeedSet::from_bodies(rows.iter().filter_map(
        |(source, body)| Some((FeedSource::from_code(source)?, body.as_str())),
    )))
}

/// The builtin vendor-alias table, extended by the user's file when one is given. A file that
/// cannot be used is reported with its name and line (`Err(exit code)`).
pub fn alias_table(lang: mamori_i18n::Lang, file: Option<&Path>) -> Result<AliasTable, u8> {
    let mut table = AliasTable::builtin().clone();
    let Some(path) = file else {
        return Ok(table);
    };
    let name = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) => {
            warn(
                lang,
                "vuln-aliases-unreadable",
                &[("file", &name), ("detail", &err.to_string())],
            );
            return Err(exit::INVALID_INPUT);
        }
    };
    match AliasTable::parse(&text, &name) {
        Ok(user) => {
            table.extend(user);
            Ok(table)
        }
        Err(err) => {
            warn(
                lang,
                err.kind.code(),
                &[
                    ("file", &err.file),
                    ("line", &err.line.to_string()),
                    ("detail", &err.detail),
                ],
            );
            Err(exit::INVALID_INPUT)
        }
    }
}

/// The hospital's exceptions (revoked ones removed), with the chain checked first.
pub async fn load_exceptions(
    store: &impl ExceptionStore,
    context: &Context,
) -> anyhow::Result<Vec<Exception>> {
    let events = store.exception_events(&context.hospital).await?;
    if let Some(seq) = broken_exception_event(&events) {
        anyhow::bail!(text(
            context.lang,
            "vuln-exceptions-broken",
            &[("seq", &seq.to_string())]
        ));
    }
    let changes = events
        .iter()
        .map(|e| {
            ExceptionChange::from_stored(
                e.action == ExceptionAction::Revoke,
                &e.exception_id,
                &e.body,
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(current_exceptions(changes))
}

/// The Asia/Tokyo calendar date of an instant.
pub fn tokyo_date(at: Micros) -> anyhow::Result<Date> {
    let tokyo = jiff::tz::TimeZone::get("Asia/Tokyo")?;
    let timestamp = at.to_timestamp().context("time out of range")?;
    Ok(Date(timestamp.to_zoned_datetime(tokyo).date()))
}

pub struct MatchOptions<'a> {
    pub format: MatchFormat,
    pub as_of: Option<&'a str>,
    pub alerts: bool,
    pub include_accepted: bool,
    pub out: Option<&'a Path>,
    pub vendor_aliases: Option<&'a Path>,
}

pub async fn run_match(
    store: &impl VulnStore,
    context: &Context,
    options: &MatchOptions<'_>,
) -> anyhow::Result<u8> {
    let lang = context.lang;
    let as_of = options.as_of.map(parse_as_of).transpose()?;
    let today = tokyo_date(as_of.unwrap_or_else(Micros::now))?;
    let aliases = match alias_table(lang, options.vendor_aliases) {
        Ok(table) => table,
        Err(code) => return Ok(code),
    };
    let bar = spinner(lang, "vuln-match-working");
    let ledger = load_ledger(store, &context.hospital, as_of).await?;
    let index = load_index_with(store, &aliases).await?;
    let exceptions = load_exceptions(store, context).await?;
    let (targets, cpe_problems) = ledger_targets(&ledger);
    bar.finish_and_clear();
    if index.matcher().entry_count() == 0 {
        warn(lang, "vuln-match-no-feeds", &[]);
    }
    for problem in &cpe_problems {
        let detail = format!(
            "{} {}: {} ({})",
            problem.target_kind.code(),
            problem.target_id,
            problem.cpe,
            problem.message
        );
        warn(lang, "vuln-match-cpe-problem", &[("detail", &detail)]);
    }
    let out: Box<dyn Write> = match options.out {
        Some(path) => {
            Box::new(std::fs::File::create(path).with_context(|| path.display().to_string())?)
        }
        None => Box::new(std::io::stdout().lock()),
    };
    let mut writer = FindingWriter::new(out, options.format)?;
    // Each distinct CPE set is matched once; findings are made one target at a time as they
    // are written, so memory stays flat however many findings a ledger has (unknown Windows
    // builds give hundreds per PC). An alert list never builds the findings of targets that
    // cannot have alerts (neither a connection point nor a crown jewel), it only counts them.
    let matches = Matches::new(&targets, &index, &exceptions, today);
    for position in 0..targets.len() {
        if options.alerts && !matches.may_alert(position) {
            writer.count_unseen(matches.count_on(position));
            continue;
        }
        for finding in matches.on_target(position) {
            writer.count(&finding);
            let wanted = (!options.alerts || finding.is_alert())
                && (options.include_accepted || finding.accepted_by.is_none());
            if wanted {
                writer.write(&finding)?;
            }
        }
    }
    let summary = writer.summary(targets.len());
    let mut out = writer.finish()?;
    if options.format == MatchFormat::Table {
        let line = text(
            lang,
            "vuln-match-summary",
            &[
                ("hospital", &ledger.hospital.name),
                ("targets", &summary.targets.to_string()),
                ("findings", &summary.findings.to_string()),
                ("shown", &summary.shown.to_string()),
                ("alerts", &summary.alerts.to_string()),
            ],
        );
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(exit::OK)
}

pub async fn show(store: &impl VulnStore, context: &Context, cve: &str) -> anyhow::Result<u8> {
    let lang = context.lang;
    let cve = cve.trim().to_ascii_uppercase();
    let rows = store.feed_record(&cve).await?;
    let jvn = store.feed_bodies(&[FeedSource::Jvn.code()]).await?;
    let mentions = |body: &str| body.contains(&format!("\"{cve}\""));
    let set = FeedSet::from_bodies(
        rows.iter()
            .filter_map(|r| Some((FeedSource::from_code(&r.source)?, r.body.as_str())))
            .chain(
                jvn.iter()
                    .filter(|(_, b)| mentions(b))
                    .map(|(_, b)| (FeedSource::Jvn, b.as_str())),
            ),
    );
    if set.nvd.is_empty() && set.cve5.is_empty() && set.kev.is_empty() && set.jvn.is_empty() {
        anyhow::bail!(text(lang, "vuln-show-unknown", &[("cve", &cve)]));
    }
    super::vuln_show::print_cve(context, &cve, &set);
    let index = VulnIndex::new(set);
    let ledger = load_ledger(store, &context.hospital, None).await?;
    let exceptions = load_exceptions(store, context).await?;
    let (targets, _) = ledger_targets(&ledger);
    let findings = match_targets(&targets, &index, &exceptions, tokyo_date(Micros::now())?);
    say(
        lang,
        "vuln-show-affected",
        &[("count", &findings.len().to_string())],
    );
    for f in &findings {
        let accepted = f
            .accepted_by
            .map(|id| format!(" [{id}]"))
            .unwrap_or_default();
        println!(
            "  {:<14} {} ({}) {}{accepted}",
            f.confidence,
            f.target_name,
            f.asset_id,
            f.matched_cpe_text().unwrap_or_default()
        );
    }
    Ok(exit::OK)
}

pub struct NewException<'a> {
    pub target: &'a str,
    pub cve: &'a str,
    pub reason: &'a str,
    pub approver: &'a str,
    pub expires: &'a str,
}

pub async fn add_exception(
    store: &impl VulnStore,
    context: &Context,
    new: &NewException<'_>,
) -> anyhow::Result<u8> {
    let lang = context.lang;
    let ledger = load_ledger(store, &context.hospital, None).await?;
    let target_kind = if ledger
        .connection_points
        .iter()
        .any(|p| p.id.as_str() == new.target)
    {
        TargetKind::ConnectionPoint
    } else if ledger.assets.iter().any(|a| a.id.as_str() == new.target) {
        TargetKind::Asset
    } else {
        anyhow::bail!(text(
            lang,
            "vuln-exception-unknown-target",
            &[("target", new.target)]
        ));
    };
    let expires: Date = new.expires.parse().map_err(|_| {
        anyhow::anyhow!(text(
            lang,
            "vuln-exception-bad-date",
            &[("value", new.expires)]
        ))
    })?;
    let cve = new.cve.trim().to_ascii_uppercase();
    if !cve.starts_with("CVE-") && !cve.starts_with("JVNDB-") {
        anyhow::bail!(text(lang, "vuln-exception-bad-cve", &[("value", new.cve)]));
    }
    let existing = store.exception_events(&context.hospital).await?;
    let exception = Exception {
        id: format!("exc-{}", existing.len() + 1),
        target_kind,
        target_id: new.target.to_owned(),
        cve,
        reason: new.reason.to_owned(),
        approver: new.approver.to_owned(),
        expires,
    };
    let body = serde_json::to_string(&exception)?;
    store
        .append_exception_event(
            &context.hospital,
            &context.actor,
            ExceptionAction::Add,
            &exception.id,
            &body,
        )
        .await?;
    say(
        lang,
        "vuln-exception-added",
        &[
            ("id", &exception.id),
            ("target", &exception.target_id),
            ("cve", &exception.cve),
            ("expires", &exception.expires.to_string()),
        ],
    );
    Ok(exit::OK)
}

pub async fn revoke_exception(
    store: &impl VulnStore,
    context: &Context,
    id: &str,
) -> anyhow::Result<u8> {
    let lang = context.lang;
    let current = load_exceptions(store, context).await?;
    if !current.iter().any(|e| e.id == id) {
        anyhow::bail!(text(lang, "vuln-exception-unknown", &[("id", id)]));
    }
    store
        .append_exception_event(
            &context.hospital,
            &context.actor,
            ExceptionAction::Revoke,
            id,
            "{}",
        )
        .await?;
    say(lang, "vuln-exception-revoked", &[("id", id)]);
    Ok(exit::OK)
}

pub async fn list_exceptions(
    store: &impl VulnStore,
    context: &Context,
    history: bool,
) -> anyhow::Result<u8> {
    let lang = context.lang;
    let today = tokyo_date(Micros::now())?;
    let current = load_exceptions(store, context).await?;
    if current.is_empty() {
        say(lang, "vuln-exceptions-none", &[]);
    }
    for e in &current {
        let state = if e.holds_on(today) {
            "vuln-exception-in-force"
        } else {
            "vuln-exception-expired"
        };
        println!(
            "{}  {} {}  {}  〜{} [{}]  {}: {}",
            e.id,
            e.target_kind.code(),
            e.target_id,
            e.cve,
            e.expires,
            text(lang, state, &[]),
            e.approver,
            e.reason
        );
    }
    if history {
        say(lang, "vuln-exceptions-history", &[]);
        for event in store.exception_events(&context.hospital).await? {
            println!(
                "  #{} {} {} {} {}",
                event.seq,
                event.at,
                event.actor,
                event.action.code(),
                event.exception_id
            );
        }
    }
    Ok(exit::OK)
}
