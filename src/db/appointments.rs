//! Appointment lists: upcoming bookings, a page at a time.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use clinic_analytics_contract::{AppointmentStatus, BookingSource};

use super::Db;
use crate::analytics::window::Window;
use crate::error::{Error, Result};

/// One appointment as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppointmentRow {
    /// Appointment id.
    pub id: String,
    /// Patient id.
    pub patient_id: String,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End, when known.
    pub ends_at: Option<DateTime<Utc>>,
    /// Status.
    pub status: AppointmentStatus,
    /// Who booked it.
    pub source: BookingSource,
    /// Kind of visit.
    pub appointment_type: Option<String>,
    /// Practitioner id.
    pub practitioner_id: Option<String>,
    /// The practitioner's name, when the practitioners table has the id.
    pub practitioner_name: Option<String>,
}

/// Where a page starts: just after this appointment in (start, id) order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PagePosition {
    /// The previous page's last start.
    pub starts_at: DateTime<Utc>,
    /// The previous page's last id.
    pub id: String,
}

/// One page of upcoming appointments.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UpcomingPage {
    /// The appointments, by start then id.
    pub appointments: Vec<AppointmentRow>,
    /// Whether more follow this page.
    pub has_next_page: bool,
    /// Appointments in the whole window.
    pub total_count: i64,
}

type Row = (
    String,
    i64,
    Option<String>,
    Option<String>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// `booked` appointments starting in the window, ordered by start then id, `first` after `after`, per organization.
#[tracing::instrument(skip_all, fields(organizations = orgs.len()))]
pub async fn upcoming(
    db: &Db,
    orgs: &[String],
    window: Window,
    first: i64,
    after: Option<&PagePosition>,
) -> Result<HashMap<String, UpcomingPage>> {
    let rows: Vec<Row> = db
        .fetch_all(
            "appointments.upcoming",
            sqlx::query_as(
                r#"
                select o.id, c.total, u.id, u.patient_id, u.starts_at, u.ends_at, u.status, u.source,
                       u.appointment_type, u.practitioner_id, u.practitioner_name
                from unnest($1::text[]) as o(id)
                cross join lateral (
                    select count(*) as total from appointments a
                    where a.organization_id = o.id and a.status = 'booked'
                      and a.starts_at >= $2 and a.starts_at < $3
                ) c
                left join lateral (
                    select a.id, a.patient_id, a.starts_at, a.ends_at, a.status, a.source,
                           a.appointment_type, a.practitioner_id, p.name as practitioner_name
                    from appointments a
                    left join practitioners p on p.organization_id = a.organization_id and p.id = a.practitioner_id
                    where a.organization_id = o.id and a.status = 'booked'
                      and a.starts_at >= $2 and a.starts_at < $3
                      and ($4::timestamptz is null or (a.starts_at, a.id) > ($4, $5))
                    order by a.starts_at, a.id
                    limit $6
                ) u on true
                order by o.id, u.starts_at, u.id
                "#,
            )
            .bind(orgs)
            .bind(window.start)
            .bind(window.end)
            .bind(after.map(|p| p.starts_at))
            .bind(after.map(|p| p.id.as_str()))
            .bind(first + 1),
        )
        .await?;
    let mut pages: HashMap<String, UpcomingPage> = HashMap::new();
    for (
        org,
        total,
        id,
        patient_id,
        starts_at,
        ends_at,
        status,
        source,
        appointment_type,
        practitioner_id,
        practitioner_name,
    ) in rows
    {
        let page = pages.entry(org).or_default();
        page.total_count = total;
        if let (Some(id), Some(patient_id), Some(starts_at), Some(status), Some(source)) =
            (id, patient_id, starts_at, status, source)
        {
            let unknown =
                |what: &str, value: &str| Error::Internal(format!("appointment {id} has an unknown {what} '{value}'"));
            page.appointments.push(AppointmentRow {
                status: AppointmentStatus::from_stored(&status).ok_or_else(|| unknown("status", &status))?,
                source: BookingSource::from_stored(&source).ok_or_else(|| unknown("source", &source))?,
                id,
                patient_id,
                starts_at,
                ends_at,
                appointment_type,
                practitioner_id,
                practitioner_name,
            });
        }
    }
    for page in pages.values_mut() {
        // One row beyond `first` was asked for only to learn whether another page follows.
        page.has_next_page = page.appointments.len() as i64 > first;
        page.appointments.truncate(first as usize);
    }
    Ok(pages)
}
