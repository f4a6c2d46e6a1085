//! Rate limits shared by every process through Redis: one GCRA bucket per caller and per organization, checked and
//! spent together by one Lua script on Redis's clock, so three replicas allow what one would. When Redis cannot
//! answer, the limiter fails open: the request is let through, `rate_limit_backend_errors_total` counts it, and the
//! failure is logged at most once a minute. A slow limit must not become an outage.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use redis::aio::ConnectionManager;
use redis::{Client, Script};
use tokio::sync::OnceCell;

use super::rate::Allowance;
use crate::telemetry::names;

/// How long one check may wait for Redis before the request goes through unlimited.
const RESPONSE_TIMEOUT: Duration = Duration::from_millis(100);

/// How long connecting may take, and how often a refused connection is tried again.
const CONNECT_TIMEOUT: Duration = Duration::from_millis(500);

/// How often a failing Redis is logged.
const LOG_INTERVAL: Duration = Duration::from_secs(60);

/// Where the buckets live in Redis.
const KEY_PREFIX: &str = "clinic-analytics:rate:";

/// GCRA over every bucket in KEYS, on Redis's clock, in microseconds: for bucket i, ARGV[2i-1] is what this request
/// adds to it (emission interval × cost) and ARGV[2i] its tolerance (interval × burst). Either every bucket is charged
/// or none: the reply is {0, 0}, or {i, wait} for the first bucket i that would go over, `wait` microseconds before it
/// would not. Numbers are written with %.0f: Lua's own formatting would round them.
const GCRA: &str = r"
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local arrivals = {}
for i, key in ipairs(KEYS) do
    local increment = tonumber(ARGV[2 * i - 1])
    local tolerance = tonumber(ARGV[2 * i])
    local arrival = tonumber(redis.call('GET', key) or now)
    if arrival < now then arrival = now end
    local next_arrival = arrival + increment
    local wait = next_arrival - tolerance - now
    if wait > 0 then return {i, math.ceil(wait)} end
    arrivals[i] = next_arrival
end
for i, key in ipairs(KEYS) do
    local expires_ms = math.ceil((arrivals[i] - now) / 1000) + 1
    redis.call('SET', key, string.format('%.0f', arrivals[i]), 'PX', expires_ms)
end
return {0, 0}
";

/// A bucket to charge: its key, allowance and the units to spend.
#[derive(Debug, Clone)]
pub struct Bucket {
    /// The bucket's key (scope and id), without the prefix.
    pub key: String,
    /// Its allowance.
    pub allowance: Allowance,
    /// The units this request spends from it.
    pub units: u32,
}

/// What Redis said of one charge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Every bucket was charged.
    Allowed,
    /// Bucket `index` (0-based) would go over; retry after the duration.
    Refused { index: usize, retry_after: Duration },
    /// Redis did not answer: let the request through.
    Unavailable,
}

/// The connection to Redis and the script, shared by every request of a process.
#[derive(Clone)]
pub struct SharedBuckets {
    inner: Arc<Inner>,
}

struct Inner {
    client: Client,
    connection: OnceCell<ConnectionManager>,
    last_connect_attempt: Mutex<Option<Instant>>,
    last_logged: Mutex<Option<Instant>>,
    script: Script,
}

impl SharedBuckets {
    /// Buckets in the Redis `client` names; connects on first use.
    pub fn new(client: Client) -> Self {
        Self {
            inner: Arc::new(Inner {
                client,
                connection: OnceCell::new(),
                last_connect_attempt: Mutex::new(None),
                last_logged: Mutex::new(None),
                script: Script::new(GCRA),
            }),
        }
    }

    /// Spends each bucket's units, from every bucket or from none.
    pub async fn charge(&self, buckets: &[Bucket]) -> Verdict {
        if buckets.is_empty() {
            return Verdict::Allowed;
        }
        let mut connection = match self.connection().await {
            Ok(connection) => connection,
            Err(why) => return self.unavailable(&why),
        };
        let mut invocation = self.inner.script.prepare_invoke();
        for bucket in buckets {
            let interval = 1_000_000.0 / f64::from(bucket.allowance.per_second.get());
            invocation
                .key(format!("{KEY_PREFIX}{}", bucket.key))
                .arg(interval * f64::from(bucket.units))
                .arg(interval * f64::from(bucket.allowance.burst.get()));
        }
        match tokio::time::timeout(RESPONSE_TIMEOUT, invocation.invoke_async::<(i64, i64)>(&mut connection)).await {
            Ok(Ok((0, _))) => Verdict::Allowed,
            Ok(Ok((bucket, wait_us))) => Verdict::Refused {
                index: usize::try_from(bucket - 1).unwrap_or(0),
                retry_after: Duration::from_micros(u64::try_from(wait_us).unwrap_or(0)),
            },
            Ok(Err(error)) => self.unavailable(&error.to_string()),
            Err(_) => self.unavailable("Redis did not answer in time"),
        }
    }

    /// The connection, made on first use; after a failed attempt, the next is made a connect timeout later, so a
    /// Redis that is down costs requests nothing but this check.
    async fn connection(&self) -> Result<ConnectionManager, String> {
        if let Some(connection) = self.inner.connection.get() {
            return Ok(connection.clone());
        }
        {
            let mut last = self
                .inner
                .last_connect_attempt
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            if last.is_some_and(|at| at.elapsed() < CONNECT_TIMEOUT) {
                return Err("Redis refused the last connection; trying again shortly".to_owned());
            }
            *last = Some(Instant::now());
        }
        let config = redis::aio::ConnectionManagerConfig::new()
            .set_connection_timeout(Some(CONNECT_TIMEOUT))
            .set_response_timeout(Some(RESPONSE_TIMEOUT))
            .set_number_of_retries(1);
        let connecting = ConnectionManager::new_with_config(self.inner.client.clone(), config);
        match tokio::time::timeout(CONNECT_TIMEOUT, connecting).await {
            Ok(Ok(connection)) => Ok(self.inner.connection.get_or_init(|| async { connection }).await.clone()),
            Ok(Err(error)) => Err(format!("cannot connect to Redis: {error}")),
            Err(_) => Err("connecting to Redis timed out".to_owned()),
        }
    }

    /// Counts a failure of the backend and logs it, at most once a minute.
    fn unavailable(&self, why: &str) -> Verdict {
        metrics::counter!(names::RATE_LIMIT_BACKEND_ERRORS).increment(1);
        let mut last = self.inner.last_logged.lock().unwrap_or_else(|p| p.into_inner());
        if last.is_none_or(|at| at.elapsed() >= LOG_INTERVAL) {
            *last = Some(Instant::now());
            tracing::warn!(
                error = why,
                "the shared rate limits cannot reach Redis: letting requests through"
            );
        }
        Verdict::Unavailable
    }
}

#[cfg(test)]
mod tests {
    use std::num::NonZeroU32;

    use super::*;

    fn bucket(key: &str, units: u32) -> Bucket {
        Bucket {
            key: key.to_owned(),
            allowance: Allowance {
                per_second: NonZeroU32::new(10).unwrap(),
                burst: NonZeroU32::new(100).unwrap(),
            },
            units,
        }
    }

    #[tokio::test]
    async fn an_unreachable_redis_lets_every_request_through_without_waiting_on_it() {
        // Port 1: nothing listens there, so every connection is refused at once.
        let buckets = SharedBuckets::new(Client::open("redis://127.0.0.1:1/").unwrap());

        let started = Instant::now();
        let verdicts = [
            buckets.charge(&[bucket("caller:alice", 60)]).await,
            buckets.charge(&[bucket("caller:alice", 60)]).await,
            buckets.charge(&[bucket("caller:alice", 60)]).await,
        ];

        assert_eq!(verdicts, [Verdict::Unavailable; 3]);
        // One refused connection attempt; the next ones wait for the retry interval instead of for Redis.
        assert!(started.elapsed() < CONNECT_TIMEOUT, "{:?}", started.elapsed());
    }

    #[tokio::test]
    async fn no_buckets_need_no_redis() {
        let buckets = SharedBuckets::new(Client::open("redis://127.0.0.1:1/").unwrap());

        assert_eq!(buckets.charge(&[]).await, Verdict::Allowed);
    }
}
