//! Reads from a streaming replica (`DATABASE_READ_URL`) that never show figures older than a change the service was
//! told of. After each burst of change notifications the service records the primary's WAL position
//! ([`Replica::must_see`]); a read then waits until the replica has replayed past it, at most `REPLICA_MAX_WAIT_MS`,
//! and past that bound reads the primary instead and counts `replica_fallbacks_total`. The position is read on the
//! primary after the notification arrives, so it lies past the writing transaction's commit record: a replica that
//! has replayed it shows the change.

use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use sqlx::PgPool;
use tokio::time::Instant;

use crate::telemetry::names;

/// How often a waiting read asks the replica how far it has replayed.
const POLL_INTERVAL: Duration = Duration::from_millis(5);

/// A WAL position as a byte offset; on a server not in recovery, its current position.
const REPLAYED: &str = "select (case when pg_is_in_recovery() then pg_last_wal_replay_lsn() \
                        else pg_current_wal_lsn() end - '0/0'::pg_lsn)::int8";

/// The primary's current WAL position, as a byte offset.
const CURRENT: &str = "select (pg_current_wal_lsn() - '0/0'::pg_lsn)::int8";

/// How far behind the replica is: bytes, and seconds since the last replayed transaction while it is behind.
const LAG: &str = "select (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::int8, \
                   extract(epoch from now() - pg_last_xact_replay_timestamp())::float8";

/// A replica and what reads must wait for on it.
#[derive(Debug)]
pub struct Replica {
    pool: PgPool,
    max_wait: Duration,
    must_see: AtomicU64,
    replayed: AtomicU64,
    position_unknown: AtomicBool,
}

/// Where a read goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadFrom {
    /// The replica: it has replayed every announced change.
    Replica,
    /// The primary: the replica did not catch up in time, or could not say how far it was.
    Primary,
}

impl Replica {
    /// A replica reached through `pool`, for which reads wait at most `max_wait`.
    pub fn new(pool: PgPool, max_wait: Duration) -> Self {
        Self {
            pool,
            max_wait,
            must_see: AtomicU64::new(0),
            replayed: AtomicU64::new(0),
            position_unknown: AtomicBool::new(false),
        }
    }

    /// The replica's pool.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Records the primary's position after a change was announced: later reads wait for the replica to pass it.
    pub async fn must_see_primary_position(&self, primary: &PgPool) -> Result<(), sqlx::Error> {
        let position: i64 = sqlx::query_scalar(CURRENT).fetch_one(primary).await?;
        self.must_see
            .fetch_max(u64::try_from(position).unwrap_or(0), Ordering::AcqRel);
        self.position_unknown.store(false, Ordering::Release);
        Ok(())
    }

    /// A change was announced whose position could not be read: reads go to the primary until one is recorded.
    pub fn read_primary_until_known(&self) {
        self.position_unknown.store(true, Ordering::Release);
    }

    /// Where the next read goes: the replica once it has replayed every announced change (waiting for it at most
    /// the bound), else the primary, counted in `replica_fallbacks_total`.
    pub async fn read_from(&self) -> ReadFrom {
        if self.position_unknown.load(Ordering::Acquire) {
            metrics::counter!(names::REPLICA_FALLBACKS).increment(1);
            return ReadFrom::Primary;
        }
        let needed = self.must_see.load(Ordering::Acquire);
        if self.replayed.load(Ordering::Acquire) >= needed {
            return ReadFrom::Replica;
        }
        let replayed = wait_for_replay(needed, self.max_wait, || async {
            let position: i64 = sqlx::query_scalar(REPLAYED).fetch_one(&self.pool).await?;
            Ok::<_, sqlx::Error>(u64::try_from(position).unwrap_or(0))
        })
        .await;
        if let Some(position) = replayed {
            self.replayed.fetch_max(position, Ordering::AcqRel);
        }
        match replayed {
            Some(position) if position >= needed => ReadFrom::Replica,
            _ => {
                metrics::counter!(names::REPLICA_FALLBACKS).increment(1);
                ReadFrom::Primary
            }
        }
    }

    /// Publishes how far the replica is behind the primary, in bytes and seconds.
    pub async fn report_lag(&self, primary: &PgPool) -> Result<(), sqlx::Error> {
        let current: i64 = sqlx::query_scalar(CURRENT).fetch_one(primary).await?;
        let (replayed, since_last_replay): (Option<i64>, Option<f64>) =
            sqlx::query_as(LAG).fetch_one(&self.pool).await?;
        let behind = replayed.map_or(0, |replayed| (current - replayed).max(0));
        let seconds = if behind == 0 {
            0.0
        } else {
            since_last_replay.unwrap_or(0.0).max(0.0)
        };
        metrics::gauge!(names::REPLICA_LAG_BYTES).set(behind as f64);
        metrics::gauge!(names::REPLICA_LAG_SECONDS).set(seconds);
        Ok(())
    }
}

/// Asks `replayed` how far the replica is until it reaches `needed` or `max_wait` has passed; the last position it
/// told, or None when it could not tell.
pub async fn wait_for_replay<F, Fut, E>(needed: u64, max_wait: Duration, mut replayed: F) -> Option<u64>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<u64, E>>,
{
    let deadline = Instant::now() + max_wait;
    loop {
        let position = tokio::time::timeout_at(deadline, replayed()).await.ok()?.ok()?;
        if position >= needed || Instant::now() + POLL_INTERVAL > deadline {
            return Some(position);
        }
        tokio::time::sleep(POLL_INTERVAL).await;
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::convert::Infallible;

    use super::*;

    /// A replica that replays `step` bytes between two questions, starting at `from`.
    fn replaying(from: u64, step: u64) -> (Cell<u64>, u64) {
        (Cell::new(from), step)
    }

    #[tokio::test(start_paused = true)]
    async fn a_replica_already_past_the_position_is_read_at_once() {
        let started = Instant::now();

        let position = wait_for_replay(100, Duration::from_secs(1), || async { Ok::<_, Infallible>(150) }).await;

        assert_eq!(position, Some(150));
        assert_eq!(started.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn a_replica_catching_up_is_waited_for_until_it_passes_the_position() {
        let (at, step) = replaying(0, 10);
        let started = Instant::now();

        let position = wait_for_replay(35, Duration::from_secs(1), || {
            at.set(at.get() + step);
            let now = at.get();
            async move { Ok::<_, Infallible>(now) }
        })
        .await;

        assert_eq!(position, Some(40));
        // Four questions, three waits between them.
        assert_eq!(started.elapsed(), POLL_INTERVAL * 3);
    }

    #[tokio::test(start_paused = true)]
    async fn a_replica_that_does_not_catch_up_is_given_up_at_the_bound_with_its_last_position() {
        let started = Instant::now();

        let position = wait_for_replay(100, Duration::from_millis(50), || async { Ok::<_, Infallible>(7) }).await;

        assert_eq!(position, Some(7));
        assert!(
            started.elapsed() <= Duration::from_millis(50),
            "{:?}",
            started.elapsed()
        );
        assert!(
            started.elapsed() >= Duration::from_millis(45),
            "{:?}",
            started.elapsed()
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_replica_that_cannot_say_or_does_not_answer_in_time_is_not_read() {
        let failing = wait_for_replay(100, Duration::from_secs(1), || async {
            Err::<u64, _>("connection refused")
        });
        let hanging = wait_for_replay(100, Duration::from_millis(50), || async {
            tokio::time::sleep(Duration::from_secs(60)).await;
            Ok::<_, Infallible>(100)
        });

        assert_eq!(failing.await, None);
        assert_eq!(hanging.await, None);
    }
}
