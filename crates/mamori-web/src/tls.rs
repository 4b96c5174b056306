//! HTTPS: a rustls server configuration from PEM bytes, a self-signed certificate made on
//! request, the SHA-256 fingerprint people compare in the browser, and [`TlsListener`],
//! which lets `axum::serve` (and its graceful shutdown) run unchanged over TLS.
//!
//! No files here: the binary reads and writes them and names them in its messages.
//! The crypto provider is rustls' `ring` (no C++ toolchain, no cmake; lighter to build than
//! aws-lc-rs) and is passed explicitly, so no process-wide default has to be installed.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

pub use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use sha2::{Digest, Sha256};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;

/// How long a client may take to finish the TLS handshake.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a certificate or key cannot be used. The caller adds the file names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TlsError {
    /// The certificate file is not PEM or holds no `CERTIFICATE` section.
    #[error("no PEM certificate: {0}")]
    NoCertificate(String),
    /// The key file is not PEM or holds no private key section.
    #[error("no PEM private key: {0}")]
    NoPrivateKey(String),
    /// The key does not belong to the certificate (or the certificate cannot be parsed).
    #[error("the private key does not match the certificate: {0}")]
    KeyMismatch(String),
    /// rustls refused the pair for another reason (unsupported key type …).
    #[error("the certificate and key were refused: {0}")]
    Rejected(String),
    /// A self-signed certificate could not be made.
    #[error("could not generate a certificate: {0}")]
    Generate(String),
}

impl TlsError {
    /// Stable code; `tls-<code>` is the catalogue message.
    pub fn code(&self) -> &'static str {
        match self {
            TlsError::NoCertificate(_) => "no_certificate",
            TlsError::NoPrivateKey(_) => "no_private_key",
            TlsError::KeyMismatch(_) => "key_mismatch",
            TlsError::Rejected(_) => "rejected",
            TlsError::Generate(_) => "generate",
        }
    }

    /// What the underlying library said (for the message's detail).
    pub fn detail(&self) -> &str {
        match self {
            TlsError::NoCertificate(detail)
            | TlsError::NoPrivateKey(detail)
            | TlsError::KeyMismatch(detail)
            | TlsError::Rejected(detail)
            | TlsError::Generate(detail) => detail,
        }
    }
}

/// Every certificate in a PEM text (the server's first, then its chain).
pub fn certificates_from_pem(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let certs = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| TlsError::NoCertificate(error.to_string()))?;
    if certs.is_empty() {
        return Err(TlsError::NoCertificate(
            "no -----BEGIN CERTIFICATE----- section".to_owned(),
        ));
    }
    Ok(certs)
}

/// The server configuration for a PEM certificate chain and its PEM private key
/// (PKCS#8, PKCS#1 or SEC1), speaking HTTP/1.1 over TLS 1.2 and 1.3.
pub fn server_config(cert_pem: &[u8], key_pem: &[u8]) -> Result<Arc<ServerConfig>, TlsError> {
    let certs = certificates_from_pem(cert_pem)?;
    let key = PrivateKeyDer::from_pem_slice(key_pem).map_err(|error| match error {
        rustls::pki_types::pem::Error::NoItemsFound => TlsError::NoPrivateKey(
            "no -----BEGIN PRIVATE KEY----- (or RSA/EC PRIVATE KEY) section".to_owned(),
        ),
        other => TlsError::NoPrivateKey(other.to_string()),
    })?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| TlsError::Rejected(error.to_string()))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|error| match error {
            rustls::Error::InconsistentKeys(_) | rustls::Error::InvalidCertificate(_) => {
                TlsError::KeyMismatch(error.to_string())
            }
            other => TlsError::Rejected(other.to_string()),
        })?;
    // axum is built for HTTP/1 only; say so, so that browsers do not try h2.
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// A freshly made certificate and its key, both PEM.
#[derive(Clone, PartialEq, Eq)]
pub struct GeneratedCertificate {
    pub cert_pem: String,
    pub key_pem: String,
}

impl std::fmt::Debug for GeneratedCertificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The key is a secret: never in logs.
        f.debug_struct("GeneratedCertificate")
            .field("cert_pem", &self.cert_pem)
            .finish_non_exhaustive()
    }
}

/// A self-signed ECDSA P-256 certificate for `names` (host names or IP addresses),
/// valid from `from_year`-01-01 for ten years, subject "mamori".
pub fn self_signed(names: &[String], from_year: i32) -> Result<GeneratedCertificate, TlsError> {
    let generate = |error: rcgen::Error| TlsError::Generate(error.to_string());
    let mut params = rcgen::CertificateParams::new(names.to_vec()).map_err(generate)?;
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "mamori");
    params
        .distinguished_name
        .push(rcgen::DnType::OrganizationName, "mamori (self-signed)");
    params.not_before = rcgen::date_time_ymd(from_year, 1, 1);
    params.not_after = rcgen::date_time_ymd(from_year + 10, 1, 1);
    let key = rcgen::KeyPair::generate().map_err(generate)?;
    let cert = params.self_signed(&key).map_err(generate)?;
    Ok(GeneratedCertificate {
        cert_pem: cert.pem(),
        key_pem: key.serialize_pem(),
    })
}

/// The SHA-256 fingerprint of the first certificate in `cert_pem`, as browsers show it:
/// upper-case hex pairs separated by colons.
pub fn fingerprint(cert_pem: &[u8]) -> Result<String, TlsError> {
    let certs = certificates_from_pem(cert_pem)?;
    let digest = Sha256::digest(certs[0].as_ref());
    Ok(digest
        .iter()
        .map(|byte| format!("{byte:02X}"))
        .collect::<Vec<_>>()
        .join(":"))
}

/// A listener that hands `axum::serve` finished TLS connections.
///
/// A background task accepts TCP connections and runs each handshake in its own task
/// (bounded by [`HANDSHAKE_TIMEOUT`]), so a slow or silent client never holds up others.
/// Dropping the listener (as `axum::serve` does on graceful shutdown) stops accepting.
#[derive(Debug)]
pub struct TlsListener {
    ready: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    local_addr: SocketAddr,
    acceptor: JoinHandle<()>,
}

impl TlsListener {
    pub fn new(mut listener: TcpListener, config: Arc<ServerConfig>) -> io::Result<Self> {
        let local_addr = listener.local_addr()?;
        let (sender, ready) = mpsc::channel(64);
        let acceptor = TlsAcceptor::from(config);
        let acceptor = tokio::spawn(async move {
            loop {
                // axum's own accept loop for TCP: retries, and backs off on EMFILE.
                let (stream, peer) = axum::serve::Listener::accept(&mut listener).await;
                let acceptor = acceptor.clone();
                let sender = sender.clone();
                tokio::spawn(async move {
                    match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                        Ok(Ok(tls)) => {
                            let _ = sender.send((tls, peer)).await;
                        }
                        Ok(Err(error)) => {
                            tracing::debug!(peer = %peer, error = %error, "TLS handshake failed");
                        }
                        Err(_) => tracing::debug!(peer = %peer, "TLS handshake timed out"),
                    }
                });
            }
        });
        Ok(Self {
            ready,
            local_addr,
            acceptor,
        })
    }
}

impl Drop for TlsListener {
    fn drop(&mut self) {
        self.acceptor.abort();
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(connection) => connection,
            // The acceptor task only ends when aborted by drop; never resolve meanwhile.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        Ok(self.local_addr)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generated() -> GeneratedCertificate {
        self_signed(&["localhost".to_owned(), "127.0.0.1".to_owned()], 2026).unwrap_or_else(
            |error| GeneratedCertificate {
                cert_pem: error.to_string(),
                key_pem: String::new(),
            },
        )
    }

    #[test]
    fn a_generated_certificate_makes_a_server_config() {
        let cert = generated();
        assert!(cert.cert_pem.starts_with("-----BEGIN CERTIFICATE-----"));
        assert!(cert.key_pem.contains("PRIVATE KEY-----"));
        let config = server_config(cert.cert_pem.as_bytes(), cert.key_pem.as_bytes());
        assert_eq!(
            config.map(|config| config.alpn_protocols.clone()),
            Ok(vec![b"http/1.1".to_vec()])
        );
        // The key never shows in debug output.
        assert!(!format!("{cert:?}").contains("PRIVATE"));
    }

    #[test]
    fn bad_pairs_are_named_by_what_is_wrong() {
        let one = generated();
        let other = generated();
        let check = |cert: &str, key: &str, expected: &str| {
            let code = server_config(cert.as_bytes(), key.as_bytes())
                .err()
                .map(|error| error.code());
            assert_eq!(code, Some(expected), "{cert:.40} / {key:.40}");
        };
        check("", &one.key_pem, "no_certificate");
        check("hello", &one.key_pem, "no_certificate");
        check(&one.key_pem, &one.cert_pem, "no_certificate");
        check(&one.cert_pem, "", "no_private_key");
        check(&one.cert_pem, &one.cert_pem, "no_private_key");
        check(
            &one.cert_pem,
            "-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----\n",
            "no_private_key",
        );
        check(&one.cert_pem, &other.key_pem, "key_mismatch");
    }

    #[test]
    fn fingerprints_are_sha256_of_the_der_in_colon_hex() {
        let cert = generated();
        let print = fingerprint(cert.cert_pem.as_bytes()).unwrap_or_default();
        assert_eq!(print.len(), 32 * 3 - 1, "{print}");
        assert!(
            print
                .split(':')
                .all(|pair| pair.len() == 2 && pair.chars().all(|c| c.is_ascii_hexdigit()))
        );
        let der = certificates_from_pem(cert.cert_pem.as_bytes()).unwrap_or_default();
        assert_eq!(
            print.replace(':', "").to_lowercase(),
            hex::encode(Sha256::digest(der[0].as_ref()))
        );
        assert_ne!(
            fingerprint(generated().cert_pem.as_bytes()).unwrap_or_default(),
            print
        );
    }

    #[test]
    fn every_tls_problem_has_a_message_in_both_languages() {
        let all = [
            TlsError::NoCertificate(String::new()),
            TlsError::NoPrivateKey(String::new()),
            TlsError::KeyMismatch(String::new()),
            TlsError::Rejected(String::new()),
            TlsError::Generate(String::new()),
        ];
        let missing: Vec<String> = all
            .iter()
            .flat_map(|error| {
                mamori_i18n::Lang::ALL.map(|lang| (lang, format!("tls-{}", error.code())))
            })
            .filter(|(lang, key)| !mamori_i18n::catalogue().has(*lang, key))
            .map(|(lang, key)| format!("{lang}: {key}"))
            .collect();
        assert_eq!(missing, Vec::<String>::new());
    }
}
