//! The commands of the binary.

pub mod progress;
pub mod seed;

use tokio::net::TcpListener;

use crate::config::{Command, DatabaseArgs, ServeArgs};
use crate::db;
use crate::error::{Error, Result};
use crate::startup::{self, AppState};

/// Runs one command to completion.
pub async fn run(command: Command) -> Result<()> {
    match command {
        Command::Serve(args) => serve(args).await,
        Command::Migrate(args) => migrate(&args).await,
        Command::Seed(args) => seed::run(args).await,
        Command::Demo(args) => demo(args).await,
    }
}

async fn serve(args: ServeArgs) -> Result<()> {
    let state = AppState::connect(&args).await?;
    let listener = bind(&args).await?;
    tracing::info!(address = %args.listen_addr, "serving");
    startup::serve(listener, state).await
}

async fn migrate(args: &DatabaseArgs) -> Result<()> {
    if db::create_database_if_missing(&args.database_url).await? {
        eprintln!("created database {}", args.database_url.database_name());
    }
    let mut conn = db::connect_admin(&args.database_url).await?;
    db::migrate(&mut conn).await?;
    eprintln!("the database is migrated ({})", args.database_url);
    Ok(())
}

async fn demo(args: ServeArgs) -> Result<()> {
    migrate(&args.database).await?;
    let mut conn = db::connect_admin(&args.database.database_url).await?;
    let organizations: i64 = sqlx::query_scalar("select count(*) from organizations")
        .fetch_one(&mut conn)
        .await?;
    if organizations == 0 {
        let now = seed::current_second();
        seed::seed_organizations(&mut conn, crate::seed::spec::demo_clinics(), 42, now, false).await?;
    }
    serve(args).await
}

async fn bind(args: &ServeArgs) -> Result<TcpListener> {
    TcpListener::bind(args.listen_addr)
        .await
        .map_err(|e| Error::Config(format!("cannot listen on {}: {e}", args.listen_addr)))
}
