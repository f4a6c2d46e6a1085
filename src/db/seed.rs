//! Writing generated organizations: COPY for the rows, and a bulk mode that rebuilds indexes and foreign keys once
//! after a large load instead of maintaining them row by row (as pg_restore does).

use sqlx::{Executor, PgConnection, PgPool};

use super::copy::BinaryRows;
use clinic_analytics_seed::Organization;

use crate::error::StartupError;

type Result<T> = std::result::Result<T, StartupError>;

/// Rows per COPY statement, so progress can be reported during a large organization.
const APPOINTMENTS_PER_COPY: usize = 250_000;

/// Tables whose secondary indexes and foreign keys bulk mode rebuilds after loading.
const BULK_TABLES: [&str; 4] = ["patients", "appointments", "outreach_attempts", "patient_presence"];

/// Rows written for one organization.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct LoadedRows {
    /// Patients.
    pub patients: u64,
    /// Appointments.
    pub appointments: u64,
    /// Outreach attempts.
    pub outreach_attempts: u64,
    /// Automation cost rows.
    pub automation_costs: u64,
}

/// Which of these organization ids already exist.
pub async fn existing_organizations(conn: &mut PgConnection, ids: &[String]) -> Result<Vec<String>> {
    Ok(
        sqlx::query_scalar("select id from organizations where id = any($1) order by id")
            .bind(ids)
            .fetch_all(conn)
            .await?,
    )
}

/// Deletes organizations and every row they own.
pub async fn delete_organizations(conn: &mut PgConnection, ids: &[String]) -> Result<()> {
    for table in [
        "outreach_attempts",
        "appointments",
        "automation_costs",
        "patients",
        "practitioners",
    ] {
        let statement = format!("delete from {table} where organization_id = any($1)");
        sqlx::query(sqlx::AssertSqlSafe(statement))
            .bind(ids)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("delete from organizations where id = any($1)")
        .bind(ids)
        .execute(conn)
        .await?;
    Ok(())
}

/// Inserts one generated organization and all its rows; `on_appointments` hears of each batch of appointments stored.
pub async fn load_organization(
    conn: &mut PgConnection,
    org: &Organization,
    mut on_appointments: impl FnMut(u64),
) -> Result<LoadedRows> {
    let spec = &org.spec;
    sqlx::query(
        r#"
        insert into organizations (id, name, timezone, currency, created_at, last_synced_at)
        values ($1, $2, $3, $4, $5, $6)
        "#,
    )
    .bind(&spec.id)
    .bind(&spec.name)
    .bind(spec.timezone.name())
    .bind(spec.currency)
    .bind(org.created_at)
    .bind(org.patients.iter().max())
    .execute(&mut *conn)
    .await?;

    practitioner_rows(org)
        .copy_into(conn, "practitioners", "organization_id, id, name, created_at")
        .await?;
    let mut loaded = LoadedRows {
        patients: patient_rows(org)
            .copy_into(conn, "patients", "organization_id, id, created_at")
            .await?,
        ..LoadedRows::default()
    };
    for first in (0..org.appointments.len()).step_by(APPOINTMENTS_PER_COPY) {
        let last = (first + APPOINTMENTS_PER_COPY).min(org.appointments.len());
        let stored = appointment_rows(org, first..last)
            .copy_into(
                conn,
                "appointments",
                "organization_id, id, patient_id, created_at, starts_at, ends_at, status, source, \
                 revenue_cents, appointment_type, practitioner_id, cancelled_at",
            )
            .await?;
        loaded.appointments += stored;
        on_appointments(stored);
    }
    loaded.outreach_attempts = outreach_rows(org)
        .copy_into(
            conn,
            "outreach_attempts",
            "organization_id, id, patient_id, sent_at, channel, automated, outcome",
        )
        .await?;
    loaded.automation_costs = cost_rows(org)
        .copy_into(
            conn,
            "automation_costs",
            "organization_id, id, period_start, period_end, amount_cents, description",
        )
        .await?;
    Ok(loaded)
}

fn patient_rows(org: &Organization) -> BinaryRows {
    let mut rows = BinaryRows::new();
    for (index, created_at) in org.patients.iter().enumerate() {
        rows.row(3)
            .text(&org.spec.id)
            .text(&org.patient_id(index as u32))
            .timestamp(*created_at);
    }
    rows
}

fn appointment_rows(org: &Organization, range: std::ops::Range<usize>) -> BinaryRows {
    let mut rows = BinaryRows::new();
    let practitioners: Vec<String> = (0..org.practitioners).map(|p| org.practitioner_id(p)).collect();
    for index in range {
        let a = &org.appointments[index];
        rows.row(12)
            .text(&org.spec.id)
            .text(&org.appointment_id(index))
            .text(&org.patient_id(a.patient))
            .timestamp(a.created_at)
            .timestamp(a.starts_at)
            .optional_timestamp(a.ends_at)
            .text(a.status.as_str())
            .text(a.source.as_str())
            .bigint(a.revenue_cents)
            .text(a.kind.name)
            .text(&practitioners[a.practitioner as usize])
            .optional_timestamp(a.cancelled_at);
    }
    rows
}

fn practitioner_rows(org: &Organization) -> BinaryRows {
    let mut rows = BinaryRows::new();
    for index in 0..org.practitioners {
        rows.row(4)
            .text(&org.spec.id)
            .text(&org.practitioner_id(index))
            .text(&org.practitioner_name(index))
            .timestamp(org.created_at);
    }
    rows
}

fn outreach_rows(org: &Organization) -> BinaryRows {
    let mut rows = BinaryRows::new();
    for (index, o) in org.outreach.iter().enumerate() {
        rows.row(7)
            .text(&org.spec.id)
            .text(&org.outreach_id(index))
            .text(&org.patient_id(o.patient))
            .timestamp(o.sent_at)
            .text(o.channel.as_str())
            .boolean(o.automated)
            .text(o.outcome.as_str());
    }
    rows
}

fn cost_rows(org: &Organization) -> BinaryRows {
    let mut rows = BinaryRows::new();
    for cost in &org.costs {
        rows.row(6)
            .text(&org.spec.id)
            .text(&cost.id)
            .date(cost.period_start)
            .date(cost.period_end)
            .bigint(cost.amount_cents)
            .text(cost.description);
    }
    rows
}

/// Secondary indexes and foreign keys set aside for a bulk load, with the definitions that restore them.
#[derive(Debug)]
pub struct BulkLoad {
    indexes: Vec<String>,
    foreign_keys: Vec<(String, String, String)>,
}

impl BulkLoad {
    /// How many indexes and foreign keys will be rebuilt.
    pub fn rebuild_count(&self) -> usize {
        self.indexes.len() + self.foreign_keys.len()
    }
}

/// Inside the loading transaction: drops the contract tables' secondary indexes and foreign keys, remembering their
/// definitions from the catalog so what is rebuilt is exactly what the migrations made.
pub async fn begin_bulk_load(conn: &mut PgConnection) -> Result<BulkLoad> {
    conn.execute("set local maintenance_work_mem = '512MB'; set local work_mem = '256MB'")
        .await?;
    let tables: Vec<String> = BULK_TABLES.iter().map(|t| (*t).to_owned()).collect();
    let indexes: Vec<(String, String)> = sqlx::query_as(
        r#"
        select quote_ident(index_class.relname), pg_get_indexdef(i.indexrelid)
        from pg_index i
        join pg_class index_class on index_class.oid = i.indexrelid
        join pg_class table_class on table_class.oid = i.indrelid
        where table_class.relname = any($1)
          and table_class.relnamespace = 'public'::regnamespace
          and not i.indisunique
        order by index_class.relname
        "#,
    )
    .bind(&tables)
    .fetch_all(&mut *conn)
    .await?;
    let foreign_keys: Vec<(String, String, String)> = sqlx::query_as(
        r#"
        select quote_ident(table_class.relname), quote_ident(c.conname), pg_get_constraintdef(c.oid)
        from pg_constraint c
        join pg_class table_class on table_class.oid = c.conrelid
        where table_class.relname = any($1)
          and table_class.relnamespace = 'public'::regnamespace
          and c.contype = 'f'
          and c.confrelid <> 'organizations'::regclass
        order by c.conname
        "#,
    )
    .bind(&tables)
    .fetch_all(&mut *conn)
    .await?;
    for (table, name, _) in &foreign_keys {
        conn.execute(sqlx::AssertSqlSafe(format!(
            "alter table {table} drop constraint {name}"
        )))
        .await?;
    }
    for (name, _) in &indexes {
        conn.execute(sqlx::AssertSqlSafe(format!("drop index {name}"))).await?;
    }
    Ok(BulkLoad {
        indexes: indexes.into_iter().map(|(_, definition)| definition).collect(),
        foreign_keys,
    })
}

/// Rebuilds what [`begin_bulk_load`] dropped (each index by one sort; each foreign key checked by one join) and
/// refreshes the planner's statistics; `on_step` hears of each rebuilt index or key.
pub async fn finish_bulk_load(conn: &mut PgConnection, load: BulkLoad, mut on_step: impl FnMut(&str)) -> Result<()> {
    conn.execute("analyze patients, appointments, outreach_attempts")
        .await?;
    for definition in load.indexes {
        conn.execute(sqlx::AssertSqlSafe(definition.clone())).await?;
        on_step(&definition);
    }
    for (table, name, definition) in load.foreign_keys {
        let statement = format!("alter table {table} add constraint {name} {definition}");
        conn.execute(sqlx::AssertSqlSafe(statement)).await?;
        on_step(&name);
    }
    Ok(())
}

/// The tables whose triggers maintain the rollups.
const ROLLUP_TABLES: [&str; 4] = ["patients", "appointments", "outreach_attempts", "automation_costs"];

/// Inside the loading transaction: stops the rollup triggers, which would otherwise rework each organization's rollups
/// once per COPY; [`rebuild_rollups`] then builds them once from the loaded rows.
pub async fn suspend_rollup_triggers(conn: &mut PgConnection) -> Result<()> {
    for table in ROLLUP_TABLES {
        conn.execute(sqlx::AssertSqlSafe(format!("alter table {table} disable trigger user")))
            .await?;
    }
    Ok(())
}

/// Turns the rollup triggers back on (inside the loading transaction, once the rows are in).
pub async fn resume_rollup_triggers(conn: &mut PgConnection) -> Result<()> {
    for table in ROLLUP_TABLES {
        conn.execute(sqlx::AssertSqlSafe(format!("alter table {table} enable trigger user")))
            .await?;
    }
    Ok(())
}

/// Builds one organization's rollups from its rows, in a transaction of its own.
pub async fn rebuild_rollups(pool: &PgPool, organization: &str) -> Result<()> {
    sqlx::query("select rebuild_rollups(array[$1])")
        .bind(organization)
        .execute(pool)
        .await?;
    Ok(())
}

/// The contract tables, whose statistics a load changes.
pub const CONTRACT_TABLES: &str =
    "organizations, patients, appointments, outreach_attempts, automation_costs, practitioners";
/// The rollup tables.
pub const ROLLUP_TABLE_NAMES: &str = "daily_rollups, daily_rollup_changes, patient_presence, visit_rollups, \
     visit_rollup_changes, visit_rollup_months, visit_marks, key_presence";

/// After a load, outside its transaction: refreshes the planner's statistics of `tables` (a comma-separated list of
/// the constants above), so the statements that follow are planned for the rows now there, and marks their pages
/// all-visible, so index-only scans read no heap (as autovacuum would, some time later).
pub async fn vacuum_analyze(conn: &mut PgConnection, tables: &'static str) -> Result<()> {
    conn.execute(sqlx::AssertSqlSafe(format!("vacuum (analyze) {tables}")))
        .await?;
    Ok(())
}
