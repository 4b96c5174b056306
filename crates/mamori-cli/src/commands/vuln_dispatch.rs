//! Runs `mamori feed …` and `mamori vuln …` on the backend the command line names. These
//! commands need the feed and exception storage besides the ledger, so they open the store
//! here rather than through the ledger commands' dispatcher.

use super::Context;
use super::vuln::{MatchOptions, NewException, VulnStore};
use super::vuln_alerts::AlertsOptions;
use super::vuln_suggest::{self, SuggestOptions};
use super::{feed, vuln, vuln_alerts};
use crate::args::{Cli, Command};
use crate::args_vuln::{ExceptionCommand, FeedCommand, VulnCommand};
use crate::store::{Opened, open};

pub fn handles(command: &Command) -> bool {
    matches!(command, Command::Feed { .. } | Command::Vuln { .. })
}

pub async fn run(cli: &Cli, context: &Context) -> anyhow::Result<u8> {
    match open(cli).await? {
        Opened::Sqlite(store) => {
            let code = with_store(&store, cli, context).await;
            store.close().await;
            code
        }
        Opened::Postgres(store) => {
            let code = with_store(&store, cli, context).await;
            store.close().await;
            code
        }
    }
}

async fn with_store(store: &impl VulnStore, cli: &Cli, context: &Context) -> anyhow::Result<u8> {
    store
        .ensure_hospital(&context.hospital, &context.hospital.0)
        .await?;
    match &cli.command {
        Command::Feed { command } => match command {
            FeedCommand::Import { paths } => feed::import(store, context, paths).await,
            FeedCommand::Status => feed::status(store, context).await,
        },
        Command::Vuln { command } => vuln_command(store, context, command).await,
        _ => Ok(crate::exit::USAGE),
    }
}

async fn vuln_command(
    store: &impl VulnStore,
    context: &Context,
    command: &VulnCommand,
) -> anyhow::Result<u8> {
    match command {
        VulnCommand::Match {
            format,
            as_of,
            alerts,
            include_accepted,
            out,
            vendor_aliases,
        } => {
            let options = MatchOptions {
                format: *format,
                as_of: as_of.as_deref(),
                alerts: *alerts,
                include_accepted: *include_accepted,
                out: out.as_deref(),
                vendor_aliases: vendor_aliases.as_deref(),
            };
            vuln::run_match(store, context, &options).await
        }
        VulnCommand::Suggest {
            asset,
            format,
            apply,
            vendor_aliases,
        } => {
            let options = SuggestOptions {
                asset: asset.as_deref(),
                format: *format,
                apply: *apply,
                vendor_aliases: vendor_aliases.as_deref(),
            };
            vuln_suggest::run(store, context, &options).await
        }
        VulnCommand::Alerts {
            new,
            mark_seen,
            format,
        } => {
            let options = AlertsOptions {
                new_only: *new,
                mark_seen: *mark_seen,
                format: *format,
            };
            vuln_alerts::run(store, context, &options).await
        }
        VulnCommand::Show { cve } => vuln::show(store, context, cve).await,
        VulnCommand::Exceptions { command } => match command {
            ExceptionCommand::Add {
                target,
                cve,
                reason,
                approver,
                expires,
            } => {
                let new = NewException {
                    target,
                    cve,
                    reason,
                    approver,
                    expires,
                };
                vuln::add_exception(store, context, &new).await
            }
            ExceptionCommand::List { history } => {
                vuln::list_exceptions(store, context, *history).await
            }
            ExceptionCommand::Revoke { id } => vuln::revoke_exception(store, context, id).await,
        },
    }
}
