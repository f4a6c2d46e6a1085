//! Changes written by the sync reach every replica within milliseconds: the rollup triggers send a PostgreSQL
//! notification per organization and statement, each replica listens, coalesces a burst, drops the affected cache
//! entries and tells live subscribers.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::postgres::{PgConnectOptions, PgListener, PgPoolOptions};
use tokio::sync::{broadcast, mpsc, watch};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use super::{MetricCache, MetricGroup};
use crate::db::Db;
use crate::telemetry::names;

/// The channel the triggers of migrations/0002_rollups.sql notify.
pub const CHANNEL: &str = "clinic_analytics_changes";

/// The channel migrations/0004 notifies when API keys are created, revoked or deleted.
pub const API_KEYS_CHANNEL: &str = "clinic_analytics_api_keys";

/// How long a burst of notifications is gathered before acting on it.
const COALESCE: Duration = Duration::from_millis(50);

/// The longest wait before reconnecting to a database that refused the listener.
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// One notification's payload.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Notification {
    /// The organization whose rows changed.
    pub organization_id: String,
    /// The table written.
    pub table: String,
    /// When the writing transaction began (table writes carry it; organization changes do not).
    #[serde(default)]
    pub at: Option<DateTime<Utc>>,
    /// The WAL position the change was written at (table writes carry it), the same for every process.
    #[serde(default)]
    pub position: Option<u64>,
}

/// What changed for one organization in a burst of writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataChange {
    /// The organization.
    pub organization_id: String,
    /// The metric groups whose figures may have changed.
    pub groups: BTreeSet<MetricGroup>,
    /// The tables written.
    pub tables: BTreeSet<String>,
    /// When the service learned of it.
    pub at: DateTime<Utc>,
    /// The highest WAL position among its notifications, when they carried one.
    pub position: Option<u64>,
}

/// What live subscribers are told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedEvent {
    /// An organization's data changed.
    Changed(DataChange),
    /// Notifications may have been missed (the listener reconnected): every organization may have changed.
    Resync {
        /// When the listener was back.
        at: DateTime<Utc>,
    },
}

/// The metric groups a write to a table can change.
pub fn affected_groups(table: &str) -> &'static [MetricGroup] {
    use MetricGroup::*;
    match table {
        "appointments" | "organizations" => &MetricGroup::ALL,
        "patients" => &[Patients, Financial, Automation, Charts, Summary, Reengagement],
        "outreach_attempts" => &[Automation, Charts],
        "automation_costs" => &[Automation],
        // Names label breakdown rows and upcoming appointments.
        "practitioners" => &[Breakdown, Upcoming],
        _ => &MetricGroup::ALL,
    }
}

/// The notifications of one burst, folded per organization.
#[derive(Debug, Default)]
pub struct Burst {
    changes: BTreeMap<String, Folded>,
}

/// One organization's notifications in a burst: the groups they may change, the tables written, the last position.
type Folded = (BTreeSet<MetricGroup>, BTreeSet<String>, Option<u64>);

impl Burst {
    /// Adds a notification.
    pub fn add(&mut self, notification: Notification) {
        let (groups, tables, position) = self.changes.entry(notification.organization_id).or_default();
        groups.extend(affected_groups(&notification.table));
        tables.insert(notification.table);
        *position = (*position).max(notification.position);
    }

    /// The burst's changes, one per organization, leaving it empty.
    pub fn take(&mut self, at: DateTime<Utc>) -> Vec<DataChange> {
        std::mem::take(&mut self.changes)
            .into_iter()
            .map(|(organization_id, (groups, tables, position))| DataChange {
                organization_id,
                groups,
                tables,
                at,
                position,
            })
            .collect()
    }
}

/// Live changes for subscribers; sending never blocks, slow subscribers skip ahead. It also says how far this
/// process has applied the changes: the highest WAL position whose change has reached its caches.
#[derive(Debug, Clone)]
pub struct ChangeFeed {
    sender: broadcast::Sender<FeedEvent>,
    applied: Arc<watch::Sender<u64>>,
}

impl Default for ChangeFeed {
    fn default() -> Self {
        Self::new()
    }
}

impl ChangeFeed {
    /// An empty feed.
    pub fn new() -> Self {
        Self {
            sender: broadcast::channel(1024).0,
            applied: Arc::new(watch::channel(0).0),
        }
    }

    /// Records that every change up to `position` has reached the caches.
    pub fn applied_up_to(&self, position: u64) {
        self.applied.send_if_modified(|applied| {
            let advanced = position > *applied;
            *applied = (*applied).max(position);
            advanced
        });
    }

    /// Waits until the change at `position` has reached the caches, at most `wait`; whether it has.
    pub async fn wait_until_applied(&self, position: u64, wait: Duration) -> bool {
        let mut applied = self.applied.subscribe();
        matches!(
            tokio::time::timeout(wait, applied.wait_for(|applied| *applied >= position)).await,
            Ok(Ok(_))
        )
    }

    /// Receives every change from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<FeedEvent> {
        self.sender.subscribe()
    }

    /// Publishes an event (dropped when nobody listens).
    pub fn publish(&self, event: FeedEvent) {
        let _ = self.sender.send(event);
    }
}

/// What the listener hands the coalescer.
enum Heard {
    Notification(Notification),
    /// API keys changed.
    ApiKeys,
    /// The listener lost its connection: notifications may have been missed.
    Gap,
}

/// Listens for changes and applies them to the cache and the feed, reconnecting for as long as the service runs.
/// `api_keys_changed` is called when API keys may have changed (a notification, or a gap in which one may have been
/// missed): the keys are not the dashboard's business, but they share its listener.
pub fn spawn_listener(
    options: PgConnectOptions,
    db: Db,
    cache: MetricCache,
    feed: ChangeFeed,
    api_keys_changed: impl Fn() + Send + 'static,
) -> JoinHandle<()> {
    let (heard_tx, heard_rx) = mpsc::unbounded_channel();
    tokio::spawn(listen(options, heard_tx));
    tokio::spawn(coalesce(heard_rx, db, cache, feed, api_keys_changed))
}

async fn listen(options: PgConnectOptions, heard: mpsc::UnboundedSender<Heard>) {
    let mut backoff = Duration::from_millis(100);
    loop {
        match connect(&options).await {
            Ok(mut listener) => {
                backoff = Duration::from_millis(100);
                tracing::info!(channels = ?[CHANNEL, API_KEYS_CHANNEL], "listening for data and API key changes");
                // Whatever happened while not listening is unknown.
                if heard.send(Heard::Gap).is_err() {
                    return;
                }
                loop {
                    match listener.try_recv().await {
                        Ok(Some(notification)) if notification.channel() == API_KEYS_CHANNEL => {
                            if heard.send(Heard::ApiKeys).is_err() {
                                return;
                            }
                        }
                        Ok(Some(notification)) => match serde_json::from_str::<Notification>(notification.payload()) {
                            Ok(parsed) => {
                                if let Some(at) = parsed.at {
                                    let lag = (Utc::now() - at).as_seconds_f64().max(0.0);
                                    metrics::histogram!(names::CHANGE_FEED_LAG).record(lag);
                                }
                                if heard.send(Heard::Notification(parsed)).is_err() {
                                    return;
                                }
                            }
                            Err(error) => {
                                tracing::warn!(%error, payload = notification.payload(), "unreadable change notification")
                            }
                        },
                        Ok(None) => {
                            tracing::warn!("the change listener reconnected; dropping the whole cache");
                            if heard.send(Heard::Gap).is_err() {
                                return;
                            }
                        }
                        Err(error) => {
                            tracing::warn!(%error, "the change listener lost the database");
                            break;
                        }
                    }
                }
            }
            Err(error) => {
                tracing::warn!(%error, retry_in_ms = backoff.as_millis() as u64, "cannot listen for data changes")
            }
        }
        if heard.is_closed() {
            return;
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}

async fn connect(options: &PgConnectOptions) -> Result<PgListener, sqlx::Error> {
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(3))
        .idle_timeout(None)
        .max_lifetime(None)
        .connect_with(options.clone().application_name("clinic-analytics-listener"))
        .await?;
    let mut listener = PgListener::connect_with(&pool).await?;
    listener.listen_all([CHANNEL, API_KEYS_CHANNEL]).await?;
    Ok(listener)
}

async fn coalesce(
    mut heard: mpsc::UnboundedReceiver<Heard>,
    db: Db,
    cache: MetricCache,
    feed: ChangeFeed,
    api_keys_changed: impl Fn(),
) {
    let mut burst = Burst::default();
    let mut deadline: Option<Instant> = None;
    loop {
        let next = async {
            match deadline {
                Some(at) => tokio::time::timeout_at(at, heard.recv()).await.ok(),
                None => Some(heard.recv().await),
            }
        };
        match next.await {
            Some(Some(Heard::Notification(notification))) => {
                burst.add(notification);
                deadline.get_or_insert_with(|| Instant::now() + COALESCE);
            }
            Some(Some(Heard::ApiKeys)) => api_keys_changed(),
            Some(Some(Heard::Gap)) => {
                db.changes_announced().await;
                cache.invalidate_all();
                // Everything written before listening (again) is in no cache now: a token from before counts as
                // applied, rather than making its request wait for a notification that will never come.
                if let Some(position) = db.insert_position().await {
                    feed.applied_up_to(position);
                }
                api_keys_changed();
                feed.publish(FeedEvent::Resync { at: Utc::now() });
            }
            Some(None) => return,
            None => {
                // Before anyone recomputes or hears of the changes: reads must then see them on the replica.
                db.changes_announced().await;
                let changes = burst.take(Utc::now());
                for change in &changes {
                    cache.invalidate(&change.organization_id, change.groups.iter().copied());
                    tracing::debug!(organization = %change.organization_id, tables = ?change.tables, "data changed");
                }
                if let Some(position) = changes.iter().filter_map(|change| change.position).max() {
                    feed.applied_up_to(position);
                }
                for change in changes {
                    feed.publish(FeedEvent::Changed(change));
                }
                deadline = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notification(organization: &str, table: &str) -> Notification {
        Notification {
            organization_id: organization.into(),
            table: table.into(),
            at: None,
            position: None,
        }
    }

    #[test]
    fn a_burst_folds_many_notifications_into_one_change_per_organization() {
        let mut burst = Burst::default();
        for _ in 0..1_000 {
            burst.add(notification("org_a", "outreach_attempts"));
        }
        burst.add(notification("org_a", "automation_costs"));
        burst.add(notification("org_b", "patients"));
        let at = Utc::now();

        let changes = burst.take(at);

        assert_eq!(changes.len(), 2);
        assert_eq!(changes[0].organization_id, "org_a");
        assert_eq!(
            changes[0].groups,
            BTreeSet::from([MetricGroup::Automation, MetricGroup::Charts])
        );
        assert_eq!(changes[0].tables.len(), 2);
        assert!(burst.take(at).is_empty());
    }

    #[test]
    fn practitioner_writes_touch_the_groups_that_show_their_names_and_nothing_else() {
        assert_eq!(
            affected_groups("practitioners"),
            [MetricGroup::Breakdown, MetricGroup::Upcoming]
        );
    }

    #[test]
    fn outreach_writes_do_not_touch_bookings_but_appointment_writes_touch_everything_but_nothing_else() {
        assert!(!affected_groups("outreach_attempts").contains(&MetricGroup::Bookings));
        assert_eq!(affected_groups("appointments").len(), MetricGroup::ALL.len());
        assert_eq!(affected_groups("organizations"), MetricGroup::ALL);
    }
}
