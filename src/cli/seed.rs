//! `seed`: generates organizations on one thread while the other loads them, all in one transaction.

use chrono::{DateTime, Utc};
use sqlx::{Connection, PgConnection};

use super::progress::{Progress, grouped};
use crate::config::SeedArgs;
use crate::db;
use crate::db::seed::{
    LoadedRows, analyze, begin_bulk_load, delete_organizations, existing_organizations, finish_bulk_load,
    load_organization,
};
use crate::error::{Error, Result};
use crate::seed::{self, OrganizationSpec};

/// From this many appointments on, indexes and foreign keys are rebuilt after loading rather than maintained per row.
const BULK_LOAD_FROM_APPOINTMENTS: u64 = 200_000;

/// Runs `seed`.
pub async fn run(args: SeedArgs) -> Result<()> {
    validate(&args)?;
    let specs = seed::plan(&args);
    let now = args.now.unwrap_or_else(current_second);
    let mut conn = db::connect_admin(&args.database.database_url).await?;
    db::migrate(&mut conn).await?;
    seed_organizations(&mut conn, specs, args.seed, now, args.replace).await?;
    Ok(())
}

fn validate(args: &SeedArgs) -> Result<()> {
    if args.history_days < 120 {
        return Err(Error::Config(
            "--history-days must be at least 120: stale patients last visited more than 90 days ago".into(),
        ));
    }
    if args.patients == 0 {
        return Err(Error::Config("--patients must be at least 1".into()));
    }
    if args.orgs.is_some_and(|orgs| orgs > 10_000) {
        return Err(Error::Config(
            "--orgs is limited to 10,000 organizations per run".into(),
        ));
    }
    Ok(())
}

/// Now, to the second: generated timestamps stay readable.
pub fn current_second() -> DateTime<Utc> {
    DateTime::from_timestamp(Utc::now().timestamp(), 0).expect("the current time is representable")
}

/// Generates and stores organizations atomically: either all of them are stored or none.
pub async fn seed_organizations(
    conn: &mut PgConnection,
    specs: Vec<OrganizationSpec>,
    seed: u64,
    now: DateTime<Utc>,
    replace: bool,
) -> Result<LoadedRows> {
    let progress = Progress::new();
    let ids: Vec<String> = specs.iter().map(|s| s.id.clone()).collect();
    let planned_patients: u64 = specs.iter().map(|s| u64::from(s.patients())).sum();
    let planned_appointments: u64 = specs.iter().map(|s| s.appointments).sum();
    let organizations = specs.len();

    let mut tx = conn.begin().await?;
    let existing = existing_organizations(&mut tx, &ids).await?;
    if !existing.is_empty() {
        if !replace {
            return Err(Error::Config(format!(
                "organization(s) {} already exist: pass --replace to generate them again",
                existing.join(", ")
            )));
        }
        progress.say(format!("deleting {} existing organization(s)", existing.len()));
        delete_organizations(&mut tx, &existing).await?;
    }
    let bulk = if planned_appointments >= BULK_LOAD_FROM_APPOINTMENTS {
        Some(begin_bulk_load(&mut tx).await?)
    } else {
        None
    };
    progress.say(format!(
        "seeding {organizations} organization(s): {} patients, {} appointments{}",
        grouped(planned_patients),
        grouped(planned_appointments),
        if bulk.is_some() {
            " (bulk mode: indexes and foreign keys are rebuilt once at the end)"
        } else {
            ""
        }
    ));

    let (sender, mut receiver) = tokio::sync::mpsc::channel(1);
    let generator = tokio::task::spawn_blocking(move || {
        for spec in specs {
            if sender.blocking_send(seed::generate(&spec, seed, now)).is_err() {
                break;
            }
        }
    });
    let bulk_mode = bulk.is_some();
    let mut total = LoadedRows::default();
    let mut stored_appointments = 0u64;
    let mut done = 0;
    while let Some(generated) = receiver.recv().await {
        let org = generated.map_err(Error::Config)?;
        let rows = load_organization(&mut tx, &org, |stored| {
            stored_appointments += stored;
            if bulk_mode && stored_appointments < planned_appointments {
                progress.say(format!(
                    "{} / {} appointments ({:.0}%)",
                    grouped(stored_appointments),
                    grouped(planned_appointments),
                    100.0 * stored_appointments as f64 / planned_appointments as f64
                ));
            }
        })
        .await?;
        done += 1;
        progress.say(format!(
            "{} ({}): {} patients, {} appointments, {} outreach attempts, {} cost rows [{done}/{organizations}]",
            org.spec.name,
            org.spec.id,
            grouped(rows.patients),
            grouped(rows.appointments),
            grouped(rows.outreach_attempts),
            grouped(rows.automation_costs),
        ));
        total.patients += rows.patients;
        total.appointments += rows.appointments;
        total.outreach_attempts += rows.outreach_attempts;
        total.automation_costs += rows.automation_costs;
    }
    generator
        .await
        .map_err(|e| Error::Internal(format!("the generator stopped: {e}")))?;

    if let Some(load) = bulk {
        let steps = load.rebuild_count();
        progress.say(format!("rebuilding {steps} indexes and foreign keys"));
        let mut step = 0;
        finish_bulk_load(&mut tx, load, |what| {
            step += 1;
            progress.say(format!("  rebuilt {step}/{steps}: {}", summarize(what)));
        })
        .await?;
    }
    analyze(&mut tx).await?;
    tx.commit().await?;
    let seconds = progress.elapsed_seconds();
    progress.say(format!(
        "done: {} appointments, {} patients, {} outreach attempts in {seconds:.1}s ({} appointments/s)",
        grouped(total.appointments),
        grouped(total.patients),
        grouped(total.outreach_attempts),
        grouped((total.appointments as f64 / seconds.max(0.001)) as u64),
    ));
    Ok(total)
}

/// An index definition shortened to its name, for progress lines.
fn summarize(definition: &str) -> &str {
    definition
        .strip_prefix("CREATE INDEX ")
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or(definition)
}
