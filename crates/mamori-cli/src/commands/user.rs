//! `mamori user add|list|password|token`: accounts of the web UI, from the command line
//! (for the first administrator's colleagues, for vendors, and for scripts' API tokens).

use mamori_core::RecordKind;
use mamori_i18n::text;
use mamori_store::{
    ApiToken, LedgerStore, Micros, Role, User, UserStore, load_ledger, token_digest,
};

use super::Context;
use crate::args::Cli;
use crate::args_web::UserCommand;
use crate::exit;
use crate::output::{say, warn};
use crate::store::{Opened, open};

pub async fn run(cli: &Cli, context: &Context, command: &UserCommand) -> anyhow::Result<u8> {
    match open(cli).await? {
        Opened::Sqlite(store) => {
            let code = with_store(&store, context, command).await;
            store.close().await;
            code
        }
        Opened::Postgres(store) => {
            let code = with_store(&store, context, command).await;
            store.close().await;
            code
        }
    }
}

fn web_error(error: mamori_web::WebError) -> anyhow::Error {
    anyhow::anyhow!("{}", error.code())
}

async fn with_store(
    store: &(impl LedgerStore + UserStore),
    context: &Context,
    command: &UserCommand,
) -> anyhow::Result<u8> {
    let hospital = &context.hospital;
    let lang = context.lang;
    store.ensure_hospital(hospital, &hospital.0).await?;
    match command {
        UserCommand::Add {
            name,
            role,
            vendor,
            display_name,
        } => {
            let role = Role::from(*role);
            if role == Role::Vendor {
                let Some(vendor) = vendor else {
                    warn(lang, "cli-user-vendor-required", &[]);
                    return Ok(exit::USAGE);
                };
                let ledger = load_ledger(store, hospital, None).await?;
                if !ledger.ids(RecordKind::Vendors).contains(&vendor.as_str()) {
                    warn(lang, "cli-user-vendor-unknown", &[("vendor", vendor)]);
                    return Ok(exit::INVALID_INPUT);
                }
            }
            let password = mamori_web::generate_password().map_err(web_error)?;
            let user = User {
                login: name.clone(),
                display_name: display_name.clone().unwrap_or_else(|| name.clone()),
                role,
                vendor_id: vendor.clone().filter(|_| role == Role::Vendor),
                password_hash: mamori_web::hash_password(&password).map_err(web_error)?,
                disabled: false,
                created_at: Micros::now(),
            };
            if !store.create_user(hospital, &user).await? {
                warn(lang, "cli-user-exists", &[("login", name)]);
                return Ok(exit::INVALID_INPUT);
            }
            say(
                lang,
                "cli-user-added",
                &[
                    ("login", name),
                    ("role", role.code()),
                    ("password", &password),
                ],
            );
        }
        UserCommand::List => {
            for user in store.list_users(hospital).await? {
                let state = if user.disabled {
                    "cli-user-disabled"
                } else {
                    "cli-user-enabled"
                };
                say(
                    lang,
                    "cli-user-list-line",
                    &[
                        ("login", &user.login),
                        ("role", user.role.code()),
                        ("vendor", user.vendor_id.as_deref().unwrap_or("-")),
                        ("state", &text(lang, state, &[])),
                    ],
                );
            }
        }
        UserCommand::Password { name } => {
            let password = mamori_web::generate_password().map_err(web_error)?;
            let hash = mamori_web::hash_password(&password).map_err(web_error)?;
            if !store.set_password(hospital, name, &hash).await? {
                warn(lang, "cli-user-unknown", &[("login", name)]);
                return Ok(exit::INVALID_INPUT);
            }
            say(
                lang,
                "cli-user-password-reset",
                &[("login", name), ("password", &password)],
            );
        }
        UserCommand::Token {
            name,
            label,
            expires_days,
        } => {
            if store.find_user(hospital, name).await?.is_none() {
                warn(lang, "cli-user-unknown", &[("login", name)]);
                return Ok(exit::INVALID_INPUT);
            }
            let token = mamori_web::random_token().map_err(web_error)?;
            let created_at = Micros::now();
            let expires_at = expires_days.map(|days| token_expiry(created_at, days));
            let stored = ApiToken {
                token_digest: token_digest(&token),
                login: name.clone(),
                label: label.clone(),
                created_at,
                expires_at,
                last_used_at: None,
            };
            store.create_api_token(hospital, &stored).await?;
            say(
                lang,
                "cli-user-token-created",
                &[("login", name), ("token", &token)],
            );
            if let Some(at) = expires_at {
                say(
                    lang,
                    "cli-user-token-expires",
                    &[("expires", &mamori_web::views::tokyo_time(at))],
                );
            }
        }
    }
    Ok(exit::OK)
}

/// The moment a token made now stops working: whole days of 24 hours from its creation.
fn token_expiry(created_at: Micros, days: u32) -> Micros {
    const MICROS_PER_DAY: i64 = 86_400 * 1_000_000;
    Micros(created_at.0 + i64::from(days) * MICROS_PER_DAY)
}
