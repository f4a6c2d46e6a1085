//! Tenant isolation in depth: row-level security on every tenant table, a service role that cannot get around it, and
//! two organizations' marked data never crossing, through the database, the cache, the loaders and the fallback.

use std::net::SocketAddr;
use std::time::Duration;

use clinic_analytics::db::{Db, roles};
use serde_json::json;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, PgConnection, PgPool};

use crate::app::{Answer, TestApp, serve_args, service_options};
use crate::proxy::Proxy;

const AS_OF: &str = "2026-03-15T00:00:00Z";

/// A clinic whose every identifier, name and label carries `marker`, and whose two completed visits in the last 30
/// days each earned `visit_cents`.
async fn marked_clinic(pool: &PgPool, marker: &str, visit_cents: i64) {
    let name = format!("{}{} Marker Clinic", marker[..1].to_uppercase(), &marker[1..]);
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        r#"
        insert into organizations (id, name, timezone, currency, last_synced_at)
        values ('org_{marker}', '{name}', 'UTC', 'AUD', '2026-03-14T22:00:00Z');
        insert into patients (organization_id, id, created_at) values
            ('org_{marker}', '{marker}_p1', '2026-01-01T00:00:00Z'),
            ('org_{marker}', '{marker}_p2', '2026-01-01T00:00:00Z');
        insert into appointments (organization_id, id, patient_id, created_at, starts_at, ends_at, status, source,
                                  revenue_cents, appointment_type, practitioner_id) values
            ('org_{marker}', '{marker}_a1', '{marker}_p1', '2026-03-01T10:00:00Z', '2026-03-02T10:00:00Z', null,
             'completed', 'manual', {visit_cents}, '{marker}-assessment', '{marker}_prac'),
            ('org_{marker}', '{marker}_a2', '{marker}_p2', '2026-03-03T10:00:00Z', '2026-03-05T10:00:00Z', null,
             'completed', 'ai_agent', {visit_cents}, '{marker}-assessment', '{marker}_prac'),
            ('org_{marker}', '{marker}_a3', '{marker}_p1', '2026-03-10T10:00:00Z', '2026-03-17T10:00:00Z', null,
             'booked', 'automation', 0, '{marker}-assessment', '{marker}_prac');
        insert into outreach_attempts (organization_id, id, patient_id, sent_at, channel, automated, outcome) values
            ('org_{marker}', '{marker}_o1', '{marker}_p2', '2026-03-04T10:00:00Z', 'sms', true, 'booked');
        insert into automation_costs (organization_id, id, period_start, period_end, amount_cents, description) values
            ('org_{marker}', '{marker}_c1', '2026-03-01', '2026-03-31', 3100, '{marker} receptionist');
        insert into practitioners (organization_id, id, name) values ('org_{marker}', '{marker}_prac', '{name} Physio');
        "#
    )))
    .execute(pool)
    .await
    .unwrap();
}

/// Every field of an organization, each metric group, chart and page of appointments included.
const EVERY_FIELD: &str = r#"query Everything($org: ID!, $asOf: DateTime!) { organization(id: $org) {
  id name timezone currency lastSyncedAt
  bookingMetrics(asOf: $asOf) { totalBookings previousPeriodBookings periodComparison bookingsViaAi meta { ...meta } }
  patientMetrics(asOf: $asOf) { totalPatients activePatients newPatients meta { ...meta } }
  financialMetrics(asOf: $asOf) { totalRevenue avgRevenuePerPatient lifetimeValueTotal lifetimeValueAverage currency meta { ...meta } }
  automationMetrics(asOf: $asOf) { automationBookings automatedRevenue operationalCosts totalRoi totalContacts successfulContacts efficiencyScore meta { ...meta } }
  charts(asOf: $asOf, granularity: WEEK) { granularity bookingTrends { date bookings revenue } patientEngagementTrend { date activePatients newPatients } automationPerformance { date efficiencyScore automationRate } visitOutcomeTrend { date attended } meta { ...meta } }
  summary(asOf: $asOf) { totalPatients activePatients patientsWithUpcoming patientsWithRecent engagementRate lastSyncedAt meta { ...meta } }
  reengagement(asOf: $asOf) { totalPatients currentlyActive currentlyDormant currentlyStale engagementRatePercent lifetimeValueTotal lifetimeValueAverage meta { ...meta } }
  visitOutcomes(asOf: $asOf) { appointments attended revenuePerVisit meta { ...meta } }
  retention(asOf: $asOf) { patientsSeen firstVisits rebookingRate meta { ...meta } }
  breakdown(by: PRACTITIONER, asOf: $asOf) { rows { key label revenue patientsSeen } meta { ...meta } }
  upcomingAppointments(asOf: $asOf, first: 5) { totalCount pageInfo { hasPreviousPage hasNextPage startCursor endCursor }
    edges { cursor node { id patientId startsAt endsAt status source appointmentType practitionerId practitionerName } } nodes { id } }
} }
fragment meta on MetricMeta { timeframe windowStart windowEnd freshness staleReason }"#;

/// The organizations list with a figure of each.
const EVERY_ORGANIZATION: &str = r#"query List($asOf: DateTime!) { organizations { id name
  summary(asOf: $asOf) { totalPatients } financialMetrics(asOf: $asOf) { totalRevenue } } }"#;

/// Asks both operations as the caller of `marker`'s clinic, granted only it.
async fn ask(app: &TestApp, marker: &str) -> [Answer; 2] {
    let org = format!("org_{marker}");
    let every_field = app
        .query_granted(&[&org], &org, EVERY_FIELD, json!({ "org": org, "asOf": AS_OF }))
        .await;
    let every_organization = app
        .query_granted(&[&org], &org, EVERY_ORGANIZATION, json!({ "asOf": AS_OF }))
        .await;
    [every_field, every_organization]
}

/// Checks an answer holds its own clinic's figures and nothing of the other's.
fn assert_own(answers: &[Answer; 2], own: &str, other: &str, revenue: f64, freshness: &str) {
    let [every_field, every_organization] = answers;
    for answer in answers {
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert!(answer.body.get("errors").is_none(), "{}", answer.body);
        let text = answer.body.to_string().to_lowercase();
        assert!(!text.contains(other), "{own}'s answer shows {other}'s data: {text}");
        assert!(text.contains(own), "{text}");
    }
    assert_eq!(every_field.data("/organization/financialMetrics/totalRevenue"), revenue);
    assert_eq!(every_field.data("/organization/bookingMetrics/totalBookings"), 3);
    assert_eq!(every_field.data("/organization/patientMetrics/totalPatients"), 2);
    assert_eq!(every_field.data("/organization/upcomingAppointments/totalCount"), 1);
    assert_eq!(
        every_field.data("/organization/upcomingAppointments/edges/0/node/patientId"),
        &format!("{own}_p1")
    );
    assert_eq!(
        every_field.data("/organization/upcomingAppointments/edges/0/node/practitionerName"),
        &format!("{}{} Marker Clinic Physio", own[..1].to_uppercase(), &own[1..])
    );
    assert_eq!(
        every_field.data("/organization/financialMetrics/meta/freshness"),
        freshness
    );
    assert_eq!(every_organization.data("/organizations").as_array().unwrap().len(), 1);
    assert_eq!(
        every_organization.data("/organizations/0/financialMetrics/totalRevenue"),
        revenue
    );
}

#[sqlx::test]
async fn two_organizations_never_see_each_others_data_through_the_database_the_cache_or_the_fallback(
    _: PgPoolOptions,
    connect: PgConnectOptions,
) {
    let direct = PgPoolOptions::new()
        .max_connections(2)
        .connect_with(connect)
        .await
        .unwrap();
    marked_clinic(&direct, "alpha", 1_000).await;
    marked_clinic(&direct, "bravo", 424_242).await;
    let proxy = Proxy::start("127.0.0.1:5432".parse::<SocketAddr>().unwrap()).await;
    // One pooled connection: both organizations' statements take turns on the same session.
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(1))
        .connect_with(service_options(&direct).await.port(proxy.port))
        .await
        .unwrap();
    // The rate limits would (rightly) slow a caller asking this much this fast.
    let unlimited = [
        "--rate-limit-caller-per-second",
        "0",
        "--rate-limit-organization-per-second",
        "0",
    ];
    let app = TestApp::over(pool, serve_args(&unlimited));

    // Computed from the database, the loaders batching each request's groups.
    for _ in 0..10 {
        app.state.dashboard.cache().invalidate_all();
        assert_own(&ask(&app, "alpha").await, "alpha", "bravo", 20.0, "REAL_TIME");
        assert_own(&ask(&app, "bravo").await, "bravo", "alpha", 8484.84, "REAL_TIME");
    }
    // From the shared caches.
    for _ in 0..10 {
        assert_own(&ask(&app, "alpha").await, "alpha", "bravo", 20.0, "CACHED");
        assert_own(&ask(&app, "bravo").await, "bravo", "alpha", 8484.84, "CACHED");
    }
    // From the last known values, the database cut away.
    proxy.cut();
    for _ in 0..10 {
        app.state.dashboard.cache().invalidate_all();
        assert_own(&ask(&app, "alpha").await, "alpha", "bravo", 20.0, "STALE");
        assert_own(&ask(&app, "bravo").await, "bravo", "alpha", 8484.84, "STALE");
    }
}

#[sqlx::test]
async fn every_table_holding_organizations_has_row_level_security_enabled_and_forced(pool: PgPool) {
    let tables: Vec<(String, bool, bool)> = sqlx::query_as(
        "select c.relname::text, c.relrowsecurity, c.relforcerowsecurity
         from pg_class c
         where c.relkind in ('r', 'p') and c.relnamespace = current_schema()::regnamespace
           and (c.relname = 'organizations'
                or exists (select 1 from pg_attribute a
                           where a.attrelid = c.oid and a.attname = 'organization_id' and not a.attisdropped))
         order by 1",
    )
    .fetch_all(&pool)
    .await
    .unwrap();

    let mut expected: Vec<&str> = roles::TENANT_TABLES.to_vec();
    expected.sort();
    assert_eq!(
        tables.iter().map(|(name, ..)| name.as_str()).collect::<Vec<_>>(),
        expected
    );
    for (table, enabled, forced) in &tables {
        assert!(*enabled && *forced, "{table}: enabled {enabled}, forced {forced}");
    }
}

#[sqlx::test]
async fn the_service_role_may_only_read_and_can_neither_bypass_nor_own_what_it_reads(pool: PgPool) {
    service_options(&pool).await;
    for role in [roles::SERVICE_ROLE, roles::DEFAULT_SERVICE_LOGIN] {
        let (superuser, bypasses, owns): (bool, bool, bool) = sqlx::query_as(
            "select r.rolsuper, r.rolbypassrls,
                    exists (select 1 from pg_class c where c.relname = any($2)
                            and pg_has_role(r.oid, c.relowner, 'USAGE'))
             from pg_roles r where r.rolname = $1",
        )
        .bind(role)
        .bind(&roles::TENANT_TABLES[..])
        .fetch_one(&pool)
        .await
        .unwrap();
        assert!(
            !superuser && !bypasses && !owns,
            "{role}: {superuser} {bypasses} {owns}"
        );
    }
    for table in roles::TENANT_TABLES {
        let (reads, writes): (bool, bool) = sqlx::query_as(
            "select has_table_privilege($1, $2, 'SELECT'),
                    has_table_privilege($1, $2, 'INSERT, UPDATE, DELETE, TRUNCATE')",
        )
        .bind(roles::DEFAULT_SERVICE_LOGIN)
        .bind(table)
        .fetch_one(&pool)
        .await
        .unwrap();
        assert!(reads && !writes, "{table}: reads {reads}, writes {writes}");
    }
}

#[sqlx::test]
async fn a_statement_without_granted_organizations_sees_no_tenant_rows(pool: PgPool) {
    marked_clinic(&pool, "alpha", 1_000).await;
    sqlx::query("select fold_rollup_changes()")
        .execute(&pool)
        .await
        .unwrap();
    let mut service = PgConnection::connect_with(&service_options(&pool).await).await.unwrap();

    for table in roles::TENANT_TABLES {
        let statement = format!("select count(*) from {table}");
        let as_owner: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(statement.clone()))
            .fetch_one(&pool)
            .await
            .unwrap();
        let as_service: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(statement))
            .fetch_one(&mut service)
            .await
            .unwrap();
        // Folded just now: the contributions waiting to be folded are the one table left empty.
        if !table.ends_with("_changes") {
            assert!(as_owner > 0, "{table} holds the clinic's rows");
        }
        assert_eq!(as_service, 0, "{table}");
    }
}

#[sqlx::test]
async fn a_grant_shows_only_its_organizations_and_ends_with_its_transaction(pool: PgPool) {
    marked_clinic(&pool, "alpha", 1_000).await;
    marked_clinic(&pool, "bravo", 424_242).await;
    let mut service = PgConnection::connect_with(&service_options(&pool).await).await.unwrap();

    let mut transaction = service.begin().await.unwrap();
    sqlx::query("select set_config('clinic_analytics.organization_ids', $1::text[]::text, true)")
        .bind(["org_alpha"])
        .execute(&mut *transaction)
        .await
        .unwrap();
    let seen: Vec<String> = sqlx::query_scalar("select distinct organization_id from appointments order by 1")
        .fetch_all(&mut *transaction)
        .await
        .unwrap();
    let asked_for_bravo: i64 =
        sqlx::query_scalar("select count(*) from appointments where organization_id = 'org_bravo'")
            .fetch_one(&mut *transaction)
            .await
            .unwrap();
    transaction.commit().await.unwrap();
    let after: i64 = sqlx::query_scalar("select count(*) from appointments")
        .fetch_one(&mut service)
        .await
        .unwrap();

    assert_eq!(seen, ["org_alpha"]);
    assert_eq!(asked_for_bravo, 0);
    assert_eq!(after, 0);
}

#[sqlx::test]
async fn a_handle_scoped_to_one_organization_reads_nothing_of_another_even_when_asked_for_it(pool: PgPool) {
    marked_clinic(&pool, "alpha", 1_000).await;
    marked_clinic(&pool, "bravo", 424_242).await;
    let service = PgPoolOptions::new()
        .max_connections(1)
        .connect_with(service_options(&pool).await)
        .await
        .unwrap();
    let db = Db::new(service).scoped(["org_alpha".to_owned()].into());

    let bravo: Vec<(String,)> = db
        .fetch_all(
            "test.bravo",
            sqlx::query_as("select id from appointments where organization_id = 'org_bravo'"),
        )
        .await
        .unwrap();
    let alpha: Vec<(String,)> = db
        .fetch_all(
            "test.alpha",
            sqlx::query_as("select id from appointments where organization_id = 'org_alpha' order by id"),
        )
        .await
        .unwrap();

    assert!(bravo.is_empty());
    assert_eq!(alpha.len(), 3);
}

#[sqlx::test]
async fn the_service_refuses_to_start_as_a_role_that_row_level_security_does_not_hold(
    _: PgPoolOptions,
    connect: PgConnectOptions,
) {
    let owner_url = format!(
        "postgres://{}@127.0.0.1:5432/{}",
        connect.get_username(),
        connect.get_database().unwrap()
    );

    let refused = clinic_analytics::startup::connect(&serve_args(&["--database-url", &owner_url]), None)
        .await
        .err()
        .expect("a superuser is refused");

    let message = refused.to_string();
    assert!(
        message.starts_with(&format!(
            "DATABASE_URL connects as `{}`, a superuser: row-level security would not keep organizations apart",
            connect.get_username()
        )),
        "{message}"
    );
}
