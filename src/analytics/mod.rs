//! Metric definitions as pure functions: windows, local calendars, formulas, proration (see docs/METRICS.md).

pub mod calendar;
pub mod costs;
pub mod formulas;
pub mod ledger;
pub mod metrics;
pub mod window;
