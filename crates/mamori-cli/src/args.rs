//! The command line: clap definitions, and their Japanese/English help texts from the
//! message catalogue (`cli-<command path>-about`, `cli-<command path>-arg-<id>`).

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{
    Arg, Command as ClapCommand, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum,
};
use mamori_i18n::{Lang, text};

#[derive(Debug, Parser)]
#[command(name = "mamori", version, disable_help_subcommand = true)]
pub struct Cli {
    #[arg(
        long,
        global = true,
        env = "MAMORI_DATA_DIR",
        default_value = "mamori-data",
        value_name = "DIR"
    )]
    pub data_dir: PathBuf,
    #[arg(
        long,
        global = true,
        env = "MAMORI_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,
    #[arg(
        long,
        global = true,
        env = "MAMORI_HOSPITAL",
        default_value = "default",
        value_name = "ID"
    )]
    pub hospital: String,
    #[arg(long, global = true, value_name = "ja|en")]
    pub lang: Option<String>,
    #[arg(long, global = true, env = "MAMORI_ACTOR", value_name = "NAME")]
    pub actor: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Demo {
        #[arg(long, value_name = "N")]
        assets: Option<usize>,
        #[arg(long, default_value_t = 1, value_name = "N")]
        seed: u64,
    },
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[arg(long, value_name = "KIND")]
        kind: Option<String>,
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        replace: bool,
    },
    Export {
        #[arg(long, value_enum)]
        format: ExportFormat,
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    Template {
        #[arg(long, value_name = "KIND")]
        kind: Option<String>,
        #[arg(long, value_enum, default_value_t = TableFormat::Xlsx)]
        format: TableFormat,
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
    },
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    Ledger {
        #[command(subcommand)]
        command: LedgerCommand,
    },
    Schema {
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
    },
    Serve(crate::args_web::ServeArgs),
    User {
        #[command(subcommand)]
        command: crate::args_web::UserCommand,
    },
    Feed {
        #[command(subcommand)]
        command: crate::args_vuln::FeedCommand,
    },
    Vuln {
        #[command(subcommand)]
        command: crate::args_vuln::VulnCommand,
    },
    Paths(crate::args_paths::PathsArgs),
    Checklist(crate::args_checklist::ChecklistArgs),
    Diagram(crate::args_diagram::DiagramArgs),
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    Verify,
    Log {
        #[arg(long, default_value_t = 50, value_name = "N")]
        limit: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    Stats {
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    History {
        #[arg(value_name = "KIND")]
        kind: String,
        #[arg(value_name = "ID")]
        id: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
    Xlsx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    Csv,
    Xlsx,
}

/// The language asked for by `--lang` (before clap runs, so that help is localised), else
/// the environment's.
pub fn language_from(
    args: impl IntoIterator<Item = OsString>,
    env: impl Fn(&str) -> Option<String>,
) -> Lang {
    let args: Vec<String> = args
        .into_iter()
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    for (index, arg) in args.iter().enumerate() {
        if let Some(value) = arg.strip_prefix("--lang=") {
            return Lang::from_tag(value);
        }
        if arg == "--lang"
            && let Some(value) = args.get(index + 1)
        {
            return Lang::from_tag(value);
        }
    }
    Lang::from_env_vars(env)
}

pub fn parse(args: impl IntoIterator<Item = OsString>, lang: Lang) -> Result<Cli, clap::Error> {
    let mut matches = localized_command(lang).try_get_matches_from(args)?;
    Cli::from_arg_matches_mut(&mut matches)
}

/// The clap command with every about and help text taken from the catalogue.
pub fn localized_command(lang: Lang) -> ClapCommand {
    let command = localize(Cli::command(), "mamori", lang);
    let after = text(lang, "cli-mamori-after-help", &[]);
    command.after_long_help(after)
}

fn localize(mut command: ClapCommand, path: &str, lang: Lang) -> ClapCommand {
    command = command.about(text(lang, &format!("cli-{path}-about"), &[]));
    if lang == Lang::Ja {
        command = command
            .help_template(
                "{before-help}{about-with-newline}\n使い方: {usage}\n\n{all-args}{after-help}",
            )
            .subcommand_help_heading("コマンド")
            .next_help_heading("オプション");
    }
    let ids: Vec<String> = command
        .get_arguments()
        .map(|arg| arg.get_id().to_string())
        .collect();
    for id in ids {
        let key = format!("cli-{path}-arg-{id}");
        command = command.mut_arg(id.as_str(), |arg| localize_arg(arg, &key, lang));
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .collect();
    for name in names {
        let sub_path = format!("{path}-{name}");
        command = command.mut_subcommand(name.as_str(), |sub| localize(sub, &sub_path, lang));
    }
    command
}

fn localize_arg(arg: Arg, key: &str, lang: Lang) -> Arg {
    let id = arg.get_id().as_str().to_owned();
    let key = match id.as_str() {
        "help" => "cli-arg-help".to_owned(),
        "version" => "cli-arg-version".to_owned(),
        _ => key.to_owned(),
    };
    let arg = arg.help(text(lang, &key, &[]));
    if lang == Lang::Ja && !arg.is_positional() {
        arg.help_heading("オプション")
    } else if lang == Lang::Ja {
        arg.help_heading("引数")
    } else {
        arg
    }
}

/// Every catalogue key the command line needs, for the completeness test.
#[cfg(test)]
pub fn required_keys() -> Vec<String> {
    fn walk(command: &ClapCommand, path: &str, keys: &mut Vec<String>) {
        keys.push(format!("cli-{path}-about"));
        for arg in command.get_arguments() {
            let id = arg.get_id().as_str();
            if !matches!(id, "help" | "version") {
                keys.push(format!("cli-{path}-arg-{id}"));
            }
        }
        for sub in command.get_subcommands() {
            walk(sub, &format!("{path}-{}", sub.get_name()), keys);
        }
    }
    let mut keys = vec![
        "cli-arg-help".to_owned(),
        "cli-arg-version".to_owned(),
        "cli-mamori-after-help".to_owned(),
    ];
    walk(&Cli::command(), "mamori", &mut keys);
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use mamori_i18n::catalogue;

    #[test]
    fn every_command_and_option_has_help_in_both_languages() {
        let missing: Vec<(Lang, String)> = Lang::ALL
            .iter()
            .flat_map(|lang| {
                required_keys()
                    .into_iter()
                    .filter(|key| !catalogue().has(*lang, key))
                    .map(|key| (*lang, key))
            })
            .collect();
        assert_eq!(missing, vec![]);
    }

    #[test]
    fn help_follows_the_language() {
        let ja = localized_command(Lang::Ja).render_long_help().to_string();
        let en = localized_command(Lang::En).render_long_help().to_string();
        assert!(ja.contains("使い方") && ja.contains("台帳"), "{ja}");
        assert!(en.contains("Usage") && en.contains("ledger"), "{en}");
    }

    #[test]
    fn language_flag_beats_environment() {
        let args = |list: &[&str]| list.iter().map(OsString::from).collect::<Vec<_>>();
        let english_env = |name: &str| (name == "LANG").then(|| "en_US.UTF-8".to_owned());
        assert_eq!(
            language_from(args(&["mamori", "--lang", "ja"]), english_env),
            Lang::Ja
        );
        assert_eq!(
            language_from(args(&["mamori", "--lang=en"]), |_| None),
            Lang::En
        );
        assert_eq!(language_from(args(&["mamori"]), english_env), Lang::En);
        assert_eq!(language_from(args(&["mamori"]), |_| None), Lang::Ja);
    }
}
