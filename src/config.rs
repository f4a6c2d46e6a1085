//! Command line and environment configuration: every option is a flag and an environment variable.

use std::fmt;
use std::net::SocketAddr;
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use clap::{Args, Parser, Subcommand, ValueEnum};
use sqlx::postgres::PgConnectOptions;

/// clinic-analytics: the GraphQL analytics API behind clinic dashboards.
#[derive(Debug, Parser)]
#[command(name = "clinic-analytics", version, about, long_about = None)]
pub struct Cli {
    /// How log lines are written.
    #[command(flatten)]
    pub logging: LoggingArgs,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands of the binary.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the GraphQL API (the database must exist and be migrated), connected as the service's login role.
    Serve(Box<ServeArgs>),
    /// Create the database if it is missing and apply the migrations, as the owner.
    Migrate(AdminDatabaseArgs),
    /// Generate realistic clinic data: the demo clinics, or any number of organizations at scale.
    Seed(SeedArgs),
    /// One-command start: create and migrate the database, seed the demo clinics if it is empty, create the service's login role, print how to query them, and serve.
    Demo(Box<DemoArgs>),
    /// Create, list and revoke API keys for server-to-server callers, as the owner.
    ApiKey(ApiKeyArgs),
    /// Print the GraphQL schema (SDL) that schema.graphql must equal.
    Schema,
    /// Print the OpenAPI document of the REST endpoints that docs/openapi.json must equal.
    Openapi,
}

/// Logging options, shared by every command.
#[derive(Debug, Args)]
pub struct LoggingArgs {
    /// Log line format: `json` (one object per line, for log pipelines) or `pretty` (for people). Defaults to json, and to pretty for `demo`.
    #[arg(long, env = "LOG_FORMAT", global = true, value_enum)]
    pub log_format: Option<LogFormat>,

    /// Which log lines to keep, as a tracing filter (`info`, `clinic_analytics=debug,info`, ...).
    #[arg(
        long,
        env = "RUST_LOG",
        global = true,
        default_value = "info,sqlx::postgres::notice=warn"
    )]
    pub log_filter: String,
}

/// The two log formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// One JSON object per line.
    Json,
    /// Human-readable lines.
    Pretty,
}

/// A Redis URL, checked when the configuration is read.
fn parse_redis_url(url: &str) -> Result<redis::Client, String> {
    redis::Client::open(url).map_err(|e| format!("not a Redis URL ({e}); expected redis://host:port/db"))
}

/// The service's database when DATABASE_URL is not set.
pub const DEFAULT_DATABASE_URL: &str = "postgres://clinic_analytics_api@127.0.0.1:5432/clinic_analytics";

/// The owner's connection when ADMIN_DATABASE_URL is not set.
pub const DEFAULT_ADMIN_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:5432/clinic_analytics";

/// How the service reaches PostgreSQL.
#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// The service's PostgreSQL URL: a login role in clinic_analytics_service that owns nothing, so row-level security holds it.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = DEFAULT_DATABASE_URL,
        hide_env_values = true
    )]
    pub database_url: DatabaseUrl,

    /// A streaming replica's URL (the same login role): metric computations read it once it has replayed every change
    /// the service was told of; empty: everything reads DATABASE_URL.
    #[arg(long, env = "DATABASE_READ_URL", hide_env_values = true)]
    pub database_read_url: Option<DatabaseUrl>,

    /// How long a read waits for the replica to replay an announced change before reading the primary, in ms.
    #[arg(long, env = "REPLICA_MAX_WAIT_MS", default_value_t = 1_000)]
    pub replica_max_wait_ms: u64,

    /// Largest number of pooled connections to PostgreSQL.
    #[arg(long, env = "DB_MAX_CONNECTIONS", default_value_t = 16)]
    pub db_max_connections: u32,

    /// How long a query may wait for a free pooled connection, in milliseconds.
    #[arg(long, env = "DB_ACQUIRE_TIMEOUT_MS", default_value_t = 3_000)]
    pub db_acquire_timeout_ms: u64,

    /// How long one analytics statement may run before PostgreSQL cancels it, in milliseconds.
    #[arg(long, env = "DB_STATEMENT_TIMEOUT_MS", default_value_t = 5_000)]
    pub db_statement_timeout_ms: u64,
}

impl DatabaseArgs {
    /// The pool's acquire timeout.
    pub fn acquire_timeout(&self) -> Duration {
        Duration::from_millis(self.db_acquire_timeout_ms)
    }
}

/// The owner's connection, for the commands that create, migrate and write the database.
#[derive(Debug, Clone, Args)]
pub struct AdminDatabaseArgs {
    /// PostgreSQL URL of the role that owns the tables (it runs migrations, seeds, and manages API keys).
    #[arg(
        long,
        env = "ADMIN_DATABASE_URL",
        default_value = DEFAULT_ADMIN_DATABASE_URL,
        hide_env_values = true
    )]
    pub admin_database_url: DatabaseUrl,
}

/// Options of `api-key`.
#[derive(Debug, Clone, Args)]
pub struct ApiKeyArgs {
    /// The owner's connection.
    #[command(flatten)]
    pub admin: AdminDatabaseArgs,

    /// What to do with keys.
    #[command(subcommand)]
    pub command: ApiKeyCommand,
}

/// The `api-key` subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum ApiKeyCommand {
    /// Create a key granting one or more organizations and print it (the only time it is shown).
    Create {
        /// An organization the key grants; repeat for several.
        #[arg(long = "org", required = true, value_name = "ID")]
        organizations: Vec<String>,
        /// What the key is for, to recognise it in `list`.
        #[arg(long, default_value = "")]
        name: String,
    },
    /// List keys: id, name, organizations, created, revoked (never the key itself).
    List {
        /// Only keys granting this organization.
        #[arg(long = "org", value_name = "ID")]
        organization: Option<String>,
    },
    /// Revoke a key by its id; running services refuse it within a second.
    Revoke {
        /// The key's id (the 16 characters after `cak_`).
        id: String,
    },
}

/// Options of `demo`: the server's, and the owner's connection that prepares the database.
#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    /// The server.
    #[command(flatten)]
    pub serve: ServeArgs,

    /// The owner's connection.
    #[command(flatten)]
    pub admin: AdminDatabaseArgs,
}

/// Options of the HTTP server (`serve` and `demo`).
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// The database.
    #[command(flatten)]
    pub database: DatabaseArgs,

    /// Address and port to listen on.
    #[arg(long, env = "LISTEN_ADDR", default_value = "127.0.0.1:8080")]
    pub listen_addr: SocketAddr,

    /// How long a computed metric group is served from the cache, in seconds.
    #[arg(long, env = "CACHE_TTL_SECONDS", default_value_t = 300)]
    pub cache_ttl_seconds: u64,

    /// Memory the cache may hold, in megabytes (entries are weighed by their size).
    #[arg(long, env = "CACHE_MAX_MEGABYTES", default_value_t = 64)]
    pub cache_max_megabytes: u64,

    /// How long the last value computed for each metric group is kept to answer with when computing fails, in hours.
    #[arg(long, env = "FALLBACK_TTL_HOURS", default_value_t = 24)]
    pub fallback_ttl_hours: u64,

    /// Memory the last known values may hold, in megabytes.
    #[arg(long, env = "FALLBACK_MAX_MEGABYTES", default_value_t = 64)]
    pub fallback_max_megabytes: u64,

    /// Longest a GraphQL request may run before it is answered 503, in milliseconds.
    #[arg(long, env = "REQUEST_TIMEOUT_MS", default_value_t = 10_000)]
    pub request_timeout_ms: u64,

    /// Browser origins allowed to call the API (comma-separated, e.g. `https://app.example.com`); none: same origin only.
    #[arg(long, env = "CORS_ALLOWED_ORIGINS", value_delimiter = ',', value_parser = parse_origin)]
    pub cors_allowed_origins: Vec<String>,

    /// Authentication.
    #[command(flatten)]
    pub auth: AuthArgs,

    /// Query and rate limits.
    #[command(flatten)]
    pub limits: LimitArgs,

    /// Live updates over WebSocket.
    #[command(flatten)]
    pub live: LiveArgs,
}

/// How `/graphql/ws` treats its connections.
#[derive(Debug, Clone, Args)]
pub struct LiveArgs {
    /// Most WebSocket connections one caller (token subject or API key) may hold open at once.
    #[arg(long, env = "LIVE_MAX_CONNECTIONS_PER_CALLER", default_value_t = 20)]
    pub live_max_connections_per_caller: usize,

    /// Most subscriptions one WebSocket connection may run at once.
    #[arg(long, env = "LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION", default_value_t = 10)]
    pub live_max_subscriptions_per_connection: usize,

    /// Shortest time between two updates of one subscription, in milliseconds (the changes in between are merged).
    #[arg(long, env = "LIVE_MIN_UPDATE_INTERVAL_MS", default_value_t = 1_000)]
    pub live_min_update_interval_ms: u64,

    /// How long a new connection has to send `connection_init`, in seconds.
    #[arg(long, env = "LIVE_INIT_TIMEOUT_SECONDS", default_value_t = 10)]
    pub live_init_timeout_seconds: u64,

    /// How often the server pings each connection, in seconds.
    #[arg(long, env = "LIVE_PING_INTERVAL_SECONDS", default_value_t = 15)]
    pub live_ping_interval_seconds: u64,

    /// A connection silent this long (not even answering pings) is closed, in seconds; longer than the ping interval.
    #[arg(long, env = "LIVE_IDLE_TIMEOUT_SECONDS", default_value_t = 45)]
    pub live_idle_timeout_seconds: u64,
}

impl LiveArgs {
    /// Refuses settings that would close every connection, or open none.
    pub fn validate(&self) -> Result<(), crate::error::StartupError> {
        let problem = if self.live_ping_interval_seconds == 0 {
            Some("LIVE_PING_INTERVAL_SECONDS must be at least 1")
        } else if self.live_idle_timeout_seconds <= self.live_ping_interval_seconds {
            Some(
                "LIVE_IDLE_TIMEOUT_SECONDS must exceed LIVE_PING_INTERVAL_SECONDS, or idle clients are closed before they are pinged",
            )
        } else {
            None
        };
        match problem {
            Some(problem) => Err(crate::error::StartupError::Config(problem.into())),
            None => Ok(()),
        }
    }
}

/// How much one request, and one caller, may ask for.
#[derive(Debug, Clone, Args)]
pub struct LimitArgs {
    /// Largest request body, in bytes (413 beyond).
    #[arg(long, env = "MAX_BODY_BYTES", default_value_t = 65_536)]
    pub max_body_bytes: usize,

    /// Largest query document, in bytes.
    #[arg(long, env = "MAX_DOCUMENT_BYTES", default_value_t = 16_384)]
    pub max_document_bytes: usize,

    /// Deepest field selection (GraphiQL's introspection query needs 13).
    #[arg(long, env = "MAX_QUERY_DEPTH", default_value_t = 15)]
    pub max_query_depth: usize,

    /// Highest query cost: a field costs 1, a metric group 10, charts 20, the organizations list ten times what it selects.
    #[arg(long, env = "MAX_QUERY_COMPLEXITY", default_value_t = 1_000)]
    pub max_query_complexity: usize,

    /// Most aliases in one document.
    #[arg(long, env = "MAX_ALIASES", default_value_t = 50)]
    pub max_aliases: usize,

    /// Most root fields in one operation.
    #[arg(long, env = "MAX_ROOT_FIELDS", default_value_t = 10)]
    pub max_root_fields: usize,

    /// Whether the schema may be introspected (GraphiQL and codegen need it; turn it off in production).
    #[arg(long, env = "GRAPHQL_INTROSPECTION", default_value_t = true, action = clap::ArgAction::Set)]
    pub graphql_introspection: bool,

    /// Whether errors suggest field names ("did you mean …?"); turn it off in production.
    #[arg(long, env = "GRAPHQL_SUGGESTIONS", default_value_t = true, action = clap::ArgAction::Set)]
    pub graphql_suggestions: bool,

    /// Query cost each caller (token subject, API key, anonymous address) regains per second; 0: no limit.
    #[arg(long, env = "RATE_LIMIT_CALLER_PER_SECOND", default_value_t = 200)]
    pub rate_limit_caller_per_second: u32,

    /// Query cost a caller may spend at once.
    #[arg(long, env = "RATE_LIMIT_CALLER_BURST", default_value_t = 2_000)]
    pub rate_limit_caller_burst: u32,

    /// Query cost each organization regains per second, shared by its callers; 0: no limit.
    #[arg(long, env = "RATE_LIMIT_ORGANIZATION_PER_SECOND", default_value_t = 1_000)]
    pub rate_limit_organization_per_second: u32,

    /// Query cost an organization may spend at once.
    #[arg(long, env = "RATE_LIMIT_ORGANIZATION_BURST", default_value_t = 10_000)]
    pub rate_limit_organization_burst: u32,

    /// Redis URL (redis://host:port/db) holding the rate limits for every process of the service; empty: each
    /// process counts its own. When Redis cannot answer, requests go through and rate_limit_backend_errors_total counts.
    #[arg(long, env = "REDIS_URL", hide_env_values = true, value_parser = parse_redis_url)]
    pub redis_url: Option<redis::Client>,
}

/// How bearer tokens are verified. API keys (`clinic-analytics api-key`) are always accepted.
#[derive(Debug, Clone, Args)]
pub struct AuthArgs {
    /// Shared secret that signs HS256 tokens, for development; `demo` generates one per run when it is unset.
    #[arg(long, env = "JWT_HS256_SECRET", hide_env_values = true)]
    pub jwt_hs256_secret: Option<Secret>,

    /// URL of the identity provider's JSON Web Key Set (RS256, ES256, PS256, EdDSA keys, by `kid`).
    #[arg(long, env = "JWKS_URL", conflicts_with = "jwks_file")]
    pub jwks_url: Option<String>,

    /// A JSON Web Key Set file, for offline setups.
    #[arg(long, env = "JWKS_FILE")]
    pub jwks_file: Option<std::path::PathBuf>,

    /// Shortest time between key set refreshes that tokens naming an unknown key trigger, in seconds.
    #[arg(long, env = "JWKS_MIN_REFRESH_SECONDS", default_value_t = 300)]
    pub jwks_min_refresh_seconds: u64,

    /// How often the key set is refreshed anyway, in seconds.
    #[arg(long, env = "JWKS_REFRESH_SECONDS", default_value_t = 3600)]
    pub jwks_refresh_seconds: u64,

    /// When set, tokens must carry exactly this `iss` claim.
    #[arg(long, env = "JWT_ISSUER")]
    pub jwt_issuer: Option<String>,

    /// When set, tokens must carry this `aud` claim.
    #[arg(long, env = "JWT_AUDIENCE")]
    pub jwt_audience: Option<String>,

    /// Clock skew tolerated on `exp` and `nbf`, in seconds.
    #[arg(long, env = "JWT_LEEWAY_SECONDS", default_value_t = 30)]
    pub jwt_leeway_seconds: u64,
}

/// Options of `seed`.
#[derive(Debug, Clone, Args)]
pub struct SeedArgs {
    /// The owner's connection.
    #[command(flatten)]
    pub admin: AdminDatabaseArgs,

    /// Random seed: the same seed and `--now` always generate the same rows.
    #[arg(long, env = "SEED", default_value_t = 42)]
    pub seed: u64,

    /// Number of generated organizations of `--patients` and `--appointments` each. Without any scale flag, `seed` creates the demo clinics.
    #[arg(long)]
    pub orgs: Option<u32>,

    /// Patients per generated organization.
    #[arg(long, default_value_t = 2_000)]
    pub patients: u32,

    /// Appointments per generated organization.
    #[arg(long, default_value_t = 50_000)]
    pub appointments: u64,

    /// Days of history per generated organization.
    #[arg(long, default_value_t = 730)]
    pub history_days: u32,

    /// Add the large clinic group: 20,000 patients and 500,000 appointments over two years.
    #[arg(long)]
    pub large_org: bool,

    /// Time zone of generated organizations (IANA name). By default they rotate through several zones.
    #[arg(long, value_parser = parse_time_zone)]
    pub timezone: Option<Tz>,

    /// The moment the data is generated relative to (RFC 3339). Defaults to now.
    #[arg(long, value_parser = parse_instant)]
    pub now: Option<DateTime<Utc>>,

    /// Delete organizations that already exist with a generated id, and generate them again.
    #[arg(long)]
    pub replace: bool,
}

impl SeedArgs {
    /// True when no scale flag was given, so the demo clinics are wanted.
    pub fn wants_demo_clinics(&self) -> bool {
        self.orgs.is_none() && !self.large_org
    }
}

/// Parses an IANA time zone name, rejecting unknown ones with a hint.
pub fn parse_time_zone(name: &str) -> Result<Tz, String> {
    Tz::from_str(name)
        .map_err(|_| format!("unknown time zone '{name}': use an IANA name such as Australia/Sydney or Europe/London"))
}

/// A browser origin: `scheme://host[:port]`, nothing after it.
fn parse_origin(text: &str) -> Result<String, String> {
    let url = url::Url::parse(text.trim()).map_err(|e| format!("'{text}' is not an origin ({e})"))?;
    let origin = url.origin().ascii_serialization();
    if !url.origin().is_tuple() || origin != text.trim().trim_end_matches('/') {
        return Err(format!(
            "'{text}' is not an origin: write scheme://host[:port], such as https://app.example.com"
        ));
    }
    Ok(origin)
}

fn parse_instant(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|e| format!("'{text}' is not an RFC 3339 time ({e}), e.g. 2026-01-31T09:00:00Z"))
}

/// A PostgreSQL URL whose password never appears in logs or errors.
#[derive(Clone)]
pub struct DatabaseUrl {
    url: String,
    options: PgConnectOptions,
}

impl DatabaseUrl {
    /// The URL as given, password included: only for connecting.
    pub fn expose(&self) -> &str {
        &self.url
    }

    /// Connection options parsed from the URL.
    pub fn connect_options(&self) -> PgConnectOptions {
        self.options.clone()
    }

    /// The database the URL names.
    pub fn database_name(&self) -> String {
        self.options
            .get_database()
            .map(str::to_owned)
            .unwrap_or_else(|| self.options.get_username().to_owned())
    }

    /// The role the URL logs in as.
    pub fn username(&self) -> &str {
        self.options.get_username()
    }

    /// The URL's password, decoded, when it has one.
    pub fn password(&self) -> Option<String> {
        let url = url::Url::parse(&self.url).ok()?;
        let encoded = url.password()?;
        Some(
            percent_encoding::percent_decode_str(encoded)
                .decode_utf8_lossy()
                .into_owned(),
        )
    }

    /// The same server and database, logging in as `user` without a password.
    pub fn with_user(&self, user: &str) -> Result<Self, String> {
        let mut url = url::Url::parse(&self.url).map_err(|e| format!("not a URL: {e}"))?;
        url.set_username(user)
            .map_err(|()| "the URL cannot carry a user name".to_owned())?;
        url.set_password(None)
            .map_err(|()| "the URL cannot carry a password".to_owned())?;
        url.as_str().parse()
    }

    /// The URL with its password replaced by `****`, for messages.
    pub fn masked(&self) -> String {
        match self.url.split_once("://") {
            Some((scheme, rest)) => match rest.rsplit_once('@') {
                Some((credentials, host)) => {
                    let user = credentials.split(':').next().unwrap_or_default();
                    let password = if credentials.contains(':') { ":****" } else { "" };
                    format!("{scheme}://{user}{password}@{host}")
                }
                None => self.url.clone(),
            },
            None => self.url.clone(),
        }
    }
}

impl FromStr for DatabaseUrl {
    type Err = String;

    fn from_str(url: &str) -> Result<Self, Self::Err> {
        let options = PgConnectOptions::from_str(url).map_err(|e| {
            format!("not a PostgreSQL URL ({e}); expected postgres://user[:password]@host:port/database")
        })?;
        Ok(Self {
            url: url.to_owned(),
            options,
        })
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// A secret value that prints as `[redacted]`.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself: only where it is used.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl FromStr for Secret {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        if value.len() < 32 {
            return Err("a signing secret needs at least 32 characters".into());
        }
        Ok(Self(value.to_owned()))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_url_hides_the_password_but_keeps_user_host_and_database() {
        let url: DatabaseUrl = "postgres://app:s3cret@db.internal:5433/clinics".parse().unwrap();

        assert_eq!(url.masked(), "postgres://app:****@db.internal:5433/clinics");
        assert_eq!(format!("{url:?}"), "postgres://app:****@db.internal:5433/clinics");
        assert_eq!(url.database_name(), "clinics");
    }

    #[test]
    fn a_url_gives_its_user_and_decoded_password_and_can_log_in_as_another_user() {
        let url: DatabaseUrl = "postgres://owner:p%40ss@db.internal:5433/clinics".parse().unwrap();

        let service = url.with_user("clinic_analytics_api").unwrap();

        assert_eq!(url.username(), "owner");
        assert_eq!(url.password().as_deref(), Some("p@ss"));
        assert_eq!(
            service.expose(),
            "postgres://clinic_analytics_api@db.internal:5433/clinics"
        );
        assert_eq!(service.password(), None);
    }

    #[test]
    fn masked_url_without_password_is_unchanged() {
        let url: DatabaseUrl = "postgres://postgres@127.0.0.1:5432/clinic_analytics".parse().unwrap();

        assert_eq!(url.masked(), "postgres://postgres@127.0.0.1:5432/clinic_analytics");
    }

    #[test]
    fn unknown_time_zone_is_refused_with_a_hint() {
        let error = parse_time_zone("Mars/Olympus_Mons").unwrap_err();

        assert_eq!(
            error,
            "unknown time zone 'Mars/Olympus_Mons': use an IANA name such as Australia/Sydney or Europe/London"
        );
    }

    #[test]
    fn origins_are_scheme_host_and_port_only() {
        assert_eq!(
            parse_origin("https://app.example.com/").unwrap(),
            "https://app.example.com"
        );
        assert_eq!(parse_origin("http://localhost:5173").unwrap(), "http://localhost:5173");
        assert!(parse_origin("https://app.example.com/dashboard").is_err());
        assert!(parse_origin("*").is_err());
    }

    #[test]
    fn secret_debug_output_is_redacted() {
        let secret: Secret = "0123456789abcdef0123456789abcdef".parse().unwrap();

        assert_eq!(format!("{secret:?}"), "[redacted]");
    }

    #[test]
    fn short_secret_is_refused() {
        assert!("short".parse::<Secret>().is_err());
    }
}
