//! The accounts story, written once and run on SQLite and PostgreSQL: users per hospital,
//! sessions that expire and end on password change or disabling, API tokens.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

#[allow(dead_code, reason = "support is shared with the ledger story")]
mod support;

use mamori_store::*;
use support::{Backend, with_postgres, with_sqlite};

fn user(login: &str, role: Role, vendor: Option<&str>) -> User {
    User {
        login: login.to_owned(),
        display_name: format!("{login} さん"),
        role,
        vendor_id: vendor.map(str::to_owned),
        password_hash: format!("$argon2id$v=19$m=19456,t=2,p=1$salt${login}"),
        disabled: false,
        created_at: Micros(1_000),
    }
}

fn session(token: &str, login: &str, expires_at: i64) -> Session {
    Session {
        token_digest: token_digest(token),
        login: login.to_owned(),
        csrf_token: format!("csrf-{token}"),
        created_at: Micros(1_000),
        expires_at: Micros(expires_at),
    }
}

async fn story<S: LedgerStore + UserStore>(backend: &Backend<S>) {
    let store = &backend.store;
    let a = HospitalId("hospital-a".to_owned());
    let b = HospitalId("hospital-b".to_owned());
    store.ensure_hospital(&a, "A病院").await.unwrap();
    store.ensure_hospital(&b, "B病院").await.unwrap();

    // Users are per hospital; a login is unique within one hospital only.
    assert_eq!(store.count_users(&a).await.unwrap(), 0);
    assert!(
        store
            .create_user(&a, &user("admin", Role::Admin, None))
            .await
            .unwrap()
    );
    assert!(
        store
            .create_user(&a, &user("nec", Role::Vendor, Some("V-NEC")))
            .await
            .unwrap()
    );
    assert!(
        !store
            .create_user(&a, &user("admin", Role::Viewer, None))
            .await
            .unwrap()
    );
    assert!(
        store
            .create_user(&b, &user("admin", Role::Viewer, None))
            .await
            .unwrap()
    );
    assert_eq!(store.count_users(&a).await.unwrap(), 2);
    let found = store.find_user(&a, "nec").await.unwrap().unwrap();
    assert_eq!(found, user("nec", Role::Vendor, Some("V-NEC")));
    assert_eq!(
        store.find_user(&b, "admin").await.unwrap().unwrap().role,
        Role::Viewer
    );
    assert_eq!(store.find_user(&b, "nec").await.unwrap(), None);
    let logins: Vec<String> = store
        .list_users(&a)
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.login)
        .collect();
    assert_eq!(logins, vec!["admin", "nec"]);

    // Sessions are found by digest only while unexpired, and only in their hospital.
    store
        .create_session(&a, &session("tok-1", "admin", 5_000))
        .await
        .unwrap();
    store
        .create_session(&a, &session("tok-2", "nec", 2_000))
        .await
        .unwrap();
    let digest = token_digest("tok-1");
    assert_eq!(
        store
            .find_session(&a, &digest, Micros(4_999))
            .await
            .unwrap(),
        Some(session("tok-1", "admin", 5_000))
    );
    assert_eq!(
        store
            .find_session(&a, &digest, Micros(5_000))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store.find_session(&b, &digest, Micros(1)).await.unwrap(),
        None
    );
    assert_eq!(
        store.delete_expired_sessions(Micros(3_000)).await.unwrap(),
        1
    );
    assert_eq!(
        store
            .find_session(&a, &token_digest("tok-2"), Micros(1))
            .await
            .unwrap(),
        None
    );
    store.delete_session(&a, &digest).await.unwrap();
    assert_eq!(
        store.find_session(&a, &digest, Micros(1)).await.unwrap(),
        None
    );

    // A new password ends the user's sessions.
    store
        .create_session(&a, &session("tok-3", "admin", 9_000))
        .await
        .unwrap();
    assert!(
        store
            .set_password(&a, "admin", "$argon2id$new")
            .await
            .unwrap()
    );
    assert!(
        !store
            .set_password(&a, "nobody", "$argon2id$new")
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .find_session(&a, &token_digest("tok-3"), Micros(1))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .find_user(&a, "admin")
            .await
            .unwrap()
            .unwrap()
            .password_hash,
        "$argon2id$new"
    );

    // API tokens: expiry is optional; disabling a user revokes its tokens and sessions.
    let token = ApiToken {
        token_digest: token_digest("api-1"),
        login: "nec".to_owned(),
        label: "監視スクリプト".to_owned(),
        created_at: Micros(1_000),
        expires_at: None,
        last_used_at: None,
    };
    store.create_api_token(&a, &token).await.unwrap();
    let expiring = ApiToken {
        token_digest: token_digest("api-2"),
        expires_at: Some(Micros(2_000)),
        ..token.clone()
    };
    store.create_api_token(&a, &expiring).await.unwrap();
    assert_eq!(
        store
            .find_api_token(&a, &token_digest("api-1"), Micros(i64::MAX - 1))
            .await
            .unwrap(),
        Some(token.clone())
    );
    assert_eq!(
        store
            .find_api_token(&a, &token_digest("api-2"), Micros(2_000))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .find_api_token(&b, &token_digest("api-1"), Micros(1))
            .await
            .unwrap(),
        None
    );
    // Listing (newest first per login, expired ones included), use stamps and revoking.
    let admins = ApiToken {
        token_digest: token_digest("api-3"),
        login: "admin".to_owned(),
        created_at: Micros(500),
        ..token.clone()
    };
    store.create_api_token(&a, &admins).await.unwrap();
    let digests = |tokens: Vec<ApiToken>| {
        tokens
            .into_iter()
            .map(|t| (t.login, t.token_digest))
            .collect::<Vec<_>>()
    };
    let mut nec = vec![
        ("nec".to_owned(), token_digest("api-1")),
        ("nec".to_owned(), token_digest("api-2")),
    ];
    nec.sort_by(|x, y| x.1.cmp(&y.1));
    assert_eq!(
        digests(store.list_api_tokens(&a, Some("nec")).await.unwrap()),
        nec
    );
    let mut everyone = vec![("admin".to_owned(), token_digest("api-3"))];
    everyone.extend(nec.clone());
    assert_eq!(
        digests(store.list_api_tokens(&a, None).await.unwrap()),
        everyone
    );
    assert_eq!(store.list_api_tokens(&b, None).await.unwrap(), vec![]);
    store
        .touch_api_token(&a, &token_digest("api-1"), Micros(7_000))
        .await
        .unwrap();
    assert_eq!(
        store
            .find_api_token(&a, &token_digest("api-1"), Micros(1))
            .await
            .unwrap()
            .and_then(|t| t.last_used_at),
        Some(Micros(7_000))
    );
    // Someone else's token is not revoked in their name, nor in another hospital.
    assert!(
        !store
            .revoke_api_token(&a, &token_digest("api-3"), Some("nec"))
            .await
            .unwrap()
    );
    assert!(
        !store
            .revoke_api_token(&b, &token_digest("api-3"), None)
            .await
            .unwrap()
    );
    assert!(
        store
            .revoke_api_token(&a, &token_digest("api-3"), Some("admin"))
            .await
            .unwrap()
    );
    assert!(
        store
            .revoke_api_token(&a, &token_digest("api-2"), None)
            .await
            .unwrap()
    );
    assert!(
        !store
            .revoke_api_token(&a, &token_digest("api-2"), None)
            .await
            .unwrap()
    );
    assert_eq!(
        digests(store.list_api_tokens(&a, None).await.unwrap()),
        vec![("nec".to_owned(), token_digest("api-1"))]
    );
    store
        .create_session(&a, &session("tok-4", "nec", 9_000))
        .await
        .unwrap();
    assert!(store.set_disabled(&a, "nec", true).await.unwrap());
    assert!(store.find_user(&a, "nec").await.unwrap().unwrap().disabled);
    assert_eq!(
        store
            .find_api_token(&a, &token_digest("api-1"), Micros(1))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .find_session(&a, &token_digest("tok-4"), Micros(1))
            .await
            .unwrap(),
        None
    );
    assert!(store.set_disabled(&a, "nec", false).await.unwrap());
    assert!(!store.find_user(&a, "nec").await.unwrap().unwrap().disabled);
}

#[test]
fn role_codes_round_trip() {
    for role in Role::ALL {
        assert_eq!(Role::from_code(role.code()), Some(role));
    }
    assert_eq!(Role::from_code("root"), None);
    assert!(Role::Editor.can_write() && !Role::Viewer.can_write() && !Role::Vendor.can_write());
}

#[test]
fn user_debug_hides_the_password_hash() {
    let shown = format!("{:?}", user("admin", Role::Admin, None));
    assert!(
        shown.contains("admin") && !shown.contains("argon2"),
        "{shown}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn users_story_on_sqlite() {
    with_sqlite(|backend| async move { story(&backend).await }).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn users_story_on_postgres() {
    with_postgres(|backend| async move { story(&backend).await }).await;
}
