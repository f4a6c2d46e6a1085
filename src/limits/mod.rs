//! Query policy, applied before any resolver runs: how large, deep, wide and costly one request may be (`query`), and
//! how much each caller and organization may ask for over time (`rate`), in this process or, through Redis, in all of
//! them (`shared`).

mod query;
mod rate;
mod shared;

pub use self::query::{QueryLimits, nesting};
pub use self::rate::{Allowance, RateLimits};
pub use self::shared::SharedBuckets;
