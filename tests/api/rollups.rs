//! The rollups answer exactly what the definitions say: random clinics, random writes (late, out of order, updates,
//! deletes, bulk statements, a change of time zone, concurrent writers), then every metric group from both sources for
//! random organizations, windows (rolling spans, calendar periods, ranges of days), comparisons, granularities and
//! instants. A failure prints its seed.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use clinic_analytics::analytics::calendar::{Granularity, start_of_day};
use clinic_analytics::analytics::outcomes::Dimension;
use clinic_analytics::analytics::periods::{CalendarPeriod, Comparison, DateRange, WindowSpec};
use clinic_analytics::analytics::window::Timeframe;
use clinic_analytics::dashboard::{
    AsOf, Computed, FactSource, MetricKey, MetricQuery, OrganizationRef, Windowed, compute,
};
use clinic_analytics::db::{Db, rollups};
use rand::rngs::ChaCha8Rng;
use rand::{Rng, RngExt, SeedableRng};
use sqlx::PgPool;

const ZONES: [Tz; 6] = [
    chrono_tz::Australia::Sydney,
    chrono_tz::America::New_York,
    chrono_tz::Europe::London,
    chrono_tz::Asia::Kolkata,
    chrono_tz::Pacific::Chatham,
    chrono_tz::America::Havana,
];
const STATUSES: [&str; 4] = ["booked", "completed", "cancelled", "no_show"];
const SOURCES: [&str; 4] = ["manual", "online", "ai_agent", "automation"];
const OUTCOMES: [&str; 5] = ["pending", "delivered", "responded", "booked", "failed"];
const PRACTITIONERS: [Option<&str>; 4] = [Some("prac_1"), Some("prac_2"), Some("prac_unnamed"), None];
const TYPES: [Option<&str>; 3] = [Some("Initial"), Some("Standard"), None];
/// When a cancelled appointment was cancelled, relative to its start: late, exactly a day before, early, or unknown.
const CANCELLED_BEFORE: [Option<&str>; 4] = [Some("3 hours"), Some("24 hours"), Some("5 days"), None];

/// The span random data falls in.
fn base() -> DateTime<Utc> {
    "2026-06-01T00:00:00Z".parse().unwrap()
}

/// A random window: a rolling span, a calendar period, or a range of local days (often landing on the data's edges).
fn window_spec(rng: &mut impl Rng) -> WindowSpec {
    match rng.random_range(0..3) {
        0 => WindowSpec::Last(Timeframe::ALL[rng.random_range(0..Timeframe::ALL.len())]),
        1 => WindowSpec::Period(CalendarPeriod::ALL[rng.random_range(0..CalendarPeriod::ALL.len())]),
        _ => {
            let from = base().date_naive() + Duration::days(rng.random_range(-430..70));
            let to = from + Duration::days(rng.random_range(0..400));
            WindowSpec::Range(DateRange::new(from, to.min(NaiveDate::from_ymd_opt(2099, 12, 31).unwrap())).unwrap())
        }
    }
}

/// An instant around `base()`: often exactly a local midnight or a round hour, to land on day and window edges.
fn instant(rng: &mut impl Rng, tz: Tz) -> DateTime<Utc> {
    let day = base() + Duration::days(rng.random_range(-420..60));
    let local_day = day.with_timezone(&tz).date_naive();
    match rng.random_range(0..4) {
        0 => start_of_day(tz, local_day),
        1 => start_of_day(tz, local_day) + Duration::hours(rng.random_range(0..24)),
        _ => day + Duration::microseconds(rng.random_range(0..86_400_000_000)),
    }
}

struct Clinic {
    id: String,
    tz: Tz,
    patients: usize,
    appointments: usize,
}

async fn insert_clinic(pool: &PgPool, rng: &mut impl Rng, index: usize) -> Clinic {
    let tz = ZONES[rng.random_range(0..ZONES.len())];
    let clinic = Clinic {
        id: format!("org_{index}"),
        tz,
        patients: rng.random_range(5..40),
        appointments: 0,
    };
    sqlx::query("insert into organizations (id, name, timezone) values ($1, $1, $2)")
        .bind(&clinic.id)
        .bind(tz.name())
        .execute(pool)
        .await
        .unwrap();
    let created: Vec<DateTime<Utc>> = (0..clinic.patients).map(|_| instant(rng, tz)).collect();
    let ids: Vec<String> = (0..clinic.patients).map(|p| format!("p{p}")).collect();
    sqlx::query("insert into patients (organization_id, id, created_at) select $1, * from unnest($2::text[], $3::timestamptz[])")
        .bind(&clinic.id)
        .bind(&ids)
        .bind(&created)
        .execute(pool)
        .await
        .unwrap();
    sqlx::query(
        "insert into practitioners (organization_id, id, name) values ($1, 'prac_1', 'Ana Lopez'), ($1, 'prac_2', 'Ben Ng')",
    )
    .bind(&clinic.id)
    .execute(pool)
    .await
    .unwrap();
    let mut clinic = clinic;
    let count = rng.random_range(0..250);
    insert_appointments(pool, rng, &mut clinic, count).await;
    let outreach = rng.random_range(0..60);
    insert_outreach(pool, rng, &clinic, outreach).await;
    for c in 0..rng.random_range(0..4) {
        let start = (base() - Duration::days(rng.random_range(0..400))).date_naive();
        let end = start + Duration::days(rng.random_range(0..60));
        sqlx::query(
            "insert into automation_costs (organization_id, id, period_start, period_end, amount_cents) values ($1, $2, $3, $4, $5)",
        )
        .bind(&clinic.id)
        .bind(format!("c{c}"))
        .bind(start)
        .bind(end)
        .bind(rng.random_range(0..500_000i64))
        .execute(pool)
        .await
        .unwrap();
    }
    clinic
}

/// Inserts `count` random appointments in one statement (late and out of order by construction).
async fn insert_appointments(pool: &PgPool, rng: &mut impl Rng, clinic: &mut Clinic, count: usize) {
    let (mut ids, mut patients, mut created, mut starts, mut statuses, mut sources, mut revenue) =
        (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    let (mut practitioners, mut types, mut cancelled_before) = (vec![], vec![], vec![]);
    for _ in 0..count {
        ids.push(format!("a{}", clinic.appointments));
        clinic.appointments += 1;
        patients.push(format!("p{}", rng.random_range(0..clinic.patients)));
        created.push(instant(rng, clinic.tz));
        starts.push(instant(rng, clinic.tz));
        statuses.push(STATUSES[rng.random_range(0..4)]);
        sources.push(SOURCES[rng.random_range(0..4)]);
        revenue.push(rng.random_range(0..30_000i64));
        practitioners.push(PRACTITIONERS[rng.random_range(0..PRACTITIONERS.len())]);
        types.push(TYPES[rng.random_range(0..TYPES.len())]);
        cancelled_before.push(CANCELLED_BEFORE[rng.random_range(0..CANCELLED_BEFORE.len())]);
    }
    sqlx::query(
        "insert into appointments (organization_id, id, patient_id, created_at, starts_at, status, source, revenue_cents,
                                   practitioner_id, appointment_type, cancelled_at)
         select $1, id, patient, created, starts, status, source, revenue, practitioner, kind,
                case when status = 'cancelled' then starts - before::interval end
         from unnest($2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::text[], $7::text[], $8::int8[],
                     $9::text[], $10::text[], $11::text[])
              as n(id, patient, created, starts, status, source, revenue, practitioner, kind, before)",
    )
    .bind(&clinic.id)
    .bind(&ids)
    .bind(&patients)
    .bind(&created)
    .bind(&starts)
    .bind(&statuses)
    .bind(&sources)
    .bind(&revenue)
    .bind(&practitioners)
    .bind(&types)
    .bind(&cancelled_before)
    .execute(pool)
    .await
    .unwrap();
}

async fn insert_outreach(pool: &PgPool, rng: &mut impl Rng, clinic: &Clinic, count: usize) {
    for o in 0..count {
        sqlx::query(
            "insert into outreach_attempts (organization_id, id, patient_id, sent_at, channel, outcome)
             values ($1, $2, $3, $4, 'sms', $5)",
        )
        .bind(&clinic.id)
        .bind(format!("o{o}_{}", rng.random_range(0..1_000_000)))
        .bind(format!("p{}", rng.random_range(0..clinic.patients)))
        .bind(instant(rng, clinic.tz))
        .bind(OUTCOMES[rng.random_range(0..5)])
        .execute(pool)
        .await
        .unwrap();
    }
}

/// One random write: status changes, moves, reassignments, deletes, late inserts, bulk updates, outreach outcomes,
/// patient records, a new time zone.
async fn random_write(pool: &PgPool, rng: &mut impl Rng, clinics: &mut [Clinic]) {
    let index = rng.random_range(0..clinics.len());
    let clinic = &mut clinics[index];
    let appointment = format!("a{}", rng.random_range(0..clinic.appointments.max(1)));
    let statement = match rng.random_range(0..12) {
        0 => sqlx::query(
            "update appointments set status = $3,
                    cancelled_at = case when $3 = 'cancelled' then starts_at - $4::interval end
             where organization_id = $1 and id = $2",
        )
        .bind(&clinic.id)
        .bind(&appointment)
        .bind(STATUSES[rng.random_range(0..4)])
        .bind(CANCELLED_BEFORE[rng.random_range(0..CANCELLED_BEFORE.len())]),
        9 => sqlx::query("update appointments set created_at = $3 where organization_id = $1 and id = $2")
            .bind(&clinic.id)
            .bind(&appointment)
            .bind(instant(rng, clinic.tz)),
        10 => sqlx::query(
            "update appointments set practitioner_id = $3, appointment_type = $4 where organization_id = $1 and id = $2",
        )
        .bind(&clinic.id)
        .bind(&appointment)
        .bind(PRACTITIONERS[rng.random_range(0..PRACTITIONERS.len())])
        .bind(TYPES[rng.random_range(0..TYPES.len())]),
        11 => sqlx::query("update practitioners set name = name || '!' where organization_id = $1")
            .bind(&clinic.id),
        1 => sqlx::query("update appointments set starts_at = $3, revenue_cents = revenue_cents + 1 where organization_id = $1 and id = $2")
            .bind(&clinic.id)
            .bind(&appointment)
            .bind(instant(rng, clinic.tz)),
        2 => sqlx::query("update appointments set patient_id = $3, source = $4 where organization_id = $1 and id = $2")
            .bind(&clinic.id)
            .bind(&appointment)
            .bind(format!("p{}", rng.random_range(0..clinic.patients)))
            .bind(SOURCES[rng.random_range(0..4)]),
        3 => sqlx::query("delete from appointments where organization_id = $1 and id = $2")
            .bind(&clinic.id)
            .bind(&appointment),
        4 => {
            let count = rng.random_range(1..40);
            insert_appointments(pool, rng, clinic, count).await;
            return;
        }
        5 => sqlx::query(
            "update appointments set status = case when status = 'booked' then 'completed' else 'booked' end,
                                     cancelled_at = null
             where organization_id = $1 and patient_id = $2",
        )
        .bind(&clinic.id)
        .bind(format!("p{}", rng.random_range(0..clinic.patients))),
        6 => sqlx::query("update outreach_attempts set outcome = $2, sent_at = sent_at - interval '1 day' where organization_id = $1")
            .bind(&clinic.id)
            .bind(OUTCOMES[rng.random_range(0..5)]),
        7 => sqlx::query("update patients set created_at = $3 where organization_id = $1 and id = $2")
            .bind(&clinic.id)
            .bind(format!("p{}", rng.random_range(0..clinic.patients)))
            .bind(instant(rng, clinic.tz)),
        _ => {
            clinic.tz = ZONES[rng.random_range(0..ZONES.len())];
            sqlx::query("update organizations set timezone = $2 where id = $1")
                .bind(&clinic.id)
                .bind(clinic.tz.name())
        }
    };
    statement.execute(pool).await.unwrap();
}

/// Every metric group, from both sources, at random instants; panics on the first difference.
async fn assert_sources_agree(db: &Db, rng: &mut impl Rng, clinics: &[Clinic], seed: u64, checks: usize) {
    let now = base();
    for _ in 0..checks {
        let chosen: Vec<OrganizationRef> = clinics
            .iter()
            .filter(|_| rng.random_bool(0.7))
            .map(|c| OrganizationRef {
                id: c.id.clone(),
                timezone: c.tz,
            })
            .collect();
        if chosen.is_empty() {
            continue;
        }
        let as_of = if rng.random_bool(0.1) {
            AsOf::Latest
        } else {
            AsOf::At(instant(rng, chosen[0].timezone))
        };
        let granularity = [Granularity::Day, Granularity::Week, Granularity::Month][rng.random_range(0..3)];
        let compare = [Comparison::PreviousPeriod, Comparison::SamePeriodLastYear][rng.random_range(0..2)];
        let window = Windowed {
            window: window_spec(rng),
            compare,
            as_of,
        };
        let queries = [
            MetricQuery::Bookings(window),
            MetricQuery::Patients(window),
            MetricQuery::Financial(window),
            MetricQuery::Automation(window),
            MetricQuery::Charts(window, granularity),
            MetricQuery::OutcomeTrend(window, granularity),
            MetricQuery::Summary(as_of),
            MetricQuery::Reengagement(as_of),
            MetricQuery::VisitOutcomes(window),
            MetricQuery::Retention(window),
            MetricQuery::Breakdown(window, Dimension::ALL[rng.random_range(0..Dimension::ALL.len())]),
        ];
        for query in queries {
            let reference = figures(db, FactSource::Definitions, &query, &chosen, now).await;
            let rolled_up = figures(db, FactSource::Rollups, &query, &chosen, now).await;
            for org in &chosen {
                assert_eq!(
                    rolled_up[&org.id], reference[&org.id],
                    "seed {seed}: {query:?} of {} ({}) differs",
                    org.id, org.timezone
                );
            }
        }
    }
}

/// One query's figures for each organization, from one source.
async fn figures(
    db: &Db,
    source: FactSource,
    query: &MetricQuery,
    orgs: &[OrganizationRef],
    now: DateTime<Utc>,
) -> std::collections::HashMap<String, Computed> {
    let keys: Vec<MetricKey> = orgs
        .iter()
        .map(|organization| MetricKey {
            organization: organization.clone(),
            query: query.clone(),
        })
        .collect();
    compute(db, source, &keys, now)
        .await
        .into_iter()
        .map(|(key, computed)| (key.organization.id, (*computed.unwrap()).clone()))
        .collect()
}

async fn rollups_equal_the_definitions(pool: PgPool, seed: u64) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut clinics = Vec::new();
    for index in 0..3 {
        clinics.push(insert_clinic(&pool, &mut rng, index).await);
    }
    let db = Db::new(pool.clone());
    assert_sources_agree(&db, &mut rng, &clinics, seed, 8).await;

    for _ in 0..40 {
        random_write(&pool, &mut rng, &mut clinics).await;
    }
    assert_sources_agree(&db, &mut rng, &clinics, seed, 10).await;

    let folded = rollups::fold_changes(&db).await.unwrap();
    assert!(folded > 0);
    assert_sources_agree(&db, &mut rng, &clinics, seed, 10).await;
}

#[sqlx::test]
async fn rollups_equal_the_definitions_on_random_clinics_and_writes_seed_1(pool: PgPool) {
    rollups_equal_the_definitions(pool, 1).await;
}

#[sqlx::test]
async fn rollups_equal_the_definitions_on_random_clinics_and_writes_seed_2(pool: PgPool) {
    rollups_equal_the_definitions(pool, 2).await;
}

#[sqlx::test]
async fn rollups_equal_the_definitions_on_random_clinics_and_writes_seed_3(pool: PgPool) {
    rollups_equal_the_definitions(pool, 3).await;
}

#[sqlx::test]
async fn rollups_equal_the_definitions_on_random_clinics_and_writes_seed_4(pool: PgPool) {
    rollups_equal_the_definitions(pool, 4).await;
}

/// Writers racing on the same patients and days in their own transactions, while the changes are folded: presence is
/// recomputed under a lock on the patient and contributions are appended, so no change is lost and nobody deadlocks.
#[sqlx::test]
async fn concurrent_writers_on_the_same_patients_keep_the_rollups_exact(pool: PgPool) {
    let mut rng = ChaCha8Rng::seed_from_u64(99);
    let mut clinic = insert_clinic(&pool, &mut rng, 0).await;
    insert_appointments(&pool, &mut rng, &mut clinic, 50).await;
    let patients = clinic.patients.min(3);
    let db = Db::new(pool.clone());
    let writers: Vec<_> = (0..6)
        .map(|writer| {
            let pool = pool.clone();
            let org = clinic.id.clone();
            let tz = clinic.tz;
            tokio::spawn(async move {
                let mut rng = ChaCha8Rng::seed_from_u64(writer);
                for step in 0..30 {
                    let mut tx = pool.begin().await.unwrap();
                    let (first, second) = (rng.random_range(0..patients), rng.random_range(0..patients));
                    sqlx::query(
                        "insert into appointments (organization_id, id, patient_id, created_at, starts_at, status, source)
                         values ($1, $2, $3, $5, $6, 'completed', 'manual'), ($1, $2 || 'b', $4, $6, $5, 'booked', 'online')",
                    )
                    .bind(&org)
                    .bind(format!("w{writer}_{step}"))
                    .bind(format!("p{first}"))
                    .bind(format!("p{second}"))
                    .bind(instant(&mut rng, tz))
                    .bind(instant(&mut rng, tz))
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                    tokio::task::yield_now().await;
                    tx.commit().await.unwrap();
                    if step % 3 == 0 {
                        sqlx::query("update appointments set status = 'cancelled' where organization_id = $1 and id = $2")
                            .bind(&org)
                            .bind(format!("w{writer}_{}", step / 2))
                            .execute(&pool)
                            .await
                            .unwrap();
                    }
                }
            })
        })
        .collect();
    let folder = {
        let db = db.clone();
        tokio::spawn(async move {
            for _ in 0..40 {
                rollups::fold_changes(&db).await.unwrap();
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
        })
    };
    for writer in writers {
        writer.await.unwrap();
    }
    folder.await.unwrap();

    assert_sources_agree(&db, &mut rng, std::slice::from_ref(&clinic), 99, 10).await;
}
