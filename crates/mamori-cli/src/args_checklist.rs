//! Command-line definitions of `mamori checklist …`; help texts are `cli-mamori-checklist-…`
//! rows of `tools/cli_messages.py`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ChecklistArgs {
    #[command(subcommand)]
    pub command: Option<ChecklistCommand>,
    #[arg(long, value_name = "EDITION")]
    pub edition: Option<String>,
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    #[arg(long, value_name = "YEAR")]
    pub fiscal_year: Option<i16>,
    #[arg(long, value_enum, default_value_t = ChecklistFormat::Table)]
    pub format: ChecklistFormat,
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum ChecklistCommand {
    Answer(AnswerArgs),
    History {
        #[arg(value_name = "ITEM")]
        item: Option<String>,
        #[arg(long, value_name = "YEAR")]
        fiscal_year: Option<i16>,
    },
}

#[derive(Debug, Args)]
pub struct AnswerArgs {
    #[arg(value_name = "ITEM")]
    pub item: String,
    #[arg(long, value_enum)]
    pub answer: AnswerChoice,
    #[arg(long, value_name = "DATE")]
    pub checked_on: String,
    #[arg(long, value_name = "DATE")]
    pub target_date: Option<String>,
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub comment: Option<String>,
    #[arg(long, value_name = "ID")]
    pub vendor: Option<String>,
    #[arg(long, value_name = "YEAR")]
    pub fiscal_year: Option<i16>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AnswerChoice {
    Yes,
    No,
    Na,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChecklistFormat {
    Table,
    Json,
    Xlsx,
    Pdf,
}
