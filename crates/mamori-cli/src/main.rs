//! `mamori`: parse the command line, run one command, map the outcome to an exit code.
//! Everything else lives in the library crates.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "printing is this binary's job"
)]

mod args;
mod args_checklist;
mod args_diagram;
mod args_paths;
mod args_vuln;
mod args_web;
mod commands;
mod exit;
mod output;
mod store;

use std::process::ExitCode;

// Imports build and drop millions of small strings and JSON nodes across the store's worker
// thread; glibc malloc spent a third of the CPU time of a 50,000-asset CSV import on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let lang = args::language_from(std::env::args_os(), |name| std::env::var(name).ok());
    let cli = match args::parse(std::env::args_os(), lang) {
        Ok(cli) => cli,
        Err(error) => {
            // clap prints help/version to stdout and usage errors to stderr itself.
            let code = if error.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(exit::FAILURE);
        }
    };
    match runtime.block_on(commands::run(cli, lang)) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            output::print_error(lang, &error);
            ExitCode::from(exit::FAILURE)
        }
    }
}
