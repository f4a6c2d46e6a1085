//! Live dashboard updates: `dashboardUpdated` tells a dashboard which of an organization's metric groups changed, so
//! it refetches only those. Driven by the change notifications that invalidate the cache; each subscriber gets the
//! first change at once and then at most one update per interval, the changes in between merged.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use async_graphql::{Context, Enum, ID, SimpleObject, Subscription as SubscriptionRoot};
use chrono::{DateTime, Utc};
use futures_util::Stream;
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::time::Instant;

use super::context::Coded;
use crate::auth::Grant;
use crate::dashboard::{ChangeFeed, FeedEvent, MetricGroup as Group};
use crate::error::Error;

/// The root of subscriptions, served over WebSocket at `/graphql/ws`.
#[derive(Debug, Default, Clone, Copy)]
pub struct Subscription;

/// Live updates of the dashboards the caller may see.
#[SubscriptionRoot]
impl Subscription {
    /// Emits when the organization's data changes: the first change at once, then at most one update per second
    /// with the changes in between merged. Refetch the fields of the groups it names.
    async fn dashboard_updated(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organization to watch; the connection's token must grant it.")] organization_id: ID,
    ) -> async_graphql::Result<impl Stream<Item = DashboardUpdate> + use<>> {
        let session = ctx
            .data_opt::<LiveSession>()
            .ok_or_else(|| Error::BadUserInput("subscriptions are served over WebSocket at /graphql/ws".into()))
            .coded()?;
        if !session
            .grant
            .organizations
            .iter()
            .any(|granted| granted == organization_id.as_str())
        {
            return Err(Error::Forbidden(organization_id.to_string())).coded();
        }
        let slot = session.open_subscription().coded()?;
        let feed = &session.feed;
        let updates = Updates {
            feed: feed.subscribe(),
            organization: organization_id.to_string(),
            min_interval: session.min_interval,
            last_sent: None,
            _slot: slot,
        };
        Ok(futures_util::stream::unfold(updates, |mut updates| async move {
            let update = updates.next().await?;
            Some((update, updates))
        }))
    }
}

/// What changed in an organization's data since the last update.
#[derive(Debug, Clone, PartialEq, SimpleObject)]
pub struct DashboardUpdate {
    /// The organization whose data changed.
    pub organization_id: ID,
    /// When the service learned of the latest change merged into this update.
    pub changed_at: DateTime<Utc>,
    /// The metric groups whose figures may have changed: refetch these fields of `Organization`.
    pub groups: Vec<MetricGroup>,
    /// The tables the sync wrote.
    pub tables: Vec<String>,
    /// Why the update was sent.
    pub reason: UpdateReason,
    /// How many bursts of writes this update merges.
    pub merged_changes: i32,
    /// Send this back in the `X-Consistency-Token` header when refetching: whichever process of the service answers
    /// then answers only once it has applied these changes. Null when the changes carried no position (a resync, or only the organization's own row changed).
    pub consistency_token: Option<String>,
}

/// A group of `Organization` fields computed together, named after the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Enum)]
#[graphql(remote = "Group")]
pub enum MetricGroup {
    /// `bookingMetrics`.
    #[graphql(name = "BOOKING_METRICS")]
    Bookings,
    /// `patientMetrics`.
    #[graphql(name = "PATIENT_METRICS")]
    Patients,
    /// `financialMetrics`.
    #[graphql(name = "FINANCIAL_METRICS")]
    Financial,
    /// `automationMetrics`.
    #[graphql(name = "AUTOMATION_METRICS")]
    Automation,
    /// `charts`.
    Charts,
    /// `summary`.
    Summary,
    /// `reengagement`.
    Reengagement,
    /// `upcomingAppointments`.
    #[graphql(name = "UPCOMING_APPOINTMENTS")]
    Upcoming,
    /// `visitOutcomes`.
    VisitOutcomes,
    /// `retention`.
    Retention,
    /// `breakdown`, every dimension.
    Breakdown,
}

/// Why an update was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum UpdateReason {
    /// The sync wrote the organization's data.
    Changed,
    /// Changes may have been missed (the service lost its database listener, or this subscriber fell behind):
    /// every group is named; refetch everything.
    Resync,
}

/// What one WebSocket connection was granted in `connection_init`, and the feed its subscriptions follow.
#[derive(Debug)]
pub struct LiveSession {
    /// What the connection's credentials grant.
    pub grant: Arc<Grant>,
    /// The data changes of every organization.
    pub feed: ChangeFeed,
    /// The shortest time between two updates of one subscription.
    pub min_interval: Duration,
    max_subscriptions: usize,
    subscriptions: Arc<AtomicUsize>,
}

impl LiveSession {
    /// A session for `grant` following `feed`, allowing `max_subscriptions` at once.
    pub fn new(grant: Arc<Grant>, feed: ChangeFeed, max_subscriptions: usize, min_interval: Duration) -> Self {
        Self {
            grant,
            feed,
            min_interval,
            max_subscriptions,
            subscriptions: Arc::default(),
        }
    }

    /// Takes one of the connection's subscription slots, held until the subscription ends.
    fn open_subscription(&self) -> Result<SubscriptionSlot, Error> {
        let taken = self.subscriptions.fetch_add(1, Ordering::AcqRel);
        ::metrics::gauge!(crate::telemetry::names::LIVE_SUBSCRIPTIONS).increment(1.0);
        let slot = SubscriptionSlot(self.subscriptions.clone());
        if taken >= self.max_subscriptions {
            return Err(Error::LiveLimit {
                limit: "subscriptions_per_connection",
                maximum: self.max_subscriptions,
            });
        }
        Ok(slot)
    }
}

/// One subscription's place in its connection's count.
#[derive(Debug)]
struct SubscriptionSlot(Arc<AtomicUsize>);

impl Drop for SubscriptionSlot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
        ::metrics::gauge!(crate::telemetry::names::LIVE_SUBSCRIPTIONS).decrement(1.0);
    }
}

/// Changes of one organization, merged until they are sent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pending {
    groups: BTreeSet<Group>,
    tables: BTreeSet<String>,
    changed_at: Option<DateTime<Utc>>,
    resync: bool,
    merged: i32,
    position: Option<u64>,
}

impl Pending {
    /// Merges an event of the feed; whether it concerned `organization`.
    pub fn absorb(&mut self, event: &FeedEvent, organization: &str) -> bool {
        let at = match event {
            FeedEvent::Changed(change) if change.organization_id == organization => {
                self.groups.extend(change.groups.iter().copied());
                self.tables.extend(change.tables.iter().cloned());
                self.position = self.position.max(change.position);
                change.at
            }
            FeedEvent::Changed(_) => return false,
            FeedEvent::Resync { at } => {
                self.groups.extend(Group::ALL);
                self.resync = true;
                *at
            }
        };
        self.changed_at = Some(self.changed_at.map_or(at, |before| before.max(at)));
        self.merged += 1;
        true
    }

    /// The update these changes make.
    pub fn into_update(self, organization: &str) -> DashboardUpdate {
        DashboardUpdate {
            organization_id: ID(organization.to_owned()),
            changed_at: self.changed_at.unwrap_or_else(Utc::now),
            groups: self.groups.into_iter().map(MetricGroup::from).collect(),
            tables: self.tables.into_iter().collect(),
            reason: if self.resync {
                UpdateReason::Resync
            } else {
                UpdateReason::Changed
            },
            merged_changes: self.merged,
            consistency_token: self.position.map(|position| position.to_string()),
        }
    }
}

/// One subscriber's updates.
struct Updates {
    feed: broadcast::Receiver<FeedEvent>,
    organization: String,
    min_interval: Duration,
    last_sent: Option<Instant>,
    _slot: SubscriptionSlot,
}

impl Updates {
    /// Waits for a change of the organization; when the last update went out less than the interval ago, keeps
    /// merging changes until the interval has passed. None when the feed closes.
    async fn next(&mut self) -> Option<DashboardUpdate> {
        let mut pending = Pending::default();
        loop {
            let event = self.receive().await?;
            if pending.absorb(&event, &self.organization) {
                break;
            }
        }
        if let Some(last_sent) = self.last_sent {
            let due = last_sent + self.min_interval;
            while let Ok(Some(event)) = tokio::time::timeout_at(due, self.receive()).await {
                pending.absorb(&event, &self.organization);
            }
        }
        self.last_sent = Some(Instant::now());
        ::metrics::counter!(crate::telemetry::names::LIVE_UPDATES).increment(1);
        Some(pending.into_update(&self.organization))
    }

    /// The next event; falling behind the feed is a resync.
    async fn receive(&mut self) -> Option<FeedEvent> {
        match self.feed.recv().await {
            Ok(event) => Some(event),
            Err(RecvError::Lagged(_)) => Some(FeedEvent::Resync { at: Utc::now() }),
            Err(RecvError::Closed) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard::DataChange;

    fn change(organization: &str, groups: &[Group], table: &str, second: i64) -> FeedEvent {
        FeedEvent::Changed(DataChange {
            organization_id: organization.into(),
            groups: groups.iter().copied().collect(),
            tables: BTreeSet::from([table.to_owned()]),
            at: DateTime::from_timestamp(1_800_000_000 + second, 0).unwrap(),
            position: Some(1_000 + second.unsigned_abs()),
        })
    }

    #[test]
    fn pending_merges_its_own_organizations_changes_and_ignores_others() {
        let mut pending = Pending::default();

        let own = pending.absorb(&change("org_a", &[Group::Automation], "outreach_attempts", 1), "org_a");
        let other = pending.absorb(&change("org_b", &[Group::Bookings], "appointments", 9), "org_a");
        pending.absorb(&change("org_a", &[Group::Charts], "automation_costs", 2), "org_a");
        let update = pending.into_update("org_a");

        assert!(own);
        assert!(!other);
        assert_eq!(update.groups, vec![MetricGroup::Automation, MetricGroup::Charts]);
        assert_eq!(update.tables, vec!["automation_costs", "outreach_attempts"]);
        assert_eq!(update.changed_at, DateTime::from_timestamp(1_800_000_002, 0).unwrap());
        assert_eq!(update.reason, UpdateReason::Changed);
        assert_eq!(update.merged_changes, 2);
        // The highest position of its own changes: org_b's later write is not waited for.
        assert_eq!(update.consistency_token.as_deref(), Some("1002"));
    }

    #[test]
    fn a_resync_names_every_group_for_every_subscriber() {
        let mut pending = Pending::default();
        let at = DateTime::from_timestamp(1_800_000_000, 0).unwrap();

        let concerned = pending.absorb(&FeedEvent::Resync { at }, "org_a");
        let update = pending.into_update("org_a");

        assert!(concerned);
        assert_eq!(update.groups.len(), Group::ALL.len());
        assert_eq!(update.reason, UpdateReason::Resync);
        assert_eq!(update.organization_id.as_str(), "org_a");
    }

    #[test]
    fn a_connection_holds_at_most_its_subscriptions_and_frees_them_when_they_end() {
        let grant = Grant {
            subject: None,
            organizations: ["org_a".to_owned()].into(),
            caller: "test".into(),
            expires_at: None,
        };
        let session = LiveSession::new(Arc::new(grant), ChangeFeed::new(), 2, Duration::from_secs(1));

        let first = session.open_subscription().unwrap();
        let _second = session.open_subscription().unwrap();
        let third = session.open_subscription();
        drop(first);
        let fourth = session.open_subscription();

        assert!(matches!(third, Err(Error::LiveLimit { maximum: 2, .. })));
        assert!(fourth.is_ok());
    }
}
