//! The commands of the binary.

pub mod api_key;
pub mod progress;
pub mod seed;

use std::process::ExitCode;

use chrono::{Duration, Utc};
use clinic_analytics_seed::{SURF_REHAB_ID, spec};
use tokio::net::TcpListener;

use crate::auth::{Claims, mint_hs256};
use crate::config::{AdminDatabaseArgs, Cli, Command, DemoArgs, LogFormat, Secret, ServeArgs};
use crate::db::{self, organizations, roles};
use crate::error::StartupError;
use crate::http::{self, DemoCredentials};
use crate::{startup, telemetry};

type Result<T> = std::result::Result<T, StartupError>;

/// The binary: starts logging as `args` say (human-readable for the demo, JSON lines otherwise), runs their command,
/// and tells how it went.
pub async fn main(args: Cli) -> ExitCode {
    let default_format = match args.command {
        Command::Demo(_) => LogFormat::Pretty,
        _ => LogFormat::Json,
    };
    let format = args.logging.log_format.unwrap_or(default_format);
    let outcome = match telemetry::init(format, &args.logging.log_filter) {
        Ok(()) => run(args.command).await,
        Err(error) => Err(error),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Runs one command to completion.
pub async fn run(command: Command) -> Result<()> {
    match command {
        Command::Serve(args) => serve(*args).await,
        Command::Migrate(args) => migrate(&args).await,
        Command::Seed(args) => seed::run(args).await,
        Command::Demo(args) => demo(*args).await,
        Command::ApiKey(args) => api_key::run(args).await,
        Command::Schema => {
            print!("{}", crate::graphql::sdl());
            Ok(())
        }
        Command::Openapi => {
            println!("{}", crate::http::rest::openapi::text());
            Ok(())
        }
    }
}

async fn serve(args: ServeArgs) -> Result<()> {
    let state = startup::connect(&args, None).await?;
    startup::start_background_tasks(&state);
    let listener = bind(&args).await?;
    tracing::info!(address = %args.listen_addr, "serving");
    startup::serve(listener, http::routes(state, &args.cors_allowed_origins)).await
}

async fn migrate(args: &AdminDatabaseArgs) -> Result<()> {
    let url = &args.admin_database_url;
    if db::create_database_if_missing(url).await? {
        eprintln!("created database {}", url.database_name());
    }
    let mut conn = db::connect_admin(url).await?;
    db::migrate(&mut conn).await?;
    eprintln!("the database is migrated ({url})");
    Ok(())
}

/// How long the demo's token stays valid.
const DEMO_TOKEN_HOURS: i64 = 24;

async fn demo(DemoArgs { serve: args, admin }: DemoArgs) -> Result<()> {
    let service_url = &args.database.database_url;
    if service_url.database_name() != admin.admin_database_url.database_name() {
        return Err(StartupError::Config(format!(
            "DATABASE_URL ({service_url}) and ADMIN_DATABASE_URL ({}) must name the same database",
            admin.admin_database_url
        )));
    }
    migrate(&admin).await?;
    let admin = db::connect_admin_pool(&admin.admin_database_url, 3).await?;
    roles::ensure_service_login(
        &mut *admin.acquire().await?,
        service_url.username(),
        service_url.password().as_deref(),
    )
    .await?;
    let mut granted = organizations::all_ids(&mut *admin.acquire().await?).await?;
    if granted.is_empty() {
        let now = seed::current_second();
        seed::seed_organizations(&admin, spec::demo_clinics(), 42, now, false).await?;
        granted = organizations::all_ids(&mut *admin.acquire().await?).await?;
    }
    admin.close().await;
    let mut args = args;
    let secret = args.auth.jwt_hs256_secret.get_or_insert_with(random_secret).clone();
    let organization = if granted.iter().any(|id| id == SURF_REHAB_ID) {
        SURF_REHAB_ID.to_owned()
    } else {
        granted.first().cloned().unwrap_or_default()
    };
    let grant: Vec<&str> = granted.iter().map(String::as_str).collect();
    let token = mint_hs256(
        &secret,
        &Claims::granting(&grant, Utc::now() + Duration::hours(DEMO_TOKEN_HOURS)),
    )?;

    let demo = DemoCredentials {
        token: token.clone(),
        organization: organization.clone(),
    };
    let state = startup::connect(&args, Some(demo)).await?;
    startup::start_background_tasks(&state);
    let listener = bind(&args).await?;
    print_demo_instructions(&args, &token, &organization);
    startup::serve(listener, http::routes(state, &args.cors_allowed_origins)).await
}

/// A fresh signing secret for one demo run, so no fixed demo secret can ever verify tokens elsewhere.
fn random_secret() -> Secret {
    // Two random (v4) UUIDs: 244 bits from the operating system's generator.
    Secret::new(format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    ))
}

fn print_demo_instructions(args: &ServeArgs, token: &str, organization: &str) {
    let address = args.listen_addr;
    let url = format!("http://{address}");
    println!(
        r#"
clinic-analytics demo is serving at {url}

  GraphQL playground  {url}/graphql   (headers for Surf Rehab are filled in; subscriptions run too)
  REST                {url}/api/v1/dashboard/{organization}/analytics   (OpenAPI: {url}/api/v1/openapi.json)
  Live updates        ws://{address}/graphql/ws   (graphql-transport-ws; examples/dashboard-client: npm run live)
  Health              {url}/healthz

Bearer token for the demo clinics (valid {DEMO_TOKEN_HOURS} hours, signed with this run's secret):

  {token}

Try:

  curl -s {url}/graphql \
    -H 'Content-Type: application/json' \
    -H 'Authorization: Bearer {token}' \
    -H 'X-Organization-ID: {organization}' \
    -d '{{"query":"{{ organization(id: \"{organization}\") {{ name summary {{ totalPatients activePatients engagementRate }} }} }}"}}'

  curl -s '{url}/api/v1/dashboard/{organization}/analytics?timeframe=30d' \
    -H 'Authorization: Bearer {token}' \
    -H 'X-Organization-ID: {organization}'

Stop with Ctrl-C.
"#
    );
}

async fn bind(args: &ServeArgs) -> Result<TcpListener> {
    TcpListener::bind(args.listen_addr)
        .await
        .map_err(|e| StartupError::Config(format!("cannot listen on {}: {e}", args.listen_addr)))
}
