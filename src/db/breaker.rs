//! A circuit breaker in front of the database: after a few failures to reach it in a row, statements are refused at
//! once (requests go straight to their fallback) until a background probe reaches the database again. A database that
//! is down is then not hammered by every request, and requests do not each wait for a connection timeout.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::Failure;

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
}
