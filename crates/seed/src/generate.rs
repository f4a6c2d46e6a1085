//! Turns an organization's spec into rows: patients, appointments, outreach attempts and automation costs.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use rand::rngs::ChaCha8Rng;
use rand::{Rng, RngExt, SeedableRng};

use super::calendar::ClinicCalendar;
use super::catalog::{self, AppointmentType, INITIAL_ASSESSMENT};
use super::cohorts::{Cohort, allocate_appointments};
use super::ids::opaque_id;
use super::spec::OrganizationSpec;
use super::timeline::{Clock, PlannedVisit, StatusRule, plan_visits};
use clinic_analytics_contract::{AppointmentStatus, BookingSource, OutreachChannel, OutreachOutcome};

/// A generated appointment.
#[derive(Debug, Clone)]
pub struct Appointment {
    /// Index of the patient in [`Organization::patients`].
    pub patient: u32,
    /// When it was booked.
    pub created_at: DateTime<Utc>,
    /// When it starts.
    pub starts_at: DateTime<Utc>,
    /// When it ends, when the sync knows.
    pub ends_at: Option<DateTime<Utc>>,
    /// Its status.
    pub status: AppointmentStatus,
    /// Who booked it.
    pub source: BookingSource,
    /// Amount billed, in cents.
    pub revenue_cents: i64,
    /// What kind of visit it is.
    pub kind: AppointmentType,
    /// Index of the practitioner.
    pub practitioner: u16,
    /// When a cancelled appointment was cancelled.
    pub cancelled_at: Option<DateTime<Utc>>,
}

/// A generated outreach attempt.
#[derive(Debug, Clone)]
pub struct Outreach {
    /// Index of the patient.
    pub patient: u32,
    /// When it was sent.
    pub sent_at: DateTime<Utc>,
    /// How.
    pub channel: OutreachChannel,
    /// Sent by automation (true) or by staff.
    pub automated: bool,
    /// What came of it.
    pub outcome: OutreachOutcome,
}

/// A generated automation cost for one month.
#[derive(Debug, Clone)]
pub struct Cost {
    /// Row id.
    pub id: String,
    /// First day covered.
    pub period_start: NaiveDate,
    /// Last day covered.
    pub period_end: NaiveDate,
    /// Amount in cents.
    pub amount_cents: i64,
    /// What it pays for.
    pub description: &'static str,
}

/// All generated rows of one organization.
#[derive(Debug, Clone)]
pub struct Organization {
    /// What it was generated from.
    pub spec: OrganizationSpec,
    /// When the organization joined the platform.
    pub created_at: DateTime<Utc>,
    /// Salt of the organization's row ids.
    pub id_salt: u64,
    /// Patients' creation times, by patient index.
    pub patients: Vec<DateTime<Utc>>,
    /// Appointments, grouped by patient.
    pub appointments: Vec<Appointment>,
    /// Outreach attempts.
    pub outreach: Vec<Outreach>,
    /// Monthly automation costs.
    pub costs: Vec<Cost>,
    /// Number of practitioners.
    pub practitioners: u16,
}

/// When the practice started paying for its AI receptionist and its campaigns.
#[derive(Debug, Clone, Copy)]
struct Adoption {
    ai_receptionist: Option<DateTime<Utc>>,
    campaigns: Option<DateTime<Utc>>,
}

impl Adoption {
    /// Share of bookings the AI receptionist takes: none before it starts, rising to a quarter over six months.
    fn ai_share(&self, at: DateTime<Utc>) -> f64 {
        self.ai_receptionist.map_or(0.0, |from| {
            let months = (at - from).num_days() as f64 / 180.0;
            0.25 * months.clamp(0.0, 1.0)
        })
    }

    fn campaigns_running(&self, at: DateTime<Utc>) -> bool {
        self.campaigns.is_some_and(|from| at >= from)
    }
}

/// Generates one organization's rows; the same spec, seed and `now` always give the same rows.
pub fn generate(spec: &OrganizationSpec, seed: u64, now: DateTime<Utc>) -> Result<Organization, String> {
    let id_salt = fnv1a(spec.id.as_bytes()) ^ seed;
    let mut rng = ChaCha8Rng::seed_from_u64(id_salt);
    let history = Duration::days(i64::from(spec.history_days));
    let clock = Clock {
        now,
        history_start: now - history,
    };
    let calendar = ClinicCalendar::new(spec.timezone);
    let adoption = Adoption {
        ai_receptionist: spec.automation.then(|| now - history * 55 / 100),
        campaigns: spec.automation.then(|| now - history * 40 / 100),
    };
    let cohorts = spec.cohorts.assign(&mut rng);
    let counts =
        allocate_appointments(&mut rng, &cohorts, spec.appointments).map_err(|e| format!("{}: {e}", spec.name))?;
    let practitioners = (spec.patients() / 150).clamp(2, 60) as u16;

    let mut org = Organization {
        spec: spec.clone(),
        created_at: clock.history_start - Duration::days(30),
        id_salt,
        patients: Vec::with_capacity(cohorts.len()),
        appointments: Vec::with_capacity(spec.appointments as usize),
        outreach: Vec::new(),
        costs: Vec::new(),
        practitioners,
    };
    for (index, (cohort, count)) in cohorts.iter().zip(&counts).enumerate() {
        let patient = index as u32;
        let visits = plan_visits(&mut rng, &calendar, &clock, *cohort, *count);
        let primary = rng.random_range(0..practitioners);
        let first = org.appointments.len();
        add_appointments(&mut rng, &mut org, patient, primary, &visits, adoption, now);
        let first_booking = org.appointments[first..].iter().map(|a| a.created_at).min();
        let created_at = match first_booking {
            Some(booked) => booked - Duration::minutes(rng.random_range(5..4_320)),
            None => {
                clock.history_start
                    + Duration::seconds(rng.random_range(0..(history - Duration::days(1)).num_seconds()))
            }
        };
        org.patients.push(created_at);
        add_campaigns(&mut rng, &mut org, patient, *cohort, &calendar, adoption, now);
    }
    if let Some(target) = spec.lifetime_revenue_cents {
        settle_lifetime_revenue(&mut org.appointments, target, now).map_err(|e| format!("{}: {e}", spec.name))?;
    }
    org.costs = monthly_costs(&org, adoption, &calendar, now);
    record_cancellations(&mut org.appointments, id_salt, now);
    Ok(org)
}

/// The share of cancellations made within 24 hours of the appointment's start.
const LATE_CANCELLATION_SHARE: f64 = 1.0 / 3.0;

/// When each cancelled appointment was cancelled: a third of them in the 24 hours before the start (late), the rest
/// earlier, never before the booking nor after `now`. Drawn from a stream of their own, so every other generated value
/// (and Surf Rehab's figures) stays as it was.
fn record_cancellations(appointments: &mut [Appointment], id_salt: u64, now: DateTime<Utc>) {
    let mut rng = ChaCha8Rng::seed_from_u64(id_salt ^ 0x6361_6e63);
    let booked_within_a_day = |a: &Appointment| a.created_at >= a.starts_at - Duration::hours(24);
    let cancelled = appointments.iter().filter(|a| a.status == AppointmentStatus::Cancelled);
    let (all, forced) = cancelled.fold((0u32, 0u32), |(all, forced), a| {
        (all + 1, forced + u32::from(booked_within_a_day(a)))
    });
    // A booking made within a day of its start can only be cancelled late; the others are cancelled late just often
    // enough that a third of all cancellations are.
    let forced_share = f64::from(forced) / f64::from(all.max(1));
    let late_share_of_the_rest = ((LATE_CANCELLATION_SHARE - forced_share) / (1.0 - forced_share)).clamp(0.0, 1.0);
    for a in appointments
        .iter_mut()
        .filter(|a| a.status == AppointmentStatus::Cancelled)
    {
        let day_before = a.starts_at - Duration::hours(24);
        let late = booked_within_a_day(a) || rng.random_bool(late_share_of_the_rest);
        let (from, to) = if late {
            (day_before.max(a.created_at), a.starts_at)
        } else {
            (a.created_at, day_before)
        };
        let to = to.min(now);
        let from = from.min(to);
        let span = (to - from).num_seconds().max(0);
        a.cancelled_at = Some(from + Duration::seconds(rng.random_range(0..=span)));
    }
}

fn add_appointments(
    rng: &mut impl Rng,
    org: &mut Organization,
    patient: u32,
    primary: u16,
    visits: &[PlannedVisit],
    adoption: Adoption,
    now: DateTime<Utc>,
) {
    let currency = org.spec.currency;
    let mut previous: Option<DateTime<Utc>> = None;
    for visit in visits {
        let created_at = booked_at(rng, visit, previous, now);
        let gap_before = previous.map(|p| visit.starts_at - p);
        let source = booking_source(rng, visit, created_at, gap_before, adoption);
        let status = status_for(rng, visit.rule);
        let kind = if visit.episode_start {
            INITIAL_ASSESSMENT
        } else {
            catalog::follow_up(rng)
        };
        let price = catalog::price_cents(kind, currency);
        let revenue_cents = match status {
            AppointmentStatus::Completed => price,
            AppointmentStatus::NoShow if rng.random_bool(0.4) => price / 2,
            _ => 0,
        };
        let ends_at = (!rng.random_bool(0.03)).then(|| visit.starts_at + Duration::minutes(kind.minutes));
        let practitioner = if rng.random_bool(0.85) {
            primary
        } else {
            rng.random_range(0..org.practitioners)
        };
        if source == BookingSource::Automation {
            add_campaign_that_booked(rng, org, patient, created_at);
        }
        if status == AppointmentStatus::NoShow && rng.random_bool(0.25) {
            add_no_show_call(rng, org, patient, visit.starts_at, now);
        }
        org.appointments.push(Appointment {
            patient,
            created_at,
            starts_at: visit.starts_at,
            ends_at,
            status,
            source,
            revenue_cents,
            kind,
            practitioner,
            cancelled_at: None,
        });
        previous = Some(visit.starts_at);
    }
}

/// When a visit was booked: follow-ups mostly at the end of the previous session, first visits days ahead; never after now.
fn booked_at(
    rng: &mut impl Rng,
    visit: &PlannedVisit,
    previous: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    let at_reception = previous
        .filter(|_| !visit.episode_start && rng.random_bool(0.7))
        .map(|p| p + Duration::minutes(50));
    let booked = at_reception.unwrap_or_else(|| {
        let lead_minutes = 120.0 - 5_760.0 * rng.random::<f64>().max(1e-9).ln();
        visit.starts_at - Duration::minutes(lead_minutes.min(43_200.0) as i64)
    });
    let booked = booked.min(visit.starts_at);
    if booked < now {
        booked
    } else {
        now - Duration::minutes(rng.random_range(5..4_320))
    }
}

fn booking_source(
    rng: &mut impl Rng,
    visit: &PlannedVisit,
    booked_at: DateTime<Utc>,
    gap_before: Option<Duration>,
    adoption: Adoption,
) -> BookingSource {
    let ai_share = adoption.ai_share(booked_at);
    if visit.episode_start {
        let won_back = gap_before.is_some_and(|gap| gap > Duration::days(60));
        if won_back && adoption.campaigns_running(booked_at) && rng.random_bool(0.35) {
            BookingSource::Automation
        } else if rng.random_bool(ai_share) {
            BookingSource::AiAgent
        } else if rng.random_bool(0.4) {
            BookingSource::Online
        } else {
            BookingSource::Manual
        }
    } else if rng.random_bool(ai_share * 0.4) {
        BookingSource::AiAgent
    } else if rng.random_bool(0.15) {
        BookingSource::Online
    } else {
        BookingSource::Manual
    }
}

/// About 82% of past visits are attended, 8% missed and 10% cancelled; a tenth of future bookings are cancelled.
fn status_for(rng: &mut impl Rng, rule: StatusRule) -> AppointmentStatus {
    let roll: f64 = rng.random();
    match rule {
        StatusRule::Attended => AppointmentStatus::Completed,
        StatusRule::BookedThisWeek => AppointmentStatus::Booked,
        StatusRule::NotAttended if roll < 0.5 => AppointmentStatus::NoShow,
        StatusRule::NotAttended => AppointmentStatus::Cancelled,
        StatusRule::Past if roll < 0.82 => AppointmentStatus::Completed,
        StatusRule::Past if roll < 0.90 => AppointmentStatus::NoShow,
        StatusRule::Past => AppointmentStatus::Cancelled,
        StatusRule::Future if roll < 0.9 => AppointmentStatus::Booked,
        StatusRule::Future => AppointmentStatus::Cancelled,
    }
}

/// The campaign messages that won a patient back: a few unanswered, then the one they booked from.
fn add_campaign_that_booked(rng: &mut impl Rng, org: &mut Organization, patient: u32, booked_at: DateTime<Utc>) {
    let unanswered = rng.random_range(0..3);
    for attempt in (1..=unanswered).rev() {
        org.outreach.push(Outreach {
            patient,
            sent_at: booked_at - Duration::days(7 * attempt) - Duration::minutes(rng.random_range(0..600)),
            channel: campaign_channel(rng),
            automated: true,
            outcome: if rng.random_bool(0.2) {
                OutreachOutcome::Failed
            } else {
                OutreachOutcome::Delivered
            },
        });
    }
    org.outreach.push(Outreach {
        patient,
        sent_at: booked_at - Duration::minutes(rng.random_range(10..2_880)),
        channel: campaign_channel(rng),
        automated: true,
        outcome: OutreachOutcome::Booked,
    });
}

/// Reception phones about a quarter of the patients who missed a visit.
fn add_no_show_call(
    rng: &mut impl Rng,
    org: &mut Organization,
    patient: u32,
    missed: DateTime<Utc>,
    now: DateTime<Utc>,
) {
    let sent_at = missed + Duration::hours(3);
    if sent_at >= now {
        return;
    }
    let roll: f64 = rng.random();
    let outcome = if roll < 0.45 {
        OutreachOutcome::Responded
    } else if roll < 0.8 {
        OutreachOutcome::Delivered
    } else {
        OutreachOutcome::Failed
    };
    org.outreach.push(Outreach {
        patient,
        sent_at,
        channel: OutreachChannel::Call,
        automated: false,
        outcome,
    });
}

/// Re-engagement campaigns of the last four months reach dormant and stale patients; few answer, none has booked yet.
fn add_campaigns(
    rng: &mut impl Rng,
    org: &mut Organization,
    patient: u32,
    cohort: Cohort,
    calendar: &ClinicCalendar,
    adoption: Adoption,
    now: DateTime<Utc>,
) {
    let Some(campaigns_from) = adoption.campaigns else {
        return;
    };
    let attempts = match cohort {
        Cohort::Dormant => rng.random_range(1..=3),
        Cohort::Stale => rng.random_range(0..=2),
        _ => 0,
    };
    let from = campaigns_from.max(now - Duration::days(120));
    for _ in 0..attempts {
        let Some(sent_at) = calendar.slot_between(rng, from, now - Duration::minutes(10)) else {
            continue;
        };
        let roll: f64 = rng.random();
        let outcome = if now - sent_at < Duration::days(2) && roll < 0.7 {
            OutreachOutcome::Pending
        } else if roll < 0.14 {
            OutreachOutcome::Responded
        } else if roll < 0.23 {
            OutreachOutcome::Failed
        } else {
            OutreachOutcome::Delivered
        };
        org.outreach.push(Outreach {
            patient,
            sent_at,
            channel: campaign_channel(rng),
            automated: true,
            outcome,
        });
    }
}

fn campaign_channel(rng: &mut impl Rng) -> OutreachChannel {
    if rng.random_bool(0.6) {
        OutreachChannel::Sms
    } else {
        OutreachChannel::Email
    }
}

/// Spreads the difference to a target lifetime revenue over the attended visits, a few cents each, so the total is exact.
fn settle_lifetime_revenue(appointments: &mut [Appointment], target: i64, now: DateTime<Utc>) -> Result<(), String> {
    let attended: Vec<usize> = appointments
        .iter()
        .enumerate()
        .filter(|(_, a)| a.status == AppointmentStatus::Completed && a.starts_at < now)
        .map(|(index, _)| index)
        .collect();
    if attended.is_empty() {
        return Err("no attended visit to bill the lifetime revenue to".into());
    }
    let current: i64 = attended.iter().map(|&i| appointments[i].revenue_cents).sum();
    let difference = target - current;
    let count = attended.len() as i64;
    let (each, rest) = (difference / count, difference % count);
    for (position, &index) in attended.iter().enumerate() {
        let extra = if (position as i64) < rest.abs() {
            rest.signum()
        } else {
            0
        };
        let revenue = &mut appointments[index].revenue_cents;
        *revenue += each + extra;
        if *revenue < 0 {
            return Err(format!(
                "the lifetime revenue target is {target} cents, far below the {current} generated"
            ));
        }
    }
    Ok(())
}

/// One row a month for the AI receptionist and one for campaign messaging, from when each started to this month.
fn monthly_costs(org: &Organization, adoption: Adoption, calendar: &ClinicCalendar, now: DateTime<Utc>) -> Vec<Cost> {
    let level = catalog::price_level(org.spec.currency);
    let mut costs = Vec::new();
    let last_month = month_start(calendar.local_date(now));
    if let Some(from) = adoption.ai_receptionist {
        let monthly = (((790.0 + 25.0 * f64::from(org.practitioners)) * level).round() as i64) * 100;
        for month in months(month_start(calendar.local_date(from)), last_month) {
            costs.push(cost(month, "receptionist", monthly, "AI receptionist subscription"));
        }
    }
    if let Some(from) = adoption.campaigns {
        for month in months(month_start(calendar.local_date(from)), last_month) {
            let next = next_month(month);
            let messages = org
                .outreach
                .iter()
                .filter(|o| o.automated && (month..next).contains(&calendar.local_date(o.sent_at)))
                .count() as i64;
            let amount = ((49.0 * level).round() as i64) * 100 + 9 * messages;
            costs.push(cost(month, "campaigns", amount, "Re-engagement campaign messaging"));
        }
    }
    costs
}

fn cost(month: NaiveDate, kind: &str, amount_cents: i64, description: &'static str) -> Cost {
    Cost {
        id: format!("cost_{}{:02}_{kind}", month.year(), month.month()),
        period_start: month,
        period_end: next_month(month) - Duration::days(1),
        amount_cents,
        description,
    }
}

fn month_start(date: NaiveDate) -> NaiveDate {
    date.with_day(1).expect("the first of a month exists")
}

fn next_month(month: NaiveDate) -> NaiveDate {
    month
        .checked_add_months(chrono::Months::new(1))
        .expect("dates stay far from the end of time")
}

fn months(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    std::iter::successors(Some(from), |m| Some(next_month(*m))).take_while(move |m| *m <= to)
}

/// FNV-1a: a hash that, unlike the standard library's, never changes between Rust releases.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl Organization {
    /// The id of the patient at `index`.
    pub fn patient_id(&self, index: u32) -> String {
        opaque_id("pat", self.id_salt, u64::from(index))
    }

    /// The id of the practitioner at `index`.
    pub fn practitioner_id(&self, index: u16) -> String {
        opaque_id("prac", self.id_salt ^ 0x7072_6163, u64::from(index))
    }

    /// The name of the practitioner at `index`: distinct within the organization for up to 400 practitioners.
    pub fn practitioner_name(&self, index: u16) -> String {
        crate::catalog::practitioner_name(self.id_salt, index)
    }

    /// The id of the appointment at `index`.
    pub fn appointment_id(&self, index: usize) -> String {
        opaque_id("apt", self.id_salt ^ 0x6170_7074, index as u64)
    }

    /// The id of the outreach attempt at `index`.
    pub fn outreach_id(&self, index: usize) -> String {
        opaque_id("out", self.id_salt ^ 0x6f75_7472, index as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec;

    fn now() -> DateTime<Utc> {
        "2026-11-24T01:00:00Z".parse().unwrap()
    }

    #[test]
    fn surf_rehab_bills_exactly_its_lifetime_revenue() {
        let org = generate(&spec::surf_rehab(), 42, now()).unwrap();

        let lifetime: i64 = org
            .appointments
            .iter()
            .filter(|a| a.status == AppointmentStatus::Completed && a.starts_at < now())
            .map(|a| a.revenue_cents)
            .sum();
        assert_eq!(lifetime, 187_500_000);
        assert_eq!(org.patients.len(), 651);
        assert_eq!(org.appointments.len(), 23_500);
    }

    #[test]
    fn statuses_match_a_real_practice() {
        let org = generate(&spec::generated(1, 0, 2_000, 50_000, 730, None), 1, now()).unwrap();

        let past: Vec<_> = org.appointments.iter().filter(|a| a.starts_at < now()).collect();
        let share = |status| past.iter().filter(|a| a.status == status).count() as f64 / past.len() as f64;
        assert!(
            (0.06..0.10).contains(&share(AppointmentStatus::NoShow)),
            "{}",
            share(AppointmentStatus::NoShow)
        );
        assert!((0.08..0.12).contains(&share(AppointmentStatus::Cancelled)));
        assert_eq!(share(AppointmentStatus::Booked), 0.0);
    }

    #[test]
    fn bookings_are_made_before_the_visit_and_never_in_the_future() {
        let org = generate(&spec::generated(2, 1, 500, 10_000, 365, None), 2, now()).unwrap();

        for appointment in &org.appointments {
            assert!(appointment.created_at <= appointment.starts_at);
            assert!(appointment.created_at < now());
            assert!(org.patients[appointment.patient as usize] <= appointment.created_at);
        }
    }

    #[test]
    fn costs_cover_whole_months_up_to_the_current_one() {
        let org = generate(&spec::surf_rehab(), 42, now()).unwrap();

        let last = org.costs.iter().map(|c| c.period_end).max().unwrap();
        assert_eq!(last, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        assert!(
            org.costs
                .iter()
                .all(|c| c.period_start.day() == 1 && c.amount_cents > 0)
        );
    }

    #[test]
    fn practices_without_automation_have_no_automated_bookings_or_costs() {
        let mut spec = spec::generated(3, 2, 200, 2_000, 365, None);
        spec.automation = false;

        let org = generate(&spec, 3, now()).unwrap();

        assert!(org.costs.is_empty());
        assert!(
            org.appointments
                .iter()
                .all(|a| !matches!(a.source, BookingSource::AiAgent | BookingSource::Automation))
        );
    }
}
