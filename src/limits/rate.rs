//! Rate limits per caller (a token's subject, an API key, or an anonymous client's address) and per organization,
//! charged by each query's cost, so one heavy dashboard counts for more than a cheap lookup. A request over either
//! limit is answered 429 with `Retry-After` before any database work. Counted in this process, or, with `REDIS_URL`,
//! in Redis for every process at once ([`super::shared`]).

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::shared::{Bucket, SharedBuckets, Verdict};
use crate::config::LimitArgs;
use crate::error::{Error, RateRefusal, RateScope, Result};

/// How often limiters forget callers that have been quiet long enough to be back at a full allowance.
const FORGET_INTERVAL: Duration = Duration::from_secs(60);

/// One allowance: cost units replenished per second, up to a burst.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Allowance {
    /// Units replenished per second.
    pub per_second: NonZeroU32,
    /// Units that may be spent at once.
    pub burst: NonZeroU32,
}

impl Allowance {
    /// An allowance, or none (unlimited) when either number is 0.
    pub fn new(per_second: u32, burst: u32) -> Option<Self> {
        Some(Self {
            per_second: NonZeroU32::new(per_second)?,
            burst: NonZeroU32::new(burst)?,
        })
    }
}

struct Limiter {
    limiter: DefaultKeyedRateLimiter<String>,
    allowance: Allowance,
}

impl Limiter {
    fn new(allowance: Allowance) -> Self {
        Self {
            limiter: RateLimiter::keyed(Quota::per_second(allowance.per_second).allow_burst(allowance.burst)),
            allowance,
        }
    }

    /// The units a request costing `cost` spends. A cost above the burst is charged as the whole burst: the query's
    /// own limit already bounds it, and it must not be refused forever.
    fn units(&self, cost: u32) -> NonZeroU32 {
        NonZeroU32::new(cost.clamp(1, self.allowance.burst.get())).unwrap_or(self.allowance.burst)
    }

    /// Spends `cost` units of `key`'s allowance, or says how long until they are there.
    fn spend(&self, key: &str, cost: u32) -> Option<Duration> {
        match self.limiter.check_key_n(&key.to_owned(), self.units(cost)) {
            Ok(Ok(())) => None,
            Ok(Err(not_until)) => Some(not_until.wait_time_from(self.limiter.clock().now())),
            Err(_) => Some(Duration::from_secs(1)),
        }
    }
}

/// The service's rate limits, shared by every request.
#[derive(Clone, Default)]
pub struct RateLimits {
    caller: Option<Arc<Limiter>>,
    organization: Option<Arc<Limiter>>,
    shared: Option<SharedBuckets>,
}

impl RateLimits {
    /// Limits with the given allowances (None: unlimited), counted in this process.
    pub fn new(caller: Option<Allowance>, organization: Option<Allowance>) -> Self {
        Self {
            caller: caller.map(|a| Arc::new(Limiter::new(a))),
            organization: organization.map(|a| Arc::new(Limiter::new(a))),
            shared: None,
        }
    }

    /// The same limits, counted in Redis for every process that shares it.
    pub fn shared_through(self, buckets: SharedBuckets) -> Self {
        Self {
            shared: Some(buckets),
            ..self
        }
    }

    /// The limits `args` configure.
    pub fn from_args(args: &LimitArgs) -> Self {
        let limits = Self::new(
            Allowance::new(args.rate_limit_caller_per_second, args.rate_limit_caller_burst),
            Allowance::new(
                args.rate_limit_organization_per_second,
                args.rate_limit_organization_burst,
            ),
        );
        match &args.redis_url {
            Some(client) => limits.shared_through(SharedBuckets::new(client.clone())),
            None => limits,
        }
    }

    /// Charges a request costing `cost` to its caller and, when it is about one, its organization.
    pub async fn charge(&self, caller: &str, organization: Option<&str>, cost: usize) -> Result<()> {
        let cost = u32::try_from(cost).unwrap_or(u32::MAX);
        if let Some(shared) = &self.shared {
            return self.charge_shared(shared, caller, organization, cost).await;
        }
        if let Some(limiter) = &self.caller
            && let Some(retry_after) = limiter.spend(caller, cost)
        {
            return Err(refused(RateScope::Caller, retry_after));
        }
        if let Some(limiter) = &self.organization
            && let Some(organization) = organization
            && let Some(retry_after) = limiter.spend(organization, cost)
        {
            return Err(refused(RateScope::Organization, retry_after));
        }
        Ok(())
    }

    async fn charge_shared(
        &self,
        shared: &SharedBuckets,
        caller: &str,
        organization: Option<&str>,
        cost: u32,
    ) -> Result<()> {
        let mut scopes = Vec::with_capacity(2);
        let mut buckets = Vec::with_capacity(2);
        let mut add = |scope: RateScope, limiter: &Limiter, id: &str| {
            scopes.push(scope);
            buckets.push(Bucket {
                key: format!("{}:{id}", scope.as_str()),
                allowance: limiter.allowance,
                units: limiter.units(cost).get(),
            });
        };
        if let Some(limiter) = &self.caller {
            add(RateScope::Caller, limiter, caller);
        }
        if let (Some(limiter), Some(organization)) = (&self.organization, organization) {
            add(RateScope::Organization, limiter, organization);
        }
        match shared.charge(&buckets).await {
            Verdict::Allowed | Verdict::Unavailable => Ok(()),
            Verdict::Refused { index, retry_after } => Err(refused(scopes[index], retry_after)),
        }
    }

    /// Forgets, every minute, the callers back at a full allowance, so the limiters hold only recent callers.
    pub fn forget_quiet_callers(&self) -> tokio::task::JoinHandle<()> {
        let limits = self.clone();
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(FORGET_INTERVAL);
            loop {
                ticks.tick().await;
                for limiter in limits.caller.iter().chain(&limits.organization) {
                    limiter.limiter.retain_recent();
                    limiter.limiter.shrink_to_fit();
                }
            }
        })
    }
}

fn refused(scope: RateScope, retry_after: Duration) -> Error {
    metrics::counter!(crate::telemetry::names::RATE_LIMITED, "scope" => scope.as_str()).increment(1);
    Error::RateLimited(RateRefusal { scope, retry_after })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> RateLimits {
        RateLimits::new(Allowance::new(10, 100), Allowance::new(10, 150))
    }

    #[tokio::test]
    async fn a_caller_may_spend_its_burst_at_once_and_is_then_told_when_to_retry() {
        let limits = limits();

        let first = limits.charge("alice", Some("org_a"), 60).await;
        let second = limits.charge("alice", Some("org_a"), 60).await.unwrap_err();

        assert!(first.is_ok());
        let Error::RateLimited(refusal) = second else {
            panic!("{second:?}")
        };
        assert_eq!(refusal.scope, RateScope::Caller);
        // 20 units short at 10 per second.
        assert_eq!(refusal.retry_after_seconds(), 2);
    }

    #[tokio::test]
    async fn callers_of_one_organization_share_its_allowance() {
        let limits = limits();

        assert!(limits.charge("alice", Some("org_a"), 90).await.is_ok());
        let bob = limits.charge("bob", Some("org_a"), 90).await.unwrap_err();
        let elsewhere = limits.charge("carol", Some("org_b"), 90).await;

        assert!(matches!(
            bob,
            Error::RateLimited(RateRefusal {
                scope: RateScope::Organization,
                ..
            })
        ));
        assert!(elsewhere.is_ok());
    }

    #[tokio::test]
    async fn a_cost_above_the_burst_is_charged_as_the_burst_and_zero_allowances_mean_no_limit() {
        let limits = limits();
        let unlimited = RateLimits::new(Allowance::new(0, 100), None);

        assert!(limits.charge("dave", None, 1_000).await.is_ok());
        assert!(limits.charge("dave", None, 1).await.is_err());
        for _ in 0..1_000 {
            assert!(unlimited.charge("erin", Some("org_a"), 1_000).await.is_ok());
        }
    }
}
