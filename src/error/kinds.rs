//! What a refusal or a failure consists of: which query limit a request went over, which allowance it exhausted, and
//! how the database failed. The limits and the database produce these; the error type carries them to clients.

use std::time::Duration;

/// Which query limit a request went over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// The document's size in bytes.
    DocumentBytes,
    /// Bracket nesting in the raw text.
    Nesting,
    /// Field depth.
    Depth,
    /// Cost.
    Complexity,
    /// Aliases.
    Aliases,
    /// Root fields.
    RootFields,
}

impl Limit {
    /// The limit's name in `extensions.details.limit`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DocumentBytes => "document_bytes",
            Self::Nesting => "nesting",
            Self::Depth => "depth",
            Self::Complexity => "complexity",
            Self::Aliases => "aliases",
            Self::RootFields => "root_fields",
        }
    }
}

/// A query limit gone over: which, by how much.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LimitExceeded {
    /// The limit.
    pub limit: Limit,
    /// Its configured maximum.
    pub maximum: usize,
    /// What the query has.
    pub found: usize,
}

impl LimitExceeded {
    /// What the client is told.
    pub fn message(&self) -> String {
        let Self { maximum, found, .. } = self;
        match self.limit {
            Limit::DocumentBytes => format!("the query has {found} bytes; this server accepts at most {maximum}"),
            Limit::Nesting => format!("the query nests brackets {found} deep; this server accepts at most {maximum}"),
            Limit::Depth => {
                format!("the query selects fields {found} levels deep; this server accepts at most {maximum}")
            }
            Limit::Complexity => format!(
                "the query costs {found}; this server accepts at most {maximum} (a field costs 1, a metric group 10, \
                 charts 20, and the organizations list ten times what it selects)"
            ),
            Limit::Aliases => format!("the query has {found} aliases; this server accepts at most {maximum}"),
            Limit::RootFields => {
                format!("the query asks for {found} root fields; this server accepts at most {maximum}")
            }
        }
    }
}

/// Whose allowance a request went over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateScope {
    /// The caller's.
    Caller,
    /// The organization's, shared by all its callers.
    Organization,
}

impl RateScope {
    /// Every scope, for metrics registered before the first refusal.
    pub const ALL: [Self; 2] = [Self::Caller, Self::Organization];

    /// The scope's name in `extensions.details.scope`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Caller => "caller",
            Self::Organization => "organization",
        }
    }
}

/// A request refused for going over an allowance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateRefusal {
    /// Whose allowance.
    pub scope: RateScope,
    /// When the request's cost will fit again.
    pub retry_after: Duration,
}

impl RateRefusal {
    /// Whole seconds to wait, at least one (the value of `Retry-After`).
    pub fn retry_after_seconds(&self) -> u64 {
        self.retry_after.as_secs_f64().ceil().max(1.0) as u64
    }

    /// What the client is told.
    pub fn message(&self) -> String {
        let whose = match self.scope {
            RateScope::Caller => "these credentials have",
            RateScope::Organization => "this organization has",
        };
        format!(
            "{whose} asked for more than the rate limit allows; retry in {} s",
            self.retry_after_seconds()
        )
    }
}

/// Why a database statement failed, as far as its callers care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Failure {
    /// The database could not be reached (refused, dropped, shutting down, out of connections).
    Unreachable,
    /// No pooled connection was free in time.
    Busy,
    /// The statement ran past its timeout and was cancelled.
    TimedOut,
    /// Anything else (a bug, a schema mismatch).
    Other,
}

impl Failure {
    /// Every kind, for metrics registered before the first failure.
    pub const ALL: [Self; 4] = [Self::Unreachable, Self::Busy, Self::TimedOut, Self::Other];

    /// The failure kind of a driver error.
    pub fn of(error: &sqlx::Error) -> Self {
        match error {
            sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed
            | sqlx::Error::Protocol(_) => Self::Unreachable,
            sqlx::Error::PoolTimedOut => Self::Busy,
            sqlx::Error::Database(database) => match database.code().as_deref() {
                // query_canceled: statement_timeout or a cancel request.
                Some("57014") => Self::TimedOut,
                // Connection exceptions, shutdowns, "cannot connect now", too many connections.
                Some(code) if code.starts_with("08") || ["57P01", "57P02", "57P03", "53300"].contains(&code) => {
                    Self::Unreachable
                }
                _ => Self::Other,
            },
            _ => Self::Other,
        }
    }

    /// The failure kind of an error getting a connection from a pool that holds `live_connections`. The database
    /// refusing a new session (shutting down, not accepting connections, too many clients, a revoked login) means it
    /// cannot be reached, whatever its code; and a wait that timed out with no live connection in the pool was a
    /// wait for connections that could not be made, not for busy ones.
    pub fn of_connecting(error: &sqlx::Error, live_connections: u32) -> Self {
        match error {
            sqlx::Error::Database(_) => Self::Unreachable,
            sqlx::Error::PoolTimedOut if live_connections == 0 => Self::Unreachable,
            other => Self::of(other),
        }
    }

    /// A label for metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unreachable => "unreachable",
            Self::Busy => "busy",
            Self::TimedOut => "timed_out",
            Self::Other => "other",
        }
    }

    /// Why figures are stale, in plain words.
    pub fn reason(self) -> &'static str {
        match self {
            Self::Unreachable => "the database cannot be reached",
            Self::Busy => "the service is too busy to reach the database",
            Self::TimedOut => "computing the figures took too long",
            Self::Other => "the figures could not be computed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_asks_for_whole_seconds_and_at_least_one() {
        let refusal = |millis| RateRefusal {
            scope: RateScope::Caller,
            retry_after: Duration::from_millis(millis),
        };

        assert_eq!(refusal(1_500).retry_after_seconds(), 2);
        assert_eq!(refusal(10).retry_after_seconds(), 1);
        assert_eq!(
            refusal(1_500).message(),
            "these credentials have asked for more than the rate limit allows; retry in 2 s"
        );
    }

    #[test]
    fn a_statement_timeout_is_told_apart_from_an_unreachable_database() {
        assert_eq!(Failure::of(&sqlx::Error::PoolTimedOut), Failure::Busy);
        assert_eq!(Failure::of(&sqlx::Error::PoolClosed), Failure::Unreachable);
    }

    #[test]
    fn a_pool_that_cannot_make_a_connection_finds_the_database_unreachable_and_a_full_one_busy() {
        assert_eq!(
            Failure::of_connecting(&sqlx::Error::PoolTimedOut, 0),
            Failure::Unreachable
        );
        assert_eq!(Failure::of_connecting(&sqlx::Error::PoolTimedOut, 16), Failure::Busy);
        assert_eq!(
            Failure::of_connecting(&sqlx::Error::Io(std::io::ErrorKind::ConnectionRefused.into()), 3),
            Failure::Unreachable
        );
    }
}
