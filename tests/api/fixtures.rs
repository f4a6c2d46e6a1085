//! Hand-built clinics whose every figure is worked out in docs/METRICS.md style comments.

use sqlx::PgPool;

/// The instant "Known Clinic" figures are computed as of.
pub const AS_OF: &str = "2026-03-15T00:00:00Z";

/// Known Clinic (UTC). As of 2026-03-15T00:00Z, last 7 days = [03-08 00:00, 03-15 00:00), previous = [03-01, 03-08):
/// - patients created before as-of: p1 p2 p3 p5 p6 p7 p8 p9 = 8 (p4 is created exactly at as-of); new: p2 (exactly at
///   the window start) and p3 = 2;
/// - active: p1 (a1, and a2 booked this week), p2 (a3), p3 (a4 booked this week), p5 (a5 exactly 30 days ago) = 4;
///   dormant: p6 (a8 54 days ago; a10 booked exactly 7 days ahead does not count), p9 (a15 one second more than 30
///   days ago) = 2; stale: p7 (no-show this week is not a visit), p8 (never attended) = 2;
/// - bookings created in the window: a1 (exactly at its start), a3 (ai_agent), a4 (automation), a13 = 4; a2 was
///   created exactly at as-of; previous window: a14 (exactly at its start), a10, a6 = 3;
/// - completed starting in the window: a1 10000 (p1), a3 12000 (p2) = 22000 cents from 2 patients; lifetime: a1 a3 a5
///   a8 a9 a15 = 49000 cents;
/// - outreach sent in the window: o1 (at its start), o2 responded, o3 booked, o5 = 4, 2 successful; o4 at as-of;
/// - costs: c1 March 31000 × 7/31 = 7000, c3 one day 1000 fully inside, c2 February does not overlap = 8000;
/// - starting in the window: a1 and a3 attended, a13 a no-show, a6 cancelled 16 hours before its start (late).
pub async fn known_clinic(pool: &PgPool) {
    sqlx::raw_sql(
        r#"
        insert into organizations (id, name, timezone, currency, last_synced_at)
        values ('org_known', 'Known Clinic', 'UTC', 'AUD', '2026-03-14T22:00:00Z');

        insert into patients (organization_id, id, created_at) values
            ('org_known', 'p1', '2026-01-01T00:00:00Z'),
            ('org_known', 'p2', '2026-03-08T00:00:00Z'),
            ('org_known', 'p3', '2026-03-14T23:59:59Z'),
            ('org_known', 'p4', '2026-03-15T00:00:00Z'),
            ('org_known', 'p5', '2025-06-01T00:00:00Z'),
            ('org_known', 'p6', '2025-01-01T00:00:00Z'),
            ('org_known', 'p7', '2025-01-01T00:00:00Z'),
            ('org_known', 'p8', '2025-02-01T00:00:00Z'),
            ('org_known', 'p9', '2025-03-01T00:00:00Z');

        insert into appointments (organization_id, id, patient_id, created_at, starts_at, ends_at, status, source,
                                  revenue_cents, appointment_type, practitioner_id) values
            ('org_known', 'a1',  'p1', '2026-03-08T00:00:00Z', '2026-03-10T09:00:00Z', '2026-03-10T09:30:00Z', 'completed',  'manual',     10000, 'Standard', 'prac_1'),
            ('org_known', 'a2',  'p1', '2026-03-15T00:00:00Z', '2026-03-20T09:00:00Z', null,                   'booked',     'online',         0, 'Standard', 'prac_1'),
            ('org_known', 'a3',  'p2', '2026-03-09T10:00:00Z', '2026-03-12T10:00:00Z', null,                   'completed',  'ai_agent',   12000, 'Initial',  'prac_2'),
            ('org_known', 'a4',  'p3', '2026-03-10T10:00:00Z', '2026-03-16T10:00:00Z', '2026-03-16T11:00:00Z', 'booked',     'automation',     0, 'Initial',  null),
            ('org_known', 'a5',  'p5', '2026-02-10T10:00:00Z', '2026-02-13T00:00:00Z', null,                   'completed',  'manual',      9000, 'Standard', 'prac_1'),
            ('org_known', 'a6',  'p5', '2026-03-02T10:00:00Z', '2026-03-14T10:00:00Z', null,                   'cancelled',  'ai_agent',       0, 'Standard', 'prac_1'),
            ('org_known', 'a8',  'p6', '2026-01-19T10:00:00Z', '2026-01-20T10:00:00Z', null,                   'completed',  'manual',      7000, 'Standard', 'prac_2'),
            ('org_known', 'a9',  'p7', '2025-09-30T10:00:00Z', '2025-10-01T10:00:00Z', null,                   'completed',  'online',      6000, 'Standard', 'prac_2'),
            ('org_known', 'a10', 'p6', '2026-03-01T10:00:00Z', '2026-03-22T00:00:00Z', null,                   'booked',     'manual',         0, 'Standard', 'prac_2'),
            ('org_known', 'a13', 'p7', '2026-03-09T12:00:00Z', '2026-03-11T10:00:00Z', null,                   'no_show',    'manual',      4500, 'Standard', 'prac_1'),
            ('org_known', 'a14', 'p8', '2026-03-01T00:00:00Z', '2026-03-03T10:00:00Z', null,                   'cancelled',  'online',         0, 'Initial',  'prac_1'),
            ('org_known', 'a15', 'p9', '2026-02-01T10:00:00Z', '2026-02-12T23:59:59Z', null,                   'completed',  'automation',  5000, 'Standard', 'prac_2');

        -- a6 was cancelled 16 hours before its start (late), a14 two days before (not late).
        update appointments set cancelled_at = '2026-03-13T18:00:00Z' where organization_id = 'org_known' and id = 'a6';
        update appointments set cancelled_at = '2026-03-01T10:00:00Z' where organization_id = 'org_known' and id = 'a14';

        -- prac_2 has no row: breakdowns show its id.
        insert into practitioners (organization_id, id, name) values ('org_known', 'prac_1', 'Ana Lopez');

        insert into outreach_attempts (organization_id, id, patient_id, sent_at, channel, automated, outcome) values
            ('org_known', 'o1', 'p6', '2026-03-08T00:00:00Z', 'sms',   true,  'delivered'),
            ('org_known', 'o2', 'p6', '2026-03-10T10:00:00Z', 'email', true,  'responded'),
            ('org_known', 'o3', 'p9', '2026-03-12T10:00:00Z', 'sms',   true,  'booked'),
            ('org_known', 'o4', 'p8', '2026-03-15T00:00:00Z', 'sms',   true,  'pending'),
            ('org_known', 'o5', 'p7', '2026-03-13T10:00:00Z', 'call',  false, 'failed');

        insert into automation_costs (organization_id, id, period_start, period_end, amount_cents, description) values
            ('org_known', 'c1', '2026-03-01', '2026-03-31', 31000, 'AI receptionist'),
            ('org_known', 'c2', '2026-02-01', '2026-02-28', 28000, 'AI receptionist'),
            ('org_known', 'c3', '2026-03-14', '2026-03-14',  1000, 'SMS credits');
        "#,
    )
    .execute(pool)
    .await
    .unwrap();
}

/// An organization with no data at all.
pub async fn empty_clinic(pool: &PgPool) {
    sqlx::query("insert into organizations (id, name, timezone) values ('org_empty', 'Empty Clinic', 'Europe/London')")
        .execute(pool)
        .await
        .unwrap();
}

/// Sydney Clinic across the start of daylight saving (Sunday 2026-10-04, 02:00 AEST → 03:00 AEDT, a 23-hour day).
/// As of 2026-10-06T13:00Z (00:00 on the 7th in Sydney) the last 7 days are 8 local days, the first only 1 hour long:
/// - s2 is created exactly at the window start (09-29 23:00 local); s3 at 00:30 local on the 4th;
/// - b4 is booked at 23:30 local on 09-29; b3 at 00:30 (AEST) and b1 at 23:30 (AEDT) on the 4th; b2 at 00:30 on the
///   5th; b5 one minute before the window;
/// - b1 (100.00) starts on the 5th and b2 (50.00) one second before midnight on the 6th;
/// - s1 is active throughout (b1 ahead, then behind); s2 from the second day on, when b4 on the 7th is within 7 days.
pub async fn sydney_clinic(pool: &PgPool) {
    sqlx::raw_sql(
        r#"
        insert into organizations (id, name, timezone, currency) values ('org_syd', 'Sydney Clinic', 'Australia/Sydney', 'AUD');

        insert into patients (organization_id, id, created_at) values
            ('org_syd', 's1', '2026-09-01T00:00:00Z'),
            ('org_syd', 's2', '2026-09-29T13:00:00Z'),
            ('org_syd', 's3', '2026-10-03T14:30:00Z');

        insert into appointments (organization_id, id, patient_id, created_at, starts_at, status, source, revenue_cents) values
            ('org_syd', 'b1', 's1', '2026-10-04T12:30:00Z', '2026-10-05T00:00:00Z', 'completed', 'manual',     10000),
            ('org_syd', 'b2', 's1', '2026-10-04T13:30:00Z', '2026-10-06T12:59:59Z', 'completed', 'ai_agent',    5000),
            ('org_syd', 'b3', 's3', '2026-10-03T14:30:00Z', '2026-10-04T15:00:00Z', 'cancelled', 'automation',     0),
            ('org_syd', 'b4', 's2', '2026-09-29T13:30:00Z', '2026-10-07T00:00:00Z', 'booked',    'online',         0),
            ('org_syd', 'b5', 's1', '2026-09-29T12:59:00Z', '2026-09-30T00:00:00Z', 'cancelled', 'manual',         0);
        "#,
    )
    .execute(pool)
    .await
    .unwrap();
}

/// A bulk sync into the known clinic: `batches` transactions of `rows` outreach attempts each, as a sync in batches
/// writes them.
pub async fn sync_outreach_in_batches(pool: &PgPool, batches: u32, rows: u32) {
    for batch in 0..batches {
        sqlx::query(
            "insert into outreach_attempts (organization_id, id, patient_id, sent_at, channel, outcome)
             select 'org_known', 'bulk_' || $1 || '_' || g, 'p' || (1 + g % 9), now() - g * interval '1 minute', 'sms', 'delivered'
             from generate_series(1, $2) g",
        )
        .bind(batch as i32)
        .bind(rows as i32)
        .execute(pool)
        .await
        .unwrap();
    }
}

/// Rebook Clinic (UTC), as of 2026-03-15T00:00Z, last 30 days = [02-13, 03-15): five attended visits, one per patient,
/// and what each patient booked after it (docs/METRICS.md, "Rebooked visit"):
/// - r1: booked a visit at reception 50 minutes after A (rebooked);
/// - r2: booked the next visit exactly 24 hours after A started (not rebooked: the booking must come sooner);
/// - r3: booked one 30 minutes after A, then cancelled it (not rebooked);
/// - r4: has a no-show starting at the same instant as A (not rebooked: it must start after A);
/// - r5: came back after a first visit in January, and booked a visit (then missed it) an hour after A (rebooked).
pub async fn rebook_clinic(pool: &PgPool) {
    sqlx::raw_sql(
        r#"
        insert into organizations (id, name, timezone, currency) values ('org_rebook', 'Rebook Clinic', 'UTC', 'AUD');
        insert into patients (organization_id, id, created_at)
        select 'org_rebook', p, '2025-12-01T00:00:00Z' from unnest(array['r1', 'r2', 'r3', 'r4', 'r5']) as p;
        insert into appointments (organization_id, id, patient_id, created_at, starts_at, status, source, revenue_cents,
                                  cancelled_at) values
            ('org_rebook', 'r1a', 'r1', '2026-02-20T09:00:00Z', '2026-03-02T10:00:00Z', 'completed', 'manual', 10000, null),
            ('org_rebook', 'r1b', 'r1', '2026-03-02T10:50:00Z', '2026-03-20T10:00:00Z', 'booked',    'manual',     0, null),
            ('org_rebook', 'r2a', 'r2', '2026-02-20T09:00:00Z', '2026-03-03T10:00:00Z', 'completed', 'manual', 10000, null),
            ('org_rebook', 'r2b', 'r2', '2026-03-04T10:00:00Z', '2026-03-17T10:00:00Z', 'booked',    'online',     0, null),
            ('org_rebook', 'r3a', 'r3', '2026-02-20T09:00:00Z', '2026-03-04T10:00:00Z', 'completed', 'manual', 10000, null),
            ('org_rebook', 'r3b', 'r3', '2026-03-04T10:30:00Z', '2026-03-18T10:00:00Z', 'cancelled', 'manual',     0,
             '2026-03-10T08:00:00Z'),
            ('org_rebook', 'r4a', 'r4', '2026-02-20T09:00:00Z', '2026-03-05T10:00:00Z', 'completed', 'manual', 10000, null),
            ('org_rebook', 'r4b', 'r4', '2026-03-05T10:30:00Z', '2026-03-05T10:00:00Z', 'no_show',   'manual',     0, null),
            ('org_rebook', 'r5f', 'r5', '2026-01-02T09:00:00Z', '2026-01-10T10:00:00Z', 'completed', 'online',  12000, null),
            ('org_rebook', 'r5a', 'r5', '2026-02-20T09:00:00Z', '2026-03-06T10:00:00Z', 'completed', 'manual', 10000, null),
            ('org_rebook', 'r5b', 'r5', '2026-03-06T11:00:00Z', '2026-03-13T10:00:00Z', 'no_show',   'manual',     0, null);
        "#,
    )
    .execute(pool)
    .await
    .unwrap();
}
