//! How the CLI talks to people: catalogue messages, progress bars on a terminal, and
//! errors as one line per cause.

use indicatif::{ProgressBar, ProgressStyle};
use mamori_i18n::{Lang, text};

/// Prints a catalogue message to stdout.
pub fn say(lang: Lang, key: &str, args: &[(&str, &str)]) {
    println!("{}", text(lang, key, args));
}

/// Prints a catalogue message to stderr.
pub fn warn(lang: Lang, key: &str, args: &[(&str, &str)]) {
    eprintln!("{}", text(lang, key, args));
}

pub fn print_error(lang: Lang, error: &anyhow::Error) {
    eprintln!(
        "{}",
        text(lang, "cli-error", &[("detail", &format!("{error:#}"))])
    );
}

/// A spinner on stderr for long work; invisible when stderr is not a terminal.
pub fn spinner(lang: Lang, key: &str) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
        bar.set_style(style);
    }
    bar.set_message(text(lang, key, &[]));
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// `label` padded to `width` terminal columns (Japanese characters take two), then `count`.
pub fn table_line(label: &str, count: usize, width: usize) -> String {
    let shown = unicode_width::UnicodeWidthStr::width(label);
    let padding = " ".repeat(width.saturating_sub(shown));
    format!("  {label}{padding} {count:>7}")
}
