//! Command-line arguments of the web commands: `mamori serve` and `mamori user …`.
//! Help texts come from the catalogue (`cli-mamori-serve-…`, `cli-mamori-user-…` in web.ftl).

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use mamori_store::Role;

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR:PORT")]
    pub listen: SocketAddr,
    #[arg(long)]
    pub secure_cookies: bool,
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    #[arg(long, conflicts_with_all = ["tls_cert", "tls_key"])]
    pub tls_self_signed: bool,
    #[arg(long, value_name = "NAME", requires = "tls_self_signed")]
    pub tls_name: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    Add {
        #[arg(value_name = "NAME")]
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        #[arg(long, value_name = "ID")]
        vendor: Option<String>,
        #[arg(long, value_name = "TEXT")]
        display_name: Option<String>,
    },
    List,
    Password {
        #[arg(value_name = "NAME")]
        name: String,
    },
    Token {
        #[arg(value_name = "NAME")]
        name: String,
        #[arg(long, default_value = "api", value_name = "TEXT")]
        label: String,
        #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..=3650))]
        expires_days: Option<u32>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    Admin,
    Editor,
    Viewer,
    Vendor,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Self {
        match role {
            RoleArg::Admin => Role::Admin,
            RoleArg::Editor => Role::Editor,
            RoleArg::Viewer => Role::Viewer,
            RoleArg::Vendor => Role::Vendor,
        }
    }
}
