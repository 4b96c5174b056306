//! A web application over a temporary SQLite store holding the demo hospital, with one
//! user per role, driven through `tower::ServiceExt::oneshot` (no socket).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    dead_code,
    reason = "test support fails loudly and is shared by several test files"
)]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use mamori_store::{
    ApiToken, ChangeMeta, HospitalId, Micros, Role, SqliteStore, User, UserStore, save_ledger,
    token_digest,
};
use mamori_web::{AppState, Config, app};
use tower::ServiceExt;

pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    pub router: Router,
    pub state: AppState<SqliteStore>,
    pub hospital: HospitalId,
    _dir: tempfile::TempDir,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// A logged-in browser: its session cookie and the CSRF token of its forms.
#[derive(Clone)]
pub struct Browser {
    pub cookie: String,
    pub csrf: String,
}

pub async fn setup() -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path()).await.unwrap();
    let hospital = HospitalId::default_hospital();
    mamori_store::LedgerStore::ensure_hospital(&store, &hospital, "default")
        .await
        .unwrap();
    let meta = ChangeMeta {
        actor: "setup".into(),
        reason: "demo".into(),
    };
    save_ledger(&store, &hospital, &meta, &mamori_demo::demo_hospital())
        .await
        .unwrap();
    // One hash for every account: argon2 is deliberately slow.
    let hash = mamori_web::hash_password(PASSWORD).unwrap();
    let users = [
        ("admin", Role::Admin, None),
        ("editor", Role::Editor, None),
        ("viewer", Role::Viewer, None),
        ("modality", Role::Vendor, Some("ven-modality")),
    ];
    for (login, role, vendor) in users {
        let user = User {
            login: login.into(),
            display_name: format!("{login}さん"),
            role,
            vendor_id: vendor.map(str::to_owned),
            password_hash: hash.clone(),
            disabled: false,
            created_at: Micros::now(),
        };
        assert!(store.create_user(&hospital, &user).await.unwrap());
    }
    let state = AppState::new(store, Config::new(hospital.clone()));
    TestApp {
        router: app(state.clone()),
        state,
        hospital,
        _dir: dir,
    }
}

impl TestApp {
    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes,
        }
    }

    pub async fn get(&self, uri: &str, browser: Option<&Browser>) -> Reply {
        let mut request = Request::get(uri);
        if let Some(browser) = browser {
            request = request.header(header::COOKIE, &browser.cookie);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    /// A same-origin form post, as a browser sends it.
    pub async fn post_form(
        &self,
        uri: &str,
        browser: Option<&Browser>,
        pairs: &[(&str, &str)],
    ) -> Reply {
        let body: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect();
        let mut request = Request::post(uri)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin");
        if let Some(browser) = browser {
            request = request.header(header::COOKIE, &browser.cookie);
        }
        self.send(request.body(Body::from(body.join("&"))).unwrap())
            .await
    }

    pub async fn login(&self, login: &str) -> Browser {
        let reply = self
            .post_form("/login", None, &[("login", login), ("password", PASSWORD)])
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        let set_cookie = reply
            .headers
            .get(header::SET_COOKIE)
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        let cookie = set_cookie.split(';').next().unwrap().to_owned();
        let home = self
            .get(
                "/",
                Some(&Browser {
                    cookie: cookie.clone(),
                    csrf: String::new(),
                }),
            )
            .await;
        assert_eq!(home.status, StatusCode::OK);
        Browser {
            cookie,
            csrf: csrf_of(&home.body),
        }
    }

    pub async fn api_token(&self, login: &str) -> String {
        let token = mamori_web::random_token().unwrap();
        let stored = ApiToken {
            token_digest: token_digest(&token),
            login: login.into(),
            label: "test".into(),
            created_at: Micros::now(),
            expires_at: None,
            last_used_at: None,
        };
        self.state
            .store()
            .create_api_token(&self.hospital, &stored)
            .await
            .unwrap();
        token
    }

    pub async fn api(
        &self,
        method: Method,
        uri: &str,
        token: &str,
        body: Option<serde_json::Value>,
    ) -> Reply {
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json");
        let body = body.map_or_else(Body::empty, |json| Body::from(json.to_string()));
        self.send(request.body(body).unwrap()).await
    }
}

/// The CSRF token in a page's forms.
pub fn csrf_of(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html
        .find(marker)
        .map(|i| i + marker.len())
        .expect("a form with a CSRF token");
    html[start..].split('"').next().unwrap().to_owned()
}

pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A multipart body with the CSRF token and one file.
pub fn multipart(csrf: &str, file_name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "mamoriTestBoundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    body.extend(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n")
            .as_bytes(),
    );
    body.extend(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n\r\n")
            .as_bytes(),
    );
    body.extend(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .as_bytes(),
    );
    body.extend(bytes);
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn value_after(html: &str, marker: &str) -> String {
    let start = html.find(marker).map(|i| i + marker.len()).expect(marker);
    html[start..].split('"').next().unwrap().to_owned()
}

fn unescape_html(text: &str) -> String {
    text.replace("&#38;", "&")
        .replace("&amp;", "&")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// Every input, select and textarea of an edit form with its current value, as a
/// browser would submit it unchanged.
pub fn form_values(html: &str) -> Vec<(String, String)> {
    let mut fields = vec![
        (
            "csrf".to_owned(),
            value_after(html, "name=\"csrf\" value=\""),
        ),
        (
            "version".to_owned(),
            value_after(html, "name=\"version\" value=\""),
        ),
    ];
    for chunk in html.split("<input id=\"f-").skip(1) {
        let name = chunk.split('"').next().unwrap().to_owned();
        fields.push((name, unescape_html(&value_after(chunk, "value=\""))));
    }
    for chunk in html.split("<textarea id=\"f-").skip(1) {
        let name = chunk.split('"').next().unwrap().to_owned();
        let text = chunk
            .split_once('>')
            .unwrap()
            .1
            .split("</textarea>")
            .next()
            .unwrap();
        fields.push((name, unescape_html(text)));
    }
    for chunk in html.split("<select id=\"f-").skip(1) {
        let name = chunk.split('"').next().unwrap().to_owned();
        let body = chunk.split("</select>").next().unwrap();
        let selected = body
            .split("<option value=\"")
            .skip(1)
            .find(|o| o.contains(" selected>"));
        fields.push((
            name,
            selected
                .map(|o| unescape_html(o.split('"').next().unwrap()))
                .unwrap_or_default(),
        ));
    }
    fields
}

/// Replaces one form value (the field must exist).
pub fn set_value(fields: &mut [(String, String)], name: &str, value: &str) {
    let field = fields
        .iter_mut()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no field {name}"));
    field.1 = value.to_owned();
}

/// The real NVD records and the KEV catalogue of `shared/data/vuln`.
fn shared_feed_files() -> Vec<std::path::PathBuf> {
    let data =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/vuln");
    assert!(data.exists(), "{} is missing", data.display());
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(data.join("nvd/cve"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files.push(data.join("kev/known_exploited_vulnerabilities.json"));
    files
}

/// The demo hospital with the shared NVD and KEV files imported.
pub async fn setup_with_feeds() -> TestApp {
    let app = setup().await;
    app.import_shared_feeds().await;
    app
}

impl TestApp {
    /// Imports the shared NVD and KEV files into the store, as `mamori feed import` does.
    pub async fn import_shared_feeds(&self) {
        self.import_feed_files(&shared_feed_files()).await;
    }

    /// Imports the shared CVE JSON 5 records (CNA and CISA ADP data) as well.
    pub async fn import_cve5_records(&self) {
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/vuln/vulnrichment/records");
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        self.import_feed_files(&files).await;
    }

    async fn import_feed_files(&self, files: &[std::path::PathBuf]) {
        use mamori_store::{FeedImport, FeedRow, FeedStore as _};
        for file in files {
            let bytes = std::fs::read(file).unwrap();
            let document = mamori_vuln::read_feed_document(&bytes);
            assert!(
                document.problems.is_empty(),
                "{}: {:?}",
                file.display(),
                document.problems
            );
            let rows: Vec<FeedRow> = document
                .records
                .into_iter()
                .map(|r| FeedRow {
                    source: r.source.code().to_owned(),
                    id: r.id,
                    modified: r.modified,
                    body: r.body,
                })
                .collect();
            let import = FeedImport {
                file_name: file.display().to_string(),
                sha256: hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes)),
                sources: document
                    .source
                    .map(|s| s.code().to_owned())
                    .unwrap_or_default(),
                actor: "test".to_owned(),
                problems: Vec::new(),
            };
            self.state
                .store()
                .import_feed(&import, &rows)
                .await
                .unwrap();
        }
    }
}
