//! The data contract: migrations build it, and the database refuses every bad row by a named constraint.

use clinic_analytics::db::MIGRATOR;
use sqlx::PgPool;

async fn insert_clinic(pool: &PgPool) {
    sqlx::raw_sql(
        r#"
        insert into organizations (id, name, timezone, currency) values ('org_a', 'Clinic A', 'Australia/Sydney', 'AUD');
        insert into patients (organization_id, id, created_at) values ('org_a', 'pat_1', '2026-01-01T00:00:00Z');
        "#,
    )
    .execute(pool)
    .await
    .unwrap();
}

/// Runs a statement that must fail and returns the constraint it violated.
async fn violated_constraint(pool: &PgPool, statement: &'static str) -> String {
    let error = sqlx::query(statement).execute(pool).await.unwrap_err();
    let database_error = error.as_database_error().expect("a database error");
    database_error.constraint().expect("a named constraint").to_owned()
}

#[sqlx::test(migrations = false)]
async fn migrations_build_the_contract_on_an_empty_database_and_are_idempotent(pool: PgPool) {
    MIGRATOR.run(&pool).await.unwrap();
    MIGRATOR.run(&pool).await.unwrap();

    let tables: Vec<String> = sqlx::query_scalar(
        "select table_name::text from information_schema.tables where table_schema = 'public' \
         and table_name in ('organizations', 'patients', 'appointments', 'outreach_attempts', 'automation_costs') \
         order by 1",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        tables,
        [
            "appointments",
            "automation_costs",
            "organizations",
            "outreach_attempts",
            "patients"
        ]
    );
}

#[sqlx::test]
async fn every_key_of_a_tenant_table_starts_with_organization_id(pool: PgPool) {
    let keys: Vec<(String, String)> = sqlx::query_as(
        r#"
        select c.conname::text, (select a.attname::text from pg_attribute a
                                 where a.attrelid = c.conrelid and a.attnum = c.conkey[1])
        from pg_constraint c
        where c.contype in ('p', 'f')
          and c.conrelid in ('patients'::regclass, 'appointments'::regclass,
                             'outreach_attempts'::regclass, 'automation_costs'::regclass)
        "#,
    )
    .fetch_all(&pool)
    .await
    .unwrap();

    assert_eq!(keys.len(), 8);
    for (constraint, first_column) in keys {
        assert_eq!(first_column, "organization_id", "{constraint}");
    }
}

#[sqlx::test]
async fn organizations_refuse_unknown_time_zones_and_currencies(pool: PgPool) {
    let zone = violated_constraint(
        &pool,
        "insert into organizations (id, name, timezone) values ('org_x', 'X', 'Mars/Olympus_Mons')",
    )
    .await;
    let posix_zone = violated_constraint(
        &pool,
        "insert into organizations (id, name, timezone) values ('org_x', 'X', 'posix/Australia/Sydney')",
    )
    .await;
    let currency = violated_constraint(
        &pool,
        "insert into organizations (id, name, currency) values ('org_x', 'X', 'XYZ')",
    )
    .await;
    let name = violated_constraint(&pool, "insert into organizations (id, name) values ('org_x', ' ')").await;
    let id = violated_constraint(&pool, "insert into organizations (id, name) values ('', 'X')").await;

    assert_eq!(zone, "organizations_timezone_known");
    assert_eq!(posix_zone, "organizations_timezone_known");
    assert_eq!(currency, "organizations_currency_iso4217");
    assert_eq!(name, "organizations_name_not_blank");
    assert_eq!(id, "organizations_id_not_blank");
}

#[sqlx::test]
async fn organizations_default_to_utc_and_australian_dollars(pool: PgPool) {
    sqlx::query("insert into organizations (id, name) values ('org_d', 'Defaults')")
        .execute(&pool)
        .await
        .unwrap();

    let (timezone, currency): (String, String) =
        sqlx::query_as("select timezone, currency from organizations where id = 'org_d'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((timezone.as_str(), currency.as_str()), ("UTC", "AUD"));
}

#[sqlx::test]
async fn patients_must_belong_to_an_existing_organization(pool: PgPool) {
    let constraint = violated_constraint(
        &pool,
        "insert into patients (organization_id, id, created_at) values ('org_missing', 'pat_1', now())",
    )
    .await;

    assert_eq!(constraint, "patients_organization_fkey");
}

#[sqlx::test]
async fn appointments_refuse_every_bad_row_by_name(pool: PgPool) {
    insert_clinic(&pool).await;
    let cases = [
        (
            "insert into appointments (organization_id, id, patient_id, created_at, starts_at, status, source) \
             values ('org_a', 'apt_1', 'pat_unknown', now(), now(), 'booked', 'manual')",
            "appointments_patient_fkey",
        ),
        (
            "insert into appointments (organization_id, id, patient_id, created_at, starts_at, status, source) \
             values ('org_a', 'apt_1', 'pat_1', now(), now(), 'postponed', 'manual')",
            "appointments_status_known",
        ),
        (
            "insert into appointments (organization_id, id, patient_id, created_at, starts_at, status, source) \
             values ('org_a', 'apt_1', 'pat_1', now(), now(), 'booked', 'fax')",
            "appointments_source_known",
        ),
        (
            "insert into appointments (organization_id, id, patient_id, created_at, starts_at, status, source, revenue_cents) \
             values ('org_a', 'apt_1', 'pat_1', now(), now(), 'completed', 'manual', -1)",
            "appointments_revenue_not_negative",
        ),
        (
            "insert into appointments (organization_id, id, patient_id, created_at, starts_at, ends_at, status, source) \
             values ('org_a', 'apt_1', 'pat_1', now(), now(), now() - interval '1 minute', 'booked', 'manual')",
            "appointments_ends_not_before_start",
        ),
        (
            "insert into appointments (organization_id, id, patient_id, created_at, starts_at, status, source) \
             values ('org_a', '', 'pat_1', now(), now(), 'booked', 'manual')",
            "appointments_id_not_blank",
        ),
    ];

    for (statement, expected) in cases {
        assert_eq!(violated_constraint(&pool, statement).await, expected);
    }
}

#[sqlx::test]
async fn appointments_refuse_a_duplicate_id_within_an_organization(pool: PgPool) {
    insert_clinic(&pool).await;
    let insert = "insert into appointments (organization_id, id, patient_id, created_at, starts_at, status, source) \
                  values ('org_a', 'apt_1', 'pat_1', now(), now(), 'booked', 'manual')";
    sqlx::query(insert).execute(&pool).await.unwrap();

    assert_eq!(violated_constraint(&pool, insert).await, "appointments_pkey");
}

#[sqlx::test]
async fn appointments_refuse_missing_required_values(pool: PgPool) {
    insert_clinic(&pool).await;

    let error = sqlx::query(
        "insert into appointments (organization_id, id, patient_id, created_at, status, source) \
         values ('org_a', 'apt_1', 'pat_1', now(), 'booked', 'manual')",
    )
    .execute(&pool)
    .await
    .unwrap_err();

    let database_error = error.as_database_error().unwrap();
    assert_eq!(database_error.code().as_deref(), Some("23502"));
    assert!(database_error.message().contains("starts_at"));
}

#[sqlx::test]
async fn a_patient_with_appointments_cannot_be_deleted(pool: PgPool) {
    insert_clinic(&pool).await;
    sqlx::query(
        "insert into appointments (organization_id, id, patient_id, created_at, starts_at, status, source) \
         values ('org_a', 'apt_1', 'pat_1', now(), now(), 'booked', 'manual')",
    )
    .execute(&pool)
    .await
    .unwrap();

    let constraint = violated_constraint(&pool, "delete from patients where id = 'pat_1'").await;

    assert_eq!(constraint, "appointments_patient_fkey");
}

#[sqlx::test]
async fn outreach_attempts_refuse_every_bad_row_by_name(pool: PgPool) {
    insert_clinic(&pool).await;
    let cases = [
        (
            "insert into outreach_attempts (organization_id, id, patient_id, sent_at, channel, outcome) \
             values ('org_a', 'out_1', 'pat_unknown', now(), 'sms', 'delivered')",
            "outreach_attempts_patient_fkey",
        ),
        (
            "insert into outreach_attempts (organization_id, id, patient_id, sent_at, channel, outcome) \
             values ('org_a', 'out_1', 'pat_1', now(), 'pigeon', 'delivered')",
            "outreach_attempts_channel_known",
        ),
        (
            "insert into outreach_attempts (organization_id, id, patient_id, sent_at, channel, outcome) \
             values ('org_a', 'out_1', 'pat_1', now(), 'sms', 'ignored')",
            "outreach_attempts_outcome_known",
        ),
        (
            "insert into outreach_attempts (organization_id, id, patient_id, sent_at, channel, outcome) \
             values ('org_a', ' ', 'pat_1', now(), 'sms', 'delivered')",
            "outreach_attempts_id_not_blank",
        ),
    ];

    for (statement, expected) in cases {
        assert_eq!(violated_constraint(&pool, statement).await, expected);
    }
}

#[sqlx::test]
async fn automation_costs_refuse_every_bad_row_by_name(pool: PgPool) {
    insert_clinic(&pool).await;
    let cases = [
        (
            "insert into automation_costs (organization_id, id, period_start, period_end, amount_cents) \
             values ('org_missing', 'cost_1', '2026-01-01', '2026-01-31', 100)",
            "automation_costs_organization_fkey",
        ),
        (
            "insert into automation_costs (organization_id, id, period_start, period_end, amount_cents) \
             values ('org_a', 'cost_1', '2026-01-31', '2026-01-01', 100)",
            "automation_costs_period_ordered",
        ),
        (
            "insert into automation_costs (organization_id, id, period_start, period_end, amount_cents) \
             values ('org_a', 'cost_1', '2026-01-01', '2026-01-31', -100)",
            "automation_costs_amount_not_negative",
        ),
        (
            "insert into automation_costs (organization_id, id, period_start, period_end, amount_cents) \
             values ('org_a', '', '2026-01-01', '2026-01-31', 100)",
            "automation_costs_id_not_blank",
        ),
    ];

    for (statement, expected) in cases {
        assert_eq!(violated_constraint(&pool, statement).await, expected);
    }
}

#[sqlx::test]
async fn infinite_dates_and_times_are_refused_by_name(pool: PgPool) {
    insert_clinic(&pool).await;
    let cases = [
        (
            "insert into appointments (organization_id, id, patient_id, created_at, starts_at, status, source) \
             values ('org_a', 'apt_1', 'pat_1', now(), 'infinity', 'booked', 'manual')",
            "appointments_times_finite",
        ),
        (
            "insert into patients (organization_id, id, created_at) values ('org_a', 'pat_2', '-infinity')",
            "patients_times_finite",
        ),
        (
            "insert into automation_costs (organization_id, id, period_start, period_end, amount_cents) \
             values ('org_a', 'cost_1', '2026-01-01', 'infinity', 100)",
            "automation_costs_periods_finite",
        ),
        (
            "update organizations set last_synced_at = 'infinity' where id = 'org_a'",
            "organizations_times_finite",
        ),
        (
            "insert into outreach_attempts (organization_id, id, patient_id, sent_at, channel, outcome) \
             values ('org_a', 'out_1', 'pat_1', 'infinity', 'sms', 'delivered')",
            "outreach_attempts_times_finite",
        ),
    ];

    for (statement, expected) in cases {
        assert_eq!(violated_constraint(&pool, statement).await, expected);
    }
}

#[sqlx::test]
async fn appointments_written_under_repeatable_read_are_refused_with_the_reason(pool: PgPool) {
    insert_clinic(&pool).await;
    let mut tx = pool.begin().await.unwrap();
    sqlx::query("set transaction isolation level repeatable read")
        .execute(&mut *tx)
        .await
        .unwrap();

    let error = sqlx::query(
        "insert into appointments (organization_id, id, patient_id, created_at, starts_at, status, source) \
         values ('org_a', 'apt_1', 'pat_1', now(), now(), 'booked', 'manual')",
    )
    .execute(&mut *tx)
    .await
    .unwrap_err();

    let database_error = error.as_database_error().unwrap();
    assert_eq!(database_error.code().as_deref(), Some("0A000"));
    assert_eq!(
        database_error.message(),
        "appointments must be written in READ COMMITTED transactions"
    );
}
