//! Query policy, applied before any resolver runs: how large, deep, wide and costly one request may be (`query`), and
//! how much each caller and organization may ask for over time (`rate`).

mod query;
mod rate;

pub use self::query::{QueryLimits, nesting};
pub use self::rate::{Allowance, RateLimits};
