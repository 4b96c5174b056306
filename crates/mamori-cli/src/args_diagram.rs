//! Command-line definition of `mamori diagram`; help texts are `cli-mamori-diagram-…` rows of
//! tools/cli_messages.py.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

#[derive(Debug, Args)]
pub struct DiagramArgs {
    #[arg(long, value_enum, default_value_t = DiagramFormat::Svg)]
    pub format: DiagramFormat,
    #[arg(long, value_enum, default_value_t = PaperArg::A3)]
    pub paper: PaperArg,
    /// Comma-separated: vuln, paths, owners, gaps.
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub overlay: Vec<String>,
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// ENTRY:CROWN_JEWEL, ids or names.
    #[arg(long, value_name = "ENTRY:CROWN_JEWEL")]
    pub path: Option<String>,
    /// A zone kind code (emr, departmental …).
    #[arg(long, value_name = "KIND")]
    pub expand: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagramFormat {
    Svg,
    Pdf,
    Png,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    A3,
    A4,
}
