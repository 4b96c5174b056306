//! One module per command. `run` opens the store the command line names and dispatches;
//! every command is written once, generic over the storage backend.

mod audit;
mod checklist;
mod demo;
mod diagram;
mod export;
mod feed;
mod feed_files;
mod import;
mod ledger;
mod paths;
mod paths_whatif;
mod serve;
mod serve_tls;
mod template;
mod user;
mod vuln;
mod vuln_alerts;
mod vuln_dispatch;
mod vuln_output;
mod vuln_show;
mod vuln_suggest;

use mamori_i18n::Lang;
use mamori_store::{HospitalId, LedgerStore, Micros};

use crate::args::{AuditCommand, Cli, Command, LedgerCommand};
use crate::store::{Opened, open};

/// What every command needs besides its own arguments.
pub struct Context {
    pub lang: Lang,
    pub hospital: HospitalId,
    pub actor: String,
}

pub async fn run(cli: Cli, env_lang: Lang) -> anyhow::Result<u8> {
    let lang = cli.lang.as_deref().map_or(env_lang, Lang::from_tag);
    let actor = cli
        .actor
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "mamori".to_owned());
    let context = Context {
        lang,
        hospital: HospitalId(cli.hospital.clone()),
        actor,
    };
    // Commands that need no database.
    match &cli.command {
        Command::Template { kind, format, out } => {
            return template::run(&context, kind.as_deref(), *format, out.as_deref());
        }
        Command::Schema { out } => return template::schema(&context, out.as_deref()),
        Command::Serve(args) => return serve::run(&cli, &context, args),
        Command::User { command } => return user::run(&cli, &context, command).await,
        Command::Diagram(args) => return diagram::run(&cli, &context, args).await,
        command if vuln_dispatch::handles(command) => {
            return vuln_dispatch::run(&cli, &context).await;
        }
        command if paths::handles(command) => return paths::run(&cli, &context).await,
        command if checklist::handles(command) => return checklist::run(&cli, &context).await,
        _ => {}
    }
    match open(&cli).await? {
        Opened::Sqlite(store) => {
            let code = with_store(&store, &cli, &context).await;
            store.close().await;
            code
        }
        Opened::Postgres(store) => {
            let code = with_store(&store, &cli, &context).await;
            store.close().await;
            code
        }
    }
}

async fn with_store(store: &impl LedgerStore, cli: &Cli, context: &Context) -> anyhow::Result<u8> {
    store
        .ensure_hospital(&context.hospital, &context.hospital.0)
        .await?;
    match &cli.command {
        Command::Demo { assets, seed } => {
            demo::run(store, context, &cli.data_dir, *assets, *seed).await
        }
        Command::Import {
            files,
            kind,
            dry_run,
            replace,
        } => import::run(store, context, files, kind.as_deref(), *dry_run, *replace).await,
        Command::Export { format, out, as_of } => {
            export::run(store, context, *format, out.as_deref(), as_of.as_deref()).await
        }
        Command::Audit {
            command: AuditCommand::Verify,
        } => audit::verify(store, context).await,
        Command::Audit {
            command: AuditCommand::Log { limit },
        } => audit::log(store, context, *limit).await,
        Command::Ledger {
            command: LedgerCommand::Stats { as_of },
        } => ledger::stats(store, context, as_of.as_deref()).await,
        Command::Ledger {
            command: LedgerCommand::History { kind, id },
        } => ledger::history(store, context, kind, id).await,
        Command::Template { .. } | Command::Schema { .. } => Ok(crate::exit::OK),
        Command::Feed { .. } | Command::Vuln { .. } => Ok(crate::exit::OK),
        Command::Serve(_) | Command::User { .. } => Ok(crate::exit::OK),
        Command::Paths(_) => Ok(crate::exit::OK),
        Command::Checklist(_) => Ok(crate::exit::OK),
        Command::Diagram(_) => Ok(crate::exit::OK),
    }
}

/// A `--kind` value: a record kind that has a table (every kind but the hospital profile).
pub fn table_kind(lang: Lang, code: &str) -> anyhow::Result<mamori_core::RecordKind> {
    use mamori_core::RecordKind;
    RecordKind::from_code(code)
        .filter(|kind| *kind != RecordKind::Hospital)
        .ok_or_else(|| {
            let kinds: Vec<&str> = RecordKind::ALL
                .iter()
                .filter(|kind| **kind != RecordKind::Hospital)
                .map(|k| k.code())
                .collect();
            let kinds = kinds.join(", ");
            anyhow::anyhow!(mamori_i18n::text(
                lang,
                "cli-unknown-kind",
                &[("value", code), ("kinds", &kinds)]
            ))
        })
}

/// `--as-of`: an RFC 3339 instant (`2025-10-31T00:00+09:00`), a local date-time in
/// Asia/Tokyo (`2025-10-31T09:30`), or a date, meaning the end of that day in Asia/Tokyo
/// (so that changes made on that day are included).
pub fn parse_as_of(text: &str) -> anyhow::Result<Micros> {
    let trimmed = text.trim();
    if let Ok(timestamp) = trimmed.parse::<jiff::Timestamp>() {
        return Ok(Micros::from_timestamp(timestamp));
    }
    let tokyo = jiff::tz::TimeZone::get("Asia/Tokyo")?;
    // A bare date also parses as a date-time at midnight, so it is tried first.
    if !trimmed.contains(['T', 't', ' ', ':'])
        && let Ok(date) = trimmed.replace('/', "-").parse::<jiff::civil::Date>()
    {
        let next_day = date
            .tomorrow()?
            .to_datetime(jiff::civil::Time::midnight())
            .to_zoned_datetime(tokyo.clone())?;
        return Ok(Micros(next_day.timestamp().as_microsecond() - 1));
    }
    if let Ok(datetime) = trimmed.parse::<jiff::civil::DateTime>() {
        let zoned = datetime.to_zoned_datetime(tokyo.clone())?;
        return Ok(Micros::from_timestamp(zoned.timestamp()));
    }
    anyhow::bail!("--as-of {text:?}: 2025-10-31T00:00+09:00 / 2025-10-31T09:30 / 2025-10-31")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<&str>) {
        let got = parse_as_of(input)
            .ok()
            .and_then(|m| m.to_timestamp())
            .map(|t| t.to_string());
        assert_eq!(got.as_deref(), expected, "input {input:?}");
    }

    #[test]
    fn as_of_forms() {
        check("2025-10-31T00:00+09:00", Some("2025-10-30T15:00:00Z"));
        check("2025-10-31T09:30", Some("2025-10-31T00:30:00Z"));
        check("2025-10-31", Some("2025-10-31T14:59:59.999999Z"));
        check("2025/10/31", Some("2025-10-31T14:59:59.999999Z"));
        check("yesterday", None);
        check("2025-13-01", None);
    }
}
