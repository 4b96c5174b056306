//! `mamori serve` over HTTPS, with the real binary: a self-signed certificate made once and
//! kept in the data directory, the same files given with --tls-cert/--tls-key, a login over
//! TLS whose cookie is `Secure` (and is not over plain HTTP), graceful shutdown on SIGTERM,
//! and clear messages in both languages for unusable certificate and key files.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

#[allow(dead_code, reason = "support is shared by several test files")]
mod support;

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use support::mamori;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A running `mamori serve` and what it printed up to "running at".
struct Server {
    child: Child,
    address: String,
    printed: String,
    lines: Receiver<String>,
    stderr: std::thread::JoinHandle<String>,
}

fn start(data_dir: &Path, serve_args: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mamori"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(["--lang", "en", "serve", "--listen", "127.0.0.1:0"])
        .args(serve_args)
        .env_remove("MAMORI_DATABASE_URL")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the mamori binary runs");
    let (sender, lines) = channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    let mut stderr = child.stderr.take().unwrap();
    let stderr = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let mut printed = String::new();
    loop {
        let Ok(line) = lines.recv_timeout(Duration::from_secs(60)) else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the server did not start; it printed:\n{printed}");
        };
        printed.push_str(&line);
        printed.push('\n');
        if let Some(rest) = line.split("running at ").nth(1) {
            let address = rest
                .split("://")
                .nth(1)
                .and_then(|rest| rest.split('/').next())
                .unwrap()
                .to_owned();
            return Server {
                child,
                address,
                printed,
                lines,
                stderr,
            };
        }
    }
}

impl Server {
    /// SIGTERM, then the exit code, the rest of stdout and all of stderr.
    fn stop(mut self) -> (i32, String, String) {
        let pid = self.child.id().to_string();
        let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(killed.success());
        let status = self.child.wait().unwrap();
        let rest: Vec<String> = self.lines.iter().collect();
        (
            status.code().unwrap_or(-1),
            rest.join("\n"),
            self.stderr.join().unwrap(),
        )
    }

    fn password(&self) -> String {
        self.printed
            .split("Password: ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("no first-admin password in:\n{}", self.printed))
            .to_owned()
    }
}

/// One HTTP/1.1 exchange; over TLS when `root` is given, trusting only that certificate.
fn exchange(address: &str, root: Option<&[u8]>, request: &str) -> String {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let tcp = tokio::net::TcpStream::connect(address).await.unwrap();
        let mut response = Vec::new();
        match root {
            Some(pem) => {
                let mut roots = rustls::RootCertStore::empty();
                for cert in CertificateDer::pem_slice_iter(pem) {
                    roots.add(cert.unwrap()).unwrap();
                }
                let config = rustls::ClientConfig::builder_with_provider(Arc::new(
                    rustls::crypto::ring::default_provider(),
                ))
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_root_certificates(roots)
                .with_no_client_auth();
                let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
                let name = ServerName::try_from("localhost").unwrap();
                let mut tls = connector.connect(name, tcp).await.unwrap();
                tls.write_all(request.as_bytes()).await.unwrap();
                // The server may close without a TLS close_notify after `Connection: close`.
                let _ = tls.read_to_end(&mut response).await;
            }
            None => {
                let mut tcp = tcp;
                tcp.write_all(request.as_bytes()).await.unwrap();
                tcp.read_to_end(&mut response).await.unwrap();
            }
        }
        String::from_utf8_lossy(&response).into_owned()
    })
}

fn login_request(password: &str) -> String {
    let body = format!("login=admin&password={password}");
    format!(
        "POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

fn get_request(path: &str, cookie: &str) -> String {
    format!(
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
    )
}

fn status(response: &str) -> &str {
    response.split(' ').nth(1).unwrap_or("")
}

/// The `Set-Cookie` header of the session, and the `name=value` pair to send back.
fn session_cookie(response: &str) -> (String, String) {
    let header = response
        .lines()
        .find(|line| {
            line.to_ascii_lowercase()
                .starts_with("set-cookie: mamori_session=")
        })
        .unwrap_or_else(|| panic!("no session cookie in:\n{response}"))
        .to_owned();
    let pair = header["set-cookie: ".len()..]
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    (header, pair)
}

fn fingerprint_of(pem: &[u8]) -> String {
    use sha2::Digest as _;
    let der = CertificateDer::from_pem_slice(pem).unwrap();
    sha2::Sha256::digest(der.as_ref())
        .iter()
        .map(|byte| format!("{byte:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

#[test]
fn https_with_a_kept_self_signed_certificate_and_with_given_files() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");

    // First start: the certificate is made, its fingerprint printed, cookies are Secure.
    let server = start(
        &data,
        &["--tls-self-signed", "--tls-name", "mamori.example"],
    );
    let cert_path = data.join("tls/self-signed.crt");
    let cert = std::fs::read(&cert_path).unwrap();
    let fingerprint = fingerprint_of(&cert);
    assert!(
        server.printed.contains("Made a self-signed certificate")
            && server.printed.contains("mamori.example")
            && server.printed.contains(&fingerprint)
            && server.printed.contains("https://"),
        "{}",
        server.printed
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(data.join("tls/self-signed.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the key is private");
    }
    // A client that connects and never says anything does not hold up the others.
    let idle = std::net::TcpStream::connect(&server.address).unwrap();
    let login = exchange(
        &server.address,
        Some(&cert),
        &login_request(&server.password()),
    );
    assert_eq!(status(&login), "303", "{login}");
    let (set_cookie, pair) = session_cookie(&login);
    for attribute in ["; Secure", "; HttpOnly", "; SameSite=Strict"] {
        assert!(set_cookie.contains(attribute), "{attribute}: {set_cookie}");
    }
    let home = exchange(&server.address, Some(&cert), &get_request("/", &pair));
    assert_eq!(status(&home), "200", "{home}");
    // Plain HTTP on the HTTPS port gets no page.
    let plain = exchange(&server.address, None, &get_request("/login", ""));
    assert!(!plain.starts_with("HTTP/1.1 200"), "{plain}");
    drop(idle);
    let (code, rest, log) = server.stop();
    assert_eq!(code, 0, "graceful stop: {rest}\n{log}");
    assert!(rest.contains("Stopped."), "{rest}");
    // The login throttle and the log see the client's address over TLS too.
    assert!(log.contains("client=127.0.0.1"), "{log}");

    // Second start: the same certificate (same fingerprint), nothing made anew.
    let again = start(&data, &["--tls-self-signed"]);
    assert!(
        again.printed.contains(&fingerprint) && !again.printed.contains("Made a"),
        "{}",
        again.printed
    );
    assert_eq!(std::fs::read(&cert_path).unwrap(), cert);
    assert_eq!(again.stop().0, 0);

    // The same pair given as files.
    let key_path = data.join("tls/self-signed.key");
    let given = start(
        &data,
        &[
            "--tls-cert",
            cert_path.to_str().unwrap(),
            "--tls-key",
            key_path.to_str().unwrap(),
        ],
    );
    assert!(given.printed.contains(&fingerprint), "{}", given.printed);
    let page = exchange(
        &given.address,
        Some(&cert),
        &get_request("/login", "lang=en"),
    );
    assert_eq!(status(&page), "200", "{page}");
    assert_eq!(given.stop().0, 0);
}

#[test]
fn plain_http_cookies_are_not_secure() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(&dir.path().join("data"), &[]);
    assert!(server.printed.contains("http://"), "{}", server.printed);
    let login = exchange(&server.address, None, &login_request(&server.password()));
    assert_eq!(status(&login), "303", "{login}");
    let (set_cookie, _) = session_cookie(&login);
    assert!(!set_cookie.contains("Secure"), "{set_cookie}");
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert_eq!(server.stop().0, 0);
}

#[test]
fn unusable_certificate_and_key_files_are_named_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let one = mamori_web::tls::self_signed(&["localhost".to_owned()], 2026).unwrap();
    let other = mamori_web::tls::self_signed(&["localhost".to_owned()], 2026).unwrap();
    let cert = write("server.crt", &one.cert_pem);
    let key = write("server.key", &one.key_pem);
    let other_key = write("other.key", &other.key_pem);
    let garbage = write("notes.txt", "this is not a certificate\n");
    let missing = dir.path().join("missing.crt").to_str().unwrap().to_owned();

    // (cert file, key file, exit code, the file the message names, Japanese and English words)
    let check = |cert: &str, key: &str, code: i32, named: &str, ja: &str, en: &str| {
        let run = mamori(
            &data,
            &[
                "--lang",
                "ja",
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--tls-cert",
                cert,
                "--tls-key",
                key,
            ],
        );
        assert_eq!(run.code, code, "{cert} {key}: {run:?}");
        let lines: Vec<&str> = run.stderr.lines().collect();
        assert_eq!(lines.len(), 2, "{run:?}");
        assert!(
            lines[0].contains(named) && lines[0].contains(ja),
            "Japanese first: {run:?}"
        );
        assert!(
            lines[1].contains(named) && lines[1].contains(en),
            "then English: {run:?}"
        );
        assert!(!run.stdout.contains("起動しました"), "{run:?}");
    };
    check(
        &missing,
        &key,
        1,
        "missing.crt",
        "読めません",
        "Cannot read",
    );
    check(
        &garbage,
        &key,
        3,
        "notes.txt",
        "PEM 形式の証明書",
        "holds no PEM certificate",
    );
    check(
        &key,
        &cert,
        3,
        "server.key",
        "PEM 形式の証明書",
        "no PEM certificate",
    );
    check(
        &cert,
        &garbage,
        3,
        "notes.txt",
        "PEM 形式の秘密鍵",
        "holds no PEM private key",
    );
    check(
        &cert,
        &other_key,
        3,
        "other.key",
        "証明書の鍵ではありません",
        "is not the key of the certificate",
    );
    // Certificates are checked first: no database was even opened.
    assert!(!data.exists());
}

#[test]
fn tls_options_that_do_not_go_together_are_command_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let check = |args: &[&str]| {
        let mut all = vec!["serve", "--listen", "127.0.0.1:0"];
        all.extend_from_slice(args);
        let run = mamori(&data, &all);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
    };
    check(&["--tls-cert", "a.crt"]);
    check(&["--tls-key", "a.key"]);
    check(&[
        "--tls-self-signed",
        "--tls-cert",
        "a.crt",
        "--tls-key",
        "a.key",
    ]);
    check(&["--tls-name", "mamori.example"]);
}
