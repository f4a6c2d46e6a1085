//! Metric definitions as pure functions: windows and calendar periods, local calendars, formulas, proration (see
//! docs/METRICS.md).

pub mod calendar;
pub mod costs;
pub mod formulas;
pub mod ledger;
pub mod metrics;
pub mod outcomes;
pub mod periods;
pub mod window;
