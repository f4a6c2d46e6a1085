//! All SQL lives under this module: connecting, migrations, and one submodule per data area. It knows nothing of the
//! layers above it (the dashboard, the APIs).

pub mod api_keys;
pub mod appointments;
pub mod breaker;
pub mod copy;
pub mod definitions;
pub mod organizations;
pub mod replica;
pub mod roles;
pub mod rollups;
pub mod seed;
pub mod visit_definitions;
pub mod visits;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgArguments, PgConnectOptions, PgPoolOptions, PgRow};
use sqlx::query::QueryAs;
use sqlx::{ConnectOptions, Connection, Executor, FromRow, PgConnection, PgPool, Postgres};
use tracing::Instrument;

use crate::config::{DatabaseArgs, DatabaseUrl};
use crate::error::{Error, Failure, Result, StartupError};
use crate::telemetry::{names, traces};
use breaker::Breaker;
use replica::{ReadFrom, Replica};

/// The migrations in `migrations/`, embedded in the binary.
pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// The service's handle on PostgreSQL: every analytics statement goes through it, so each is counted, timed,
/// refused at once while the circuit breaker is open, and run in a transaction that grants row-level security the
/// handle's organizations and no others.
#[derive(Clone, Debug)]
pub struct Db {
    pool: PgPool,
    statements: Arc<AtomicU64>,
    breaker: Arc<Breaker>,
    scope: Arc<[String]>,
    replica: Option<Arc<Replica>>,
    reads_replica: bool,
}

impl Db {
    /// A handle over a pool, granted no organization: its statements see no tenant rows until it is scoped.
    pub fn new(pool: PgPool) -> Self {
        Self {
            pool,
            statements: Arc::new(AtomicU64::new(0)),
            breaker: Arc::default(),
            scope: Arc::from([]),
            replica: None,
            reads_replica: false,
        }
    }

    /// The same handle, with a streaming replica that [`Db::reading`] handles read from.
    pub fn with_replica(self, replica: Replica) -> Self {
        Self {
            replica: Some(Arc::new(replica)),
            ..self
        }
    }

    /// The same handle, reading from the replica where there is one: for metric computations, which may read a
    /// replica as long as it has replayed every change announced.
    pub fn reading(&self) -> Self {
        Self {
            reads_replica: self.replica.is_some(),
            ..self.clone()
        }
    }

    /// The replica, when there is one.
    pub fn replica(&self) -> Option<&Arc<Replica>> {
        self.replica.as_ref()
    }

    /// The primary's WAL insert position now, as change notifications carry it; None when it cannot be read.
    pub async fn insert_position(&self) -> Option<u64> {
        let position: i64 = sqlx::query_scalar("select (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::int8")
            .fetch_one(&self.pool)
            .await
            .ok()?;
        u64::try_from(position).ok()
    }

    /// After changes were announced: reads wait for the replica to replay as far as the primary is now.
    pub async fn changes_announced(&self) {
        if let Some(replica) = &self.replica
            && let Err(error) = replica.must_see_primary_position(&self.pool).await
        {
            // Without the position, reads cannot be told to wait: send them to the primary until it is known.
            replica.read_primary_until_known();
            tracing::warn!(%error, "cannot read the primary's WAL position; reading the primary for now");
        }
    }

    /// The same handle (pool, counters, breaker), granted exactly `organizations`.
    pub fn scoped(&self, organizations: Arc<[String]>) -> Self {
        Self {
            scope: organizations,
            ..self.clone()
        }
    }

    /// The pool, for health checks and administration.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// How many statements this handle has sent since it was made.
    pub fn statements_issued(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    /// Whether statements are being refused because the database cannot be reached.
    pub fn breaker_open(&self) -> bool {
        self.breaker.is_open()
    }

    /// Runs a query and collects its rows; `name` labels it in metrics, logs and traces (never its values).
    pub async fn fetch_all<O>(&self, name: &'static str, query: QueryAs<'_, Postgres, O, PgArguments>) -> Result<Vec<O>>
    where
        O: Send + Unpin + for<'r> FromRow<'r, PgRow>,
    {
        if !traces::enabled() {
            return self.fetch_all_measured(name, query).await;
        }
        let span = tracing::info_span!(
            "db.statement",
            otel.name = name,
            otel.kind = "client",
            otel.status_code = tracing::field::Empty,
            db.system.name = "postgresql",
            db.query.summary = name,
            db.response.returned_rows = tracing::field::Empty,
        );
        let rows = self.fetch_all_measured(name, query).instrument(span.clone()).await;
        match &rows {
            Ok(rows) => span.record("db.response.returned_rows", rows.len()),
            Err(_) => span.record("otel.status_code", "ERROR"),
        };
        rows
    }

    async fn fetch_all_measured<O>(
        &self,
        name: &'static str,
        query: QueryAs<'_, Postgres, O, PgArguments>,
    ) -> Result<Vec<O>>
    where
        O: Send + Unpin + for<'r> FromRow<'r, PgRow>,
    {
        if self.breaker.is_open() {
            metrics::counter!(names::QUERY_ERRORS, "query" => name, "kind" => "breaker_open").increment(1);
            return Err(Error::Unavailable(Failure::Unreachable));
        }
        self.statements.fetch_add(1, Ordering::Relaxed);
        let started = Instant::now();
        let pool = match &self.replica {
            Some(replica) if self.reads_replica && replica.read_from().await == ReadFrom::Replica => replica.pool(),
            _ => &self.pool,
        };
        let waiting = metrics::gauge!(names::POOL_WAITING);
        waiting.increment(1.0);
        let connection = pool.acquire().await;
        waiting.decrement(1.0);
        let rows = match connection {
            Ok(mut connection) => self
                .fetch_in_scope(&mut connection, query)
                .await
                .map_err(|error| (Failure::of(&error), error)),
            Err(error) => Err((Failure::of_connecting(&error, pool.size()), error)),
        };
        metrics::histogram!(names::QUERY_DURATION, "query" => name).record(started.elapsed().as_secs_f64());
        match rows {
            Ok(rows) => {
                self.breaker.record_success();
                Ok(rows)
            }
            Err((failure, error)) => {
                metrics::counter!(names::QUERY_ERRORS, "query" => name, "kind" => failure.as_str()).increment(1);
                if matches!(error, sqlx::Error::PoolTimedOut) {
                    metrics::counter!(names::POOL_TIMEOUTS).increment(1);
                }
                if self.breaker.record_failure(failure) {
                    metrics::gauge!(names::BREAKER_OPEN).set(1.0);
                    tracing::error!(query = name, %error, "the database cannot be reached: answering from fallbacks");
                }
                if failure == Failure::of(&error) {
                    Err(error.into())
                } else {
                    tracing::debug!(query = name, %error, "no connection to run the statement on");
                    Err(Error::Unavailable(failure))
                }
            }
        }
    }

    /// Runs a query in a transaction whose row-level security grant is this handle's organizations. The grant is
    /// transaction-local (`set_config(..., true)`), so it ends with the transaction and never reaches the next user
    /// of the pooled connection.
    async fn fetch_in_scope<O>(
        &self,
        connection: &mut PgConnection,
        query: QueryAs<'_, Postgres, O, PgArguments>,
    ) -> std::result::Result<Vec<O>, sqlx::Error>
    where
        O: Send + Unpin + for<'r> FromRow<'r, PgRow>,
    {
        let mut transaction = connection.begin().await?;
        sqlx::query("select set_config('clinic_analytics.organization_ids', $1::text[]::text, true)")
            .bind(&*self.scope)
            .execute(&mut *transaction)
            .await?;
        let rows = query.fetch_all(&mut *transaction).await?;
        transaction.commit().await?;
        Ok(rows)
    }

    /// While the breaker is open, tries the database every `every` and closes the breaker once it answers.
    pub fn probe_while_open(&self, every: Duration) -> tokio::task::JoinHandle<()> {
        let db = self.clone();
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                if !db.breaker.is_open() {
                    continue;
                }
                let probe = sqlx::query("select 1").execute(&db.pool);
                if let Ok(Ok(_)) = tokio::time::timeout(Duration::from_secs(1), probe).await {
                    db.breaker.close();
                    metrics::gauge!(names::BREAKER_OPEN).set(0.0);
                    tracing::warn!("the database is reachable again");
                }
            }
        })
    }

    /// Publishes the pool's size and use to the metrics registry.
    pub fn report_pool(&self) {
        let size = f64::from(self.pool.size());
        let idle = self.pool.num_idle() as f64;
        metrics::gauge!(names::POOL_CONNECTIONS, "state" => "idle").set(idle);
        metrics::gauge!(names::POOL_CONNECTIONS, "state" => "in_use").set((size - idle).max(0.0));
        metrics::gauge!(names::POOL_MAX).set(f64::from(self.pool.options().get_max_connections()));
        metrics::gauge!(names::BREAKER_OPEN).set(if self.breaker.is_open() { 1.0 } else { 0.0 });
    }
}

/// Opens the service's pool: bounded waits and the session settings of [`service_options`].
pub async fn connect(args: &DatabaseArgs) -> Result<PgPool, StartupError> {
    connect_with(args, service_options(&args.database_url, args), &args.database_url).await
}

/// Opens a pool on the replica `url` names, with the service's session settings and bounds.
pub async fn connect_replica(args: &DatabaseArgs, url: &DatabaseUrl) -> Result<PgPool, StartupError> {
    connect_with(args, service_options(url, args), url).await
}

/// The service's pool, without warnings about slow statements (for measuring the deliberately slow definitions).
pub async fn connect_quietly(args: &DatabaseArgs) -> Result<PgPool, StartupError> {
    let options = service_options(&args.database_url, args)
        .log_slow_statements(tracing::log::LevelFilter::Off, Duration::from_secs(3600));
    connect_with(args, options, &args.database_url).await
}

/// The service's sessions: a statement timeout, no JIT (it costs analytics queries more to compile than it saves),
/// and no parallel workers (the service runs many small statements at once; starting workers for each costs more
/// than it saves and takes cores from concurrent requests).
fn service_options(url: &DatabaseUrl, args: &DatabaseArgs) -> PgConnectOptions {
    let statement_timeout = args.db_statement_timeout_ms.to_string();
    url.connect_options().application_name("clinic-analytics").options([
        ("statement_timeout", statement_timeout.as_str()),
        ("jit", "off"),
        ("max_parallel_workers_per_gather", "0"),
    ])
}

async fn connect_with(
    args: &DatabaseArgs,
    options: PgConnectOptions,
    url: &DatabaseUrl,
) -> Result<PgPool, StartupError> {
    PgPoolOptions::new()
        .max_connections(args.db_max_connections)
        .acquire_timeout(args.acquire_timeout())
        .idle_timeout(Some(Duration::from_secs(600)))
        .connect_with(options)
        .await
        .map_err(|e| connect_error(url, e))
}

/// Opens one connection without a statement timeout, for migrations and bulk loads.
pub async fn connect_admin(url: &DatabaseUrl) -> Result<PgConnection, StartupError> {
    // Index builds during a bulk load take seconds by design: not worth a slow-statement warning.
    let options = url
        .connect_options()
        .application_name("clinic-analytics-admin")
        .options([("jit", "off")])
        .log_slow_statements(tracing::log::LevelFilter::Off, Duration::from_secs(3600));
    PgConnection::connect_with(&options)
        .await
        .map_err(|e| connect_error(url, e))
}

/// Opens a small pool without a statement timeout, for commands that load and rebuild in parallel.
pub async fn connect_admin_pool(url: &DatabaseUrl, connections: u32) -> Result<PgPool, StartupError> {
    let options = url
        .connect_options()
        .application_name("clinic-analytics-admin")
        .options([("jit", "off"), ("work_mem", "256MB"), ("maintenance_work_mem", "512MB")])
        .log_slow_statements(tracing::log::LevelFilter::Off, Duration::from_secs(3600));
    PgPoolOptions::new()
        .max_connections(connections)
        .connect_with(options)
        .await
        .map_err(|e| connect_error(url, e))
}

/// Connects to the URL's server (its maintenance database) and leaves: whether the server lets this login in.
pub async fn check_server(url: &DatabaseUrl) -> Result<(), StartupError> {
    let maintenance: PgConnectOptions = url.connect_options().database("postgres");
    let conn = PgConnection::connect_with(&maintenance)
        .await
        .map_err(|e| connect_error(url, e))?;
    conn.close().await?;
    Ok(())
}

/// Creates the database named in the URL when it does not exist yet; true when it was created.
pub async fn create_database_if_missing(url: &DatabaseUrl) -> Result<bool, StartupError> {
    let name = url.database_name();
    let maintenance: PgConnectOptions = url.connect_options().database("postgres");
    let mut conn = PgConnection::connect_with(&maintenance)
        .await
        .map_err(|e| connect_error(url, e))?;
    let exists: bool = sqlx::query_scalar("select exists (select 1 from pg_database where datname = $1)")
        .bind(&name)
        .fetch_one(&mut conn)
        .await?;
    if !exists {
        let statement = format!("create database {}", quote_identifier(&name));
        conn.execute(sqlx::AssertSqlSafe(statement)).await?;
        tracing::info!(database = %name, "created the database");
    }
    conn.close().await?;
    Ok(!exists)
}

/// Applies every pending migration.
pub async fn migrate(conn: &mut PgConnection) -> Result<(), StartupError> {
    MIGRATOR.run(conn).await?;
    Ok(())
}

/// Fails with a clear message when the database lacks migrations this build needs.
pub async fn ensure_migrated(pool: &PgPool) -> Result<(), StartupError> {
    let pending = pending_migrations(pool).await?;
    if pending.is_empty() {
        return Ok(());
    }
    Err(StartupError::Config(format!(
        "the database is missing {} migration(s) ({}): run `clinic-analytics migrate`",
        pending.len(),
        pending.join(", ")
    )))
}

/// The migrations of this build that the database has not applied.
pub async fn pending_migrations(pool: &PgPool) -> Result<Vec<String>> {
    let table_exists: bool = sqlx::query_scalar("select to_regclass('_sqlx_migrations') is not null")
        .fetch_one(pool)
        .await?;
    let applied: Vec<i64> = if table_exists {
        sqlx::query_scalar("select version from _sqlx_migrations where success")
            .fetch_all(pool)
            .await?
    } else {
        Vec::new()
    };
    Ok(MIGRATOR
        .iter()
        .filter(|m| !applied.contains(&m.version))
        .map(|m| format!("{} {}", m.version, m.description))
        .collect())
}

/// Quotes an SQL identifier (doubling embedded quotes).
pub fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn connect_error(url: &DatabaseUrl, error: sqlx::Error) -> StartupError {
    let missing_database = error
        .as_database_error()
        .and_then(|e| e.code())
        .is_some_and(|code| code == "3D000");
    if missing_database {
        return StartupError::DatabaseMissing {
            url: url.masked(),
            database: url.database_name(),
        };
    }
    let reason = match &error {
        sqlx::Error::Io(io) => io.to_string(),
        sqlx::Error::PoolTimedOut => "timed out".into(),
        sqlx::Error::Database(db) => db.message().to_owned(),
        other => other.to_string(),
    };
    StartupError::DatabaseUnreachable {
        url: url.masked(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_quoted_with_embedded_quotes_doubled() {
        assert_eq!(quote_identifier("clinic_analytics"), "\"clinic_analytics\"");
        assert_eq!(quote_identifier("a\"b"), "\"a\"\"b\"");
    }
}
