//! The schema types of visit outcomes, retention and breakdowns (docs/METRICS.md), built from the analytics module's
//! figures.

use async_graphql::{Enum, SimpleObject};

use super::metrics::{GroupType, MetricMeta, Shaped};
use super::scalars::Date;
use crate::analytics::formulas::money;
use crate::analytics::outcomes;

/// What a breakdown groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "outcomes::Dimension")]
pub enum Dimension {
    /// The practitioner seen (`practitioner_id`).
    Practitioner,
    /// The appointment type (`appointment_type`).
    AppointmentType,
    /// How the appointment was booked (`source`).
    Source,
}

/// What became of the appointments starting in the window.
#[derive(SimpleObject)]
pub struct VisitOutcomes {
    /// Appointments starting in the window, any status.
    appointments: i64,
    /// Of them, completed.
    attended: i64,
    /// Of them, no-shows.
    no_shows: i64,
    /// Of them, cancelled.
    cancellations: i64,
    /// Of the cancellations, those with cancelled_at ≥ starts_at − 24 h.
    late_cancellations: i64,
    /// Of them, still booked although starts_at < asOf.
    unresolved: i64,
    /// noShows × 100 / (attended + noShows), to one decimal; null when that is 0.
    no_show_rate: Option<f64>,
    /// cancellations × 100 / appointments, to one decimal; null when there are none.
    cancellation_rate: Option<f64>,
    /// lateCancellations × 100 / appointments, to one decimal; null when there are none.
    late_cancellation_rate: Option<f64>,
    /// Revenue of the attended ones / attended, to the cent; null when none was attended.
    revenue_per_visit: Option<f64>,
    /// When and over what span these figures were computed.
    meta: MetricMeta,
}

impl GroupType for VisitOutcomes {
    type Figures = outcomes::VisitOutcomes;

    fn shape(shaped: Shaped<'_, Self::Figures>) -> Self {
        let f = shaped.figures;
        Self {
            appointments: f.appointments,
            attended: f.attended,
            no_shows: f.no_shows,
            cancellations: f.cancellations,
            late_cancellations: f.late_cancellations,
            unresolved: f.unresolved,
            no_show_rate: f.no_show_rate,
            cancellation_rate: f.cancellation_rate,
            late_cancellation_rate: f.late_cancellation_rate,
            revenue_per_visit: f.revenue_per_visit_cents.map(money),
            meta: shaped.meta,
        }
    }
}

/// Whether patients come back, or only new ones arrive.
#[derive(SimpleObject)]
pub struct Retention {
    /// Distinct patients with a completed appointment starting in the window.
    patients_seen: i64,
    /// Of them, those whose first completed appointment ever starts in the window.
    first_visits: i64,
    /// patientsSeen − firstVisits.
    returning_patients: i64,
    /// Completed appointments in the window / patientsSeen, to two decimals; null when no patient was seen.
    visits_per_patient: Option<f64>,
    /// Rebooked visits × 100 / completed appointments in the window, to one decimal; null when there are none.
    rebooking_rate: Option<f64>,
    /// When and over what span these figures were computed.
    meta: MetricMeta,
}

impl GroupType for Retention {
    type Figures = outcomes::Retention;

    fn shape(shaped: Shaped<'_, Self::Figures>) -> Self {
        let f = shaped.figures;
        Self {
            patients_seen: f.patients_seen,
            first_visits: f.first_visits,
            returning_patients: f.returning_patients,
            visits_per_patient: f.visits_per_patient,
            rebooking_rate: f.rebooking_rate,
            meta: shaped.meta,
        }
    }
}

/// The window's figures per practitioner, appointment type or source.
#[derive(SimpleObject)]
pub struct Breakdown {
    /// What the rows group by.
    by: Dimension,
    /// Every key with a count in the window, by revenue (highest first), then by key, the key not recorded last.
    rows: Vec<BreakdownRow>,
    /// When and over what span these figures were computed.
    meta: MetricMeta,
}

/// One practitioner, appointment type or source.
#[derive(SimpleObject)]
pub struct BreakdownRow {
    /// The practitioner id, the appointment type, or the source in lower case; null: not recorded.
    key: Option<String>,
    /// The practitioner's name (else the id), the type, the source's name, or "Not recorded".
    label: String,
    /// Appointments created in the window with this key.
    bookings: i64,
    /// Appointments starting in the window with this key.
    appointments: i64,
    /// Of them, completed.
    attended: i64,
    /// Of them, no-shows.
    no_shows: i64,
    /// Of them, cancelled.
    cancellations: i64,
    /// Revenue of the attended ones.
    revenue: f64,
    /// Distinct patients with a completed appointment with this key starting in the window.
    patients_seen: i64,
    /// noShows × 100 / (attended + noShows), to one decimal; null when that is 0.
    no_show_rate: Option<f64>,
    /// Rebooked visits × 100 / attended, to one decimal; null when none was attended.
    rebooking_rate: Option<f64>,
}

impl GroupType for Breakdown {
    type Figures = Vec<outcomes::BreakdownRow>;

    fn shape(shaped: Shaped<'_, Self::Figures>) -> Self {
        Self {
            by: shaped.query.dimension().into(),
            rows: shaped
                .figures
                .iter()
                .map(|row| BreakdownRow {
                    key: row.key.clone(),
                    label: row.label.clone(),
                    bookings: row.bookings,
                    appointments: row.appointments,
                    attended: row.attended,
                    no_shows: row.no_shows,
                    cancellations: row.cancellations,
                    revenue: money(row.revenue_cents),
                    patients_seen: row.patients_seen,
                    no_show_rate: row.no_show_rate,
                    rebooking_rate: row.rebooking_rate,
                })
                .collect(),
            meta: shaped.meta,
        }
    }
}

/// What became of the appointments starting in one chart bucket.
#[derive(Debug, Clone, SimpleObject)]
pub struct OutcomePoint {
    /// The day, the week's Monday or the month's first day, in the organization's time zone.
    date: Date,
    /// Appointments completed.
    attended: i64,
    /// No-shows.
    no_shows: i64,
    /// Cancellations.
    cancellations: i64,
}

impl OutcomePoint {
    /// The point of a chart bucket.
    pub fn of(point: &outcomes::OutcomePoint) -> Self {
        Self {
            date: Date(point.bucket.label),
            attended: point.attended,
            no_shows: point.no_shows,
            cancellations: point.cancellations,
        }
    }
}
