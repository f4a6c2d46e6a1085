//! What fields cost, for the query cost limit and the rate limits: a plain field costs 1; a field that computes
//! figures costs more, on top of what it selects.

/// A metric group: one computation over the organization's rollups.
pub const METRIC_GROUP: usize = 10;

/// Charts: three series, a point per day, week or month.
pub const CHARTS: usize = 20;

/// A page of upcoming appointments.
pub const APPOINTMENT_PAGE: usize = 10;

/// The organizations list answers its selection once per granted organization; it is charged as if for ten.
pub const ORGANIZATIONS_FANOUT: usize = 10;
