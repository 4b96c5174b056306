//! `mamori serve`: the web UI and API on one address. On the first start with no users it
//! creates the administrator `admin` with a random password, printed once.

use anyhow::Context as _;
use mamori_store::{LedgerStore, Micros, Role, User, UserStore};
use mamori_web::{AppState, Config, WebStore};

use super::Context;
use super::serve_tls::{self, Tls};
use crate::args::Cli;
use crate::args_web::ServeArgs;
use crate::output::say;
use crate::store::{Opened, open};

/// Runs the server on its own multi-threaded runtime (the CLI's is single-threaded, which
/// suits one-shot commands but not 50 concurrent browsers), until Ctrl-C or SIGTERM.
pub fn run(cli: &Cli, context: &Context, args: &ServeArgs) -> anyhow::Result<u8> {
    init_logging();
    // Certificate problems are found before anything else happens.
    let tls = match serve_tls::prepare(context.lang, &cli.data_dir, args) {
        Ok(tls) => tls,
        Err(failure) => return Ok(failure.report()),
    };
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                // Made and dropped on this thread: dropping a runtime inside the CLI's
                // async context panics (it did, on every Ctrl-C, before this was moved).
                let runtime = mamori_web::server_runtime()?;
                let code = runtime.block_on(serve(cli, context, args, tls.as_ref()));
                runtime.shutdown_timeout(std::time::Duration::from_secs(5));
                code
            })
            .join()
            .map_err(|_| anyhow::anyhow!("the server thread stopped unexpectedly"))?
    })
}

async fn serve(
    cli: &Cli,
    context: &Context,
    args: &ServeArgs,
    tls: Option<&Tls>,
) -> anyhow::Result<u8> {
    match open(cli).await? {
        Opened::Sqlite(store) => {
            let code = serve_with(store.clone(), context, args, tls).await;
            store.close().await;
            code
        }
        Opened::Postgres(store) => {
            let code = serve_with(store.clone(), context, args, tls).await;
            store.close().await;
            code
        }
    }
}

async fn serve_with<S: WebStore>(
    store: S,
    context: &Context,
    args: &ServeArgs,
    tls: Option<&Tls>,
) -> anyhow::Result<u8> {
    store
        .ensure_hospital(&context.hospital, &context.hospital.0)
        .await?;
    ensure_first_admin(&store, context).await?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("--listen {}", args.listen))?;
    let address = listener.local_addr()?;
    // Listening for signals before saying so: a stop right after the announcement is graceful.
    let shutdown = mamori_web::shutdown_signal();
    say(
        context.lang,
        if tls.is_some() {
            "cli-serve-listening-tls"
        } else {
            "cli-serve-listening"
        },
        &[("address", &address.to_string())],
    );
    let config = Config {
        // Over TLS the session cookie must never travel in the clear.
        secure_cookies: args.secure_cookies || tls.is_some(),
        ..Config::new(context.hospital.clone())
    };
    let state = AppState::new(store, config);
    match tls {
        Some(tls) => {
            mamori_web::serve_tls(listener, tls.config.clone(), state, shutdown).await?;
        }
        None => mamori_web::serve(listener, state, shutdown).await?,
    }
    say(context.lang, "cli-serve-stopped", &[]);
    Ok(crate::exit::OK)
}

/// Nobody can log in to a fresh install, so the first start makes an administrator.
async fn ensure_first_admin(
    store: &(impl LedgerStore + UserStore),
    context: &Context,
) -> anyhow::Result<()> {
    if store.count_users(&context.hospital).await? > 0 {
        return Ok(());
    }
    let password = mamori_web::generate_password().map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let user = User {
        login: "admin".to_owned(),
        display_name: "admin".to_owned(),
        role: Role::Admin,
        vendor_id: None,
        password_hash: mamori_web::hash_password(&password)
            .map_err(|e| anyhow::anyhow!("{e:?}"))?,
        disabled: false,
        created_at: Micros::now(),
    };
    if store.create_user(&context.hospital, &user).await? {
        say(
            context.lang,
            "cli-serve-first-admin",
            &[("login", &user.login), ("password", &password)],
        );
    }
    Ok(())
}

/// One line per event on stderr (requests, logins, errors) for journald or a log file.
fn init_logging() {
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing::Level::INFO)
        .with_ansi(false)
        .try_init();
}
