//! Realistic clinic data, deterministic for a seed, at any scale: the demo clinics, generated practices and a large
//! clinic group, as rows ready to load.

pub mod calendar;
pub mod catalog;
pub mod cohorts;
pub mod generate;
pub mod ids;
pub mod spec;
pub mod timeline;

pub use generate::{Organization, generate};
pub use spec::{OrganizationSpec, SURF_REHAB_ID};
