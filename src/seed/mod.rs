//! Realistic clinic data: deterministic for a seed, at any scale.

pub mod calendar;
pub mod catalog;
pub mod cohorts;
pub mod generate;
pub mod ids;
pub mod spec;
pub mod timeline;

pub use generate::{Organization, generate};
pub use spec::{OrganizationSpec, SURF_REHAB_ID};

use crate::config::SeedArgs;

/// The organizations `seed` generates for its arguments: the demo clinics, or `--orgs` typical practices plus the large
/// clinic group with `--large-org`.
pub fn plan(args: &SeedArgs) -> Vec<OrganizationSpec> {
    if args.wants_demo_clinics() {
        return spec::demo_clinics();
    }
    let mut specs = Vec::new();
    if args.large_org {
        let mut large = spec::large_clinic_group(args.seed);
        if let Some(zone) = args.timezone {
            large.timezone = zone;
        }
        specs.push(large);
    }
    for index in 0..args.orgs.unwrap_or(0) {
        specs.push(spec::generated(
            args.seed,
            index,
            args.patients,
            args.appointments,
            args.history_days,
            args.timezone,
        ));
    }
    specs
}
