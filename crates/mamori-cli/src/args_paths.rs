//! Command-line definitions of `mamori paths …`; their help texts are in `paths.ftl` under the
//! usual `cli-<path>-about` / `cli-<path>-arg-<id>` keys.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

/// `mamori paths [--format] [--as-of] [--entry …]`, or one of its subcommands.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct PathsArgs {
    #[command(flatten)]
    pub common: PathsCommon,
    #[command(subcommand)]
    pub command: Option<PathsCommand>,
}

/// What every paths command reads the ledger with.
#[derive(Debug, Args, Clone)]
pub struct PathsCommon {
    #[arg(long, value_enum, default_value_t = PathsFormat::Table)]
    pub format: PathsFormat,
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Connection points to start from (default: every connection point).
    #[arg(long = "entry", value_name = "ID")]
    pub entries: Vec<String>,
    /// Leave out the findings of the loaded vulnerability feeds.
    #[arg(long)]
    pub no_feeds: bool,
}

#[derive(Debug, Subcommand)]
pub enum PathsCommand {
    Fixes {
        #[command(flatten)]
        common: PathsCommon,
        #[arg(long, default_value_t = 20, value_name = "N")]
        limit: usize,
    },
    Whatif {
        #[command(flatten)]
        common: PathsCommon,
        /// A fix by name, `kind:target` as the ranking prints it (repeatable).
        #[arg(long, value_name = "KIND:TARGET")]
        apply: Vec<String>,
        /// An edited ledger document (mamori-ledger/1), compared with the stored ledger.
        #[arg(long, value_name = "FILE")]
        ledger: Option<PathBuf>,
        /// A file of record edits (put / patch / delete).
        #[arg(long, value_name = "FILE")]
        edits: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PathsFormat {
    Table,
    Json,
}
