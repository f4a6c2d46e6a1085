//! Why the service or a command could not start or finish: configuration, the database's reachability and
//! migrations, files. These reach a person at a terminal, so they say what to do.

use super::Error;

/// A failure to start the service or to run a command.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// A configuration or command-line value is unusable.
    #[error("{0}")]
    Config(String),

    /// PostgreSQL could not be reached.
    #[error(
        "cannot connect to PostgreSQL at {url}: {reason}. Start PostgreSQL (for example `pg_ctlcluster 15 main start`, or `docker compose up -d postgres`) or point DATABASE_URL at a running server"
    )]
    DatabaseUnreachable {
        /// The URL, password masked.
        url: String,
        /// What the driver said.
        reason: String,
    },

    /// The database named in the URL does not exist.
    #[error("database \"{database}\" does not exist at {url}: run `clinic-analytics migrate` (or `demo`) to create it")]
    DatabaseMissing {
        /// The URL, password masked.
        url: String,
        /// The missing database.
        database: String,
    },

    /// Applying migrations failed.
    #[error("migrating the database failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),

    /// A statement of a command failed.
    #[error("{0}")]
    Database(#[from] sqlx::Error),

    /// Reading or writing a local file or socket failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),

    /// Something the service does while running failed while it was starting.
    #[error("{0}")]
    Service(#[from] Error),
}
