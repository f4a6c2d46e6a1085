//! A circuit breaker in front of the database: after a few failures to reach it in a row, statements are refused at
//! once (requests go straight to their fallback) until a background probe reaches the database again. A database that
//! is down is then not hammered by every request, and requests do not each wait for a connection timeout.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// Why a statement failed, as far as its callers care.
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

/// Consecutive failures to reach the database that open the breaker.
const TRIP_AFTER: u32 = 3;

/// The breaker's state, shared by every statement of the process.
#[derive(Debug, Default)]
pub struct Breaker {
    open: AtomicBool,
    consecutive_failures: Mutex<u32>,
}

impl Breaker {
    /// Whether statements are refused at once.
    pub fn is_open(&self) -> bool {
        self.open.load(Ordering::Acquire)
    }

    /// A statement succeeded: the database is reachable.
    pub fn record_success(&self) {
        *self.counter() = 0;
    }

    /// A statement failed; returns true when this failure opened the breaker.
    pub fn record_failure(&self, failure: Failure) -> bool {
        if failure != Failure::Unreachable {
            return false;
        }
        let mut failures = self.counter();
        *failures += 1;
        *failures >= TRIP_AFTER && !self.open.swap(true, Ordering::AcqRel)
    }

    /// The probe reached the database: statements may run again.
    pub fn close(&self) {
        *self.counter() = 0;
        self.open.store(false, Ordering::Release);
    }

    fn counter(&self) -> std::sync::MutexGuard<'_, u32> {
        self.consecutive_failures.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_unreachable_failures_in_a_row_open_the_breaker() {
        let breaker = Breaker::default();

        assert!(!breaker.record_failure(Failure::Unreachable));
        assert!(!breaker.record_failure(Failure::Unreachable));
        assert!(breaker.record_failure(Failure::Unreachable));
        assert!(breaker.is_open());
        assert!(
            !breaker.record_failure(Failure::Unreachable),
            "opening is reported once"
        );
    }

    #[test]
    fn a_success_between_failures_keeps_it_closed() {
        let breaker = Breaker::default();
        breaker.record_failure(Failure::Unreachable);
        breaker.record_failure(Failure::Unreachable);

        breaker.record_success();
        breaker.record_failure(Failure::Unreachable);

        assert!(!breaker.is_open());
    }

    #[test]
    fn slow_statements_and_a_busy_pool_do_not_open_it() {
        let breaker = Breaker::default();

        for _ in 0..10 {
            breaker.record_failure(Failure::TimedOut);
            breaker.record_failure(Failure::Busy);
        }

        assert!(!breaker.is_open());
    }

    #[test]
    fn a_statement_timeout_is_told_apart_from_an_unreachable_database() {
        assert_eq!(Failure::of(&sqlx::Error::PoolTimedOut), Failure::Busy);
        assert_eq!(Failure::of(&sqlx::Error::PoolClosed), Failure::Unreachable);
    }
}
