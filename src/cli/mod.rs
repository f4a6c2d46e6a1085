//! The commands of the binary.

pub mod api_key;
pub mod private_postgres;
pub mod progress;
pub mod seed;

use std::process::ExitCode;

use chrono::{Duration, Utc};
use clinic_analytics_seed::{SURF_REHAB_ID, spec};
use tokio::net::TcpListener;

use crate::auth::{Claims, mint_hs256};
use crate::cli::private_postgres::PrivateCluster;
use crate::config::{
    AdminDatabaseArgs, Cli, Command, DEFAULT_ADMIN_DATABASE_URL, DEFAULT_DATABASE_URL, DemoArgs, LogFormat, Secret,
    ServeArgs,
};
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
    telemetry::traces::flush();
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

async fn demo(
    DemoArgs {
        serve: mut args,
        mut admin,
    }: DemoArgs,
) -> Result<()> {
    // Dropped when the demo ends, Ctrl-C included: that stops the private cluster, if one was started.
    let _private_cluster = choose_demo_server(&mut args, &mut admin).await?;
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

/// Where the demo's database lives. Named by DATABASE_URL or ADMIN_DATABASE_URL (or their flags), that server. Otherwise
/// the default server (127.0.0.1:5432, or libpq's PGHOST and PGPORT), and when it refuses the demo, which a stock
/// distribution's password-protected server does, a private cluster of the demo's own.
async fn choose_demo_server(args: &mut ServeArgs, admin: &mut AdminDatabaseArgs) -> Result<Option<PrivateCluster>> {
    let named = std::env::var_os("DATABASE_URL").is_some()
        || std::env::var_os("ADMIN_DATABASE_URL").is_some()
        || args.database.database_url.expose() != DEFAULT_DATABASE_URL
        || admin.admin_database_url.expose() != DEFAULT_ADMIN_DATABASE_URL;
    if named {
        return Ok(None);
    }
    args.database.database_url = with_libpq_server(DEFAULT_DATABASE_URL)?;
    admin.admin_database_url = with_libpq_server(DEFAULT_ADMIN_DATABASE_URL)?;
    let refusal = match db::check_server(&admin.admin_database_url).await {
        Ok(()) => return Ok(None),
        Err(refusal) => refusal,
    };
    eprintln!(
        "the default PostgreSQL server did not let the demo in ({refusal})\n\
         the demo will run on a private PostgreSQL cluster of its own instead"
    );
    let cluster = PrivateCluster::start()?;
    let database = admin.admin_database_url.database_name();
    admin.admin_database_url = cluster.url("postgres", &database)?;
    args.database.database_url = cluster.url(args.database.database_url.username(), &database)?;
    eprintln!(
        "the demo's database is {database} in {} (kept for the next run; delete the folder to start afresh)",
        cluster.data_directory().display()
    );
    Ok(Some(cluster))
}

/// `url` on the server libpq's PGHOST and PGPORT name, where they are set.
fn with_libpq_server(url: &str) -> Result<crate::config::DatabaseUrl> {
    let mut url = url::Url::parse(url).map_err(|e| StartupError::Config(e.to_string()))?;
    for variable in ["PGHOST", "PGPORT"] {
        if let Some(value) = std::env::var(variable).ok().filter(|value| !value.is_empty()) {
            let name = variable.trim_start_matches("PG").to_ascii_lowercase();
            url.query_pairs_mut().append_pair(&name, &value);
        }
    }
    url.as_str().parse().map_err(StartupError::Config)
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
    let mut address = args.listen_addr;
    // Listening on every interface (in a container, say), the page is still reached through loopback.
    if address.ip().is_unspecified() {
        address.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
    }
    let url = format!("http://{address}");
    println!(
        r#"
clinic-analytics demo is serving at {url}

  Dashboard           {url}/#token={token}
                      (open it in a browser: the token stays in the page, never in a request's URL)

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
