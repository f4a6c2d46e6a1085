//! `seed`: generates organizations on one thread while the other loads them in one transaction, then builds their
//! rollups on every core.

use chrono::{DateTime, Utc};
use sqlx::PgPool;

use clinic_analytics_seed::{self as seed, OrganizationSpec, spec};

use super::progress::{Progress, grouped};
use crate::config::SeedArgs;
use crate::db;
use crate::db::seed::{
    CONTRACT_TABLES, LoadedRows, ROLLUP_TABLE_NAMES, begin_bulk_load, delete_organizations, existing_organizations,
    finish_bulk_load, load_organization, rebuild_rollups, resume_rollup_triggers, suspend_rollup_triggers,
    vacuum_analyze,
};
use crate::error::StartupError;

type Result<T> = std::result::Result<T, StartupError>;

/// From this many appointments on, indexes and foreign keys are rebuilt after loading rather than maintained per row.
const BULK_LOAD_FROM_APPOINTMENTS: u64 = 200_000;

/// Runs `seed`.
pub async fn run(args: SeedArgs) -> Result<()> {
    validate(&args)?;
    let specs = plan(&args);
    let now = args.now.unwrap_or_else(current_second);
    let pool = db::connect_admin_pool(&args.admin.admin_database_url, ROLLUP_BUILDERS + 1).await?;
    db::migrate(&mut *pool.acquire().await?).await?;
    seed_organizations(&pool, specs, args.seed, now, args.replace).await?;
    Ok(())
}

/// The organizations `seed` generates for its arguments: the demo clinics, or `--orgs` typical practices plus the large
/// clinic group with `--large-org`.
fn plan(args: &SeedArgs) -> Vec<OrganizationSpec> {
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

fn validate(args: &SeedArgs) -> Result<()> {
    if args.history_days < 120 {
        return Err(StartupError::Config(
            "--history-days must be at least 120: stale patients last visited more than 90 days ago".into(),
        ));
    }
    if args.patients == 0 {
        return Err(StartupError::Config("--patients must be at least 1".into()));
    }
    if args.orgs.is_some_and(|orgs| orgs > 10_000) {
        return Err(StartupError::Config(
            "--orgs is limited to 10,000 organizations per run".into(),
        ));
    }
    Ok(())
}

/// Now, to the second: generated timestamps stay readable.
pub fn current_second() -> DateTime<Utc> {
    DateTime::from_timestamp(Utc::now().timestamp(), 0).expect("the current time is representable")
}

/// How many connections build rollups at once: one per core of this project's machines.
const ROLLUP_BUILDERS: u32 = 2;

/// Generates and stores organizations, then builds their rollups. The rows are stored atomically (all or none, with
/// their indexes and keys); the rollups follow, one organization per transaction on every core, before this returns.
/// Not for organizations the sync is writing to at the same time: their writes during the rollup build could be
/// counted twice.
pub async fn seed_organizations(
    pool: &PgPool,
    specs: Vec<OrganizationSpec>,
    seed: u64,
    now: DateTime<Utc>,
    replace: bool,
) -> Result<LoadedRows> {
    let progress = Progress::new();
    let ids: Vec<String> = specs.iter().map(|s| s.id.clone()).collect();
    let total = load_rows(pool, specs, seed, now, replace, &progress).await?;
    build_rollups(pool, &ids, &progress).await?;
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

/// Stores the generated rows in one transaction, the next organization being generated while one is loaded.
async fn load_rows(
    pool: &PgPool,
    specs: Vec<OrganizationSpec>,
    seed: u64,
    now: DateTime<Utc>,
    replace: bool,
    progress: &Progress,
) -> Result<LoadedRows> {
    let ids: Vec<String> = specs.iter().map(|s| s.id.clone()).collect();
    let planned_patients: u64 = specs.iter().map(|s| u64::from(s.patients())).sum();
    let planned_appointments: u64 = specs.iter().map(|s| s.appointments).sum();
    let organizations = specs.len();

    let mut tx = pool.begin().await?;
    suspend_rollup_triggers(&mut tx).await?;
    let existing = existing_organizations(&mut tx, &ids).await?;
    if !existing.is_empty() {
        if !replace {
            return Err(StartupError::Config(format!(
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
        let org = generated.map_err(StartupError::Config)?;
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
        .map_err(|e| StartupError::Config(format!("the generator stopped: {e}")))?;

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
    resume_rollup_triggers(&mut tx).await?;
    tx.commit().await?;
    vacuum_analyze(&mut *pool.acquire().await?, CONTRACT_TABLES).await?;
    progress.say(format!("stored {} appointments", grouped(total.appointments)));
    Ok(total)
}

/// Builds the organizations' rollups, one organization per transaction, on every core.
async fn build_rollups(pool: &PgPool, ids: &[String], progress: &Progress) -> Result<()> {
    progress.say(format!("building the rollups of {} organization(s)", ids.len()));
    let queue = std::sync::Mutex::new(ids.iter());
    let built = std::sync::atomic::AtomicUsize::new(0);
    let builder = || async {
        loop {
            let Some(id) = queue.lock().unwrap_or_else(|p| p.into_inner()).next() else {
                return Ok::<(), StartupError>(());
            };
            rebuild_rollups(pool, id).await.map_err(|error| {
                StartupError::Config(format!(
                    "the rows are stored but building the rollups of {id} failed ({error}): run seed again with --replace"
                ))
            })?;
            let count = built.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            if count.is_multiple_of(10) || count == ids.len() {
                progress.say(format!("  rollups of {count}/{} organizations built", ids.len()));
            }
        }
    };
    futures_util::future::try_join_all((0..ROLLUP_BUILDERS).map(|_| builder())).await?;
    vacuum_analyze(&mut *pool.acquire().await?, ROLLUP_TABLE_NAMES).await
}

/// An index definition shortened to its name, for progress lines.
fn summarize(definition: &str) -> &str {
    definition
        .strip_prefix("CREATE INDEX ")
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or(definition)
}
