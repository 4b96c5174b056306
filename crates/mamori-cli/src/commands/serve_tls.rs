//! The files behind `mamori serve --tls-cert/--tls-key` and `--tls-self-signed`: reading the
//! PEM files the hospital gives, or making (once) and keeping a self-signed certificate in
//! the data directory, so its fingerprint stays the same across restarts.
//! Problems are printed in both languages with the file they concern.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use mamori_i18n::{Lang, text};
use mamori_web::tls::{self, TlsError};

use crate::args_web::ServeArgs;
use crate::exit;
use crate::output::say;

/// What the server listens with.
#[derive(Debug)]
pub struct Tls {
    pub config: Arc<tls::ServerConfig>,
}

/// Why the server cannot start with TLS: messages in the user's language and the other,
/// and the exit code.
#[derive(Debug)]
pub struct TlsFailure {
    pub messages: (String, String),
    pub code: u8,
}

impl TlsFailure {
    fn new(lang: Lang, key: &str, args: &[(&str, &str)], code: u8) -> Self {
        let other = if lang == Lang::Ja { Lang::En } else { Lang::Ja };
        Self {
            messages: (text(lang, key, args), text(other, key, args)),
            code,
        }
    }

    /// Both languages on stderr; returns the exit code.
    pub fn report(&self) -> u8 {
        eprintln!("{}", self.messages.0);
        eprintln!("({})", self.messages.1);
        self.code
    }
}

/// The TLS set-up the command line asks for, `None` for plain HTTP. Prints the
/// certificate's fingerprint (and where a self-signed one is kept).
pub fn prepare(lang: Lang, data_dir: &Path, args: &ServeArgs) -> Result<Option<Tls>, TlsFailure> {
    let (cert_path, key_path) = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => (cert.clone(), key.clone()),
        _ if args.tls_self_signed => self_signed_files(
            lang,
            data_dir,
            &self_signed_names(args.listen, &args.tls_name),
        )?,
        _ => return Ok(None),
    };
    let cert_pem = read(lang, &cert_path)?;
    let key_pem = read(lang, &key_path)?;
    let config = tls::server_config(&cert_pem, &key_pem)
        .map_err(|error| explain(lang, &error, &cert_path, &key_path))?;
    let fingerprint = tls::fingerprint(&cert_pem)
        .map_err(|error| explain(lang, &error, &cert_path, &key_path))?;
    say(
        lang,
        "cli-serve-tls-fingerprint",
        &[
            ("file", &cert_path.display().to_string()),
            ("fingerprint", &fingerprint),
        ],
    );
    Ok(Some(Tls { config }))
}

fn explain(lang: Lang, error: &TlsError, cert: &Path, key: &Path) -> TlsFailure {
    TlsFailure::new(
        lang,
        &format!("tls-{}", error.code()),
        &[
            ("cert", &cert.display().to_string()),
            ("key", &key.display().to_string()),
            ("detail", error.detail()),
        ],
        exit::INVALID_INPUT,
    )
}

fn read(lang: Lang, path: &Path) -> Result<Vec<u8>, TlsFailure> {
    std::fs::read(path).map_err(|error| {
        TlsFailure::new(
            lang,
            "tls-file-unreadable",
            &[
                ("file", &path.display().to_string()),
                ("detail", &error.to_string()),
            ],
            exit::FAILURE,
        )
    })
}

/// Loopback names always, the machine's host name when known, the listening address when
/// it is a specific one, and whatever `--tls-name` adds.
pub fn self_signed_names(listen: SocketAddr, extra: &[String]) -> Vec<String> {
    let mut names = vec![
        "localhost".to_owned(),
        "127.0.0.1".to_owned(),
        "::1".to_owned(),
    ];
    if let Ok(host) = std::fs::read_to_string("/proc/sys/kernel/hostname") {
        names.push(host.trim().to_owned());
    }
    if !listen.ip().is_unspecified() {
        names.push(listen.ip().to_string());
    }
    names.extend(extra.iter().map(|name| name.trim().to_owned()));
    let mut seen = BTreeSet::new();
    names.retain(|name| !name.is_empty() && seen.insert(name.clone()));
    names
}

/// The kept certificate and key: reused while they cover every name asked for, made anew
/// (for the union of old and new names) otherwise.
fn self_signed_files(
    lang: Lang,
    data_dir: &Path,
    names: &[String],
) -> Result<(PathBuf, PathBuf), TlsFailure> {
    let dir = data_dir.join("tls");
    let cert = dir.join("self-signed.crt");
    let key = dir.join("self-signed.key");
    let names_file = dir.join("self-signed.names");
    let kept: BTreeSet<String> = std::fs::read_to_string(&names_file)
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect();
    if cert.exists() && key.exists() && names.iter().all(|name| kept.contains(name)) {
        return Ok((cert, key));
    }
    let mut all: Vec<String> = names.to_vec();
    all.extend(kept.into_iter().filter(|name| !names.contains(name)));
    let year = i32::from(
        jiff::Timestamp::now()
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .year(),
    );
    let generated = tls::self_signed(&all, year).map_err(|error| {
        TlsFailure::new(
            lang,
            "tls-generate",
            &[("detail", error.detail())],
            exit::FAILURE,
        )
    })?;
    let write = |path: &Path, bytes: &str, private: bool| {
        write_file(path, bytes.as_bytes(), private).map_err(|error| {
            TlsFailure::new(
                lang,
                "tls-file-unwritable",
                &[
                    ("file", &path.display().to_string()),
                    ("detail", &error.to_string()),
                ],
                exit::FAILURE,
            )
        })
    };
    std::fs::create_dir_all(&dir).map_err(|error| {
        TlsFailure::new(
            lang,
            "tls-file-unwritable",
            &[
                ("file", &dir.display().to_string()),
                ("detail", &error.to_string()),
            ],
            exit::FAILURE,
        )
    })?;
    write(&key, &generated.key_pem, true)?;
    write(&cert, &generated.cert_pem, false)?;
    write(&names_file, &(all.join("\n") + "\n"), false)?;
    say(
        lang,
        "cli-serve-tls-generated",
        &[
            ("file", &cert.display().to_string()),
            ("names", &all.join(", ")),
        ],
    );
    Ok((cert, key))
}

/// Writes through a temporary file and a rename, so a crash never leaves half a key;
/// private files are readable by their owner only.
fn write_file(path: &Path, bytes: &[u8], private: bool) -> std::io::Result<()> {
    use std::io::Write as _;
    let temporary = path.with_extension("tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(if private { 0o600 } else { 0o644 });
    }
    #[cfg(not(unix))]
    let _ = private;
    let mut file = options.open(&temporary)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&temporary, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_signed_names_cover_loopback_listen_address_and_extras() {
        let check = |listen: &str, extra: &[&str], expected_present: &[&str]| {
            let listen: SocketAddr = listen.parse().unwrap_or(([0, 0, 0, 0], 0).into());
            let extra: Vec<String> = extra.iter().map(|s| (*s).to_owned()).collect();
            let names = self_signed_names(listen, &extra);
            for name in expected_present {
                assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
            }
            let unique: BTreeSet<_> = names.iter().collect();
            assert_eq!(unique.len(), names.len(), "no duplicates: {names:?}");
            assert!(!names.iter().any(|n| n.is_empty() || n == "0.0.0.0"));
        };
        check("127.0.0.1:8443", &[], &["localhost", "127.0.0.1", "::1"]);
        check(
            "0.0.0.0:8443",
            &["mamori.hosp.local"],
            &["mamori.hosp.local"],
        );
        check(
            "192.0.2.10:443",
            &[" 192.0.2.10 ", "10.1.2.3", ""],
            &["192.0.2.10", "10.1.2.3"],
        );
    }
}
