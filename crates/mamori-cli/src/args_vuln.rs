//! Command-line definitions of `mamori feed …` and `mamori vuln …`; their help texts are in
//! `vuln.ftl` under the usual `cli-<path>-about` / `cli-<path>-arg-<id>` keys.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};

#[derive(Debug, Subcommand)]
pub enum FeedCommand {
    Import {
        /// Files (NVD/CVE 5/KEV JSON, JVN RDF), directories, `.tar.xz`/`.tar`/`.zip` bundles.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    Status,
}

#[derive(Debug, Subcommand)]
pub enum VulnCommand {
    Match {
        #[arg(long, value_enum, default_value_t = MatchFormat::Table)]
        format: MatchFormat,
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        #[arg(long)]
        alerts: bool,
        #[arg(long)]
        include_accepted: bool,
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        /// A vendor-alias file (TOML, the shape of mamori's own) that extends the builtin table.
        #[arg(long, value_name = "FILE")]
        vendor_aliases: Option<PathBuf>,
    },
    Suggest {
        #[arg(long, value_name = "ID")]
        asset: Option<String>,
        #[arg(long, value_enum, default_value_t = SuggestFormat::Table)]
        format: SuggestFormat,
        #[arg(long)]
        apply: bool,
        #[arg(long, value_name = "FILE")]
        vendor_aliases: Option<PathBuf>,
    },
    Alerts {
        /// Only the alerts new since this viewer's last look.
        #[arg(long)]
        new: bool,
        /// Marks the alerts of now as seen by this viewer (the actor).
        #[arg(long)]
        mark_seen: bool,
        #[arg(long, value_enum, default_value_t = AlertsFormat::Table)]
        format: AlertsFormat,
    },
    Show {
        #[arg(value_name = "CVE")]
        cve: String,
    },
    Exceptions {
        #[command(subcommand)]
        command: ExceptionCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExceptionCommand {
    Add {
        /// An asset id or a connection point id.
        #[arg(long, value_name = "ID")]
        target: String,
        #[arg(long, value_name = "CVE")]
        cve: String,
        #[arg(long, value_name = "TEXT")]
        reason: String,
        #[arg(long, value_name = "NAME")]
        approver: String,
        #[arg(long, value_name = "DATE")]
        expires: String,
    },
    List {
        #[arg(long)]
        history: bool,
    },
    Revoke {
        #[arg(value_name = "ID")]
        id: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MatchFormat {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SuggestFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AlertsFormat {
    Table,
    Json,
}
